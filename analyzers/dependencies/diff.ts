/**
 * The changes between one lockfile's two ends. A lockfile pins sets of versions per package name
 * (npm may hold `ms@2.0.0` under `debug` and `ms@2.1.3` at the top), so the comparison is per
 * version: versions at both ends are unchanged, and the others are paired into upgrades and
 * downgrades only where the pairing is unambiguous. Removing `ms@2.0.0` while `ms@2.1.3` stays is
 * a removal, never an "upgrade" from 2.0.0 to 2.1.3.
 */
import semver from 'semver';
import type { DependencyChange } from '../../src/facts/schema.js';
import type { DependencyEcosystem, DirectDependency, LockedPackage } from './model.js';
import { compareVersions, semverOf } from './versions.js';

/** One end of a lockfile: what it pins and the direct dependencies of its workspaces. */
export interface LockfileEnd {
  packages: LockedPackage[];
  direct: DirectDependency[];
  /** LockfileContents.reachedFrom, where the format records its graph. */
  reachedFrom?: ReadonlyMap<string, readonly string[]>;
}

export const EMPTY_END: LockfileEnd = { packages: [], direct: [] };

export function diffLockfile(ecosystem: DependencyEcosystem, manifest: string, from: LockfileEnd, to: LockfileEnd): DependencyChange[] {
  const before = versionsByName(from.packages);
  const after = versionsByName(to.packages);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: DependencyChange[] = [];
  for (const name of names) {
    const old = before.get(name) ?? new Map<string, LockedPackage>();
    const now = after.get(name) ?? new Map<string, LockedPackage>();
    const removed = [...old.keys()].filter((v) => !now.has(v));
    const added = [...now.keys()].filter((v) => !old.has(v));
    if (removed.length === 0 && added.length === 0) continue;
    const pairs = pairVersions(ecosystem, name, removed, added, from.direct, to.direct);
    const paired = new Set(pairs.flat());
    for (const [oldVersion, newVersion] of pairs) {
      const step = compareVersions(ecosystem, oldVersion, newVersion);
      const change = step.order === null ? 'changed' : step.order > 0 ? 'upgraded' : 'downgraded';
      changes.push(changeOf(ecosystem, manifest, name, change, oldVersion, newVersion, step.bump, old.get(oldVersion)!, now.get(newVersion)!, to.direct));
    }
    for (const version of removed.filter((v) => !paired.has(v))) {
      changes.push(changeOf(ecosystem, manifest, name, 'removed', version, null, null, old.get(version)!, null, from.direct));
    }
    for (const version of added.filter((v) => !paired.has(v))) {
      changes.push(changeOf(ecosystem, manifest, name, 'added', null, version, null, null, now.get(version)!, to.direct));
    }
  }
  return changes;
}

function versionsByName(packages: LockedPackage[]): Map<string, Map<string, LockedPackage>> {
  const byName = new Map<string, Map<string, LockedPackage>>();
  for (const pkg of packages) {
    const versions = byName.get(pkg.name) ?? new Map<string, LockedPackage>();
    // The same version pinned at several places (npm nesting, yarn patches) is one version; keep one that names a license.
    if (!versions.has(pkg.version) || (!versions.get(pkg.version)!.license && pkg.license)) versions.set(pkg.version, pkg);
    byName.set(pkg.name, versions);
  }
  return byName;
}

/**
 * Pairs removed with added versions, most certain first: a workspace's direct dependency moving
 * from one resolved version to another; then a single version replaced by a single version; then,
 * among several, one old and one new version on the same major line. Everything left unpaired is
 * reported as removed or added.
 */
function pairVersions(
  ecosystem: DependencyEcosystem,
  name: string,
  removed: string[],
  added: string[],
  directBefore: DirectDependency[],
  directAfter: DirectDependency[],
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const left = new Set(removed);
  const right = new Set(added);
  const take = (a: string, b: string) => {
    pairs.push([a, b]);
    left.delete(a);
    right.delete(b);
  };
  for (const dep of directBefore) {
    if (dep.name !== name || dep.version === null || !left.has(dep.version)) continue;
    const now = directAfter.find((d) => d.name === name && d.workspace === dep.workspace && d.version !== null && right.has(d.version));
    if (now) take(dep.version, now.version!);
  }
  if (left.size === 1 && right.size === 1) take([...left][0]!, [...right][0]!);
  const line = (version: string) => {
    const parsed = semverOf(ecosystem, version);
    return parsed ? (parsed.major === 0 ? `0.${parsed.minor}` : String(parsed.major)) : null;
  };
  for (const a of [...left]) {
    const lineOfA = line(a);
    if (lineOfA === null) continue;
    const sameLineOld = [...left].filter((v) => line(v) === lineOfA);
    const sameLineNew = [...right].filter((v) => line(v) === lineOfA);
    if (sameLineOld.length === 1 && sameLineNew.length === 1) take(a, sameLineNew[0]!);
  }
  return pairs.sort(([a], [b]) => removed.indexOf(a) - removed.indexOf(b));
}

function changeOf(
  ecosystem: DependencyEcosystem,
  manifest: string,
  name: string,
  change: DependencyChange['change'],
  from: string | null,
  to: string | null,
  bump: DependencyChange['bump'],
  oldPackage: LockedPackage | null,
  newPackage: LockedPackage | null,
  direct: DirectDependency[],
): DependencyChange {
  // Direct at the end the package is at: TO for additions and version changes, FROM for removals.
  const version = to ?? from!;
  const declaring = direct.filter((d) => d.name === name && (d.version === null ? admits(d.range, version) : d.version === version));
  const types = [...new Set(declaring.map((d) => d.type))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return {
    ecosystem,
    manifest,
    name,
    change,
    from,
    to,
    bump,
    direct: declaring.length > 0,
    type: types[0] ?? null,
    range: declaring.find((d) => d.workspace === '.')?.range ?? declaring[0]?.range ?? null,
    workspaces: [...new Set(declaring.map((d) => d.workspace))].sort(),
    license: newPackage?.license ?? oldPackage?.license ?? null,
  };
}

/**
 * Whether a declared range admits a version, when the lockfile does not say what the declaration
 * resolved to. Ranges semver cannot read (PEP 440, Gem requirements, tags) admit every version.
 */
function admits(range: string | null, version: string): boolean {
  if (range === null || semver.validRange(range) === null || semver.valid(version) === null) return true;
  return semver.satisfies(version, range, { includePrerelease: true });
}

/**
 * Strongest first: a package a workspace ships with outranks one it only offers, builds or tests
 * with. Each ecosystem names its sections its own way (`devDependencies`, `require-dev`,
 * `tool.poetry.group.dev.dependencies`, Bundler's `development, test`), so go by the words.
 */
function rank(type: string): number {
  if (/\b(dev|development|test|tests|testing|lint|docs)\b|dev-?dependencies|devDependencies|require-dev/i.test(type)) return 3;
  if (/build/i.test(type)) return 2;
  if (/optional|peer|extra|overrides|resolutions/i.test(type)) return 1;
  return 0;
}
