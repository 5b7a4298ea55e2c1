/**
 * pnpm's `pnpm-lock.yaml`, lockfile versions 5.x (pnpm 6 and 7), 6.0 (pnpm 8) and 9.0 (pnpm 9, 10).
 *
 * Every version lists the installed packages under `packages` and, for a workspace, each project's
 * declarations under `importers` (a single project keeps them at the top level before 9.0). Keys
 * changed shape over time: `/name/1.2.3_peer@1` (5.x), `/name@1.2.3(peer@1)` (6.0),
 * `name@1.2.3` with the peer variants under `snapshots` (9.0). Peer suffixes are variants of one
 * version, not versions. pnpm 10 may write two YAML documents; the project's lockfile is the one
 * that has `importers` or `packages` beyond the package manager's own.
 */
import { parseAllDocuments } from 'yaml';
import { rejectConflictMarkers } from '../lockfile-text.js';
import { LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { isRecord, recordOf, stringOf, unaliased, workspacePath, type Json } from './npm-shared.js';

const IMPORTER_SECTIONS = ['dependencies', 'optionalDependencies', 'devDependencies'] as const;

export const pnpmLockFormat: LockfileFormat = {
  ecosystem: 'npm',
  matches: (fileName) => fileName === 'pnpm-lock.yaml',
  async parse(source) {
    rejectConflictMarkers(source.text);
    const lockfile = projectDocument(source.text);
    const version = String(lockfile['lockfileVersion'] ?? '');
    const major = Number.parseInt(version, 10);
    if (!(major >= 5 && major <= 9)) throw new LockfileError(`lockfileVersion ${JSON.stringify(lockfile['lockfileVersion'])} is not one pnpm 6 to 10 write (5.x, 6.0, 9.0)`);
    const keyOf = major >= 9 ? keyV9 : major >= 6 ? keyV6 : keyV5;
    const packages: LockedPackage[] = [];
    for (const [key, entry] of Object.entries(recordOf(lockfile['packages']))) {
      // A tarball or git dependency is keyed by its URL or host path; the entry records its name and version.
      const recorded = { name: stringOf(recordOf(entry)['name']), version: stringOf(recordOf(entry)['version']) };
      const parsed = keyOf(key) ?? (recorded.name ? { name: recorded.name, version: key } : null);
      if (!parsed) continue;
      const version = isPinnedByCommit(parsed.version) ? parsed.version : (recorded.version ?? parsed.version);
      packages.push({ name: recorded.name ?? parsed.name, version, license: null });
    }
    const catalogs = recordOf(lockfile['catalogs']);
    const importers = isRecord(lockfile['importers']) ? lockfile['importers'] : { '.': lockfile };
    const direct: DirectDependency[] = [];
    for (const [folder, importer] of Object.entries(importers)) {
      const workspace = workspacePath(source.path, folder);
      for (const type of IMPORTER_SECTIONS) {
        for (const [installedAs, resolved] of Object.entries(recordOf(recordOf(importer)[type]))) {
          const declared = importerEntry(resolved, recordOf(recordOf(importer)['specifiers'])[installedAs]);
          if (declared.version === null || declared.version.startsWith('link:') || declared.version.startsWith('file:')) continue;
          const target = resolvedTarget(installedAs, declared.version, keyOf);
          direct.push({ workspace, name: target.name, type, range: catalogRange(declared.specifier, installedAs, catalogs), version: target.version });
        }
      }
    }
    return { format: `pnpm-lock v${version}`, packages, direct };
  },
};

function projectDocument(text: string): Json {
  const documents = parseAllDocuments(text);
  const parsed = (Array.isArray(documents) ? documents : [documents]).map((document) => {
    if (document.errors.length) throw new LockfileError(`it is not valid YAML (${document.errors[0]!.message.split('\n')[0]})`);
    return recordOf(document.toJS());
  });
  if (parsed.length === 0) throw new LockfileError('it is empty');
  // pnpm 10 may put its own package manager's lockfile first, as a separate document.
  const projects = parsed.filter((document) => isRecord(document['packages']) || isRecord(document['importers']));
  return projects[projects.length - 1] ?? parsed[parsed.length - 1]!;
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
  if (/^[a-z]+:/i.test(version) && !version.startsWith('npm:')) return { name: installedAs, version };
  const aliased = version.startsWith('/') || /^(@[^/]+\/)?[^@/()]+@/.test(version) ? keyOf(version) : null;
  if (aliased) return aliased;
  return { name: unaliased(installedAs, null).name, version: withoutPeers(version.split('_')[0]!) };
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
