/**
 * Which commits of the range touched each path, for the files' `commits` count and `description`.
 *
 * "Newer" and "older" mean the position in `range.commits`, which is `git rev-list` order (newest
 * first by committer date; a skewed clock can put a parent before its child, as it does for git
 * log): the first commit of the list that
 * touched a path is the newest, the last one the oldest. Merges have no paths of their own
 * (RangeCommit.paths is empty for them), so only non-merge commits count.
 */
import type { TreeChange, RangeCommit } from '../../src/git/types.js';
import { parseCommitMessage, stripConventionalPrefix, stripPullRequestSuffix } from '../commits/message.js';

export class PathHistory {
  /** Path → positions in range.commits of the non-merge commits that changed it, ascending (newest first). */
  private readonly positions = new Map<string, number[]>();
  /** Position → the description its commit gives, parsed once however many files it touched. */
  private readonly descriptions = new Map<number, string | null>();

  constructor(private readonly commits: RangeCommit[]) {
    commits.forEach((commit, position) => {
      if (commit.parents.length > 1) return;
      for (const path of commit.paths) {
        let list = this.positions.get(path);
        if (!list) this.positions.set(path, (list = []));
        list.push(position);
      }
    });
  }

  /** Non-merge commits that changed the path; for a rename, those that changed either side. */
  countCommits(change: TreeChange): number {
    const touched = new Set(this.positionsOf(change.path));
    if (change.oldPath !== undefined) for (const position of this.positionsOf(change.oldPath)) touched.add(position);
    return touched.size;
  }

  /**
   * The cleaned subject of the commit that introduced the file (added: the oldest commit that
   * changed the path) or last changed it (otherwise: the newest commit that changed the path as it
   * stands in the net diff, the new path of a rename, the old path of a deletion); null when no
   * non-merge commit touched it, e.g. a file changed only by a merge's conflict resolution.
   */
  describe(change: TreeChange): string | null {
    const positions = this.positionsOf(change.path);
    if (positions.length === 0) return null;
    const position = change.status === 'added' ? positions[positions.length - 1]! : positions[0]!;
    let description = this.descriptions.get(position);
    if (description === undefined) {
      description = describeSubject(parseCommitMessage(this.commits[position]!.message).subject);
      this.descriptions.set(position, description);
    }
    return description;
  }

  private positionsOf(path: string): number[] {
    return this.positions.get(path) ?? [];
  }
}

/**
 * A subject as a description: `feat(api)!: add orders (#15)` → `Add orders`. Null for an empty
 * subject; the subject as it is when nothing but the prefix and suffix would be left.
 */
export function describeSubject(subject: string): string | null {
  const text = stripConventionalPrefix(stripPullRequestSuffix(subject)).trim() || subject.trim();
  return text === '' ? null : text.replace(/^\p{Ll}/u, (first) => first.toUpperCase());
}
