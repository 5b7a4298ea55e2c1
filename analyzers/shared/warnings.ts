/** Warnings of one kind, capped: a report is not a log. */
import type { AnalyzerResult } from '../../src/analyzer.js';

export type AnalyzerWarning = AnalyzerResult['warnings'][number];

/** More warnings of one kind than this are summed up in one line. */
export const WARNINGS_SHOWN = 20;

/** One warning for each of the first WARNINGS_SHOWN items, then `rest(count)` for the others. */
export function cappedWarnings<T>(items: readonly T[], warning: (item: T) => AnalyzerWarning, rest: (count: number) => string): AnalyzerWarning[] {
  const shown = items.slice(0, WARNINGS_SHOWN).map(warning);
  if (items.length > WARNINGS_SHOWN) shown.push({ message: rest(items.length - WARNINGS_SHOWN), path: null });
  return shown;
}
