/** What npm, yarn, pnpm and bun lockfiles share: JSON reading, workspace paths, package.json declarations. */
import { parsePackageJson } from '../../project/manifests/package-json.js';
import type { DirectDependency, LockfileSource } from '../model.js';

export type Json = Record<string, unknown>;

/** The package.json sections that declare dependencies, strongest first. */
export const DECLARATION_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function recordOf(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The folder of a repository path: '' for a file at the root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** A folder given relative to the lockfile's, as a path from the repository root (`.` for the root). */
export function workspacePath(lockfilePath: string, folder: string): string {
  const parts = [...folderOf(lockfilePath).split('/'), ...folder.split('/')].filter((p) => p !== '' && p !== '.');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else resolved.push(part);
  }
  return resolved.length ? resolved.join('/') : '.';
}

/** The package.json file of a workspace given by its path from the repository root. */
export function packageJsonPathOf(workspace: string): string {
  return workspace === '.' ? 'package.json' : `${workspace}/package.json`;
}

/**
 * The dependencies a workspace's package.json declares, with the overrides the project forces on
 * its tree in the fields its package manager reads (npm `overrides`, yarn `resolutions`):
 * declared by the project, so a reviewer sees them as direct. Versions are left to the caller; an unreadable or absent
 * package.json declares nothing.
 */
export interface Declaration extends DirectDependency {
  /** The folder name it is installed under in node_modules: the alias for an alias. */
  installedAs: string;
}

/** The package.json fields a package manager reads overrides from: npm `overrides`, yarn `resolutions`. */
export type OverrideField = 'overrides' | 'resolutions';

export async function readPackageJsonDeclarations(source: LockfileSource, workspace: string, overrideFields: readonly OverrideField[]): Promise<Declaration[]> {
  const text = await source.read(packageJsonPathOf(workspace));
  if (text === null) return [];
  let declared: Declaration[];
  let json: Json;
  try {
    declared = parsePackageJson(text).dependencies.map(({ name, version, type }) => ({ workspace, installedAs: name, ...unaliased(name, version), type, version: null }));
    json = JSON.parse(text) as Json;
  } catch {
    return [];
  }
  for (const type of overrideFields) {
    for (const [selector, forced] of flattenOverrides(json[type])) {
      // An override to the project's own package (`workspace:*`, `link:./x`) forces no registry package.
      if (/^(workspace|link|file|portal):/.test(forced)) continue;
      const target = forced.startsWith('npm:') && !forced.slice(4).includes('@', 1) ? { name: overriddenName(selector), range: forced.slice(4) } : unaliased(overriddenName(selector), forced);
      declared.push({ workspace, installedAs: target.name, ...target, type, version: null });
    }
  }
  return declared;
}

/** npm nests overrides (`{"a": {"b": "1.0.0"}}`, `"."` for the parent itself); yarn keeps them flat. */
function flattenOverrides(section: unknown, parent?: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(recordOf(section))) {
    if (typeof value === 'string') out.push([key === '.' && parent ? parent : key, value]);
    else out.push(...flattenOverrides(value, key));
  }
  return out;
}

/**
 * The package an override applies to: the last package of a selector such as `**\/ms`,
 * `debug/ms` (yarn) or `@scope/a@1` (npm).
 */
function overriddenName(selector: string): string {
  const last = selector.split('>').pop()!;
  const segments = last.split('/');
  const tail = segments.length > 1 && segments[segments.length - 2]!.startsWith('@') ? segments.slice(-2).join('/') : segments[segments.length - 1]!;
  return nameOfDescriptor(tail);
}

/**
 * A declaration under its registry name: `"ms-old": "npm:ms@1.0.0"` installs `ms`, at range `1.0.0`.
 * Lockfiles key aliases either way, so every format reports the real package.
 */
export function unaliased(name: string, range: string | null): { name: string; range: string | null } {
  if (!range?.startsWith('npm:')) return { name, range };
  const target = range.slice('npm:'.length);
  return { name: nameOfDescriptor(target), range: rangeOfDescriptor(target) ?? '*' };
}

/** `ms@^2.1.1` → `ms`, `@scope/x@npm:1` → `@scope/x`, `ms` → `ms`. */
export function nameOfDescriptor(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? descriptor : descriptor.slice(0, at);
}

/** `ms@^2.1.1` → `^2.1.1`; null when the descriptor has no range. */
export function rangeOfDescriptor(descriptor: string): string | null {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? null : descriptor.slice(at + 1);
}

/**
 * The version a registry tarball URL holds (`…/is-odd/-/is-odd-3.0.1.tgz` → `3.0.1`), for the
 * lockfiles that record such a dependency by its URL alone (npm v1, bun); other URLs stay as they are.
 */
export function versionOfTarball(reference: string): string {
  return /^https?:\/\/.+\/-\/[^/]+?-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz$/.exec(reference)?.[1] ?? reference;
}

/**
 * A git dependency pinned by its commit, spelt one way whatever the lockfile wrote
 * (`github:o/r#sha`, `git+ssh://git@github.com/o/r.git#sha`, codeload's tarball of a commit):
 * `git+https://github.com/o/r.git#sha`. Null when the reference is not git.
 */
export function gitPin(reference: string | null): string | null {
  if (reference === null) return null;
  const codeload = /^https:\/\/codeload\.github\.com\/([^/]+\/[^/]+)\/tar\.gz\/(.+)$/.exec(reference);
  if (codeload) return `git+https://github.com/${codeload[1]}.git#${codeload[2]}`;
  const shorthand = /^(github|gitlab|bitbucket):([^#]+)#(.+)$/.exec(reference);
  if (shorthand) return `git+https://${shorthand[1]}.${shorthand[1] === 'bitbucket' ? 'org' : 'com'}/${shorthand[2]!.replace(/\.git$/, '')}.git#${shorthand[3]}`;
  if (!/^(git\+|git:|ssh:)/.test(reference)) return null;
  const url = /^(?:git\+)?(?:ssh|https?|git):\/\/(?:[^@/]+@)?([^/:]+)[/:](.+?)(?:\.git)?#(.+)$/.exec(reference);
  return url ? `git+https://${url[1]}/${url[2]}.git#${url[3]}` : reference;
}
