/**
 * A new release never reads the entries of an older one: the version folder names the cache's
 * format, the release and its build, and a run looks in its own folder only.
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CACHE_FORMAT, currentIdentity, openExtractionCache, versionFolderOf } from '../../src/cache/index.js';
import { removeFolders, temporaryFolder, buildScenarioRepo } from './scenario.js';

const release = vi.hoisted(() => ({ version: '1.0.0' }));
vi.mock('../../src/version.js', () => ({ toolVersion: () => release.version }));

/** The pipeline as a process of that release loads it: the identity is computed once per process. */
async function runAs(version: string, dir: string) {
  release.version = version;
  vi.resetModules();
  const { observedRun } = await import('./scenario.js');
  return observedRun(dir);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a new release', () => {
  it('reads nothing an older release cached, and keeps its entries apart', async () => {
    const repo = buildScenarioRepo();
    const cacheDir = temporaryFolder();
    vi.stubEnv('IMPL_DRAFT_CACHE_DIR', cacheDir);
    try {
      const old = await runAs('1.0.0', repo.dir);
      expect(old.stored.length).toBeGreaterThan(0);
      const cachedByOld = new Set(old.stored.map((key) => key.oid));

      const next = await runAs('1.1.0', repo.dir);
      // Everything is read and extracted again, and the facts differ only in the version that wrote them.
      expect(next.blobsRead.filter((oid) => cachedByOld.has(oid)).sort()).toEqual(old.blobsRead.filter((oid) => cachedByOld.has(oid)).sort());
      expect(next.stored.length).toBe(old.stored.length);
      expect(JSON.parse(next.json)).toEqual({ ...JSON.parse(old.json), tool: { name: 'impl-draft', version: '1.1.0' } });
      expect(readdirSync(cacheDir).map((name) => name.replace(/-[0-9a-f]{12}$/, '')).sort()).toEqual([`f${CACHE_FORMAT}-1.0.0`, `f${CACHE_FORMAT}-1.1.0`]);

      // The older release still finds its own entries.
      const again = await runAs('1.0.0', repo.dir);
      expect(again.stored).toEqual([]);
      expect(again.blobsRead.filter((oid) => cachedByOld.has(oid))).toEqual([]);
    } finally {
      removeFolders(repo.dir, cacheDir);
    }
  });

  it('with another cache format or build, misses what the same release wrote', async () => {
    const root = temporaryFolder();
    try {
      const identity = { format: CACHE_FORMAT, tool: '2.0.0', build: 'aaaaaaaaaaaa' };
      const key = { analyzer: 'env', version: 1, oid: 'a'.repeat(40), parts: ['javascript', 'src/a.js'] };
      const writer = openExtractionCache({ root, identity });
      writer.set(key, { references: [], dynamic: [] });
      await writer.flush();
      expect(await openExtractionCache({ root, identity }).get(key)).toEqual({ references: [], dynamic: [] });
      expect(await openExtractionCache({ root, identity: { ...identity, format: CACHE_FORMAT + 1 } }).get(key)).toBeUndefined();
      expect(await openExtractionCache({ root, identity: { ...identity, build: 'bbbbbbbbbbbb' } }).get(key)).toBeUndefined();
      // An extractor's own version is part of the key too.
      expect(await openExtractionCache({ root, identity }).get({ ...key, version: 2 })).toBeUndefined();
      expect(readdirSync(root)).toEqual([versionFolderOf(identity)]);
    } finally {
      removeFolders(root);
    }
  });

  it('names its folder after the format, the release and the build', async () => {
    const identity = await currentIdentity();
    expect(identity.tool).toBe(release.version);
    expect(versionFolderOf(identity)).toMatch(new RegExp(`^f${CACHE_FORMAT}-${release.version.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
  });
});
