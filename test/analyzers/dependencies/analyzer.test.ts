/**
 * The dependencies analyzer around the parsers: which lockfiles it reads, what a broken one costs,
 * the warning for a package.json changed without its lockfile, and both engines agreeing. The
 * lockfiles are the real ones of test/fixtures/lockfiles/js.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dependenciesAnalyzer } from '../../../analyzers/dependencies/index.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/lockfiles/js/', import.meta.url));
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const NPM_BEFORE = { 'package.json': fixture('npm-11-v3/before/package.json'), 'package-lock.json': fixture('npm-11-v3/before/package-lock.json') };
const NPM_AFTER = { 'package.json': fixture('npm-11-v3/after/package.json'), 'package-lock.json': fixture('npm-11-v3/after/package-lock.json') };

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((repo) => rmSync(repo.dir, { recursive: true, force: true })));

function history(...commits: Array<Record<string, string | null>>): TestRepo {
  const repo = new TestRepo();
  repos.push(repo);
  commits.forEach((files, index) => {
    repo.commit(`commit ${index}`, files);
    if (index === 0) repo.tag('start');
  });
  return repo;
}

const analyse = (repo: TestRepo, engine: 'git' | 'isomorphic' = 'git') => runAnalyzer(dependenciesAnalyzer, repo.dir, { from: 'start', engine });

describe('dependencies analyzer', () => {
  it('reads a lockfile in a subfolder and names it as the manifest, with its workspace paths from the repository root', async () => {
    const prefix = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([path, text]) => [`services/shop/${path}`, text]));
    const { facts } = await analyse(history(prefix(NPM_BEFORE), prefix(NPM_AFTER)));
    const debug = facts.dependencies!.find((d) => d.name === 'debug');
    expect(debug).toMatchObject({ manifest: 'services/shop/package-lock.json', from: '2.6.9', to: '4.4.1', bump: 'major', direct: true, workspaces: ['services/shop'] });
  });

  it('skips lockfiles of vendored trees, fixtures and examples', async () => {
    const elsewhere = (folder: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([path, text]) => [`${folder}/${path}`, text]));
    const repo = history(
      { ...elsewhere('node_modules/x', NPM_BEFORE), ...elsewhere('test/fixtures/app', NPM_BEFORE), ...elsewhere('examples/demo', NPM_BEFORE) },
      { ...elsewhere('node_modules/x', NPM_AFTER), ...elsewhere('test/fixtures/app', NPM_AFTER), ...elsewhere('examples/demo', NPM_AFTER) },
    );
    const { facts, warnings } = await analyse(repo);
    expect(facts.dependencies).toEqual([]);
    expect(facts.dependencySummary!.lockfiles).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('reports every package of a lockfile added in the range as added, and of a deleted one as removed', async () => {
    const added = await analyse(history({ 'README.md': 'x' }, NPM_AFTER));
    expect(new Set(added.facts.dependencies!.map((d) => d.change))).toEqual(new Set(['added']));
    expect(added.facts.dependencies!.find((d) => d.name === 'kleur')).toMatchObject({ to: '4.1.5', direct: true });
    const deleted = await analyse(history(NPM_BEFORE, { 'package.json': null, 'package-lock.json': null }));
    expect(new Set(deleted.facts.dependencies!.map((d) => d.change))).toEqual(new Set(['removed']));
    expect(deleted.facts.dependencies!.find((d) => d.name === 'escape-string-regexp')).toMatchObject({ from: '4.0.0', to: null, direct: true });
  });

  it('puts direct changes first and counts them apart from transitive ones', async () => {
    const { facts } = await analyse(history(NPM_BEFORE, NPM_AFTER));
    const directFlags = facts.dependencies!.map((d) => d.direct);
    expect(directFlags).toEqual([...directFlags].sort((a, b) => Number(b) - Number(a)));
    const summary = facts.dependencySummary!;
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(summary.direct.byChange)).toBe(facts.dependencies!.filter((d) => d.direct).length);
    expect(total(summary.transitive.byChange)).toBe(facts.dependencies!.filter((d) => !d.direct).length);
    expect(summary.direct.byBump.major).toBe(facts.dependencies!.filter((d) => d.direct && d.bump === 'major').length);
    expect(summary.lockfiles).toEqual(['package-lock.json']);
  });

  describe('a lockfile that cannot be read is a warning naming it and the cause, and the rest is still reported', () => {
    const yarnBefore = fixture('yarn-1/before/yarn.lock');
    const cases: Array<[string, string, RegExp]> = [
      ['merge conflict markers', NPM_AFTER['package-lock.json'].replace('"node_modules/kleur": {', '<<<<<<< HEAD\n"node_modules/kleur": {\n=======\n>>>>>>> other'), /merge conflict markers \(line \d+\)/],
      ['truncated JSON', NPM_AFTER['package-lock.json'].slice(0, 2000), /not valid JSON/],
      ['an unknown lockfile version', NPM_AFTER['package-lock.json'].replace('"lockfileVersion": 3', '"lockfileVersion": 7'), /lockfileVersion 7 is not one npm 5 to 11 write/],
    ];
    it.each(cases)('%s', async (_what, broken, cause) => {
      const repo = history({ ...NPM_BEFORE, 'yarn.lock': yarnBefore }, { ...NPM_AFTER, 'package-lock.json': broken, 'yarn.lock': fixture('yarn-1/after/yarn.lock') });
      const { facts, warnings } = await analyse(repo);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.path).toBe('package-lock.json');
      expect(warnings[0]!.message).toMatch(/^package-lock\.json was not read at TO: /);
      expect(warnings[0]!.message).toMatch(cause);
      expect(facts.dependencies!.every((d) => d.manifest === 'yarn.lock')).toBe(true);
      expect(facts.dependencies!.length).toBeGreaterThan(0);
    });

    it('a broken pnpm or yarn file', async () => {
      const pnpm = fixture('pnpm-9/after/pnpm-lock.yaml');
      const repo = history(
        { 'pnpm-lock.yaml': fixture('pnpm-9/before/pnpm-lock.yaml'), 'a/yarn.lock': yarnBefore },
        { 'pnpm-lock.yaml': `${pnpm.slice(0, 300)}\n  bad: [unclosed\n`, 'a/yarn.lock': `${yarnBefore}\n"unterminated@^1:\n  version "1.0.0"\n` },
      );
      const { warnings } = await analyse(repo);
      expect(warnings.map((w) => w.path)).toEqual(['a/yarn.lock', 'pnpm-lock.yaml']);
      expect(warnings[0]!.message).toMatch(/not valid yarn lockfile syntax/);
      expect(warnings[1]!.message).toMatch(/not valid YAML/);
    });

    it('the binary bun.lockb', async () => {
      const { warnings } = await analyse(history({ 'bun.lockb': '\u0000bun' }, { 'bun.lockb': '\u0000bun2' }));
      expect(warnings[0]!.message).toMatch(/bun\.lockb was not read at FROM: it is the binary bun\.lockb.*bun install --save-text-lockfile/);
    });
  });

  it('warns when a package.json changes its dependencies but the lockfile governing it does not', async () => {
    const bumped = NPM_BEFORE['package.json'].replace('"ms": "2.1.2"', '"ms": "2.1.3"');
    expect(bumped).not.toBe(NPM_BEFORE['package.json']);
    const repo = history(NPM_BEFORE, { 'package.json': bumped, 'README.md': 'scripts only below' });
    const { facts, warnings } = await analyse(repo);
    expect(facts.dependencies).toEqual([]);
    expect(warnings).toEqual([
      { path: 'package.json', message: expect.stringMatching(/^package\.json changed its dependencies but package-lock\.json did not change: run the package manager's install/) },
    ]);
    // A change of scripts only is no reason to touch the lockfile.
    const scriptsOnly = NPM_BEFORE['package.json'].replace('"name"', '"scripts": { "x": "y" },\n  "name"');
    expect(scriptsOnly).not.toBe(NPM_BEFORE['package.json']);
    expect((await analyse(history(NPM_BEFORE, { 'package.json': scriptsOnly }))).warnings).toEqual([]);
  });

  it('never reports the credentials a URL version or range carries', async () => {
    const lockfile = (url: string) => JSON.stringify({ name: 'app', lockfileVersion: 1, requires: true, dependencies: { widget: { version: url } } });
    const manifest = (url: string) => JSON.stringify({ name: 'app', dependencies: { widget: url } });
    const before = 'https://deploy:s3cret-one@files.example.com/widget-build-7.tgz';
    const after = 'https://ghp_0123456789abcdefABCDEF0123456789abcd@files.example.com/widget-build-8.tgz';
    const { facts } = await analyse(history({ 'package.json': manifest(before), 'package-lock.json': lockfile(before) }, { 'package.json': manifest(after), 'package-lock.json': lockfile(after) }));
    expect(facts.dependencies).toMatchObject([
      { name: 'widget', change: 'changed', from: 'https://files.example.com/widget-build-7.tgz', to: 'https://files.example.com/widget-build-8.tgz', range: 'https://files.example.com/widget-build-8.tgz', direct: true },
    ]);
    expect(JSON.stringify(facts)).not.toMatch(/s3cret|ghp_/);
  });

  it('gives the same facts with the embedded engine', async () => {
    const repo = history({ ...NPM_BEFORE, 'yarn.lock': fixture('yarn-4/before/yarn.lock') }, { ...NPM_AFTER, 'yarn.lock': fixture('yarn-4/after/yarn.lock') });
    const [git, embedded] = await Promise.all([analyse(repo, 'git'), analyse(repo, 'isomorphic')]);
    expect(embedded.facts).toEqual(git.facts);
    expect(git.facts.dependencies!.length).toBeGreaterThan(10);
  });
});
