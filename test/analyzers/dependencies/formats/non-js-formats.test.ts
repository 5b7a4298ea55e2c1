/**
 * The non-JavaScript formats as a set: each file name claimed by one format, every fixture on
 * disk (globbed, not listed) read by the format of its ecosystem, every format covered by a
 * fixture the real tool wrote (uv.lock excepted: uv cannot be installed where the fixtures are
 * made, see uv-lock.test.ts), and the fixture folders exactly the ones non-js-cases.json and the
 * script that writes them record.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NON_JS_FORMATS } from '../../../../analyzers/dependencies/formats/non-js.js';
import { uvLockFormat } from '../../../../analyzers/dependencies/formats/uv-lock.js';
import type { LockfileFormat } from '../../../../analyzers/dependencies/model.js';
import { FIXTURES, filesUnder, fixtureSource } from './lockfile-fixtures.js';

const ECOSYSTEM_FOLDERS = ['cargo', 'pypi', 'go', 'rubygems', 'composer'] as const;

/** The format a path is for: by file name, as the analyzer asks, or (requirements/*.txt) by path. */
function formatsOf(path: string): LockfileFormat[] {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  return NON_JS_FORMATS.filter((format) => format.matches(fileName) || (path.includes('/') && format.matches(path)));
}

/** Every file under the non-JS fixture folders, as `<ecosystem>/<case>`, side and path inside the side. */
function fixtureFiles(): Array<{ ecosystem: string; fixture: string; side: 'before' | 'after'; path: string }> {
  return ECOSYSTEM_FOLDERS.flatMap((ecosystem) =>
    filesUnder(join(FIXTURES, ecosystem)).map((file) => {
      const [fixture, side, ...rest] = file.split('/');
      return { ecosystem, fixture: `${ecosystem}/${fixture}`, side: side as 'before' | 'after', path: rest.join('/') };
    }),
  );
}

interface RecordedCase {
  case: string;
  ecosystem: string;
  lockfiles: string[];
  files: { before: string[]; after: string[] };
}
const recorded = (JSON.parse(readFileSync(join(FIXTURES, 'non-js-cases.json'), 'utf8')) as { cases: RecordedCase[] }).cases;

describe('non-JavaScript lockfile formats', () => {
  it('claims each lockfile name by exactly one format, and manifests and checksum files by none', () => {
    const claims = (name: string) => NON_JS_FORMATS.filter((format) => format.matches(name)).map((format) => format.ecosystem);
    expect(claims('Cargo.lock')).toEqual(['cargo']);
    expect(claims('poetry.lock')).toEqual(['pypi']);
    expect(claims('uv.lock')).toEqual(['pypi']);
    expect(claims('requirements.txt')).toEqual(['pypi']);
    expect(claims('go.mod')).toEqual(['go']);
    expect(claims('Gemfile.lock')).toEqual(['rubygems']);
    expect(claims('gems.locked')).toEqual(['rubygems']);
    expect(claims('composer.lock')).toEqual(['composer']);
    for (const name of ['Cargo.toml', 'pyproject.toml', 'go.sum', 'go.work', 'Gemfile', 'composer.json', 'package-lock.json', 'requirements.in']) expect(claims(name)).toEqual([]);
  });

  it('reads every fixture lockfile with the format of its ecosystem, and has a fixture for every format but uv.lock', async () => {
    const lockfiles = fixtureFiles().filter(({ path }) => formatsOf(path).length > 0);
    const covered = new Set<LockfileFormat>();
    for (const { ecosystem, fixture, side, path } of lockfiles) {
      const [format] = formatsOf(path);
      expect(formatsOf(path)).toHaveLength(1);
      expect(format!.ecosystem).toBe(ecosystem);
      const contents = await format!.parse(fixtureSource(fixture, side, path));
      expect(contents.packages.length, `${fixture}/${side}/${path}`).toBeGreaterThan(0);
      expect(contents.direct?.length ?? 0, `${fixture}/${side}/${path}`).toBeGreaterThan(0);
      covered.add(format!);
    }
    expect(NON_JS_FORMATS.filter((format) => !covered.has(format))).toEqual([uvLockFormat]);
  });

  it('has on disk exactly the cases and files non-js-cases.json records, each lockfile among them', () => {
    const onDisk = fixtureFiles().map(({ fixture, side, path }) => `${fixture} ${side} ${path}`).sort();
    const listed = recorded.flatMap((c) => (['before', 'after'] as const).flatMap((side) => c.files[side].map((path) => `${c.case} ${side} ${path}`))).sort();
    expect(onDisk).toEqual(listed);
    for (const c of recorded) {
      expect(ECOSYSTEM_FOLDERS).toContain(c.case.split('/')[0]);
      for (const lockfile of c.lockfiles) expect([...c.files.before, ...c.files.after]).toContain(lockfile);
    }
  });

  it('records the cases the generating script makes, and no others', () => {
    const list = spawnSync(process.execPath, [join(FIXTURES, 'make-non-js-lockfiles.mjs'), '--list'], { encoding: 'utf8' });
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    const scripted = list.stdout.trim().split('\n').map((line) => line.split('\t')[0]);
    expect(scripted).toEqual(recorded.map((c) => c.case));
  });
});
