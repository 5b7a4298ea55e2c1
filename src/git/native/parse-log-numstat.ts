/**
 * Incremental parser for `git log -z --numstat --format=commit %H`, fed one NUL-terminated token at
 * a time. Output format: https://git-scm.com/docs/git-log#_other_diff_formats (-z, --numstat).
 * The stream looks like this (`|` stands for NUL):
 *
 *   commit <oid>|\n<added>\t<deleted>\t<path>|<added>\t<deleted>\t|<old path>|<new path>|commit <oid>|
 *
 * - the first numstat token of a commit starts with the newline that separates it from the header;
 * - a commit without a diff (a merge, or an empty commit) is followed directly by the next header;
 * - a rename has an empty path and the old and new paths as the next two tokens, which can hold any
 *   text (even `commit ...`), so they are taken by count, never inspected;
 * - binary files count `-`, which adds 0 (what `git log --numstat` totals treat them as).
 */
import { GitExecutableError } from '../../errors.js';
import type { Oid } from '../types.js';

export interface CommitLineCounts {
  oid: Oid;
  additions: number;
  deletions: number;
  /** Every path the commit changed, both sides of a rename, in git's output order. */
  paths: string[];
}

export const LOG_FORMAT = '--format=commit %H';

const HEADER = /^commit ([0-9a-f]{40}(?:[0-9a-f]{24})?)$/;
const NUMSTAT = /^(\d+|-)\t(\d+|-)\t/;

export class LogNumstatParser {
  private renamePathsLeft = 0;
  private current: CommitLineCounts | null = null;

  /** `onCommit` is called with each header's oid as soon as it is read (to start reading the object). */
  constructor(
    private readonly onCommit: (oid: Oid) => void,
    private readonly onCounts: (counts: CommitLineCounts) => void,
  ) {}

  push(token: Buffer): void {
    if (this.renamePathsLeft > 0) {
      this.renamePathsLeft--;
      this.current!.paths.push(token.toString('utf8'));
      return;
    }
    // Only the leading ASCII is inspected; latin1 decoding cannot fail and keeps offsets.
    let text = token.toString('latin1');
    if (text.startsWith('\n')) text = text.slice(1);
    const header = HEADER.exec(text);
    if (header) {
      this.flush();
      this.current = { oid: header[1]!, additions: 0, deletions: 0, paths: [] };
      this.onCommit(header[1]!);
      return;
    }
    const numstat = NUMSTAT.exec(text);
    if (!numstat || !this.current) throw new GitExecutableError(`unexpected git log output: '${text.slice(0, 100)}'`);
    if (numstat[1] !== '-') this.current.additions += Number(numstat[1]);
    if (numstat[2] !== '-') this.current.deletions += Number(numstat[2]);
    if (text.length === numstat[0].length) this.renamePathsLeft = 2;
    // latin1 maps bytes to characters one to one, so the path's byte offset is its text offset; the
    // path itself is decoded as UTF-8 from the raw bytes.
    else this.current.paths.push(token.subarray(token.length - text.length + numstat[0].length).toString('utf8'));
  }

  /** Ends the stream; the last commit's counts are reported. */
  end(): void {
    if (this.renamePathsLeft > 0) throw new GitExecutableError('git log output ended inside a rename entry');
    this.flush();
  }

  private flush(): void {
    if (this.current) this.onCounts(this.current);
    this.current = null;
  }
}
