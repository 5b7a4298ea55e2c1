/**
 * Shallow clones, as CI checkouts make them: both engines treat the boundary commits as parentless,
 * as git does, and a revision behind the boundary is a clear error naming the fix.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShallowCloneError } from '../../src/errors.js';
import { openRepository } from '../../src/git/open.js';
import type { EngineName } from '../../src/git/types.js';
import { TestRepo } from '../helpers/repo-builder.js';

let origin: TestRepo;
let clone: string;

beforeAll(() => {
  origin = new TestRepo();
  for (let i = 1; i <= 6; i++) {
    origin.commit(`feat: step ${i}`, { [`src/step-${i}.js`]: `export const step = ${i};\n` });
    if (i === 4) origin.tag('v0.4.0', { annotated: true });
  }
  clone = mkdtempSync(join(tmpdir(), 'impl-draft-shallow-'));
  execFileSync('git', ['clone', '-q', '--depth', '3', '--no-single-branch', `file://${origin.dir}`, clone]);
  execFileSync('git', ['-C', clone, 'fetch', '-q', '--depth', '3', 'origin', 'tag', 'v0.4.0']);
});
afterAll(() => {
  origin.remove();
  rmSync(clone, { recursive: true, force: true });
});

const git = (...args: string[]) => execFileSync('git', ['-C', clone, ...args], { encoding: 'utf8' }).trim();

describe.each<EngineName>(['git', 'isomorphic'])('a shallow clone with the %s engine', (engine) => {
  it('walks to the boundary like git rev-list and finds the tag git describe finds', async () => {
    const repo = await openRepository(clone, engine);
    try {
      const head = await repo.resolveCommit('HEAD');
      expect((await repo.listRangeCommits(head, [])).map((c) => c.oid)).toEqual(git('rev-list', 'HEAD').split('\n'));
      expect(await repo.nearestTag(await repo.resolveCommit('HEAD^'))).toBe(git('describe', '--tags', '--abbrev=0', 'HEAD^'));
      expect(await repo.isShallow()).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it('says a revision behind the boundary needs more history', async () => {
    const repo = await openRepository(clone, engine);
    try {
      await expect(repo.resolveCommit('HEAD~5')).rejects.toBeInstanceOf(ShallowCloneError);
      await expect(repo.resolveCommit('HEAD~5')).rejects.toThrow(/git fetch --unshallow/);
    } finally {
      await repo.close();
    }
  });
});
