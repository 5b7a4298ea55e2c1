/** The one way analyzers use the extraction cache. */
import type { ExtractionCache, ExtractionKey } from '../analyzer.js';

/**
 * The value cached under `key`, without calling `extract` (so without reading the blob); else
 * `extract()`, kept for the next run as it is when it returns. With no cache, just `extract()`.
 * An error `extract` throws (a blob that cannot be read) is not kept.
 */
export async function cachedExtraction<T>(cache: ExtractionCache | undefined, key: ExtractionKey, extract: () => Promise<T>): Promise<T> {
  if (!cache) return extract();
  const cached = await cache.get(key);
  if (cached !== undefined) return cached as T;
  const value = await extract();
  cache.set(key, value);
  return value;
}
