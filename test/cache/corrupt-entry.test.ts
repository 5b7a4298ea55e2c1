/**
 * A damaged cache costs misses, never the run: a segment cut short or changed on disk, a line that
 * does not parse, and files that are not segments at all are read past, and the facts stay the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildScenarioRepo, observedRun, removeFolders, temporaryFolder } from './scenario.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The version folder's segments, by analyzer (`env-1`). */
function segmentsIn(cacheDir: string): Map<string, string> {
  const [version] = readdirSync(cacheDir);
  const folder = join(cacheDir, version!);
  return new Map(readdirSync(folder).filter((name) => name.endsWith('.jsonl')).map((name) => [name.split('.')[0]!, join(folder, name)]));
}

describe('a damaged cache', () => {
  it('treats a cut or altered segment as absent, and replaces it', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const cold = await observedRun(repo.dir);
      const segments = segmentsIn(cacheDir);
      const routes = segments.get('routes-1')!;
      const env = segments.get('env-1')!;
      const [routesBefore, envBefore] = [readFileSync(routes), readFileSync(env)];
      // As a full disk or a crash before the data reached the disk leaves them.
      writeFileSync(routes, readFileSync(routes).subarray(0, 100));
      const altered = readFileSync(env, 'utf8').replace('SESSION_SECRET', 'SESSION_SECREX');
      writeFileSync(env, altered);

      const run = await observedRun(repo.dir);
      expect(run.json).toBe(cold.json);
      const refilled = (analyzer: string) => run.stored.filter((key) => key.analyzer === analyzer).length;
      expect(refilled('routes')).toBe(cold.stored.filter((key) => key.analyzer === 'routes').length);
      expect(refilled('env')).toBe(cold.stored.filter((key) => key.analyzer === 'env').length);
      expect(refilled('tests') + refilled('todos') + refilled('migrations') + refilled('dependencies')).toBe(0);
      // Removed, then written again whole by the run that re-read them: the name is the content's hash.
      expect(readFileSync(routes)).toEqual(routesBefore);
      expect(readFileSync(env)).toEqual(envBefore);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });

  it('misses only the entry whose line does not parse', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const cold = await observedRun(repo.dir);
      const tests = segmentsIn(cacheDir).get('tests-1')!;
      const [first, ...rest] = readFileSync(tests, 'utf8').split('\n');
      // A segment whose name matches its content, with one value cut in half.
      const body = [`${first!.slice(0, 41)}${first!.slice(41, 50)}`, ...rest].join('\n');
      unlinkSync(tests);
      writeFileSync(join(tests, '..', `tests-1.${createHash('sha1').update(body).digest('hex').slice(0, 16)}.jsonl`), body);

      const run = await observedRun(repo.dir);
      expect(run.json).toBe(cold.json);
      expect(run.stored.map((key) => key.analyzer)).toEqual(['tests']);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });

  it('reads past files and folders that are not segments', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const cold = await observedRun(repo.dir);
      const folder = join(cacheDir, readdirSync(cacheDir)[0]!);
      writeFileSync(join(folder, 'env-1.notahash.jsonl'), 'garbage');
      writeFileSync(join(folder, 'README'), 'left by a person');
      mkdirSync(join(folder, `env-1.${'0'.repeat(16)}.jsonl`));
      writeFileSync(join(folder, '.tmp-1-abcdef'), 'a run was killed while writing');

      const run = await observedRun(repo.dir);
      expect(run.json).toBe(cold.json);
      expect(run.stored).toEqual([]);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });
});
