/** Patch coverage of one file: what counts, and how uncovered lines read as ranges. */
import { describe, expect, it } from 'vitest';
import { patchCoverageOf } from '../../../analyzers/coverage/patch.js';

const hits = (entries: Record<number, number>) => new Map(Object.entries(entries).map(([line, count]) => [Number(line), count]));

describe('patchCoverageOf', () => {
  it('counts the added lines the tool measured, and ignores the ones it did not', () => {
    const patch = patchCoverageOf('src/a.js', [2, 3, 4, 10], hits({ 1: 5, 2: 1, 3: 0, 10: 0, 11: 0 }));
    expect(patch).toEqual({ path: 'src/a.js', lines: { found: 3, hit: 1, percent: 33.33 }, uncovered: ['3', '10'] });
  });

  it('runs a range across added lines that were not measured, not across covered or unchanged ones', () => {
    // 20-24 added; 22 is blank (not measured); 30-33 added, 32 covered; 40 unchanged between 39 and 41.
    const added = [20, 21, 22, 23, 24, 30, 31, 32, 33, 39, 41];
    const lines = hits({ 20: 0, 21: 0, 23: 0, 24: 0, 30: 0, 31: 0, 32: 2, 33: 0, 39: 0, 40: 0, 41: 0 });
    expect(patchCoverageOf('f', added, lines).uncovered).toEqual(['20-24', '30-31', '33', '39', '41']);
  });

  it('has no percentage when none of the added lines was measured', () => {
    expect(patchCoverageOf('f', [1, 2], hits({ 5: 1 })).lines).toEqual({ found: 0, hit: 0, percent: null });
  });
});
