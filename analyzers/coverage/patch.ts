/**
 * Patch coverage: of the lines a range added or changed in a file, those the coverage tool
 * instrumented, and of those the ones that ran. Lines the tool did not instrument (blank lines,
 * comments, type declarations) count neither way, as in hosted patch-coverage services.
 */
import type { Coverage } from '../../src/facts/schema.js';
import { countOf } from './figures.js';

export type PatchFile = Coverage['patch']['files'][number];

/** `added`: the file's added line numbers, ascending; `lines`: execution count per line at TO. */
export function patchCoverageOf(path: string, added: readonly number[], lines: ReadonlyMap<number, number>): PatchFile {
  let found = 0;
  let hit = 0;
  const uncovered: number[] = [];
  for (const line of added) {
    const count = lines.get(line);
    if (count === undefined) continue;
    found++;
    if (count > 0) hit++;
    else uncovered.push(line);
  }
  return { path, lines: countOf(found, hit), uncovered: uncoveredRanges(uncovered, added, lines) };
}

/**
 * Uncovered lines as ranges ("12-15", "20"). A range runs on across added lines that were not
 * instrumented, so a new function that never ran is one range, blank lines and all; it stops at
 * a covered line or at a line the range did not add.
 */
export function uncoveredRanges(uncovered: readonly number[], added: readonly number[], lines: ReadonlyMap<number, number>): string[] {
  const addedSet = new Set(added);
  const bridges = (from: number, to: number) => {
    for (let line = from + 1; line < to; line++) if (!addedSet.has(line) || lines.has(line)) return false;
    return true;
  };
  const ranges: string[] = [];
  let start = -1;
  let end = -1;
  for (const line of uncovered) {
    if (start !== -1 && bridges(end, line)) end = line;
    else {
      if (start !== -1) ranges.push(rangeText(start, end));
      start = end = line;
    }
  }
  if (start !== -1) ranges.push(rangeText(start, end));
  return ranges;
}

function rangeText(start: number, end: number): string {
  return start === end ? String(start) : `${start}-${end}`;
}
