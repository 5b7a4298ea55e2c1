/**
 * The dependencies analyzer on lockfiles written by the real Cargo, Poetry, pip, Go, Bundler and
 * Composer (test/fixtures/lockfiles/<ecosystem>/<case>, made offline against local registries by
 * make-non-js-lockfiles.mjs). Each case is committed twice into a real repository, before and
 * after the script's commands, and the facts are checked against what the script did: the direct
 * changes it made, the ones it left alone, and every version of every package it found in the
 * lockfiles afterwards (non-js-cases.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lockfileCaseFacts } from '../../helpers/lockfile-case.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/lockfiles/', import.meta.url));

interface Intended {
  lockfile: string;
  workspace: string;
  name: string;
  type: string;
  from: string | null;
  to: string | null;
  change: string;
  semver?: string;
  /** composer.lock's license array of the version at TO. */
  license?: string[];
}
interface FixtureCase {
  case: string;
  ecosystem: string;
  lockfiles: string[];
  files: { before: string[]; after: string[] };
  intended: Intended[];
  unchanged: Array<{ lockfile: string; name: string; workspace: string }>;
  packageVersionsChanged: Array<{ lockfile: string; name: string; before: string[]; after: string[] }>;
}

const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'non-js-cases.json'), 'utf8')) as { cases: FixtureCase[] };
const key = (lockfile: string, name: string) => `${lockfile} ${name}`;

it('has a case for every ecosystem besides npm', () => {
  expect([...new Set(cases.map((c) => c.ecosystem))].sort()).toEqual(['cargo', 'composer', 'go', 'pypi', 'rubygems']);
});

describe.each(cases.map((c) => [c.case, c] as const))('%s', (_name, fixture) => {
  const facts = lockfileCaseFacts(FIXTURES, fixture);
  const analyse = async () => (await facts()).changes;

  it('reads both ends without a warning', async () => {
    expect((await facts()).warnings).toEqual([]);
  });

  it('reports exactly the versions that came and went, per lockfile and package name', async () => {
    const facts = await analyse();
    const seen = new Map<string, { gone: string[]; came: string[] }>();
    for (const change of facts) {
      const entry = seen.get(key(change.manifest, change.name)) ?? { gone: [], came: [] };
      if (change.from !== null) entry.gone.push(change.from);
      if (change.to !== null) entry.came.push(change.to);
      seen.set(key(change.manifest, change.name), entry);
    }
    const expected = new Map(
      fixture.packageVersionsChanged.map(({ lockfile, name, before, after }) => [
        key(lockfile, name),
        { gone: before.filter((v) => !after.includes(v)).sort(), came: after.filter((v) => !before.includes(v)).sort() },
      ]),
    );
    const actual = new Map([...seen].map(([name, { gone, came }]) => [name, { gone: gone.sort(), came: came.sort() }]));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries([...expected].filter(([, v]) => v.gone.length + v.came.length > 0)));
  });

  it("reports each direct change the script's commands made, with its type, workspace and bump", async () => {
    const facts = await analyse();
    for (const intended of fixture.intended) {
      const match = facts.find((c) => c.manifest === intended.lockfile && c.name === intended.name && c.from === intended.from && c.to === intended.to);
      expect(match, `${intended.lockfile}: ${intended.workspace} ${intended.name} ${intended.from} → ${intended.to}`).toBeDefined();
      expect(match).toMatchObject({ ecosystem: fixture.ecosystem, change: intended.change, direct: true, type: intended.type });
      expect(match!.workspaces).toContain(intended.workspace);
      if (intended.semver) expect(match!.bump).toBe(intended.semver);
      // composer.lock lists a package's licenses as an array, any of which applies.
      if (intended.license) expect(match!.license).toBe(intended.license.join(' OR '));
    }
  });

  it('leaves direct dependencies whose version did not move out of the facts', async () => {
    const facts = await analyse();
    const moved = new Set(fixture.packageVersionsChanged.map((p) => key(p.lockfile, p.name)));
    for (const kept of fixture.unchanged) {
      if (moved.has(key(kept.lockfile, kept.name))) continue;
      expect(facts.filter((c) => c.manifest === kept.lockfile && c.name === kept.name)).toEqual([]);
    }
  });
});
