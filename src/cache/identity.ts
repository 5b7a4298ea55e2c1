/**
 * What a cache entry was written by, as the name of the folder that holds it: entries of another
 * format, release or build sit in another folder and are never read.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolVersion } from '../version.js';

/** The on-disk layout's version: bump it whenever the folder, file or line format changes. */
export const CACHE_FORMAT = 1;

export interface CacheIdentity {
  /** CACHE_FORMAT of the writer. */
  format: number;
  /** The release (package.json's version). */
  tool: string;
  /** The build of that release: 12 hex digits (see buildFingerprint). */
  build: string;
}

/** `f1-0.1.0-3fa9c2d1e0b4`: format, release, build. */
export function versionFolderOf({ format, tool, build }: CacheIdentity): string {
  return `f${format}-${tool.replace(/[^A-Za-z0-9.+_]/g, '_')}-${build}`;
}

/** A folder name versionFolderOf writes, whatever the version: the only folders the cache ever prunes. */
export const VERSION_FOLDER = /^f\d+-[A-Za-z0-9.+_]+-[0-9a-f]{12}$/;

let current: Promise<CacheIdentity> | null = null;

/** This process's identity, computed once: a build changing under a running process must not split its entries. */
export function currentIdentity(): Promise<CacheIdentity> {
  current ??= buildFingerprint().then((build) => ({ format: CACHE_FORMAT, tool: toolVersion(), build }));
  return current;
}

/**
 * The release alone does not name the code: between releases (a working copy, `npm link`, the
 * project's own tests) the version stays the same while extractors change. The size and modification
 * time of every file of the program (src/ and analyzers/, built or not) and package.json's text
 * (which pins the parsers' versions) tell builds apart. An installed copy (inside node_modules)
 * never changes, so its files are not looked at: package.json is enough.
 */
async function buildFingerprint(): Promise<string> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const hash = createHash('sha1');
  for (const candidate of ['package.json', '../package.json']) {
    try {
      hash.update(await readFile(join(root, candidate)));
      break;
    } catch {
      // The layout differs between the sources and the build.
    }
  }
  if (!root.split(sep).includes('node_modules')) {
    for (const folder of ['src', 'analyzers']) {
      const files = (await readdir(join(root, folder), { recursive: true, encoding: 'utf8' }).catch(() => [])).sort();
      // Declarations do not run: a build rewrites them with the code, and they are half the files.
      const listed = await Promise.all(files.filter((file) => !file.endsWith('.d.ts')).map(async (file) => [file, await stat(join(root, folder, file)).catch(() => null)] as const));
      for (const [file, stats] of listed) if (stats?.isFile()) hash.update(`${folder}/${file}\0${stats.size}\0${stats.mtimeMs}\0`);
    }
  }
  return hash.digest('hex').slice(0, 12);
}
