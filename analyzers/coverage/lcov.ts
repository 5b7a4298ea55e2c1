/**
 * Reading one lcov tracefile into per-source records of raw counts.
 *
 * lcov-parse does the line splitting; its totals are not used, since it takes them from the
 * `LF/LH/FNF/FNH/BRF/BRH` lines that some tools omit or compute differently: every figure is
 * recomputed from the `DA`, `FN`/`FNDA` and `BRDA` details, as `lcov --summary` does.
 */
import lcovParse from 'lcov-parse';

/** The raw counts of one source file, keyed the way lcov merges them. */
export interface SourceCoverage {
  /** The `SF:` path as written. */
  source: string;
  /** Execution count per line number. */
  lines: Map<number, number>;
  /** Call count per function name (lcov identifies a function of a file by its name). */
  functions: Map<string, number>;
  /** Times taken per branch, keyed `line:block:branch`. */
  branches: Map<string, number>;
}

/** Why a tracefile cannot be used at all; the caller names the file. */
export class LcovError extends Error {}

export interface LcovReading {
  sources: SourceCoverage[];
  /** Defects that cost part of the file, to be said in a warning. */
  problems: string[];
}

export async function readLcov(text: string): Promise<LcovReading> {
  if (text.trim() === '') throw new LcovError('is empty; run the tests with coverage and the lcov reporter first');
  if (!/^\s*SF:/m.test(text)) throw new LcovError('is not an lcov tracefile: it has no SF: line');
  const records = await parseRecords(text);
  const problems: string[] = [];
  const sources = new Map<string, SourceCoverage>();
  let malformed = 0;
  for (const record of records) {
    // lcov-parse names the record after the last SF: it saw; a record without one has no file.
    if (!record.file) continue;
    const source = sources.get(record.file) ?? { source: record.file, lines: new Map(), functions: new Map(), branches: new Map() };
    sources.set(record.file, source);
    // A file listed twice (several test runs appended to one tracefile) adds up, as lcov merges it.
    for (const { line, hit } of record.lines.details) {
      if (!isCount(line) || !isCount(hit)) malformed++;
      else source.lines.set(line, (source.lines.get(line) ?? 0) + hit);
    }
    for (const { name, hit } of record.functions.details) {
      const calls = hit ?? 0;
      if (!name || !isCount(calls)) malformed++;
      else source.functions.set(name, (source.functions.get(name) ?? 0) + calls);
    }
    for (const { line, block, branch, taken } of record.branches.details) {
      if (!isCount(line) || !isCount(taken)) malformed++;
      else {
        const key = `${line}:${block}:${branch}`;
        source.branches.set(key, (source.branches.get(key) ?? 0) + taken);
      }
    }
  }
  if (malformed > 0) problems.push(`${malformed} DA, FNDA or BRDA ${malformed === 1 ? 'entry is' : 'entries are'} not numbers and ${malformed === 1 ? 'was' : 'were'} skipped`);
  const unfinished = unfinishedRecord(text);
  if (unfinished) problems.push(`ends inside the record of ${unfinished} (no end_of_record): the file is truncated, and that record was skipped`);
  if (sources.size === 0) throw new LcovError(unfinished ? `is truncated: its only record (${unfinished}) has no end_of_record` : 'has no complete record (SF: … end_of_record)');
  return { sources: [...sources.values()], problems };
}

function parseRecords(text: string): Promise<lcovParse.LcovFile[]> {
  return new Promise((resolve) => {
    // lcov-parse fails (with a bare string) only when no record at all was complete: the caller says why.
    lcovParse.source(text, (error, data) => resolve(error || !data ? [] : data));
  });
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

/** The SF: of a record the text opens after its last end_of_record, if any. */
function unfinishedRecord(text: string): string | null {
  const last = text.lastIndexOf('end_of_record');
  const tail = last === -1 ? text : text.slice(last + 'end_of_record'.length);
  const match = /^\s*SF:(.*)$/m.exec(tail);
  return match ? match[1]!.trim() : null;
}
