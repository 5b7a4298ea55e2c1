/**
 * uv.lock, version 1 (revisions 1 to 3).
 * Spec: https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile
 *
 * Every `[[package]]` is one pinned distribution, including the project's own packages: the
 * workspace members (named in `[manifest] members`; a lone project is the package whose source is
 * `editable = "."` or `virtual = "."`). A member's `dependencies`, `optional-dependencies` and
 * `dev-dependencies` are its direct dependencies, with the ranges it declared in
 * `[package.metadata]`; a virtual workspace root without a project keeps its dependency groups in
 * `[manifest.dependency-groups]`. Types are named as the project analyzer names the pyproject.toml
 * sections they come from (`project.dependencies`, `project.optional-dependencies.<extra>`,
 * `dependency-groups.<group>`).
 */
import * as pep440 from '@renovatebot/pep440';
import { normalisePythonName } from '../../project/manifests/pep508.js';
import { asRecord, recordAt, stringAt, type UnknownRecord } from '../../project/manifests/structured-text.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { folderOf, integerField, joinPath, parseTomlLockfile, versionPinnedFor } from './non-js-shared.js';

const SUPPORTED_VERSION = 1;

interface LockEntry {
  name: string;
  version: string | null;
  source: UnknownRecord;
  table: UnknownRecord;
}

/** A reference to another package in a dependency list: `{ name, version?, source?, extra?, marker? }`. */
interface Reference {
  name: string;
  version: string | null;
  marker: string | null;
}

export const uvLockFormat: LockfileFormat = {
  ecosystem: 'pypi',
  matches: (path) => fileNameOf(path) === 'uv.lock',
  async parse(source) {
    const toml = parseTomlLockfile(source.text);
    const version = integerField(toml, 'version', 'uv.lock');
    if (version !== SUPPORTED_VERSION) {
      throw new LockfileError(version === null ? 'it has no `version` field, which uv writes first in every uv.lock' : `uv.lock version ${version} is not supported (uv writes version 1)`);
    }
    const revision = integerField(toml, 'revision', 'uv.lock');
    const entries = entriesOf(toml['package']);
    const memberNames = memberNamesOf(toml, entries);
    const lockFolder = folderOf(source.path);
    const packages: LockedPackage[] = entries
      .filter((entry) => !memberNames.has(entry.name))
      .map((entry) => ({ name: entry.name, version: entry.version ?? sourceText(entry.source), license: null }));

    const direct: DirectDependency[] = [];
    for (const member of entries.filter((entry) => memberNames.has(entry.name))) {
      const folder = joinPath(lockFolder, memberPath(member.source) ?? '.');
      direct.push(...memberDependencies(member.table, folder, packages, memberNames));
    }
    // A workspace root that is not a project has no [[package]]; its groups are recorded here.
    for (const [group, list] of Object.entries(recordAt(toml, 'manifest', 'dependency-groups') ?? {})) {
      for (const requirement of arrayOfTables(list)) {
        const name = stringAt(requirement, 'name');
        if (!name || memberNames.has(normalisePythonName(name))) continue;
        const normalised = normalisePythonName(name);
        direct.push({ workspace: lockFolder, name: normalised, type: `dependency-groups.${group}`, range: stringAt(requirement, 'specifier'), version: pinned(packages, { name: normalised, version: null }) });
      }
    }
    return { format: `uv.lock v${version}${revision === null ? '' : ` revision ${revision}`}`, packages, direct };
  },
};

function entriesOf(list: unknown): LockEntry[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new LockfileError('its `package` key is not an array of [[package]] tables');
  return list.map((item, index) => {
    const table = asRecord(item);
    const name = stringAt(table, 'name');
    const source = asRecord(table?.['source']);
    // uv writes `source` right after name and version: an entry without it was cut short.
    if (!name || !source) throw new LockfileError(`[[package]] number ${index + 1}${name ? ` (${name})` : ''} has no ${name ? 'source' : 'name'}; the file looks truncated`);
    return { name: normalisePythonName(name), version: stringAt(table, 'version'), source, table: table! };
  });
}

/** Workspace members by name; without a [manifest], the one project at the lockfile's folder. */
function memberNamesOf(toml: UnknownRecord, entries: LockEntry[]): Set<string> {
  const listed = recordAt(toml, 'manifest')?.['members'];
  if (Array.isArray(listed)) return new Set(listed.filter((name): name is string => typeof name === 'string').map(normalisePythonName));
  return new Set(entries.filter((entry) => memberPath(entry.source) === '.').map((entry) => entry.name));
}

/** The folder of an editable or virtual package, relative to the lockfile; null for other sources. */
function memberPath(source: UnknownRecord): string | null {
  return stringAt(source, 'editable') ?? stringAt(source, 'virtual');
}

/** A package without a version (a dynamic-version path or git package): the most specific thing its source records. */
function sourceText(source: UnknownRecord): string {
  for (const key of ['git', 'url', 'path', 'directory', 'editable', 'virtual', 'registry']) {
    const value = stringAt(source, key);
    if (value) return value;
  }
  return JSON.stringify(source);
}

function memberDependencies(table: UnknownRecord, folder: string, packages: LockedPackage[], members: Set<string>): DirectDependency[] {
  const metadata = recordAt(table, 'metadata');
  const requiresDist = arrayOfTables(metadata?.['requires-dist']);
  const requiresDev = recordAt(metadata, 'requires-dev');
  const sections: Array<{ type: string; references: unknown; declared: UnknownRecord[] }> = [
    { type: 'project.dependencies', references: table['dependencies'], declared: requiresDist.filter((r) => !extraOf(r)) },
    ...Object.entries(recordAt(table, 'optional-dependencies') ?? {}).map(([extra, references]) => ({
      type: `project.optional-dependencies.${extra}`,
      references,
      declared: requiresDist.filter((r) => extraOf(r) === extra),
    })),
    ...Object.entries(recordAt(table, 'dev-dependencies') ?? {}).map(([group, references]) => ({
      type: `dependency-groups.${group}`,
      references,
      declared: arrayOfTables(requiresDev?.[group]),
    })),
  ];
  const direct: DirectDependency[] = [];
  for (const { type, references, declared } of sections) {
    for (const reference of referencesOf(references)) {
      // Another member of the workspace is the project's own code, not a dependency.
      if (members.has(reference.name)) continue;
      const version = pinned(packages, reference);
      direct.push({ workspace: folder, name: reference.name, type, range: stringAt(declarationOf(declared, reference, version), 'specifier'), version });
    }
  }
  return direct;
}

function referencesOf(list: unknown): Reference[] {
  return arrayOfTables(list).flatMap((table) => {
    const name = stringAt(table, 'name');
    return name ? [{ name: normalisePythonName(name), version: stringAt(table, 'version'), marker: stringAt(table, 'marker') }] : [];
  });
}

/**
 * The declaration a reference resolves. A requirement split by markers (`kilo<1; python_version < '3.13'`
 * and `kilo>=1.1; python_version >= '3.13'`) is one declaration per fork: the one with the
 * reference's marker, else the one whose specifier the resolved version satisfies.
 */
function declarationOf(declared: UnknownRecord[], reference: Reference, version: string | null): UnknownRecord | null {
  const named = declared.filter((r) => normalisePythonName(stringAt(r, 'name') ?? '') === reference.name);
  if (named.length <= 1) return named[0] ?? null;
  const satisfied = (requirement: UnknownRecord) => {
    const specifier = stringAt(requirement, 'specifier');
    if (version === null || specifier === null || !pep440.valid(version)) return false;
    try {
      return pep440.satisfies(version, specifier);
    } catch {
      // @renovatebot/pep440 throws on a specifier it cannot read: no match, as for a URL version.
      return false;
    }
  };
  return named.find((r) => reference.marker !== null && stringAt(r, 'marker') === reference.marker) ?? named.find(satisfied) ?? named[0]!;
}

/** uv names the version in a reference only when the name is pinned more than once (a forked resolution). */
function pinned(packages: LockedPackage[], reference: Pick<Reference, 'name' | 'version'>): string | null {
  return reference.version ?? versionPinnedFor(packages, reference.name);
}

/** The extra a `requires-dist` entry belongs to, from its marker (`extra == 'docs'`); null for the main list. */
function extraOf(requirement: UnknownRecord): string | null {
  const marker = stringAt(requirement, 'marker') ?? '';
  return /\bextra\s*==\s*['"]([^'"]+)['"]/.exec(marker)?.[1] ?? null;
}

function arrayOfTables(value: unknown): UnknownRecord[] {
  return Array.isArray(value) ? value.map(asRecord).filter((item): item is UnknownRecord => item !== null) : [];
}
