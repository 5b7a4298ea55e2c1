/**
 * The command line as a user meets it: the default range, output files, and one clear line with
 * exit code 2 for every kind of bad input.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactsSchema } from '../src/facts/schema.js';
import { BOB, TestRepo } from './helpers/repo-builder.js';
import { runCli } from './helpers/run-cli.js';

let repo: TestRepo;
let out: string;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'README.md': 'hello\n', 'src/index.js': 'console.log(1)\n' });
  repo.tag('v1.0.0', { annotated: true });
  repo.commit('feat: add the api (#3)', { 'src/api.js': 'export const api = 1;\n' }, { author: BOB });
  repo.tag('v1.1.0');
  repo.commit('fix: handle errors', { 'src/api.js': 'export const api = 2;\n' });
  out = mkdtempSync(join(tmpdir(), 'impl-draft-out-'));
});
afterAll(() => {
  repo.remove();
  rmSync(out, { recursive: true, force: true });
});

function expectBadInput(args: string[], pattern: RegExp, cwd?: string) {
  const result = runCli(args, { cwd });
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.status).toBe(2);
}

describe('impl-draft CLI', () => {
  it('defaults FROM to the nearest tag before TO and says so', () => {
    const result = runCli(['--repo', repo.dir, '--format', 'json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('using v1.1.0, the nearest tag before HEAD');
    const facts = FactsSchema.parse(JSON.parse(result.stdout));
    expect(facts.range).toMatchObject({ from: 'v1.1.0', to: 'HEAD', fromSource: 'nearest-tag' });
    expect(facts.commits.map((c: { subject: string }) => c.subject)).toEqual(['fix: handle errors']);
  });

  it('on a release tag, reports the release (FROM = the tag before it)', () => {
    const facts = JSON.parse(runCli(['--repo', repo.dir, '--to', 'v1.1.0', '--format', 'json', '-q']).stdout);
    expect(facts.range.from).toBe('v1.0.0');
    expect(facts.commits[0]).toMatchObject({ subject: 'feat: add the api (#3)', type: 'feat', pr: 3, author: { name: BOB.name } });
    expect(facts.files).toEqual([
      {
        path: 'src/api.js',
        oldPath: null,
        status: 'added',
        additions: 1,
        deletions: 0,
        binary: false,
        kind: 'file',
        oldMode: null,
        newMode: '100644',
        similarity: null,
        category: 'source',
        security: null,
        description: 'Add the api',
        commits: 1,
      },
    ]);
  });

  it('counts commit authors, not co-authors, and keeps Markdown in breaking-change notes', () => {
    const extra = new TestRepo();
    try {
      extra.commit('chore: start', { 'a.txt': 'a\n' });
      extra.tag('v1');
      extra.commit('feat!: rename `createdAt`\n\nCo-authored-by: Dev Patel <dev@example.com>', { 'a.txt': 'b\n' });
      const md = runCli(['--repo', extra.dir, '-q']).stdout;
      expect(md).toContain('- rename `createdAt` (');
      const facts = JSON.parse(runCli(['--repo', extra.dir, '-q', '--format', 'json']).stdout);
      expect(facts.summary.authors).toBe(1);
      expect(facts.authors.map((a: { email: string; coAuthored: number }) => [a.email, a.coAuthored])).toEqual([['alice@example.com', 0], ['dev@example.com', 1]]);
    } finally {
      extra.remove();
    }
  });

  it('runs inside a working tree without --repo and prints Markdown', () => {
    const result = runCli(['--from', 'v1.0.0'], { cwd: join(repo.dir, 'src') });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^# Implementation Summary — /);
    expect(result.stdout).toContain('- `src/api.js` — Add the api');
  });

  it('gives byte-identical output on every run and with both engines', () => {
    const runs = ['git', 'isomorphic', 'git'].map((engine) => runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--format', 'json', '--engine', engine]).stdout);
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    const md = ['git', 'isomorphic'].map((engine) => runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--engine', engine]).stdout);
    expect(md[1]).toBe(md[0]);
  });

  it('writes --out atomically, replaces an untouched draft, and refuses to overwrite an edited one', () => {
    const file = join(out, 'report.md');
    expect(runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--out', file]).status).toBe(0);
    const first = readFileSync(file, 'utf8');
    expect(runCli(['--repo', repo.dir, '--from', 'v1.1.0', '--out', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(first);
    writeFileSync(file, readFileSync(file, 'utf8').replace('# Implementation Summary', '# My release notes'));
    const edited = readFileSync(file, 'utf8');
    expectBadInput(['--repo', repo.dir, '--from', 'v1.0.0', '--out', file], /was edited by hand.*--force/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--out', file, '--force']).status).toBe(0);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a folder that is not a git repository', () => {
    expectBadInput(['--repo', out], /not a git repository: .*--repo/);
  });

  it('rejects an unknown revision and suggests near names', () => {
    expectBadInput(['--repo', repo.dir, '--from', 'v1.0'], /unknown revision 'v1\.0'.*did you mean 'v1\.0\.0'/);
  });

  it('rejects an empty range and a FROM newer than TO', () => {
    expectBadInput(['--repo', repo.dir, '--from', 'HEAD', '--to', 'HEAD'], /same commit/);
    expectBadInput(['--repo', repo.dir, '--from', 'HEAD', '--to', 'v1.0.0'], /FROM is newer than TO; swap --from and --to/);
  });

  it('rejects unknown analyzers, formats and flags with the fix', () => {
    expectBadInput(['--repo', repo.dir, '--only', 'filez'], /unknown analyzer 'filez'; available: files, commits/);
    expectBadInput(['--repo', repo.dir, '--format', 'pdf'], /--format pdf: unknown format 'pdf'; use md, json or md,json/);
    expectBadInput(['--repo', repo.dir, '--frm', 'v1.0.0'], /Unknown argument/);
  });

  it('rejects --ignore and --include globs that could never match a repository path', () => {
    expectBadInput(['--repo', repo.dir, '--ignore', '/abs/**'], /--ignore \/abs\/\*\*: globs are paths from the repository root/);
    expectBadInput(['--repo', repo.dir, '--include', '../other/**'], /--include \.\.\/other\/\*\*: globs are paths from the repository root/);
    expectBadInput(['--repo', repo.dir, '--ignore', ''], /--ignore needs a glob/);
  });

  it('rejects test outputs that are missing or that cannot go with the other flags', () => {
    expectBadInput(['--repo', repo.dir, '--lcov', 'coverage/nope.info'], /--lcov coverage\/nope\.info: no such file; run the tests with coverage and the lcov reporter first/, repo.dir);
    expectBadInput(['--repo', repo.dir, '--junit', 'reports/*.xml'], /--junit reports\/\*\.xml: no such file; run the tests with a JUnit reporter first/, repo.dir);
    expectBadInput(['--repo', repo.dir, '--base-lcov', 'base.info'], /--base-lcov is compared with the current coverage; name that too with --lcov FILE/);
    expectBadInput(['--facts', 'facts.json', '--lcov', 'lcov.info'], /--facts renders saved facts, already collected; drop --lcov/);
  });

  it('reads a malformed tracefile as a warning in the facts, not a failure', () => {
    const bad = join(out, 'truncated.info');
    writeFileSync(bad, 'SF:src/api.js\nDA:1,1\n');
    const result = runCli(['--repo', repo.dir, '--only', 'coverage', '--lcov', bad, '--format', 'json']);
    expect(result.status).toBe(0);
    const facts = JSON.parse(result.stdout);
    expect(facts.coverage).toBeNull();
    expect(facts.warnings).toEqual([{ analyzer: 'coverage', message: `${bad} was not read: it is truncated: its only record (src/api.js) has no end_of_record.`, path: bad }]);
  });

  it('lists the candidates of an ambiguous short object id', () => {
    const prefixes = new Map<string, string[]>();
    const blobs = execFileSync('git', ['hash-object', '-w', '--stdin-paths'], {
      cwd: repo.dir,
      input: Array.from({ length: 600 }, (_, i) => {
        const path = join(out, `blob-${i}`);
        writeFileSync(path, `blob ${i}\n`);
        return path;
      }).join('\n'),
      encoding: 'utf8',
    }).trim().split('\n');
    for (const oid of blobs) prefixes.set(oid.slice(0, 4), [...(prefixes.get(oid.slice(0, 4)) ?? []), oid]);
    const [prefix, oids] = [...prefixes].find(([, list]) => list.length > 1)!;
    expectBadInput(['--repo', repo.dir, '--from', prefix], new RegExp(`'${prefix}' is ambiguous; candidates: .*${oids[0]}`));
  });

  it('explains a shallow clone that lacks FROM', () => {
    const shallow = join(out, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, shallow]);
    expectBadInput(['--repo', shallow, '--from', 'v1.0.0'], /shallow clone.*git fetch --unshallow/);
    // Without --from, a clone without tags must not pass for a whole history of one commit.
    expectBadInput(['--repo', shallow], /the tag to start the range from \(no --from was given, and no tag is reachable\) is missing from this shallow clone/);
  });

  it('tells a SHA-256 repository to use the git engine with the embedded one, which reads it whole', () => {
    const sha256 = join(out, 'sha256');
    execFileSync('git', ['init', '-q', '--object-format=sha256', sha256]);
    const commit = (message: string) => execFileSync('git', ['-C', sha256, '-c', 'user.name=A', '-c', 'user.email=a@example.com', 'commit', '-q', '--allow-empty', '-m', message]);
    commit('start');
    mkdirSync(join(sha256, 'src'));
    writeFileSync(join(sha256, 'package.json'), '{ "name": "wide-ids", "version": "2.0.0" }\n');
    writeFileSync(join(sha256, 'src', 'a.js'), '// TODO: handle retries\nexport const a = 1;\n');
    execFileSync('git', ['-C', sha256, 'add', '-A']);
    commit('feat: add a');
    expectBadInput(['--repo', sha256, '--engine', 'isomorphic'], /sha256 object ids.*use --engine git/);
    const facts = FactsSchema.parse(JSON.parse(runCli(['--repo', sha256, '--engine', 'git', '--format', 'json', '-q']).stdout));
    expect(facts.range.toOid).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.files.map((f) => f.path)).toEqual(['package.json', 'src/a.js']);
    expect(facts.todos).toEqual([{ path: 'src/a.js', line: 1, tag: 'TODO', text: 'handle retries', change: 'added' }]);
    expect(facts.project).toMatchObject({ name: 'wide-ids', version: '2.0.0' });
    const report = runCli(['--repo', sha256, '--engine', 'git', '-q']);
    expect(report.status).toBe(0);
    expect(report.stdout).toContain('- `src/a.js` — Add a');
  });

  it('reports a missing object as corrupt, with the fix', () => {
    const broken = join(out, 'broken');
    execFileSync('git', ['clone', '-q', '--no-local', repo.dir, broken]);
    // Turn the clone's pack into loose objects, so that one object can be removed.
    const packDir = join(broken, '.git/objects/pack');
    const pack = readFileSync(join(packDir, readdirSync(packDir).find((f) => f.endsWith('.pack'))!));
    for (const f of readdirSync(packDir)) unlinkSync(join(packDir, f));
    execFileSync('git', ['-C', broken, 'unpack-objects', '-q'], { input: pack });
    const blob = execFileSync('git', ['-C', repo.dir, 'rev-parse', 'HEAD:src/api.js'], { encoding: 'utf8' }).trim();
    const loose = join(broken, '.git/objects', blob.slice(0, 2), blob.slice(2));
    expect(existsSync(loose)).toBe(true);
    unlinkSync(loose);
    for (const engine of ['git', 'isomorphic']) {
      expectBadInput(['--repo', broken, '--from', 'v1.0.0', '--engine', engine], new RegExp(`${blob}.*missing or corrupt.*git fsck`));
    }
  });
});

describe('secrets in commit messages', () => {
  it('are masked in every fact quoted from a message, while cited commit ids stay', () => {
    const leaky = new TestRepo();
    try {
      leaky.commit('chore: start', { 'a.txt': 'a\n' });
      leaky.tag('v1');
      const token = ['ghp_', 'R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12'].join('');
      const reverted = leaky.commit(`feat: call the API with ${token}`, { 'b.txt': 'b\n' });
      leaky.commit(`Revert "feat: call the API"\n\nThis reverts commit ${reverted}.\n\nBREAKING CHANGE: password=hunter2 is no longer the default`, { 'b.txt': null });
      const json = runCli(['--repo', leaky.dir, '--from', 'v1', '--format', 'json', '-q']).stdout;
      const markdown = runCli(['--repo', leaky.dir, '--from', 'v1', '-q']).stdout;
      for (const output of [json, markdown]) {
        expect(output).not.toContain(token);
        expect(output).not.toContain('hunter2');
      }
      expect(json).toContain('feat: call the API with [redacted]');
      expect(json).toContain(`This reverts commit ${reverted}.`);
    } finally {
      leaky.remove();
    }
  });
});
