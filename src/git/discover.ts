/**
 * Finds the git directory for a path without the git executable, the way git does: walk up from
 * the path to a `.git` directory or `.git` file (worktrees, submodules), or accept a bare
 * repository. Linked worktrees keep objects and refs in the common directory.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { NotAGitRepositoryError } from '../errors.js';

export interface GitLocation {
  /** The repository's own git directory (HEAD lives here). */
  gitdir: string;
  /** Where objects, refs and packed-refs live (differs from gitdir in linked worktrees). */
  commondir: string;
  /** The working tree, or null for a bare repository. */
  workdir: string | null;
}

function isGitDir(dir: string): boolean {
  return existsSync(join(dir, 'HEAD')) && (existsSync(join(dir, 'objects')) || existsSync(join(dir, 'commondir')));
}

/** Where objects, refs and the shallow file of `gitdir` live. */
export function readCommonDir(gitdir: string): string {
  const file = join(gitdir, 'commondir');
  if (!existsSync(file)) return gitdir;
  const target = readFileSync(file, 'utf8').trim();
  return isAbsolute(target) ? target : resolve(gitdir, target);
}

export function discoverGitDir(start: string): GitLocation {
  let dir = resolve(start);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new NotAGitRepositoryError(start);
  for (;;) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory() && isGitDir(dotGit)) return { gitdir: dotGit, commondir: readCommonDir(dotGit), workdir: dir };
      if (statSync(dotGit).isFile()) {
        const match = /^gitdir: (.*)$/m.exec(readFileSync(dotGit, 'utf8'));
        if (match) {
          const gitdir = resolve(dir, match[1]!.trim());
          if (isGitDir(gitdir)) return { gitdir, commondir: readCommonDir(gitdir), workdir: dir };
        }
      }
    }
    if (isGitDir(dir) && existsSync(join(dir, 'refs'))) return { gitdir: dir, commondir: readCommonDir(dir), workdir: null };
    const parent = dirname(dir);
    if (parent === dir) throw new NotAGitRepositoryError(start);
    dir = parent;
  }
}

/** The `shallow` file's commits: git grafts these as parentless. */
export async function readShallowCommits(commondir: string): Promise<ReadonlySet<string>> {
  try {
    const text = await readFile(join(commondir, 'shallow'), 'utf8');
    return new Set(text.split('\n').filter((line) => /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line)));
  } catch {
    return new Set();
  }
}

/** The branch HEAD is on (`refs/heads/...`), or null when HEAD is detached. HEAD lives in the gitdir, not the commondir. */
export async function readHeadRefName(gitdir: string): Promise<string | null> {
  try {
    const match = /^ref: (refs\/heads\/\S+)\s*$/.exec(await readFile(join(gitdir, 'HEAD'), 'utf8'));
    return match ? match[1]! : null;
  } catch {
    return null;
  }
}
