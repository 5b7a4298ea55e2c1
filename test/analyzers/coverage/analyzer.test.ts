/**
 * The coverage analyzer on real repositories built by the test, with tracefiles written beside
 * them as a test run leaves them: totals, changed files, patch coverage, the base delta, and the
 * warnings for tracefiles that do not fit.
 */
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coverageAnalyzer } from '../../../analyzers/coverage/index.js';
import { NO_TEST_OUTPUTS, type TestOutputs } from '../../../src/analyzer.js';
import { UsageError } from '../../../src/errors.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

const lines = (...text: string[]) => text.join('\n') + '\n';
const outputs = (choices: Partial<TestOutputs>): TestOutputs => ({ ...NO_TEST_OUTPUTS, ...choices });

const BEFORE = lines('export function add(a, b) {', '  return a + b;', '}');
// Lines 2, 4-10 are new or changed; 6-8 (`twice`'s body and brace) never run in the tracefile below.
const AFTER = lines('export function add(a, b) {', '  return b + a;', '}', '', 'export function twice(x) {', '  const y = x * 2;', '  return y;', '}', '', 'export const unused = 1;');

/** What a run that calls add() but never twice() writes. */
const TRACEFILE = lines(
  'TN:', 'SF:src/math.js', 'FN:1,add', 'FN:5,twice', 'FNDA:4,add', 'FNDA:0,twice',
  'DA:1,1', 'DA:2,4', 'DA:5,1', 'DA:6,0', 'DA:7,0', 'DA:10,1', 'BRF:0', 'BRH:0', 'end_of_record',
  'SF:src/other.js', 'DA:1,1', 'DA:2,1', 'end_of_record',
);

let repo: TestRepo;
afterEach(() => rmSync(repo.dir, { recursive: true, force: true }));

function project(): TestRepo {
  repo = new TestRepo();
  repo.commit('first', { 'src/math.js': BEFORE, 'src/other.js': lines('a', 'b'), 'README.md': '# x\n' });
  repo.tag('v1');
  repo.commit('second', { 'src/math.js': AFTER, 'src/new-module.js': lines('export const n = 1;'), 'README.md': '# y\n' });
  return repo;
}

function writeTracefile(path: string, text: string): string {
  const full = join(repo.dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  // A fixed time, so the facts can be compared whole.
  utimesSync(full, new Date('2024-05-01T10:00:00Z'), new Date('2024-05-01T10:00:00Z'));
  return full;
}

describe('coverage analyzer', () => {
  it('reads the working tree\'s coverage/lcov.info: totals, changed files, patch coverage, unmeasured files', async () => {
    project();
    writeTracefile('coverage/lcov.info', TRACEFILE);
    const { facts, warnings } = await runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1' });
    expect(warnings).toEqual([]);
    expect(facts.coverage).toEqual({
      sources: [{ path: 'coverage/lcov.info', modified: '2024-05-01T10:00:00.000Z', base: false }],
      totals: {
        lines: { found: 8, hit: 6, percent: 75 },
        functions: { found: 2, hit: 1, percent: 50 },
        branches: { found: 0, hit: 0, percent: null },
      },
      files: [{
        path: 'src/math.js',
        lines: { found: 6, hit: 4, percent: 66.67 },
        functions: { found: 2, hit: 1, percent: 50 },
        branches: { found: 0, hit: 0, percent: null },
      }],
      patch: {
        lines: { found: 5, hit: 3, percent: 60 },
        files: [{ path: 'src/math.js', lines: { found: 5, hit: 3, percent: 60 }, uncovered: ['6-7'] }],
        unmeasured: ['src/new-module.js'],
      },
      delta: null,
    });
  });

  it('sums several tracefiles per line, and compares the totals with the base', async () => {
    project();
    writeTracefile('out/unit.lcov', TRACEFILE);
    writeTracefile('out/e2e.lcov', lines('SF:src/math.js', 'DA:6,2', 'DA:7,2', 'end_of_record'));
    const base = writeTracefile('out/base.lcov', lines('SF:src/math.js', 'DA:1,1', 'DA:2,0', 'end_of_record'));
    const { facts } = await runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1', testOutputs: outputs({ lcov: [join(repo.dir, 'out/{unit,e2e}.lcov')], baseLcov: [base] }) });
    expect(facts.coverage!.sources.map((s) => [s.path, s.base])).toEqual([['out/e2e.lcov', false], ['out/unit.lcov', false], ['out/base.lcov', true]]);
    // Lines 6 and 7 ran only in the e2e run: summed per line, every line is covered.
    expect(facts.coverage!.totals.lines).toEqual({ found: 8, hit: 8, percent: 100 });
    expect(facts.coverage!.patch.files[0]!.uncovered).toEqual([]);
    // The base covered 1 of 2 lines: 50% → 100%.
    expect(facts.coverage!.delta).toEqual({ lines: 50, functions: null, branches: null });
  });

  it('maps paths written on another machine, with --coverage-root or by their tail', async () => {
    project();
    const ci = TRACEFILE.replace(/SF:src\//g, 'SF:/home/runner/work/app/app/src/');
    const file = writeTracefile('ci.lcov', ci);
    for (const coverageRoot of ['/home/runner/work/app/app', null]) {
      const { facts, warnings } = await runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1', testOutputs: outputs({ lcov: [file], coverageRoot }) });
      expect(warnings).toEqual([]);
      expect(facts.coverage!.patch.lines).toEqual({ found: 5, hit: 3, percent: 60 });
    }
  });

  it('warns about files that are not in the repository at TO, and counts them in the totals only', async () => {
    project();
    const file = writeTracefile('coverage/lcov.info', TRACEFILE + lines('SF:/ci/app/src/deleted.js', 'DA:1,0', 'end_of_record'));
    const { facts, warnings } = await runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1', testOutputs: outputs({ lcov: [file] }) });
    expect(facts.coverage!.totals.lines.found).toBe(9);
    expect(warnings).toEqual([{
      message: expect.stringMatching(/^coverage\/lcov\.info: 1 of 3 source files are not in the repository at TO \(such as \/ci\/app\/src\/deleted\.js\); if the tests ran on another machine, pass --coverage-root .*, or the tracefile was made from another commit\. They count in the totals only\.$/),
      path: 'coverage/lcov.info',
    }]);
  });

  it('does not count the changed lines of a file the tracefile describes at another version', async () => {
    project();
    writeTracefile('coverage/lcov.info', lines('SF:src/math.js', 'DA:1,1', 'DA:40,0', 'end_of_record'));
    const { facts, warnings } = await runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1' });
    expect(facts.coverage!.patch.files).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([
      'The coverage of src/math.js reaches line 40, but the file has 10 lines at TO: the tracefile was made from another version of it, so its changed lines are not counted.',
    ]);
  });

  it('turns an unusable tracefile into a warning naming it, and has no coverage when none was usable', async () => {
    project();
    const empty = writeTracefile('empty.info', '');
    const html = writeTracefile('page.info', '<html></html>');
    const { facts, warnings } = await runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1', testOutputs: outputs({ lcov: [empty, html] }) });
    expect(facts.coverage).toBeNull();
    expect(warnings).toEqual([
      { message: 'empty.info was not read: it is empty; run the tests with coverage and the lcov reporter first.', path: 'empty.info' },
      { message: 'page.info was not read: it is not an lcov tracefile: it has no SF: line.', path: 'page.info' },
    ]);
  });

  it('stops with a usage error when a named tracefile does not exist', async () => {
    project();
    await expect(runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1', testOutputs: outputs({ lcov: [join(repo.dir, 'nope.info')] }) })).rejects.toBeInstanceOf(UsageError);
    await expect(runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1', testOutputs: outputs({ lcov: [join(repo.dir, 'nothing/*.info')] }) })).rejects.toThrow(/--lcov .*nothing\/\*\.info: no such file/);
  });

  it('leaves the working tree\'s tracefile alone when TO is not the checked-out commit', async () => {
    project();
    writeTracefile('coverage/lcov.info', TRACEFILE);
    repo.commit('third', { 'src/other.js': lines('a', 'b', 'c') });
    const { facts } = await runAnalyzer(coverageAnalyzer, repo.dir, { from: 'v1', to: 'HEAD~1' });
    expect(facts.coverage).toBeNull();
  });
});
