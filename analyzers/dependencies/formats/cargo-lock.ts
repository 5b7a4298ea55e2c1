/**
 * Cargo.lock, versions 1 to 4.
 * Spec: https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html (the format itself is
 * only defined by cargo's `ResolveVersion`: https://docs.rs/cargo/latest/cargo/core/resolver/enum.ResolveVersion.html)
 *
 * Every `[[package]]` is one pinned crate. Those without `source` are the workspace's own crates
 * (members and path dependencies): they are not dependencies, but their `dependencies` lists say
 * which crates each of them uses directly. The lockfile does not say in which section (normal,
 * dev, build, target-specific) nor with which range; that comes from each crate's Cargo.toml,
 * found through the root Cargo.toml's `[workspace] members` (globs expanded against the commit's
 * file list) and the `path` of every path dependency.
 */
import { parseCargoToml } from '../../project/manifests/cargo-toml.js';
import { asRecord, parseTomlTable, recordAt, stringAt, stringItems, type UnknownRecord } from '../../project/manifests/structured-text.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat, type LockfileSource } from '../model.js';
import { fileIn, folderOf, integerField, joinPath, parseTomlLockfile, readManifest } from './non-js-shared.js';

/** Lockfile versions cargo writes: 1 (no `version`, checksums in `[metadata]`), 2 (no `version`), 3, 4. */
const NEWEST_VERSION = 4;
/** Cargo.toml tables that declare dependencies, as the project analyzer names them. */
const SECTIONS = ['dependencies', 'dev-dependencies', 'build-dependencies'] as const;
/** The section assumed for a crate the lockfile lists but its Cargo.toml does not declare under that name. */
const UNDECLARED_TYPE = 'dependencies';

interface LockEntry {
  name: string;
  version: string;
  source: string | null;
  /** `name`, `name version` or `name version (source)`; version 1 always writes the version. */
  dependencies: string[];
}

/** One of the workspace's own crates, located by its Cargo.toml. */
interface LocalCrate {
  folder: string;
  /** Registry name of each dependency (after `package = ...` renames) → its declarations. */
  declarations: Map<string, Array<{ type: string; range: string | null }>>;
}

export const cargoLockFormat: LockfileFormat = {
  ecosystem: 'cargo',
  matches: (path) => fileNameOf(path) === 'Cargo.lock',
  async parse(source) {
    const toml = parseTomlLockfile(source.text);
    const version = lockVersionOf(toml);
    const entries = lockEntriesOf(toml);
    const packages: LockedPackage[] = entries.filter((entry) => entry.source !== null).map(({ name, version }) => ({ name, version, license: null }));
    const crates = await locateLocalCrates(source, entries);
    return { format: `Cargo.lock v${version}`, packages, direct: directDependencies(entries, crates) };
  },
};

function lockVersionOf(toml: UnknownRecord): number {
  const version = integerField(toml, 'version', 'Cargo.lock');
  if (version === null) {
    // Version 1 keeps every checksum in [metadata] ("checksum name version (source)" keys); version 2 inlines them.
    const metadata = recordAt(toml, 'metadata');
    return metadata && Object.keys(metadata).some((key) => key.startsWith('checksum ')) ? 1 : 2;
  }
  if (version < 1 || version > NEWEST_VERSION) throw new LockfileError(`Cargo.lock version ${version} is not supported (cargo writes 1 to ${NEWEST_VERSION})`);
  return version;
}

function lockEntriesOf(toml: UnknownRecord): LockEntry[] {
  const list = toml['package'] ?? [];
  if (!Array.isArray(list)) throw new LockfileError('its `package` key is not an array of [[package]] tables');
  return list.map((item, index) => {
    const table = asRecord(item);
    const name = stringAt(table, 'name');
    const version = stringAt(table, 'version');
    // A file cut at a line end is still valid TOML; a [[package]] without its version is how that shows.
    if (!name || !version) {
      throw new LockfileError(`[[package]] number ${index + 1}${name ? ` (${name})` : ''} has no ${name ? 'version' : 'name'}; the file looks truncated`);
    }
    return { name, version, source: stringAt(table, 'source'), dependencies: stringItems(table?.['dependencies']) };
  });
}

/** The lockfile entry a `dependencies` item refers to, or null when none matches (a hand-edited file). */
function resolveDependency(item: string, byName: Map<string, LockEntry[]>): LockEntry | null {
  const match = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(item.trim());
  if (!match) return null;
  const [, name, version, itemSource] = match;
  const candidates = (byName.get(name!) ?? []).filter((entry) => (version === undefined || entry.version === version) && (itemSource === undefined || entry.source === itemSource));
  // Version 1 writes path dependencies as `name version` without a source: prefer the local crate then.
  return candidates.find((entry) => itemSource !== undefined || entry.source === null) ?? candidates[0] ?? null;
}

function directDependencies(entries: LockEntry[], crates: Map<string, LocalCrate>): DirectDependency[] {
  const byName = new Map<string, LockEntry[]>();
  for (const entry of entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  const direct: DirectDependency[] = [];
  for (const local of entries.filter((entry) => entry.source === null)) {
    const crate = crates.get(local.name);
    // A local crate whose Cargo.toml was not found has no known folder to report its dependencies under.
    if (!crate) continue;
    for (const item of local.dependencies) {
      const dependency = resolveDependency(item, byName);
      if (!dependency || dependency.source === null) continue;
      const declarations = crate.declarations.get(dependency.name) ?? [{ type: UNDECLARED_TYPE, range: null }];
      for (const { type, range } of declarations) {
        direct.push({ workspace: crate.folder, name: dependency.name, type, range, version: dependency.version });
      }
    }
  }
  return direct;
}

/**
 * The Cargo.toml of every local crate, by crate name: the root next to the lockfile, its workspace
 * members, and every crate reached through a `path` dependency of one found before.
 */
async function locateLocalCrates(source: LockfileSource, entries: LockEntry[]): Promise<Map<string, LocalCrate>> {
  const localNames = new Set(entries.filter((entry) => entry.source === null).map((entry) => entry.name));
  const crates = new Map<string, LocalCrate>();
  if (localNames.size === 0) return crates;
  const readCargoToml = (folder: string) =>
    readManifest(source, fileIn(folder, 'Cargo.toml'), (text) => ({ raw: parseTomlTable(text), parsed: parseCargoToml(text) }));
  const rootFolder = folderOf(source.path);
  const root = await readCargoToml(rootFolder);
  const workspaceDependencies = recordAt(root?.raw ?? null, 'workspace', 'dependencies');

  // Breadth first from the root: members first, then the path dependencies each manifest names.
  const queue = [rootFolder, ...(await workspaceMembers(source, rootFolder, recordAt(root?.raw ?? null, 'workspace')))];
  const seen = new Set<string>();
  for (let i = 0; i < queue.length && crates.size < localNames.size; i++) {
    const folder = queue[i]!;
    if (seen.has(folder)) continue;
    seen.add(folder);
    const manifest = folder === rootFolder ? root : await readCargoToml(folder);
    if (!manifest) continue;
    const name = stringAt(recordAt(manifest.raw, 'package'), 'name');
    if (name && localNames.has(name) && !crates.has(name)) {
      crates.set(name, { folder, declarations: declarationsOf(manifest.raw, manifest.parsed.dependencies, workspaceDependencies) });
    }
    for (const path of pathDependencies(manifest.raw)) queue.push(joinPath(folder, path));
  }
  return crates;
}

/** Folders of `[workspace] members`, relative to the repository root; globs are matched against the commit's Cargo.toml files. */
async function workspaceMembers(source: LockfileSource, rootFolder: string, workspace: UnknownRecord | null): Promise<string[]> {
  const members = stringItems(workspace?.['members']);
  const excluded = new Set(stringItems(workspace?.['exclude']).map((path) => joinPath(rootFolder, path)));
  const folders: string[] = [];
  for (const member of members) {
    if (!/[*?[]/.test(member)) {
      folders.push(joinPath(rootFolder, member));
      continue;
    }
    const pattern = globToRegExp(joinPath(rootFolder, member));
    for (const path of await source.listPaths()) {
      if (path !== 'Cargo.toml' && !path.endsWith('/Cargo.toml')) continue;
      const folder = folderOf(path);
      if (pattern.test(folder)) folders.push(folder);
    }
  }
  return folders.filter((folder) => !excluded.has(folder)).sort();
}

/** Cargo's member globs (the `glob` crate): `*` and `?` within one path segment, `**` across segments, `[...]` classes. */
function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) pattern += '\\[';
      else {
        pattern += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else pattern += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** The dependency tables of a Cargo.toml with their section names: plain, and `[target.<platform>.*]`. */
function dependencyTables(toml: UnknownRecord): Array<[string, UnknownRecord]> {
  const tables: Array<[string, UnknownRecord]> = [];
  for (const section of SECTIONS) {
    const table = recordAt(toml, section);
    if (table) tables.push([section, table]);
  }
  for (const [platform, targetTable] of Object.entries(recordAt(toml, 'target') ?? {})) {
    for (const section of SECTIONS) {
      const table = recordAt(asRecord(targetTable), section);
      if (table) tables.push([`target.${platform}.${section}`, table]);
    }
  }
  return tables;
}

function pathDependencies(toml: UnknownRecord): string[] {
  const tables = [...dependencyTables(toml).map(([, table]) => table), recordAt(toml, 'workspace', 'dependencies') ?? {}];
  return tables.flatMap((table) => Object.values(table).flatMap((spec) => stringAt(asRecord(spec), 'path') ?? []));
}

/**
 * What a crate's Cargo.toml declares, keyed by the registry name the lockfile uses: a renamed
 * dependency (`web = { package = "actix-web", ... }`) is keyed `actix-web`, and one inherited from
 * the workspace (`serde.workspace = true`) takes its range and rename from `[workspace.dependencies]`.
 * Types and ranges are the project analyzer's reading of the same file.
 */
function declarationsOf(
  raw: UnknownRecord,
  declared: ReturnType<typeof parseCargoToml>['dependencies'],
  workspaceDependencies: UnknownRecord | null,
): LocalCrate['declarations'] {
  const rawTables = new Map(dependencyTables(raw));
  const declarations: LocalCrate['declarations'] = new Map();
  for (const { name: key, version, type } of declared) {
    // `workspace.dependencies` is a menu for the members, not a declaration of this crate.
    if (!rawTables.has(type)) continue;
    const spec = rawTables.get(type)![key];
    const inherited = asRecord(spec)?.['workspace'] === true ? workspaceDependencies?.[key] : undefined;
    const registryName = stringAt(asRecord(spec), 'package') ?? stringAt(asRecord(inherited), 'package') ?? key;
    const range = version ?? (typeof inherited === 'string' ? inherited : stringAt(asRecord(inherited), 'version'));
    const list = declarations.get(registryName) ?? [];
    if (!list.some((d) => d.type === type)) list.push({ type, range });
    declarations.set(registryName, list);
  }
  return declarations;
}
