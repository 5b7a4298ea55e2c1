/**
 * `--charts`: the activity facts assembled from the commits and files (periods of author dates in
 * UTC, churn by top-level folder), and the Mermaid blocks the charts partial draws from them, off
 * unless asked for.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint } from 'markdownlint/sync';
import { describe, expect, it } from 'vitest';
import type { ResolvedRange } from '../../src/analyzer.js';
import { commitTimeline, describeActivity, folderChurn } from '../../src/facts/activity.js';
import { assembleFacts } from '../../src/facts/assemble.js';
import { loadFactsFile } from '../../src/facts/load.js';
import type { CommitFact, Facts, FileFact } from '../../src/facts/schema.js';
import { draft, render } from '../../src/run.js';
import { createHelpers } from '../../src/render/template-helpers.js';
import { builtinTemplates } from '../../src/render/template-engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RICH = join(ROOT, 'test/fixtures/facts/rich-facts.json');
const TEMPLATES = builtinTemplates().map((t) => t.name);
const LINT_CONFIG = JSON.parse(readFileSync(join(ROOT, 'templates/markdownlint.json'), 'utf8'));

const commit = (date: string) => ({ author: { name: 'A', email: 'a@example.com', date } }) as CommitFact;
const file = (path: string, additions: number | null, deletions: number | null) => ({ path, additions, deletions, binary: additions === null }) as FileFact;
const richFacts = (): Facts => loadFactsFile(RICH);

describe('the activity timeline', () => {
  it('counts commits per day of their author date in UTC, empty days included, oldest first', () => {
    const timeline = commitTimeline([
      commit('2024-03-05T09:00:00+02:00'),
      // 23:30 in UTC-5 is already the next day in UTC.
      commit('2024-03-01T23:30:00-05:00'),
      // 00:30 in UTC+2 is still the day before in UTC.
      commit('2024-03-05T00:30:00+02:00'),
    ]);
    expect(timeline).toEqual({
      unit: 'day',
      periods: [
        { period: '2024-03-02', start: '2024-03-02', end: '2024-03-02', commits: 1 },
        { period: '2024-03-03', start: '2024-03-03', end: '2024-03-03', commits: 0 },
        { period: '2024-03-04', start: '2024-03-04', end: '2024-03-04', commits: 1 },
        { period: '2024-03-05', start: '2024-03-05', end: '2024-03-05', commits: 1 },
      ],
    });
  });

  it('counts per day up to 31 days, then per ISO week (Monday to Sunday)', () => {
    const month = commitTimeline([commit('2024-01-01T12:00:00Z'), commit('2024-01-31T12:00:00Z')]);
    expect(month.unit).toBe('day');
    expect(month.periods).toHaveLength(31);
    const longer = commitTimeline([commit('2024-01-01T12:00:00Z'), commit('2024-02-01T12:00:00Z'), commit('2024-01-31T08:00:00Z')]);
    expect(longer).toEqual({
      unit: 'week',
      periods: [
        { period: '2024-W01', start: '2024-01-01', end: '2024-01-07', commits: 1 },
        { period: '2024-W02', start: '2024-01-08', end: '2024-01-14', commits: 0 },
        { period: '2024-W03', start: '2024-01-15', end: '2024-01-21', commits: 0 },
        { period: '2024-W04', start: '2024-01-22', end: '2024-01-28', commits: 0 },
        { period: '2024-W05', start: '2024-01-29', end: '2024-02-04', commits: 2 },
      ],
    });
  });

  it("names weeks by their ISO week-numbering year, which is their Thursday's", () => {
    const periods = commitTimeline([commit('2019-12-30T12:00:00Z'), commit('2021-01-03T12:00:00Z'), commit('2020-12-31T12:00:00Z')]).periods;
    // 2019-12-30 to 2021-01-03 is 53 weeks: more than 31, so months.
    expect(periods.map((p) => p.period)).toEqual(['2019-12', '2020-01', '2020-02', '2020-03', '2020-04', '2020-05', '2020-06', '2020-07', '2020-08', '2020-09', '2020-10', '2020-11', '2020-12', '2021-01']);
    const weeks = commitTimeline([commit('2020-11-26T12:00:00Z'), commit('2021-01-04T12:00:00Z')]).periods;
    expect(weeks.map((p) => p.period)).toEqual(['2020-W48', '2020-W49', '2020-W50', '2020-W51', '2020-W52', '2020-W53', '2021-W01']);
    expect(commitTimeline([commit('2019-12-30T12:00:00Z'), commit('2020-02-01T12:00:00Z')]).periods[0]).toEqual({ period: '2020-W01', start: '2019-12-30', end: '2020-01-05', commits: 1 });
  });

  it('counts per month past 31 weeks, the months whole', () => {
    const timeline = commitTimeline([commit('2023-11-15T12:00:00Z'), commit('2024-06-30T23:59:59Z'), commit('2024-02-29T00:00:00Z')]);
    expect(timeline.unit).toBe('month');
    expect(timeline.periods[0]).toEqual({ period: '2023-11', start: '2023-11-01', end: '2023-11-30', commits: 1 });
    expect(timeline.periods.find((p) => p.period === '2024-02')).toEqual({ period: '2024-02', start: '2024-02-01', end: '2024-02-29', commits: 1 });
    expect(timeline.periods.map((p) => p.commits)).toEqual([1, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('has no periods without commits', () => {
    expect(commitTimeline([])).toEqual({ unit: 'day', periods: [] });
  });
});

describe('churn by top-level folder', () => {
  it('sums files and lines per folder, files at the top as (root), renamed files where they are now, binary files without lines', () => {
    expect(
      folderChurn([
        file('README.md', 3, 1),
        file('src/a.ts', 10, 2),
        file('src/deep/b.ts', 5, 5),
        file('docs/diagram.png', null, null),
        file('package.json', 1, 1),
      ]),
    ).toEqual([
      { folder: 'src', files: 2, additions: 15, deletions: 7, lines: 22 },
      { folder: '(root)', files: 2, additions: 4, deletions: 2, lines: 6 },
      { folder: 'docs', files: 1, additions: 0, deletions: 0, lines: 0 },
    ]);
  });

  it('ranks by lines, then files, then name; sums the folders past the eighth as (other) when there are ten or more', () => {
    const folders = (n: number) => Array.from({ length: n }, (_, i) => file(`f${String(i).padStart(2, '0')}/x`, 100 - i, 0));
    expect(folderChurn(folders(9)).map((f) => f.folder)).toEqual(['f00', 'f01', 'f02', 'f03', 'f04', 'f05', 'f06', 'f07', 'f08']);
    const ten = folderChurn([...folders(10), file('f09/y', 0, 0)]);
    expect(ten.map((f) => f.folder)).toEqual(['f00', 'f01', 'f02', 'f03', 'f04', 'f05', 'f06', 'f07', '(other)']);
    expect(ten[8]).toEqual({ folder: '(other)', files: 3, additions: 92 + 91, deletions: 0, lines: 183 });
    expect(folderChurn([file('b/x', 1, 0), file('a/x', 0, 1), file('c/x', 1, 0), file('c/y', 0, 0)]).map((f) => f.folder)).toEqual(['c', 'a', 'b']);
  });
});

describe('the activity facts', () => {
  const range = { from: null, to: 'HEAD', fromOid: null, toOid: 'a'.repeat(40), mergeBase: null, fromSource: 'root', commits: [], changes: [] } as unknown as ResolvedRange;

  it('are assembled with the facts, a part null when its analyzer did not run, null when neither ran', () => {
    const assemble = (results: Parameters<typeof assembleFacts>[0]['results']) => assembleFacts({ toolVersion: '0', repositoryName: 'r', range, results }).activity;
    const commits = { id: 'commits', result: { facts: { commits: [commit('2024-03-01T10:00:00Z')] }, warnings: [] } };
    const files = { id: 'files', result: { facts: { files: [file('src/a.ts', 1, 0)] }, warnings: [] } };
    expect(assemble([commits, files])).toEqual({ timeline: commitTimeline(commits.result.facts.commits), folders: folderChurn(files.result.facts.files) });
    expect(assemble([commits])?.folders).toBeNull();
    expect(assemble([files])?.timeline).toBeNull();
    expect(assemble([])).toBeNull();
    expect(describeActivity(null, null)).toBeNull();
  });

  it('are in the rich facts as the example repository gives them: per ISO week, five folders', () => {
    const { activity } = richFacts();
    expect(activity?.timeline?.unit).toBe('week');
    expect(activity?.timeline?.periods.map((p) => [p.period, p.commits])).toEqual([['2024-W11', 1], ['2024-W12', 3], ['2024-W13', 0], ['2024-W14', 3], ['2024-W15', 4], ['2024-W16', 4]]);
    expect(activity?.timeline?.periods.reduce((sum, p) => sum + p.commits, 0)).toBe(richFacts().summary.commits);
    expect(activity?.folders?.map((f) => f.folder)).toEqual(['(root)', 'src', 'test', 'migrations', 'docs']);
  });

  it('are null in facts saved before they existed, which still load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'impl-draft-charts-'));
    try {
      const old = JSON.parse(readFileSync(RICH, 'utf8'));
      delete old.activity;
      writeFileSync(join(dir, 'old.json'), JSON.stringify(old));
      expect(loadFactsFile(join(dir, 'old.json')).activity).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the charts in the reports', () => {
  it.each(TEMPLATES)('%s has none by default: the same report as with charts off', async (template) => {
    const facts = richFacts();
    const plain = await render(facts, 'md', { template });
    expect(plain).not.toContain('### Charts');
    expect(plain).not.toContain('xychart-beta');
    expect(await render(facts, 'md', { template, charts: false })).toBe(plain);
    expect((await draft({ facts, template })).text).toBe((await draft({ facts, template, charts: false })).text);
  });

  it.each(TEMPLATES)('%s with charts: three well-formed Mermaid blocks under "Charts", markdownlint clean, the same every time', async (template) => {
    const facts = richFacts();
    const { text } = await draft({ facts, template, charts: true });
    expect((await draft({ facts, template, charts: true })).text).toBe(text);
    const section = chartsSection(text);
    const blocks = mermaidBlocks(section);
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(['xychart-beta horizontal', 'xychart-beta horizontal', 'pie showData']);
    for (const block of blocks) expect(checkMermaid(block)).toEqual([]);
    expect(lint({ strings: { [template]: text }, config: LINT_CONFIG })[template]).toEqual([]);
  });

  it('draws the rich facts as expected', async () => {
    const text = await render(richFacts(), 'md', { template: 'implementation-summary', charts: true });
    expect(chartsSection(text)).toBe(`### Charts

\`\`\`mermaid
xychart-beta horizontal
    title "Commits per week (author dates, UTC)"
    x-axis ["2024-W11", "2024-W12", "2024-W13", "2024-W14", "2024-W15", "2024-W16"]
    y-axis "Commits" 0 --> 4
    bar [1, 3, 0, 3, 4, 4]
\`\`\`

Lines changed per top-level folder: the whole bar is the lines added and deleted, the bar drawn over it the lines deleted.

\`\`\`mermaid
xychart-beta horizontal
    title "Lines changed per top-level folder"
    x-axis ["(root)", "src", "test", "migrations", "docs"]
    y-axis "Lines" 0 --> 133
    bar [133, 60, 25, 11, 8]
    bar [40, 10, 1, 0, 8]
\`\`\`

\`\`\`mermaid
pie showData
    title Commits by change type
    "chore" : 3
    "docs" : 2
    "feat" : 4
    "fix" : 3
    "other" : 1
    "refactor" : 1
    "test" : 1
\`\`\`
`);
  });

  it('quotes labels so that no folder name can end a Mermaid string', async () => {
    const facts = richFacts();
    facts.activity!.folders = [{ folder: 'we"ird #1 %%x `a` \\', files: 1, additions: 2, deletions: 1, lines: 3 }];
    const blocks = mermaidBlocks(chartsSection(await render(facts, 'md', { template: 'step-report', charts: true })));
    expect(blocks[1]).toContain('x-axis ["we#34;ird #35;1 #37;#37;x #96;a#96; #92;"]');
    for (const block of blocks) expect(checkMermaid(block)).toEqual([]);
    const helpers = createHelpers((markdown) => ({ toHTML: () => markdown }));
    const mermaidText = (value: unknown) => (helpers['mermaidText']!(value, {} as never) as { toHTML(): string }).toHTML();
    expect(mermaidText('a\nb\tc')).toBe('"a b c"');
    expect(mermaidText(null)).toBe('""');
  });

  it('says what is missing instead of drawing it', async () => {
    const facts = richFacts();
    facts.activity = null;
    const old = chartsSection(await render(facts, 'md', { template: 'implementation-summary', charts: true }));
    expect(old).toContain('No commit timeline: these facts were saved by an earlier impl-draft');
    expect(old).toContain('No folder changes: these facts were saved by an earlier impl-draft');
    expect(mermaidBlocks(old).map((b) => b.split('\n')[0])).toEqual(['pie showData']);

    // A template of one's own, since the built-in ones count commits in their hints.
    const dir = mkdtempSync(join(tmpdir(), 'impl-draft-charts-'));
    try {
      writeFileSync(join(dir, 'mine.hbs'), '# Mine\n{{> charts}}\n\nEnd.\n');
      facts.analyzers = facts.analyzers.filter((id) => id !== 'commits' && id !== 'files');
      facts.summary.commits = null;
      const none = await render(facts, 'md', { template: join(dir, 'mine.hbs'), charts: true });
      expect(none).toContain('Not analysed: this run has no commit facts');
      expect(none).toContain('Not analysed: this run has no file facts');
      expect(mermaidBlocks(none)).toEqual([]);
      expect(await render(facts, 'md', { template: join(dir, 'mine.hbs') })).toBe('# Mine\n\nEnd.\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const empty = richFacts();
    empty.activity = { timeline: { unit: 'day', periods: [] }, folders: [{ folder: 'docs', files: 1, additions: 0, deletions: 0, lines: 0 }] };
    const text = chartsSection(await render(empty, 'md', { template: 'implementation-summary', charts: true }));
    expect(text).toContain('No commits in this range.');
    expect(text).toContain('No lines changed: the files this range changed are binary.');
  });

  it('a re-draft keeps the charts the report was drafted with, and drops them cleanly when told', async () => {
    const facts = richFacts();
    const first = (await draft({ facts, template: 'implementation-summary', charts: true })).text;
    const written = first.replace(/(<!-- impl-draft:narrative id="overview" -->\n<!--[^\n]*-->\n)_Not written yet\._/, '$1We built orders.');
    expect(written).not.toBe(first);
    const kept = await draft({ facts, template: 'implementation-summary', existing: written });
    expect(kept.warnings).toEqual([]);
    expect(chartsSection(kept.text)).toBe(chartsSection(first));
    const again = await draft({ facts, template: 'implementation-summary', existing: written, charts: false });
    expect(again.warnings).toEqual([]);
    expect(again.text).not.toContain('### Charts');
    expect(again.text).toContain('We built orders.');
    const back = await draft({ facts, template: 'implementation-summary', existing: again.text, charts: true });
    expect(back.warnings).toEqual([]);
    expect(chartsSection(back.text)).toBe(chartsSection(first));
  });

  it('a re-draft keeps the template variables it was drafted with; new values win', async () => {
    const facts = richFacts();
    const first = (await draft({ facts, template: 'step-report', vars: { step: '2.3', title: 'Orders' } })).text;
    expect(first.split('\n')[0]).toBe('# 6.2 Implementation Report - Step 2.3: Orders');
    const kept = await draft({ facts, template: 'step-report', existing: first });
    expect(kept.text).toBe(first);
    const changed = await draft({ facts, template: 'step-report', existing: first, vars: { title: 'Orders API' } });
    expect(changed.text.split('\n')[0]).toBe('# 6.2 Implementation Report - Step 2.3: Orders API');
  });
});

/** The text from the "### Charts" heading to the next heading. */
function chartsSection(text: string): string {
  const start = text.indexOf('### Charts\n');
  if (start === -1) return '';
  const rest = text.slice(start + 1);
  const next = rest.search(/^#{1,3} (?!Charts)/m);
  return text.slice(start, next === -1 ? undefined : start + 1 + next).replace(/\n+$/, '\n');
}

function mermaidBlocks(text: string): string[] {
  return [...text.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
}

const LABEL = /"[^"\n]*"/;
const LABELS = new RegExp(`^\\[(?:${LABEL.source}(?:, ${LABEL.source})*)?\\]$`);
const NUMBERS = /^\[(?:\d+(?:, \d+)*)?\]$/;

/**
 * The Mermaid subset the charts use, checked line by line: what would stop Mermaid from parsing
 * (an unbalanced quote, a missing value) or draw a wrong chart (bars past the axis, a label
 * without its bar, a slice Mermaid refuses). Returns the problems found.
 */
function checkMermaid(block: string): string[] {
  const [kind, ...lines] = block.split('\n');
  const problems: string[] = [];
  if (kind === 'pie showData') {
    for (const line of lines) {
      if (/^ {4}title [^"\n%]+$/.test(line)) continue;
      const slice = /^ {4}("[^"\n]*") : (\d+)$/.exec(line);
      if (!slice) problems.push(`not a pie line: ${line}`);
      else if (Number(slice[2]) <= 0) problems.push(`slice not positive: ${line}`);
    }
    return problems;
  }
  if (kind !== 'xychart-beta horizontal') return [`unknown chart: ${kind}`];
  let labels = -1;
  let axisEnd = -1;
  const bars: number[][] = [];
  for (const line of lines) {
    let match: RegExpExecArray | null;
    if ((match = /^ {4}title ("[^"\n]*")$/.exec(line))) continue;
    if ((match = /^ {4}x-axis (.*)$/.exec(line)) && LABELS.test(match[1]!)) labels = match[1]!.match(/"[^"]*"/g)?.length ?? 0;
    else if ((match = /^ {4}y-axis "[^"\n]*" 0 --> (\d+)$/.exec(line))) axisEnd = Number(match[1]);
    else if ((match = /^ {4}bar (.*)$/.exec(line)) && NUMBERS.test(match[1]!)) bars.push(match[1]!.slice(1, -1).split(', ').filter(Boolean).map(Number));
    else problems.push(`not an xychart line: ${line}`);
  }
  if (labels <= 0) problems.push('no categories');
  if (bars.length === 0) problems.push('no bars');
  for (const bar of bars) {
    if (bar.length !== labels) problems.push(`${bar.length} values for ${labels} categories`);
    if (Math.max(...bar) > axisEnd) problems.push(`a bar past the axis end ${axisEnd}`);
  }
  if (axisEnd <= 0) problems.push('the axis has no length');
  return problems;
}
