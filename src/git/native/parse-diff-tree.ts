/**
 * Incremental parser for `git diff-tree -r -z --raw --numstat`, fed one NUL-terminated token at a
 * time. Formats: https://git-scm.com/docs/git-diff-tree#_raw_output_format and --numstat with -z.
 * git prints every raw entry first, then every numstat entry, both in the same order:
 *
 *   :<old mode> <new mode> <old oid> <new oid> <status>[score]|<path>|          (A, M, D, T)
 *   :<old mode> <new mode> <old oid> <new oid> R<score>|<old path>|<new path>|  (renames)
 *   <added>\t<deleted>\t<path>|                       (`-` for both on binary files)
 *   <added>\t<deleted>\t|<old path>|<new path>|        (renames)
 *
 * Path tokens may hold any text (even a leading `:`), so they are consumed by count.
 */
import { GitExecutableError } from '../../errors.js';
import type { ChangeStatus, FileMode, Oid, TreeChange } from '../types.js';

const RAW = /^:(\d{6}) (\d{6}) ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([A-Z])(\d*)$/;
const NUMSTAT = /^(\d+|-)\t(\d+|-)\t/;

const STATUSES: Record<string, ChangeStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'typechanged' };
const FILE_MODES: ReadonlySet<string> = new Set<FileMode>(['100644', '100755', '120000', '160000', '040000']);
const ABSENT_MODE = '000000';
const ABSENT_OID = /^0+$/;

interface PendingPaths {
  kind: 'raw' | 'numstat';
  wanted: number;
  paths: string[];
  /** The raw entry being completed, or the numstat counts waiting for their paths. */
  change?: TreeChange;
  counts?: { additions: number | null; deletions: number | null };
}

export class DiffTreeParser {
  readonly changes: TreeChange[] = [];
  private numstatCount = 0;
  private pending: PendingPaths | null = null;

  push(token: Buffer): void {
    if (this.pending) {
      this.pending.paths.push(token.toString('utf8'));
      if (this.pending.paths.length === this.pending.wanted) this.completePaths(this.pending);
      return;
    }
    const text = token.toString('utf8');
    const raw = RAW.exec(text);
    if (raw) {
      this.startRaw(raw);
      return;
    }
    const numstat = NUMSTAT.exec(text);
    if (!numstat) throw unexpected(text);
    const binary = numstat[1] === '-';
    const counts = { additions: binary ? null : Number(numstat[1]), deletions: binary ? null : Number(numstat[2]) };
    const path = text.slice(numstat[0].length);
    if (path === '') this.pending = { kind: 'numstat', wanted: 2, paths: [], counts };
    else this.applyCounts([path], counts);
  }

  /** Ends the stream and returns the changes in git's order. */
  end(): TreeChange[] {
    if (this.pending) throw new GitExecutableError('git diff-tree output ended inside an entry');
    if (this.numstatCount !== this.changes.length) {
      throw new GitExecutableError(`git diff-tree printed ${this.changes.length} raw entries but ${this.numstatCount} numstat entries`);
    }
    return this.changes;
  }

  private startRaw(raw: RegExpExecArray): void {
    const [, oldMode, newMode, oldOid, newOid, letter, score] = raw;
    const status = STATUSES[letter!];
    if (!status) throw unexpected(raw[0]);
    const change: TreeChange = {
      path: '',
      status,
      oldMode: toMode(oldMode!),
      newMode: toMode(newMode!),
      oldOid: toOid(oldOid!),
      newOid: toOid(newOid!),
      additions: null,
      deletions: null,
      binary: false,
    };
    if (status === 'renamed') change.similarity = Number(score);
    this.pending = { kind: 'raw', wanted: status === 'renamed' ? 2 : 1, paths: [], change };
  }

  private completePaths(pending: PendingPaths): void {
    this.pending = null;
    if (pending.kind === 'numstat') {
      this.applyCounts(pending.paths, pending.counts!);
      return;
    }
    const change = pending.change!;
    if (pending.paths.length === 2) {
      change.oldPath = pending.paths[0]!;
      change.path = pending.paths[1]!;
    } else {
      change.path = pending.paths[0]!;
    }
    this.changes.push(orderFields(change));
  }

  /** The n-th numstat entry belongs to the n-th raw entry; the paths are checked to be sure. */
  private applyCounts(paths: string[], counts: { additions: number | null; deletions: number | null }): void {
    const change = this.changes[this.numstatCount++];
    const path = paths[paths.length - 1];
    const oldPath = paths.length === 2 ? paths[0] : undefined;
    if (!change || change.path !== path || change.oldPath !== oldPath) {
      throw new GitExecutableError(`git diff-tree numstat entry '${path}' does not match its raw entry '${change?.path ?? '(none)'}'`);
    }
    change.additions = counts.additions;
    change.deletions = counts.deletions;
    change.binary = counts.additions === null;
  }
}

/** Puts the fields in one order (path, oldPath, status, ...) so that serialised output is stable. */
function orderFields(change: TreeChange): TreeChange {
  const { path, oldPath, status, oldMode, newMode, oldOid, newOid, similarity, additions, deletions, binary } = change;
  return {
    path,
    ...(oldPath !== undefined ? { oldPath } : {}),
    status,
    oldMode,
    newMode,
    oldOid,
    newOid,
    ...(similarity !== undefined ? { similarity } : {}),
    additions,
    deletions,
    binary,
  };
}

function toMode(mode: string): FileMode | null {
  if (mode === ABSENT_MODE) return null;
  if (!FILE_MODES.has(mode)) throw new GitExecutableError(`git diff-tree printed an unknown file mode ${mode}`);
  return mode as FileMode;
}

function toOid(oid: string): Oid | null {
  return ABSENT_OID.test(oid) ? null : oid;
}

function unexpected(text: string): GitExecutableError {
  return new GitExecutableError(`unexpected git diff-tree output: '${text.slice(0, 100)}'`);
}
