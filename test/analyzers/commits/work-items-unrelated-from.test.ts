/**
 * FROM on a release branch that TO never merged: the range is `git rev-list TO ^FROM` and the file
 * statuses come from the diff against the merge base, so the release branch's own commits appear
 * nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsAnalyzer } from '../../../analyzers/commits/index.js';
import type { WorkItem } from '../../../src/facts/schema.js';
import { ALICE, BOB, TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer, type AnalyzerRun } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let run: AnalyzerRun;
let items: WorkItem[];
const oid: Record<string, string> = {};
const at = (hour: number) => `2024-03-01T${String(hour).padStart(2, '0')}:00:00+00:00`;

beforeAll(async () => {
  repo = new TestRepo();
  oid.start = repo.commit('chore: start', { 'src/a.js': 'a\n', 'README.md': '# app\n' }, { date: at(1) });
  repo.git('checkout', '-q', '-b', 'release');
  oid.patch = repo.commit('fix: patch a', { 'src/a.js': 'a patched\n' }, { date: at(2) });
  repo.tag('v1.0.1');
  repo.git('checkout', '-q', 'main');
  oid.m1 = repo.commit('feat: add b', { 'src/b.js': 'b\n' }, { date: at(3) });
  repo.git('checkout', '-q', '-b', 'feat-c');
  oid.c1 = repo.commit('fix: prepare for c', { 'README.md': '# app\n\nc is coming\n' }, { author: BOB, date: at(4) });
  oid.c2 = repo.commit('feat: add c', { 'src/c.js': 'c\n' }, { author: BOB, date: at(5) });
  repo.git('checkout', '-q', 'main');
  oid.merge = repo.merge(['feat-c'], 'Merge pull request #4 from acme/feat-c\n\nAdd c', { date: at(6) });
  run = await runAnalyzer(commitsAnalyzer, repo.dir, { from: 'v1.0.1', to: 'main' });
  items = run.facts.workItems ?? [];
});
afterAll(() => repo.remove());

describe('work items when FROM is not an ancestor of TO', () => {
  it('diffs from the merge base', () => {
    expect(run.range.mergeBase).toBe(oid.start);
  });

  it('takes only the commits TO has and FROM lacks, with statuses from the merge base', () => {
    expect(items).toEqual([
      {
        id: 'pr-4',
        title: 'Add c',
        pr: 4,
        type: 'feat', // the title has none; a feature among the commits outranks the fix
        breaking: false,
        merge: oid.merge,
        commits: [oid.c1, oid.c2],
        subjects: ['fix: prepare for c', 'feat: add c'],
        authors: [BOB.name],
        startDate: at(4),
        endDate: at(6),
        durationDays: 0.1,
        files: [
          { path: 'README.md', status: 'modified' },
          { path: 'src/c.js', status: 'added' },
        ],
      },
      {
        id: `commit-${oid.m1!.slice(0, 12)}`,
        title: 'feat: add b',
        pr: null,
        type: 'feat',
        breaking: false,
        merge: null,
        commits: [oid.m1],
        subjects: ['feat: add b'],
        authors: [ALICE.name],
        startDate: at(3),
        endDate: at(3),
        durationDays: 0,
        files: [{ path: 'src/b.js', status: 'added' }],
      },
    ]);
    expect(items.flatMap((item) => item.commits)).not.toContain(oid.patch);
  });
});
