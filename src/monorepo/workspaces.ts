/**
 * The workspace packages of a JavaScript monorepo at a commit, as its package manager finds them:
 * the folders holding a package.json that the root's workspace globs match.
 *
 * - npm and yarn: package.json `workspaces`, an array of globs, or yarn's `{ "packages": [...] }`
 *   (https://docs.npmjs.com/cli/v10/using-npm/workspaces, https://classic.yarnpkg.com/en/docs/workspaces)
 * - pnpm: `packages` in pnpm-workspace.yaml (https://pnpm.io/pnpm-workspace_yaml)
 *
 * A glob starting with `!` excludes what it matches, wherever it stands in the list. A repository
 * that has both files gets the union: each package manager reads only its own, and they name the
 * same folders when both are kept. Folders inside node_modules are never packages.
 */
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import type { Repository } from '../git/repository.js';
import type { Oid, TreeChange } from '../git/types.js';
import { decodeText } from '../../analyzers/project/manifests/structured-text.js';
import { comparePaths } from '../../analyzers/project/path-rules.js';
import { isInFolder } from './scope.js';

export interface WorkspacePackage {
  /** The `name` in its package.json; its folder when it names none. */
  name: string;
  /** Its folder, from the repository root. */
  path: string;
}

/** The workspace packages at a commit, in tree order of their folders; empty when the repository declares none. */
export async function listWorkspacePackages(repo: Repository, commit: Oid): Promise<WorkspacePackage[]> {
  const [packageJson, pnpmWorkspace, listing] = await Promise.all([
    readText(repo, commit, 'package.json'),
    readText(repo, commit, 'pnpm-workspace.yaml'),
    repo.listFiles(commit),
  ]);
  const globs = workspaceGlobs({ packageJson, pnpmWorkspace });
  const folders = matchWorkspaceFolders(
    globs,
    listing.map((entry) => entry.path),
  );
  return Promise.all(folders.map(async (path) => ({ name: nameOf(await readText(repo, commit, `${path}/package.json`)) ?? path, path })));
}

/**
 * The workspace globs the root declares. Throws UsageError when a file that declares them cannot
 * be read, since the packages would silently be missing.
 */
export function workspaceGlobs(files: { packageJson: string | null; pnpmWorkspace: string | null }): string[] {
  const globs: string[] = [];
  if (files.packageJson !== null) {
    let json: unknown;
    try {
      json = JSON.parse(files.packageJson);
    } catch (error) {
      throw new UsageError(`package.json at TO is not valid JSON (${(error as Error).message}); fix it so that its "workspaces" can be read`);
    }
    const declared = isRecord(json) ? json['workspaces'] : undefined;
    globs.push(...stringsOf(Array.isArray(declared) ? declared : isRecord(declared) ? declared['packages'] : undefined));
  }
  if (files.pnpmWorkspace !== null) {
    let yaml: unknown;
    try {
      yaml = parseYaml(files.pnpmWorkspace);
    } catch (error) {
      throw new UsageError(`pnpm-workspace.yaml at TO is not valid YAML (${(error as Error).message.split('\n')[0]}); fix it so that its "packages" can be read`);
    }
    globs.push(...stringsOf(isRecord(yaml) ? yaml['packages'] : undefined));
  }
  return globs;
}

/** The folders (other than the root) holding a package.json that the globs match and no `!glob` excludes, in tree order. */
export function matchWorkspaceFolders(globs: readonly string[], paths: readonly string[]): string[] {
  const clean = (glob: string) => glob.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  const included = globs.filter((g) => !g.trim().startsWith('!')).map(clean).filter((g) => g !== '' && g !== '.');
  const excluded = globs.filter((g) => g.trim().startsWith('!')).map((g) => clean(g.trim().slice(1)));
  if (included.length === 0) return [];
  const isIncluded = picomatch(included);
  const isExcluded = excluded.length > 0 ? picomatch(excluded) : () => false;
  return paths
    .filter((path) => path.endsWith('/package.json') && !path.split('/').includes('node_modules'))
    .map((path) => path.slice(0, -'/package.json'.length))
    .filter((folder) => isIncluded(folder) && !isExcluded(folder))
    .sort(comparePaths);
}

/** The packages with a change in their folder (either side of a rename); a nested package's changes count for the package around it too. */
export function changedPackages(packages: readonly WorkspacePackage[], changes: readonly TreeChange[]): WorkspacePackage[] {
  return packages.filter((pkg) => changes.some((change) => isInFolder(change.path, pkg.path) || (change.oldPath !== undefined && isInFolder(change.oldPath, pkg.path))));
}

async function readText(repo: Repository, commit: Oid, path: string): Promise<string | null> {
  const bytes = await repo.readFileAt(commit, path);
  return bytes === null ? null : decodeText(bytes);
}

/** A package's name; null when its package.json is unreadable or names none (the listing still has it, by folder). */
function nameOf(packageJson: string | null): string | null {
  if (packageJson === null) return null;
  try {
    const json: unknown = JSON.parse(packageJson);
    const name = isRecord(json) ? json['name'] : null;
    return typeof name === 'string' && name.trim() !== '' ? name : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
