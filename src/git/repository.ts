/**
 * The repository layer's one entry point for the rest of the program. It puts the shared
 * algorithms (revision syntax, tag search, file lookup) on top of an engine's primitives.
 */
import { basename } from 'node:path';
import { CorruptObjectError, ShallowCloneError } from '../errors.js';
import { parseCommitObject, parseTagObject } from './commit-object.js';
import { describeTag, type GraphCommit, type TagCandidate } from './commit-walk.js';
import { readHeadRefName } from './discover.js';
import { parseRevision, REF_RULES, RevisionResolver } from './revision.js';
import { findPathInTree, listTree, type TreeEntry } from './tree-diff.js';
import type { CommitObject, EngineName, GitBackend, Oid, RangeCommit, TreeChange } from './types.js';

export class Repository {
  private readonly resolver: RevisionResolver;
  private readonly commits = new Map<Oid, CommitObject>();
  private tags: Promise<TagCandidate[]> | null = null;
  /** Tree listings by commit: the project, env and dependency analyzers all list TO; walk it once. */
  private readonly listings = new Map<Oid, Promise<readonly TreeEntry[]>>();

  constructor(private readonly backend: GitBackend) {
    this.resolver = new RevisionResolver(backend);
  }

  get engine(): EngineName {
    return this.backend.engine;
  }
  get gitdir(): string {
    return this.backend.gitdir;
  }
  get workdir(): string | null {
    return this.backend.workdir;
  }
  /** The working tree's folder name, or the bare repository's without `.git`. */
  get name(): string {
    return basename(this.backend.workdir ?? this.backend.gitdir.replace(/\/\.git$/, '')).replace(/\.git$/, '');
  }

  resolveCommit(rev: string): Promise<Oid> {
    return this.resolver.resolveCommit(rev);
  }

  async readCommit(oid: Oid): Promise<CommitObject> {
    let commit = this.commits.get(oid);
    if (!commit) {
      const object = await this.readObjectExplained(oid, 'commit');
      if (object.type !== 'commit') throw new CorruptObjectError(oid, `expected a commit, found a ${object.type}`);
      commit = parseCommitObject(oid, object.data);
      this.commits.set(oid, commit);
    }
    return commit;
  }

  async readBlob(oid: Oid): Promise<Buffer> {
    return (await this.backend.readObject(oid)).data;
  }

  /** The file at `path` in commit `commit`, or null when the path is absent or not a file. */
  async readFileAt(commit: Oid, path: string): Promise<Buffer | null> {
    const { tree } = await this.readCommit(commit);
    const entry = await findPathInTree((oid) => this.backend.readObject(oid), tree, path);
    if (!entry || entry.mode === '040000' || entry.mode === '160000') return null;
    return this.readBlob(entry.oid);
  }

  /** Every file, symlink and gitlink of a commit's tree, in `git ls-tree -r` order; shared, so not to be changed. */
  listFiles(commit: Oid): Promise<readonly TreeEntry[]> {
    let listing = this.listings.get(commit);
    if (!listing) {
      listing = this.readCommit(commit).then(({ tree }) => listTree((oid) => this.backend.readObject(oid), tree));
      this.listings.set(commit, listing);
    }
    return listing;
  }

  async isShallow(): Promise<boolean> {
    return (await this.backend.shallowCommits()).size > 0;
  }

  /** A commit's parents as git sees them: none for the boundary commits of a shallow clone. */
  async parentsOf(oid: Oid): Promise<Oid[]> {
    const commit = await this.readCommit(oid);
    return (await this.backend.shallowCommits()).has(oid) ? [] : commit.parents;
  }

  listRangeCommits(to: Oid, exclude: Oid[]): Promise<RangeCommit[]> {
    return this.backend.listRangeCommits(to, exclude);
  }

  mergeBase(a: Oid, b: Oid): Promise<Oid | null> {
    return this.backend.mergeBase(a, b);
  }

  isAncestor(ancestor: Oid, descendant: Oid): Promise<boolean> {
    return this.backend.isAncestor(ancestor, descendant);
  }

  diffCommits(from: Oid | null, to: Oid): Promise<TreeChange[]> {
    return this.backend.diffCommits(from, to);
  }

  /** `git describe --tags --abbrev=0 <commit>`: the nearest tag's short name, or null. */
  async nearestTag(commit: Oid): Promise<string | null> {
    return describeTag((oid) => this.readGraphCommit(oid), commit, await this.peeledTags());
  }

  /** Short names of the tags that point at `commit` (annotated tags peeled), sorted. */
  async tagsAt(commit: Oid): Promise<string[]> {
    if (this.backend.tagsPointingAt && !this.tags) return this.backend.tagsPointingAt(commit);
    return (await this.peeledTags())
      .filter((tag) => tag.commit === commit)
      .map((tag) => tag.name)
      .sort();
  }

  /**
   * The branch a revision is on, for report headers: `rev` itself when it names a branch; else the
   * local branches whose tip is `commit` (the checked-out one first); else the checked-out branch,
   * then `main`/`master`, then any local branch, whose history contains it; else null.
   */
  async branchOf(rev: string, commit: Oid): Promise<string | null> {
    const refs = await this.resolver.listRefs();
    const head = await readHeadRefName(this.gitdir);
    const parsed = parseRevision(rev);
    if (parsed && parsed.steps.length === 0) {
      // The ref the name resolves to, in git's lookup order: a tag of the same name wins over a branch.
      for (const rule of REF_RULES) {
        const name = rule.replace('%s', parsed.base);
        if (name === 'HEAD') {
          if (head) return head.slice('refs/heads/'.length);
          break;
        }
        if (!refs.has(name)) continue;
        const branch = /^refs\/(?:heads|remotes)\/(.+)$/.exec(name);
        if (branch) return branch[1]!;
        break;
      }
    }
    const local = [...refs.keys()].filter((name) => name.startsWith('refs/heads/'));
    const preference = (name: string) => (name === head ? 0 : name === 'refs/heads/main' ? 1 : name === 'refs/heads/master' ? 2 : 3);
    local.sort((a, b) => preference(a) - preference(b) || (a < b ? -1 : a > b ? 1 : 0));
    const short = (name: string) => name.slice('refs/heads/'.length);
    const atTip = local.find((name) => refs.get(name) === commit);
    if (atTip) return short(atTip);
    for (const name of local) {
      if (await this.backend.isAncestor(commit, refs.get(name)!)) return short(name);
    }
    return null;
  }

  private peeledTags(): Promise<TagCandidate[]> {
    this.tags ??= this.readPeeledTags();
    return this.tags;
  }

  private async readPeeledTags(): Promise<TagCandidate[]> {
    const refs = await this.resolver.listRefs();
    const names = [...refs.keys()].filter((name) => name.startsWith('refs/tags/'));
    // All at once: the native engine pipelines the reads through its one cat-file process.
    const peeled = await Promise.all(names.map((name) => this.peelTag(name, refs.get(name)!)));
    return peeled.filter((tag): tag is TagCandidate => tag !== null);
  }

  private async peelTag(name: string, oid: Oid): Promise<TagCandidate | null> {
    let target = oid;
    let priority: 1 | 2 = 1;
    let taggerDate = 0;
    let object = await this.backend.readObject(target);
    while (object.type === 'tag') {
      const tag = parseTagObject(target, object.data);
      if (priority === 1) taggerDate = tag.tagger?.timestamp ?? 0;
      priority = 2;
      target = tag.object;
      object = await this.backend.readObject(target);
    }
    return object.type === 'commit' ? { name: name.slice('refs/tags/'.length), commit: target, priority, taggerDate } : null;
  }

  async readGraphCommit(oid: Oid): Promise<GraphCommit> {
    const commit = await this.readCommit(oid);
    return { oid, parents: await this.parentsOf(oid), date: commit.committer.timestamp };
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  private async readObjectExplained(oid: Oid, what: string) {
    try {
      return await this.backend.readObject(oid);
    } catch (error) {
      if (error instanceof CorruptObjectError && (await this.isShallow())) throw new ShallowCloneError(`${what} ${oid}`);
      throw error;
    }
  }
}
