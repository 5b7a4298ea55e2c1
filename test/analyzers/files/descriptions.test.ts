/**
 * A range with added, modified, renamed and deleted files, a merged branch and a file that only a
 * merge commit changed: each file's description comes from the right commit, and its count of
 * commits covers both sides of a rename.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesAnalyzer } from '../../../analyzers/files/index.js';
import { describeSubject } from '../../../analyzers/files/path-history.js';
import type { FileFact } from '../../../src/facts/schema.js';
import { ALICE, TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

const body = (name: string, lines = 12) => Array.from({ length: lines }, (_, i) => `export const ${name}${i} = ${i};`).join('\n') + '\n';

let repo: TestRepo;
let files: FileFact[];

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', {
    'README.md': '# shop\n',
    'src/old-name.js': body('legacy'),
    'src/gone.js': body('gone'),
    'src/keep.js': body('keep'),
    'src/merge-only.js': body('merged'),
  });
  repo.tag('v1');
  repo.commit('feat(api): add orders endpoint (#7)', { 'src/orders.js': body('orders') });
  repo.commit('fix: handle empty orders', { 'src/orders.js': body('orders') + 'export const empty = [];\n' });
  repo.commit('refactor!: move the legacy helpers', { 'src/old-name.js': null, 'src/new-name.js': body('legacy') });
  repo.commit('docs(helpers): explain the new name', { 'src/new-name.js': '// the helpers\n' + body('legacy') });
  repo.git('checkout', '-q', '-b', 'branch');
  repo.commit('feat: branch work', { 'src/branch.js': body('branch') });
  repo.git('checkout', '-q', 'main');
  repo.commit('chore: remove gone', { 'src/gone.js': null });
  repo.commit('update keep', { 'src/keep.js': body('keep') + 'export const more = 1;\n' });
  // A merge that changes a file itself (an "evil merge", as conflict resolutions are).
  repo.git('merge', '-q', '--no-ff', '--no-commit', 'branch');
  const date = repo.nextDate();
  repo.write({ 'src/merge-only.js': body('merged') + 'export const fixedInMerge = true;\n' });
  repo.git('add', '-A');
  repo.gitWith(
    { GIT_AUTHOR_NAME: ALICE.name, GIT_AUTHOR_EMAIL: ALICE.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: ALICE.name, GIT_COMMITTER_EMAIL: ALICE.email, GIT_COMMITTER_DATE: date },
    'commit', '-q', '-m', "Merge branch 'branch'",
  );
  ({ facts: { files = [] } } = await runAnalyzer(filesAnalyzer, repo.dir, { from: 'v1' }));
});
afterAll(() => repo.remove());

describe('file descriptions and commit counts', () => {
  it('describes each file from the commit that introduced or last changed it', () => {
    expect(files.map((f) => [f.path, f.status, f.description, f.commits])).toEqual([
      ['src/branch.js', 'added', 'Branch work', 1],
      ['src/gone.js', 'deleted', 'Remove gone', 1],
      ['src/keep.js', 'modified', 'Update keep', 1],
      ['src/merge-only.js', 'modified', null, 0], // only the merge changed it
      ['src/new-name.js', 'renamed', 'Explain the new name', 2], // newest commit on the new path; the rename counts once
      ['src/orders.js', 'added', 'Add orders endpoint', 2], // the oldest commit: the one that created it
    ]);
    expect(files.find((f) => f.path === 'src/new-name.js')?.oldPath).toBe('src/old-name.js');
  });

  it('fills category and security for every file', () => {
    expect(files.every((f) => f.category === 'source' && f.security === null)).toBe(true);
  });
});

describe('describeSubject', () => {
  it.each([
    ['feat(api)!: add orders (#15)', 'Add orders'],
    ['fix: handle empty carts', 'Handle empty carts'],
    ['Update README', 'Update README'],
    ['update the docs (#3)', 'Update the docs'],
    ['chore(deps): bump zod from 4.1.0 to 4.2.0 (#120)', 'Bump zod from 4.1.0 to 4.2.0'],
    ['Revert "feat: add orders (#15)" (#16)', 'Revert "feat: add orders (#15)"'],
    ['éclair support', 'Éclair support'],
    ['(#12)', '(#12)'], // nothing would be left: the subject stays
    ['', null],
  ])('%j → %j', (subject, description) => {
    expect(describeSubject(subject)).toBe(description);
  });
});
