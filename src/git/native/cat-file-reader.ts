/**
 * Reads objects through ONE long-lived `git cat-file --batch` process. Requests are written to its
 * stdin as they come and answered in order, so any number of concurrent reads share the process;
 * responses are cut out of the stdout stream by the size in each header.
 * Protocol: https://git-scm.com/docs/git-cat-file#_batch_output
 *   request  `<oid>\n`
 *   response `<oid> <type> <size>\n<size bytes>\n`, or `<oid> missing\n`
 */
import type { ChildProcess } from 'node:child_process';
import { CorruptObjectError, GitExecutableError } from '../../errors.js';
import type { GitObject, ObjectType, Oid } from '../types.js';
import { collectStderr, firstStderrLine, setProcessRef, spawnFailure, type GitRunner } from './git-runner.js';

interface PendingRead {
  oid: Oid;
  resolve: (object: GitObject) => void;
  reject: (error: Error) => void;
}

const OBJECT_TYPES: ReadonlySet<string> = new Set<ObjectType>(['commit', 'tree', 'blob', 'tag']);
const NEWLINE = 0x0a;

/** The parse state of one cat-file process's stdout. */
class BatchStream {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The header of the object whose content is being received. */
  private body: { type: ObjectType; size: number } | null = null;

  constructor(
    private readonly nextRequest: () => PendingRead | undefined,
    private readonly finishRequest: () => void,
  ) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (!this.body) {
        const header = this.takeLine();
        if (header === null) return;
        this.onHeader(header);
        continue;
      }
      // The content is followed by a newline of its own.
      if (this.buffered < this.body.size + 1) return;
      const data = this.take(this.body.size);
      this.take(1);
      const type = this.body.type;
      this.body = null;
      const request = this.nextRequest()!;
      this.finishRequest();
      request.resolve({ type, data });
    }
  }

  private onHeader(header: string): void {
    const request = this.nextRequest();
    if (!request) throw new GitExecutableError(`git cat-file --batch sent an answer nobody asked for: '${header.slice(0, 100)}'`);
    const [oid, type, size] = header.split(' ');
    if (oid !== request.oid) throw new GitExecutableError(`git cat-file --batch answered '${header.slice(0, 100)}' to a request for ${request.oid}`);
    if (type === 'missing') {
      this.finishRequest();
      request.reject(new CorruptObjectError(oid, 'not found in the object database'));
      return;
    }
    if (!type || !OBJECT_TYPES.has(type) || !size || !/^\d+$/.test(size)) {
      throw new GitExecutableError(`git cat-file --batch sent an unexpected header: '${header.slice(0, 100)}'`);
    }
    this.body = { type: type as ObjectType, size: Number(size) };
  }

  /** Removes and returns the text up to the next newline, or null when no whole line is buffered. */
  private takeLine(): string | null {
    let length = 0;
    for (const chunk of this.chunks) {
      const index = chunk.indexOf(NEWLINE);
      if (index !== -1) {
        const line = this.take(length + index).toString('utf8');
        this.take(1);
        return line;
      }
      length += chunk.length;
    }
    return null;
  }

  /** Removes and returns the first `size` buffered bytes (copied, so no chunk is kept alive). */
  private take(size: number): Buffer {
    const out = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const chunk = this.chunks[0]!;
      const count = Math.min(chunk.length, size - filled);
      chunk.copy(out, filled, 0, count);
      filled += count;
      if (count === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(count);
    }
    this.buffered -= size;
    return out;
  }
}

/** One cat-file process and the requests written to it, in order. */
class BatchProcess {
  private queue: PendingRead[] = [];
  /** The index in `queue` of the next request to be answered. */
  private head = 0;

  constructor(
    readonly child: ChildProcess,
    private readonly onGone: (process: BatchProcess) => void,
  ) {
    const stream = new BatchStream(
      () => this.queue[this.head],
      () => this.advance(),
    );
    const stderr = collectStderr(child);
    child.stdout!.on('data', (chunk: Buffer) => {
      try {
        stream.push(chunk);
      } catch (error) {
        this.fail(new GitExecutableError(`git cat-file --batch broke the protocol: ${error instanceof Error ? error.message : String(error)}`));
        child.kill('SIGKILL');
      }
    });
    // A write after the process died fails with EPIPE; the 'close' handler reports it.
    child.stdin!.on('error', () => {});
    child.once('error', (error) => this.fail(spawnFailure(error)));
    child.once('close', (code, signal) => {
      const line = firstStderrLine(stderr());
      const status = code !== null ? `exit code ${code}` : `signal ${signal ?? 'unknown'}`;
      this.fail(new GitExecutableError(`git cat-file --batch stopped (${status})${line ? `: ${line}` : ''}`));
    });
    // Idle until the first read: a backend that is never closed must not keep Node running.
    setProcessRef(child, false);
  }

  read(oid: Oid): Promise<GitObject> {
    return new Promise<GitObject>((resolve, reject) => {
      this.queue.push({ oid, resolve, reject });
      // A read in flight keeps the process alive; an idle cat-file does not.
      if (this.pendingCount() === 1) setProcessRef(this.child, true);
      this.child.stdin!.write(`${oid}\n`);
    });
  }

  /** Rejects every unanswered request and retires the process (a new one serves later reads). */
  fail(error: Error): void {
    this.onGone(this);
    const pending = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    for (const request of pending) request.reject(error);
  }

  private pendingCount(): number {
    return this.queue.length - this.head;
  }

  private advance(): void {
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.pendingCount() === 0) setProcessRef(this.child, false);
  }
}

export class CatFileReader {
  private process: BatchProcess | null = null;
  private closed = false;

  constructor(private readonly git: GitRunner) {}

  read(oid: Oid): Promise<GitObject> {
    if (this.closed) return Promise.reject(new GitExecutableError('the git backend was closed before reading an object'));
    if (!this.process) {
      try {
        this.process = new BatchProcess(this.git.spawn(['cat-file', '--batch']), (gone) => {
          if (this.process === gone) this.process = null;
        });
      } catch (error) {
        return Promise.reject(spawnFailure(error));
      }
    }
    return this.process.read(oid);
  }

  /** Ends the process: EOF on stdin makes cat-file exit; it is killed if it has not within a second. */
  async close(): Promise<void> {
    this.closed = true;
    const process = this.process;
    if (!process) return;
    process.fail(new GitExecutableError('the git backend was closed while reading objects'));
    const child = process.child;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      // An idle process is unreferenced; waiting for its exit must keep Node running.
      setProcessRef(child, true);
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      timer.unref();
      child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin!.end();
    });
  }
}
