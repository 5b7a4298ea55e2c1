/**
 * The contract of the repository layer: the only code that touches git. Two engines implement
 * `Repository` (native git executable, isomorphic-git with a lean pack reader) and must return
 * identical values for the same repository.
 */

export type Oid = string;

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  type: ObjectType;
  data: Buffer;
}

/** A person line of a commit or tag object, as git stores it. */
export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** The author's own time zone as git stores it, for example `+0200`. */
  timezone: string;
  /** ISO 8601 in the signature's own time zone, for example `2024-03-01T10:00:00+02:00`. */
  date: string;
}

export interface CommitObject {
  oid: Oid;
  tree: Oid;
  parents: Oid[];
  author: Signature;
  committer: Signature;
  /** The raw message (subject, blank line, body), without the header. */
  message: string;
}

/** Tree entry modes, as octal strings the way git prints them. */
export type FileMode = '100644' | '100755' | '120000' | '160000' | '040000';

export type EntryKind = 'file' | 'symlink' | 'submodule';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'typechanged';

/** One path's net change between two trees, with git's line counts. */
export interface TreeChange {
  path: string;
  /** The path in the old tree, for renames only. */
  oldPath?: string;
  status: ChangeStatus;
  oldMode: FileMode | null;
  newMode: FileMode | null;
  oldOid: Oid | null;
  newOid: Oid | null;
  /** Rename similarity in percent (100 for an exact rename), renames only. */
  similarity?: number;
  /** Lines added and removed, as `git diff --numstat`; null for binary files. */
  additions: number | null;
  deletions: number | null;
  binary: boolean;
}

/** A commit of the range together with its own line counts against its first parent. */
export interface RangeCommit extends CommitObject {
  /**
   * Lines added and removed by this commit against its first parent, as `git log --numstat -M`
   * counts them (binary files count 0); null for merge commits, which git log shows no diff for.
   */
  additions: number | null;
  deletions: number | null;
  /** The paths it changed against its first parent (both sides of a rename), sorted; empty for merges. */
  paths: string[];
}

export interface Ref {
  /** Full name, for example `refs/tags/v1.0.0`. */
  name: string;
  /** What the ref points at (a tag object for annotated tags). */
  oid: Oid;
}

export type EngineName = 'git' | 'isomorphic';

/**
 * What an engine must provide. Everything else (revision syntax, reading files at a commit,
 * commit parsing) is shared code in `repository.ts` on top of these, so both engines resolve and
 * parse identically by construction.
 */
export interface GitBackend {
  readonly engine: EngineName;
  /** The .git directory (or the bare repository). */
  readonly gitdir: string;
  /** The working tree, null for a bare repository. */
  readonly workdir: string | null;
  /** Reads any object. Throws CorruptObjectError when it is missing or unreadable. */
  readObject(oid: Oid): Promise<GitObject>;
  /** Every object id starting with `prefix` (4 to 40 lower-case hex digits), sorted. */
  expandOidPrefix(prefix: string): Promise<Oid[]>;
  /** All refs under refs/ (heads, remotes, tags, and others), sorted by name; symbolic refs resolved. */
  listRefs(): Promise<Ref[]>;
  /** What HEAD points at, or null on an unborn branch. */
  readHead(): Promise<Oid | null>;
  /** The boundary commits of a shallow clone (git treats them as parentless); empty when not shallow. */
  shallowCommits(): Promise<ReadonlySet<Oid>>;
  /**
   * The commits of `git rev-list TO ^EXCLUDE...` in git's default order, each with its own line
   * counts as `git log --numstat -M` gives them.
   */
  listRangeCommits(to: Oid, exclude: Oid[]): Promise<RangeCommit[]>;
  /** `git merge-base A B`: the first best common ancestor, or null when unrelated. */
  mergeBase(a: Oid, b: Oid): Promise<Oid | null>;
  /** `git merge-base --is-ancestor A B`: whether A is B or one of its ancestors. */
  isAncestor(ancestor: Oid, descendant: Oid): Promise<boolean>;
  /**
   * A fast path an engine may offer: short names of the tags pointing at a commit (annotated tags
   * peeled), sorted, like `git tag --points-at`. Without it, the shared code peels every tag.
   */
  tagsPointingAt?(commit: Oid): Promise<string[]>;
  /** `git diff -M --numstat --raw FROM TO` between two commits' trees; `from` null means the empty tree. */
  diffCommits(from: Oid | null, to: Oid): Promise<TreeChange[]>;
  /** Releases child processes, file handles and caches. */
  close(): Promise<void>;
}
