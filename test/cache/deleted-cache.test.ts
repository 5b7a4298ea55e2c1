/**
 * The cache is safe to delete at any time, even while a run uses it, and a folder that cannot be
 * created turns it off without a word: the facts are the same in every case.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Repository } from '../../src/git/repository.js';
import { buildScenarioRepo, observedRun, removeFolders, temporaryFolder } from './scenario.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Deletes `folder` when the run reads its first blob, then lets the read go on; says whether it did. */
function deleteAtFirstRead(folder: string): () => boolean {
  const read = Repository.prototype.readBlob;
  let deleted = false;
  vi.spyOn(Repository.prototype, 'readBlob').mockImplementation(function (this: Repository, oid: string) {
    if (!deleted) {
      rmSync(folder, { recursive: true, force: true });
      deleted = true;
    }
    return read.call(this, oid);
  });
  return () => deleted;
}

describe('deleting the cache', () => {
  it('between runs makes the next run a cold one', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const cold = await observedRun(repo.dir);
      rmSync(cacheDir, { recursive: true, force: true });
      const again = await observedRun(repo.dir);
      expect(again.json).toBe(cold.json);
      expect(again.stored.length).toBe(cold.stored.length);
      expect(existsSync(cacheDir)).toBe(true);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });

  it('during a cold run costs nothing: the run writes its entries into a new folder', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const reference = await observedRun(repo.dir, { cache: false });
      const deleted = deleteAtFirstRead(cacheDir);
      const cold = await observedRun(repo.dir);
      vi.restoreAllMocks();
      expect(deleted()).toBe(true);
      expect(cold.json).toBe(reference.json);
      const warm = await observedRun(repo.dir);
      expect(warm.json).toBe(reference.json);
      expect(warm.stored).toEqual([]);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });

  it('during a warm run costs nothing', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const cold = await observedRun(repo.dir);
      // The warm run still reads a few blobs no analyzer caches (package.json for the project facts).
      const deleted = deleteAtFirstRead(cacheDir);
      const warm = await observedRun(repo.dir);
      expect(deleted()).toBe(true);
      expect(warm.json).toBe(cold.json);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });

  it('where no folder can be created turns the cache off, silently', async () => {
    const repo = buildScenarioRepo();
    const parent = temporaryFolder();
    // A file where a folder should be: mkdir fails for any user, root included.
    writeFileSync(join(parent, 'file'), '');
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', join(parent, 'file', 'cache'));
    try {
      const reference = await observedRun(repo.dir, { cache: false });
      const run = await observedRun(repo.dir);
      expect(run.json).toBe(reference.json);
      expect(JSON.parse(run.json).warnings.map((w: { message: string }) => w.message).join('\n')).not.toMatch(/cache/i);
      expect(readdirSync(parent)).toEqual(['file']);
    } finally {
      removeFolders(repo.dir, parent);
    }
  });
});
