/**
 * The store itself: a few files per analyzer however many runs wrote to it, runs at the same time
 * that each keep their entries, and cleaning up after killed runs and old versions without ever
 * touching what is not its own.
 */
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtractionKey } from '../../src/analyzer.js';
import { openExtractionCache, versionFolderOf, type CacheIdentity } from '../../src/cache/index.js';
import { removeFolders, temporaryFolder } from './scenario.js';

const IDENTITY: CacheIdentity = { format: 1, tool: '9.9.9', build: 'cccccccccccc' };
const keyOf = (n: number): ExtractionKey => ({ analyzer: 'routes', version: 1, oid: n.toString(16).padStart(40, '0'), parts: [`src/${n}.js`] });
const valueOf = (n: number) => ({ routes: [{ method: 'GET', path: `/${n}` }], mounts: [], exports: {} });

async function writeRun(root: string, numbers: number[]): Promise<void> {
  const cache = openExtractionCache({ root, identity: IDENTITY });
  for (const n of numbers) {
    await cache.get(keyOf(n));
    cache.set(keyOf(n), valueOf(n));
  }
  await cache.flush();
}

describe('the disk cache', () => {
  it('merges an analyzer’s segments past eight, and keeps every entry', async () => {
    const root = temporaryFolder();
    try {
      for (let run = 0; run < 20; run++) await writeRun(root, [run * 10, run * 10 + 1]);
      const files = readdirSync(join(root, versionFolderOf(IDENTITY)));
      expect(files.length).toBeLessThanOrEqual(9);
      const reader = openExtractionCache({ root, identity: IDENTITY });
      for (let run = 0; run < 20; run++) expect(await reader.get(keyOf(run * 10 + 1))).toEqual(valueOf(run * 10 + 1));
    } finally {
      removeFolders(root);
    }
  });

  it('keeps the entries of runs that flush at the same time', async () => {
    const root = temporaryFolder();
    try {
      await Promise.all(Array.from({ length: 12 }, (_, run) => writeRun(root, [run, 100 + run])));
      const reader = openExtractionCache({ root, identity: IDENTITY });
      for (let run = 0; run < 12; run++) expect(await reader.get(keyOf(100 + run))).toEqual(valueOf(100 + run));
      expect(readdirSync(join(root, versionFolderOf(IDENTITY))).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    } finally {
      removeFolders(root);
    }
  });

  it('keeps a value as it was when set, and hands out copies', async () => {
    const root = temporaryFolder();
    try {
      const cache = openExtractionCache({ root, identity: IDENTITY });
      const value = valueOf(1);
      cache.set(keyOf(1), value);
      value.routes[0]!.path = '/changed later';
      await cache.flush();
      const reader = openExtractionCache({ root, identity: IDENTITY });
      const first = (await reader.get(keyOf(1))) as ReturnType<typeof valueOf>;
      first.routes[0]!.path = '/changed by a caller';
      expect(await reader.get(keyOf(1))).toEqual(valueOf(1));
    } finally {
      removeFolders(root);
    }
  });

  it('writes nothing for a run that added nothing', async () => {
    const root = temporaryFolder();
    try {
      const cache = openExtractionCache({ root, identity: IDENTITY });
      expect(await cache.get(keyOf(1))).toBeUndefined();
      await cache.flush();
      expect(readdirSync(root)).toEqual([]);
    } finally {
      removeFolders(root);
    }
  });

  it('removes old versions’ folders and killed runs’ temporary files, and nothing else', async () => {
    const root = temporaryFolder();
    try {
      const weekAgo = (Date.now() - 8 * 24 * 3_600_000) / 1000;
      const oldVersion = join(root, versionFolderOf({ ...IDENTITY, tool: '9.9.8' }));
      const recentVersion = join(root, versionFolderOf({ ...IDENTITY, tool: '9.9.7' }));
      const foreign = join(root, 'my-notes');
      for (const folder of [oldVersion, recentVersion, foreign]) mkdirSync(folder);
      utimesSync(oldVersion, weekAgo, weekAgo);
      utimesSync(foreign, weekAgo, weekAgo);
      const mine = join(root, versionFolderOf(IDENTITY));
      mkdirSync(mine);
      writeFileSync(join(mine, '.tmp-1-killed'), 'half');
      utimesSync(join(mine, '.tmp-1-killed'), weekAgo, weekAgo);
      writeFileSync(join(mine, '.tmp-2-writing'), 'a run at work');

      await writeRun(root, [1]);
      expect(readdirSync(root).sort()).toEqual([versionFolderOf(IDENTITY), 'my-notes', versionFolderOf({ ...IDENTITY, tool: '9.9.7' })].sort());
      expect(readdirSync(mine).filter((name) => name.startsWith('.tmp-'))).toEqual(['.tmp-2-writing']);
    } finally {
      removeFolders(root);
    }
  });
});
