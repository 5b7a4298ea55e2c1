/**
 * Which workspaces reach each pinned version, for `--path` (LockfileContents.reachedFrom): a
 * breadth-first walk of a lockfile's dependency graph from each workspace's own dependencies. The
 * formats say what a node is and what it requires; a node that is no package of the lockfile (a
 * link to another workspace, an entry the file lacks) ends the walk there.
 */
import { packageKey } from './model.js';

export interface GraphWalk {
  /** Each workspace (its folder, as DirectDependency names it) with the nodes it requires directly. */
  starts: ReadonlyArray<{ workspace: string; nodes: readonly string[] }>;
  /** The nodes a node requires. */
  next(node: string): readonly string[];
  /** The package a node pins, or null when it is none of the lockfile's packages. */
  identify(node: string): { name: string; version: string } | null;
}

export function reachedFrom({ starts, next, identify }: GraphWalk): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  for (const { workspace, nodes } of starts) {
    const queue = [...nodes];
    const seen = new Set<string>();
    for (let at = 0; at < queue.length; at++) {
      const node = queue[at]!;
      if (seen.has(node)) continue;
      seen.add(node);
      const pinned = identify(node);
      if (pinned === null) continue;
      const key = packageKey(pinned.name, pinned.version);
      const workspaces = reached.get(key) ?? [];
      if (!workspaces.includes(workspace)) reached.set(key, [...workspaces, workspace]);
      queue.push(...next(node));
    }
  }
  return reached;
}
