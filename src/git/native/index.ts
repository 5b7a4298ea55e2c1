/**
 * The native engine: a `GitBackend` on top of the git executable, used when git is installed
 * because it is fast on large repositories. All object reads share one `git cat-file --batch`
 * process; every other command's output is NUL-delimited (`-z`) and parsed while it streams.
 * Commit objects are parsed by the shared `parseCommitObject`, so both engines read people, dates
 * and messages identically.
 */
import { spawn } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { GitExecutableError, NotAGitRepositoryError, UsageError } from '../../errors.js';
import { parseCommitObject } from '../commit-object.js';
import { readCommonDir, readShallowCommits } from '../discover.js';
import { sortedUnique } from '../sorted-unique.js';
import type { GitBackend, GitObject, Oid, RangeCommit, Ref, TreeChange } from '../types.js';
import { CatFileReader } from './cat-file-reader.js';
import { DIFF_OPTIONS, discoveryEnvironment, firstStderrLine, GitRunner, NEWLINE, NUL, collectStderr, spawnFailure } from './git-runner.js';
import { DiffTreeParser } from './parse-diff-tree.js';
import { LOG_FORMAT, LogNumstatParser, type CommitLineCounts } from './parse-log-numstat.js';

export { hasGitExecutable } from './git-executable.js';

/** The tree with no entries, which git knows without it being stored. */
const EMPTY_TREE: Record<number, Oid> = {
  40: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  64: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

interface Location {
  gitdir: string;
  workdir: string | null;
  oidLength: number;
}

/**
 * Opens the repository containing `dir` (a directory anywhere in a working tree, inside its .git
 * directory, or a bare repository). Throws NotAGitRepositoryError when there is none.
 */
export async function openNativeBackend(dir: string): Promise<GitBackend> {
  const location = await locateRepository(dir);
  return new NativeBackend(location);
}

/**
 * One `git rev-parse` in `dir`: this is git's own discovery, including its safe.directory check.
 * `--show-toplevel` fails in a bare repository and inside .git, so the top level is computed from
 * `--show-cdup`, which prints nothing there instead (it is last because of that).
 */
async function locateRepository(dir: string): Promise<Location> {
  let start: string;
  try {
    start = realpathSync(dir);
    if (!statSync(start).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new NotAGitRepositoryError(dir);
  }
  const args = ['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--is-inside-work-tree', '--show-object-format', '--show-cdup'];
  const { code, stdout, stderr } = await runOnce(args, start);
  if (code !== 0) {
    if (/not a git repository/i.test(stderr)) throw new NotAGitRepositoryError(dir);
    const line = firstStderrLine(stderr);
    throw new GitExecutableError(`git rev-parse failed in ${dir} (exit code ${code})${line ? `: ${line}` : ''}`);
  }
  const [gitdir, bare, insideWorkTree, objectFormat, cdup] = stdout.split('\n');
  const oidLength = objectFormat === 'sha256' ? 64 : objectFormat === 'sha1' ? 40 : 0;
  if (!gitdir || !oidLength) throw new GitExecutableError(`git rev-parse printed unexpected output in ${dir}: '${stdout.slice(0, 200)}'`);
  let workdir: string | null = null;
  if (insideWorkTree === 'true') workdir = resolve(start, cdup ?? '');
  // Inside the .git directory of a working tree git knows no work tree; its parent is the one.
  else if (bare !== 'true' && basename(gitdir) === '.git') workdir = dirname(gitdir);
  return { gitdir, workdir, oidLength };
}

function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

/** Runs one small command during discovery, before a `GitRunner` exists. */
async function runOnce(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd, env: discoveryEnvironment(), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const stderr = collectStderr(child);
    child.once('error', (error) => reject(spawnFailure(error)));
    child.once('close', (code) => resolvePromise({ code, stdout: Buffer.concat(chunks).toString('utf8'), stderr: stderr() }));
  });
}

class NativeBackend implements GitBackend {
  readonly engine = 'git' as const;
  readonly gitdir: string;
  readonly workdir: string | null;
  private readonly oidPattern: RegExp;
  private readonly emptyTree: Oid;
  private readonly git: GitRunner;
  private readonly objects: CatFileReader;
  private shallow: Promise<ReadonlySet<Oid>> | null = null;

  constructor(location: Location) {
    this.gitdir = location.gitdir;
    this.workdir = location.workdir;
    this.oidPattern = new RegExp(`^[0-9a-f]{${location.oidLength}}$`);
    this.emptyTree = EMPTY_TREE[location.oidLength]!;
    this.git = new GitRunner({ gitdir: this.gitdir });
    this.objects = new CatFileReader(this.git);
  }

  readObject(oid: Oid): Promise<GitObject> {
    try {
      this.checkOid(oid, 'readObject');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.objects.read(oid);
  }

  async expandOidPrefix(prefix: string): Promise<Oid[]> {
    if (!/^[0-9a-f]{4,64}$/.test(prefix)) {
      throw new UsageError(`an object id prefix needs 4 to 64 lower-case hex digits, for example 'a1b2c3d', got '${prefix.slice(0, 80)}'`);
    }
    const { lines } = await this.git.lines(['rev-parse', `--disambiguate=${prefix}`]);
    return lines.filter((line) => line !== '').sort();
  }

  async listRefs(): Promise<Ref[]> {
    const refs: Ref[] = [];
    // Ref names cannot contain spaces (git check-ref-format), object ids never do.
    await this.git.stream(['for-each-ref', '--sort=refname', '--format=%(objectname) %(refname)'], NEWLINE, (token) => {
      const line = token.toString('utf8');
      if (line === '') return;
      const space = line.indexOf(' ');
      refs.push({ name: line.slice(space + 1), oid: line.slice(0, space) });
    });
    return refs;
  }

  async readHead(): Promise<Oid | null> {
    const { code, lines } = await this.git.lines(['rev-parse', '-q', '--verify', 'HEAD'], [0, 1]);
    return code === 0 && lines[0] ? lines[0] : null;
  }

  shallowCommits(): Promise<ReadonlySet<Oid>> {
    this.shallow ??= readShallowCommits(readCommonDir(this.gitdir));
    return this.shallow;
  }

  async listRangeCommits(to: Oid, exclude: Oid[]): Promise<RangeCommit[]> {
    this.checkOid(to, 'listRangeCommits');
    for (const oid of exclude) this.checkOid(oid, 'listRangeCommits');
    // Each commit's object is requested from cat-file as soon as its header streams past, so the
    // reads overlap with git log's diffing.
    // Each read is settled at once, so that a failing read is never an unhandled rejection.
    const objects: Array<Promise<PromiseSettledResult<GitObject>>> = [];
    const counts: CommitLineCounts[] = [];
    const parser = new LogNumstatParser(
      (oid) => objects.push(settle(this.objects.read(oid))),
      (commitCounts) => counts.push(commitCounts),
    );
    // Merges get no diff (--diff-merges=off, git log's default made explicit); --root diffs a root
    // commit against the empty tree.
    const args = ['log', LOG_FORMAT, '--numstat', '--root', '--diff-merges=off', '--no-show-signature', '--no-decorate', '--no-notes', ...DIFF_OPTIONS];
    await this.git.stream([...args, '--end-of-options', to, ...exclude.map((oid) => `^${oid}`), '--'], NUL, (token) => parser.push(token));
    parser.end();
    const readResults = await Promise.all(objects);
    return counts.map(({ oid, additions, deletions, paths }, index) => {
      const read = readResults[index]!;
      if (read.status === 'rejected') throw read.reason;
      if (read.value.type !== 'commit') throw new GitExecutableError(`git log listed ${oid}, which is a ${read.value.type}, not a commit`);
      const commit = parseCommitObject(oid, read.value.data);
      const isMerge = commit.parents.length > 1;
      return { ...commit, additions: isMerge ? null : additions, deletions: isMerge ? null : deletions, paths: isMerge ? [] : sortedUnique(paths) };
    });
  }

  async mergeBase(a: Oid, b: Oid): Promise<Oid | null> {
    this.checkOid(a, 'mergeBase');
    this.checkOid(b, 'mergeBase');
    // Exit code 1 with no output: the commits share no history.
    const { code, lines } = await this.git.lines(['merge-base', '--end-of-options', a, b], [0, 1]);
    return code === 0 && lines[0] ? lines[0] : null;
  }

  async isAncestor(ancestor: Oid, descendant: Oid): Promise<boolean> {
    this.checkOid(ancestor, 'isAncestor');
    this.checkOid(descendant, 'isAncestor');
    // Exit code 0: it is an ancestor; 1: it is not.
    const { code } = await this.git.lines(['merge-base', '--is-ancestor', '--end-of-options', ancestor, descendant], [0, 1]);
    return code === 0;
  }

  async tagsPointingAt(commit: Oid): Promise<string[]> {
    this.checkOid(commit, 'tagsPointingAt');
    const names: string[] = [];
    // --points-at matches a tag object or what it peels to; ref names hold no newlines.
    await this.git.stream(['for-each-ref', `--points-at=${commit}`, '--format=%(refname)', 'refs/tags/'], NEWLINE, (token) => {
      const name = token.toString('utf8');
      if (name.startsWith('refs/tags/')) names.push(name.slice('refs/tags/'.length));
    });
    return names.sort();
  }

  async diffCommits(from: Oid | null, to: Oid): Promise<TreeChange[]> {
    if (from !== null) this.checkOid(from, 'diffCommits');
    this.checkOid(to, 'diffCommits');
    const parser = new DiffTreeParser();
    const args = ['diff-tree', '-r', '--raw', '--numstat', ...DIFF_OPTIONS, '--end-of-options', from ?? this.emptyTree, to, '--'];
    await this.git.stream(args, NUL, (token) => parser.push(token));
    return parser.end();
  }

  async close(): Promise<void> {
    this.git.killAll();
    await this.objects.close();
  }

  /** Only full object ids reach git, so no argument can be read as an option or a revision expression. */
  private checkOid(oid: string, method: string): void {
    if (typeof oid !== 'string' || !this.oidPattern.test(oid)) {
      throw new UsageError(`${method} needs a full lower-case object id, got '${String(oid).slice(0, 80)}'`);
    }
  }
}
