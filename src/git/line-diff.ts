/**
 * Line counts identical to `git diff --numstat` (git 2.39, default Myers algorithm, no whitespace
 * or other diff options).
 *
 * A minimal diff is not enough: git's xdiff is minimal only on small inputs, so the counts are
 * reproduced by reproducing the decisions xdiff makes (see git's xdiff/xprepare.c and
 * xdiff/xdiffi.c for the design; this is an independent implementation of the same behaviour):
 *
 * - a line is its bytes up to and including its '\n'; a last line without one is a different line;
 * - the common head and tail are set aside;
 * - lines of the middle that never occur in the other file are changed outright, and lines that
 *   occur there very often are changed too when they sit inside a run of such unmatched lines;
 * - the rest goes through Myers' divide and conquer, whose middle-snake search, once the edit
 *   cost passes a limit, settles for a split that is good enough rather than optimal.
 *
 * Sliding changed groups (xdiff's compaction, the indent heuristic) moves changes but never changes
 * how many lines change, and `--numstat` uses 3 lines of context, so git's common-tail trimming for
 * zero-context diffs never applies: neither is reproduced.
 */

/** git reads at most this many leading bytes when it guesses whether a blob is binary. */
const BINARY_SNIFF_BYTES = 8000;

/** Lines occurring at least this often in the other file may be discarded (git's ceiling). */
const MANY_MATCHES_CEILING = 1024;
/** How far around a frequent line the run of unmatched lines is looked for. */
const RUN_SCAN_WINDOW = 100;

/** Below this edit cost the middle-snake search is always exact. */
const MIN_COST_LIMIT = 256;
/** Edit cost from which a promising diagonal may be taken as the split. */
const HEURISTIC_MIN_COST = 256;
/** A run of matching lines longer than this makes a diagonal "promising". */
const SNAKE_LENGTH = 20;
/** A promising diagonal must have advanced this many times the edit cost. */
const HEURISTIC_FACTOR = 4;

const NEWLINE = 0x0a;
const FAR_AWAY = 0x7fffffff;

/** git's binary heuristic: a NUL byte in the first 8000 bytes. */
export function isBinary(data: Buffer): boolean {
  return data.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

/**
 * Lines added and deleted between two blobs exactly as `git diff --numstat` (default Myers
 * algorithm, no options) counts them. Binary blobs are the caller's business: git reports no line
 * counts for them (see {@link isBinary}).
 */
export function countLineChanges(oldData: Buffer, newData: Buffer): { additions: number; deletions: number } {
  if (oldData.equals(newData)) return { additions: 0, deletions: 0 };
  const { oldSide, newSide, splitter } = prepareDiff(oldData, newData);
  const { deleted, added } = splitter.countChanges();
  return { additions: newSide.discarded + added, deletions: oldSide.discarded + deleted };
}

/**
 * The 1-based numbers of the lines of `newData` that the diff of {@link countLineChanges} counts as
 * added (a changed line is a deletion plus an addition), ascending; as many as its `additions`.
 * A changed group that could sit in several places (a function appended after another, where
 * either closing brace could be the new one) is slid as git slides it without its indent
 * heuristic: as far down as it goes, or to line up with a change on the other side.
 */
export function addedLineNumbers(oldData: Buffer, newData: Buffer): number[] {
  if (oldData.equals(newData)) return [];
  const { oldLines, newLines, oldSide, newSide, splitter } = prepareDiff(oldData, newData);
  const oldChanged = changedFlags(oldSide);
  const newChanged = changedFlags(newSide);
  splitter.countChanges(
    (from, to) => markRun(newChanged, newSide, from, to),
    (from, to) => markRun(oldChanged, oldSide, from, to),
  );
  // git compacts the old file's groups first; the new file's then line up with where those ended.
  compactGroups(oldLines, oldChanged, newChanged);
  compactGroups(newLines, newChanged, oldChanged);
  const lines: number[] = [];
  for (let i = 0; i < newLines.length; i++) if (newChanged[i + 1]) lines.push(i + 1);
  return lines;
}

/**
 * Change flags of a whole file, one slot per line shifted by one so that slot 0 and the last are
 * always-unchanged sentinels: the middle lines not searched are changed outright.
 */
function changedFlags(side: ComparableLines): Uint8Array {
  const flags = new Uint8Array(side.total + 2);
  for (let i = side.start; i < side.end; i++) flags[i + 1] = 1;
  for (const index of side.indices) flags[index + 1] = 0;
  return flags;
}

function markRun(flags: Uint8Array, side: ComparableLines, from: number, to: number): void {
  for (let k = from; k < to; k++) flags[side.indices[k]! + 1] = 1;
}

/**
 * git's change compaction (xdiff/xdiffi.c, xdl_change_compact) without the indent heuristic.
 * Groups of changed lines in `lines` slide over equal lines: up as far as they go, then down as
 * far as they go, merging with groups they meet; a group that can line up its end with a change
 * in the other file goes back up to there. The groups of the two files stay in step: the k-th
 * run of unchanged lines of one is the k-th of the other.
 */
function compactGroups(lines: Int32Array, changed: Uint8Array, otherChanged: Uint8Array): void {
  const total = lines.length;
  const otherTotal = otherChanged.length - 2;
  // Groups in line indices [start, end); flags are read at index + 1.
  const g = { start: 0, end: 0 };
  const go = { start: 0, end: 0 };
  const groupInit = (flags: Uint8Array, group: { start: number; end: number }) => {
    group.start = group.end = 0;
    while (flags[group.end + 1]) group.end++;
  };
  const groupNext = (flags: Uint8Array, count: number, group: { start: number; end: number }) => {
    if (group.end === count) return false;
    group.start = group.end + 1;
    for (group.end = group.start; flags[group.end + 1]; group.end++);
    return true;
  };
  const groupPrevious = (flags: Uint8Array, group: { start: number; end: number }) => {
    if (group.start === 0) return false;
    group.end = group.start - 1;
    for (group.start = group.end; flags[group.start]; group.start--);
    return true;
  };
  const slideDown = () => {
    if (g.end < total && lines[g.start] === lines[g.end]) {
      changed[1 + g.start++] = 0;
      changed[1 + g.end++] = 1;
      while (changed[g.end + 1]) g.end++;
      return true;
    }
    return false;
  };
  const slideUp = () => {
    if (g.start > 0 && lines[g.start - 1] === lines[g.end - 1]) {
      changed[1 + --g.start] = 1;
      changed[1 + --g.end] = 0;
      while (changed[g.start]) g.start--;
      return true;
    }
    return false;
  };

  groupInit(changed, g);
  groupInit(otherChanged, go);
  for (;;) {
    if (g.end !== g.start) {
      let size: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        size = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp()) groupPrevious(otherChanged, go);
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown()) {
          groupNext(otherChanged, otherTotal, go);
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (size !== g.end - g.start);
      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          slideUp();
          groupPrevious(otherChanged, go);
        }
      }
    }
    if (!groupNext(changed, total, g)) break;
    groupNext(otherChanged, otherTotal, go);
  }
}

interface PreparedDiff {
  oldLines: Int32Array;
  newLines: Int32Array;
  oldSide: ComparableLines;
  newSide: ComparableLines;
  splitter: MyersSplitter;
}

function prepareDiff(oldData: Buffer, newData: Buffer): PreparedDiff {
  const { oldLines, newLines, oldCounts, newCounts } = internLines(oldData, newData);
  const { head, oldEnd, newEnd } = commonEnds(oldLines, newLines);
  const oldSide = selectComparable(oldLines, head, oldEnd, newCounts);
  const newSide = selectComparable(newLines, head, newEnd, oldCounts);
  return { oldLines, newLines, oldSide, newSide, splitter: new MyersSplitter(oldSide.lines, newSide.lines) };
}

interface InternedLines {
  oldLines: Int32Array;
  newLines: Int32Array;
  /** Per line id, how often it occurs in the whole old (new) file. */
  oldCounts: Int32Array;
  newCounts: Int32Array;
}

/**
 * Gives every distinct line (bytes including the terminator) a small integer id, so the rest of
 * the work compares integers. Lines both files share at their start and end (found by comparing
 * bytes) are hashed once and their ids reused for the new file: most changes touch a small part.
 */
function internLines(oldData: Buffer, newData: Buffer): InternedLines {
  const { head, tail } = sharedLineEdges(oldData, newData);
  const table = new LineTable([oldData, newData]);
  const headIds = table.idsOf(0, 0, head);
  const oldMiddle = table.idsOf(0, head, oldData.length - tail);
  const newMiddle = table.idsOf(1, head, newData.length - tail);
  const tailIds = table.idsOf(0, oldData.length - tail, oldData.length);

  const oldLines = concatIds(headIds, oldMiddle, tailIds);
  const newLines = concatIds(headIds, newMiddle, tailIds);
  const oldCounts = new Int32Array(table.size);
  const newCounts = new Int32Array(table.size);
  for (let i = 0; i < oldLines.length; i++) oldCounts[oldLines[i]!]!++;
  for (let i = 0; i < newLines.length; i++) newCounts[newLines[i]!]!++;
  return { oldLines, newLines, oldCounts, newCounts };
}

/** Byte lengths of the whole lines both files start with and end with, not overlapping. */
function sharedLineEdges(a: Buffer, b: Buffer): { head: number; tail: number } {
  const limit = Math.min(a.length, b.length);
  // Chunked native comparisons find the first difference much faster than a byte loop.
  const CHUNK = 4096;
  let same = 0;
  while (same + CHUNK <= limit && a.compare(b, same, same + CHUNK, same, same + CHUNK) === 0) same += CHUNK;
  while (same < limit && a[same] === b[same]) same++;
  // (lastIndexOf counts a negative offset from the end, hence the guard.)
  const head = same === 0 ? 0 : a.lastIndexOf(NEWLINE, same - 1) + 1;

  const room = limit - head;
  let back = 0;
  while (back + CHUNK <= room
    && a.compare(b, b.length - back - CHUNK, b.length - back, a.length - back - CHUNK, a.length - back) === 0) back += CHUNK;
  while (back < room && a[a.length - 1 - back] === b[b.length - 1 - back]) back++;
  // The shared bytes are whole lines only if a line starts where they start, in both files.
  const startsLine = (data: Buffer, at: number): boolean => at === head || data[at - 1] === NEWLINE;
  if (back === 0 || (startsLine(a, a.length - back) && startsLine(b, b.length - back))) return { head, tail: back };
  const firstEnd = a.indexOf(NEWLINE, a.length - back);
  return { head, tail: firstEnd === -1 ? 0 : a.length - firstEnd - 1 };
}

function concatIds(head: Int32Array, middle: Int32Array, tail: Int32Array): Int32Array {
  const all = new Int32Array(head.length + middle.length + tail.length);
  all.set(head, 0);
  all.set(middle, head.length);
  all.set(tail, head.length + middle.length);
  return all;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * An open-addressing hash table from line bytes to ids. It hashes the bytes in place rather than
 * decoding each line to a string, which would cost an allocation per line.
 */
class LineTable {
  size = 0;
  private slots = new Int32Array(1024).fill(-1);
  // Where each id's first occurrence lives, to compare candidates byte by byte.
  private idSource = new Uint8Array(512);
  private idStart = new Int32Array(512);
  private idLength = new Int32Array(512);
  private idHash = new Int32Array(512);

  constructor(private readonly sources: Buffer[]) {}

  /** Ids of the lines of sources[source][start, end); `end` is a line boundary or the data end. */
  idsOf(source: number, start: number, end: number): Int32Array {
    const data = this.sources[source]!;
    let ids = new Int32Array(((end - start) >> 5) + 16);
    let count = 0;
    // Native newline search plus a tight hashing loop is about three times faster than one loop
    // that hashes and tests every byte for a newline.
    for (let lineStart = start; lineStart < end; ) {
      const newline = data.indexOf(NEWLINE, lineStart);
      const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
      let hash = FNV_OFFSET;
      for (let i = lineStart; i < lineEnd; i++) hash = Math.imul(hash ^ data[i]!, FNV_PRIME);
      if (count === ids.length) ids = grown(ids, count * 2);
      ids[count++] = this.idOf(source, lineStart, lineEnd, hash);
      lineStart = lineEnd;
    }
    return ids.subarray(0, count);
  }

  private idOf(source: number, start: number, end: number, rawHash: number): number {
    // FNV's low bits mix poorly; the table indexes by them.
    let hash = rawHash ^ (rawHash >>> 15);
    hash = Math.imul(hash, 0x2c1b3c6d);
    hash ^= hash >>> 12;
    const length = end - start;
    const data = this.sources[source]!;
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id === -1) return this.add(slot, source, start, length, hash);
      if (this.idHash[id] === hash && this.idLength[id] === length
        && sameBytes(this.sources[this.idSource[id]!]!, this.idStart[id]!, data, start, length)) return id;
    }
  }

  private add(slot: number, source: number, start: number, length: number, hash: number): number {
    const id = this.size++;
    this.slots[slot] = id;
    if (id === this.idHash.length) {
      this.idSource = grown(this.idSource, id * 2);
      this.idStart = grown(this.idStart, id * 2);
      this.idLength = grown(this.idLength, id * 2);
      this.idHash = grown(this.idHash, id * 2);
    }
    this.idSource[id] = source;
    this.idStart[id] = start;
    this.idLength[id] = length;
    this.idHash[id] = hash;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.idHash[id]! & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

function sameBytes(a: Buffer, aStart: number, b: Buffer, bStart: number, length: number): boolean {
  // A native call costs more than a short loop; most source lines are short.
  if (length > 48) return a.compare(b, bStart, bStart + length, aStart, aStart + length) === 0;
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function commonEnds(a: Int32Array, b: Int32Array): { head: number; oldEnd: number; newEnd: number } {
  const shorter = Math.min(a.length, b.length);
  let head = 0;
  while (head < shorter && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < shorter - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { head, oldEnd: a.length - tail, newEnd: b.length - tail };
}

/** How a line of one file occurs in the other. */
const enum Matches { None = 0, Some = 1, Many = 2 }

interface ComparableLines {
  /** Line ids of the middle section that take part in the Myers search. */
  lines: Int32Array;
  /** Where each of those lines sits in the whole file. */
  indices: Int32Array;
  /** Lines of the middle section counted as changed without being searched. */
  discarded: number;
  /** The middle section, [start, end), and the file's length in lines. */
  start: number;
  end: number;
  total: number;
}

/**
 * Picks the lines of `lines[start, end)` worth searching. A line absent from the other file is
 * certainly changed. A line with many copies there mostly lengthens the search; it is dropped
 * (counted as changed) when it sits in a stretch dominated by absent lines, where it would almost
 * never find a useful match. "Many" scales with the square root of the file's length, as in git.
 */
function selectComparable(lines: Int32Array, start: number, end: number, otherCounts: Int32Array): ComparableLines {
  const manyThreshold = Math.min(roughSqrt(lines.length), MANY_MATCHES_CEILING);
  const matches = new Uint8Array(lines.length);
  for (let i = start; i < end; i++) {
    const count = otherCounts[lines[i]!]!;
    matches[i] = count === 0 ? Matches.None : count >= manyThreshold ? Matches.Many : Matches.Some;
  }

  const kept = new Int32Array(end - start);
  const indices = new Int32Array(end - start);
  let keptCount = 0;
  for (let i = start; i < end; i++) {
    const m = matches[i]!;
    if (m === Matches.Some || (m === Matches.Many && !isInUnmatchedRun(matches, i, start, end - 1))) {
      indices[keptCount] = i;
      kept[keptCount++] = lines[i]!;
    }
  }
  return { lines: kept.subarray(0, keptCount), indices: indices.subarray(0, keptCount), discarded: end - start - keptCount, start, end, total: lines.length };
}

/**
 * Whether the frequent line `i` lies in a run of absent and frequent lines (bounded by lines with
 * few matches or by the window) that has absent lines on both sides and is mostly absent lines.
 * The frequent line itself is weighed once for each side, as git does.
 */
function isInUnmatchedRun(matches: Uint8Array, i: number, first: number, last: number): boolean {
  const low = Math.max(first, i - RUN_SCAN_WINDOW);
  const high = Math.min(last, i + RUN_SCAN_WINDOW);

  let absentBefore = 0;
  let frequentBefore = 0;
  for (let j = i - 1; j >= low && matches[j] !== Matches.Some; j--) {
    if (matches[j] === Matches.None) absentBefore++;
    else frequentBefore++;
  }
  if (absentBefore === 0) return false;

  let absentAfter = 0;
  let frequentAfter = 0;
  for (let j = i + 1; j <= high && matches[j] !== Matches.Some; j++) {
    if (matches[j] === Matches.None) absentAfter++;
    else frequentAfter++;
  }
  if (absentAfter === 0) return false;

  const frequent = frequentBefore + frequentAfter + 2;
  const absent = absentBefore + absentAfter;
  return frequent * 4 < frequent + absent;
}

/** git's cheap square root: the power of two near sqrt(n), always at least 1. */
function roughSqrt(n: number): number {
  let root = 1;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 4)) root *= 2;
  return root;
}

/**
 * Myers' divide and conquer over two id sequences, counting the lines it leaves unmatched.
 *
 * Boxes are [aLow, aHigh) x [bLow, bHigh) in sequence coordinates; a diagonal k holds the points
 * with x - y = k. Each box is narrowed by its common head and tail, then split at a point found by
 * searching from both corners at once. While `exact` is off, the search may stop early at a
 * heuristic split; a split found the exact way makes both halves exact, as in git.
 */
class MyersSplitter {
  private readonly forward: Int32Array;
  private readonly backward: Int32Array;
  /** Offset that maps diagonal k (which may be negative) into the arrays above. */
  private readonly bias: number;
  /** Edit cost at which an inexact search gives up and takes the furthest point reached. */
  private readonly costLimit: number;

  // The last split found: the point, and whether each half must be solved exactly.
  private splitA = 0;
  private splitB = 0;
  private exactLow = true;
  private exactHigh = true;

  constructor(private readonly a: Int32Array, private readonly b: Int32Array) {
    const diagonals = a.length + b.length + 3;
    this.forward = new Int32Array(diagonals);
    this.backward = new Int32Array(diagonals);
    this.bias = b.length + 1;
    this.costLimit = Math.max(roughSqrt(diagonals), MIN_COST_LIMIT);
  }

  /** `onAdded` (`onDeleted`) hears each run [from, to) of `b` (`a`) left unmatched. */
  countChanges(onAdded?: (from: number, to: number) => void, onDeleted?: (from: number, to: number) => void): { deleted: number; added: number } {
    const { a, b } = this;
    let deleted = 0;
    let added = 0;
    // Boxes waiting to be solved, five numbers each; the halves are independent, so order is free.
    const pending: number[] = [0, a.length, 0, b.length, 0];
    while (pending.length > 0) {
      const exact = pending.pop() === 1;
      let bHigh = pending.pop()!;
      let bLow = pending.pop()!;
      let aHigh = pending.pop()!;
      let aLow = pending.pop()!;

      while (aLow < aHigh && bLow < bHigh && a[aLow] === b[bLow]) aLow++, bLow++;
      while (aLow < aHigh && bLow < bHigh && a[aHigh - 1] === b[bHigh - 1]) aHigh--, bHigh--;

      if (aLow === aHigh) {
        added += bHigh - bLow;
        if (bLow < bHigh) onAdded?.(bLow, bHigh);
      } else if (bLow === bHigh) {
        deleted += aHigh - aLow;
        if (aLow < aHigh) onDeleted?.(aLow, aHigh);
      }
      else {
        this.split(aLow, aHigh, bLow, bHigh, exact);
        pending.push(aLow, this.splitA, bLow, this.splitB, this.exactLow ? 1 : 0);
        pending.push(this.splitA, aHigh, this.splitB, bHigh, this.exactHigh ? 1 : 0);
      }
    }
    return { deleted, added };
  }

  /**
   * Finds where to cut a box whose corners differ. The forward search from (aLow, bLow) keeps,
   * per diagonal, the furthest x reached at the current cost; the backward search from
   * (aHigh, bHigh) the smallest. When they meet, that point is on an optimal path.
   */
  private split(aLow: number, aHigh: number, bLow: number, bHigh: number, exact: boolean): void {
    const { a, b, forward: fwd, backward: bwd, bias } = this;
    const lowestDiagonal = aLow - bHigh;
    const highestDiagonal = aHigh - bLow;
    const forwardMid = aLow - bLow;
    const backwardMid = aHigh - bHigh;
    // Whether the two searches meet on a forward step (else on a backward step).
    const meetsForward = ((forwardMid - backwardMid) & 1) !== 0;

    let fMin = forwardMid;
    let fMax = forwardMid;
    let bMin = backwardMid;
    let bMax = backwardMid;
    fwd[forwardMid + bias] = aLow;
    bwd[backwardMid + bias] = aHigh;

    for (let cost = 1; ; cost++) {
      let sawLongSnake = false;

      // Widen the band of diagonals by one each side, or narrow it where it hits the box, so its
      // ends keep the parity of this step. The slot just outside gets a value that never wins.
      if (fMin > lowestDiagonal) fwd[--fMin - 1 + bias] = -1;
      else fMin++;
      if (fMax < highestDiagonal) fwd[++fMax + 1 + bias] = -1;
      else fMax--;

      for (let k = fMax; k >= fMin; k -= 2) {
        const fromBelow = fwd[k - 1 + bias]!;
        const fromAbove = fwd[k + 1 + bias]!;
        let x = fromBelow >= fromAbove ? fromBelow + 1 : fromAbove;
        const snakeStart = x;
        let y = x - k;
        while (x < aHigh && y < bHigh && a[x] === b[y]) x++, y++;
        if (x - snakeStart > SNAKE_LENGTH) sawLongSnake = true;
        fwd[k + bias] = x;
        if (meetsForward && bMin <= k && k <= bMax && bwd[k + bias]! <= x) {
          this.setSplit(x, y, true, true);
          return;
        }
      }

      if (bMin > lowestDiagonal) bwd[--bMin - 1 + bias] = FAR_AWAY;
      else bMin++;
      if (bMax < highestDiagonal) bwd[++bMax + 1 + bias] = FAR_AWAY;
      else bMax--;

      for (let k = bMax; k >= bMin; k -= 2) {
        const fromBelow = bwd[k - 1 + bias]!;
        const fromAbove = bwd[k + 1 + bias]!;
        let x = fromBelow < fromAbove ? fromBelow : fromAbove - 1;
        const snakeStart = x;
        let y = x - k;
        while (x > aLow && y > bLow && a[x - 1] === b[y - 1]) x--, y--;
        if (snakeStart - x > SNAKE_LENGTH) sawLongSnake = true;
        bwd[k + bias] = x;
        if (!meetsForward && fMin <= k && k <= fMax && x <= fwd[k + bias]!) {
          this.setSplit(x, y, true, true);
          return;
        }
      }

      if (exact) continue;

      if (sawLongSnake && cost > HEURISTIC_MIN_COST) {
        if (this.findPromisingForward(aLow, aHigh, bLow, bHigh, fMin, fMax, forwardMid, cost)) return;
        if (this.findPromisingBackward(aLow, aHigh, bLow, bHigh, bMin, bMax, backwardMid, cost)) return;
      }

      if (cost >= this.costLimit) {
        this.takeFurthest(aLow, aHigh, bLow, bHigh, fMin, fMax, bMin, bMax);
        return;
      }
    }
  }

  /**
   * A forward diagonal that has come far (progress counted from the corner, less its distance
   * from the middle diagonal) and ends just after a run of SNAKE_LENGTH matches is taken as a
   * split point; the part before it stays exact. The best such diagonal wins, the first on ties.
   */
  private findPromisingForward(aLow: number, aHigh: number, bLow: number, bHigh: number,
    fMin: number, fMax: number, mid: number, cost: number): boolean {
    const { a, b, forward: fwd, bias } = this;
    let best = 0;
    for (let k = fMax; k >= fMin; k -= 2) {
      const x = fwd[k + bias]!;
      const y = x - k;
      const score = x - aLow + (y - bLow) - Math.abs(k - mid);
      if (score <= HEURISTIC_FACTOR * cost || score <= best) continue;
      if (x < aLow + SNAKE_LENGTH || x >= aHigh || y < bLow + SNAKE_LENGTH || y >= bHigh) continue;
      if (matchesRun(a, x - SNAKE_LENGTH, b, y - SNAKE_LENGTH)) {
        best = score;
        this.setSplit(x, y, true, false);
      }
    }
    return best > 0;
  }

  /** The mirror image of findPromisingForward, from the far corner; the part after stays exact. */
  private findPromisingBackward(aLow: number, aHigh: number, bLow: number, bHigh: number,
    bMin: number, bMax: number, mid: number, cost: number): boolean {
    const { a, b, backward: bwd, bias } = this;
    let best = 0;
    for (let k = bMax; k >= bMin; k -= 2) {
      const x = bwd[k + bias]!;
      const y = x - k;
      const score = aHigh - x + (bHigh - y) - Math.abs(k - mid);
      if (score <= HEURISTIC_FACTOR * cost || score <= best) continue;
      if (x <= aLow || x > aHigh - SNAKE_LENGTH || y <= bLow || y > bHigh - SNAKE_LENGTH) continue;
      if (matchesRun(a, x, b, y)) {
        best = score;
        this.setSplit(x, y, false, true);
      }
    }
    return best > 0;
  }

  /**
   * Out of budget: take whichever search got further along its own direction (measured as x + y,
   * points clipped to the box) and split there. The half that search already covered stays exact.
   */
  private takeFurthest(aLow: number, aHigh: number, bLow: number, bHigh: number,
    fMin: number, fMax: number, bMin: number, bMax: number): void {
    const { forward: fwd, backward: bwd, bias } = this;
    let forwardBest = -1;
    let forwardX = -1;
    for (let k = fMax; k >= fMin; k -= 2) {
      let x = Math.min(fwd[k + bias]!, aHigh);
      let y = x - k;
      if (y > bHigh) x = bHigh + k, y = bHigh;
      if (x + y > forwardBest) forwardBest = x + y, forwardX = x;
    }
    let backwardBest = FAR_AWAY;
    let backwardX = FAR_AWAY;
    for (let k = bMax; k >= bMin; k -= 2) {
      let x = Math.max(aLow, bwd[k + bias]!);
      let y = x - k;
      if (y < bLow) x = bLow + k, y = bLow;
      if (x + y < backwardBest) backwardBest = x + y, backwardX = x;
    }
    if (aHigh + bHigh - backwardBest < forwardBest - (aLow + bLow)) {
      this.setSplit(forwardX, forwardBest - forwardX, true, false);
    } else {
      this.setSplit(backwardX, backwardBest - backwardX, false, true);
    }
  }

  private setSplit(x: number, y: number, exactLow: boolean, exactHigh: boolean): void {
    this.splitA = x;
    this.splitB = y;
    this.exactLow = exactLow;
    this.exactHigh = exactHigh;
  }
}

/** Whether SNAKE_LENGTH ids starting at a[aAt] and b[bAt] are equal. */
function matchesRun(a: Int32Array, aAt: number, b: Int32Array, bAt: number): boolean {
  for (let i = 0; i < SNAKE_LENGTH; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}
