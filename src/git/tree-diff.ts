/**
 * The raw difference of two trees, entry for entry what `git diff-tree -r --no-renames --raw`
 * prints, over any object reader (so both engines, and tests, can use it).
 * Tree format: https://git-scm.com/docs/gitformat-index (entries `<octal mode> <name>\0<id>`, the id
 * 20 bytes in SHA-1 repositories and 32 in SHA-256 ones);
 * the walk follows git's tree-diff.c: both trees are merged in git's entry order, where a
 * directory sorts as if its name ended in '/'.
 *
 * Paths: names are compared and joined as raw bytes; the returned `path` is their UTF-8 decoding.
 * A name that is not valid UTF-8 cannot be represented exactly in a JS string: its invalid bytes
 * become U+FFFD, exactly as decoding git's own `-z` output as UTF-8 would give.
 */
import { CorruptObjectError } from '../errors.js';
import type { FileMode, GitObject, Oid } from './types.js';

export interface RawChange {
  path: string;
  /** A added, D deleted, M modified (content or executable bit), T type changed (file, symlink, submodule). */
  status: 'A' | 'D' | 'M' | 'T';
  oldMode: FileMode | null;
  newMode: FileMode | null;
  oldOid: Oid | null;
  newOid: Oid | null;
}

export type ReadObject = (oid: Oid) => Promise<GitObject>;

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFGITLINK = 0o160000;

/**
 * A position in a tree object and the entry parsed there. Mutable and reused entry after entry:
 * the diff of two big, nearly identical trees then allocates nothing per unchanged entry.
 */
class TreeCursor {
  /** Start of the current entry; `data.length` when done. */
  pos = 0;
  nameStart = 0;
  nameEnd = 0;
  /** Canonical mode, as git's canon_mode() makes it. */
  mode = 0;
  oidStart = 0;
  /** Entry ids are as long as the tree's own: 20 bytes (SHA-1) or 32 (SHA-256). */
  readonly oidBytes: number;

  constructor(
    readonly oid: Oid,
    readonly data: Buffer,
  ) {
    this.oidBytes = oid.length === 64 ? 32 : 20;
  }

  get done(): boolean {
    return this.pos >= this.data.length;
  }

  /** Parses the entry at `pos`: `<octal mode> <name>\0<id>`. */
  parse(): void {
    const { data, pos } = this;
    let mode = 0;
    let p = pos;
    for (; p < data.length && data[p] !== 0x20; p++) {
      const digit = data[p]! - 0x30;
      if (digit < 0 || digit > 7 || p - pos >= 7) throw new CorruptObjectError(this.oid, `malformed mode in tree entry at byte ${pos}`);
      mode = mode * 8 + digit;
    }
    const nul = data.indexOf(0, p + 1);
    if (p === pos || p >= data.length || nul === -1 || nul === p + 1 || nul + 1 + this.oidBytes > data.length) {
      throw new CorruptObjectError(this.oid, `truncated or malformed tree entry at byte ${pos}`);
    }
    this.nameStart = p + 1;
    this.nameEnd = nul;
    this.mode = canonicalMode(mode);
    this.oidStart = nul + 1;
  }

  /** Moves past the parsed entry. */
  next(): void {
    this.pos = this.oidStart + this.oidBytes;
  }

  get entryOid(): Oid {
    return this.data.toString('hex', this.oidStart, this.oidStart + this.oidBytes);
  }

  path(prefix: string): string {
    return prefix + this.data.toString('utf8', this.nameStart, this.nameEnd);
  }
}

/** Every change between two trees (null: the empty tree), in `git diff-tree -r` order. */
export async function diffTrees(read: ReadObject, oldTree: Oid | null, newTree: Oid | null): Promise<RawChange[]> {
  const changes: RawChange[] = [];
  if (oldTree === newTree) return changes;
  await diffTreeLevel(read, oldTree, newTree, '', changes);
  return changes;
}

const NO_ENTRIES = Buffer.alloc(0);

async function diffTreeLevel(read: ReadObject, oldTree: Oid | null, newTree: Oid | null, prefix: string, out: RawChange[]): Promise<void> {
  const a = new TreeCursor(oldTree ?? '', oldTree ? await readTree(read, oldTree) : NO_ENTRIES);
  const b = new TreeCursor(newTree ?? '', newTree ? await readTree(read, newTree) : NO_ENTRIES);
  while (!a.done || !b.done) {
    if (!a.done && !b.done) {
      // Fast path: byte-identical entries (same mode, name and id) are unchanged; skip unparsed.
      const same = identicalEntryLength(a.data, a.pos, b.data, b.pos, a.oidBytes);
      if (same > 0) {
        a.pos += same;
        b.pos += same;
        continue;
      }
    }
    if (!a.done) a.parse();
    if (!b.done) b.parse();
    const order = a.done ? 1 : b.done ? -1 : compareEntries(a, b);
    if (order < 0) {
      await emitOneSide(read, a, 'D', prefix, out);
      a.next();
    } else if (order > 0) {
      await emitOneSide(read, b, 'A', prefix, out);
      b.next();
    } else {
      // Same name and both trees, or both non-trees (base_name_compare keeps a file and a directory apart).
      const unchanged = a.mode === b.mode && sameOid(a, b);
      if (!unchanged && a.mode === S_IFDIR) {
        await diffTreeLevel(read, a.entryOid, b.entryOid, a.path(prefix) + '/', out);
      } else if (!unchanged) {
        out.push({
          path: a.path(prefix),
          status: (a.mode & S_IFMT) === (b.mode & S_IFMT) ? 'M' : 'T',
          oldMode: modeString(a.mode),
          newMode: modeString(b.mode),
          oldOid: a.entryOid,
          newOid: b.entryOid,
        });
      }
      a.next();
      b.next();
    }
  }
}

/** An entry present on one side only: a file is one change, a directory all the files below it. */
async function emitOneSide(read: ReadObject, entry: TreeCursor, status: 'A' | 'D', prefix: string, out: RawChange[]): Promise<void> {
  const path = entry.path(prefix);
  const oid = entry.entryOid;
  if (entry.mode === S_IFDIR) {
    await diffTreeLevel(read, status === 'D' ? oid : null, status === 'A' ? oid : null, path + '/', out);
    return;
  }
  const mode = modeString(entry.mode);
  out.push(status === 'A' ? { path, status, oldMode: null, newMode: mode, oldOid: null, newOid: oid } : { path, status, oldMode: mode, newMode: null, oldOid: oid, newOid: null });
}

/** The byte length of the entry at `pa` when the entry at `pb` is byte for byte the same, else 0. */
function identicalEntryLength(da: Buffer, pa: number, db: Buffer, pb: number, oidBytes: number): number {
  let i = pa;
  let j = pb;
  const endA = da.length;
  const endB = db.length;
  for (;;) {
    if (i >= endA || j >= endB) return 0;
    const byte = da[i]!;
    if (byte !== db[j]) return 0;
    if (byte === 0) break;
    i++;
    j++;
  }
  if (i + 1 + oidBytes > endA || j + 1 + oidBytes > endB) return 0;
  for (let k = 1; k <= oidBytes; k++) if (da[i + k] !== db[j + k]) return 0;
  return i + 1 + oidBytes - pa;
}

export interface TreeEntry {
  path: string;
  oid: Oid;
  mode: FileMode;
}

/** Every non-tree entry below `tree` (files, symlinks, gitlinks), in `git ls-tree -r` order. */
export async function listTree(read: ReadObject, tree: Oid): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  const walk = async (oid: Oid, prefix: string): Promise<void> => {
    const cursor = new TreeCursor(oid, await readTree(read, oid));
    for (; !cursor.done; cursor.next()) {
      cursor.parse();
      if (cursor.mode === S_IFDIR) await walk(cursor.entryOid, `${cursor.path(prefix)}/`);
      else out.push({ path: cursor.path(prefix), oid: cursor.entryOid, mode: modeString(cursor.mode) });
    }
  };
  await walk(tree, '');
  return out;
}

/**
 * The entry at `path` (slash-separated, no leading slash) below `tree`, or null when some part of
 * the path is missing or is not a directory. The empty path is the tree itself.
 */
export async function findPathInTree(read: ReadObject, tree: Oid, path: string): Promise<{ oid: Oid; mode: FileMode } | null> {
  const parts = path.split('/').filter((part) => part !== '');
  let oid = tree;
  let mode = S_IFDIR;
  for (const part of parts) {
    if (mode !== S_IFDIR) return null;
    const wanted = Buffer.from(part, 'utf8');
    const cursor = new TreeCursor(oid, await readTree(read, oid));
    let found = false;
    for (; !cursor.done; cursor.next()) {
      cursor.parse();
      if (cursor.nameEnd - cursor.nameStart === wanted.length && cursor.data.compare(wanted, 0, wanted.length, cursor.nameStart, cursor.nameEnd) === 0) {
        found = true;
        break;
      }
    }
    if (!found) return null;
    oid = cursor.entryOid;
    mode = cursor.mode;
  }
  return { oid, mode: modeString(mode) };
}

async function readTree(read: ReadObject, oid: Oid): Promise<Buffer> {
  const object = await read(oid);
  if (object.type !== 'tree') throw new CorruptObjectError(oid, `expected a tree, found a ${object.type}`);
  return object.data;
}

/** git's canon_mode(): any regular file is 644 or 755 by its owner-execute bit; unknown types are gitlinks. */
function canonicalMode(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return mode & 0o100 ? 0o100755 : 0o100644;
    case S_IFLNK:
      return S_IFLNK;
    case S_IFDIR:
      return S_IFDIR;
    default:
      return S_IFGITLINK;
  }
}

function modeString(mode: number): FileMode {
  return mode.toString(8).padStart(6, '0') as FileMode;
}

/** git's base_name_compare(): byte order, a directory name compared as if it ended in '/'. */
function compareEntries(a: TreeCursor, b: TreeCursor): number {
  const lenA = a.nameEnd - a.nameStart;
  const lenB = b.nameEnd - b.nameStart;
  const len = lenA < lenB ? lenA : lenB;
  const da = a.data;
  const db = b.data;
  for (let k = 0; k < len; k++) {
    const diff = da[a.nameStart + k]! - db[b.nameStart + k]!;
    if (diff !== 0) return diff;
  }
  const ca = lenA > len ? da[a.nameStart + len]! : a.mode === S_IFDIR ? 0x2f : 0;
  const cb = lenB > len ? db[b.nameStart + len]! : b.mode === S_IFDIR ? 0x2f : 0;
  return ca - cb;
}

function sameOid(a: TreeCursor, b: TreeCursor): boolean {
  for (let k = 0; k < a.oidBytes; k++) if (a.data[a.oidStart + k] !== b.data[b.oidStart + k]) return false;
  return true;
}
