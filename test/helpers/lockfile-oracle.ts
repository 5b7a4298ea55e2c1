/**
 * An oracle for the dependency analyzer, written apart from its parsers: the distinct
 * `name@version` pairs one end of a range pins in a lockfile, and, for the npm formats, the
 * version each workspace's direct dependencies resolved to. It reads a lockfile at one commit of
 * a git directory (`readLockfilePinsAt`), such as a local mirror of a public repository, so that
 * no file of those repositories is ever copied into this one.
 *
 * npm formats, from files written to a temp folder (npm ls reads files, not blobs):
 * - package-lock.json / npm-shrinkwrap.json: the tree npm itself prints,
 *   `npm ls --all --json --package-lock-only` (https://docs.npmjs.com/cli/commands/npm-ls), run in
 *   a temp folder holding that end's manifests and lockfile; a plain JSON read only when npm ls
 *   gives no tree.
 * - yarn.lock v1 (https://classic.yarnpkg.com/lang/en/docs/yarn-lock/): a line-by-line reading.
 * - yarn.lock berry (https://yarnpkg.com/configuration/yarnrc#lockfileFilename): the `yaml`
 *   package, then the `resolution` locators (the `version` fields only for plugin protocols).
 * - pnpm-lock.yaml 5.x / 6.0 / 9.0 (https://github.com/pnpm/spec/tree/master/lockfile): the `yaml`
 *   package, then every dependency reference of the importers and packages (snapshots in 9.0),
 *   not the keys of `packages`.
 * - bun.lock: JSON once its trailing commas are dropped; `packages` tuples, `workspaces` declarations.
 *
 * Other ecosystems, from the text alone, by line and regular expression (no TOML parser, no
 * manifest); none of these readers knows direct dependencies:
 * - Cargo.lock, poetry.lock, uv.lock: the `name` and `version` lines of each `[[package]]` block,
 *   before its first sub-table. Cargo entries without `source` and uv entries whose source is
 *   `editable` or `virtual` are the workspace's own packages and pin nothing.
 * - go.mod: `require` lines, single or in a block; a `replace` with a version gives the version built.
 * - Gemfile.lock: the 4-space `name (version)` lines under `specs:` of GEM, GIT and PATH, the
 *   platform suffix (`-x86_64-linux`) stripped.
 * - composer.lock: `name` and `version` of the JSON `packages` and `packages-dev`.
 * - requirements files: `name==version` lines (a looser specifier kept as written, a bare name `*`).
 *
 * Conventions shared with the analyzer's contract (analyzers/dependencies/model.ts):
 * - a package is named as its registry names it: an npm alias (`"x": "npm:y@1"`) pins `y`; PyPI
 *   names are PEP 503-normalised (`Foo_Bar` → `foo-bar`); versions are kept as written;
 * - workspaces and local links (npm `link`, yarn `workspace:`/`link:`/`portal:`, pnpm `link:`)
 *   are the repository's own code and pin nothing;
 * - a git dependency (and GitHub's tarball of a commit) pins its commit, not the version its
 *   package.json claims: npm and yarn classic spellings of one commit are written one way;
 * - the same name@version pinned twice (hoisted and nested, patched and plain) counts once.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';

export interface LockfilePins {
  /** `npm ls`, `yarn v1`, `yarn berry v8`, `pnpm 9.0`, `Cargo.lock`, ... */
  format: string;
  /** How the pins were computed, for the test's log. */
  source: string;
  /** Distinct `name@version`. */
  pins: Set<string>;
  /** The pins some dependent installs under an alias (`string-width-cjs` → `string-width@4.2.3`). */
  aliased: Set<string>;
  /**
   * Workspace folder from the repository root (`.` for the root) → the `name@version` each
   * dependency its manifest declares (dependencies, devDependencies, optionalDependencies,
   * peerDependencies) resolved to. Declarations the lockfile resolves nowhere are left out.
   * Empty for the formats outside npm.
   */
  direct: Map<string, Set<string>>;
  /**
   * The overrides the root manifest beside the lockfile forces on the whole tree (npm `overrides`,
   * yarn `resolutions`, `pnpm.overrides`): package name → range, `npm:` dropped. The lockfile does
   * not say which of its pins an override produced.
   */
  overrides: Map<string, string>;
}

/** The lockfiles of the npm ecosystem, read from files on disk. */
export const NPM_LOCKFILE_NAMES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock'];

/**
 * Whether a path names a lockfile the analyzer's README lists, as the oracle recognises them: by
 * file name, and for pip any `.txt` in a `requirements/` folder.
 */
export function isLockfilePath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.at(-1)!;
  if ([...NPM_LOCKFILE_NAMES, 'bun.lockb', 'Cargo.lock', 'poetry.lock', 'uv.lock', 'go.mod', 'Gemfile.lock', 'gems.locked', 'composer.lock'].includes(name)) return true;
  return /^requirements.*\.txt$/.test(name) || (name.endsWith('.txt') && segments.at(-2) === 'requirements');
}

/** `name@version` → [name, version]; a name has at most one `@`, at its start. */
export function splitPin(pin: string): [string, string] {
  const at = pin.indexOf('@', 1);
  return [pin.slice(0, at), pin.slice(at + 1)];
}

/** Pins of `a` missing from `b`, sorted. */
export function pinsMissingFrom(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((pin) => !b.has(pin)).sort();
}

// ---------------------------------------------------------------------------------------------
// git directories (mirrors of real repositories)

/** Where the mirrors live: `<root>/<owner>+<name>/repo`, each a bare git directory. */
export { MIRROR_ROOT, mirrorGitDir } from './mirrors.js';

/** Runs git on a git directory and returns its standard output. */
export function gitIn(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Blobs the diff of `from` and `to` names that the git directory does not hold (a mirror without its largest files). */
export function missingBlobs(gitDir: string, from: string, to: string): string[] {
  const entries = gitIn(gitDir, 'diff-tree', '-r', '-z', '--no-renames', from, to).split('\0');
  const wanted = new Map<string, string>();
  // -z: `:mode mode oid oid status` NUL `path` NUL.
  for (let i = 0; i + 1 < entries.length; i += 2) {
    const [oldMode, newMode, oldOid, newOid] = entries[i]!.slice(1).split(' ');
    if (oldMode !== '160000' && !/^0+$/.test(oldOid!)) wanted.set(oldOid!, entries[i + 1]!);
    if (newMode !== '160000' && !/^0+$/.test(newOid!)) wanted.set(newOid!, entries[i + 1]!);
  }
  const checked = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch-check'], { input: [...wanted.keys()].join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  return checked.stdout
    .split('\n')
    .filter((line) => line.endsWith(' missing'))
    .map((line) => wanted.get(line.split(' ')[0]!)!);
}

/**
 * The pins of `lockfile` (a path from the repository root) at `commit` of a git directory; null
 * when the commit has no such file.
 */
export async function readLockfilePinsAt(gitDir: string, commit: string, lockfile: string): Promise<LockfilePins | null> {
  const text = await showFile(gitDir, commit, lockfile);
  if (text === null) return null;
  const name = posix.basename(lockfile);
  if (!NPM_LOCKFILE_NAMES.includes(name)) return readTextPins(lockfile, text);
  const root = mkdtempSync(join(tmpdir(), 'impl-draft-lockfile-oracle-'));
  try {
    writeEnd(gitDir, commit, lockfile, root);
    return await readLockfilePins(root, lockfile);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const execFileAsync = promisify(execFile);

/** `git show <commit>:<path>`; null when the commit has no such file. */
async function showFile(gitDir: string, commit: string, path: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return stdout;
  } catch (error) {
    if (/does not exist|exists on disk, but not in/.test(String((error as { stderr?: string }).stderr))) return null;
    throw error;
  }
}

/** Folders whose package.json files are test inputs of the project itself, not its manifests. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'fixtures', '__fixtures__']);

/**
 * Writes the lockfile and the manifests of its project (every package.json and
 * pnpm-workspace.yaml in its folder and below, outside fixture folders) at `commit` into `root`.
 */
function writeEnd(gitDir: string, commit: string, lockfile: string, root: string): void {
  const folder = posix.dirname(lockfile);
  const listed = gitIn(gitDir, 'ls-tree', '-r', '-z', '--name-only', commit, '--', folder === '.' ? '.' : `${folder}/`).split('\0').filter(Boolean);
  const files = listed.filter((path) => {
    const parts = path.split('/');
    return (path === lockfile || ['package.json', 'pnpm-workspace.yaml'].includes(parts.at(-1)!)) && !parts.slice(0, -1).some((part) => SKIPPED_FOLDERS.has(part));
  });
  // One `git cat-file --batch` for them all: `<oid> <type> <size>` LF, the content, LF.
  const output = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: files.map((path) => `${commit}:${path}`).join('\n') + '\n', maxBuffer: 1 << 30 }).stdout;
  let offset = 0;
  for (const path of files) {
    const newline = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, newline).toString('utf8').split(' ');
    if (header[1] !== 'blob') throw new Error(`git cat-file gave no blob for ${commit}:${path}: ${header.join(' ')}`);
    const size = Number(header[2]);
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.subarray(newline + 1, newline + 1 + size));
    offset = newline + 1 + size + 1;
  }
}

/** The pins of the npm lockfile at `lockfile` (relative to `root`, a folder holding one end's files). */
export async function readLockfilePins(root: string, lockfile: string): Promise<LockfilePins> {
  const result = await readPins(root, lockfile);
  result.overrides = readOverrides(readJson(join(root, posix.dirname(lockfile), 'package.json')));
  return result;
}

async function readPins(root: string, lockfile: string): Promise<LockfilePins> {
  const name = posix.basename(lockfile);
  const text = readFileSync(join(root, lockfile), 'utf8');
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return readNpmPins(root, lockfile);
  if (name === 'pnpm-lock.yaml') return readPnpmPins(text, posix.dirname(lockfile));
  if (name === 'yarn.lock') return /^__metadata:/m.test(text) ? readYarnBerryPins(root, lockfile, text) : readYarnClassicPins(root, lockfile, text);
  if (name === 'bun.lock') return readBunPins(lockfile, text);
  throw new Error(`${lockfile}: not a lockfile the oracle reads (${NPM_LOCKFILE_NAMES.join(', ')})`);
}

/**
 * npm nests overrides (`{"a": {"b": "1"}}`, `"."` for the parent itself); yarn selectors are paths
 * (`**\/a`, `x/a`), pnpm's chains (`x>a`, `a@<2`): each overrides the last package it names.
 */
function readOverrides(manifest: Record<string, any> | null): Map<string, string> {
  const overrides = new Map<string, string>();
  const add = (section: unknown, parent?: string) => {
    for (const [selector, value] of Object.entries((section ?? {}) as Record<string, unknown>)) {
      if (typeof value !== 'string') {
        add(value, selector);
        continue;
      }
      const target = selector === '.' && parent ? parent : selector;
      const last = target.split('>').pop()!.split('/');
      const name = splitDescriptor(last.at(-2)?.startsWith('@') ? last.slice(-2).join('/') : last.at(-1)!)[0];
      // An override to a local folder or workspace forces the project's own code, no registry package.
      if (!/^(link|file|portal|workspace):/.test(value)) overrides.set(name, value.replace(/^npm:((?:@[^/@]+\/)?[^@]+@)?/, ''));
    }
  };
  add(manifest?.['overrides']);
  add(manifest?.['resolutions']);
  add(manifest?.['pnpm']?.['overrides']);
  return overrides;
}

// ---------------------------------------------------------------------------------------------
// npm

interface NpmLsNode {
  version?: string;
  resolved?: string;
  extraneous?: boolean;
  missing?: boolean;
  dependencies?: Record<string, NpmLsNode>;
}

async function readNpmPins(root: string, lockfile: string): Promise<LockfilePins> {
  const lock = JSON.parse(readFileSync(join(root, lockfile), 'utf8')) as NpmLock;
  // npm 7+ rebuilds a v1 file's tree from registry metadata it lacks offline: its tree drops
  // bundled dependencies, the subtrees of git dependencies and packages nothing requires, all of
  // which the file records as installed. Version 1 nests the install tree, so it is read directly.
  if (lock.lockfileVersion === undefined || lock.lockfileVersion === 1) {
    return readNpmLockJson(lock, 'JSON read of the nested dependencies (npm ls cannot rebuild a v1 tree offline)', readJson(join(root, posix.dirname(lockfile), 'package.json')), posix.dirname(lockfile));
  }
  const tree = await runNpmLs(dirname(join(root, lockfile)), posix.basename(lockfile));
  if (tree === null) return readNpmLockJson(lock, 'JSON read of the lockfile (npm ls printed no tree)', null, posix.dirname(lockfile));
  const result = emptyPins('npm ls', `npm ls --all --json --package-lock-only (npm ${await npmVersion()})`);
  const project = posix.dirname(lockfile);
  // npm ls keys each node by the folder it is installed in; the tarball it came from names the package.
  // With --package-lock-only its root edges are the lockfile's copy of the manifest, so a
  // workspace's direct dependencies are its own package.json's declarations among them.
  const walk = (node: NpmLsNode, workspace: string | null) => {
    const declared = workspace === null ? null : new Set(declaredDependencies(readJson(join(root, workspace, 'package.json'))).map(([name]) => name));
    for (const [installedAs, child] of Object.entries(node.dependencies ?? {})) {
      // `{}` is an optional peer dependency nothing installs.
      if (child.version === undefined || child.missing) continue;
      const link = localLinkTarget(child.resolved);
      if (link !== null) {
        // A workspace (or a `file:` folder): its own dependencies are its direct ones.
        walk(child, posix.normalize(posix.join(project, link)));
        continue;
      }
      const name = registryNameOf(child.resolved) ?? installedAs;
      const version = child.resolved && isGitResolution(child.resolved) ? gitCommit(child.resolved) : child.version;
      addPin(result, name, version, name !== installedAs);
      if (workspace !== null && declared?.has(installedAs)) setDirect(result, workspace, name, version);
      walk(child, null);
    }
  };
  walk(tree, project);
  return result;
}

/** `file:../packages/a` → `../packages/a`; null for a registry, git or tarball resolution. */
function localLinkTarget(resolved: string | undefined): string | null {
  if (!resolved?.startsWith('file:') || /\.(tgz|tar\.gz|tar)$/.test(resolved)) return null;
  return resolved.slice('file:'.length);
}

/** `https://registry.npmjs.org/@mgol/x/-/x-1.0.0.tgz` → `@mgol/x`; null when it is no registry tarball. */
function registryNameOf(resolved: string | undefined): string | null {
  const match = resolved?.match(/\/((?:@[^/]+(?:\/|%2[fF]))?[^/]+)\/-\/[^/]+\.tgz(?:#.*)?$/);
  return match ? decodeURIComponent(match[1]!) : null;
}

/**
 * Copies the manifests and the lockfile into a temp folder (npm ls reads nothing else with
 * --package-lock-only) and returns the printed tree, or null when npm printed none.
 */
async function runNpmLs(projectDir: string, lockfileName: string): Promise<NpmLsNode | null> {
  const temp = mkdtempSync(join(tmpdir(), 'impl-draft-npm-ls-'));
  try {
    for (const file of listFiles(projectDir)) {
      if (file !== lockfileName && posix.basename(file) !== 'package.json') continue;
      mkdirSync(dirname(join(temp, file)), { recursive: true });
      copyFileSync(join(projectDir, file), join(temp, file));
    }
    let stdout: string;
    try {
      ({ stdout } = await run('npm', ['ls', '--all', '--json', '--package-lock-only', '--offline', '--no-update-notifier'], temp));
    } catch (error) {
      // npm ls exits 1 on an invalid or missing edge but still prints the tree.
      stdout = String((error as { stdout?: string }).stdout ?? '');
    }
    const tree = safeJson(stdout) as (NpmLsNode & { error?: unknown }) | null;
    return tree && !tree.error && tree.dependencies ? tree : null;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string) {
  return execFileAsync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, npm_config_loglevel: 'silent' } });
}

let cachedNpmVersion: Promise<string> | undefined;
function npmVersion(): Promise<string> {
  cachedNpmVersion ??= run('npm', ['--version'], tmpdir()).then(({ stdout }) => stdout.trim());
  return cachedNpmVersion;
}

interface NpmLockEntry {
  version?: string;
  resolved?: string;
  name?: string;
  link?: boolean;
  dependencies?: Record<string, NpmLockEntry>;
}

interface NpmLock {
  lockfileVersion?: number;
  packages?: Record<string, NpmLockEntry>;
  dependencies?: Record<string, NpmLockEntry>;
}

/**
 * The lockfile's own JSON: every installed folder of `packages` (v2/v3), or the nested
 * `dependencies` (v1). With the manifest beside a v1 file, its declarations are direct at the
 * version installed at the top level, where npm puts every direct dependency.
 */
function readNpmLockJson(lock: NpmLock, source: string, manifest: Record<string, any> | null, project: string): LockfilePins {
  const result = emptyPins(`package-lock v${lock.lockfileVersion ?? 1}`, source);
  const versionOf = (entry: NpmLockEntry) => (entry.resolved && isGitResolution(entry.resolved) ? gitCommit(entry.resolved) : entry.version!);
  if (lock.packages) {
    for (const [path, entry] of Object.entries(lock.packages)) {
      const at = path.lastIndexOf('node_modules/');
      if (at < 0 || entry.link || entry.version === undefined) continue;
      const installedAs = path.slice(at + 'node_modules/'.length);
      addPin(result, entry.name ?? installedAs, versionOf(entry), (entry.name ?? installedAs) !== installedAs);
    }
    return result;
  }
  const walk = (deps: Record<string, NpmLockEntry> | undefined) => {
    for (const [installedAs, entry] of Object.entries(deps ?? {})) {
      if (entry.version === undefined || entry.version.startsWith('file:')) continue;
      // v1 writes an alias's version as `npm:real@1.2.3`.
      const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(entry.version);
      if (alias) addPin(result, alias[1]!, alias[2]!, true);
      else addPin(result, installedAs, isGitResolution(entry.version) ? gitCommit(entry.version) : versionOf(entry), false);
      walk(entry.dependencies);
    }
  };
  walk(lock.dependencies);
  for (const [installedAs] of declaredDependencies(manifest)) {
    const entry = lock.dependencies?.[installedAs];
    if (entry?.version === undefined || entry.version.startsWith('file:')) continue;
    const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(entry.version);
    if (alias) setDirect(result, project, alias[1]!, alias[2]!);
    else setDirect(result, project, installedAs, isGitResolution(entry.version) ? gitCommit(entry.version) : versionOf(entry));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// yarn v1

interface Resolved {
  name: string;
  version: string;
}

/**
 * Reads the entries line by line: an unindented line ending in `:` lists the descriptors
 * (`name@range`, comma separated, quoted when needed), the first `  version "x"` under it the
 * version, `  resolved "url"` where it came from.
 */
function readYarnClassicPins(root: string, lockfile: string, text: string): LockfilePins {
  const result = emptyPins('yarn v1', 'line-by-line reading of yarn.lock');
  const byDescriptor = new Map<string, Resolved>();
  let descriptors: string[] = [];
  let fields: Record<string, string> = {};
  const flush = () => {
    const version = fields['version'];
    if (descriptors.length > 0 && version !== undefined) {
      const resolved = fields['resolved'];
      const pinned = resolved && isGitResolution(resolved) ? gitCommit(resolved) : version;
      for (const descriptor of descriptors) {
        const [installedAs, range] = splitDescriptor(descriptor);
        const name = aliasTarget(range) ?? installedAs;
        addPin(result, name, pinned, name !== installedAs);
        byDescriptor.set(descriptor, { name, version: pinned });
      }
    }
    descriptors = [];
    fields = {};
  };
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      flush();
      descriptors = line.replace(/:$/, '').split(/,\s*/).map(unquote);
      continue;
    }
    // Two spaces: the entry's own fields; deeper lines belong to its dependency lists.
    const field = /^ {2}(\w+) "?([^"]*)"?$/.exec(line);
    if (field && !(field[1]! in fields)) fields[field[1]!] = field[2]!;
  }
  flush();
  // Direct dependencies: each workspace manifest's ranges, looked up as `name@range` keys.
  for (const workspace of yarnWorkspaces(root, lockfile)) {
    const manifest = readJson(join(root, workspace, 'package.json'));
    for (const [installedAs, range] of declaredDependencies(manifest)) {
      const resolved = byDescriptor.get(`${installedAs}@${range}`);
      if (resolved !== undefined) setDirect(result, workspace, resolved.name, resolved.version);
    }
  }
  return result;
}

/** The folders of the root manifest beside the lockfile and of every workspace it lists. */
function yarnWorkspaces(root: string, lockfile: string): string[] {
  const base = posix.dirname(lockfile);
  const manifest = readJson(join(root, base, 'package.json'));
  const globs = Array.isArray(manifest?.['workspaces']) ? manifest['workspaces'] : (manifest?.['workspaces']?.packages ?? []);
  const patterns = (globs as string[]).map(globToRegExp);
  const folders = listFiles(join(root, base))
    .filter((file) => posix.basename(file) === 'package.json')
    .map((file) => posix.dirname(file))
    .filter((folder) => folder !== '.' && patterns.some((pattern) => pattern.test(folder)));
  return ['.', ...folders].map((folder) => posix.normalize(posix.join(base, folder)));
}

// ---------------------------------------------------------------------------------------------
// yarn berry

interface BerryEntry {
  version?: string;
  resolution?: string;
  dependencies?: Record<string, string>;
}

/**
 * Each entry maps its descriptors (the key) to one locator (`resolution`): `name@npm:1.2.3`,
 * `name@patch:name@npm%3A1.2.3#...` (a patched registry package), `name@workspace:folder`, ...
 */
function readYarnBerryPins(root: string, lockfile: string, text: string): LockfilePins {
  const { __metadata: metadata, ...lock } = parseYaml(text) as Record<string, BerryEntry> & { __metadata?: { version?: number } };
  const result = emptyPins(`yarn berry v${metadata?.version ?? '?'}`, 'yaml package + own parsing of resolution locators');
  const byDescriptor = new Map<string, Resolved>();
  const workspaces = new Map<string, BerryEntry>();
  for (const [key, entry] of Object.entries(lock)) {
    if (!entry.resolution) continue;
    const [name, reference] = splitDescriptor(entry.resolution);
    if (reference.startsWith('workspace:')) {
      workspaces.set(reference.slice('workspace:'.length), entry);
      continue;
    }
    const version = berryVersion(reference, entry);
    if (version === null) continue;
    const installedAs = key.split(/,\s*/).map((descriptor) => splitDescriptor(descriptor)[0]);
    addPin(result, name, version, installedAs.some((other) => other !== name));
    for (const descriptor of key.split(/,\s*/)) byDescriptor.set(descriptor, { name, version });
  }
  // A workspace's entry lists what its manifest declares, as descriptors (`npm:^1.2.0`); a root
  // `resolutions` override replaces the descriptor before yarn resolves it.
  const overrides = (readJson(join(root, posix.dirname(lockfile), 'package.json'))?.['resolutions'] ?? {}) as Record<string, string>;
  for (const [folder, entry] of workspaces) {
    for (const [installedAs, range] of Object.entries(entry.dependencies ?? {})) {
      const declared = overrides[installedAs] ?? range;
      const resolved = byDescriptor.get(`${installedAs}@${declared}`) ?? byDescriptor.get(`${installedAs}@npm:${declared}`);
      if (resolved !== undefined) setDirect(result, posix.normalize(posix.join(posix.dirname(lockfile), folder)), resolved.name, resolved.version);
    }
  }
  return result;
}

/** The version a berry locator reference pins; null for the repository's own folders. */
function berryVersion(reference: string, entry: BerryEntry): string | null {
  const protocol = /^([a-z]+):/.exec(reference)?.[1];
  if (protocol === 'npm') return reference.slice('npm:'.length);
  // `patch:typescript@npm%3A5.8.3#builtin<...>::version=5.8.3&hash=..`: the patched locator's.
  if (protocol === 'patch') return berryVersion(splitDescriptor(decodeURIComponent(reference.slice('patch:'.length).split('#')[0]!))[1], entry);
  if (protocol === 'link' || protocol === 'portal' || protocol === 'workspace') return null;
  if (isGitResolution(reference)) return reference;
  // Tarballs, and protocols of plugins (babel's `condition:`), say nothing more than yarn's version.
  return entry.version ?? null;
}

// ---------------------------------------------------------------------------------------------
// pnpm

type PnpmImporterValue = string | { version: string };

interface PnpmImporter {
  dependencies?: Record<string, PnpmImporterValue>;
  devDependencies?: Record<string, PnpmImporterValue>;
  optionalDependencies?: Record<string, PnpmImporterValue>;
}

interface PnpmSnapshot {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * pnpm keys a package by path (`/name/1.2.3_peer` 5.x, `/name@1.2.3(peer)` 6.0, `name@1.2.3` 9.0);
 * the oracle reads the keys only to check that the references reached them all, and pins what the
 * references (`name: version` in importers and packages, snapshots in 9.0) resolve to.
 */
function readPnpmPins(text: string, base: string): LockfilePins {
  const lock = parseYaml(text) as {
    lockfileVersion: string | number;
    importers?: Record<string, PnpmImporter>;
    packages?: Record<string, PnpmSnapshot>;
    snapshots?: Record<string, PnpmSnapshot>;
  } & PnpmImporter;
  const version = String(lock.lockfileVersion);
  const result = emptyPins(`pnpm ${version}`, 'yaml package + own parsing of dependency references');
  const packages = lock.packages ?? {};
  const follow = (installedAs: string, reference: string) => {
    const resolved = pnpmReference(installedAs, reference, packages);
    if (resolved !== null) addPin(result, resolved.name, resolved.version, resolved.name !== installedAs);
    return resolved;
  };
  for (const [folder, importer] of Object.entries(lock.importers ?? { '.': lock })) {
    for (const section of [importer.dependencies, importer.devDependencies, importer.optionalDependencies]) {
      for (const [installedAs, value] of Object.entries(section ?? {})) {
        const resolved = follow(installedAs, typeof value === 'string' ? value : value.version);
        if (resolved !== null) setDirect(result, posix.normalize(posix.join(base, folder)), resolved.name, resolved.version);
      }
    }
  }
  for (const snapshot of Object.values((version.startsWith('9') ? lock.snapshots : lock.packages) ?? {})) {
    for (const section of [snapshot.dependencies, snapshot.optionalDependencies]) {
      for (const [installedAs, reference] of Object.entries(section ?? {})) follow(installedAs, reference);
    }
  }
  const keyed = Object.keys(packages).map(pnpmKey).filter((pin): pin is string => pin !== null);
  const unreferenced = keyed.filter((pin) => !result.pins.has(pin));
  if (unreferenced.length > 0) throw new Error(`pnpm oracle: packages no reference reaches: ${unreferenced.slice(0, 5).join(', ')}`);
  return result;
}

/**
 * A dependency reference → the package it installs; null for a `link:`. The forms: a version with
 * the peer suffix of its format (`1.2.3_react@18.2.0` 5.x, `1.2.3(react@18.2.0)` 6.0 on), a path to
 * another package for an alias (`/real/1.2.3` 5.x, `/real@1.2.3` 6.0, `real@1.2.3` 9.0), or the
 * key of a non-registry package (`github.com/owner/repo/sha`), whose entry records its name.
 */
function pnpmReference(installedAs: string, reference: string, packages: Record<string, PnpmSnapshot>): Resolved | null {
  if (reference.startsWith('link:')) return null;
  if (/^\d/.test(reference)) return { name: installedAs, version: stripPeerSuffix(reference) };
  const pin = pnpmKey(reference);
  if (pin !== null) {
    const [name, version] = splitPin(pin);
    return { name, version };
  }
  const entry = packages[reference] ?? packages[`/${reference}`];
  return { name: entry?.name ?? installedAs, version: isGitResolution(reference) ? reference : (entry?.version ?? reference) };
}

/** A key of `packages` (or a path reference) → `name@version`; null when it is not a registry path. */
function pnpmKey(key: string): string | null {
  const path = stripPeerSuffix(key.replace(/^\//, ''));
  // 6.0 / 9.0: `name@1.2.3`; 5.x: `name/1.2.3`.
  const match = /^((?:@[^/@]+\/)?[^/@]+)@(\d[^/]*)$/.exec(path) ?? /^((?:@[^/@]+\/)?[^/@]+)\/(\d[^/]*)$/.exec(path);
  return match ? `${match[1]}@${match[2]}` : null;
}

/** `1.2.3(react@18)(x@1)` / `1.2.3_react@18+x@1` → `1.2.3`; `_` and `(` never occur in a semver. */
function stripPeerSuffix(reference: string): string {
  const paren = reference.indexOf('(');
  const cut = paren < 0 ? reference : reference.slice(0, paren);
  const underscore = cut.indexOf('_', cut.lastIndexOf('/') + 1);
  return underscore < 0 ? cut : cut.slice(0, underscore);
}

// ---------------------------------------------------------------------------------------------
// bun.lock

/**
 * bun.lock is JSON with trailing commas: `packages` maps install paths (`debug/ms` for a nested
 * copy) to a tuple led by `name@version`, the project's own folders resolving to `workspace:`,
 * `link:` or `file:`; `workspaces` maps each workspace folder (`""` for the root) to its
 * declarations, which resolve in the workspace's own folder (`<name>/<dependency>`) first.
 */
function readBunPins(lockfile: string, text: string): LockfilePins {
  const lock = JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')) as { lockfileVersion?: number; workspaces?: Record<string, Record<string, any>>; packages?: Record<string, unknown[]> };
  const result = emptyPins(`bun.lock v${lock.lockfileVersion ?? '?'}`, 'JSON read of bun.lock, trailing commas dropped');
  const installed = new Map<string, Resolved>();
  for (const [installPath, tuple] of Object.entries(lock.packages ?? {})) {
    const [name, version] = splitDescriptor(String(tuple[0]));
    if (/^(workspace|link|file):/.test(version)) continue;
    installed.set(installPath, { name, version: version.replace(/^npm:/, '') });
    // Any last path segment other than the name is an alias.
    addPin(result, name, version.replace(/^npm:/, ''), installPath !== name && !installPath.endsWith(`/${name}`));
  }
  for (const [folder, workspace] of Object.entries(lock.workspaces ?? {})) {
    for (const [installedAs] of declaredDependencies(workspace)) {
      const resolved = installed.get(`${workspace['name']}/${installedAs}`) ?? installed.get(installedAs);
      if (resolved) setDirect(result, posix.normalize(posix.join(posix.dirname(lockfile), folder || '.')), resolved.name, resolved.version);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Cargo, PyPI, Go, RubyGems, Composer

/** The pins of a lockfile outside npm, from its text. */
function readTextPins(lockfile: string, text: string): LockfilePins {
  const name = posix.basename(lockfile);
  if (name === 'Cargo.lock') return packageBlockPins('Cargo.lock', text, (block) => /^source = /m.test(block), (crate) => crate);
  if (name === 'poetry.lock') return packageBlockPins('poetry.lock', text, () => true, normalisePythonName);
  if (name === 'uv.lock') return packageBlockPins('uv.lock', text, (block) => !/^source = \{[^}]*\b(editable|virtual) =/m.test(block), normalisePythonName);
  if (name === 'go.mod') return readGoModPins(text);
  if (name === 'Gemfile.lock' || name === 'gems.locked') return readGemfileLockPins(text);
  if (name === 'composer.lock') return readComposerPins(text);
  if (name.endsWith('.txt')) return readRequirementsPins(text);
  throw new Error(`${lockfile}: not a lockfile the oracle reads`);
}

/**
 * TOML lockfiles that list `[[package]]` tables: each block's `name = "..."` and `version = "..."`
 * lines before its first sub-table (`[package.dependencies]`, `[[package.wheels]]`, ...).
 */
function packageBlockPins(format: string, text: string, isDependency: (block: string) => boolean, normalise: (name: string) => string): LockfilePins {
  const result = emptyPins(format, 'regular expressions over [[package]] blocks');
  for (const section of text.split(/^\[\[package\]\]\r?$/m).slice(1)) {
    const block = section.split(/^\[/m)[0]!;
    const name = /^name = "([^"]+)"/m.exec(block)?.[1];
    const version = /^version = "([^"]+)"/m.exec(block)?.[1];
    if (name === undefined || version === undefined) throw new Error(`${format} oracle: a [[package]] block without name or version: ${block.slice(0, 200)}`);
    if (isDependency(block)) addPin(result, normalise(name), version, false);
  }
  return result;
}

/** PEP 503: lower case, runs of `-`, `_` and `.` as one `-`. */
function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `require path version` lines, single or in `require (...)` blocks; `replace old [v] => new v` sets the version built. */
function readGoModPins(text: string): LockfilePins {
  const result = emptyPins('go.mod', 'require and replace lines of go.mod');
  const required: Array<[string, string]> = [];
  const replaced: Array<{ path: string; version: string | undefined; to: string | undefined }> = [];
  let block: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (block !== null && line === ')') block = null;
    const opening = /^(require|replace) \($/.exec(line);
    if (opening) {
      block = opening[1]!;
      continue;
    }
    const statement = block !== null ? `${block} ${line}` : line;
    const require = /^require (\S+) (\S+)$/.exec(statement);
    if (require) required.push([require[1]!, require[2]!]);
    const replace = /^replace (\S+)(?: (\S+))? => (\S+)(?: (\S+))?$/.exec(statement);
    if (replace) replaced.push({ path: replace[1]!, version: replace[2], to: replace[4] });
  }
  for (const [path, version] of required) {
    const replacement = replaced.find((r) => r.path === path && (r.version === undefined || r.version === version));
    addPin(result, path, replacement?.to ?? version, false);
  }
  return result;
}

/** The 4-space `name (version[-platform])` lines under `specs:` of the GEM, GIT and PATH sections. */
function readGemfileLockPins(text: string): LockfilePins {
  const result = emptyPins('Gemfile.lock', '4-space spec lines of GEM, GIT and PATH');
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) section = line.trim();
    const spec = /^ {4}(\S+) \(([^)]+)\)$/.exec(line);
    if (spec && ['GEM', 'GIT', 'PATH'].includes(section)) addPin(result, spec[1]!, spec[2]!.split('-')[0]!, false);
  }
  return result;
}

function readComposerPins(text: string): LockfilePins {
  const result = emptyPins('composer.lock', 'JSON packages and packages-dev');
  const lock = JSON.parse(text) as { packages?: Array<{ name: string; version: string }>; 'packages-dev'?: Array<{ name: string; version: string }> };
  for (const entry of [...(lock.packages ?? []), ...(lock['packages-dev'] ?? [])]) addPin(result, entry.name, entry.version, false);
  return result;
}

/**
 * One requirement per line: `name==version` (or `name[extra]==version`, hashes and markers after
 * it) pins that version; a looser specifier (`name>=2`) is kept as written, a bare name is `*`.
 * `name @ url` and `url#egg=name` pin the URL (without its fragment). Options (`-r`, `--hash`
 * continuation lines), comments, paths and other URLs pin nothing here.
 */
function readRequirementsPins(text: string): LockfilePins {
  const result = emptyPins('pip requirements', 'name==version lines, looser specifiers as written');
  for (const line of text.split(/\r?\n/)) {
    // PEP 508's `name @ url`: the URL is all there is to say about the version.
    const direct = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(\S+:\/\/[^\s;]+)/.exec(line);
    if (direct) {
      addPin(result, normalisePythonName(direct[1]!), direct[2]!, false);
      continue;
    }
    // pip's older form, `[-e ]url#egg=name[==version]`: the URL before its fragment.
    const egg = /^(?:-e\s+)?(\S+:\/\/[^#\s]+)#(?:\S*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (egg) {
      addPin(result, normalisePythonName(egg[2]!), egg[1]!, false);
      continue;
    }
    if (line.includes('://')) continue;
    // Per-requirement options (`--hash=...`, `--no-binary x`) follow after whitespace.
    const requirement = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;#\\]*?)(?:\s+-|\s*$|\s*[;#\\])/.exec(line);
    if (!requirement) continue;
    const specifier = requirement[2]!.replace(/\s+/g, '');
    const version = /^===?([^,*]+)$/.exec(specifier)?.[1] ?? (specifier === '' ? '*' : specifier);
    addPin(result, normalisePythonName(requirement[1]!), version, false);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// shared

/** A git dependency, or GitHub's tarball of one commit: pinned by its resolution, not its version. */
function isGitResolution(resolution: string): boolean {
  return /^(git\+|git:|ssh:|github:)|codeload\.github\.com\/|^github\.com\/|#commit=/.test(resolution);
}

/**
 * npm and yarn classic spell one commit several ways (`github:o/r#c`, `git+ssh://git@github.com/o/r.git#c`,
 * GitHub's tarball of it); the contract writes them all as `git+https://<host>/<path>.git#<commit>`.
 */
function gitCommit(resolution: string): string {
  const [, owner, repo, commit] = /^https:\/\/codeload\.github\.com\/([^/]+)\/([^/]+)\/tar\.gz\/(\w+)$/.exec(resolution) ?? [];
  if (commit) return `git+https://github.com/${owner}/${repo}.git#${commit}`;
  const github = /^github:([^#]+?)(?:\.git)?#(.+)$/.exec(resolution);
  if (github) return `git+https://github.com/${github[1]}.git#${github[2]}`;
  const url = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)[:/](.+?)(?:\.git)?#(.+)$/.exec(resolution);
  return url ? `git+https://${url[1]}/${url[2]}.git#${url[3]}` : resolution;
}

/** `npm:real@^1` → `real`; null for a range that is no alias. */
function aliasTarget(range: string): string | null {
  return /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(range)?.[1] ?? null;
}

/** `name@range`, `@scope/name@npm:other@1` → [name, range]. */
function splitDescriptor(descriptor: string): [string, string] {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? [descriptor, ''] : [descriptor.slice(0, at), descriptor.slice(at + 1)];
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

function emptyPins(format: string, source: string): LockfilePins {
  return { format, source, pins: new Set(), aliased: new Set(), direct: new Map(), overrides: new Map() };
}

function addPin(result: LockfilePins, name: string, version: string, aliased: boolean): void {
  result.pins.add(`${name}@${version}`);
  if (aliased) result.aliased.add(`${name}@${version}`);
}

function setDirect(result: LockfilePins, workspace: string, name: string, version: string): void {
  let declared = result.direct.get(workspace);
  if (!declared) result.direct.set(workspace, (declared = new Set()));
  declared.add(`${name}@${version}`);
}

const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function declaredDependencies(manifest: Record<string, unknown> | null): [string, string][] {
  return DEPENDENCY_SECTIONS.flatMap((section) => Object.entries((manifest?.[section] ?? {}) as Record<string, string>));
}

/** `packages/*` → /^packages\/[^/]*$/; `**` crosses folders. */
function globToRegExp(glob: string): RegExp {
  const body = posix
    .normalize(glob)
    .replace(/\/$/, '')
    .split('/')
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  return new RegExp(`^${body}$`);
}

/** Every file below `dir`, as posix paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(join(dir, entry.name), relative) : [relative];
  });
}

function readJson(path: string): Record<string, any> | null {
  return existsSync(path) ? (safeJson(readFileSync(path, 'utf8')) as Record<string, any> | null) : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
