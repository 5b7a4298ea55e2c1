/**
 * composer.lock as Composer 2.5.5 writes it (composer/app, made by make-non-js-lockfiles.mjs
 * against an artifact repository): require and require-dev, platform requirements, a tag written
 * with a `v`, license arrays with one and two licenses. Expected values are read from the fixture
 * JSON with JSON.parse.
 */
import { describe, expect, it } from 'vitest';
import { composerLockFormat } from '../../../../analyzers/dependencies/formats/composer-lock.js';
import type { LockfileContents } from '../../../../analyzers/dependencies/model.js';
import { fixtureSource, fixtureText, inlineSource, lockfileErrorOf, withConflictMarkers } from './lockfile-fixtures.js';

const FIXTURE = 'composer/app';
type Side = 'before' | 'after';
interface LockEntry {
  name: string;
  version: string;
  license?: string[];
}

const parse = (side: Side): Promise<LockfileContents> => composerLockFormat.parse(fixtureSource(FIXTURE, side, 'composer.lock'));
const lockJson = (side: Side) => JSON.parse(fixtureText(FIXTURE, side, 'composer.lock')) as { packages: LockEntry[]; 'packages-dev': LockEntry[] };
const manifestJson = (side: Side) => JSON.parse(fixtureText(FIXTURE, side, 'composer.json')) as Record<string, Record<string, string>>;

describe('composer.lock', () => {
  it('pins every package of `packages` and `packages-dev` at its version as written', async () => {
    for (const side of ['before', 'after'] as const) {
      const json = lockJson(side);
      expect(json['packages-dev'].length).toBeGreaterThan(0);
      const contents = await parse(side);
      const expected = [...json.packages, ...json['packages-dev']].map((p) => `${p.name} ${p.version}`);
      expect(contents.packages.map((p) => `${p.name} ${p.version}`)).toEqual(expected);
      expect(contents.format).toBe('composer.lock (plugin API 2.3.0)');
    }
    // fixture/charlie is tagged v1.4.0 and v2.0.0; Composer keeps the `v`.
    const charlie = async (side: Side) => (await parse(side)).packages.find((p) => p.name === 'fixture/charlie')!.version;
    expect([await charlie('before'), await charlie('after')]).toEqual(['v1.4.0', 'v2.0.0']);
  });

  it('joins a license array with OR (any of them applies) and keeps a single license as it is', async () => {
    const json = lockJson('after');
    const entries = [...json.packages, ...json['packages-dev']];
    expect(entries.find((p) => p.name === 'fixture/echo')!.license).toEqual(['MIT', 'GPL-2.0-only']);
    const { packages } = await parse('after');
    for (const entry of entries) expect(packages.find((p) => p.name === entry.name)!.license).toBe(entry.license!.join(' OR '));
    expect(packages.find((p) => p.name === 'fixture/echo')!.license).toBe('MIT OR GPL-2.0-only');
    expect(packages.find((p) => p.name === 'fixture/delta')!.license).toBe('BSD-3-Clause');
  });

  it("takes the direct dependencies from composer.json's require and require-dev, platform packages left out, resolved to the locked versions", async () => {
    for (const side of ['before', 'after'] as const) {
      const manifest = manifestJson(side);
      const lock = lockJson(side);
      const locked = new Map([...lock.packages, ...lock['packages-dev']].map((p) => [p.name, p.version]));
      const { direct } = await parse(side);
      for (const type of ['require', 'require-dev']) {
        const libraries = Object.entries(manifest[type] ?? {}).filter(([name]) => name.includes('/'));
        expect(libraries.length).toBeGreaterThan(0);
        expect(direct!.filter((d) => d.type === type).map((d) => [d.name, d.range, d.version])).toEqual(libraries.map(([name, range]) => [name, range, locked.get(name) ?? null]));
      }
      expect(Object.keys(manifest['require']!)).toEqual(expect.arrayContaining(['php', 'ext-json']));
      expect(direct!.some((d) => d.name === 'php' || d.name.startsWith('ext-'))).toBe(false);
    }
    // `composer require fixture/golf:1.0.2` wrote the exact version as the constraint.
    expect((await parse('after')).direct).toContainEqual({ workspace: '.', name: 'fixture/golf', type: 'require', range: '1.0.2', version: '1.0.2' });
  });

  it('leaves the direct dependencies to the analyzer when no composer.json is beside the lockfile', async () => {
    const contents = await composerLockFormat.parse(inlineSource('app/composer.lock', fixtureText(FIXTURE, 'after', 'composer.lock')));
    expect(contents.direct).toBeNull();
  });
});

describe('broken composer.lock files', () => {
  const text = fixtureText(FIXTURE, 'after', 'composer.lock');
  const errorOf = (broken: string) => lockfileErrorOf(composerLockFormat.parse(inlineSource('composer.lock', broken)));

  it('says where a truncated file stops being JSON', async () => {
    const cut = text.slice(0, Math.floor(text.length / 2));
    expect((await errorOf(cut)).message).toMatch(/^it is not valid JSON: .*\(line \d+\)$/);
  });

  it('names conflict markers with their line, and a lockfile without its packages list', async () => {
    expect((await errorOf(withConflictMarkers(text, 7, 8))).message).toMatch(/merge conflict markers \(line 7\)/);
    expect((await errorOf('{"_readme": [], "content-hash": "0"}')).message).toBe('it has no "packages" array, which Composer writes in every composer.lock');
  });
});
