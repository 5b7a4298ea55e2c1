/**
 * Bad `--path` values end the run with a UsageError (exit 2) whose one line names the flag, the
 * value, what is wrong and an example of the right form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, UsageError } from '../../src/errors.js';
import { collectFacts } from '../../src/run.js';
import { buildNpmMonorepo, type NpmMonorepo } from './npm-monorepo.js';

let built: NpmMonorepo;

beforeAll(() => {
  built = buildNpmMonorepo();
});

afterAll(() => built.repo.remove());

const collect = (paths: string[]) => collectFacts({ repo: built.repo.dir, from: 'v1', to: 'v2', engine: 'git', only: ['files'], paths });

describe('--path', () => {
  it.each([
    [[''], '--path needs a folder, such as --path packages/api'],
    [['/work/repo/packages/a'], '--path /work/repo/packages/a: an absolute path; give the folder from the repository root, such as --path packages/api'],
    [['C:\\repo\\packages'], '--path C:\\repo\\packages: an absolute path; give the folder from the repository root, such as --path packages/api'],
    [['packages/../..'], "--path packages/../..: leaves the repository root with '..'; give the folder from the repository root, such as --path packages/api"],
    [['packages/*'], '--path packages/*: a glob; --path takes one folder (repeat it for several), such as --path packages/api'],
    [['packages/a', 'packages/d'], '--path packages/d: no such folder in the repository at TO; give a folder from the repository root, such as --path packages/api'],
    [['package.json'], '--path package.json: that is a file at TO; --path takes a folder of the repository, such as --path packages/api'],
  ])('%j: %s', async (paths, message) => {
    const run = collect(paths);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(message);
    await run.catch((error: UsageError) => {
      expect(error.message).toBe(message);
      expect(error.exitCode).toBe(EXIT_BAD_INPUT);
    });
  });

  it('a folder that exists only at FROM is not a folder at TO', async () => {
    built.repo.commit('remove c', { 'packages/c/package.json': null, 'packages/c/src/app.js': null });
    try {
      await expect(collectFacts({ repo: built.repo.dir, from: 'v1', to: 'HEAD', engine: 'git', only: ['files'], paths: ['packages/c'] })).rejects.toThrow(
        '--path packages/c: no such folder in the repository at TO',
      );
    } finally {
      built.repo.git('reset', '-q', '--hard', 'v2');
    }
  });
});
