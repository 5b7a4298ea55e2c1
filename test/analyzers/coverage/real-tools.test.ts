/**
 * Tracefiles written by real coverage tools (test/fixtures/coverage, made by its make-fixtures.sh):
 * the totals agree with Debian's `lcov --summary`, run here when installed (CI installs it) and
 * recorded in lcov-summary.txt; merging agrees with the tool's own combined run; and patch coverage
 * on a repository whose changed lines are known by construction (patch/EXPECTED.md).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { figuresOf, mergeInto, type CoverageFigures } from '../../../analyzers/coverage/figures.js';
import { coverageAnalyzer } from '../../../analyzers/coverage/index.js';
import { readLcov } from '../../../analyzers/coverage/lcov.js';
import { NO_TEST_OUTPUTS } from '../../../src/analyzer.js';
import { addedLineNumbers } from '../../../src/git/line-diff.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/coverage/', import.meta.url));
const TRACEFILES = ['vitest-v8/lcov.info', 'nyc/lcov.info', 'c8/lcov.info', 'python/lcov.info', 'unit-e2e/unit.lcov', 'unit-e2e/e2e.lcov', 'patch/vitest-v8/lcov.info', 'patch/nyc/lcov.info', 'patch/c8/lcov.info'];
const LCOV_PRESENT = spawnSync('lcov', ['--version']).status === 0;

type Found = Record<'lines' | 'functions' | 'branches', { found: number; hit: number }>;

/** The found/hit pairs of `lcov --summary` output; "no data found" is 0 of 0. */
function parseSummary(text: string): Found {
  const measure = (name: string) => {
    const line = new RegExp(`^\\s*${name}\\.*: (.*)$`, 'm').exec(text)?.[1];
    if (line === undefined) throw new Error(`no ${name} line in:\n${text}`);
    if (line.startsWith('no data found')) return { found: 0, hit: 0 };
    const match = /\((\d+) of (\d+) /.exec(line)!;
    return { found: Number(match[2]), hit: Number(match[1]) };
  };
  return { lines: measure('lines'), functions: measure('functions'), branches: measure('branches') };
}

function foundAndHit(figures: CoverageFigures): Found {
  const pick = ({ found, hit }: { found: number; hit: number }) => ({ found, hit });
  return { lines: pick(figures.lines), functions: pick(figures.functions), branches: pick(figures.branches) };
}

async function ourFigures(...files: string[]): Promise<CoverageFigures> {
  const merged = new Map<string, Parameters<typeof mergeInto>[0]>();
  for (const file of files) {
    for (const source of (await readLcov(readFileSync(join(FIXTURES, file), 'utf8'))).sources) {
      const into = merged.get(source.source);
      if (into) mergeInto(into, source);
      else merged.set(source.source, source);
    }
  }
  return figuresOf(merged.values());
}

describe('totals of real tools\' tracefiles', () => {
  const recorded = new Map(readFileSync(join(FIXTURES, 'lcov-summary.txt'), 'utf8').split(/^### lcov --summary /m).slice(1)
    .map((section) => [section.split(' ')[0]!, parseSummary(section)] as const));

  it('has a recorded lcov --summary for every fixture', () => {
    expect([...recorded.keys()].sort()).toEqual([...TRACEFILES].sort());
  });

  it.each(TRACEFILES)('%s agrees with the recorded lcov --summary', async (file) => {
    expect(foundAndHit(await ourFigures(file))).toEqual(recorded.get(file));
  });

  it.skipIf(!LCOV_PRESENT).each(TRACEFILES)('%s agrees with lcov --summary run now', async (file) => {
    const run = spawnSync('lcov', ['--summary', file, '--rc', 'lcov_branch_coverage=1'], { cwd: FIXTURES, encoding: 'utf8' });
    expect(foundAndHit(await ourFigures(file))).toEqual(parseSummary(run.stdout + run.stderr));
  });

  it('sums the unit and e2e runs per line into what one run of both gives', async () => {
    const merged = await ourFigures('unit-e2e/unit.lcov', 'unit-e2e/e2e.lcov');
    expect(merged).toEqual(await ourFigures('vitest-v8/lcov.info'));
    // Either run alone covers less: the sum is per line, not the better of two file totals.
    expect((await ourFigures('unit-e2e/unit.lcov')).lines.hit).toBeLessThan(merged.lines.hit);
    expect((await ourFigures('unit-e2e/e2e.lcov')).lines.hit).toBeLessThan(merged.lines.hit);
  });
});

describe('patch coverage on a change known by construction', () => {
  const expected = JSON.parse(/```json\n([\s\S]*?)```/.exec(readFileSync(join(FIXTURES, 'patch/EXPECTED.md'), 'utf8'))![1]!) as {
    file: string;
    changedLines: number[];
    tools: Record<string, { hit: number[]; notHit: number[]; notInstrumented: number[] }>;
  };
  let repo: TestRepo | undefined;
  afterEach(() => {
    if (repo) rmSync(repo.dir, { recursive: true, force: true });
    repo = undefined;
  });

  const build = () => {
    repo = new TestRepo();
    repo.commit('calc', { 'src/calc.js': readFileSync(join(FIXTURES, 'patch/before/src/calc.js')) });
    repo.tag('v1');
    repo.commit('covered, uncovered, and one line changed', { 'src/calc.js': readFileSync(join(FIXTURES, 'patch/after/src/calc.js')) });
  };

  it('the line diff finds the lines git diff shows as changed', () => {
    const before = readFileSync(join(FIXTURES, 'patch/before/src/calc.js'));
    const after = readFileSync(join(FIXTURES, 'patch/after/src/calc.js'));
    expect(addedLineNumbers(before, after)).toEqual(expected.changedLines);
  });

  it.each([
    // The new uncovered function is one range: its blank and unmeasured lines do not split it.
    ['vitest-v8', ['24-30']],
    ['nyc', ['24-30']],
    ['c8', ['24-31']],
  ])('%s: the changed lines that ran, that did not, and the uncovered ranges', async (tool, uncovered) => {
    build();
    const truth = expected.tools[tool]!;
    const { facts, warnings } = await runAnalyzer(coverageAnalyzer, repo!.dir, {
      from: 'v1',
      testOutputs: { ...NO_TEST_OUTPUTS, lcov: [join(FIXTURES, 'patch', tool, 'lcov.info')] },
    });
    expect(warnings).toEqual([]);
    const measured = truth.hit.length + truth.notHit.length;
    expect(facts.coverage!.patch.files).toEqual([{
      path: expected.file,
      lines: { found: measured, hit: truth.hit.length, percent: Math.round((truth.hit.length / measured) * 10000) / 100 },
      uncovered,
    }]);
    expect(facts.coverage!.patch.lines).toEqual(facts.coverage!.patch.files[0]!.lines);
  });

  it('maps coverage.py\'s absolute paths from the machine that ran it', async () => {
    repo = new TestRepo();
    cpSync(join(FIXTURES, 'project-python'), join(repo.dir, 'app'), { recursive: true });
    repo.commit('python');
    const { facts, warnings } = await runAnalyzer(coverageAnalyzer, repo.dir, {
      testOutputs: { ...NO_TEST_OUTPUTS, lcov: [join(FIXTURES, 'python/lcov.info')] },
    });
    expect(warnings).toEqual([]);
    expect(facts.coverage!.files.map((f) => f.path)).toEqual(['app/inventory.py', 'app/test_inventory.py']);
    expect(foundAndHit(facts.coverage!.totals)).toEqual(foundAndHit(await ourFigures('python/lcov.info')));
  });
});
