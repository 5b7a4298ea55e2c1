/**
 * Builds real git repositories in temp directories with the git executable, with pinned dates and
 * identities, so that tests (and both engines) read real objects, refs and packfiles.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Person {
  name: string;
  email: string;
}

export const ALICE: Person = { name: 'Alice Example', email: 'alice@example.com' };
export const BOB: Person = { name: 'Bob Builder', email: 'bob@example.org' };

export interface CommitOptions {
  author?: Person;
  committer?: Person;
  /** ISO date with zone, e.g. '2024-01-02T10:00:00+01:00'. Defaults to a clock that ticks an hour per commit. */
  date?: string;
}

/** A file's new content; null deletes it; `{ symlink }` writes a symbolic link; `{ mode: 0o755 }` an executable. */
export type FileSpec = string | Buffer | null | { symlink: string } | { content: string | Buffer; executable: true };

export class TestRepo {
  readonly dir: string;
  private tick = 0;

  constructor(options: { bare?: boolean; dir?: string } = {}) {
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'impl-draft-test-'));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', ALICE.name);
    this.git('config', 'user.email', ALICE.email);
    this.git('config', 'commit.gpgsign', 'false');
    this.git('config', 'tag.gpgsign', 'false');
    this.git('config', 'core.autocrlf', 'false');
  }

  /** Runs git in the repository with pinned dates; returns stdout. */
  git(...args: string[]): string {
    return this.gitWith({}, ...args);
  }

  gitWith(env: Record<string, string>, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  nextDate(): string {
    const base = Date.UTC(2024, 0, 1, 9, 0, 0) + this.tick++ * 3_600_000;
    return `${Math.floor(base / 1000)} +0000`;
  }

  write(files: Record<string, FileSpec>): void {
    for (const [path, spec] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (existsSync(full) || isBrokenLink(full)) unlinkSync(full);
      if (spec === null) continue;
      mkdirSync(dirname(full), { recursive: true });
      if (typeof spec === 'string' || Buffer.isBuffer(spec)) writeFileSync(full, spec);
      else if ('symlink' in spec) symlinkSync(spec.symlink, full);
      else {
        writeFileSync(full, spec.content);
        chmodSync(full, 0o755);
      }
    }
  }

  /** Writes the files, stages everything and commits; returns the new commit's oid. */
  commit(message: string, files: Record<string, FileSpec> = {}, options: CommitOptions = {}): string {
    this.write(files);
    this.git('add', '-A');
    const author = options.author ?? ALICE;
    const committer = options.committer ?? author;
    const date = options.date ?? this.nextDate();
    this.gitWith(
      {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
        GIT_COMMITTER_DATE: date,
      },
      'commit', '-q', '--allow-empty', '--no-verify', '-m', message,
    );
    return this.head();
  }

  /** Merges `branch` into the current branch with a merge commit (or an octopus with several). */
  merge(branches: string[], message: string, options: CommitOptions = {}): string {
    const author = options.author ?? ALICE;
    const date = options.date ?? this.nextDate();
    this.gitWith(
      {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: date,
      },
      'merge', '-q', '--no-ff', '--no-edit', '-m', message, ...branches,
    );
    return this.head();
  }

  tag(name: string, options: { annotated?: boolean; message?: string; target?: string } = {}): void {
    const date = this.nextDate();
    const args = options.annotated ? ['tag', '-a', name, '-m', options.message ?? name] : ['tag', name];
    if (options.target) args.push(options.target);
    this.gitWith({ GIT_COMMITTER_DATE: date, GIT_COMMITTER_NAME: ALICE.name, GIT_COMMITTER_EMAIL: ALICE.email }, ...args);
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  revParse(rev: string): string {
    return this.git('rev-parse', '--verify', `${rev}^{commit}`).trim();
  }

  /** Packs every object into one packfile and removes loose objects, like a fresh clone. */
  gc(): void {
    this.git('gc', '-q', '--aggressive', '--prune=now');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function isBrokenLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
