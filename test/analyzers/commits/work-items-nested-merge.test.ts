/**
 * A feature branch that merged a sub-branch before being merged itself, a commit made on main
 * meanwhile, and a merge that brings in nothing new (its second parent is already on main).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsAnalyzer } from '../../../analyzers/commits/index.js';
import type { WorkItem } from '../../../src/facts/schema.js';
import { ALICE, BOB, TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let items: WorkItem[];
const oid: Record<string, string> = {};
const at = (hour: number) => `2024-02-01T${String(hour).padStart(2, '0')}:00:00+00:00`;

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'README.md': '# app\n' }, { date: at(1) });
  repo.tag('v1');
  repo.git('checkout', '-q', '-b', 'feature');
  oid.f1 = repo.commit('refactor: feature base', { 'src/feature.js': 'export const a = 1;\n' }, { author: BOB, date: at(2) });
  repo.git('checkout', '-q', '-b', 'sub');
  oid.s1 = repo.commit('chore: sub part', { 'src/sub.js': 'export const b = 2;\n' }, { date: at(3) });
  repo.git('checkout', '-q', 'feature');
  oid.f2 = repo.commit('chore: feature more', { 'src/feature.js': 'export const a = 2;\n' }, { author: BOB, date: at(4) });
  oid.nested = repo.merge(['sub'], "Merge branch 'sub' into feature", { author: BOB, date: at(5) });
  repo.git('checkout', '-q', 'main');
  oid.x1 = repo.commit('fix: main fix', { 'src/main.js': 'export const c = 3;\n' }, { date: at(6) });
  oid.merge = repo.merge(['feature'], "Merge branch 'feature'", { date: at(7) });
  // A merge whose second parent main already contains: git refuses to make one, plumbing does not.
  const date = `${Date.parse(at(8)) / 1000} +0000`;
  oid.stale = repo
    .gitWith(
      { GIT_AUTHOR_NAME: BOB.name, GIT_AUTHOR_EMAIL: BOB.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: BOB.name, GIT_COMMITTER_EMAIL: BOB.email, GIT_COMMITTER_DATE: date },
      'commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-p', oid.f2, '-m', "Merge branch 'stale'",
    )
    .trim();
  repo.git('update-ref', 'refs/heads/main', oid.stale);
  ({ facts: { workItems: items = [] } } = await runAnalyzer(commitsAnalyzer, repo.dir, { from: 'v1' }));
});
afterAll(() => repo.remove());

describe('work items with a nested merge', () => {
  it('gives the nested merge and both branches to the outer merge, and keeps an empty merge as an item', () => {
    expect(items).toEqual([
      {
        id: `commit-${oid.stale!.slice(0, 12)}`,
        title: "Merge branch 'stale'",
        pr: null,
        type: null,
        breaking: false,
        merge: oid.stale,
        commits: [],
        subjects: [],
        authors: [BOB.name], // no commits of its own: the merge's author
        startDate: at(8),
        endDate: at(8),
        durationDays: 0,
        files: [],
      },
      {
        id: `commit-${oid.merge!.slice(0, 12)}`,
        title: "Merge branch 'feature'",
        pr: null,
        type: 'refactor', // neither feat nor fix among its commits: the oldest commit's type
        breaking: false,
        merge: oid.merge,
        commits: [oid.f1, oid.s1, oid.f2],
        subjects: ['refactor: feature base', 'chore: sub part', 'chore: feature more'],
        authors: [BOB.name, ALICE.name],
        startDate: at(2),
        endDate: at(7),
        durationDays: 0.2,
        files: [
          { path: 'src/feature.js', status: 'added' },
          { path: 'src/sub.js', status: 'added' },
        ],
      },
      {
        id: `commit-${oid.x1!.slice(0, 12)}`,
        title: 'fix: main fix',
        pr: null,
        type: 'fix',
        breaking: false,
        merge: null,
        commits: [oid.x1],
        subjects: ['fix: main fix'],
        authors: [ALICE.name],
        startDate: at(6),
        endDate: at(6),
        durationDays: 0,
        files: [{ path: 'src/main.js', status: 'added' }],
      },
    ]);
  });
});
