/**
 * Coverage figures from raw counts: merging the records of several tracefiles for one file, and
 * found / hit / percent for files and totals, counted the way `lcov --summary` counts them.
 */
import type { Coverage } from '../../src/facts/schema.js';
import type { SourceCoverage } from './lcov.js';

export type CoverageCount = Coverage['totals']['lines'];
export type CoverageFigures = Coverage['totals'];

/**
 * Adds `from` into `into`. Unit and e2e runs over the same file sum per line, so a line one run
 * missed and the other hit is covered; a total taken per file could not say so.
 */
export function mergeInto(into: SourceCoverage, from: SourceCoverage): void {
  for (const [line, hits] of from.lines) into.lines.set(line, (into.lines.get(line) ?? 0) + hits);
  for (const [name, calls] of from.functions) into.functions.set(name, (into.functions.get(name) ?? 0) + calls);
  for (const [key, taken] of from.branches) into.branches.set(key, (into.branches.get(key) ?? 0) + taken);
}

export function countOf(found: number, hit: number): CoverageCount {
  return { found, hit, percent: percentOf(hit, found) };
}

/** Two decimals, so that totals compare stably; null when nothing was instrumented. */
export function percentOf(hit: number, found: number): number | null {
  return found === 0 ? null : Math.round((hit / found) * 10000) / 100;
}

export function figuresOf(sources: Iterable<SourceCoverage>): CoverageFigures {
  const sums = { lines: [0, 0], functions: [0, 0], branches: [0, 0] };
  const tally = (sum: number[], counts: Iterable<number>) => {
    for (const count of counts) {
      sum[0]!++;
      if (count > 0) sum[1]!++;
    }
  };
  for (const source of sources) {
    tally(sums.lines, source.lines.values());
    tally(sums.functions, source.functions.values());
    tally(sums.branches, source.branches.values());
  }
  return {
    lines: countOf(sums.lines[0]!, sums.lines[1]!),
    functions: countOf(sums.functions[0]!, sums.functions[1]!),
    branches: countOf(sums.branches[0]!, sums.branches[1]!),
  };
}

/** Percentage points from `base` to `now`, per measure; null where either has nothing instrumented. */
export function deltaOf(now: CoverageFigures, base: CoverageFigures): NonNullable<Coverage['delta']> {
  const points = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 100) / 100);
  return {
    lines: points(now.lines.percent, base.lines.percent),
    functions: points(now.functions.percent, base.functions.percent),
    branches: points(now.branches.percent, base.branches.percent),
  };
}
