/**
 * The embedded engine: no git executable needed. isomorphic-git reads the repository config;
 * objects come from a lean pack reader, because isomorphic-git's object layer loads and hashes
 * whole packs before the first read (about a second and 600 MB on a large repository), and refs
 * from the ref files, because its resolveRef re-parses packed-refs on every call. Walks, tree
 * diffs, rename detection and line counts reproduce git's own behaviour.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import { CorruptObjectError, UsageError } from '../../errors.js';
import { parseCommitObject } from '../commit-object.js';
import { isAncestor, mergeBase, revList, type GraphCommit } from '../commit-walk.js';
import { discoverGitDir, readShallowCommits, type GitLocation } from '../discover.js';
import { countLineChanges, isBinary } from '../line-diff.js';
import { detectRenames } from '../renames.js';
import { sortedUnique } from '../sorted-unique.js';
import { diffTrees, type RawChange } from '../tree-diff.js';
import type { CommitObject, FileMode, GitBackend, GitObject, Oid, RangeCommit, Ref, TreeChange } from '../types.js';
import { ObjectStore } from './object-store.js';
import { readAllRefs, readHeadOid } from './refs.js';

export async function openIsomorphicBackend(dir: string): Promise<GitBackend> {
  const location = discoverGitDir(dir);
  await checkRepositoryFormat(location.commondir);
  const store = await ObjectStore.open(location.commondir);
  return new IsomorphicBackend(location, store);
}

const EMPTY = Buffer.alloc(0);

/**
 * The embedded engine reads SHA-1 repositories only; git's config format (sections, quoting,
 * includes) is parsed by isomorphic-git rather than by hand.
 */
async function checkRepositoryFormat(commondir: string): Promise<void> {
  const format = await git.getConfig({ fs, gitdir: commondir, path: 'extensions.objectformat' }).catch(() => undefined);
  if (format !== undefined && String(format).toLowerCase() !== 'sha1') {
    throw new UsageError(`this repository uses ${String(format)} object ids, which the embedded engine cannot read; use --engine git`);
  }
}

class IsomorphicBackend implements GitBackend {
  readonly engine = 'isomorphic' as const;
  readonly gitdir: string;
  readonly workdir: string | null;
  private readonly commondir: string;
  private readonly commits = new Map<Oid, CommitObject>();
  private shallow: Promise<ReadonlySet<Oid>> | null = null;

  constructor(
    location: GitLocation,
    private readonly store: ObjectStore,
  ) {
    this.gitdir = location.gitdir;
    this.workdir = location.workdir;
    this.commondir = location.commondir;
  }

  readObject(oid: Oid): Promise<GitObject> {
    return this.store.read(oid);
  }

  expandOidPrefix(prefix: string): Promise<Oid[]> {
    return this.store.expandPrefix(prefix);
  }

  listRefs(): Promise<Ref[]> {
    return readAllRefs(this.commondir);
  }

  readHead(): Promise<Oid | null> {
    return readHeadOid(this.gitdir, this.commondir);
  }

  shallowCommits(): Promise<ReadonlySet<Oid>> {
    this.shallow ??= readShallowCommits(this.commondir);
    return this.shallow;
  }

  async listRangeCommits(to: Oid, exclude: Oid[]): Promise<RangeCommit[]> {
    const oids = await revList((oid) => this.readGraphCommit(oid), [to], exclude);
    const out: RangeCommit[] = [];
    for (const oid of oids) {
      const commit = await this.readCommit(oid);
      const parents = await this.effectiveParents(commit);
      if (parents.length > 1) {
        out.push({ ...commit, additions: null, deletions: null, paths: [] });
        continue;
      }
      const changes = await this.diffCommits(parents[0] ?? null, oid);
      let additions = 0;
      let deletions = 0;
      const paths: string[] = [];
      for (const change of changes) {
        additions += change.additions ?? 0;
        deletions += change.deletions ?? 0;
        paths.push(change.path);
        if (change.oldPath) paths.push(change.oldPath);
      }
      out.push({ ...commit, additions, deletions, paths: sortedUnique(paths) });
    }
    return out;
  }

  mergeBase(a: Oid, b: Oid): Promise<Oid | null> {
    return mergeBase((oid) => this.readGraphCommit(oid), a, b);
  }

  isAncestor(ancestor: Oid, descendant: Oid): Promise<boolean> {
    return isAncestor((oid) => this.readGraphCommit(oid), ancestor, descendant);
  }

  async diffCommits(from: Oid | null, to: Oid): Promise<TreeChange[]> {
    const read = (oid: Oid) => this.store.read(oid);
    const oldTree = from ? (await this.readCommit(from)).tree : null;
    const newTree = (await this.readCommit(to)).tree;
    const raw = await diffTrees(read, oldTree, newTree);
    const deleted = raw.filter((c) => c.status === 'D').map((c) => ({ path: c.path, oid: c.oldOid!, mode: c.oldMode! }));
    const added = raw.filter((c) => c.status === 'A').map((c) => ({ path: c.path, oid: c.newOid!, mode: c.newMode! }));
    const { pairs } = await detectRenames(deleted, added, async (oid) => (await read(oid)).data);
    const renamedFrom = new Set(pairs.map((p) => p.from.path));
    const renamedTo = new Map(pairs.map((p) => [p.to.path, p]));

    const changes: TreeChange[] = [];
    for (const change of raw) {
      if (change.status === 'D' && renamedFrom.has(change.path)) continue;
      const pair = change.status === 'A' ? renamedTo.get(change.path) : undefined;
      if (pair) {
        const counts = await this.countLines(pair.from.oid, pair.from.mode as FileMode, pair.to.oid, pair.to.mode as FileMode);
        changes.push({
          path: pair.to.path,
          oldPath: pair.from.path,
          status: 'renamed',
          oldMode: pair.from.mode as FileMode,
          newMode: pair.to.mode as FileMode,
          oldOid: pair.from.oid,
          newOid: pair.to.oid,
          similarity: pair.similarity,
          ...counts,
        });
        continue;
      }
      changes.push({ ...toTreeChange(change), ...(await this.countLines(change.oldOid, change.oldMode, change.newOid, change.newMode)) });
    }
    return changes;
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private async countLines(oldOid: Oid | null, oldMode: FileMode | null, newOid: Oid | null, newMode: FileMode | null): Promise<Pick<TreeChange, 'additions' | 'deletions' | 'binary'>> {
    if (oldOid === newOid && oldMode === newMode) return { additions: 0, deletions: 0, binary: false };
    const [before, after] = await Promise.all([this.content(oldOid, oldMode), this.content(newOid, newMode)]);
    if (isBinary(before) || isBinary(after)) return { additions: null, deletions: null, binary: true };
    return { ...countLineChanges(before, after), binary: false };
  }

  /** What git diffs for an entry: the blob, or for a submodule the line git shows for its commit. */
  private async content(oid: Oid | null, mode: FileMode | null): Promise<Buffer> {
    if (!oid || !mode) return EMPTY;
    if (mode === '160000') return Buffer.from(`Subproject commit ${oid}\n`);
    return (await this.store.read(oid)).data;
  }

  private async readCommit(oid: Oid): Promise<CommitObject> {
    let commit = this.commits.get(oid);
    if (!commit) {
      const object = await this.store.read(oid);
      if (object.type !== 'commit') throw new CorruptObjectError(oid, `expected a commit, found a ${object.type}`);
      commit = parseCommitObject(oid, object.data);
      this.commits.set(oid, commit);
    }
    return commit;
  }

  /** A shallow clone's boundary commits have no parents, as git treats them. */
  private async effectiveParents(commit: CommitObject): Promise<Oid[]> {
    return (await this.shallowCommits()).has(commit.oid) ? [] : commit.parents;
  }

  private async readGraphCommit(oid: Oid): Promise<GraphCommit> {
    const commit = await this.readCommit(oid);
    return { oid, parents: await this.effectiveParents(commit), date: commit.committer.timestamp };
  }

}

const STATUS: Record<RawChange['status'], TreeChange['status']> = { A: 'added', D: 'deleted', M: 'modified', T: 'typechanged' };

function toTreeChange(change: RawChange): Omit<TreeChange, 'additions' | 'deletions' | 'binary'> {
  return { path: change.path, status: STATUS[change.status], oldMode: change.oldMode, newMode: change.newMode, oldOid: change.oldOid, newOid: change.newOid };
}

