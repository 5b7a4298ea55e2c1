/**
 * The env analyzer on a real repository: variables read by code in several languages and declared
 * by example, compose and CI files, compared between the two ends of the range, with the traps a
 * scanner falls into (comments, strings, vendored code, fixtures, minified bundles) and the rule
 * that a value from an .env file never reaches the facts.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envAnalyzer } from '../../../analyzers/env/index.js';
import type { EnvVar } from '../../../src/facts/schema.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer, type AnalyzerRun } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let run: AnalyzerRun;
const byName = (name: string): EnvVar | undefined => run.facts.env!.find((v) => v.name === name);

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('feat: server', {
    'src/server.js': "const port = process.env.PORT || '3000';\nconst legacy = require('./legacy');\n",
    'src/legacy.js': 'module.exports = process.env.LEGACY_TOKEN;\n',
    '.env.example': 'PORT=3000\nLEGACY_TOKEN=\n',
    'scripts/deploy.sh': '#!/bin/sh\nset -e\nrsync -a dist/ "$DEPLOY_HOST:/srv/app"\n',
  });
  repo.tag('v1');
  repo.commit('feat: orders', {
    'src/legacy.js': null,
    'src/server.js': "const port = process.env.PORT || '3000';\n",
    'src/orders.ts': [
      'export const ordersUrl: string = process.env.ORDERS_API_URL!;',
      '// process.env.IN_A_COMMENT is not read',
      "const text = 'process.env.IN_A_STRING';",
      'export function setting(name: string) {',
      '  return process.env[name];',
      '}',
      '',
    ].join('\n'),
    'app/settings.py': "import os\nCACHE_TTL = int(os.getenv('CACHE_TTL', '60'))\nDATABASE_URL = os.environ['DATABASE_URL']\n",
    'docker-compose.yml': 'services:\n  api:\n    image: app\n    environment:\n      - REDIS_URL=redis://cache:6379\n      - DATABASE_URL=postgres://app:app@db/app\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      CI_SHARD: 1\n    steps:\n      - run: npm test\n',
    '.env': 'SESSION_SECRET=hunter2-do-not-print\n',
    'node_modules/lib/index.js': 'module.exports = process.env.VENDORED_ONLY;\n',
    'test/fixtures/app/index.js': 'module.exports = process.env.FIXTURE_ONLY;\n',
    'public/bundle.min.js': `!function(){var e=process.env.MINIFIED_ONLY;${'var a=1;'.repeat(400)}}();\n`,
  });
  run = await runAnalyzer(envAnalyzer, repo.dir, { from: 'v1' });
});
afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

describe('env analyzer', () => {
  it('reports the variables the range started and stopped reading, and the rest as the inventory', () => {
    const changes = (change: string) => run.facts.env!.filter((v) => v.change === change).map((v) => v.name);
    expect(changes('added')).toEqual(['CACHE_TTL', 'CI_SHARD', 'DATABASE_URL', 'ORDERS_API_URL', 'REDIS_URL', 'SESSION_SECRET']);
    expect(changes('removed')).toEqual([]);
    expect(changes('unchanged')).toEqual(['DEPLOY_HOST', 'LEGACY_TOKEN', 'PORT']);
  });

  it('tells where each is read or declared, with defaults written in code and whether it is required', () => {
    expect(byName('ORDERS_API_URL')).toMatchObject({ sources: ['code'], locations: [{ path: 'src/orders.ts', line: 1 }], default: null, required: true, documented: false });
    expect(byName('CACHE_TTL')).toMatchObject({ sources: ['code'], locations: [{ path: 'app/settings.py', line: 2 }], default: '60', required: false, documented: false });
    expect(byName('DATABASE_URL')).toMatchObject({ sources: ['code', 'compose'], required: true, documented: true });
    expect(byName('DATABASE_URL')!.locations).toEqual([
      { path: 'app/settings.py', line: 3 },
      { path: 'docker-compose.yml', line: 6 },
    ]);
    expect(byName('PORT')).toMatchObject({ default: '3000', required: false, documented: true, sources: ['code', 'example'] });
    expect(byName('CI_SHARD')).toMatchObject({ sources: ['ci'], locations: [{ path: '.github/workflows/ci.yml', line: 6 }], documented: true });
    expect(byName('DEPLOY_HOST')).toMatchObject({ sources: ['code'], locations: [{ path: 'scripts/deploy.sh', line: 3 }] });
  });

  it('keeps a variable still declared in an example file after the code stopped reading it', () => {
    expect(byName('LEGACY_TOKEN')).toMatchObject({ change: 'unchanged', sources: ['example'], required: false });
  });

  it('reports a variable the code stopped reading and nothing declares as removed, as it was at FROM', async () => {
    const next = new TestRepo();
    try {
      next.commit('a', { 'src/a.js': 'module.exports = process.env.GONE_SOON ?? "x";\n' });
      next.tag('v1');
      next.commit('b', { 'src/a.js': 'module.exports = 1;\n' });
      const { facts } = await runAnalyzer(envAnalyzer, next.dir, { from: 'v1' });
      expect(facts.env).toEqual([{ name: 'GONE_SOON', change: 'removed', sources: ['code'], locations: [{ path: 'src/a.js', line: 1 }], default: 'x', required: false, documented: false }]);
    } finally {
      rmSync(next.dir, { recursive: true, force: true });
    }
  });

  it("takes a name Next.js's env option defines as the build's, and the variable the config reads as the one to set", async () => {
    const next = new TestRepo();
    try {
      next.commit('a', { 'src/page.tsx': 'export const x = 1;\n' });
      next.tag('v1');
      next.commit('b', {
        'next.config.mjs': "const selfTrack = process.env.UMAMI_SELF_TRACK || '';\nexport default { env: { selfTrack } };\n",
        'src/page.tsx': 'export const track = process.env.selfTrack;\n',
      });
      const { facts } = await runAnalyzer(envAnalyzer, next.dir, { from: 'v1' });
      expect(facts.env!.map((v) => `${v.change} ${v.name}`)).toEqual(['added UMAMI_SELF_TRACK']);
    } finally {
      rmSync(next.dir, { recursive: true, force: true });
    }
  });

  it("reads the files compose's env_file loads, whatever their name, as the service's declarations", async () => {
    const next = new TestRepo();
    try {
      const compose = 'services:\n  api:\n    image: app\n    env_file:\n      - ../envs/api\n      - ./missing.env\n';
      next.commit('a', { 'deploy/compose.yml': compose, 'envs/api': 'API_PORT=8080\n' });
      next.tag('v1');
      next.commit('b', { 'envs/api': 'API_PORT=8080\nAPI_SIGNING_KEY=s3cr3t-value\n' });
      const run = await runAnalyzer(envAnalyzer, next.dir, { from: 'v1' });
      expect(run.facts.env).toEqual([
        { name: 'API_SIGNING_KEY', change: 'added', sources: ['compose'], locations: [{ path: 'envs/api', line: 2 }], default: null, required: false, documented: true },
        { name: 'API_PORT', change: 'unchanged', sources: ['compose'], locations: [{ path: 'envs/api', line: 1 }], default: null, required: false, documented: true },
      ]);
      expect(JSON.stringify(run)).not.toContain('s3cr3t');
    } finally {
      rmSync(next.dir, { recursive: true, force: true });
    }
  });

  it('skips comments, strings, vendored code, fixtures and minified bundles', () => {
    const names = run.facts.env!.map((v) => v.name);
    for (const trap of ['IN_A_COMMENT', 'IN_A_STRING', 'VENDORED_ONLY', 'FIXTURE_ONLY', 'MINIFIED_ONLY']) expect(names).not.toContain(trap);
  });

  it('reads a skipped folder the user includes, and leaves out what the user ignores', async () => {
    const chosen = await runAnalyzer(envAnalyzer, repo.dir, { from: 'v1', paths: { include: ['test/fixtures/**'], ignore: ['scripts'] } });
    const names = chosen.facts.env!.map((v) => v.name);
    expect(names).toContain('FIXTURE_ONLY');
    expect(names).not.toContain('DEPLOY_HOST');
    expect(names).not.toContain('VENDORED_ONLY');
  });

  it('warns about a read whose name is computed, with its place, instead of guessing', () => {
    expect(run.warnings).toContainEqual({ path: 'src/orders.ts', message: expect.stringMatching(/^src\/orders\.ts:5 reads an environment variable whose name is computed \(.*process\.env\[name\].*\)/) });
  });

  it('never carries a value from an .env or compose file', () => {
    const json = JSON.stringify(run);
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain('redis://cache');
    expect(json).not.toContain('postgres://app');
    expect(byName('SESSION_SECRET')).toMatchObject({ default: null, sources: ['example'] });
  });

  it('gives the same facts with the embedded engine', async () => {
    const embedded = await runAnalyzer(envAnalyzer, repo.dir, { from: 'v1', engine: 'isomorphic' });
    expect(embedded.facts).toEqual(run.facts);
    expect(embedded.warnings).toEqual(run.warnings);
  });
});
