/**
 * yarn's `yarn.lock`: classic (v1, yarn 1) and berry (yarn 2 to 4, marked by `__metadata`).
 * Both map descriptors (`ms@^2.1.1`, berry: `ms@npm:^2.1.1`, several comma-joined) to the package
 * they resolved to; @yarnpkg/parsers reads either syntax. Berry also lists each workspace
 * (`a@workspace:packages/a`) with its dependencies; classic lists none, so its direct
 * dependencies come from the package.json files of the root and its `workspaces` globs.
 */
import { parseSyml } from '@yarnpkg/parsers';
import { matchWorkspaceFolders } from '../../../src/monorepo/workspaces.js';
import { rejectConflictMarkers } from '../lockfile-text.js';
import { reachedFrom } from '../reach.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat, type LockfileSource } from '../model.js';
import {
  DECLARATION_SECTIONS,
  gitPin,
  isRecord,
  nameOfDescriptor,
  packageJsonPathOf,
  rangeOfDescriptor,
  readPackageJsonDeclarations,
  recordOf,
  stringOf,
  unaliased,
  workspacePath,
  type Json,
} from './npm-shared.js';

export const yarnLockFormat: LockfileFormat = {
  ecosystem: 'npm',
  matches: (path) => fileNameOf(path) === 'yarn.lock',
  async parse(source) {
    rejectConflictMarkers(source.text);
    let parsed: Json;
    try {
      parsed = parseSyml(source.text) as Json;
    } catch (error) {
      throw new LockfileError(`it is not valid yarn lockfile syntax (${(error as Error).message.split('\n')[0]})`);
    }
    const entries = byDescriptor(parsed);
    return isRecord(parsed['__metadata']) ? readBerry(parsed['__metadata'], entries, source) : readClassic(entries, source);
  },
};

/** Every descriptor of the file with its entry: keys like `"a@^1, a@^1.2"` name one entry by several descriptors. */
function byDescriptor(parsed: Json): Map<string, Json> {
  const entries = new Map<string, Json>();
  for (const [key, entry] of Object.entries(parsed)) {
    if (key === '__metadata' || !isRecord(entry)) continue;
    for (const descriptor of key.split(/\s*,\s*/)) entries.set(descriptor, entry);
  }
  return entries;
}

async function readClassic(entries: Map<string, Json>, source: LockfileSource) {
  const packages: LockedPackage[] = [];
  for (const [descriptor, entry] of entries) {
    const version = pinnedVersion(entry);
    if (version === null) continue;
    const { name } = unaliased(nameOfDescriptor(descriptor), rangeOfDescriptor(descriptor));
    packages.push({ name, version, license: null });
  }
  const direct: DirectDependency[] = [];
  const starts: Array<{ workspace: string; nodes: string[] }> = [];
  for (const workspace of await classicWorkspaces(source)) {
    const nodes: string[] = [];
    for (const declaration of await readPackageJsonDeclarations(source, workspace, ['resolutions'])) {
      const descriptor = `${declaration.installedAs}@${declarationRange(declaration)}`;
      const entry = entries.get(descriptor);
      direct.push({ ...withoutInstallName(declaration), version: entry ? pinnedVersion(entry) : null });
      if (declaration.type !== 'resolutions') nodes.push(descriptor);
    }
    starts.push({ workspace, nodes });
  }
  // Classic leaves the workspaces themselves out of the file: a dependency on one is found nowhere and ends the walk.
  const reached = reachedFrom({
    starts,
    next: (descriptor) => requiredDescriptors(entries.get(descriptor)),
    identify: (descriptor) => {
      const entry = entries.get(descriptor);
      const version = entry ? pinnedVersion(entry) : null;
      return version === null ? null : { name: unaliased(nameOfDescriptor(descriptor), rangeOfDescriptor(descriptor)).name, version };
    },
  });
  return { format: 'yarn.lock v1', packages, direct, reachedFrom: reached };
}

/** The descriptors an entry requires, as the file keys them (`ms@^2.1.3`, berry: `ms@npm:^2.1.3`). */
function requiredDescriptors(entry: Json | undefined): string[] {
  if (!entry) return [];
  return ['dependencies', 'optionalDependencies'].flatMap((section) => Object.entries(recordOf(entry[section])).map(([name, range]) => `${name}@${String(range)}`));
}

/** The range a declaration was written with, as yarn keys it (an alias keeps its `npm:` prefix). */
function declarationRange(declaration: { installedAs: string; name: string; range: string | null }): string {
  if (declaration.installedAs !== declaration.name) return `npm:${declaration.name}@${declaration.range}`;
  return declaration.range ?? '*';
}

function withoutInstallName<T extends { installedAs: string }>(declaration: T): Omit<T, 'installedAs'> {
  const { installedAs: _, ...rest } = declaration;
  return rest;
}

/** The root and the workspaces its package.json names (`"workspaces": [...]` or `{ "packages": [...] }`). */
async function classicWorkspaces(source: LockfileSource): Promise<string[]> {
  const root = workspacePath(source.path, '');
  const text = await source.read(packageJsonPathOf(root));
  let globs: string[] = [];
  try {
    const json = recordOf(text ? JSON.parse(text) : null);
    const declared = Array.isArray(json['workspaces']) ? json['workspaces'] : recordOf(json['workspaces'])['packages'];
    globs = Array.isArray(declared) ? declared.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [root];
  }
  if (globs.length === 0) return [root];
  // The globs are the root's: below a lockfile in a subfolder, they name folders under it.
  const prefix = root === '.' ? '' : `${root}/`;
  const fromRoot = globs.map((glob) => (glob.trim().startsWith('!') ? `!${prefix}${glob.trim().slice(1)}` : `${prefix}${glob}`));
  return [root, ...matchWorkspaceFolders(fromRoot, await source.listPaths())];
}

async function readBerry(metadata: Json, entries: Map<string, Json>, source: LockfileSource) {
  const packages: LockedPackage[] = [];
  const workspaces: Array<{ folder: string; dependencies: Json }> = [];
  for (const entry of new Set(entries.values())) {
    const resolution = stringOf(entry['resolution']);
    const version = stringOf(entry['version']);
    if (resolution === null || version === null) continue;
    const reference = rangeOfDescriptor(resolution) ?? '';
    if (reference.startsWith('workspace:')) {
      workspaces.push({ folder: reference.slice('workspace:'.length), dependencies: recordOf(entry['dependencies']) });
      continue;
    }
    // Links and portals point into the project itself.
    if (entry['linkType'] === 'soft') continue;
    packages.push({ name: nameOfDescriptor(resolution), version: isPinnedByCommit(reference) ? reference : version, license: null });
  }
  const direct: DirectDependency[] = [];
  const reached = reachedFrom({
    starts: workspaces.map(({ folder, dependencies }) => ({ workspace: workspacePath(source.path, folder), nodes: Object.entries(dependencies).map(([name, range]) => `${name}@${String(range)}`) })),
    next: (descriptor) => requiredDescriptors(entries.get(descriptor)),
    // A workspace, link or portal is the project's own package: the walk ends there.
    identify: (descriptor) => {
      const entry = entries.get(descriptor);
      const resolution = entry ? stringOf(entry['resolution']) : null;
      const version = entry ? stringOf(entry['version']) : null;
      if (!entry || resolution === null || version === null || entry['linkType'] === 'soft') return null;
      const reference = rangeOfDescriptor(resolution) ?? '';
      return reference.startsWith('workspace:') ? null : { name: nameOfDescriptor(resolution), version: isPinnedByCommit(reference) ? reference : version };
    },
  });
  for (const { folder, dependencies } of workspaces) {
    const workspace = workspacePath(source.path, folder);
    const declared = await readPackageJsonDeclarations(source, workspace, ['resolutions']);
    // The lockfile lists what a workspace depends on, not the `resolutions` it forces on the tree.
    direct.push(...declared.filter((d) => !DECLARATION_SECTIONS.includes(d.type as never)).map(withoutInstallName));
    for (const [installedAs, range] of Object.entries(dependencies)) {
      const entry = entries.get(`${installedAs}@${String(range)}`);
      const resolution = entry ? stringOf(entry['resolution']) : null;
      // Another workspace of the project is not a dependency.
      if (resolution && rangeOfDescriptor(resolution)?.startsWith('workspace:')) continue;
      const declaration = declared.find((d) => d.installedAs === installedAs);
      const target = resolution ? nameOfDescriptor(resolution) : installedAs;
      direct.push({
        workspace,
        name: target,
        type: declaration?.type ?? 'dependencies',
        range: declaration?.range ?? String(range),
        version: entry ? stringOf(entry['version']) : null,
      });
    }
  }
  return { format: `yarn.lock berry (metadata version ${String(metadata['version'])})`, packages, direct, reachedFrom: reached };
}

/** Berry references a git dependency by its commit (`https://github.com/a/b.git#commit=…`). */
function isPinnedByCommit(reference: string): boolean {
  return reference.includes('#commit=');
}

/** A classic entry's version, or for a git dependency its commit (`resolved`: the git URL, or codeload's tarball of it). */
function pinnedVersion(entry: Json): string | null {
  const version = stringOf(entry['version']);
  return version === null ? null : (gitPin(stringOf(entry['resolved'])) ?? version);
}

