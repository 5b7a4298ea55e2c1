/**
 * The package as npm users get it: `npm pack`, the tarball installed into a fresh project, then
 * the CLI through `npx impl-draft` and the API through `import ... from 'impl-draft'`, with its
 * types checked by TypeScript. Catches a wrong `files`, `exports`, `bin` or `types`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/repo-builder.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const work = mkdtempSync(join(tmpdir(), 'impl-draft-pack-'));
const project = join(work, 'consumer');
let repo: TestRepo;
let files: string[];

const run = (command: string, args: string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
};

beforeAll(() => {
  // dist/ is built by `npm test`'s pretest step; --ignore-scripts keeps `prepare` from rebuilding
  // it under the feet of the other test files.
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed[0]!.files.map((f) => f.path);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(work, packed[0]!.filename)], project);

  repo = new TestRepo();
  repo.commit('chore: start', { 'src/index.js': 'console.log(process.env.PORT);\n' });
  repo.tag('v1.0.0');
  repo.commit('feat: add the api (#4)', { 'src/api.js': 'export const api = 1;\n' });
}, 600_000);
afterAll(() => {
  repo?.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the build, the templates and the schema, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/src/cli.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'templates/implementation-summary.hbs', 'templates/partials/coverage.hbs', 'docs/facts.schema.json']));
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('runs as npx impl-draft in the project that installed it', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    expect(run('npx', ['impl-draft', '--version'], project).trim()).toBe(version);
    const report = run('npx', ['impl-draft', '--repo', repo.dir, '--from', 'v1.0.0', '-q'], project);
    expect(report).toMatch(/^# Implementation Summary/);
    expect(report).toContain('feat: add the api');
  });

  it('serves collectFacts, render and draft to an ES module, and the JSON Schema by its export', () => {
    writeFileSync(join(project, 'use.mjs'), `
import { createRequire } from 'node:module';
import { collectFacts, render, draft, FactsSchema } from 'impl-draft';
const facts = await collectFacts({ repo: process.argv[2], from: 'v1.0.0', only: ['files', 'commits'] });
FactsSchema.parse(facts);
const markdown = await render(facts, 'md', { template: 'step-report', vars: { step: '1.2' } });
const drafted = await draft({ repo: process.argv[2], from: 'v1.0.0' });
const schema = createRequire(import.meta.url)('impl-draft/facts.schema.json');
console.log(JSON.stringify({ commits: facts.commits.length, step: markdown.split('\\n')[0], sealed: drafted.text.includes('impl-draft:report'), schema: schema.title }));
`);
    expect(JSON.parse(run(process.execPath, ['use.mjs', repo.dir], project))).toEqual({
      commits: 1,
      step: '# 6.2 Implementation Report - Step 1.2: <!-- impl-draft:narrative id="title" -->_step title_<!-- /impl-draft:narrative -->',
      sealed: true,
      schema: 'impl-draft facts',
    });
  });

  it('publishes types that a TypeScript consumer compiles against', () => {
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true }, include: ['use.ts'] }));
    writeFileSync(join(project, 'use.ts'), `
import { collectFacts, type Facts, type CollectOptions } from 'impl-draft';
const options: CollectOptions = { from: 'v1.0.0', only: ['files'] };
const facts: Facts = await collectFacts(options);
const additions: number = facts.files.reduce((sum, f) => sum + (f.additions ?? 0), 0);
// @ts-expect-error: the facts are typed, so a wrong field is an error
facts.commits[0]?.subjekt;
export { additions };
`);
    expect(() => execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' })).not.toThrow();
  });
});
