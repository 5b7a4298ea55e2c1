import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../analyzers/dependencies/versions.js';

describe('compareVersions', () => {
  it.each([
    ['npm', '4.18.3', '4.21.2', 1, 'minor'],
    ['npm', '4.21.2', '4.18.3', -1, 'minor'],
    ['npm', '4.17.1', '5.0.0', 1, 'major'],
    ['npm', '1.2.3', '1.2.4', 1, 'patch'],
    // semver's 0.x rule: the leftmost non-zero part is the breaking one.
    ['npm', '0.5.0', '0.7.1', 1, 'major'],
    ['npm', '0.1.7', '0.1.12', 1, 'patch'],
    ['npm', '0.0.3', '0.0.4', 1, 'major'],
    ['npm', '0.2.0', '1.0.0', 1, 'major'],
    ['npm', '2.0.0-rc.1', '2.0.0', 1, 'prerelease'],
    ['npm', '2.0.0-beta.2', '2.0.0-beta.1', -1, 'prerelease'],
    ['cargo', '1.0.188', '1.0.190', 1, 'patch'],
    ['go', 'v0.14.0', 'v0.15.0', 1, 'major'],
    ['go', 'v2.3.0+incompatible', 'v2.4.0+incompatible', 1, 'minor'],
    ['go', 'v0.0.0-20230101000000-aaaaaaaaaaaa', 'v0.0.0-20240101000000-bbbbbbbbbbbb', 1, 'prerelease'],
    ['composer', 'v6.3.0', 'v6.4.1', 1, 'minor'],
    // PEP 440: two-part versions read as semver with a zero filled in; pre-releases order before the release.
    ['pypi', '2.1', '2.2', 1, 'minor'],
    ['pypi', '2.0.0rc1', '2.0.0', 1, 'non-semver'],
    ['pypi', '1.26.18', '2.0.7', 1, 'major'],
    ['pypi', '1.0.post1', '1.0', -1, 'non-semver'],
    ['rubygems', '7.0.8', '7.1.2', 1, 'minor'],
    ['rubygems', '1.15.4-x86_64-linux', '1.16.0-x86_64-linux', 1, 'minor'],
    ['rubygems', '7.1.0.beta1', '7.1.0', 1, 'non-semver'],
    // Calendar versions order by date, but their steps are not compatibility promises.
    ['pypi', '2023.7.22', '2024.2.2', 1, 'non-semver'],
    ['npm', '2023.1.1', '2024.1.1', 1, 'non-semver'],
  ] as const)('%s %s → %s: order %d, %s', (ecosystem, from, to, order, bump) => {
    expect(compareVersions(ecosystem, from, to)).toEqual({ order, bump });
  });

  it('gives no order to git commits, URLs and build metadata alone', () => {
    expect(compareVersions('npm', 'git+https://github.com/a/b.git#0123456789abcdef0123456789abcdef01234567', 'git+https://github.com/a/b.git#fedcba9876543210fedcba9876543210fedcba98')).toEqual({ order: null, bump: 'non-semver' });
    expect(compareVersions('composer', 'dev-main', 'dev-next')).toEqual({ order: null, bump: 'non-semver' });
    expect(compareVersions('npm', '1.0.0+build.1', '1.0.0+build.2')).toEqual({ order: null, bump: 'non-semver' });
  });
});
