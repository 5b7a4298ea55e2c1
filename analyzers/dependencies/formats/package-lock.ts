/**
 * npm's `package-lock.json` and `npm-shrinkwrap.json`, lockfile versions 1, 2 and 3.
 * Spec: https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json
 *
 * Versions 2 and 3 list every installed folder under `packages`, keyed by its path
 * (`node_modules/a/node_modules/b`); the root (`""`) and workspace folders carry their declared
 * dependencies, so the file is complete on its own. Version 1 nests `dependencies` by install
 * tree and records no declarations: the direct dependencies come from the package.json beside it.
 */
import { parseJsonLockfile } from '../lockfile-text.js';
import { reachedFrom } from '../reach.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat, type LockfileSource } from '../model.js';
import { DECLARATION_SECTIONS, gitPin, isRecord, readPackageJsonDeclarations, recordOf, stringOf, unaliased, versionOfTarball, workspacePath, type Json } from './npm-shared.js';

export const packageLockFormat: LockfileFormat = {
  ecosystem: 'npm',
  matches: (path) => ['package-lock.json', 'npm-shrinkwrap.json'].includes(fileNameOf(path)),
  async parse(source) {
    const json = parseJsonLockfile(source.text);
    const version = json['lockfileVersion'];
    if (version === 1 || (version === undefined && json['dependencies'])) return readVersion1(json, source);
    if (version === 2 || version === 3) {
      const contents = readPackages(json, source.path, version);
      // The lockfile records each workspace's declarations but not the overrides forced on the tree.
      const overrides = (await readPackageJsonDeclarations(source, workspacePath(source.path, ''), ['overrides'])).filter((d) => d.type === 'overrides');
      return { ...contents, direct: [...contents.direct, ...overrides] };
    }
    throw new LockfileError(`lockfileVersion ${JSON.stringify(version)} is not one npm 5 to 11 write (1, 2 or 3)`);
  },
};

function readPackages(json: Json, lockfilePath: string, version: 2 | 3) {
  const entries = json['packages'];
  if (!isRecord(entries)) throw new LockfileError(`lockfileVersion ${version} has no "packages" object`);
  const packages: LockedPackage[] = [];
  const declarations: Array<{ folder: string; installedAs: string; dependency: DirectDependency }> = [];
  const installed = new Map<string, string>();
  const identities = new Map<string, { name: string; version: string }>();
  for (const [path, entry] of Object.entries(entries)) {
    if (!isRecord(entry)) continue;
    const nodeModules = path.lastIndexOf('node_modules/');
    if (nodeModules < 0) {
      // The root or a workspace folder: its declarations, not a package of the registry.
      for (const section of DECLARATION_SECTIONS) {
        for (const [name, range] of Object.entries(recordOf(entry[section]))) {
          declarations.push({ folder: path, installedAs: name, dependency: { workspace: workspacePath(lockfilePath, path), ...unaliased(name, String(range)), type: section, version: null } });
        }
      }
      continue;
    }
    // A symlink to a workspace folder (`"link": true`) is the project's own package.
    if (entry['link'] === true) continue;
    // A git dependency is pinned by its commit, not by the version in its package.json.
    const version = gitPin(stringOf(entry['resolved'])) ?? stringOf(entry['version']) ?? stringOf(entry['resolved']);
    if (version === null) continue;
    installed.set(path, version);
    // An alias is installed under its own folder name; `name` records the package it installs.
    const name = stringOf(entry['name']) ?? path.slice(nodeModules + 'node_modules/'.length);
    identities.set(path, { name, version });
    packages.push({ name, version, license: licenseOf(entry['license']) });
  }
  // npm resolves a workspace's dependency in the workspace's own node_modules first, then at the root.
  const direct = declarations.map(({ folder, installedAs, dependency }) => ({
    ...dependency,
    version: installed.get(`${folder ? `${folder}/` : ''}node_modules/${installedAs}`) ?? installed.get(`node_modules/${installedAs}`) ?? null,
  }));
  return { format: `package-lock v${version}`, packages, direct, reachedFrom: reachedByWorkspaces(entries, identities, lockfilePath) };
}

/** The sections of an installed package's entry that name what it requires. */
const REQUIRING_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Which workspace folders reach each installed version: from a workspace's declarations, each
 * name is resolved the way Node does, in the requiring folder's node_modules and then in each
 * folder above it, and the walk goes on through that package's own requirements. A link (a
 * workspace package) ends the walk: what it requires is its own workspace's.
 */
function reachedByWorkspaces(entries: Json, identities: ReadonlyMap<string, { name: string; version: string }>, lockfilePath: string): Map<string, string[]> {
  const resolve = (from: string, name: string): string[] => {
    for (let folder = from; ; folder = folder.slice(0, Math.max(0, folder.lastIndexOf('/')))) {
      const candidate = folder ? `${folder}/node_modules/${name}` : `node_modules/${name}`;
      if (isRecord(entries[candidate])) return [candidate];
      if (folder === '') return [];
    }
  };
  const requires = (folder: string, sections: readonly string[]) => sections.flatMap((section) => Object.keys(recordOf(recordOf(entries[folder])[section])).flatMap((name) => resolve(folder, name)));
  return reachedFrom({
    starts: Object.keys(entries)
      .filter((folder) => !folder.includes('node_modules/'))
      .map((folder) => ({ workspace: workspacePath(lockfilePath, folder), nodes: requires(folder, DECLARATION_SECTIONS) })),
    next: (path) => requires(path, REQUIRING_SECTIONS),
    identify: (path) => identities.get(path) ?? null,
  });
}

async function readVersion1(json: Json, source: LockfileSource) {
  const packages: LockedPackage[] = [];
  const walk = (dependencies: unknown) => {
    for (const [name, entry] of Object.entries(recordOf(dependencies))) {
      if (!isRecord(entry) || typeof entry['version'] !== 'string') continue;
      packages.push({ name: unaliased(name, String(entry['version'])).name, version: versionOfV1(entry), license: null });
      walk(entry['dependencies']);
    }
  };
  walk(json['dependencies']);
  const topLevel = recordOf(json['dependencies']);
  const declared = await readPackageJsonDeclarations(source, workspacePath(source.path, ''), ['overrides']);
  const direct = declared.map((dep) => {
    // An override is matched by its range: it pins what it pins wherever in the tree, not the top-level copy.
    const entry = dep.type === 'overrides' ? null : topLevel[dep.installedAs];
    return { ...dep, version: isRecord(entry) && typeof entry['version'] === 'string' ? versionOfV1(entry) : null };
  });
  return { format: 'package-lock v1', packages, direct };
}

/** v1 writes an alias's version as `npm:real@1.0.0` and a git dependency's as its URL with the commit. */
function versionOfV1(entry: Json): string {
  const version = String(entry['version']);
  const alias = /^npm:(?:@[^/@]+\/)?[^@]+@(.+)$/.exec(version);
  if (alias) return alias[1]!;
  return gitPin(version) ?? versionOfTarball(version);
}

function licenseOf(license: unknown): string | null {
  if (typeof license === 'string') return license;
  if (isRecord(license) && typeof license['type'] === 'string') return license['type'];
  return null;
}
