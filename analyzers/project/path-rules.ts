/**
 * Which paths of the tree at TO describe the project itself. Two kinds of folder are set aside:
 *
 * - not the project's files at all, skipped for every fact: vendored dependencies, hidden tool
 *   folders (`.yarn`, `.venv`, `.idea`; `.github` is kept, CI is part of the project), and build
 *   output (`dist`, `build`, `out`, `target`, `coverage`) where build output lives, at the root or
 *   next to a manifest. Deeper down those names are ordinary source folders (`src/commands/build`).
 * - sample code: test fixtures, mocks, snapshots and examples. They are the project's files and
 *   count in `directories`, but their manifests and languages are the samples', not the project's:
 *   a linter's fixtures hold package.json files and code in a dozen languages.
 */

import picomatch from 'picomatch';
import { DEFAULT_PATH_CHOICES, type PathChoices } from '../../src/analyzer.js';
import { isInFolder, isInScope } from '../../src/monorepo/scope.js';

const VENDORED = new Set(['node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party', 'third-party', '__pycache__', 'venv', 'site-packages', 'Pods']);
const BUILD_OUTPUT = new Set(['dist', 'build', 'out', 'target', 'coverage']);
const SAMPLE_CODE = new Set(['fixtures', '__fixtures__', 'testdata', '__mocks__', '__snapshots__', 'examples', 'example', 'samples']);
const KEPT_HIDDEN_FOLDERS = new Set(['.github']);

export interface PathRules {
  /** Inside the folders of `--path` (always, without it). */
  isInScope(path: string): boolean;
  /** Outside `--path`'s folders, vendored, hidden or build output: not the project's files. */
  isExcluded(path: string): boolean;
  /** Fixtures and examples: the project's files, but not its manifests or languages. */
  isSampleCode(path: string): boolean;
  /** Neither excluded nor sample code: a path whose manifest or language is the project's. */
  isProjectSource(path: string): boolean;
}

/**
 * Rules for one tree. `packageRoots` are the folders that hold a manifest ('' is the root, always
 * included): a build-output folder name is only build output directly inside one of them. The
 * user's `ignore` globs exclude a path whatever its folder; `include` globs take a path out of the
 * default exclusions and out of sample code (ignore wins where both match). A `scope` (`--path`)
 * excludes every path outside its folders, whatever `include` says.
 */
export function pathRules(packageRoots: Iterable<string>, choices: PathChoices = DEFAULT_PATH_CHOICES): PathRules {
  const roots = new Set(['', ...packageRoots]);
  const ignored = globMatcher(choices.ignore);
  const included = globMatcher(choices.include);
  const scope = choices.scope ?? [];
  const inScope = (path: string) => isInScope(path, scope);
  // A folder named by --path is wanted whatever its name (`--path examples/demo`): the defaults
  // judge only the folders below it.
  const scopeDepth = (path: string) => Math.max(0, ...scope.filter((folder) => isInFolder(path, folder)).map((folder) => (folder === '' ? 0 : folder.split('/').length)));
  const excludedByDefault = (path: string) => {
    const folders = path.split('/').slice(0, -1);
    const below = scopeDepth(path);
    return folders.some((folder, depth) => {
      if (depth < below) return false;
      if (VENDORED.has(folder)) return true;
      if (folder.startsWith('.') && !KEPT_HIDDEN_FOLDERS.has(folder)) return true;
      return BUILD_OUTPUT.has(folder) && roots.has(folders.slice(0, depth).join('/'));
    });
  };
  const isExcluded = (path: string) => !inScope(path) || ignored(path) || (!included(path) && excludedByDefault(path));
  const isSampleCode = (path: string) => !included(path) && path.split('/').slice(scopeDepth(path), -1).some((folder) => SAMPLE_CODE.has(folder));
  return { isInScope: inScope, isExcluded, isSampleCode, isProjectSource: (path) => !isExcluded(path) && !isSampleCode(path) };
}

/** Globs as git users write them: `*` within a folder, `**` across, dot files matched, a bare folder name meaning all below it. */
function globMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const patterns = globs.flatMap((glob) => {
    const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    return /[*?[\]{}]/.test(trimmed) ? [trimmed] : [trimmed, `${trimmed}/**`];
  });
  return picomatch(patterns, { dot: true });
}

/** The folder of a path: '' for a root file. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The last segment of a path: the file name. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A path written relative to a file's folder, from the repository root; null when it leaves the repository or is interpolated. */
export function resolveRelative(file: string, relative: string): string | null {
  if (relative.startsWith('/') || relative.includes('$')) return null;
  const parts = file.split('/').slice(0, -1);
  for (const part of relative.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** Tree order: segment by segment, so a folder's children follow it (`src`, `src/a`, `src-b`). */
export function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! < right[i]! ? -1 : 1;
  }
  return left.length - right.length;
}

/** Root first, then shallower before deeper, then tree order: which of several manifests speaks for the project. */
export function compareByDepth(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || comparePaths(a, b);
}
