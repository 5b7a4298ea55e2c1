/**
 * The extraction cache: per-file extraction results kept between runs, by blob (see ./disk-cache.ts
 * for the layout and its guarantees, ./location.ts for where it lives).
 */
import { DiskExtractionCache } from './disk-cache.js';
import type { CacheIdentity } from './identity.js';
import { cacheRootFor } from './location.js';

export { DiskExtractionCache } from './disk-cache.js';
export { CACHE_FORMAT, currentIdentity, versionFolderOf, type CacheIdentity } from './identity.js';
export { cacheRootFor } from './location.js';

/**
 * The cache for this run. Touches nothing on disk until a look-up or the final flush, so that a
 * run with nothing to cache leaves no folder behind, and a folder that cannot be created costs
 * nothing but misses.
 */
export function openExtractionCache(options: { root?: string; identity?: CacheIdentity } = {}): DiskExtractionCache {
  return new DiskExtractionCache(options.root ?? cacheRootFor(), options.identity);
}
