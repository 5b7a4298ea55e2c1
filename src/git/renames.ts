/**
 * Rename detection that pairs deleted and added files the way `git diff -M` (and `git diff-tree
 * -M`) does in git 2.39, so that both engines report the same renames as native git.
 *
 * Reproduced behaviour (git's diffcore-rename.c and diffcore-delta.c, plain rename mode: no copy
 * detection, no break detection, no merge-ort directory-rename hints):
 *   1. exact renames by blob id, preferring an unused source with the same basename;
 *   2. a pass pairing files whose basename is unique on both sides, at a raised threshold;
 *   3. the rename limit on what is left (sources x destinations > limit^2 skips step 4);
 *   4. a similarity matrix keeping the best four sources per destination, sorted by score, then
 *      a greedy assignment.
 * Similarity is git's "span hash" estimate, not a line diff: see `fingerprintBlob`.
 * Not reproduced: .gitattributes (`binary`, `-diff`) changing what counts as text, the
 * GIT_BASENAME_FACTOR environment variable, and blobs over core.bigFileThreshold (512 MiB).
 */
import { isBinary } from './line-diff.js';

/** One side of a possible rename: an added or a deleted entry of a tree diff. */
export interface RenameCandidate {
  path: string;
  oid: string;
  /** Octal mode as git prints it: 100644, 100755, 120000 (symlink), 160000 (gitlink). */
  mode: string;
  /**
   * The blob's size in bytes, when the caller knows it cheaply (an object header). It lets the
   * size filter rule pairs out without reading either blob; without it the blob is read.
   */
  size?: number;
}

export interface RenamePair {
  from: RenameCandidate;
  to: RenameCandidate;
  /** Percent as git prints it (`R087` is 87); 100 for exact renames. */
  similarity: number;
}

export interface RenameOptions {
  /** Like `-M<n>%`: the minimum similarity in percent. Default 50; 0 also means 50, as in git. */
  minScorePercent?: number;
  /** Like `-l<n>` / diff.renameLimit: default 1000; 0 or less means unlimited. */
  renameLimit?: number;
}

export interface RenameResult {
  /** Ordered by destination path, as git lists them. */
  pairs: RenamePair[];
  /** True when the similarity matrix was skipped because of the rename limit, as git warns. */
  limitExceeded: boolean;
}

export type ReadBlob = (oid: string) => Promise<Buffer>;

/** Git scores similarity on a 0..60000 scale; percentages are derived from it by truncation. */
const FULL_SCORE = 60000;
const DEFAULT_MIN_SCORE = 30000;
const DEFAULT_RENAME_LIMIT = 1000;
/** How many sources each destination keeps in the similarity matrix. */
const CANDIDATES_PER_DESTINATION = 4;
/** After this many equally good identical sources, git stops looking for one with the same basename. */
const IDENTICAL_SOURCES_EXAMINED = 100;
/** Span hashes are taken modulo this prime (between 2^16 and 2^17). */
const SPAN_HASH_MODULUS = 107927;
const MAX_SPAN = 64;
const READ_CONCURRENCY = 8;

export async function detectRenames(
  deleted: readonly RenameCandidate[],
  added: readonly RenameCandidate[],
  readBlob: ReadBlob,
  options: RenameOptions = {},
): Promise<RenameResult> {
  const minScore = parseMinScore(options.minScorePercent);
  const renameLimit = options.renameLimit ?? DEFAULT_RENAME_LIMIT;

  const sources: Source[] = sortByGitPath(deleted).map((candidate) => ({ ...toEntry(candidate), used: false }));
  const destinations: Destination[] = sortByGitPath(added).map((candidate) => ({ ...toEntry(candidate), pair: null }));
  const result = (limitExceeded: boolean): RenameResult => ({
    pairs: destinations.flatMap((d) => (d.pair ? [d.pair] : [])),
    limitExceeded,
  });
  if (sources.length === 0 || destinations.length === 0) return result(false);

  matchIdenticalBlobs(sources, destinations);
  if (minScore === FULL_SCORE) return result(false);

  const blobs = new BlobFingerprints(readBlob);
  const spans = new DestinationSpans();
  // The basename pass demands half of the remaining distance to 100% on top of the threshold.
  const basenameMinScore = minScore + Math.trunc(0.5 * (FULL_SCORE - minScore));
  await matchUniqueBasenames(unused(sources), open(destinations), basenameMinScore, blobs, spans);

  const remainingSources = unused(sources);
  const remainingDestinations = open(destinations);
  if (remainingSources.length === 0 || remainingDestinations.length === 0) return result(false);
  // Checked only now: exact and basename matches are found whatever the number of files.
  if (renameLimit > 0 && remainingSources.length * remainingDestinations.length > renameLimit * renameLimit) {
    return result(true);
  }
  await matchBySimilarity(remainingSources, remainingDestinations, minScore, blobs, spans);
  return result(false);
}

/** A candidate with what the passes look at, and its fingerprint once read. */
interface Entry {
  candidate: RenameCandidate;
  mode: number;
  /** Only regular files are compared for similarity; symlinks and gitlinks rename when identical. */
  regular: boolean;
  basename: string;
  /** From the caller, or from the blob once read. */
  size: number | undefined;
  print: Fingerprint | undefined;
}

interface Source extends Entry {
  used: boolean;
}

interface Destination extends Entry {
  pair: RenamePair | null;
}

function toEntry(candidate: RenameCandidate): Entry {
  const mode = Number.parseInt(candidate.mode, 8);
  return {
    candidate,
    mode,
    regular: (mode & 0o170000) === 0o100000,
    basename: candidate.path.slice(candidate.path.lastIndexOf('/') + 1),
    size: candidate.size,
    print: undefined,
  };
}

function record(source: Source, destination: Destination, score: number): void {
  source.used = true;
  destination.pair = {
    from: source.candidate,
    to: destination.candidate,
    similarity: Math.trunc((score * 100) / FULL_SCORE),
  };
}

const unused = (sources: Source[]): Source[] => sources.filter((s) => !s.used);
const open = (destinations: Destination[]): Destination[] => destinations.filter((d) => !d.pair);

// ---------------------------------------------------------------------------------------------
// Step 1: identical blobs

function matchIdenticalBlobs(sources: Source[], destinations: Destination[]): void {
  const sourcesByOid = new Map<string, Source[]>();
  for (const source of sources) {
    const list = sourcesByOid.get(source.candidate.oid);
    if (list) list.push(source);
    else sourcesByOid.set(source.candidate.oid, [source]);
  }
  // Destinations claim sources in path order, so an earlier destination can take the only
  // same-basename source from a later one.
  for (const destination of destinations) {
    let first: Source | undefined;
    let chosen: Source | undefined;
    let examined = 0;
    for (const source of sourcesByOid.get(destination.candidate.oid) ?? []) {
      if (source.used || !canPairIdentical(source, destination)) continue;
      if (source.basename === destination.basename) {
        chosen = source;
        break;
      }
      first ??= source;
      if (++examined === IDENTICAL_SOURCES_EXAMINED) break;
    }
    chosen ??= first;
    if (chosen) record(chosen, destination, FULL_SCORE);
  }
}

/**
 * Regular files pair with regular files whatever their executable bit; anything else (symlinks,
 * and gitlinks, which git does rename when the commit id is unchanged) needs the same mode.
 */
function canPairIdentical(a: Entry, b: Entry): boolean {
  return (a.regular && b.regular) || a.mode === b.mode;
}

// ---------------------------------------------------------------------------------------------
// Step 2: unique basenames

async function matchUniqueBasenames(
  sources: Source[],
  destinations: Destination[],
  minScore: number,
  blobs: BlobFingerprints,
  spans: DestinationSpans,
): Promise<void> {
  // A basename seen twice on one side is ambiguous; git gives up on it in this pass.
  const uniqueSources = indexUniqueBasenames(sources);
  const uniqueDestinations = indexUniqueBasenames(destinations);
  const pairs: Array<[Source, Destination]> = [];
  for (const [base, source] of uniqueSources) {
    const destination = uniqueDestinations.get(base);
    if (source && destination) pairs.push([source, destination]);
  }
  if (pairs.length === 0) return;

  await readComparable((visit) => pairs.forEach(([s, d]) => visit(s, d)), minScore, blobs);
  // Each pair involves files no other pair does, so the order of the pairs does not matter.
  for (const [source, destination] of pairs) {
    const score = estimateSimilarity(source, destination, minScore, spans);
    if (score >= minScore) record(source, destination, score);
  }
}

function indexUniqueBasenames<T extends Entry>(entries: T[]): Map<string, T | null> {
  const byBase = new Map<string, T | null>();
  for (const entry of entries) byBase.set(entry.basename, byBase.has(entry.basename) ? null : entry);
  return byBase;
}

// ---------------------------------------------------------------------------------------------
// Step 4: the similarity matrix

interface MatrixCell {
  source: Source;
  destination: Destination;
  score: number;
  sameBasename: boolean;
}

/** Empty slots sink below everything; equal scores prefer a matching basename. */
function ranksBelow(a: MatrixCell | null, b: MatrixCell | null): boolean {
  if (!a) return b !== null;
  if (!b) return false;
  if (a.score !== b.score) return a.score < b.score;
  return !a.sameBasename && b.sameBasename;
}

async function matchBySimilarity(
  sources: Source[],
  destinations: Destination[],
  minScore: number,
  blobs: BlobFingerprints,
  spans: DestinationSpans,
): Promise<void> {
  await readComparable(
    (visit) => {
      for (const destination of destinations) for (const source of sources) visit(source, destination);
    },
    minScore,
    blobs,
  );

  const cells: Array<MatrixCell | null> = [];
  for (const destination of destinations) {
    // A fixed set of slots, refilled in place: which slot a candidate lands in decides the order
    // of equally scored candidates after the stable sort, and so git's choice among them.
    const slots: Array<MatrixCell | null> = new Array<MatrixCell | null>(CANDIDATES_PER_DESTINATION).fill(null);
    for (const source of sources) {
      const cell: MatrixCell = {
        source,
        destination,
        score: estimateSimilarity(source, destination, minScore, spans),
        sameBasename: source.basename === destination.basename,
      };
      let weakest = 0;
      for (let i = 1; i < slots.length; i++) if (ranksBelow(slots[i] ?? null, slots[weakest] ?? null)) weakest = i;
      if (ranksBelow(slots[weakest] ?? null, cell)) slots[weakest] = cell;
    }
    cells.push(...slots);
  }

  cells.sort((a, b) => (ranksBelow(a, b) ? 1 : ranksBelow(b, a) ? -1 : 0));
  for (const cell of cells) {
    if (!cell || cell.score < minScore) break;
    if (cell.destination.pair || cell.source.used) continue;
    record(cell.source, cell.destination, cell.score);
  }
}

// ---------------------------------------------------------------------------------------------
// Similarity estimate

/** Git's score: bytes of the destination's spans also found in the source, over the larger size. */
function estimateSimilarity(src: Entry, dst: Entry, minScore: number, spans: DestinationSpans): number {
  if (!isWorthComparing(src, dst, minScore)) return 0;
  if (!src.print || !dst.print) throw new Error(`blob ${src.print ? dst.candidate.oid : src.candidate.oid} was not read`);
  if (dst.size === 0) return 0;
  return Math.trunc((spans.of(dst.print).copiedFrom(src.print) * FULL_SCORE) / Math.max(src.size!, dst.size!));
}

/**
 * Git skips pairs whose sizes alone rule out the threshold of the pass. No score can exceed
 * smaller size / larger size, so this never hides a rename, but a skipped pair scores 0 instead
 * of its small real score, which can change which slot an equal candidate takes.
 */
function isWorthComparing(src: Entry, dst: Entry, minScore: number): boolean {
  if (!src.regular || !dst.regular) return false;
  if (src.size === undefined || dst.size === undefined) throw new Error(`size of ${src.candidate.oid} or ${dst.candidate.oid} unknown`);
  const maxSize = Math.max(src.size, dst.size);
  const delta = maxSize - Math.min(src.size, dst.size);
  return !(maxSize * (FULL_SCORE - minScore) < delta * FULL_SCORE);
}

/**
 * Reads what a pass will compare: first the blobs whose size the caller did not give, then those
 * of the pairs that pass the size filter.
 */
async function readComparable(
  forEachPair: (visit: (source: Source, destination: Destination) => void) => void,
  minScore: number,
  blobs: BlobFingerprints,
): Promise<void> {
  const unsized = new Set<Entry>();
  forEachPair((s, d) => {
    if (!s.regular || !d.regular) return;
    if (s.size === undefined) unsized.add(s);
    if (d.size === undefined) unsized.add(d);
  });
  await blobs.attach(unsized);
  const needed = new Set<Entry>();
  forEachPair((s, d) => {
    if (!isWorthComparing(s, d, minScore)) return;
    needed.add(s);
    needed.add(d);
  });
  await blobs.attach(needed);
}

/** Per blob: the byte count of each span hash, as parallel arrays. */
interface Fingerprint {
  size: number;
  hashes: Uint32Array;
  counts: Float64Array;
}

/** Reads each blob at most once and keeps only its fingerprint. */
class BlobFingerprints {
  private readonly prints = new Map<string, Promise<Fingerprint>>();

  constructor(private readonly readBlob: ReadBlob) {}

  /** Gives each entry its fingerprint, and its size when the caller did not. */
  async attach(entries: Iterable<Entry>): Promise<void> {
    const todo = [...entries].filter((entry) => !entry.print);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        const entry = todo[next++]!;
        entry.print = await this.fingerprint(entry.candidate.oid);
        entry.size ??= entry.print.size;
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, todo.length) }, worker));
  }

  private fingerprint(oid: string): Promise<Fingerprint> {
    let print = this.prints.get(oid);
    if (!print) {
      print = this.readBlob(oid).then(fingerprintBlob);
      this.prints.set(oid, print);
    }
    return print;
  }
}

/**
 * Git's diffcore-delta estimate: the blob is cut into spans ending at a newline or after 64
 * bytes, each span is hashed, and bytes are summed per hash. Hash collisions are accepted (the
 * modulus keeps tables small), so equal hashes count as equal content.
 */
function fingerprintBlob(data: Buffer): Fingerprint {
  const isText = !isBinary(data);
  const bytesByHash = new Map<number, number>();
  let accum1 = 0;
  let accum2 = 0;
  let spanLength = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    // CRLF and LF line endings should not make text files look different.
    if (isText && c === 0x0d && data[i + 1] === 0x0a) continue;
    const previous1 = accum1;
    accum1 = (((accum1 << 7) ^ (accum2 >>> 25)) + c) >>> 0;
    accum2 = ((accum2 << 7) ^ (previous1 >>> 25)) >>> 0;
    spanLength++;
    if (spanLength < MAX_SPAN && c !== 0x0a) continue;
    const hash = ((accum1 + Math.imul(accum2, 0x61)) >>> 0) % SPAN_HASH_MODULUS;
    bytesByHash.set(hash, (bytesByHash.get(hash) ?? 0) + spanLength);
    spanLength = 0;
    accum1 = 0;
    accum2 = 0;
  }
  // Git never flushes a final span without a newline, so trailing bytes do not count as shared.
  const hashes = Uint32Array.from(bytesByHash.keys());
  const counts = Float64Array.from(bytesByHash.values());
  return { size: data.length, hashes, counts };
}

/**
 * One destination's span counts indexed by hash, kept while the sources are compared with it, so
 * that each comparison is one pass over the source's spans.
 */
class DestinationSpans {
  private readonly bytes = new Float64Array(SPAN_HASH_MODULUS);
  private current: Fingerprint | undefined;

  of(print: Fingerprint): this {
    if (this.current === print) return this;
    if (this.current) for (const hash of this.current.hashes) this.bytes[hash] = 0;
    print.hashes.forEach((hash, i) => {
      this.bytes[hash] = print.counts[i]!;
    });
    this.current = print;
    return this;
  }

  /** Per hash, the smaller of the two byte counts. */
  copiedFrom(src: Fingerprint): number {
    let copied = 0;
    for (let i = 0; i < src.hashes.length; i++) copied += Math.min(src.counts[i]!, this.bytes[src.hashes[i]!]!);
    return copied;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/**
 * `-M<n>%` as git parses it: fractions allowed, 100 or more means exact renames only, and 0 means
 * the default (git cannot tell "-M0%" from "no threshold given").
 */
function parseMinScore(percent: number | undefined): number {
  if (percent === undefined) return DEFAULT_MIN_SCORE;
  if (!Number.isFinite(percent) || percent < 0) {
    throw new RangeError(`minScorePercent must be a number from 0 to 100, for example 50; got ${percent}`);
  }
  if (percent >= 100) return FULL_SCORE;
  // Decimal digits as integers, so 33.3 gives git's 19980 rather than a binary-float 19979;
  // git reads at most five digits after the point, so exponent forms (below 1e-6) read as 0.
  const text = String(percent);
  if (text.includes('e')) return DEFAULT_MIN_SCORE;
  const [whole = '0', fraction = ''] = text.split('.');
  const kept = fraction.slice(0, 5);
  const score = Math.trunc((FULL_SCORE * Number(whole + kept)) / 10 ** (kept.length + 2));
  return score === 0 ? DEFAULT_MIN_SCORE : score;
}

/** Git orders tree-diff entries by the bytes of their UTF-8 paths, which decides tie-breaks. */
function sortByGitPath(candidates: readonly RenameCandidate[]): RenameCandidate[] {
  return candidates
    .map((candidate) => ({ candidate, key: Buffer.from(candidate.path, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map(({ candidate }) => candidate);
}
