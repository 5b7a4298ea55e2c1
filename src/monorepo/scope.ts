/**
 * `--path DIR`: a range restricted to some folders of the repository. The file changes are those
 * under the folders; the commits are those that changed a file under them, and the merges that
 * brought such a commit in. Everything else follows: the summary, authors and work items from the
 * commits, and each analyzer from the path rules (analyzers/project/path-rules.ts), which treat a
 * path outside the scope like a vendored one.
 */
import type { ResolvedRange } from '../analyzer.js';
import { UsageError } from '../errors.js';
import type { Repository } from '../git/repository.js';
import type { RangeCommit } from '../git/types.js';

const EXAMPLE = '--path packages/api';

/** Whether a repository path is in a folder or below it; '' is the root, which holds everything. */
export function isInFolder(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

/** Whether a path is inside a scope; an empty scope is the whole repository. */
export function isInScope(path: string, scope: readonly string[]): boolean {
  return scope.length === 0 || scope.some((folder) => isInFolder(path, folder));
}

/**
 * The `--path` values as folders from the repository root, checked against the tree at TO:
 * `./a/b/` is `a/b`; `.` is the root, which makes the scope the whole repository (empty). Sorted,
 * a folder inside another one given dropped. Throws UsageError naming the bad value and the fix.
 */
export async function checkedScope(repo: Repository, toOid: string, values: readonly string[] | undefined): Promise<string[]> {
  if (!values?.length) return [];
  const folders = values.map(normalisedFolder);
  if (folders.includes('')) return [];
  const listing = await repo.listFiles(toOid);
  for (const [index, folder] of folders.entries()) {
    if (listing.some((entry) => entry.path.startsWith(`${folder}/`))) continue;
    const isFile = listing.some((entry) => entry.path === folder);
    throw new UsageError(
      isFile
        ? `--path ${values[index]}: that is a file at TO; --path takes a folder of the repository, such as ${EXAMPLE}`
        : `--path ${values[index]}: no such folder in the repository at TO; give a folder from the repository root, such as ${EXAMPLE}`,
    );
  }
  const sorted = [...new Set(folders)].sort();
  return sorted.filter((folder) => !sorted.some((other) => other !== folder && isInFolder(folder, other)));
}

function normalisedFolder(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new UsageError(`--path needs a folder, such as ${EXAMPLE}`);
  if (/^([/\\]|[A-Za-z]:)/.test(trimmed)) throw new UsageError(`--path ${value}: an absolute path; give the folder from the repository root, such as ${EXAMPLE}`);
  if (/[*?[\]{}]/.test(trimmed)) throw new UsageError(`--path ${value}: a glob; --path takes one folder (repeat it for several), such as ${EXAMPLE}`);
  const segments = trimmed.replace(/\\/g, '/').split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new UsageError(`--path ${value}: leaves the repository root with '..'; give the folder from the repository root, such as ${EXAMPLE}`);
  return segments.join('/');
}

/** The range restricted to the `--path` values, once they are checked against TO. */
export async function scopeRange(repo: Repository, range: ResolvedRange, values: readonly string[] | undefined): Promise<ResolvedRange> {
  return restrictRange(range, await checkedScope(repo, range.toOid, values));
}

/**
 * The range as seen from the scope. `commits` keeps the non-merge commits that changed a path in
 * it (either side of a rename) and the merges that brought one into the main line: a merge is kept
 * when, of the commits it adds to its first parent's history, one touches the scope and reaches
 * TO's first-parent line together with the merge. So a merged pull request that touched the
 * folder is kept, and so is a merge inside its branch that brought in part of that work; a merge
 * that only synced a branch with main, bringing in commits the main line already had, is not.
 * Every merge kept thus belongs to a work item that keeps a commit of its own. `unscoped` keeps
 * the whole range. An empty scope returns the range as it is.
 */
export function restrictRange(range: ResolvedRange, scope: readonly string[]): ResolvedRange {
  if (scope.length === 0) return range;
  const inScope = (path: string) => isInScope(path, scope);
  const touches = new Set(range.commits.filter((c) => c.parents.length <= 1 && c.paths.some(inScope)).map((c) => c.oid));
  const graph = new RangeGraph(range.commits);
  const arrival = mainLineArrival(range);
  const keepsMerge = (merge: RangeCommit) => bringsIn(merge, graph, (oid) => touches.has(oid) && arrival.get(oid) === arrival.get(merge.oid));
  const commits = range.commits.filter((commit) => (commit.parents.length > 1 ? keepsMerge(commit) : touches.has(commit.oid)));
  return {
    ...range,
    paths: [...scope],
    commits,
    changes: range.changes.filter((change) => inScope(change.path) || (change.oldPath !== undefined && inScope(change.oldPath))),
    unscoped: { commits: range.commits, changes: range.changes },
  };
}

/**
 * For each commit of the range, the commit of TO's first-parent line that brings it into that
 * line: itself for a commit on the line, else the merge whose second or later parents reach it
 * first, oldest merge first. These are the work items of analyzers/commits/work-items.ts.
 */
function mainLineArrival(range: ResolvedRange): Map<string, string> {
  const byOid = new Map(range.commits.map((commit) => [commit.oid, commit]));
  const chain: string[] = [];
  for (let oid: string | undefined = range.toOid; oid !== undefined && byOid.has(oid); oid = byOid.get(oid)!.parents[0]) chain.push(oid);
  const arrival = new Map(chain.map((oid) => [oid, oid]));
  for (const head of chain.reverse()) {
    const queue = byOid.get(head)!.parents.slice(1);
    for (let next = 0; next < queue.length; next++) {
      const oid = queue[next]!;
      if (!byOid.has(oid) || arrival.has(oid)) continue;
      arrival.set(oid, head);
      queue.push(...byOid.get(oid)!.parents);
    }
  }
  return arrival;
}

/**
 * Whether a merge adds one of `wanted` to its first parent's history, as `git rev-list ^P1 P2...`
 * decides it: one walk from all parents, newest generation first, marking what the first parent
 * reaches; a commit met unmarked is brought in by the merge. The walk stops once every commit
 * still queued is reachable from the first parent, so it costs about the merged branch, not the
 * whole range. Commits outside the range are never walked; their ancestors are outside it too.
 */
function bringsIn(merge: RangeCommit, graph: RangeGraph, wanted: (oid: string) => boolean): boolean {
  const FIRST = 1;
  const OTHER = 2;
  const flags = new Map<string, number>();
  const queue = new GenerationQueue(graph);
  let unmarked = 0;
  const mark = (oid: string, flag: number) => {
    if (!graph.has(oid)) return;
    const before = flags.get(oid) ?? 0;
    const after = before | flag;
    if (after === before) return;
    flags.set(oid, after);
    if (before === 0) queue.push(oid);
    if (after === OTHER) unmarked++;
    else if (before === OTHER) unmarked--;
  };
  merge.parents.forEach((parent, index) => mark(parent, index === 0 ? FIRST : OTHER));
  for (let oid = queue.pop(); oid !== undefined && unmarked > 0; oid = queue.pop()) {
    const flag = flags.get(oid)!;
    if (flag === OTHER) {
      unmarked--;
      if (wanted(oid)) return true;
    }
    for (const parent of graph.parentsOf(oid)) mark(parent, flag & FIRST ? FIRST : OTHER);
  }
  return false;
}

/**
 * The range's commits with a generation number each (one more than their highest parent in the
 * range), so that a walk taking the highest generation first meets every child before its parents.
 */
class RangeGraph {
  private readonly commits: Map<string, RangeCommit>;
  private readonly generations = new Map<string, number>();

  constructor(commits: readonly RangeCommit[]) {
    this.commits = new Map(commits.map((commit) => [commit.oid, commit]));
    for (const commit of commits) this.number(commit.oid);
  }

  has(oid: string): boolean {
    return this.commits.has(oid);
  }

  parentsOf(oid: string): string[] {
    return this.commits.get(oid)!.parents;
  }

  generationOf(oid: string): number {
    return this.generations.get(oid)!;
  }

  /** Iterative, parents first: a long history would overflow the stack of a recursive walk. */
  private number(start: string): void {
    const stack = [start];
    while (stack.length > 0) {
      const oid = stack[stack.length - 1]!;
      if (this.generations.has(oid)) {
        stack.pop();
        continue;
      }
      const parents = this.parentsOf(oid).filter((parent) => this.commits.has(parent));
      const pending = parents.filter((parent) => !this.generations.has(parent));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      this.generations.set(oid, 1 + Math.max(0, ...parents.map((parent) => this.generations.get(parent)!)));
      stack.pop();
    }
  }
}

/** A binary max-heap of commits by generation. */
class GenerationQueue {
  private readonly heap: string[] = [];

  constructor(private readonly graph: RangeGraph) {}

  push(oid: string): void {
    const heap = this.heap;
    heap.push(oid);
    for (let at = heap.length - 1; at > 0; ) {
      const up = (at - 1) >> 1;
      if (this.gen(heap[up]!) >= this.gen(heap[at]!)) break;
      [heap[up], heap[at]] = [heap[at]!, heap[up]!];
      at = up;
    }
  }

  pop(): string | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    for (let at = 0; ; ) {
      const left = 2 * at + 1;
      const right = left + 1;
      let largest = at;
      if (left < heap.length && this.gen(heap[left]!) > this.gen(heap[largest]!)) largest = left;
      if (right < heap.length && this.gen(heap[right]!) > this.gen(heap[largest]!)) largest = right;
      if (largest === at) break;
      [heap[largest], heap[at]] = [heap[at]!, heap[largest]!];
      at = largest;
    }
    return top;
  }

  private gen(oid: string): number {
    return this.graph.generationOf(oid);
  }
}
