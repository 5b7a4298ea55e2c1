/**
 * A branch rebased before its merge: commits keep their author dates, which no longer follow the
 * commit order. The item starts at the earliest author date and lists commits in history order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsAnalyzer } from '../../../analyzers/commits/index.js';
import type { WorkItem } from '../../../src/facts/schema.js';
import { ALICE, TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let items: WorkItem[];
const oid: Record<string, string> = {};

function commitAt(message: string, file: string, authored: string, committed: string): string {
  repo.write({ [file]: `${message}\n` });
  repo.git('add', '-A');
  const who = { GIT_AUTHOR_NAME: ALICE.name, GIT_AUTHOR_EMAIL: ALICE.email, GIT_COMMITTER_NAME: ALICE.name, GIT_COMMITTER_EMAIL: ALICE.email };
  repo.gitWith({ ...who, GIT_AUTHOR_DATE: authored, GIT_COMMITTER_DATE: committed }, 'commit', '-q', '-m', message);
  return repo.head();
}

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'README.md': '# app\n' }, { date: '2024-04-01T09:00:00+00:00' });
  repo.tag('v1');
  repo.git('checkout', '-q', '-b', 'rebased');
  // Written in the other order on another branch, then rebased (reordered) onto main.
  oid.first = commitAt('feat: second written', 'src/b.js', '2024-03-10T09:00:00+00:00', '2024-04-02T09:00:00+00:00');
  oid.second = commitAt('feat: first written', 'src/a.js', '2024-03-05T09:00:00+00:00', '2024-04-02T10:00:00+00:00');
  repo.git('checkout', '-q', 'main');
  oid.merge = repo.merge(['rebased'], 'Merge pull request #30 from acme/rebased\n\nfeat: two modules', { date: '2024-04-03T09:00:00+00:00' });
  ({ facts: { workItems: items = [] } } = await runAnalyzer(commitsAnalyzer, repo.dir, { from: 'v1' }));
});
afterAll(() => repo.remove());

describe('work items of a rebased branch', () => {
  it('starts at the earliest author date and keeps history order for commits', () => {
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: 'pr-30',
      title: 'feat: two modules',
      commits: [oid.first, oid.second],
      startDate: '2024-03-05T09:00:00+00:00',
      endDate: '2024-04-03T09:00:00+00:00',
      durationDays: 29,
    });
  });
});
