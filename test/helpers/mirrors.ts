/**
 * Local mirrors of public repositories, brought by the `fetch` tool as bare git directories under
 * `/work/.mirror/<owner>+<name>/repo` (or `$REAL_REPO_MIRRORS`). Tests on real repositories run on
 * them in place and skip, saying what to fetch, where a mirror is absent, as in CI.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const MIRROR_ROOT = process.env['REAL_REPO_MIRRORS'] ?? process.env['LOCKFILE_MIRRORS'] ?? '/work/.mirror';

export function mirrorGitDir(repository: string): string {
  return join(MIRROR_ROOT, repository.replace('/', '+'), 'repo');
}

/** The mirror's git directory, or why the test is skipped. */
export function locateMirror(repository: string): { gitDir: string } | { skip: string } {
  const gitDir = mirrorGitDir(repository);
  return existsSync(gitDir) ? { gitDir } : { skip: `no mirror at ${gitDir}; fetch github:${repository} to run it` };
}
