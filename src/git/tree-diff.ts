/**
 * The raw difference of two trees, entry for entry what `git diff-tree -r --no-renames --raw`
 * prints, over any object reader (so both engines, and tests, can use it).
 * Tree format: https://git-scm.com/docs/gitformat-index (entries `<octal mode> <name>\0<20-byte id>`);
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

/** One entry of a parsed tree; the name and id stay in the tree's buffer. */
interface TreeEntry {
  data: Buffer;
  nameStart: number;
  nameEnd: number;
  /** Canonical mode, as git's canon_mode() makes it. */
  mode: number;
  oidStart: number;
}

/** Every change between two trees (null: the empty tree), in `git diff-tree -r` order. */
export async function diffTrees(read: ReadObject, oldTree: Oid | null, newTree: Oid | null): Promise<RawChange[]> {
  const changes: RawChange[] = [];
  if (oldTree === newTree) return changes;
  await diffTreeLevel(read, oldTree, newTree, '', changes);
  return changes;
}

async function diffTreeLevel(read: ReadObject, oldTree: Oid | null, newTree: Oid | null, prefix: string, out: RawChange[]): Promise<void> {
  const before = oldTree ? await readTree(read, oldTree) : [];
  const after = newTree ? await readTree(read, newTree) : [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const a = before[i];
    const b = after[j];
    const order = !a ? 1 : !b ? -1 : compareEntries(a, b);
    if (order < 0) {
      await emitOneSide(read, a!, 'D', prefix, out);
      i++;
    } else if (order > 0) {
      await emitOneSide(read, b!, 'A', prefix, out);
      j++;
    } else {
      i++;
      j++;
      // Same name and both trees, or both non-trees (base_name_compare keeps a file and a directory apart).
      if (a!.mode === b!.mode && sameOid(a!, b!)) continue;
      if (a!.mode === S_IFDIR) {
        await diffTreeLevel(read, oidOf(a!), oidOf(b!), pathOf(prefix, a!) + '/', out);
        continue;
      }
      out.push({
        path: pathOf(prefix, a!),
        status: (a!.mode & S_IFMT) === (b!.mode & S_IFMT) ? 'M' : 'T',
        oldMode: modeString(a!.mode),
        newMode: modeString(b!.mode),
        oldOid: oidOf(a!),
        newOid: oidOf(b!),
      });
    }
  }
}

/** An entry present on one side only: a file is one change, a directory all the files below it. */
async function emitOneSide(read: ReadObject, entry: TreeEntry, status: 'A' | 'D', prefix: string, out: RawChange[]): Promise<void> {
  const path = pathOf(prefix, entry);
  if (entry.mode === S_IFDIR) {
    const oid = oidOf(entry);
    await diffTreeLevel(read, status === 'D' ? oid : null, status === 'A' ? oid : null, path + '/', out);
    return;
  }
  const mode = modeString(entry.mode);
  const oid = oidOf(entry);
  out.push(status === 'A' ? { path, status, oldMode: null, newMode: mode, oldOid: null, newOid: oid } : { path, status, oldMode: mode, newMode: null, oldOid: oid, newOid: null });
}

/**
 * The entry at `path` (slash-separated, no leading slash) below `tree`, or null when some part of
 * the path is missing or is not a directory. The empty path is the tree itself.
 */
export async function findPathInTree(read: ReadObject, tree: Oid, path: string): Promise<{ oid: Oid; mode: FileMode } | null> {
  const parts = path.split('/').filter((part) => part !== '');
  let current: { oid: Oid; mode: number } = { oid: tree, mode: S_IFDIR };
  for (const part of parts) {
    if (current.mode !== S_IFDIR) return null;
    const wanted = Buffer.from(part, 'utf8');
    const entries = await readTree(read, current.oid);
    const found = entries.find((e) => e.nameEnd - e.nameStart === wanted.length && e.data.compare(wanted, 0, wanted.length, e.nameStart, e.nameEnd) === 0);
    if (!found) return null;
    current = { oid: oidOf(found), mode: found.mode };
  }
  return { oid: current.oid, mode: modeString(current.mode) };
}

async function readTree(read: ReadObject, oid: Oid): Promise<TreeEntry[]> {
  const object = await read(oid);
  if (object.type !== 'tree') throw new CorruptObjectError(oid, `expected a tree, found a ${object.type}`);
  return parseTree(oid, object.data);
}

function parseTree(oid: Oid, data: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let pos = 0;
  while (pos < data.length) {
    let mode = 0;
    let p = pos;
    for (; p < data.length && data[p] !== 0x20; p++) {
      const digit = data[p]! - 0x30;
      if (digit < 0 || digit > 7 || p - pos >= 7) throw new CorruptObjectError(oid, `malformed mode in tree entry at byte ${pos}`);
      mode = mode * 8 + digit;
    }
    const nul = data.indexOf(0, p + 1);
    if (p === pos || p >= data.length || nul === -1 || nul === p + 1 || nul + 21 > data.length) {
      throw new CorruptObjectError(oid, `truncated or malformed tree entry at byte ${pos}`);
    }
    entries.push({ data, nameStart: p + 1, nameEnd: nul, mode: canonicalMode(mode), oidStart: nul + 1 });
    pos = nul + 21;
  }
  return entries;
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
function compareEntries(a: TreeEntry, b: TreeEntry): number {
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

function sameOid(a: TreeEntry, b: TreeEntry): boolean {
  for (let k = 0; k < 20; k++) if (a.data[a.oidStart + k] !== b.data[b.oidStart + k]) return false;
  return true;
}

function oidOf(entry: TreeEntry): Oid {
  return entry.data.toString('hex', entry.oidStart, entry.oidStart + 20);
}

function pathOf(prefix: string, entry: TreeEntry): string {
  return prefix + entry.data.toString('utf8', entry.nameStart, entry.nameEnd);
}
