/**
 * Ordering two versions of one package and naming the size of the step, per ecosystem. Each
 * registry has its own version grammar (semver for npm and Cargo, PEP 440 for PyPI, Gem::Version
 * for RubyGems, semver with a `v` for Go and Composer); a version outside its grammar (a git
 * commit, a URL, a branch) has no order, and the change between two of them is only "changed".
 */
import * as pep440 from '@renovatebot/pep440';
import * as rubyVersion from '@renovatebot/ruby-semver';
import semver from 'semver';
import type { DependencyEcosystem } from './model.js';

export type Bump = 'major' | 'minor' | 'patch' | 'prerelease' | 'non-semver';

export interface VersionStep {
  /** -1 when `to` is older, 1 when newer, null when the two have no order (git ids, URLs, build metadata only). */
  order: -1 | 1 | null;
  bump: Bump;
}

/**
 * Compares two different versions of one package. `bump` follows semver and its 0.x rule: the
 * step is major when the newer version falls outside the caret range of the older (`^0.2.0` does
 * not admit 0.3.0, `^0.0.3` not 0.0.4). Calendar versions (`2024.2.2`) and versions outside semver
 * get `non-semver`, even when their ecosystem orders them.
 */
export function compareVersions(ecosystem: DependencyEcosystem, from: string, to: string): VersionStep {
  const order = orderOf(ecosystem, from, to);
  if (order === null) return { order, bump: 'non-semver' };
  const older = semverOf(ecosystem, order > 0 ? from : to);
  const newer = semverOf(ecosystem, order > 0 ? to : from);
  return { order, bump: older && newer ? semverBump(older, newer) : 'non-semver' };
}

function orderOf(ecosystem: DependencyEcosystem, from: string, to: string): -1 | 1 | null {
  const sign = (n: number): -1 | 1 | null => (n < 0 ? -1 : n > 0 ? 1 : null);
  if (ecosystem === 'pypi') {
    if (pep440.valid(from) && pep440.valid(to)) return sign(pep440.compare(to, from));
  } else if (ecosystem === 'rubygems') {
    const [a, b] = [rubyGemVersion(from), rubyGemVersion(to)];
    if (rubyVersion.valid(a) && rubyVersion.valid(b)) return rubyVersion.gt(b, a) ? 1 : rubyVersion.lt(b, a) ? -1 : null;
  }
  const [a, b] = [semverOf(ecosystem, from), semverOf(ecosystem, to)];
  if (a && b) return sign(semver.compare(b, a));
  return null;
}

/**
 * The semver reading of a version, or null. npm and Cargo versions must be strict semver; Go and
 * Composer write a `v` first; a PEP 440 or Gem version of one to three plain numbers (`2.1`) is
 * read as semver with zeros filled in, so Python and Ruby upgrades get a bump too.
 */
export function semverOf(ecosystem: DependencyEcosystem, version: string): semver.SemVer | null {
  let text = version;
  if (ecosystem === 'go' || ecosystem === 'composer') text = text.replace(/^v/i, '');
  if (ecosystem === 'go') text = text.replace(/\+incompatible$/, '');
  if (ecosystem === 'rubygems') text = rubyGemVersion(text);
  if ((ecosystem === 'pypi' || ecosystem === 'rubygems' || ecosystem === 'composer') && /^\d+(\.\d+){0,2}$/.test(text)) {
    text = [...text.split('.'), '0', '0'].slice(0, 3).join('.');
  }
  return semver.parse(text);
}

/** Bundler appends the platform to a gem's version (`1.15.4-x86_64-linux`); it is not part of the version. */
function rubyGemVersion(version: string): string {
  return version.replace(/-(?:x86|x64|arm|aarch|universal|java|mingw|mswin|darwin|linux).*$/, '');
}

/** Calendar versioning (`2024.2.2`, `20230417.0.0`): a year-sized first number, whose steps are dates, not compatibility promises. */
function isCalendarVersion(version: semver.SemVer): boolean {
  return version.major >= 1990;
}

function semverBump(older: semver.SemVer, newer: semver.SemVer): Bump {
  if (isCalendarVersion(older) || isCalendarVersion(newer)) return 'non-semver';
  const core = (v: semver.SemVer) => [v.major, v.minor, v.patch] as const;
  const [a, b] = [core(older), core(newer)];
  if (a[0] === b[0] && a[1] === b[1] && a[2] === b[2]) return 'prerelease';
  // The caret range of the older version: the leftmost non-zero part may not change.
  const leading = a[0] !== 0 ? 0 : a[1] !== 0 ? 1 : 2;
  const changed = a[0] !== b[0] ? 0 : a[1] !== b[1] ? 1 : 2;
  if (changed <= leading) return 'major';
  return changed === 1 ? 'minor' : 'patch';
}
