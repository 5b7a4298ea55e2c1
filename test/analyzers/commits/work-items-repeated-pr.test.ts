/**
 * One pull request number on three work items (a squash merge, a merge commit that reuses the
 * number, a follow-up that quotes it): ids stay unique and stable. The merged branch renames a
 * file, which its item lists once, under the new path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsAnalyzer } from '../../../analyzers/commits/index.js';
import type { WorkItem } from '../../../src/facts/schema.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let items: WorkItem[];
const oid: Record<string, string> = {};
const util = Array.from({ length: 20 }, (_, i) => `export const u${i} = ${i};`).join('\n') + '\n';

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'src/util.js': util });
  repo.tag('v1');
  oid.s1 = repo.commit('feat: add helpers (#21)', { 'src/helpers.js': 'export {};\n' });
  repo.git('checkout', '-q', '-b', 'again');
  oid.x1 = repo.commit('refactor: rename util to tools', { 'src/util.js': null, 'src/tools.js': util });
  repo.git('checkout', '-q', 'main');
  oid.merge = repo.merge(['again'], 'Merge pull request #21 from acme/again');
  oid.s3 = repo.commit('fix: helpers edge case (#21)', { 'src/helpers.js': 'export const edge = 1;\n' });
  ({ facts: { workItems: items = [] } } = await runAnalyzer(commitsAnalyzer, repo.dir, { from: 'v1' }));
});
afterAll(() => repo.remove());

describe('work items sharing a pull request number', () => {
  it('numbers the later items -2, -3 in history order', () => {
    expect(items.map((item) => [item.id, item.pr, item.merge ?? item.commits[0]])).toEqual([
      ['pr-21-3', 21, oid.s3],
      ['pr-21-2', 21, oid.merge],
      ['pr-21', 21, oid.s1],
    ]);
  });

  it('titles a GitHub merge without a body by its subject, and takes the type of its only commit', () => {
    expect(items[1]).toMatchObject({ title: 'Merge pull request #21 from acme/again', type: 'refactor', commits: [oid.x1] });
  });

  it('lists a renamed file once, as it stands in the net diff', () => {
    expect(items[1]!.files).toEqual([{ path: 'src/tools.js', status: 'renamed' }]);
  });
});
