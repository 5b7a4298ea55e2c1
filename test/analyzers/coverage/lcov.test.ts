/** Reading tracefiles: figures recomputed from the details, defects said, unusable files refused. */
import { describe, expect, it } from 'vitest';
import { figuresOf } from '../../../analyzers/coverage/figures.js';
import { LcovError, readLcov } from '../../../analyzers/coverage/lcov.js';

const lcov = (...lines: string[]) => lines.join('\n') + '\n';

describe('readLcov', () => {
  it('counts from DA, FN/FNDA and BRDA, not from the summary lines a tool wrote', async () => {
    const { sources, problems } = await readLcov(lcov(
      'TN:', 'SF:src/a.js', 'FN:1,a', 'FN:5,b', 'FNDA:2,a', 'FNDA:0,b', 'FNF:9', 'FNH:9',
      'DA:1,2', 'DA:2,0', 'DA:5,1', 'LF:99', 'LH:99', 'BRDA:5,0,0,1', 'BRDA:5,0,1,-', 'BRF:0', 'BRH:0', 'end_of_record',
    ));
    expect(problems).toEqual([]);
    expect(figuresOf(sources)).toEqual({
      lines: { found: 3, hit: 2, percent: 66.67 },
      functions: { found: 2, hit: 1, percent: 50 },
      branches: { found: 2, hit: 1, percent: 50 },
    });
  });

  it('adds up a file that appears in several records, line by line', async () => {
    const { sources } = await readLcov(lcov('SF:a.js', 'DA:1,0', 'DA:2,3', 'end_of_record', 'SF:a.js', 'DA:1,4', 'DA:3,0', 'end_of_record'));
    expect(sources).toHaveLength(1);
    expect([...sources[0]!.lines]).toEqual([[1, 4], [2, 3], [3, 0]]);
  });

  it('reads CRLF files and Windows paths as written', async () => {
    const { sources } = await readLcov('TN:\r\nSF:C:\\build\\app\\src\\a.js\r\nDA:1,1\r\nend_of_record\r\n');
    expect(sources[0]!.source).toBe('C:\\build\\app\\src\\a.js');
    expect(sources[0]!.lines.get(1)).toBe(1);
  });

  it('keeps the complete records of a truncated file and says the last one was lost', async () => {
    const { sources, problems } = await readLcov(lcov('SF:a.js', 'DA:1,1', 'end_of_record', 'SF:b.js', 'DA:1,1'));
    expect(sources.map((s) => s.source)).toEqual(['a.js']);
    expect(problems).toEqual(['ends inside the record of b.js (no end_of_record): the file is truncated, and that record was skipped']);
  });

  it('skips entries that are not numbers and says how many', async () => {
    const { sources, problems } = await readLcov(lcov('SF:a.js', 'DA:1,1', 'DA:2,lots', 'end_of_record'));
    expect([...sources[0]!.lines.keys()]).toEqual([1]);
    expect(problems).toEqual(['1 DA, FNDA or BRDA entry is not numbers and was skipped']);
  });

  it.each([
    ['an empty file', '', 'is empty; run the tests with coverage and the lcov reporter first'],
    ['an HTML page', '<html><body>Coverage</body></html>', 'is not an lcov tracefile: it has no SF: line'],
    ['a lone unfinished record', 'SF:a.js\nDA:1,1\n', 'is truncated: its only record (a.js) has no end_of_record'],
  ])('refuses %s with the cause', async (_, text, message) => {
    const reading = readLcov(text);
    await expect(reading).rejects.toBeInstanceOf(LcovError);
    await expect(reading).rejects.toThrow(message);
  });
});
