/**
 * Checks every lockfile parser makes before reading its syntax, shared with the manifest parsers
 * of the project analyzer so both phrase a broken file the same way.
 */
import { ManifestSyntaxError, parseJsonObject, rejectConflictMarkers as rejectManifestConflictMarkers } from '../project/manifests/structured-text.js';
import { LockfileError } from './model.js';

/** A lockfile committed in the middle of a merge still has git's conflict markers: say so, with the line. */
export function rejectConflictMarkers(text: string): void {
  asLockfileError(() => rejectManifestConflictMarkers(text));
}

/** A JSON lockfile's top-level object; a truncated or invalid file is a LockfileError naming the line. */
export function parseJsonLockfile(text: string): Record<string, unknown> {
  return asLockfileError(() => parseJsonObject(text));
}

function asLockfileError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ManifestSyntaxError) throw new LockfileError(error.message);
    throw error;
  }
}
