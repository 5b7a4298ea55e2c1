/**
 * pnpm's `pnpm-lock.yaml`, lockfile versions 5.x (pnpm 6 and 7), 6.0 (pnpm 8) and 9.0 (pnpm 9, 10).
 *
 * Every version lists the installed packages under `packages` and, for a workspace, each project's
 * declarations under `importers` (a single project keeps them at the top level before 9.0). Keys
 * changed shape over time: `/name/1.2.3_peer@1` (5.x), `/name@1.2.3(peer@1)` (6.0),
 * `name@1.2.3` with the peer variants under `snapshots` (9.0). Peer suffixes are variants of one
 * version, not versions.
 */
import { parseAllDocuments } from 'yaml';
import { rejectConflictMarkers } from '../lockfile-text.js';
import { reachedFrom } from '../reach.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { isRecord, recordOf, stringOf, workspacePath, type Json } from './npm-shared.js';

const IMPORTER_SECTIONS = ['dependencies', 'optionalDependencies', 'devDependencies', 'configDependencies', 'packageManagerDependencies'] as const;

export const pnpmLockFormat: LockfileFormat = {
  ecosystem: 'npm',
  matches: (path) => fileNameOf(path) === 'pnpm-lock.yaml',
  async parse(source) {
    rejectConflictMarkers(source.text);
    const documents = yamlDocuments(source.text);
    const read = documents.map((document) => readDocument(document, source.path));
    const versions = [...new Set(read.map((r) => r.version))].join(', ');
    return {
      format: `pnpm-lock v${versions}${documents.length > 1 ? ` (${documents.length} documents)` : ''}`,
      packages: read.flatMap((r) => r.packages),
      direct: read.flatMap((r) => r.direct),
      reachedFrom: mergedReach(read.map((r) => r.reachedFrom)),
    };
  },
};

function mergedReach(maps: ReadonlyArray<Map<string, string[]>>): Map<string, string[]> {
  const merged = new Map<string, string[]>();
  for (const map of maps) for (const [key, workspaces] of map) merged.set(key, [...new Set([...(merged.get(key) ?? []), ...workspaces])]);
  return merged;
}

function yamlDocuments(text: string): Json[] {
  const documents = parseAllDocuments(text);
  const parsed = (Array.isArray(documents) ? documents : [documents]).map((document) => {
    if (document.errors.length) throw new LockfileError(`it is not valid YAML (${document.errors[0]!.message.split('\n')[0]})`);
    return recordOf(document.toJS());
  });
  if (parsed.length === 0) throw new LockfileError('it is empty');
  return parsed;
}

/**
 * One YAML document. pnpm 11 and later may write two: first the lockfile of pnpm's own config
 * dependencies (`configDependencies`, `packageManagerDependencies`), then the project's. Both
 * are the project's declared dependencies, so both are read.
 */
function readDocument(lockfile: Json, lockfilePath: string) {
  const version = String(lockfile['lockfileVersion'] ?? '');
  const major = Number.parseInt(version, 10);
  if (!(major >= 5 && major <= 9)) throw new LockfileError(`lockfileVersion ${JSON.stringify(lockfile['lockfileVersion'])} is not one pnpm 6 to 12 write (5.x, 6.0, 9.0)`);
  const keyOf = major >= 9 ? keyV9 : major >= 6 ? keyV6 : keyV5;
  const packages: LockedPackage[] = [];
  const identities = new Map<string, PackageKey>();
  for (const [key, entry] of Object.entries(recordOf(lockfile['packages']))) {
    // A tarball or git dependency is keyed by its URL or host path; the entry records its name and version.
    const recorded = { name: stringOf(recordOf(entry)['name']), version: stringOf(recordOf(entry)['version']) };
    const parsed = keyOf(key) ?? (recorded.name ? { name: recorded.name, version: key } : null);
    if (!parsed) continue;
    const pinned = isPinnedByCommit(parsed.version) ? parsed.version : (recorded.version ?? parsed.version);
    identities.set(key, { name: recorded.name ?? parsed.name, version: pinned });
    packages.push({ name: recorded.name ?? parsed.name, version: pinned, license: null });
  }
  const catalogs = recordOf(lockfile['catalogs']);
  const importers = isRecord(lockfile['importers']) ? lockfile['importers'] : { '.': lockfile };
  const direct: DirectDependency[] = [];
  for (const [folder, importer] of Object.entries(importers)) {
    const workspace = workspacePath(lockfilePath, folder);
    for (const type of IMPORTER_SECTIONS) {
      for (const [installedAs, resolved] of Object.entries(recordOf(recordOf(importer)[type]))) {
        const declared = importerEntry(resolved, recordOf(recordOf(importer)['specifiers'])[installedAs]);
        if (declared.version === null || declared.version.startsWith('link:') || declared.version.startsWith('file:')) continue;
        const target = resolvedTarget(installedAs, declared.version, keyOf);
        direct.push({ workspace, name: target.name, type, range: catalogRange(declared.specifier, installedAs, catalogs), version: target.version });
      }
    }
  }
  return { version, packages, direct, reachedFrom: reachedByImporters(lockfile, lockfilePath, major, identities) };
}

/**
 * The graph: each importer's resolved versions lead to entries of `snapshots` (9.0, keyed like
 * `name@1.2.3(peer@1)`) or of `packages` (`/name@1.2.3(peer@1)` in 6.0, `/name/1.2.3_peer@1` in
 * 5.x), whose `dependencies` and `optionalDependencies` lead on. `link:` and `file:` versions
 * are the project's own packages and end the walk.
 */
function reachedByImporters(lockfile: Json, lockfilePath: string, major: number, identities: ReadonlyMap<string, PackageKey>): Map<string, string[]> {
  const nodes = recordOf(major >= 9 ? lockfile['snapshots'] : lockfile['packages']);
  const nodeOf = (name: string, version: string): string[] => {
    if (/^(link|file):/.test(version)) return [];
    // A plain version, peers after `_` (5.x) or in parentheses: the entry of this name.
    if (/^\d/.test(version)) return [major >= 9 ? `${name}@${version}` : major >= 6 ? `/${name}@${version}` : `/${name}/${version}`];
    // An alias names its entry (`ms@1.0.0`, `/ms@1.0.0`, `/ms/1.0.0`); 6.0 and 5.x key URLs and host paths as written.
    const isAlias = /^\/|^(@[^/]+\/)?[^@/()]+@/.test(version);
    return [isAlias || major < 9 ? version : `${name}@${version}`];
  };
  const requires = (section: Json, sections: readonly string[]) =>
    sections.flatMap((type) =>
      Object.entries(recordOf(section[type])).flatMap(([name, resolved]) => {
        const version = isRecord(resolved) ? stringOf(resolved['version']) : typeof resolved === 'string' ? resolved : null;
        return version === null ? [] : nodeOf(name, version);
      }),
    );
  const importers = isRecord(lockfile['importers']) ? lockfile['importers'] : { '.': lockfile };
  return reachedFrom({
    starts: Object.entries(importers).map(([folder, importer]) => ({ workspace: workspacePath(lockfilePath, folder), nodes: requires(recordOf(importer), IMPORTER_SECTIONS) })),
    next: (node) => requires(recordOf(nodes[node]), ['dependencies', 'optionalDependencies']),
    // 9.0 keeps the identity under `packages` without the peer suffix.
    identify: (node) => (isRecord(nodes[node]) || nodes[node] === null ? (identities.get(node) ?? identities.get(withoutPeers(node)) ?? null) : null),
  });
}

/** 5.x and 6.0 importers write `{ specifier, version }` or, in 5.x, the version alone with `specifiers` beside it. */
function importerEntry(resolved: unknown, specifier: unknown): { specifier: string | null; version: string | null } {
  if (isRecord(resolved)) return { specifier: stringOf(resolved['specifier']), version: stringOf(resolved['version']) };
  return { specifier: stringOf(specifier), version: typeof resolved === 'string' ? resolved : typeof resolved === 'number' ? String(resolved) : null };
}

/**
 * What an importer's version points at: usually a version of the declared name (with a peer
 * suffix), but an alias points at another package (`ms@1.0.0` in 9.0, `/ms@1.0.0` in 6.0,
 * `/ms/1.0.0` in 5.x).
 */
function resolvedTarget(installedAs: string, version: string, keyOf: (key: string) => PackageKey | null): PackageKey {
  // A plain version, with its peers after `_` (5.x) or in parentheses (6.0 and later).
  if (/^\d/.test(version)) return { name: installedAs, version: withoutPeers(version).split('_')[0]! };
  const aliased = version.startsWith('/') || /^(@[^/]+\/)?[^@/()]+@/.test(version) ? keyOf(version) : null;
  // Otherwise a URL or a git host path, which is its own identity.
  return aliased ?? { name: installedAs, version };
}

/** `catalog:` and `catalog:name` declarations resolve through the lockfile's `catalogs`, whose specifier is the real range. */
function catalogRange(specifier: string | null, name: string, catalogs: Json): string | null {
  if (!specifier?.startsWith('catalog:')) return specifier;
  const catalog = specifier.slice('catalog:'.length) || 'default';
  const entry = recordOf(recordOf(catalogs[catalog])[name]);
  return stringOf(entry['specifier']) ?? specifier;
}

interface PackageKey {
  name: string;
  version: string;
}

/** 9.0: `name@1.2.3`, `@scope/name@1.2.3(peer@1)`, `name@https://…/name-1.2.3.tgz`. */
function keyV9(key: string): PackageKey | null {
  const at = key.indexOf('@', 1);
  if (at < 0) return null;
  return { name: key.slice(0, at), version: withoutPeers(key.slice(at + 1)) };
}

/** 6.0: `/name@1.2.3(peer@1)`; non-registry packages are keyed by their URL or host path. */
function keyV6(key: string): PackageKey | null {
  if (!key.startsWith('/')) return keyV9(key);
  return keyV9(key.slice(1));
}

/** 5.x: `/name/1.2.3_peer@1+other@2`, `/@scope/name/1.2.3`. */
function keyV5(key: string): PackageKey | null {
  if (!key.startsWith('/')) return keyV9(key);
  const segments = key.slice(1).split('/');
  const nameLength = segments[0]!.startsWith('@') ? 2 : 1;
  if (segments.length !== nameLength + 1) return null;
  return { name: segments.slice(0, nameLength).join('/'), version: segments[nameLength]!.split('_')[0]! };
}

/** `1.2.3(react@18.2.0)(react-dom@18.2.0)` → `1.2.3`. */
function withoutPeers(version: string): string {
  const paren = version.indexOf('(');
  return paren < 0 ? version : version.slice(0, paren);
}

/** A git dependency: its commit is its identity, whatever version its package.json claims. */
function isPinnedByCommit(version: string): boolean {
  return /codeload\.github\.com|^git[+:]|^github\.com\/|#[0-9a-f]{7,40}$/.test(version);
}
