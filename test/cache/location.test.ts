/** Where the cache lives: the environment variable, the nearest node_modules, the user's cache folder. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheRootFor } from '../../src/cache/location.js';
import { removeFolders, temporaryFolder } from './scenario.js';

describe('the cache folder', () => {
  it('is $IMPL_DRAFT_CACHE_DIR when set, from the current folder when relative', () => {
    expect(cacheRootFor({ env: { IMPL_DRAFT_CACHE_DIR: '/var/cache/x' }, cwd: '/work' })).toBe('/var/cache/x');
    expect(cacheRootFor({ env: { IMPL_DRAFT_CACHE_DIR: 'tmp/cache' }, cwd: '/work' })).toBe('/work/tmp/cache');
  });

  it('is node_modules/.cache/impl-draft of the nearest folder upward that has node_modules', () => {
    const root = temporaryFolder();
    try {
      mkdirSync(join(root, 'node_modules'));
      mkdirSync(join(root, 'packages', 'web', 'src'), { recursive: true });
      expect(cacheRootFor({ env: {}, cwd: join(root, 'packages', 'web', 'src') })).toBe(join(root, 'node_modules', '.cache', 'impl-draft'));
      mkdirSync(join(root, 'packages', 'web', 'node_modules'));
      expect(cacheRootFor({ env: {}, cwd: join(root, 'packages', 'web', 'src') })).toBe(join(root, 'packages', 'web', 'node_modules', '.cache', 'impl-draft'));
    } finally {
      removeFolders(root);
    }
  });

  it('is the user cache folder outside any package: $XDG_CACHE_HOME when absolute, else ~/.cache', () => {
    const root = temporaryFolder();
    try {
      // Assumes no node_modules above the temporary folder, as on the machines the tests run on.
      expect(cacheRootFor({ env: { XDG_CACHE_HOME: '/home/a/.xdg' }, cwd: root, home: '/home/a' })).toBe('/home/a/.xdg/impl-draft');
      expect(cacheRootFor({ env: { XDG_CACHE_HOME: 'relative' }, cwd: root, home: '/home/a' })).toBe('/home/a/.cache/impl-draft');
      expect(cacheRootFor({ env: {}, cwd: root, home: '/home/a' })).toBe('/home/a/.cache/impl-draft');
    } finally {
      removeFolders(root);
    }
  });
});
