/**
 * Cargo.lock v1 to v4 as cargo 1.95 writes them (make-non-js-lockfiles.mjs: `rust-version` picks
 * the version): every registry crate pinned, the workspace's own crates left out, and each
 * member's direct dependencies typed by its Cargo.toml (normal, dev, build, target-specific),
 * with kilo pinned at two versions at once. Expected values are read from the fixture text
 * itself, independently of the parser.
 */
import { describe, expect, it } from 'vitest';
import { cargoLockFormat } from '../../../../analyzers/dependencies/formats/cargo-lock.js';
import type { LockfileContents } from '../../../../analyzers/dependencies/model.js';
import { filesUnder, fixtureSide, fixtureSource, fixtureText, inlineSource, lockfileErrorOf, withConflictMarkers } from './lockfile-fixtures.js';

type Side = 'before' | 'after';
const WORKSPACE = 'cargo/workspace';

async function parse(fixture: string, side: Side): Promise<LockfileContents> {
  return cargoLockFormat.parse(fixtureSource(fixture, side, 'Cargo.lock'));
}

/** The [[package]] blocks of a Cargo.lock, split on their headers. */
function packageBlocks(text: string): string[] {
  return text.split(/^\[\[package\]\]$/m).slice(1);
}

function field(block: string, key: string): string | null {
  return new RegExp(`^${key} = "([^"]*)"`, 'm').exec(block)?.[1] ?? null;
}

/** The items of a block's `dependencies = [...]` list. */
function dependencyItems(block: string): string[] {
  return [...(/^dependencies = \[\n(.*?)^\]/ms.exec(block)?.[1] ?? '').matchAll(/^ "([^"]+)",$/gm)].map((m) => m[1]!);
}

/** `name version` of every block with a `source` line: the crates the registry provides. */
function sourcedPins(text: string): string[] {
  return packageBlocks(text)
    .filter((block) => /^source = /m.test(block))
    .map((block) => `${field(block, 'name')} ${field(block, 'version')}`)
    .sort();
}

/** The dependencies one table of a Cargo.toml declares: `name = ...` lines under `[header]`. */
function sectionKeys(toml: string, header: string): string[] {
  const start = toml.indexOf(`[${header}]\n`);
  if (start < 0) return [];
  const body = toml.slice(start + header.length + 3).split(/^\[/m)[0]!;
  return [...body.matchAll(/^([A-Za-z0-9_-]+)\s*=/gm)].map((m) => m[1]!).sort();
}

/** The quoted entries of the root Cargo.toml's `[workspace] members = [...]`. */
function workspaceMembers(toml: string): string[] {
  const list = /\[workspace\][^[]*?members\s*=\s*\[([^\]]*)\]/s.exec(toml)![1]!;
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]!).sort();
}

const pins = (contents: LockfileContents) => contents.packages.map((p) => `${p.name} ${p.version}`).sort();

/** Every end of every Cargo fixture, with the lockfile version cargo wrote there. */
const ENDS: Array<[string, Side, string]> = [
  ['cargo/v1-to-v2', 'before', 'v1'],
  ['cargo/v1-to-v2', 'after', 'v2'],
  ['cargo/v3-to-v4', 'before', 'v3'],
  ['cargo/v3-to-v4', 'after', 'v4'],
  [WORKSPACE, 'before', 'v4'],
  [WORKSPACE, 'after', 'v4'],
];

describe('Cargo.lock v1 to v4', () => {
  it('names the version and pins exactly the crates with a source', async () => {
    for (const [fixture, side, version] of ENDS) {
      const contents = await parse(fixture, side);
      expect(contents.format, `${fixture} ${side}`).toBe(`Cargo.lock ${version}`);
      expect(pins(contents)).toEqual(sourcedPins(fixtureText(fixture, side, 'Cargo.lock')));
      expect(contents.packages.every((p) => p.license === null)).toBe(true);
    }
  });

  it('tells v1 from v2 without a version field: v1 keeps its checksums in [metadata], v2 next to each crate', async () => {
    const v1 = fixtureText('cargo/v1-to-v2', 'before', 'Cargo.lock');
    const v2 = fixtureText('cargo/v1-to-v2', 'after', 'Cargo.lock');
    for (const text of [v1, v2]) expect(text).not.toMatch(/^version = \d/m);
    const checksummed = [...v1.matchAll(/^"checksum (\S+) (\S+) \(registry\+[^)]*\)" = /gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(checksummed).toEqual(pins(await parse('cargo/v1-to-v2', 'before')));
    expect(v2).not.toMatch(/^\[metadata\]$/m);
    expect(packageBlocks(v2).filter((b) => /^checksum = /m.test(b))).toHaveLength(sourcedPins(v2).length);
  });

  it('resolves the long `name version (source)` items of v1 and the short `name` items of v2 to the same versions', async () => {
    const before = await parse('cargo/v1-to-v2', 'before');
    const after = await parse('cargo/v1-to-v2', 'after');
    const legacy = packageBlocks(fixtureText('cargo/v1-to-v2', 'before', 'Cargo.lock')).find((b) => field(b, 'name') === 'legacy')!;
    expect(dependencyItems(legacy)).toContain('juliet 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)');
    const juliet = (contents: LockfileContents) => contents.direct!.find((d) => d.name === 'juliet');
    expect(juliet(before)).toEqual({ workspace: '.', name: 'juliet', type: 'dependencies', range: '1', version: '1.0.0' });
    expect(juliet(after)).toEqual(juliet(before));
    // Cargo.toml after: [dev-dependencies] hotel = "0.2.3".
    expect(after.direct!.find((d) => d.name === 'hotel')).toEqual({ workspace: '.', name: 'hotel', type: 'dev-dependencies', range: '0.2.3', version: '0.2.3' });
  });
});

describe('a Cargo workspace (cargo/workspace)', () => {
  it('keeps every version of a crate pinned twice', async () => {
    for (const side of ['before', 'after'] as const) {
      const text = fixtureText(WORKSPACE, side, 'Cargo.lock');
      const versions = packageBlocks(text).filter((b) => field(b, 'name') === 'kilo').map((b) => field(b, 'version'));
      expect(versions).toHaveLength(2);
      const contents = await parse(WORKSPACE, side);
      expect(contents.packages.filter((p) => p.name === 'kilo').map((p) => p.version)).toEqual(versions);
    }
  });

  it("leaves the workspace's own crates out and reports their dependencies under each member's folder", async () => {
    for (const side of ['before', 'after'] as const) {
      const text = fixtureText(WORKSPACE, side, 'Cargo.lock');
      const contents = await parse(WORKSPACE, side);
      const ownCrates = packageBlocks(text).filter((b) => !/^source = /m.test(b)).map((b) => field(b, 'name')!);
      expect(ownCrates.sort()).toEqual(['app', 'app-cli', 'app-core']);
      expect(contents.packages.filter((p) => ownCrates.includes(p.name))).toEqual([]);
      const members = workspaceMembers(fixtureText(WORKSPACE, side, 'Cargo.toml'));
      expect([...new Set(contents.direct!.map((d) => d.workspace))].sort()).toEqual(['.', ...members].sort());
    }
  });

  it("types each crate's dependencies by its Cargo.toml tables and resolves them to the versions its lock entry names", async () => {
    const tables = ['dependencies', 'dev-dependencies', 'build-dependencies', "target.'cfg(unix)'.dependencies"];
    for (const side of ['before', 'after'] as const) {
      const text = fixtureText(WORKSPACE, side, 'Cargo.lock');
      const contents = await parse(WORKSPACE, side);
      for (const folder of ['.', 'crates/core', 'crates/cli']) {
        const toml = fixtureText(WORKSPACE, side, folder === '.' ? 'Cargo.toml' : `${folder}/Cargo.toml`);
        const crate = /^name = "([^"]+)"/m.exec(toml)![1]!;
        const entry = packageBlocks(text).find((b) => field(b, 'name') === crate && !/^source = /m.test(b))!;
        const registryCrates = new Set(sourcedPins(text).map((pin) => pin.split(' ')[0]));
        const direct = contents.direct!.filter((d) => d.workspace === folder);
        for (const table of tables) {
          const type = table.replace(/'/g, '');
          expect(direct.filter((d) => d.type === type).map((d) => d.name).sort(), `${side} ${folder} ${table}`).toEqual(sectionKeys(toml, table).filter((name) => registryCrates.has(name)));
        }
        for (const d of direct) {
          const item = dependencyItems(entry).find((i) => i.split(' ')[0] === d.name)!;
          const pinned = sourcedPins(text).filter((pin) => pin.startsWith(`${d.name} `)).map((pin) => pin.split(' ')[1]);
          // `"kilo 1.1.0"` where two versions are pinned, plain `"alpha"` where one is.
          expect(d.version).toBe(item.split(' ')[1] ?? pinned[0]);
        }
      }
    }
    const after = await parse(WORKSPACE, 'after');
    expect(after.direct).toContainEqual({ workspace: 'crates/cli', name: 'kilo', type: 'dependencies', range: '1.0', version: '1.1.0' });
    expect(after.direct).toContainEqual({ workspace: 'crates/core', name: 'india', type: 'target.cfg(unix).dependencies', range: '1', version: '1.1.0' });
    expect(after.direct).toContainEqual({ workspace: '.', name: 'golf', type: 'build-dependencies', range: '=1.0.2', version: '1.0.2' });
  });

  it('expands `members` globs against the files of the commit', async () => {
    const explicit = await parse(WORKSPACE, 'after');
    const source = fixtureSource(WORKSPACE, 'after', 'Cargo.lock');
    const rootToml = fixtureText(WORKSPACE, 'after', 'Cargo.toml').replace(/members = \[[^\]]*\]/, 'members = ["crates/*"]');
    const globbed = await cargoLockFormat.parse({ ...source, read: async (path) => (path === 'Cargo.toml' ? rootToml : source.read(path)) });
    expect(globbed.direct).toEqual(expect.arrayContaining(explicit.direct!));
    expect(globbed.direct).toHaveLength(explicit.direct!.length);
  });

  it('finds a crate that only a path dependency names, as cargo does', async () => {
    const explicit = await parse(WORKSPACE, 'after');
    const source = fixtureSource(WORKSPACE, 'after', 'Cargo.lock');
    // The root names crates/core as `app-core = { path = "crates/core" }`; drop it from the members.
    const rootToml = fixtureText(WORKSPACE, 'after', 'Cargo.toml').replace(/members = \[[^\]]*\]/, 'members = ["crates/cli"]');
    expect(rootToml).toMatch(/^app-core = \{ path = "crates\/core" \}$/m);
    const contents = await cargoLockFormat.parse({ ...source, read: async (path) => (path === 'Cargo.toml' ? rootToml : source.read(path)) });
    expect(contents.direct!.filter((d) => d.workspace === 'crates/core')).toEqual(explicit.direct!.filter((d) => d.workspace === 'crates/core'));
  });

  it('keys a renamed dependency by the crate it installs, and takes an inherited range from [workspace.dependencies]', async () => {
    const source = fixtureSource(WORKSPACE, 'after', 'Cargo.lock');
    // The root Cargo.toml as a project might write it: alpha under another name, hotel inherited from the workspace.
    const rootToml = fixtureText(WORKSPACE, 'after', 'Cargo.toml')
      .replace(/^alpha = "1\.0"$/m, 'alpha_renamed = { package = "alpha", version = "1.0" }')
      .replace(/^hotel = "0\.2\.3"$/m, 'hotel.workspace = true')
      .replace('[dependencies]', '[workspace.dependencies]\nhotel = "0.2.3"\n\n[dependencies]');
    const contents = await cargoLockFormat.parse({ ...source, read: async (path) => (path === 'Cargo.toml' ? rootToml : source.read(path)) });
    const root = contents.direct!.filter((d) => d.workspace === '.');
    expect(root.find((d) => d.name === 'alpha')).toMatchObject({ type: 'dependencies', range: '1.0', version: '1.0.1' });
    expect(root.find((d) => d.name === 'hotel')).toMatchObject({ type: 'dev-dependencies', range: '0.2.3' });
    expect(root.some((d) => d.name === 'alpha_renamed' || d.type === 'workspace.dependencies')).toBe(false);
  });

  it('reads a workspace in a subfolder, with folders from the repository root', async () => {
    const side = fixtureSide(WORKSPACE, 'after');
    const files = Object.fromEntries(filesUnder(side).map((path) => [`rust/${path}`, fixtureText(WORKSPACE, 'after', path)]));
    const contents = await cargoLockFormat.parse(inlineSource('rust/Cargo.lock', files['rust/Cargo.lock']!, files));
    expect([...new Set(contents.direct!.map((d) => d.workspace))].sort()).toEqual(['rust', 'rust/crates/cli', 'rust/crates/core']);
  });

  it('still pins every crate when no Cargo.toml can be read, and reports no dependencies it cannot place', async () => {
    const text = fixtureText(WORKSPACE, 'after', 'Cargo.lock');
    const contents = await cargoLockFormat.parse(inlineSource('Cargo.lock', text));
    expect(pins(contents)).toEqual(sourcedPins(text));
    expect(contents.direct).toEqual([]);
  });
});

describe('broken Cargo.lock files', () => {
  const text = fixtureText(WORKSPACE, 'after', 'Cargo.lock');
  const errorOf = (broken: string) => lockfileErrorOf(cargoLockFormat.parse(inlineSource('Cargo.lock', broken)));

  it('names conflict markers with their line', async () => {
    expect((await errorOf(withConflictMarkers(text, 11, 13))).message).toMatch(/merge conflict markers \(line 11\)/);
  });

  it('says a file cut at a line end looks truncated, and one cut inside a string is not valid TOML', async () => {
    const cutAfterName = text.slice(0, text.indexOf('\n', text.lastIndexOf('\nname = ') + 1));
    expect((await errorOf(cutAfterName)).message).toMatch(/^\[\[package\]\] number \d+ \(\S+\) has no version; the file looks truncated$/);
    const cutInString = text.slice(0, text.lastIndexOf('\nname = "') + 12);
    expect((await errorOf(cutInString)).message).toMatch(/^it is not valid TOML: .*\(line \d+, column \d+\)$/);
  });

  it('refuses a lockfile version cargo does not write yet', async () => {
    expect((await errorOf(text.replace(/^version = 4$/m, 'version = 5'))).message).toBe('Cargo.lock version 5 is not supported (cargo writes 1 to 4)');
  });
});
