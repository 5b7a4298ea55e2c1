import { describe, expect, it } from 'vitest';
import { parseCommitMessage } from '../../../analyzers/commits/message.js';

describe('parseCommitMessage', () => {
  it('splits subject and body the way git does (%s joins the first paragraph)', () => {
    const facts = parseCommitMessage('Fix the thing\nacross two lines\n\nBody line one.\nBody line two.\n\n');
    expect(facts.subject).toBe('Fix the thing across two lines');
    expect(facts.body).toBe('Body line one.\nBody line two.');
  });

  it('reads conventional type, scope and the ! breaking marker', () => {
    const facts = parseCommitMessage('feat(api)!: drop the v1 endpoints\n');
    expect(facts).toMatchObject({ type: 'feat', scope: 'api', breaking: true, breakingNote: 'drop the v1 endpoints' });
  });

  it('lower-cases the type and leaves non-conventional subjects untyped', () => {
    expect(parseCommitMessage('Fix: typo\n').type).toBe('fix');
    expect(parseCommitMessage('Update README\n').type).toBeNull();
    expect(parseCommitMessage('feat:missing space\n').type).toBeNull();
  });

  it('finds BREAKING CHANGE and BREAKING-CHANGE footers, with their text', () => {
    const facts = parseCommitMessage('refactor: rename config keys\n\nSome explanation.\n\nBREAKING CHANGE: `port` is now `http.port`\nand `host` moved too.\n');
    expect(facts.breaking).toBe(true);
    expect(facts.breakingNote).toBe('`port` is now `http.port` and `host` moved too.');
    expect(parseCommitMessage('fix: x\n\nBREAKING-CHANGE: gone\n').breakingNote).toBe('gone');
  });

  it('ignores a BREAKING CHANGE quoted in an indented block, a fenced block or a quote', () => {
    const indented = parseCommitMessage('docs: explain footers\n\nWrite it like this:\n\n    BREAKING CHANGE: describe it\n');
    const fenced = parseCommitMessage('docs: explain\n\n```\nBREAKING CHANGE: describe it\n```\n');
    const quoted = parseCommitMessage('docs: explain\n\n> BREAKING CHANGE: describe it\n');
    expect([indented.breaking, fenced.breaking, quoted.breaking]).toEqual([false, false, false]);
  });

  it('reads trailers and co-authors from the last paragraph only', () => {
    const facts = parseCommitMessage(
      'feat: pair work\n\nBody.\n\nCo-authored-by: Bob Builder <bob@example.org>\nco-authored-by: Carol <carol@example.net>\nReviewed-by: Dan <dan@example.com>\n',
    );
    expect(facts.trailers.map((t) => t.key)).toEqual(['Co-authored-by', 'co-authored-by', 'Reviewed-by']);
    expect(facts.coAuthors).toEqual([
      { name: 'Bob Builder', email: 'bob@example.org' },
      { name: 'Carol', email: 'carol@example.net' },
    ]);
    expect(parseCommitMessage('feat: x\n\nNot: a trailer block\nbecause this line is prose\n').trailers).toEqual([]);
  });

  it.each([
    ['Merge pull request #12 from team/feature-x', 12],
    ['Add orders endpoint (#15)', 15],
    ['Merged in feature/login (pull request #7)', 7],
    ['Merged PR 42: Add the thing', 42],
    ['Fix #3 in the parser', null],
  ])('finds the pull request number in %j', (subject, pr) => {
    expect(parseCommitMessage(`${subject}\n`).pr).toBe(pr);
  });

  it('finds a GitLab merge request number in the merge body', () => {
    const facts = parseCommitMessage("Merge branch 'feature' into 'main'\n\nAdd feature\n\nSee merge request group/project!34\n");
    expect(facts.pr).toBe(34);
  });
});
