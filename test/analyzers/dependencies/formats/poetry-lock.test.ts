/**
 * poetry.lock as Poetry 1.3.2 writes it (lock-version 2.0, `category = "main" | "dev"`; made by
 * make-non-js-lockfiles.mjs against a local index), the direct dependencies from the
 * pyproject.toml of the same commit: the Poetry 1.0 `[tool.poetry.dev-dependencies]` table
 * before, the dev group after. Poetry 2's lock-version 2.1 (`groups = [...]`) cannot be written
 * here (Debian 12 has Poetry 1.3.2); the parser reads neither field. Expected values are read from
 * the fixture text, independently of the parser.
 */
import { describe, expect, it } from 'vitest';
import { poetryLockFormat } from '../../../../analyzers/dependencies/formats/poetry-lock.js';
import type { LockfileContents } from '../../../../analyzers/dependencies/model.js';
import { fixtureSource, fixtureText, inlineSource, lockfileErrorOf, withConflictMarkers } from './lockfile-fixtures.js';

const FIXTURE = 'pypi/poetry';
type Side = 'before' | 'after';

const parse = (side: Side): Promise<LockfileContents> => poetryLockFormat.parse(fixtureSource(FIXTURE, side, 'poetry.lock'));
const normalise = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/** `name version` of every [[package]], read with a regex over the blocks. */
function lockedPins(text: string): string[] {
  return text
    .split(/^\[\[package\]\]$/m)
    .slice(1)
    .map((block) => `${/^name = "([^"]+)"/m.exec(block)![1]} ${/^version = "([^"]+)"/m.exec(block)![1]}`)
    .sort();
}

/** The keys of one TOML table and their quoted values, line by line up to the next header, without `python`. */
function tableEntries(toml: string, header: string): Array<[string, string]> {
  const start = toml.indexOf(`[${header}]\n`);
  if (start < 0) return [];
  const body = toml.slice(start + header.length + 3).split(/^\[/m)[0]!;
  return [...body.matchAll(/^([A-Za-z0-9_.-]+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1]!, m[2]!] as [string, string]).filter(([name]) => name !== 'python');
}

describe('poetry.lock 2.0 (Poetry 1.3)', () => {
  it('pins every [[package]] at its version, main and dev alike', async () => {
    for (const side of ['before', 'after'] as const) {
      const text = fixtureText(FIXTURE, side, 'poetry.lock');
      expect(text).toMatch(/^category = "dev"$/m);
      expect(text).toMatch(/^category = "main"$/m);
      const contents = await parse(side);
      expect(contents.format).toBe('poetry.lock 2.0');
      expect(contents.packages.map((p) => `${p.name} ${p.version}`).sort()).toEqual(lockedPins(text));
      expect(contents.packages.every((p) => p.license === null)).toBe(true);
    }
  });

  it('takes the direct dependencies from the Poetry 1.0 tables of pyproject.toml, each with its range and locked version', async () => {
    const pyproject = fixtureText(FIXTURE, 'before', 'pyproject.toml');
    const pins = new Map(lockedPins(fixtureText(FIXTURE, 'before', 'poetry.lock')).map((pin) => pin.split(' ') as [string, string]));
    const { direct } = await parse('before');
    for (const type of ['tool.poetry.dependencies', 'tool.poetry.dev-dependencies']) {
      const declared = tableEntries(pyproject, type).map(([name, range]) => ({ workspace: '.', name: normalise(name), type, range, version: pins.get(normalise(name)) }));
      expect(declared.length).toBeGreaterThan(0);
      expect(direct!.filter((d) => d.type === type)).toEqual(declared);
    }
  });

  it('names a declaration in its PEP 503 form, as the lockfile does (Juliet_Utils → juliet-utils)', async () => {
    expect(fixtureText(FIXTURE, 'before', 'pyproject.toml')).toMatch(/^Juliet_Utils = "\^1\.0"$/m);
    expect(fixtureText(FIXTURE, 'before', 'poetry.lock')).toMatch(/^name = "juliet-utils"$/m);
    const { direct } = await parse('before');
    expect(direct).toContainEqual({ workspace: '.', name: 'juliet-utils', type: 'tool.poetry.dependencies', range: '^1.0', version: '1.0.0' });
  });

  it('takes them from the dev group after the move, and reads what `poetry add` and `poetry remove` changed', async () => {
    const pyproject = fixtureText(FIXTURE, 'after', 'pyproject.toml');
    const { direct } = await parse('after');
    expect(direct!.filter((d) => d.type === 'tool.poetry.group.dev.dependencies').map((d) => d.name)).toEqual(tableEntries(pyproject, 'tool.poetry.group.dev.dependencies').map(([name]) => name));
    expect(direct!.some((d) => d.type === 'tool.poetry.dev-dependencies')).toBe(false);
    // pyproject.toml after: echo = "^1.1" (poetry add), golf = "1.0.2" (poetry add golf@1.0.2), foxtrot gone.
    expect(direct).toContainEqual({ workspace: '.', name: 'echo', type: 'tool.poetry.dependencies', range: '^1.1', version: '1.1.0' });
    expect(direct).toContainEqual({ workspace: '.', name: 'golf', type: 'tool.poetry.dependencies', range: '1.0.2', version: '1.0.2' });
    expect(direct!.some((d) => d.name === 'foxtrot')).toBe(false);
  });

  it('leaves the direct dependencies to the analyzer when no pyproject.toml is beside the lockfile', async () => {
    const text = fixtureText(FIXTURE, 'after', 'poetry.lock');
    const contents = await poetryLockFormat.parse(inlineSource('services/api/poetry.lock', text));
    expect(contents.direct).toBeNull();
    expect(contents.packages).toHaveLength(lockedPins(text).length);
  });

  it('reports a pyproject.toml in a subfolder under that folder', async () => {
    const lock = fixtureText(FIXTURE, 'after', 'poetry.lock');
    const pyproject = fixtureText(FIXTURE, 'after', 'pyproject.toml');
    const { direct } = await poetryLockFormat.parse(inlineSource('services/api/poetry.lock', lock, { 'services/api/pyproject.toml': pyproject }));
    expect(new Set(direct!.map((d) => d.workspace))).toEqual(new Set(['services/api']));
  });
});

describe('broken poetry.lock files', () => {
  const text = fixtureText(FIXTURE, 'after', 'poetry.lock');
  const errorOf = (broken: string) => lockfileErrorOf(poetryLockFormat.parse(inlineSource('poetry.lock', broken)));

  it('says a file without its closing [metadata] table looks truncated', async () => {
    expect((await errorOf(text.slice(0, text.indexOf('\n[metadata]')))).message).toBe(
      'it has no [metadata] table, which Poetry writes at the end of every poetry.lock; the file looks truncated',
    );
  });

  it('names conflict markers and invalid TOML with their line', async () => {
    expect((await errorOf(withConflictMarkers(text, 5, 6))).message).toMatch(/merge conflict markers \(line 5\)/);
    expect((await errorOf(text.replace('[[package]]', '[[package]'))).message).toMatch(/^it is not valid TOML: .*\(line 3, column \d+\)$/);
  });

  it('refuses a lock-version from a future Poetry', async () => {
    expect((await errorOf(text.replace(/^lock-version = "2\.0"$/m, 'lock-version = "3.0"'))).message).toBe('lock-version 3.0 is not supported (Poetry 1 and 2 write 1.0 to 2.1)');
  });
});
