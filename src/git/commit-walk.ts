/**
 * Commit-graph walks that reproduce git's own answers, for the engine that has no git executable:
 * `git rev-list TO ^FROM` (revision.c `limit_list`: date-ordered walk, uninteresting marks pushed
 * down to parents, stop once only uninteresting commits are queued plus a few for clock skew),
 * `git merge-base A B` (commit.c `paint_down_to_common` and redundant-base removal), and
 * `git describe --tags --abbrev=0` (describe.c candidate search). Following git's algorithms, not
 * just their definitions, keeps the order and the clock-skew behaviour identical to git.
 */
import { DateQueue } from './priority-queue.js';
import type { Oid } from './types.js';

export interface GraphCommit {
  oid: Oid;
  parents: Oid[];
  /** Committer timestamp, seconds. */
  date: number;
}

export type ReadGraphCommit = (oid: Oid) => Promise<GraphCommit>;

/** git's `SLOP`: extra uninteresting commits walked to survive clock skew. */
const SLOP = 5;

interface WalkNode extends GraphCommit {
  uninteresting: boolean;
  seen: boolean;
  added: boolean;
}

/** The oids of `git rev-list <include...> ^<exclude...>`, in git's default order. */
export async function revList(read: ReadGraphCommit, include: Oid[], exclude: Oid[]): Promise<Oid[]> {
  const nodes = new Map<Oid, WalkNode>();
  // git flags a parent it has not parsed yet; we remember such marks until the commit is read.
  const markedBeforeRead = new Set<Oid>();
  const node = async (oid: Oid): Promise<WalkNode> => {
    let found = nodes.get(oid);
    if (!found) {
      found = { ...(await read(oid)), uninteresting: markedBeforeRead.delete(oid), seen: false, added: false };
      nodes.set(oid, found);
    }
    return found;
  };
  const markParentsUninteresting = (start: WalkNode) => {
    const pending = [...start.parents];
    while (pending.length > 0) {
      const oid = pending.pop()!;
      const next = nodes.get(oid);
      if (!next) {
        markedBeforeRead.add(oid);
        continue;
      }
      if (next.uninteresting) continue;
      next.uninteresting = true;
      pending.push(...next.parents);
    }
  };
  const queue = new DateQueue<WalkNode>();
  const starts: WalkNode[] = [];
  for (const [oids, uninteresting] of [[include, false], [exclude, true]] as const) {
    for (const oid of oids) {
      const start = await node(oid);
      if (uninteresting) {
        start.uninteresting = true;
        markParentsUninteresting(start);
      }
      if (!start.seen) {
        start.seen = true;
        starts.push(start);
      }
    }
  }
  // prepare_revision_walk sorts the starting commits by date with a stable sort.
  starts.sort((a, b) => b.date - a.date).forEach((start) => queue.push(start));
  if (exclude.length === 0) {
    // Without exclusions git does not limit the walk: commits come out in pop order.
    const out: Oid[] = [];
    for (let commit = queue.pop(); commit; commit = queue.pop()) {
      out.push(commit.oid);
      for (const parentOid of commit.parents) {
        const parent = await node(parentOid);
        if (parent.seen) continue;
        parent.seen = true;
        queue.push(parent);
      }
    }
    return out;
  }

  const popped: WalkNode[] = [];
  let lastDate = Number.POSITIVE_INFINITY;
  let slop = SLOP;
  let interestingCache: WalkNode | null = null;
  const everybodyUninteresting = () => {
    if (interestingCache && !interestingCache.uninteresting && queue.items().includes(interestingCache)) return false;
    for (const queued of queue.items()) {
      if (!queued.uninteresting) {
        interestingCache = queued;
        return false;
      }
    }
    return true;
  };
  const stillInteresting = (): number => {
    const head = queue.peek();
    if (!head) return 0;
    if (lastDate <= head.date) return SLOP;
    if (!everybodyUninteresting()) return SLOP;
    return slop - 1;
  };

  for (let commit = queue.pop(); commit; commit = queue.pop()) {
    await processParents(commit);
    if (commit.uninteresting) {
      markParentsUninteresting(commit);
      slop = stillInteresting();
      if (slop) continue;
      break;
    }
    lastDate = commit.date;
    popped.push(commit);
  }
  // A commit can be found uninteresting after it was popped; git filters those at output time.
  return popped.filter((commit) => !commit.uninteresting).map((commit) => commit.oid);

  async function processParents(commit: WalkNode): Promise<void> {
    if (commit.added) return;
    commit.added = true;
    for (const parentOid of commit.parents) {
      const parent = await node(parentOid);
      if (commit.uninteresting) {
        parent.uninteresting = true;
        markParentsUninteresting(parent);
      }
      if (parent.seen) continue;
      parent.seen = true;
      queue.push(parent);
    }
  }
}

/** `git merge-base A B`: the newest of the best common ancestors, or null for unrelated histories. */
export async function mergeBase(read: ReadGraphCommit, a: Oid, b: Oid): Promise<Oid | null> {
  const bases = await mergeBases(read, a, b);
  return bases[0] ?? null;
}

const PARENT1 = 1;
const PARENT2 = 2;
const STALE = 4;
const RESULT = 8;

export async function mergeBases(read: ReadGraphCommit, a: Oid, b: Oid): Promise<Oid[]> {
  if (a === b) return [a];
  const candidates = await paintDownToCommon(read, a, [b]);
  if (candidates.length <= 1) return candidates.map((c) => c.oid);
  // Drop every candidate that is an ancestor of another one.
  const kept: GraphCommit[] = [];
  for (const candidate of candidates) {
    let redundant = false;
    for (const other of candidates) {
      if (other === candidate) continue;
      if (await isAncestor(read, candidate.oid, other.oid)) {
        redundant = true;
        break;
      }
    }
    if (!redundant) kept.push(candidate);
  }
  return stableByDateDesc(kept).map((c) => c.oid);
}

async function paintDownToCommon(read: ReadGraphCommit, one: Oid, twos: Oid[]): Promise<GraphCommit[]> {
  const flags = new Map<Oid, number>();
  const commits = new Map<Oid, GraphCommit>();
  const load = async (oid: Oid) => {
    let commit = commits.get(oid);
    if (!commit) {
      commit = await read(oid);
      commits.set(oid, commit);
    }
    return commit;
  };
  const queue = new DateQueue<GraphCommit>();
  flags.set(one, PARENT1);
  queue.push(await load(one));
  for (const two of twos) {
    flags.set(two, (flags.get(two) ?? 0) | PARENT2);
    queue.push(await load(two));
  }
  const result: GraphCommit[] = [];
  const hasNonStale = () => queue.items().some((c) => !((flags.get(c.oid) ?? 0) & STALE));
  while (hasNonStale()) {
    const commit = queue.pop()!;
    let own = (flags.get(commit.oid) ?? 0) & (PARENT1 | PARENT2 | STALE);
    if (own === (PARENT1 | PARENT2)) {
      if (!((flags.get(commit.oid) ?? 0) & RESULT)) {
        flags.set(commit.oid, (flags.get(commit.oid) ?? 0) | RESULT);
        result.push(commit);
      }
      own |= STALE;
    }
    for (const parentOid of commit.parents) {
      const parentFlags = flags.get(parentOid) ?? 0;
      if ((parentFlags & own) === own) continue;
      flags.set(parentOid, parentFlags | own);
      queue.push(await load(parentOid));
    }
  }
  return stableByDateDesc(result.filter((c) => !((flags.get(c.oid) ?? 0) & STALE)));
}

function stableByDateDesc<T extends GraphCommit>(commits: T[]): T[] {
  return commits
    .map((commit, index) => ({ commit, index }))
    .sort((x, y) => y.commit.date - x.commit.date || x.index - y.index)
    .map(({ commit }) => commit);
}

/** True when `ancestor` is reachable from `descendant` (or is it), found as git does, by painting down to the common ancestors. */
export async function isAncestor(read: ReadGraphCommit, ancestor: Oid, descendant: Oid): Promise<boolean> {
  if (ancestor === descendant) return true;
  const common = await paintDownToCommon(read, ancestor, [descendant]);
  return common.some((commit) => commit.oid === ancestor);
}

export interface TagCandidate {
  /** Short tag name, e.g. `v1.2.0`. */
  name: string;
  /** The commit the tag points at, peeled. */
  commit: Oid;
  /** 2 for an annotated tag, 1 for a lightweight one (git describe's priorities). */
  priority: 1 | 2;
  /** Tagger timestamp of an annotated tag, for choosing among several on one commit. */
  taggerDate: number;
}

const MAX_CANDIDATES = 10;

/**
 * `git describe --tags --abbrev=0 <start>`: the tag git would name, found by git's own search
 * (date-ordered walk, up to ten candidates, fewest commits not contained in the tag wins).
 */
export async function describeTag(read: ReadGraphCommit, start: Oid, tags: TagCandidate[]): Promise<string | null> {
  const names = new Map<Oid, TagCandidate>();
  for (const tag of tags) {
    const current = names.get(tag.commit);
    // describe.c replace_name: annotated beats lightweight; among annotated the newest tagger date.
    const replace = !current || current.priority < tag.priority || (current.priority === 2 && tag.priority === 2 && current.taggerDate < tag.taggerDate);
    if (replace) names.set(tag.commit, tag);
  }
  if (names.size === 0) return null;

  interface Match {
    tag: TagCandidate;
    depth: number;
    flag: number;
    order: number;
  }
  const matches: Match[] = [];
  const within = new Map<Oid, number>();
  const seen = new Set<Oid>([start]);
  const queue = new DateQueue<GraphCommit>();
  queue.push(await read(start));
  let seenCommits = 0;
  let annotated = 0;
  for (let commit = queue.pop(); commit; commit = queue.pop()) {
    seenCommits++;
    const tag = names.get(commit.oid);
    if (tag) {
      if (matches.length >= MAX_CANDIDATES) break;
      const match = { tag, depth: seenCommits - 1, flag: 1 << (matches.length + 1), order: matches.length + 1 };
      matches.push(match);
      within.set(commit.oid, (within.get(commit.oid) ?? 0) | match.flag);
      if (tag.priority === 2) annotated++;
    }
    const flags = within.get(commit.oid) ?? 0;
    for (const match of matches) if (!(flags & match.flag)) match.depth++;
    if (annotated > 0 && queue.size === 0) {
      let bestDepth = Number.POSITIVE_INFINITY;
      let bestWithin = 0;
      for (const match of matches) {
        if (match.depth < bestDepth) {
          bestDepth = match.depth;
          bestWithin = match.flag;
        } else if (match.depth === bestDepth) bestWithin |= match.flag;
      }
      if ((flags & bestWithin) === bestWithin) break;
    }
    for (const parentOid of commit.parents) {
      if (!seen.has(parentOid)) {
        seen.add(parentOid);
        queue.push(await read(parentOid));
      }
      within.set(parentOid, (within.get(parentOid) ?? 0) | flags);
    }
  }
  if (matches.length === 0) return null;
  matches.sort((x, y) => x.depth - y.depth || x.order - y.order);
  return matches[0]!.tag.name;
}
