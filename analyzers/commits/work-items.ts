/**
 * Work items: the units of work the history shows, one per commit of TO's first-parent chain
 * inside the range. A merge on that chain is a merged branch: the merge plus the range commits only
 * its second and later parents bring in. A non-merge commit on the chain is a direct commit, often
 * a squash-merged pull request.
 *
 * Why every range commit lands in exactly one item. The range is "reachable from TO, not from
 * FROM", so every commit on a parent path from a range commit down to another range commit is in
 * the range too (an ancestor of a commit reachable from FROM is reachable from FROM). Process the
 * chain c_n (oldest) .. c_0 = TO and claim: after c_i, the assigned commits are exactly the range
 * ancestors of c_i (c_i included). For c_n, its first parent is outside the range or absent, so its
 * range ancestors are c_n and what its other parents reach inside the range, which the breadth-first
 * walk collects. For c_i, its first parent c_(i+1) brings exactly the commits assigned so far; any
 * other range ancestor X comes through another parent, and no commit on that path is assigned
 * (else X would be an ancestor of c_(i+1) and assigned already), so the walk, which skips assigned
 * commits and never leaves the range, reaches X. At c_0 = TO that is the whole range; the skipping
 * makes the items disjoint.
 */
import { durationDays } from '../../src/facts/duration.js';
import type { CommitFact, FileStatus, WorkItem } from '../../src/facts/schema.js';
import type { RangeCommit, TreeChange } from '../../src/git/types.js';
import { parseCommitMessage, stripPullRequestSuffix } from './message.js';

export interface WorkItemInput {
  toOid: string;
  /** range.commits, in git rev-list order (newest first). */
  commits: RangeCommit[];
  /** The commit facts of the same commits, in the same order. */
  facts: CommitFact[];
  /** range.changes: the net diff, for each path's status. */
  changes: TreeChange[];
  /**
   * With `--path`: `commits` is the whole range and `kept` the commits that touch the scope. The
   * items are grouped over the whole history, then keep only their kept commits and in-scope
   * files; an item with no kept commit of its own work (a merge bringing nothing into the scope, a
   * direct commit elsewhere) is left out.
   */
  scope?: { kept: ReadonlySet<string>; isInScope(path: string): boolean };
}

interface Grouping {
  /** The chain commit: the merge of a merged branch, or the direct commit. */
  head: number;
  /** Positions in range.commits of every commit of the item, the head included. */
  members: number[];
}

export function buildWorkItems({ toOid, commits, facts, changes, scope }: WorkItemInput): WorkItem[] {
  const positionOf = new Map(commits.map((commit, position) => [commit.oid, position]));
  const groupings = groupByFirstParentChain(toOid, commits, positionOf).flatMap((grouping) => (scope ? scoped(grouping, commits, scope.kept) : [grouping]));
  const statusOf = netStatusLookup(changes);
  const taken = new Map<string, number>();
  const items = groupings.map((grouping) => toWorkItem(grouping, commits, facts, statusOf, taken, scope?.isInScope));
  return items.reverse();
}

/**
 * The grouping's kept commits; none when no commit of its own work is kept. Its head is then
 * kept too: a merge on the first-parent line is kept when its grouping holds a commit touching
 * the scope (src/monorepo/scope.ts), and every merge kept lands in such a grouping.
 */
function scoped(grouping: Grouping, commits: RangeCommit[], kept: ReadonlySet<string>): Grouping[] {
  const members = grouping.members.filter((position) => kept.has(commits[position]!.oid));
  return members.some((position) => commits[position]!.parents.length <= 1) ? [{ head: grouping.head, members }] : [];
}

/** The groupings, oldest chain commit first. */
function groupByFirstParentChain(toOid: string, commits: RangeCommit[], positionOf: Map<string, number>): Grouping[] {
  const chain: number[] = [];
  for (let position = positionOf.get(toOid); position !== undefined; position = positionOf.get(commits[position]!.parents[0] ?? '')) {
    chain.push(position);
  }
  const assigned = new Set<number>(chain);
  const groupings: Grouping[] = [];
  for (const head of chain.reverse()) {
    const members = [head];
    // Breadth-first from the second and later parents, inside the range, skipping assigned commits.
    const queue = commits[head]!.parents.slice(1);
    for (let next = 0; next < queue.length; next++) {
      const position = positionOf.get(queue[next]!);
      if (position === undefined || assigned.has(position)) continue;
      assigned.add(position);
      members.push(position);
      queue.push(...commits[position]!.parents);
    }
    groupings.push({ head, members });
  }
  return groupings;
}

function toWorkItem(
  { head, members }: Grouping,
  commits: RangeCommit[],
  facts: CommitFact[],
  statusOf: (path: string) => { path: string; status: FileStatus | null },
  taken: Map<string, number>,
  isInScope: (path: string) => boolean = () => true,
): WorkItem {
  const headFact = facts[head]!;
  const isMerge = headFact.merge;
  // Oldest first: a larger position in rev-list order is older.
  const work = members.filter((position) => !facts[position]!.merge).sort((a, b) => b - a);
  const title = titleOf(headFact);
  const titleFacts = parseCommitMessage(title);
  // The item's own commits, or the merge alone when it brought in none: they give authors and start.
  const dated = work.length > 0 ? work : [head];
  // The earliest author date, not the oldest position: a rebased branch keeps its author dates.
  const start = dated.map((position) => facts[position]!.author.date).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const end = isMerge ? headFact.author.date : facts[work[work.length - 1]!]!.author.date;
  return {
    id: uniqueId(headFact.pr !== null ? `pr-${headFact.pr}` : `commit-${headFact.oid.slice(0, 12)}`, taken),
    title,
    pr: headFact.pr,
    type: titleFacts.type ?? mostSignificantType(work.map((position) => facts[position]!)),
    breaking: titleFacts.breaking || members.some((position) => facts[position]!.breaking),
    merge: isMerge ? headFact.oid : null,
    commits: work.map((position) => facts[position]!.oid),
    subjects: work.map((position) => facts[position]!.subject),
    authors: rankAuthors(dated.map((position) => facts[position]!.author.name)),
    startDate: start,
    endDate: end,
    durationDays: durationDays(start, end),
    files: filesOf(work.map((position) => commits[position]!), statusOf).filter((file) => isInScope(file.path)),
  };
}

/**
 * GitHub's merge subject only names the branch; the pull request title is the body's first line.
 * Other merges keep their subject; a direct commit loses the ` (#N)` of a squash merge (the number
 * is in `pr`), but keeps its conventional prefix, which templates show.
 */
function titleOf(head: CommitFact): string {
  if (head.merge) {
    const firstLine = head.body.split('\n')[0]!.trim();
    return /^Merge pull request #\d+ from /.test(head.subject) && firstLine !== '' ? firstLine : head.subject;
  }
  return stripPullRequestSuffix(head.subject);
}

/** feat if any commit is a feature, else fix if any is a fix, else the first commit's type. */
function mostSignificantType(work: CommitFact[]): string | null {
  if (work.some((c) => c.type === 'feat')) return 'feat';
  if (work.some((c) => c.type === 'fix')) return 'fix';
  return work[0]?.type ?? null;
}

/** By number of commits, then name. */
function rankAuthors(names: string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name);
}

/**
 * A pull request number can occur twice (a reverted and re-merged PR, a number quoted in a
 * subject): later items, in oldest-first processing order, get `-2`, `-3`, ...
 */
function uniqueId(id: string, taken: Map<string, number>): string {
  const seen = (taken.get(id) ?? 0) + 1;
  taken.set(id, seen);
  return seen === 1 ? id : `${id}-${seen}`;
}


/**
 * Each path as it stands in the net diff: a path that is only the old side of a net rename is
 * reported once, as the new path (status renamed); a path absent from the net diff has status null
 * (its changes cancelled out, or it was changed and changed back).
 */
function netStatusLookup(changes: TreeChange[]): (path: string) => { path: string; status: FileStatus | null } {
  const byPath = new Map(changes.map((change) => [change.path, change]));
  const byOldPath = new Map(changes.filter((change) => change.oldPath !== undefined).map((change) => [change.oldPath!, change]));
  return (path) => {
    const change = byPath.get(path) ?? byOldPath.get(path);
    return change ? { path: change.path, status: change.status } : { path, status: null };
  };
}

function filesOf(work: RangeCommit[], statusOf: (path: string) => { path: string; status: FileStatus | null }): WorkItem['files'] {
  const files = new Map<string, FileStatus | null>();
  for (const commit of work) {
    for (const path of commit.paths) {
      const file = statusOf(path);
      files.set(file.path, file.status);
    }
  }
  return [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, status]) => ({ path, status }));
}
