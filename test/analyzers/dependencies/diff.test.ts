import { describe, expect, it } from 'vitest';
import { diffLockfile, type LockfileEnd } from '../../../analyzers/dependencies/diff.js';

const pkg = (name: string, version: string, license: string | null = null) => ({ name, version, license });
const dep = (name: string, version: string | null, type = 'dependencies', workspace = '.', range: string | null = version && `^${version}`) => ({ workspace, name, type, range, version });
const end = (packages: ReturnType<typeof pkg>[], direct: ReturnType<typeof dep>[] = []): LockfileEnd => ({ packages, direct });
const brief = (end1: LockfileEnd, end2: LockfileEnd) =>
  diffLockfile('npm', 'package-lock.json', end1, end2).map((c) => `${c.change} ${c.name} ${c.from ?? '-'} ${c.to ?? '-'}${c.direct ? ' direct' : ''}`);

describe('diffLockfile', () => {
  it('reports a version present at both ends as unchanged, however often it is pinned', () => {
    expect(brief(end([pkg('ms', '2.1.3'), pkg('ms', '2.1.3')]), end([pkg('ms', '2.1.3')]))).toEqual([]);
  });

  it('pairs one old and one new version of a package into an upgrade or downgrade', () => {
    expect(brief(end([pkg('ms', '2.0.0')]), end([pkg('ms', '2.1.3')]))).toEqual(['upgraded ms 2.0.0 2.1.3']);
    expect(brief(end([pkg('ms', '2.1.3')]), end([pkg('ms', '2.0.0')]))).toEqual(['downgraded ms 2.1.3 2.0.0']);
  });

  it('does not invent an upgrade when an older duplicate goes and the newer version stays', () => {
    const before = end([pkg('ms', '2.0.0'), pkg('ms', '2.1.3')]);
    expect(brief(before, end([pkg('ms', '2.1.3')]))).toEqual(['removed ms 2.0.0 -']);
    expect(brief(end([pkg('ms', '2.1.3')]), before)).toEqual(['added ms - 2.0.0']);
  });

  it('pairs several versions along their major lines, and leaves the ambiguous ones unpaired', () => {
    const before = end([pkg('a', '1.0.0'), pkg('a', '2.0.0')]);
    expect(brief(before, end([pkg('a', '1.1.0'), pkg('a', '2.3.0')]))).toEqual(['upgraded a 1.0.0 1.1.0', 'upgraded a 2.0.0 2.3.0']);
    // Two new versions on one line after one old: which replaced it is unknowable.
    expect(brief(end([pkg('a', '1.0.0'), pkg('a', '3.0.0')]), end([pkg('a', '1.1.0'), pkg('a', '1.2.0'), pkg('a', '3.0.0')]))).toEqual([
      'removed a 1.0.0 -',
      'added a - 1.1.0',
      'added a - 1.2.0',
    ]);
  });

  it("pairs by a workspace's direct dependency first, across major lines", () => {
    const before = end([pkg('a', '1.0.0'), pkg('a', '2.0.0')], [dep('a', '1.0.0')]);
    const after = end([pkg('a', '2.0.0'), pkg('a', '3.1.0'), pkg('a', '1.5.0')], [dep('a', '3.1.0')]);
    expect(brief(before, after)).toEqual(['upgraded a 1.0.0 3.1.0 direct', 'added a - 1.5.0']);
  });

  it('marks direct dependencies at the end the version is at, with the strongest type and every workspace', () => {
    const before = end([pkg('left-pad', '1.3.0')], [dep('left-pad', '1.3.0', 'devDependencies')]);
    const after = end([pkg('kleur', '4.1.5', 'MIT')], [dep('kleur', '4.1.5', 'devDependencies', 'packages/b'), dep('kleur', '4.1.5', 'dependencies', 'packages/a')]);
    const changes = diffLockfile('npm', 'package-lock.json', before, after);
    expect(changes.find((c) => c.name === 'left-pad')).toMatchObject({ change: 'removed', direct: true, type: 'devDependencies', workspaces: ['.'] });
    expect(changes.find((c) => c.name === 'kleur')).toMatchObject({ change: 'added', direct: true, type: 'dependencies', workspaces: ['packages/a', 'packages/b'], license: 'MIT' });
  });

  it('uses the declared range when the lockfile does not say what a declaration resolved to', () => {
    const after = end([pkg('ms', '1.0.0'), pkg('ms', '2.1.3')], [dep('ms', null, 'dependencies', '.', '^2.0.0')]);
    const changes = diffLockfile('npm', 'package-lock.json', end([]), after);
    expect(changes.map((c) => [c.to, c.direct])).toEqual([
      ['1.0.0', false],
      ['2.1.3', true],
    ]);
  });

  it('reports two versions without an order as changed', () => {
    const changes = diffLockfile('npm', 'yarn.lock', end([pkg('x', 'git+https://h/x.git#aaaaaaa')]), end([pkg('x', 'git+https://h/x.git#bbbbbbb')]));
    expect(changes).toMatchObject([{ change: 'changed', bump: 'non-semver' }]);
  });
});
