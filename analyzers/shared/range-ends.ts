/**
 * The files at the two ends of a range, for analyzers that compare what the tree says at FROM and
 * at TO (env, routes): TO's listing, and FROM's as TO's with the range's changes undone, so that
 * an unchanged file has the same blob at both ends and is read once.
 */
import type { FileMode, Oid, TreeChange } from '../../src/git/types.js';
import type { Repository } from '../../src/git/repository.js';

/** Path → blob of the regular files (not symlinks, not submodules) at TO. */
export async function regularFilesAt(repo: Repository, commit: Oid): Promise<Map<string, Oid>> {
  return new Map((await repo.listFiles(commit)).filter((entry) => isRegular(entry.mode)).map((entry) => [entry.path, entry.oid]));
}

/** The regular files at the FROM side of the range: TO's, with the range's changes undone. */
export function listingBefore(toListing: ReadonlyMap<string, Oid>, changes: readonly TreeChange[]): Map<string, Oid> {
  const listing = new Map(toListing);
  for (const change of changes) listing.delete(change.path);
  for (const change of changes) {
    if (change.status !== 'added' && change.oldOid && isRegular(change.oldMode)) listing.set(change.oldPath ?? change.path, change.oldOid);
  }
  return listing;
}

/** The paths of a change at both ends: a changed file unreadable at one end is left out at both. */
export function pathsOfChanges(changes: readonly TreeChange[], unreadable: (path: string) => boolean): Set<string> {
  return new Set(changes.filter((c) => unreadable(c.path) || unreadable(c.oldPath ?? c.path)).flatMap((c) => [c.path, c.oldPath ?? c.path]));
}

export function isRegular(mode: FileMode | null): boolean {
  return mode === '100644' || mode === '100755';
}
