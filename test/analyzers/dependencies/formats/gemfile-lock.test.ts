/**
 * Gemfile.lock as Bundler 2.3.15 writes it (rubygems/bundler, made by make-non-js-lockfiles.mjs
 * with `bundle lock --local` against locally installed gems): a PATH source, a gem built per
 * platform (ruby and x86_64-linux), a development/test group. A GIT source needs a git remote
 * Bundler can clone and is not among the fixtures; its section has the same `specs:` layout.
 * Expected values are read from the fixture text.
 */
import { describe, expect, it } from 'vitest';
import { gemfileLockFormat } from '../../../../analyzers/dependencies/formats/gemfile-lock.js';
import type { LockfileContents } from '../../../../analyzers/dependencies/model.js';
import { fixtureSource, fixtureText, inlineSource, lockfileErrorOf, withConflictMarkers } from './lockfile-fixtures.js';

const FIXTURE = 'rubygems/bundler';
type Side = 'before' | 'after';

const parse = (side: Side): Promise<LockfileContents> => gemfileLockFormat.parse(fixtureSource(FIXTURE, side, 'Gemfile.lock'));

/** `name version` of every 4-space spec line, the platform (after the first `-` of the version) dropped, each once. */
function specPins(text: string): string[] {
  const pins = [...text.matchAll(/^ {4}(\S+) \(([^)]+)\)$/gm)].map((m) => `${m[1]} ${m[2]!.split('-')[0]}`);
  return [...new Set(pins)].sort();
}

/** The names and constraints under DEPENDENCIES. */
function declared(text: string): Array<{ name: string; constraint: string | null }> {
  const section = text.slice(text.indexOf('\nDEPENDENCIES\n') + 14).split(/\n\n/)[0]!;
  return section.split('\n').map((line) => {
    const [, name, constraint] = /^ {2}([^\s!(]+)!?(?: \(([^)]*)\))?/.exec(line)!;
    return { name: name!, constraint: constraint ?? null };
  });
}

describe('Gemfile.lock (Bundler 2.3)', () => {
  it('pins every spec of every source once per version, a gem built for several platforms included', async () => {
    for (const side of ['before', 'after'] as const) {
      const text = fixtureText(FIXTURE, side, 'Gemfile.lock');
      const contents = await parse(side);
      expect(contents.packages.map((p) => `${p.name} ${p.version}`).sort()).toEqual(specPins(text));
      expect(contents.format).toBe(`Gemfile.lock (bundler ${/^BUNDLED WITH\n +(\S+)$/m.exec(text)![1]})`);
      expect(contents.packages.every((p) => p.license === null)).toBe(true);
    }
    const after = fixtureText(FIXTURE, 'after', 'Gemfile.lock');
    expect(after).toMatch(/^ {4}native \(1\.1\.0\)\n {4}native \(1\.1\.0-x86_64-linux\)$/m);
    expect(after).toMatch(/^PLATFORMS\n {2}ruby\n {2}x86_64-linux$/m);
    const { packages } = await parse('after');
    expect(packages.filter((p) => p.name === 'native')).toEqual([{ name: 'native', version: '1.1.0', license: null }]);
  });

  it('pins a gem of a PATH source at the version its spec records, declared without a constraint', async () => {
    for (const [side, version] of [['before', '0.1.0'], ['after', '0.2.0']] as const) {
      const text = fixtureText(FIXTURE, side, 'Gemfile.lock');
      expect(text).toMatch(new RegExp(`^PATH\\n {2}remote: gems/localgem\\n {2}specs:\\n {4}localgem \\(${version.replace(/\./g, '\\.')}\\)$`, 'm'));
      expect(text).toMatch(/^ {2}localgem!$/m);
      const { packages, direct } = await parse(side);
      expect(packages).toContainEqual({ name: 'localgem', version, license: null });
      expect(direct).toContainEqual({ workspace: '.', name: 'localgem', type: 'default', range: null, version });
    }
  });

  it('takes DEPENDENCIES as the direct dependencies, with their constraints and resolved versions', async () => {
    for (const side of ['before', 'after'] as const) {
      const text = fixtureText(FIXTURE, side, 'Gemfile.lock');
      const pins = new Map(specPins(text).map((pin) => pin.split(' ') as [string, string]));
      const { direct } = await parse(side);
      expect(direct!.map((d) => ({ name: d.name, constraint: d.range }))).toEqual(declared(text));
      for (const d of direct!) expect(d.version).toBe(pins.get(d.name));
    }
    // Gemfile after: gem "golf", "1.0.2" — Bundler writes the constraint as `= 1.0.2`.
    expect((await parse('after')).direct).toContainEqual({ workspace: '.', name: 'golf', type: 'default', range: '= 1.0.2', version: '1.0.2' });
  });

  it('types each direct dependency by its Gemfile group', async () => {
    for (const side of ['before', 'after'] as const) {
      const gemfile = fixtureText(FIXTURE, side, 'Gemfile');
      const groupBlock = /^group :development, :test do\n(.*?)^end$/ms.exec(gemfile)![1]!;
      const grouped = [...groupBlock.matchAll(/^\s+gem "([^"]+)"/gm)].map((m) => m[1]!);
      expect(grouped).toEqual(['hotel']);
      const { direct } = await parse(side);
      for (const d of direct!) expect(d.type).toBe(grouped.includes(d.name) ? 'development, test' : 'default');
    }
  });

  it('types them `dependencies` when there is no Gemfile to read', async () => {
    const { direct } = await gemfileLockFormat.parse(inlineSource('Gemfile.lock', fixtureText(FIXTURE, 'after', 'Gemfile.lock')));
    expect(new Set(direct!.map((d) => d.type))).toEqual(new Set(['dependencies']));
  });
});

describe('broken Gemfile.lock files', () => {
  const text = fixtureText(FIXTURE, 'after', 'Gemfile.lock');
  const errorOf = (broken: string) => lockfileErrorOf(gemfileLockFormat.parse(inlineSource('Gemfile.lock', broken)));

  it('says a file without its DEPENDENCIES section looks truncated, and names a spec line cut short', async () => {
    expect((await errorOf(text.slice(0, text.indexOf('\nPLATFORMS\n')))).message).toBe(
      'it has no DEPENDENCIES section, which Bundler writes in every Gemfile.lock; the file looks truncated',
    );
    const line = text.slice(0, text.search(/^ {4}bravo \(/m)).split('\n').length;
    const cut = text.replace(/^ {4}bravo \(([\d.]+)\)$/m, '    bravo ($1');
    expect((await errorOf(cut)).message).toMatch(new RegExp(`^line ${line} in GEM is not a gem spec such as .*: "bravo \\([\\d.]+"$`));
  });

  it('names conflict markers with their line', async () => {
    expect((await errorOf(withConflictMarkers(text, 4, 5))).message).toMatch(/merge conflict markers \(line 4\)/);
  });
});
