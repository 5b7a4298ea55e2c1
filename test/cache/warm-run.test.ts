/**
 * A warm re-run on the same repository and range: the per-file extractions come from the cache, so
 * no blob the first run cached is read again, and the facts are byte for byte those of the first
 * run and of a run without the cache.
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildScenarioRepo, observedRun, removeFolders, temporaryFolder } from './scenario.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a warm re-run', () => {
  it.each(['git', 'isomorphic'] as const)('reads no blob it cached and gives the same facts (%s engine)', async (engine) => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const cold = await observedRun(repo.dir, { engine });
      const cached = new Set(cold.stored.map((key) => key.oid));
      // The scenario gives every analyzer that caches something to cache, and warnings to keep.
      expect([...new Set(cold.stored.map((key) => key.analyzer))].sort()).toEqual(['dependencies', 'env', 'migrations', 'routes', 'tests', 'todos']);
      const facts = JSON.parse(cold.json);
      expect(facts.routes.length).toBeGreaterThan(0);
      expect(facts.env.map((v: { name: string }) => v.name)).toContain('SESSION_SECRET');
      expect(facts.migrations.flatMap((m: { operations: Array<{ kind: string; table: string | null }> }) => m.operations).filter((o: { kind: string }) => o.kind === 'drop-index')).toEqual([
        { kind: 'drop-index', table: 'User', column: 'email', detail: 'User_email_key' },
      ]);
      expect(facts.tests.files.length).toBe(3);
      expect(facts.dependencies.length).toBeGreaterThan(0);
      expect(facts.todos.length).toBe(1);
      const warned = facts.warnings.map((w: { analyzer: string }) => w.analyzer);
      expect(warned).toEqual(expect.arrayContaining(['env', 'routes']));
      expect(cold.blobsRead.filter((oid) => cached.has(oid)).length).toBeGreaterThan(0);

      const warm = await observedRun(repo.dir, { engine });
      expect(warm.json).toBe(cold.json);
      expect(warm.blobsRead.filter((oid) => cached.has(oid))).toEqual([]);
      expect(warm.stored).toEqual([]);

      const uncached = await observedRun(repo.dir, { engine, cache: false });
      expect(uncached.json).toBe(cold.json);
      expect(new Set(uncached.blobsRead)).toEqual(new Set(cold.blobsRead));
      // One folder for this version, one segment per analyzer that cached something.
      const [version, ...others] = readdirSync(cacheDir);
      expect(others).toEqual([]);
      expect(readdirSync(`${cacheDir}/${version}`).map((name) => name.split('.')[0]).sort()).toEqual(['dependencies-2', 'env-1', 'migrations-1', 'routes-1', 'tests-1', 'todos-1']);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });
});
