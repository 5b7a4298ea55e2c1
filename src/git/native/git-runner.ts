/**
 * Runs the git executable for the native engine: one place that decides the environment, the
 * config overrides and the global options of every git command, streams stdout in separator-
 * delimited tokens, and turns a failing git into a typed error carrying git's own message.
 * No shell is ever involved: every command is spawned with an argument array.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { CorruptObjectError, GitExecutableError } from '../../errors.js';

export const NUL = 0x00;
export const NEWLINE = 0x0a;

/** How much of git's stderr is kept for the error message. */
const STDERR_LIMIT = 64 * 1024;

/**
 * Variables that select a repository, a work tree or an index. Inherited from a git hook (which
 * sets GIT_DIR) they would silently redirect every command away from the repository the user
 * named, so they are dropped; the repository is passed explicitly with --git-dir instead.
 * GIT_OBJECT_DIRECTORY / GIT_ALTERNATE_OBJECT_DIRECTORIES are kept on purpose: they add objects
 * rather than select a repository, and a pre-receive hook needs them to see the pushed commits.
 */
const REPOSITORY_SELECTING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

/**
 * The environment for discovering a repository: the user's own, minus the variables above, with
 * messages in the C locale so that git's errors can be recognised (`not a git repository`) and
 * read the same everywhere.
 *
 * GIT_CONFIG_NOSYSTEM is deliberately NOT set. The system config is where administrators and CI
 * images put `safe.directory` (GitHub's runners, Docker images that run as another user), proxy
 * and credential settings; ignoring it would make git refuse repositories the user's own `git`
 * reads fine. It would not make the output deterministic either: the global (~/.gitconfig) and
 * repository config can set the same diff options. Determinism comes from the `-c` overrides in
 * `outputConfig`, which take precedence over every config file.
 */
export function discoveryEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_SELECTING_VARIABLES) delete env[name];
  env.LC_ALL = 'C';
  // A lazy fetch in a partial clone must fail rather than wait for a password on the terminal.
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

/**
 * The name of a path inside the git directory that never exists. Used as the work tree, the index
 * and the attributes file so that git reads no `.gitattributes` from them (see `GitRunner`).
 */
const ABSENT = 'impl-draft-absent';

/**
 * `-c` overrides passed to every command, so that nothing in the system, global or repository
 * config can change what is parsed. Most matter only to porcelain (`git log`), which reads the
 * diff UI config; plumbing (`diff-tree`, `cat-file`) ignores most of them but gets them anyway.
 */
function outputConfig(gitdir: string): string[] {
  const settings = [
    'core.quotePath=false',
    // Files above the threshold are reported as binary; pin git's default (512 MiB).
    'core.bigFileThreshold=512m',
    `core.attributesFile=${join(gitdir, ABSENT)}`,
    'color.ui=false',
    'diff.algorithm=myers',
    'diff.renames=true',
    'diff.renameLimit=1000',
    'diff.ignoreSubmodules=none',
    'diff.relative=false',
    // log.showRoot=false would hide the root commit's diff; log.showSignature would print gpg
    // output into the stream.
    'log.showRoot=true',
    'log.showSignature=false',
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

/** Options shared by every diff-producing command (`diff-tree`, `log --numstat`). */
export const DIFF_OPTIONS = [
  '-z',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-abbrev',
  '--diff-algorithm=myers',
  '--ignore-submodules=none',
  '--no-relative',
  '-M',
  '-l1000',
];

export interface GitRunnerOptions {
  /** Absolute path of the git directory (`git rev-parse --absolute-git-dir`). */
  gitdir: string;
}

/**
 * Runs git commands against one repository. Every command gets:
 * - `--git-dir=<gitdir>`, so that discovery (and its safe.directory check, already passed by
 *   `git rev-parse` in `openNativeBackend`) happens once and inherited variables cannot redirect;
 * - `--work-tree` and GIT_INDEX_FILE pointing at a path that does not exist, and
 *   GIT_ATTR_NOSYSTEM=1 plus core.attributesFile pointing there too: git would otherwise apply
 *   `.gitattributes` (`-diff`, `binary`) read from the checked-out work tree or the index, so the
 *   line counts of a range would depend on whatever branch happens to be checked out, and would
 *   differ from the embedded engine. `$GIT_DIR/info/attributes` is still honoured (git offers no
 *   switch for it before 2.40's --attr-source). Without a work tree and index, git also cannot
 *   take a blob's content from the checked-out file instead of the object database (diff.c's
 *   reuse_worktree_file), which would hide a lost object and apply the file's clean filters.
 * - `--no-replace-objects`: the embedded engine does not apply `refs/replace/`, so neither do we.
 * - GIT_OPTIONAL_LOCKS=0: reading must never write to the repository.
 */
export class GitRunner {
  readonly gitdir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly globalArgs: string[];
  private readonly running = new Set<ChildProcess>();

  constructor(options: GitRunnerOptions) {
    this.gitdir = options.gitdir;
    const absent = join(this.gitdir, ABSENT);
    this.env = {
      ...discoveryEnvironment(),
      GIT_INDEX_FILE: absent,
      GIT_ATTR_NOSYSTEM: '1',
      GIT_OPTIONAL_LOCKS: '0',
    };
    this.globalArgs = ['--no-pager', '--no-replace-objects', `--git-dir=${this.gitdir}`, `--work-tree=${absent}`, ...outputConfig(this.gitdir)];
  }

  /** Starts `git <args>` with pipes on all three streams; the caller owns the process. */
  spawn(args: string[]): ChildProcess {
    const child = spawn('git', [...this.globalArgs, ...args], {
      cwd: this.gitdir,
      env: this.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.running.add(child);
    child.once('close', () => this.running.delete(child));
    child.once('error', () => this.running.delete(child));
    return child;
  }

  /**
   * Runs `git <args>`, calling `onToken` for every piece of stdout ended by `separator` (and for a
   * last unterminated piece), as the output arrives; nothing is buffered beyond one token.
   * Resolves with the exit code when it is one of `okExitCodes`, rejects with a typed error
   * otherwise, or when `onToken` throws (the process is then killed).
   */
  stream(args: string[], separator: number, onToken: (token: Buffer) => void, okExitCodes: number[] = [0]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = this.spawn(args);
      } catch (error) {
        reject(spawnFailure(error));
        return;
      }
      child.stdin!.end();
      let failure: Error | null = null;
      const fail = (error: Error) => {
        if (failure) return;
        failure = error;
        child.kill('SIGKILL');
      };
      let partial: Buffer[] = [];
      const deliver = (token: Buffer) => {
        if (failure) return;
        try {
          onToken(token);
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
        }
      };
      child.stdout!.on('data', (chunk: Buffer) => {
        let start = 0;
        let end: number;
        while (!failure && (end = chunk.indexOf(separator, start)) !== -1) {
          let token = chunk.subarray(start, end);
          if (partial.length > 0) {
            partial.push(token);
            token = Buffer.concat(partial);
            partial = [];
          }
          deliver(token);
          start = end + 1;
        }
        if (start < chunk.length) partial.push(chunk.subarray(start));
      });
      const stderr = collectStderr(child);
      child.once('error', (error) => fail(spawnFailure(error)));
      child.once('close', (code, signal) => {
        if (failure) return reject(failure);
        if (code !== null && okExitCodes.includes(code)) {
          if (partial.length > 0) deliver(Buffer.concat(partial));
          if (failure) return reject(failure);
          return resolve(code);
        }
        reject(gitFailure(args, code, signal, stderr()));
      });
    });
  }

  /** Runs `git <args>` and returns its stdout split into lines (small outputs only). */
  async lines(args: string[], okExitCodes: number[] = [0]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await this.stream(args, NEWLINE, (token) => lines.push(token.toString('utf8')), okExitCodes);
    return { code, lines };
  }

  /** Kills every command still running (used by close()). */
  killAll(): void {
    for (const child of this.running) child.kill('SIGKILL');
    this.running.clear();
  }
}

/** Keeps up to STDERR_LIMIT bytes of a process's stderr; returns a reader for the text. */
export function collectStderr(child: ChildProcess): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  child.stderr!.on('data', (chunk: Buffer) => {
    if (size >= STDERR_LIMIT) return;
    chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Keeps a child process (and its pipes) from holding the event loop open, or lets it again. */
export function setProcessRef(child: ChildProcess, active: boolean): void {
  const handles: Array<{ ref?: () => unknown; unref?: () => unknown } | null> = [child, child.stdin as Socket | null, child.stdout as Socket | null, child.stderr as Socket | null];
  for (const handle of handles) {
    if (!handle) continue;
    if (active) handle.ref?.();
    else handle.unref?.();
  }
}

/**
 * The line of git's stderr worth showing: the first `fatal:` or `error:` line (git may print
 * warnings first, such as the rename-limit warning), else the first non-empty line.
 */
export function firstStderrLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trimEnd()).filter((line) => line.length > 0);
  return lines.find((line) => /^(fatal|error): /.test(line)) ?? lines[0] ?? '';
}

/** Git's messages that name an object it cannot read (the C locale is forced, so these are stable). */
const MISSING_OBJECT = /\b(?:bad object|unable to read|could not read|missing (?:blob|tree|commit|tag) object|not a valid (?:object|commit) name)\s+'?([0-9a-f]{40}(?:[0-9a-f]{24})?)\b/i;

export function gitFailure(args: string[], code: number | null, signal: NodeJS.Signals | null, stderr: string): Error {
  const line = firstStderrLine(stderr);
  const missing = MISSING_OBJECT.exec(line);
  if (missing) return new CorruptObjectError(missing[1]!, line);
  const command = args.find((arg) => !arg.startsWith('-')) ?? 'git';
  const status = code !== null ? `exit code ${code}` : `killed by ${signal ?? 'a signal'}`;
  return new GitExecutableError(`git ${command} failed (${status})${line ? `: ${line}` : ''}`);
}

export function spawnFailure(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new GitExecutableError('the git executable was not found on PATH (install git, or use the embedded engine)');
  return new GitExecutableError(`could not run git: ${error instanceof Error ? error.message : String(error)}`);
}
