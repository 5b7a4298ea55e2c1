/**
 * The dependencies analyzer on lockfiles written by the real package managers (npm 10/11 with
 * lockfile v1-v3, yarn 1 and 4, pnpm 7-12, bun; test/fixtures/lockfiles/js, made by
 * make-js-lockfiles.mjs). Each case is committed twice into a real repository, before and after
 * the script's install commands, and the facts are checked against what the script did: the direct
 * changes it made, the ones it left alone, and every version of every package it found in the
 * lockfiles afterwards (cases.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lockfileCaseFacts } from '../../helpers/lockfile-case.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/lockfiles/js/', import.meta.url));

interface Intended {
  workspace: string;
  name: string;
  realName?: string;
  type: string;
  from: string | null;
  to: string | null;
  change: string;
  semver?: string;
}
interface FixtureCase {
  case: string;
  lockfile: string;
  files: { before: string[]; after: string[] };
  intended: Intended[];
  unchanged: Array<{ name: string; realName?: string; workspace: string }>;
  packageVersionsChanged: Array<{ name: string; before: string[]; after: string[] }>;
}

const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { cases: FixtureCase[] };
describe.each(cases.map((c) => [c.case, c] as const))('%s', (_name, fixture) => {
  const facts = lockfileCaseFacts(FIXTURES, fixture);
  const analyse = async () => (await facts()).changes;

  it('reads both ends without a warning', async () => {
    expect((await facts()).warnings).toEqual([]);
  });

  it('reports exactly the versions that came and went, per package name', async () => {
    const facts = await analyse();
    const seen = new Map<string, { gone: string[]; came: string[] }>();
    for (const change of facts) {
      const entry = seen.get(change.name) ?? { gone: [], came: [] };
      if (change.from !== null) entry.gone.push(change.from);
      if (change.to !== null) entry.came.push(change.to);
      seen.set(change.name, entry);
    }
    const expected = new Map(
      fixture.packageVersionsChanged.map(({ name, before, after }) => [
        name,
        { gone: before.filter((v) => !after.includes(v)).sort(), came: after.filter((v) => !before.includes(v)).sort() },
      ]),
    );
    const actual = new Map([...seen].map(([name, { gone, came }]) => [name, { gone: gone.sort(), came: came.sort() }]));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries([...expected].filter(([, v]) => v.gone.length + v.came.length > 0)));
  });

  it('reports each direct change the install commands made, with its type, workspace and bump', async () => {
    const facts = await analyse();
    for (const intended of fixture.intended.filter((i) => i.change !== 'same-version')) {
      const name = intended.realName ?? intended.name;
      const match = facts.find((c) => c.name === name && c.from === intended.from && c.to === intended.to);
      expect(match, `${intended.workspace} ${name} ${intended.from} → ${intended.to}`).toBeDefined();
      expect(match).toMatchObject({ change: intended.change, direct: true, type: intended.type, manifest: fixture.lockfile });
      expect(match!.workspaces).toContain(intended.workspace);
      if (intended.semver) expect(match!.bump).toBe(intended.semver);
    }
  });

  it('leaves direct dependencies whose version did not move out of the facts', async () => {
    const facts = await analyse();
    const movedNames = new Set(fixture.packageVersionsChanged.map((p) => p.name));
    for (const kept of fixture.unchanged) {
      const name = kept.realName ?? kept.name;
      if (movedNames.has(name)) continue;
      expect(facts.filter((c) => c.name === name)).toEqual([]);
    }
  });
});
