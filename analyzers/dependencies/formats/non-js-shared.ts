/**
 * What the Cargo, Python, Go, Ruby and PHP lockfile parsers share: TOML reading with the cause of
 * a failure as a LockfileError, repository paths of workspaces, and reading the manifest beside a
 * lockfile with the project analyzer's parsers.
 */
import { ManifestSyntaxError, parseTomlTable, type UnknownRecord } from '../../project/manifests/structured-text.js';
import { rejectConflictMarkers } from '../lockfile-text.js';
import { LockfileError, type LockedPackage, type LockfileSource } from '../model.js';

/** A TOML lockfile's top-level table; conflict markers and syntax errors become a LockfileError naming the line. */
export function parseTomlLockfile(text: string): UnknownRecord {
  rejectConflictMarkers(text);
  try {
    return parseTomlTable(text);
  } catch (error) {
    if (error instanceof ManifestSyntaxError) throw new LockfileError(error.message);
    throw error;
  }
}

/** The folder of a repository path, `.` for a file at the root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/** A path given relative to a folder (`..` allowed), as a path from the repository root; `.` for the root. */
export function joinPath(folder: string, relative: string): string {
  const resolved: string[] = [];
  for (const part of [...folder.split('/'), ...relative.split('/')]) {
    if (part === '' || part === '.') continue;
    if (part === '..') resolved.pop();
    else resolved.push(part);
  }
  return resolved.length > 0 ? resolved.join('/') : '.';
}

/** A file in a folder given as `folderOf` gives it. */
export function fileIn(folder: string, fileName: string): string {
  return folder === '.' ? fileName : `${folder}/${fileName}`;
}

/**
 * A manifest of the same commit read with one of the project analyzer's parsers, or null when it
 * does not exist or does not parse. A broken manifest is the manifest's problem, reported by the
 * project analyzer: the lockfile is still read, without the declarations.
 */
export async function readManifest<T>(source: LockfileSource, path: string, parse: (text: string) => T): Promise<T | null> {
  const text = await source.read(path);
  if (text === null) return null;
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof ManifestSyntaxError) return null;
    throw error;
  }
}

/**
 * The version a name resolved to, when the lockfile pins exactly one; null when it pins none or
 * several (a resolution forked by environment markers or platforms), which the diff then matches
 * by range.
 */
export function versionPinnedFor(packages: readonly LockedPackage[], name: string): string | null {
  const versions = new Set(packages.filter((pkg) => pkg.name === name).map((pkg) => pkg.version));
  return versions.size === 1 ? [...versions][0]! : null;
}

/** A version number field of a lockfile header, or null when absent; anything else is an error. */
export function integerField(table: UnknownRecord, key: string, fileName: string): number | null {
  const value = table[key];
  if (value === undefined) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  throw new LockfileError(`its ${key} is ${JSON.stringify(String(value))}, not the whole number ${fileName} writes`);
}
