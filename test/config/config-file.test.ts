/**
 * The configuration file: found where npm tools look, its relative paths taken from its own
 * folder, the command line winning over it, and mistakes named by key with the form expected.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/repo-builder.js';
import { runCli } from '../helpers/run-cli.js';

let repo: TestRepo;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'package.json': '{ "name": "shop" }\n', 'src/index.js': 'console.log(process.env.PORT);\n' });
  repo.tag('v1.0.0');
  repo.commit('feat: add the api', { 'src/api.js': 'export const api = process.env.API_URL;\n' });
});
afterAll(() => repo.remove());

/** Writes config files for one test and removes them after it. */
function withFiles(files: Record<string, string>, run: () => void): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo.dir, path, '..'), { recursive: true });
    writeFileSync(join(repo.dir, path), text);
  }
  try {
    run();
  } finally {
    for (const path of Object.keys(files)) rmSync(join(repo.dir, path), { force: true });
    // package.json is the repository's own: put it back.
    writeFileSync(join(repo.dir, 'package.json'), '{ "name": "shop" }\n');
  }
}

const draft = (args: string[], cwd = repo.dir) => runCli(['--from', 'v1.0.0', ...args], { cwd });

describe('configuration file', () => {
  it('is found in the repository root from a subfolder, and sets the template, variables and analyzers', () => {
    withFiles({ 'impl-draft.config.json': JSON.stringify({ template: 'step-report', vars: { step: '2.3', title: 'Orders API' }, analyzers: { env: false } }) }, () => {
      const result = draft(['-q'], join(repo.dir, 'src'));
      expect(result.status).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe('# 6.2 Implementation Report - Step 2.3: Orders API');
      const json = JSON.parse(draft(['--format', 'json', '-q']).stdout);
      expect(json.analyzers).not.toContain('env');
    });
  });

  it('reads package.json\'s "impl-draft" key, .impl-draftrc as YAML, and an ES module', () => {
    withFiles({ 'package.json': JSON.stringify({ name: 'shop', 'impl-draft': { template: 'implementation-notes' } }) }, () => {
      expect(draft(['-q']).stdout).toMatch(/^# Implementation Notes — shop/);
    });
    withFiles({ '.impl-draftrc': 'template: step-report\nvars:\n  step: "7.1"\n' }, () => {
      expect(draft(['-q']).stdout).toMatch(/^# 6\.2 Implementation Report - Step 7\.1:/);
    });
    withFiles({ 'impl-draft.config.mjs': "export default { template: 'implementation-notes' };\n" }, () => {
      expect(draft(['-q']).stdout).toMatch(/^# Implementation Notes/);
    });
  });

  it('loses to the command line, flag by flag', () => {
    withFiles({ 'impl-draft.config.json': JSON.stringify({ template: 'step-report', vars: { step: '2.3' } }) }, () => {
      expect(draft(['-q', '--template', 'implementation-notes']).stdout).toMatch(/^# Implementation Notes/);
      expect(draft(['-q', '--set', 'step=4.1']).stdout).toMatch(/^# 6\.2 Implementation Report - Step 4\.1:/);
    });
  });

  it('takes relative paths from its own folder, including the output pattern', () => {
    withFiles({ 'config/impl-draft.config.json': JSON.stringify({ out: '../reports/{{to}}-{{template}}.md' }), 'reports/.keep': '' }, () => {
      const result = runCli(['--from', 'v1.0.0', '--config', join(repo.dir, 'config/impl-draft.config.json'), '-q'], { cwd: repo.dir });
      expect(result.status).toBe(0);
      expect(runCli(['--check', join(repo.dir, 'reports/HEAD-implementation-summary.md'), '-q'], { cwd: repo.dir }).status).toBe(0);
    });
  });

  it.each([
    ['an unknown key', { tempalte: 'x' }, /impl-draft\.config\.json: unknown key `tempalte`; the keys are template, partials, out/],
    ['a wrong type', { format: 'pdf' }, /impl-draft\.config\.json: `format` must be "md", "json" or a list of both/],
    ['a wrong nested type', { coverage: { lcov: 3 } }, /`coverage\.lcov` must be a tracefile path or glob, or a list of them, such as "coverage\/lcov\.info"/],
    ['an unknown nested key', { coverage: { path: 'x' } }, /unknown key `coverage\.path`; the keys are lcov, baseLcov, root/],
    ['an unknown analyzer', { analyzers: { rooutes: false } }, /unknown analyzer `analyzers\.rooutes`; the analyzers are files, commits/],
  ])('names the key and the expected form for %s, in one line, exit 2', (_, config, message) => {
    withFiles({ 'impl-draft.config.json': JSON.stringify(config) }, () => {
      const result = draft([]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  });

  it('says which file does not parse', () => {
    withFiles({ 'impl-draft.config.json': '{ "template": ' }, () => {
      const result = draft([]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^impl-draft: error: impl-draft\.config\.json does not parse: /);
    });
    const missing = draft(['--config', 'nope.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--config nope\.json: no such file/);
  });
});

describe('locations in the configuration file', () => {
  it('migrations.paths makes a folder\'s SQL migrations, and routes.paths reads route files skipped by default', () => {
    const other = new TestRepo();
    try {
      other.commit('chore: start', { 'package.json': '{ "name": "api", "dependencies": { "express": "4.21.2" } }\n' });
      other.tag('v1');
      other.commit('feat: orders', {
        'db/changes/001_orders.sql': 'CREATE TABLE orders (id BIGINT PRIMARY KEY);\n',
        'examples/api/server.js': "import express from 'express';\nconst app = express();\napp.get('/orders', (req, res) => res.json([]));\n",
      });
      const facts = () => JSON.parse(runCli(['--from', 'v1', '--only', 'migrations,routes', '--format', 'json', '-q'], { cwd: other.dir }).stdout);
      const before = facts();
      expect(before.migrations).toEqual([]);
      expect(before.routes).toEqual([]);
      writeFileSync(join(other.dir, 'impl-draft.config.json'), JSON.stringify({ migrations: { paths: ['db/changes'] }, routes: { paths: ['examples/api/**'] } }));
      const after = facts();
      expect(after.migrations.map((m: { path: string; operations: Array<{ kind: string; table: string }> }) => [m.path, m.operations.map((o) => `${o.kind} ${o.table}`)]))
        .toEqual([['db/changes/001_orders.sql', ['create-table orders']]]);
      expect(after.routes.map((r: { method: string; path: string; change: string }) => `${r.method} ${r.path} ${r.change}`)).toEqual(['GET /orders added']);
    } finally {
      other.remove();
    }
  });
});
