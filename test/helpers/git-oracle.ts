/**
 * The git executable as the test oracle: what `git rev-list`, `git diff --name-status -M`,
 * `git diff --numstat -M`, `git merge-base` and `git describe` say about a repository. Parsed here
 * independently of the native engine, so the engine is checked against git, not against itself.
 */
import type { TestRepo } from './repo-builder.js';

const DIFF_OPTIONS = ['-c', 'core.quotePath=false', '-c', 'diff.renameLimit=1000', 'diff', '--no-color', '--no-ext-diff', '--diff-algorithm=myers', '-M', '-z'];

export interface OracleFile {
  path: string;
  oldPath?: string;
  status: string;
  similarity?: number;
  additions: number | null;
  deletions: number | null;
}

const STATUS: Record<string, string> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'typechanged' };

export function gitRevList(repo: TestRepo, to: string, exclude: string[]): string[] {
  return repo.git('rev-list', to, ...exclude.map((e) => `^${e}`)).split('\n').filter(Boolean);
}

/** `git diff -M FROM TO` (FROM null: against the empty tree) as files with statuses and numstat counts. */
export function gitDiff(repo: TestRepo, from: string | null, to: string): OracleFile[] {
  const base = from ?? repo.git('hash-object', '-t', 'tree', '/dev/null').trim();
  const statusFields = repo.git(...DIFF_OPTIONS, '--name-status', base, to).split('\0');
  const files: OracleFile[] = [];
  for (let i = 0; i < statusFields.length - 1; ) {
    const code = statusFields[i++]!;
    const letter = code[0]!;
    if (letter === 'R') files.push({ status: 'renamed', similarity: Number(code.slice(1)), oldPath: statusFields[i++]!, path: statusFields[i++]!, additions: null, deletions: null });
    else files.push({ status: STATUS[letter]!, path: statusFields[i++]!, additions: null, deletions: null });
  }
  const numstat = repo.git(...DIFF_OPTIONS, '--numstat', base, to).split('\0');
  const counts = new Map<string, [number | null, number | null]>();
  for (let i = 0; i < numstat.length - 1; ) {
    const [added, deleted, ...rest] = numstat[i++]!.split('\t');
    const path = rest.join('\t');
    const key = path === '' ? (i++, numstat[i++]!) : path!;
    counts.set(key, [added === '-' ? null : Number(added), deleted === '-' ? null : Number(deleted)]);
  }
  for (const file of files) [file.additions, file.deletions] = counts.get(file.path) ?? [null, null];
  return files;
}

/** Per commit of the range, the sums of `git log --numstat -M` (null for merges). */
export function gitLogNumstat(repo: TestRepo, to: string, exclude: string[]): Map<string, [number, number] | null> {
  const out = repo.git('-c', 'core.quotePath=false', 'log', '--no-color', '--diff-algorithm=myers', '-M', '--numstat', '--format=@%H %P', to, ...exclude.map((e) => `^${e}`));
  const sums = new Map<string, [number, number] | null>();
  let current: string | null = null;
  for (const line of out.split('\n')) {
    if (line.startsWith('@')) {
      const [oid, ...parents] = line.slice(1).split(' ').filter(Boolean);
      current = oid!;
      sums.set(current, parents.length > 1 ? null : [0, 0]);
    } else if (line && current) {
      const [a, d] = line.split('\t');
      const sum = sums.get(current)!;
      sum[0] += a === '-' ? 0 : Number(a);
      sum[1] += d === '-' ? 0 : Number(d);
    }
  }
  return sums;
}

/** Per commit of the range, the paths `git log --name-status -M` shows (both sides of renames), sorted; empty for merges. */
export function gitLogPaths(repo: TestRepo, to: string, exclude: string[]): Map<string, string[]> {
  const tokens = repo.git('-c', 'core.quotePath=false', 'log', '-z', '--no-color', '-M', '--root', '--name-status', '--format=@%H', to, ...exclude.map((e) => `^${e}`)).split('\0');
  const paths = new Map<string, string[]>();
  let current: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i++]!.replace(/^\n/, '');
    if (token.startsWith('@')) paths.set(token.slice(1), (current = []));
    else if (/^[RC]\d+$/.test(token)) current.push(tokens[i++]!, tokens[i++]!);
    else if (/^[AMDT]$/.test(token)) current.push(tokens[i++]!);
  }
  for (const [oid, list] of paths) paths.set(oid, [...new Set(list)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  return paths;
}

export function gitMergeBase(repo: TestRepo, a: string, b: string): string | null {
  try {
    return repo.git('merge-base', a, b).trim();
  } catch {
    return null;
  }
}

export function gitDescribe(repo: TestRepo, rev: string): string | null {
  try {
    return repo.git('describe', '--tags', '--abbrev=0', rev).trim();
  } catch {
    return null;
  }
}
