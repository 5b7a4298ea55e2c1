/**
 * The dependency analyzer on the lockfile histories of real public repositories, read from local
 * mirrors (`/work/.mirror/<owner>+<name>/repo`, bare git directories brought by `fetch`; see
 * MIRROR_ROOT in the oracle). Nothing of those repositories is copied into this one: the analyzer
 * runs on the mirror itself, and the oracle (test/helpers/lockfile-oracle.ts) reads each lockfile
 * end from it with git. A range whose mirror is absent (CI has none) is skipped, its title saying
 * what to fetch.
 *
 * For every lockfile the analyzer compared, its old and new versions must be exactly the set
 * differences of the oracle's independent reading of both ends: `npm ls` for npm, a line reading
 * for yarn v1 and bun, `yaml` plus own key parsing for berry and pnpm, regular expressions over
 * the text for Cargo, Poetry, uv, pip requirements, go.mod, Bundler and Composer.
 */
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependenciesAnalyzer } from '../../../analyzers/dependencies/index.js';
import { pathRules } from '../../../analyzers/project/path-rules.js';
import type { AnalyzerResult } from '../../../src/analyzer.js';
import type { DependencyChange, DependencySummary } from '../../../src/facts/schema.js';
import { gitIn, isLockfilePath, missingBlobs, mirrorGitDir, NPM_LOCKFILE_NAMES, pinsMissingFrom, readLockfilePinsAt, splitPin, type LockfilePins } from '../../helpers/lockfile-oracle.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

interface RealRange {
  /** `owner/name` on GitHub. */
  repository: string;
  /** Tags or (abbreviated) commit ids of the mirror. */
  from: string;
  to: string;
  /** What the range exercises. */
  about: string;
  /** The fewest old plus new versions the oracle must find over the range: fewer means it broke. */
  floor: number;
}

const RANGES: RealRange[] = [
  { repository: 'mochajs/mocha', from: 'v9.1.0', to: 'v10.8.0', about: 'package-lock v1 → v2, overrides', floor: 1400 },
  { repository: 'jquery/jquery', from: '4.0.0-beta', to: '4.0.0', about: 'package-lock v3, licenses, aliases; FROM is no ancestor of TO', floor: 850 },
  { repository: 'webpack/webpack', from: 'v5.99.0', to: 'v5.101.3', about: 'yarn v1, aliases, a git dependency', floor: 430 },
  { repository: 'babel/babel', from: 'v7.26.0', to: 'v7.28.0', about: 'yarn berry, 175 workspaces, patches, resolutions', floor: 550 },
  { repository: 'vuejs/core', from: 'v3.2.47', to: 'v3.5.0', about: 'pnpm 5.4 → 9.0, peer suffixes, a catalog', floor: 900 },
  { repository: 'BurntSushi/ripgrep', from: '973de50c', to: '7cb21137', about: 'Cargo.lock v1 → v1', floor: 90 },
  { repository: 'BurntSushi/ripgrep', from: '1b6177bc', to: '3fce3b5b', about: 'Cargo.lock v3 → v4', floor: 80 },
  { repository: 'python-poetry/poetry-core', from: 'd9303c4d', to: 'fca22986', about: 'poetry.lock', floor: 85 },
  { repository: 'fastapi/full-stack-fastapi-template', from: '43934f1e', to: '512e496e', about: 'uv.lock moved from backend/ to the root, bun.lock', floor: 800 },
  { repository: 'readthedocs/readthedocs.org', from: '96558dbd', to: '0eefe098', about: 'hand-pinned requirements/*.txt with URL and #egg= requirements, package-lock v1', floor: 200 },
  { repository: 'readthedocs/readthedocs.org', from: '5ae645ad', to: 'a69d057a', about: 'pip-compile requirements/*.txt, package-lock v1 deleted', floor: 1750 },
  { repository: 'traefik/traefik', from: 'f0849e8e', to: 'fd5a576d', about: 'two go.mod (one with replace), a requirements.txt, yarn v1 → berry', floor: 1500 },
  { repository: 'lobsters/lobsters', from: 'be1bec2a', to: '16d6e541', about: 'Gemfile.lock', floor: 220 },
  { repository: 'composer/composer', from: '21aeef13', to: '0a3d8751', about: 'composer.lock', floor: 10 },
];

const PAIRED = new Set(['upgraded', 'downgraded', 'changed']);
/** The analyzer's ecosystem for a lockfile, by its file name. */
const ECOSYSTEMS: Record<string, DependencyChange['ecosystem']> = { 'Cargo.lock': 'cargo', 'poetry.lock': 'pypi', 'uv.lock': 'pypi', 'go.mod': 'go', 'Gemfile.lock': 'rubygems', 'composer.lock': 'composer' };

interface Ends {
  /** The lockfile's path at FROM (differs from its path at TO when git sees it renamed). */
  fromPath: string;
  from: LockfilePins | null;
  to: LockfilePins | null;
}

/** The two ends of a range in its mirror, or why the range cannot run here. */
function locate(range: RealRange): { gitDir: string; fromOid: string; toOid: string; mergeBase: string } | { skip: string } {
  const gitDir = mirrorGitDir(range.repository);
  if (!existsSync(gitDir)) return { skip: `needs the mirror ${gitDir}; fetch github:${range.repository}` };
  let fromOid: string, toOid: string;
  try {
    [fromOid, toOid] = [range.from, range.to].map((revision) => gitIn(gitDir, 'rev-parse', '--verify', '--quiet', `${revision}^{commit}`).trim()) as [string, string];
  } catch {
    return { skip: `the mirror ${gitDir} has no commit ${range.from} or ${range.to}; fetch github:${range.repository} again` };
  }
  const mergeBase = gitIn(gitDir, 'merge-base', fromOid, toOid).trim();
  // fetch leaves out a repository's largest files; git cannot diff a range that changed one.
  const missing = missingBlobs(gitDir, mergeBase, toOid);
  if (missing.length > 0) return { skip: `the mirror ${gitDir} lacks ${missing.length} blob(s) of files the range changed, such as ${missing[0]}` };
  return { gitDir, fromOid, toOid, mergeBase };
}

for (const range of RANGES) {
  const located = locate(range);
  const title = `${range.repository} ${range.from}..${range.to} (${range.about})`;
  describe.skipIf('skip' in located)('skip' in located ? `${title} (${located.skip})` : title, () => {
    const { gitDir, fromOid, toOid, mergeBase } = located as Exclude<typeof located, { skip: string }>;
    let changes: DependencyChange[];
    let summary: DependencySummary;
    let warnings: AnalyzerResult['warnings'];
    let analyzedFrom: string | null;
    let lockfiles: string[];
    /** Lockfiles git lists as changed from the merge base to TO, by path at TO (at FROM when deleted) → path at FROM. */
    let changedLockfiles: Map<string, string>;
    const oracle = new Map<string, Ends>();
    const checked: string[] = [];

    beforeAll(async () => {
      changedLockfiles = listChangedLockfiles(gitDir, fromOid, toOid);
      const run = await runAnalyzer(dependenciesAnalyzer, gitDir, { from: fromOid, to: toOid, engine: 'git' });
      const facts = run.facts as { dependencies: DependencyChange[]; dependencySummary: DependencySummary };
      [changes, summary, warnings, analyzedFrom] = [facts.dependencies, facts.dependencySummary, run.warnings, run.range.mergeBase];
      lockfiles = summary.lockfiles;
      // FROM's side is the merge base, as for the analyzer and `git diff FROM...TO`.
      await Promise.all(
        lockfiles.map(async (lockfile) => {
          const fromPath = changedLockfiles.get(lockfile) ?? lockfile;
          const [from, to] = await Promise.all([readLockfilePinsAt(gitDir, mergeBase, fromPath), readLockfilePinsAt(gitDir, toOid, lockfile)]);
          oracle.set(lockfile, { fromPath, from, to });
        }),
      );
    });

    afterAll(() => {
      if (checked.length > 0) console.log(`${range.repository} ${range.from}..${range.to}: ${checked.join('\n  ')}`);
    });

    it('compares exactly the lockfiles git lists as changed from the merge base, outside vendored, fixture and example folders', () => {
      expect(analyzedFrom).toBe(mergeBase);
      expect([...lockfiles].sort()).toEqual([...changedLockfiles.keys()].sort());
    });

    it('reads every lockfile without a warning and reports no other file', () => {
      expect(warnings.filter((warning) => warning.path !== null && lockfiles.includes(warning.path))).toEqual([]);
      expect([...new Set(changes.map((change) => change.manifest))].sort()).toEqual(lockfiles.filter((lockfile) => removedPins(lockfile).length + addedPins(lockfile).length > 0).sort());
    });

    it('reports as old versions exactly the pins FROM has and TO lacks, and as new versions the reverse', () => {
      let [oldTotal, newTotal, changeTotal, pairedTotal] = [0, 0, 0, 0];
      const details: string[] = [];
      for (const lockfile of lockfiles) {
        const entries = changes.filter((change) => change.manifest === lockfile);
        const removed = removedPins(lockfile);
        const added = addedPins(lockfile);
        const old = entries.filter((change) => change.change !== 'added').map((change) => `${change.name}@${change.from}`);
        const next = entries.filter((change) => change.change !== 'removed').map((change) => `${change.name}@${change.to}`);
        // Sorted lists, not sets: a version reported twice is as wrong as one missed.
        expect(old.sort(), `${lockfile}: old versions`).toEqual(removed);
        expect(next.sort(), `${lockfile}: new versions`).toEqual(added);
        const paired = entries.filter((change) => PAIRED.has(change.change)).length;
        [oldTotal, newTotal, changeTotal, pairedTotal] = [oldTotal + removed.length, newTotal + added.length, changeTotal + entries.length, pairedTotal + paired];
        details.push(`${lockfile} [${describeFormats(lockfile)}] ${entries.length} changes, ${removed.length} old / ${added.length} new, ${paired} paired`);
      }
      checked.push(`${lockfiles.length} lockfile(s), ${changeTotal} changes checked: ${oldTotal} old and ${newTotal} new versions, ${pairedTotal} paired`, ...details);
      expect(oldTotal + newTotal, 'old plus new versions the oracle found').toBeGreaterThanOrEqual(range.floor);
    });

    it('gives every change the ecosystem of its lockfile and the shape of its kind', () => {
      const wrong = changes.filter((change) => {
        const name = posix.basename(change.manifest);
        const ecosystem = ECOSYSTEMS[name] ?? (NPM_LOCKFILE_NAMES.includes(name) ? 'npm' : 'pypi');
        if (change.ecosystem !== ecosystem) return true;
        if (change.change === 'added') return change.from !== null || change.to === null || change.bump !== null;
        if (change.change === 'removed') return change.from === null || change.to !== null || change.bump !== null;
        return !PAIRED.has(change.change) || change.from === null || change.to === null || change.from === change.to || change.bump === null;
      });
      expect(wrong).toEqual([]);
    });

    it('pairs the one old and the one new version of a name, and on npm only unambiguous pairs, in the right direction', () => {
      const wrong: string[] = [];
      for (const lockfile of lockfiles) {
        const { from, to } = oracle.get(lockfile)!;
        const removedByName = groupByName(removedPins(lockfile));
        const addedByName = groupByName(addedPins(lockfile));
        const pairs = changes.filter((change) => change.manifest === lockfile && PAIRED.has(change.change));
        const reported = new Set(pairs.map((change) => `${change.name} ${change.from} → ${change.to}`));
        // The one old and the one new version of a name: nothing else they could pair with.
        for (const [name, [old, ...moreOld]] of removedByName) {
          const [next, ...moreNew] = addedByName.get(name) ?? [];
          if (moreOld.length === 0 && next !== undefined && moreNew.length === 0 && !reported.has(`${name} ${old} → ${next}`)) {
            wrong.push(`${lockfile}: ${name} ${old} → ${next} is not reported as a pair`);
          }
        }
        if (!isNpmLockfile(lockfile)) continue;
        for (const change of pairs) {
          const kind = expectedKind(change.from!, change.to!);
          if (change.change !== kind) wrong.push(`${lockfile}: ${change.name} ${change.from} → ${change.to} is ${change.change}, not ${kind}`);
        }
        // Among several versions of a name, a pair is unambiguous when one workspace declared its
        // old version at FROM and its new one at TO, or, once such pairs are set aside, when it is
        // the only old and new version left, or the only ones left on one major line (0.x: minor).
        for (const name of new Set(pairs.map((change) => change.name))) {
          const named = pairs.filter((change) => change.name === name);
          const justified = new Set<DependencyChange>();
          let grew = true;
          while (grew) {
            grew = false;
            const olds = removedByName.get(name)!.filter((version) => ![...justified].some((pair) => pair.from === version));
            const news = addedByName.get(name)!.filter((version) => ![...justified].some((pair) => pair.to === version));
            for (const pair of named.filter((candidate) => !justified.has(candidate))) {
              const line = lineOf(pair.from!);
              const onLine = (versions: string[]) => versions.filter((version) => lineOf(version) === line);
              const unambiguous =
                [...(from?.direct ?? [])].some(([workspace, declared]) => declared.has(`${name}@${pair.from}`) && to?.direct.get(workspace)?.has(`${name}@${pair.to}`)) ||
                (olds.length === 1 && news.length === 1) ||
                (line !== null && line === lineOf(pair.to!) && onLine(olds).length === 1 && onLine(news).length === 1);
              if (unambiguous) {
                justified.add(pair);
                grew = true;
              }
            }
          }
          for (const pair of named.filter((candidate) => !justified.has(candidate))) {
            wrong.push(`${lockfile}: ${name} ${pair.from} → ${pair.to} is paired among ${removedByName.get(name)!.join(', ')} → ${addedByName.get(name)!.join(', ')}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    it('flags as direct, on npm, the versions a workspace declared (or the root overrode) and resolved to', () => {
      const wrong: string[] = [];
      for (const lockfile of lockfiles.filter(isNpmLockfile)) {
        const { from, to } = oracle.get(lockfile)!;
        for (const change of changes.filter((entry) => entry.manifest === lockfile)) {
          const atFrom = change.from !== null && isDeclared(from, change.name, change.from);
          const atTo = change.to !== null && isDeclared(to, change.name, change.to);
          // An addition is direct as TO declares it, a removal as FROM did; a version change follows
          // TO, or FROM when a declaration was dropped with it.
          const expected = change.change === 'added' ? [atTo] : change.change === 'removed' ? [atFrom] : atTo ? [true] : atFrom ? [true, false] : [false];
          if (!expected.includes(change.direct)) wrong.push(`${lockfile}: ${change.name} ${change.from} → ${change.to} direct: ${change.direct}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    function removedPins(lockfile: string): string[] {
      const { from, to } = oracle.get(lockfile)!;
      return pinsMissingFrom(from?.pins ?? new Set(), to?.pins ?? new Set());
    }

    function addedPins(lockfile: string): string[] {
      const { from, to } = oracle.get(lockfile)!;
      return pinsMissingFrom(to?.pins ?? new Set(), from?.pins ?? new Set());
    }

    function describeFormats(lockfile: string): string {
      const { fromPath, from, to } = oracle.get(lockfile)!;
      const moved = fromPath === lockfile ? '' : `from ${fromPath}, `;
      return `${moved}${from?.format ?? 'absent'} → ${to?.format ?? 'absent'}, read by ${[...new Set([from?.source, to?.source].filter(Boolean))].join(' / ')}`;
    }
  });
}

/**
 * The lockfiles `git diff --name-status -M FROM...TO` lists, outside the folders the analyzer's
 * path rules set aside: path at TO (at FROM when deleted) → path at FROM.
 */
function listChangedLockfiles(gitDir: string, from: string, to: string): Map<string, string> {
  const rules = pathRules([]);
  const tokens = gitIn(gitDir, 'diff', '--name-status', '-z', '-M', '--no-ext-diff', `${from}...${to}`).split('\0');
  const lockfiles = new Map<string, string>();
  for (let i = 0; i < tokens.length - 1; ) {
    const status = tokens[i]!;
    const renamed = /^[RC]/.test(status);
    const [oldPath, newPath] = renamed ? [tokens[i + 1]!, tokens[i + 2]!] : [tokens[i + 1]!, tokens[i + 1]!];
    i += renamed ? 3 : 2;
    if (isLockfilePath(newPath) && rules.isProjectSource(newPath)) lockfiles.set(newPath, oldPath);
  }
  return lockfiles;
}

function isNpmLockfile(path: string): boolean {
  return NPM_LOCKFILE_NAMES.includes(posix.basename(path));
}

/** Semver versions compare; anything else (a commit id, a URL) is only `changed`. */
function expectedKind(from: string, to: string): DependencyChange['change'] | 'changed' {
  if (!semver.valid(from) || !semver.valid(to)) return 'changed';
  const order = semver.compare(to, from);
  return order > 0 ? 'upgraded' : order < 0 ? 'downgraded' : 'changed';
}

/** `4.17.21` → `4`, `0.28.2` → `0.28`; null for a version semver cannot read. */
function lineOf(version: string): string | null {
  const parsed = semver.parse(version);
  return parsed === null ? null : parsed.major === 0 ? `0.${parsed.minor}` : String(parsed.major);
}

function groupByName(pins: string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const pin of pins) {
    const [name, version] = splitPin(pin);
    groups.set(name, [...(groups.get(name) ?? []), version]);
  }
  return groups;
}

/** A workspace declared name@version, or the root overrode the name with a range the version satisfies. */
function isDeclared(pins: LockfilePins | null, name: string, version: string): boolean {
  if (pins === null) return false;
  if ([...pins.direct.values()].some((declared) => declared.has(`${name}@${version}`))) return true;
  const override = pins.overrides.get(name);
  if (override === undefined) return false;
  return semver.validRange(override) === null || semver.valid(version) === null || semver.satisfies(version, override, { includePrerelease: true });
}
