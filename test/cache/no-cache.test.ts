/** `cache: false` (`--no-cache`): the run neither reads the cache nor writes to it. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildScenarioRepo, observedRun, removeFolders, temporaryFolder } from './scenario.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a run without the cache', () => {
  it('writes nothing, and reads every blob even when the cache holds it', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = join(temporaryFolder(), 'cache');
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const uncached = await observedRun(repo.dir, { cache: false });
      expect(existsSync(cacheDir)).toBe(false);
      expect(uncached.stored).toEqual([]);

      const cold = await observedRun(repo.dir);
      expect(cold.json).toBe(uncached.json);
      const [version] = readdirSync(cacheDir);
      const segments = readdirSync(join(cacheDir, version!));

      const again = await observedRun(repo.dir, { cache: false });
      expect(again.json).toBe(uncached.json);
      expect(again.blobsRead.sort()).toEqual(uncached.blobsRead.sort());
      expect(readdirSync(join(cacheDir, version!))).toEqual(segments);
    } finally {
      removeFolders(repo.dir, join(cacheDir, '..'));
    }
  });
});
