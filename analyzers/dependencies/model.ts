/**
 * The contract between the lockfile parsers and the dependency diff. Every format, whatever its
 * ecosystem, is read into the same LockfileContents: the packages it pins (every version of every
 * package, duplicates allowed) and, when the file records them, the direct dependencies of each
 * workspace. The diff never looks at a format's own structure.
 */

/** Package registries, named as the facts name them. */
export type DependencyEcosystem = 'npm' | 'cargo' | 'pypi' | 'go' | 'rubygems' | 'composer';

/** One pinned package version. A name may appear several times with different versions. */
export interface LockedPackage {
  /** The registry's name of the package: for an npm alias (`"x": "npm:y@1"`) the real package `y`. */
  name: string;
  /**
   * The resolved version; for a git, tarball or path resolution the most specific thing the file
   * records (a commit id, a URL), which the version comparison then marks as non-semver.
   */
  version: string;
  /** SPDX expression where the lockfile records it (npm v2/v3, composer); else null. */
  license: string | null;
}

/** A dependency a workspace member declares in its manifest. */
export interface DirectDependency {
  /** The declaring package's folder, relative to the repository root; `.` for the root. */
  workspace: string;
  /** The registry's name, as for LockedPackage: an alias is resolved to the package it installs. */
  name: string;
  /** The manifest section as the ecosystem names it: dependencies, devDependencies, dev-dependencies, ... */
  type: string;
  /** The range or specifier as declared (`^4.18.2`, `>=2,<3`, `workspace:*`); null when none is written. */
  range: string | null;
  /** The version the lockfile resolved it to, when the file says; null when only the range is known. */
  version: string | null;
}

export interface LockfileContents {
  /** A short name of the format and version read, for warnings and docs: `package-lock v3`, `yarn berry v8`. */
  format: string;
  packages: LockedPackage[];
  /**
   * The direct dependencies of every workspace this lockfile covers, or null when the file does
   * not record them; the analyzer then reads them from the manifests beside it.
   */
  direct: DirectDependency[] | null;
  /**
   * Which workspaces reach each pinned version through the dependency graph the file records,
   * keyed by packageKey(name, version), valued with workspace folders as DirectDependency gives
   * them. The walk stops at the project's own packages (workspace links): another workspace's
   * dependencies are its own. Absent when the format's graph is not read; `--path` then cannot
   * attribute the transitive changes of a lockfile shared with other workspaces.
   */
  reachedFrom?: Map<string, string[]>;
}

/** The key of one pinned version in LockfileContents.reachedFrom. */
export function packageKey(name: string, version: string): string {
  return `${name}@${version}`;
}

/** A lockfile at one end of the range, with read access to other files of the same commit. */
export interface LockfileSource {
  /** Path from the repository root. */
  path: string;
  text: string;
  /** Another file at the same commit (path from the repository root); null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** Every file path at the same commit, for workspace globs. */
  listPaths(): Promise<string[]>;
}

export interface LockfileFormat {
  ecosystem: DependencyEcosystem;
  /** True when the file at this path (from the repository root) is this format; most formats go by the file name. */
  matches(path: string): boolean;
  /** Throws LockfileError when the file cannot be read, with the cause in the message. */
  parse(source: LockfileSource): Promise<LockfileContents>;
}

/** The last segment of a path. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A lockfile the parser cannot read. The message is the cause alone, phrased to follow
 * "<path> was not read: " (for example `conflict markers at line 12`, `lockfileVersion 4 is not supported`).
 */
export class LockfileError extends Error {
  override name = 'LockfileError';
}
