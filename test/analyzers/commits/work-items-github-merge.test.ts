/**
 * The usual GitHub history: a pull request merged with a merge commit (its title in the merge
 * body), a squash-merged pull request and commits made directly on main.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsAnalyzer } from '../../../analyzers/commits/index.js';
import type { WorkItem } from '../../../src/facts/schema.js';
import { ALICE, BOB, TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let items: WorkItem[];
const oid: Record<string, string> = {};
const at = (day: number, hour: number) => `2024-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+00:00`;

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'README.md': '# shop\n' }, { date: at(1, 9) });
  repo.tag('v1');
  repo.git('checkout', '-q', '-b', 'feature/orders');
  oid.b1 = repo.commit('feat: add orders model', { 'src/orders/model.js': 'export const total = 0;\n' }, { author: BOB, date: at(2, 9) });
  oid.b2 = repo.commit('test: cover orders', { 'test/orders.test.js': 'test("total", () => {});\n', 'tmp/debug.log': 'x\n' }, { date: at(2, 15) });
  oid.b3 = repo.commit('fix: orders total', { 'src/orders/model.js': 'export const total = 1;\n', 'tmp/debug.log': null }, { author: BOB, date: at(3, 9) });
  repo.git('checkout', '-q', 'main');
  oid.m1 = repo.commit('docs: describe setup', { 'README.md': '# shop\n\nRun it.\n' }, { date: at(4, 9) });
  oid.merge = repo.merge(['feature/orders'], 'Merge pull request #12 from acme/feature-orders\n\nfeat(orders): orders API\n\nAdds the orders model.', { date: at(5, 21) });
  oid.squash = repo.commit('feat(auth)!: login with GitHub (#15)', { 'src/auth/github.js': 'export {};\n' }, { author: BOB, date: at(6, 9) });
  oid.direct = repo.commit('Fix typo in readme', { 'README.md': '# Shop\n\nRun it.\n' }, { date: at(6, 10) });
  ({ facts: { workItems: items = [] } } = await runAnalyzer(commitsAnalyzer, repo.dir, { from: 'v1' }));
});
afterAll(() => repo.remove());

describe('work items of a GitHub-style history', () => {
  it('makes one item per first-parent commit, newest first, with exact fields', () => {
    expect(items).toEqual([
      {
        id: `commit-${oid.direct!.slice(0, 12)}`,
        title: 'Fix typo in readme',
        pr: null,
        type: null,
        breaking: false,
        merge: null,
        commits: [oid.direct],
        subjects: ['Fix typo in readme'],
        authors: [ALICE.name],
        startDate: at(6, 10),
        endDate: at(6, 10),
        durationDays: 0,
        files: [{ path: 'README.md', status: 'modified' }],
      },
      {
        id: 'pr-15',
        title: 'feat(auth)!: login with GitHub', // the prefix stays, the (#15) goes
        pr: 15,
        type: 'feat',
        breaking: true,
        merge: null,
        commits: [oid.squash],
        subjects: ['feat(auth)!: login with GitHub (#15)'],
        authors: [BOB.name],
        startDate: at(6, 9),
        endDate: at(6, 9),
        durationDays: 0,
        files: [{ path: 'src/auth/github.js', status: 'added' }],
      },
      {
        id: 'pr-12',
        title: 'feat(orders): orders API', // the pull request title GitHub puts in the merge body
        pr: 12,
        type: 'feat',
        breaking: false,
        merge: oid.merge,
        commits: [oid.b1, oid.b2, oid.b3],
        subjects: ['feat: add orders model', 'test: cover orders', 'fix: orders total'],
        authors: [BOB.name, ALICE.name], // two commits, then one; the merger is not an author here
        startDate: at(2, 9),
        endDate: at(5, 21),
        durationDays: 3.5,
        files: [
          { path: 'src/orders/model.js', status: 'added' },
          { path: 'test/orders.test.js', status: 'added' },
          { path: 'tmp/debug.log', status: null }, // created and deleted again inside the branch
        ],
      },
      {
        id: `commit-${oid.m1!.slice(0, 12)}`,
        title: 'docs: describe setup',
        pr: null,
        type: 'docs',
        breaking: false,
        merge: null,
        commits: [oid.m1],
        subjects: ['docs: describe setup'],
        authors: [ALICE.name],
        startDate: at(4, 9),
        endDate: at(4, 9),
        durationDays: 0,
        files: [{ path: 'README.md', status: 'modified' }],
      },
    ]);
  });

  it('puts every commit of the range in exactly one item', async () => {
    const { range } = await runAnalyzer(commitsAnalyzer, repo.dir, { from: 'v1' });
    const assigned = items.flatMap((item) => [...item.commits, ...(item.merge ? [item.merge] : [])]).sort();
    expect(assigned).toEqual(range.commits.map((c) => c.oid).sort());
  });
});
