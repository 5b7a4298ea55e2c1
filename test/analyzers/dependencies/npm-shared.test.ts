import { describe, expect, it } from 'vitest';
import { gitPin, versionOfTarball } from '../../../analyzers/dependencies/formats/npm-shared.js';

describe('how JavaScript lockfiles spell what they pin', () => {
  it('writes every spelling of one git commit the same way, so a respelt dependency is no change', () => {
    const commit = '1915b5b24d1b0840eb15f5e07bcce0cd8c5e08a7';
    const spellings = [
      `github:agjohnson/github-changelog#${commit}`,
      `git+https://github.com/agjohnson/github-changelog.git#${commit}`,
      `git+ssh://git@github.com/agjohnson/github-changelog.git#${commit}`,
      `git://github.com/agjohnson/github-changelog.git#${commit}`,
      `https://codeload.github.com/agjohnson/github-changelog/tar.gz/${commit}`,
    ];
    expect(new Set(spellings.map(gitPin))).toEqual(new Set([`git+https://github.com/agjohnson/github-changelog.git#${commit}`]));
    expect(gitPin(`git+ssh://git@gitlab.com:group/sub/repo.git#${commit}`)).toBe(`git+https://gitlab.com/group/sub/repo.git#${commit}`);
  });

  it('leaves registry versions and tarball URLs to the version reading', () => {
    expect(gitPin('4.17.21')).toBeNull();
    expect(gitPin('https://registry.npmjs.org/is-odd/-/is-odd-3.0.1.tgz')).toBeNull();
    expect(versionOfTarball('https://registry.npmjs.org/is-odd/-/is-odd-3.0.1.tgz')).toBe('3.0.1');
    expect(versionOfTarball('https://registry.npmjs.org/@types/node/-/node-20.11.5.tgz')).toBe('20.11.5');
    expect(versionOfTarball('https://example.com/builds/latest.tgz')).toBe('https://example.com/builds/latest.tgz');
  });
});
