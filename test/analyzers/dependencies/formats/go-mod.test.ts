/**
 * go.mod as go 1.19 writes it (go/modules, made by make-non-js-lockfiles.mjs against a file://
 * module proxy): `// indirect` requirements in their own block, a /v2 module path, a
 * v2.0.0+incompatible, a pseudo-version, a replace by a fork's version and one by a local folder,
 * and a second module in tools/. Expected values are read from the fixture text line by line.
 */
import { describe, expect, it } from 'vitest';
import { goModFormat } from '../../../../analyzers/dependencies/formats/go-mod.js';
import type { LockfileContents } from '../../../../analyzers/dependencies/model.js';
import { fixtureSource, fixtureText, inlineSource, lockfileErrorOf, withConflictMarkers } from './lockfile-fixtures.js';

const FIXTURE = 'go/modules';
const FIXTURE_MODULE = 'example.com/fixture';
type Side = 'before' | 'after';

const parse = (side: Side, path = 'go.mod'): Promise<LockfileContents> => goModFormat.parse(fixtureSource(FIXTURE, side, path));

/** The lines of every `verb (...)` block and every single-line `verb ...`, without the verb. */
function directiveLines(text: string, verb: string): string[] {
  const blocks = [...text.matchAll(new RegExp(`^${verb} \\(\\n(.*?)^\\)`, 'gms'))].flatMap((m) => m[1]!.split('\n'));
  const singles = [...text.matchAll(new RegExp(`^${verb} ([^(].*)$`, 'gm'))].map((m) => m[1]!);
  return [...blocks, ...singles].map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('//'));
}

function requirements(text: string) {
  return directiveLines(text, 'require').map((line) => {
    const [path, version] = line.split(/\s+/);
    return { path: path!, version: version!, indirect: line.includes('// indirect') };
  });
}

/** `old => new version` replacements (the ones that pin another module version), by old path. */
function versionReplacements(text: string): Map<string, string> {
  const entries = directiveLines(text, 'replace')
    .map((line) => /^(\S+) => \S+ (v\S+)$/.exec(line.replace(/\s*\/\/.*$/, '')))
    .filter((m): m is RegExpExecArray => m !== null);
  return new Map(entries.map((m) => [m[1]!, m[2]!]));
}

const ENDS: Array<[Side, string]> = [
  ['before', 'go.mod'],
  ['after', 'go.mod'],
  ['before', 'tools/go.mod'],
  ['after', 'tools/go.mod'],
];

describe('go.mod requirements', () => {
  it('pins every requirement, with the version a replace directive points it at', async () => {
    for (const [side, path] of ENDS) {
      const text = fixtureText(FIXTURE, side, path);
      const replaced = versionReplacements(text);
      const contents = await parse(side, path);
      const expected = requirements(text).map((r) => ({ name: r.path, version: replaced.get(r.path) ?? r.version, license: null }));
      expect(expected.length).toBeGreaterThan(0);
      expect(contents.packages).toEqual(expected);
      expect(contents.format).toBe(`go.mod (go ${/^go (\S+)$/m.exec(text)![1]})`);
    }
    expect(versionReplacements(fixtureText(FIXTURE, 'after', 'go.mod')).size).toBe(1);
  });

  it('takes the requirements without `// indirect` as direct, of type require, declared at the required version, under the module folder', async () => {
    for (const [side, path] of ENDS) {
      const text = fixtureText(FIXTURE, side, path);
      const direct = requirements(text).filter((r) => !r.indirect);
      const contents = await parse(side, path);
      expect(contents.direct!.map((d) => `${d.name} ${d.range}`)).toEqual(direct.map((r) => `${r.path} ${r.version}`));
      expect(new Set(contents.direct!.map((d) => `${d.workspace} ${d.type}`))).toEqual(new Set([`${path === 'go.mod' ? '.' : 'tools'} require`]));
    }
    expect(fixtureText(FIXTURE, 'before', 'go.mod')).toMatch(new RegExp(`^\\t${FIXTURE_MODULE}/lima v1\\.0\\.0 // indirect$`, 'm'));
    expect((await parse('before')).direct!.some((d) => d.name === `${FIXTURE_MODULE}/lima`)).toBe(false);
  });

  it('shows a module replaced by a fork at the fork version while its require line stays', async () => {
    const text = fixtureText(FIXTURE, 'after', 'go.mod');
    expect(text).toMatch(new RegExp(`^replace ${FIXTURE_MODULE}/kilo => example\\.com/fork/kilo v0\\.9\\.1$`, 'm'));
    expect(text).toMatch(new RegExp(`^\\t${FIXTURE_MODULE}/kilo v0\\.9\\.0 // indirect$`, 'm'));
    const kilo = async (side: Side) => (await parse(side)).packages.find((p) => p.name === `${FIXTURE_MODULE}/kilo`)!.version;
    expect(await kilo('before')).toBe('v0.9.0');
    expect(await kilo('after')).toBe('v0.9.1');
  });

  it('keeps the required version of a module replaced by a local folder', async () => {
    const text = fixtureText(FIXTURE, 'after', 'go.mod');
    expect(text).toMatch(new RegExp(`^replace ${FIXTURE_MODULE}/juliet => \\./forks/juliet$`, 'm'));
    const { direct } = await parse('after');
    expect(direct).toContainEqual({ workspace: '.', name: `${FIXTURE_MODULE}/juliet`, type: 'require', range: 'v1.0.0', version: 'v1.0.0' });
  });

  it('keeps versions as go writes them: a pseudo-version, a +incompatible, and a /v2 path as a module of its own', async () => {
    const version = async (side: Side, name: string) => (await parse(side)).packages.find((p) => p.name === `${FIXTURE_MODULE}/${name}`)?.version ?? null;
    expect(await version('before', 'papa')).toBe('v0.0.0-20240102030405-abcdefabcdef');
    expect(await version('after', 'papa')).toBe('v0.1.0');
    expect(await version('after', 'november')).toBe('v2.0.0+incompatible');
    expect(await version('before', 'charlie')).toBe('v1.4.0');
    expect(await version('after', 'charlie')).toBeNull();
    expect(await version('after', 'charlie/v2')).toBe('v2.0.0');
  });

  it('counts a requirement with a comment other than `indirect` as direct, and `indirect;` with more comment as indirect', async () => {
    const text = fixtureText(FIXTURE, 'after', 'go.mod')
      .replace(`${FIXTURE_MODULE}/alpha v1.0.1`, `${FIXTURE_MODULE}/alpha v1.0.1 // pinned until the fix is released`)
      .replace(`${FIXTURE_MODULE}/mike v0.1.0 // indirect`, `${FIXTURE_MODULE}/mike v0.1.0 // indirect; pulled in by echo`);
    const { direct } = await goModFormat.parse(inlineSource('go.mod', text));
    expect(direct!.some((d) => d.name === `${FIXTURE_MODULE}/alpha`)).toBe(true);
    expect(direct!.some((d) => d.name === `${FIXTURE_MODULE}/mike`)).toBe(false);
  });
});

describe('broken go.mod files', () => {
  const text = fixtureText(FIXTURE, 'after', 'go.mod');
  const errorOf = (broken: string) => lockfileErrorOf(goModFormat.parse(inlineSource('go.mod', broken)));

  it('says a file cut inside a block looks truncated', async () => {
    const secondBlock = text.indexOf('require (', text.indexOf('require (') + 1);
    const cut = text.slice(0, text.indexOf('\n', secondBlock + 20) + 1);
    const line = text.slice(0, secondBlock).split('\n').length;
    expect((await errorOf(cut)).message).toBe(`the require block opened at line ${line} is never closed; the file looks truncated`);
  });

  it('names conflict markers and unknown directives with their line, and a file without its module line', async () => {
    expect((await errorOf(withConflictMarkers(text, 6, 7))).message).toMatch(/merge conflict markers \(line 6\)/);
    expect((await errorOf(text.replace(/^go (\S+)$/m, 'golang $1'))).message).toMatch(/^line 3: "golang" is not a go\.mod directive/);
    expect((await errorOf(text.replace(/^module .*$/m, ''))).message).toBe('it has no module directive, which every go.mod starts with');
  });
});
