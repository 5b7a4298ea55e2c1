/**
 * Commits of the range and the people behind them: one fact per commit (message facts, merge flag,
 * pull request, line counts), authors aggregated by e-mail address, and the work items (merged
 * branches and direct commits on TO's first-parent line).
 */
import type { Analyzer } from '../../src/analyzer.js';
import { isInScope } from '../../src/monorepo/scope.js';
import type { AuthorFact, CommitFact } from '../../src/facts/schema.js';
import type { RangeCommit, Signature } from '../../src/git/types.js';
import { parseCommitMessage } from './message.js';
import { buildWorkItems } from './work-items.js';

export const commitsAnalyzer: Analyzer = {
  id: 'commits',
  title: 'Commits and authors',
  async analyze(range, { paths }) {
    if (!range.unscoped) {
      const commits = range.commits.map(toCommitFact);
      const workItems = buildWorkItems({ toOid: range.toOid, commits: range.commits, facts: commits, changes: range.changes });
      return { facts: { commits, authors: aggregateAuthors(range.commits, commits), workItems }, warnings: [] };
    }
    // With --path, the work items are the whole history's, restricted to the commits kept.
    const all = range.unscoped.commits.map(toCommitFact);
    const kept = new Set(range.commits.map((commit) => commit.oid));
    const scope = paths?.scope ?? range.paths ?? [];
    const workItems = buildWorkItems({ toOid: range.toOid, commits: range.unscoped.commits, facts: all, changes: range.changes, scope: { kept, isInScope: (path) => isInScope(path, scope) } });
    const commits = all.filter((fact) => kept.has(fact.oid));
    return { facts: { commits, authors: aggregateAuthors(range.commits, commits), workItems }, warnings: [] };
  },
};

function toCommitFact(commit: RangeCommit): CommitFact {
  const message = parseCommitMessage(commit.message);
  return {
    oid: commit.oid,
    parents: commit.parents,
    author: person(commit.author),
    committer: person(commit.committer),
    subject: message.subject,
    body: message.body,
    trailers: message.trailers,
    merge: commit.parents.length > 1,
    type: message.type,
    scope: message.scope,
    breaking: message.breaking,
    breakingNote: message.breakingNote,
    pr: message.pr,
    coAuthors: message.coAuthors,
    additions: commit.additions,
    deletions: commit.deletions,
  };
}

function person(signature: Signature) {
  return { name: signature.name, email: signature.email, date: signature.date };
}

interface Tally extends AuthorFact {
  firstTimestamp: number;
  lastTimestamp: number;
}

/**
 * One entry per e-mail address (case-insensitive), named as on their newest commit; sorted by
 * commits, then lines, then name, so the order is stable.
 */
export function aggregateAuthors(raw: RangeCommit[], commits: CommitFact[]): AuthorFact[] {
  const tallies = new Map<string, Tally>();
  const tally = (name: string, email: string): Tally => {
    const key = email.toLowerCase();
    let entry = tallies.get(key);
    if (!entry) {
      entry = { name, email, commits: 0, coAuthored: 0, additions: 0, deletions: 0, firstDate: null, lastDate: null, firstTimestamp: Infinity, lastTimestamp: -Infinity };
      tallies.set(key, entry);
    }
    return entry;
  };
  raw.forEach((commit, index) => {
    const entry = tally(commit.author.name, commit.author.email);
    entry.commits++;
    entry.additions += commit.additions ?? 0;
    entry.deletions += commit.deletions ?? 0;
    const when = commit.author.timestamp;
    if (when < entry.firstTimestamp) {
      entry.firstTimestamp = when;
      entry.firstDate = commit.author.date;
    }
    if (when >= entry.lastTimestamp) {
      entry.lastTimestamp = when;
      entry.lastDate = commit.author.date;
      entry.name = commit.author.name;
    }
    for (const coAuthor of commits[index]!.coAuthors) tally(coAuthor.name, coAuthor.email).coAuthored++;
  });
  return [...tallies.values()]
    .sort((a, b) => b.commits - a.commits || b.additions + b.deletions - (a.additions + a.deletions) || compare(a.name, b.name) || compare(a.email, b.email))
    .map(({ firstTimestamp: _first, lastTimestamp: _last, ...author }) => author);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
