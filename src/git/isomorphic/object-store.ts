/**
 * A lean reader of a repository's object database: loose objects, every packfile through its
 * index, and the object directories named in `objects/info/alternates`.
 * Layout: https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-objects
 *
 * Why not isomorphic-git's object layer: it reads and hashes a whole pack before the first read
 * (about a second and 600 MB on a 250 MB pack). Here a lookup is a binary search in the `.idx`, a
 * read touches only that entry's bytes (through a few cached 16 KB windows of the pack), and
 * recently inflated objects (delta bases above all) sit in a byte-bounded LRU cache.
 *
 * File I/O is synchronous under the async API on purpose: reads hit the page cache, and a
 * synchronous read costs a fraction of a thread-pool round trip per object (this reader serves
 * tens of thousands of small commits and trees in a row).
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { CorruptObjectError, NotAGitRepositoryError } from '../../errors.js';
import type { GitObject } from '../types.js';
import { ByteLru } from './byte-lru.js';
import { applyDelta } from './delta.js';
import { listLooseWithPrefix, loosePath, readLooseObject } from './loose.js';
import { PackFile } from './pack-file.js';

export interface ObjectStoreOptions {
  /** Upper bound of the inflated-object cache, in bytes. Default 64 MB. */
  cacheBytes?: number;
}

/** Git's own limit on nested alternates (`link_alt_odb_entries`). */
const MAX_ALTERNATE_DEPTH = 5;
/** Longer delta chains than this are treated as a corrupt (cyclic) pack; git's default depth is 50. */
const MAX_DELTA_CHAIN = 10_000;
/** Cache keys of pack entries: pack id * 2^40 + offset, a safe integer for packs under 1 TB. */
const PACK_KEY_STRIDE = 2 ** 40;
const OID = /^[0-9a-f]{40}$/;
const HEX_PREFIX = /^[0-9a-f]{0,40}$/;
/** Spare bytes a cached buffer's memory may have beyond its data before it is copied to fit. */
const SLACK_BYTES = 256;
/** Bookkeeping bytes counted per cached object on top of its data. */
const ENTRY_OVERHEAD = 96;

class PackVanishedError extends Error {}

interface ObjectDirectory {
  /** The `objects` directory. */
  path: string;
  /** Its packs by index file name. */
  packs: Map<string, PackFile>;
}

interface Location {
  pack: PackFile;
  offset: number;
}

export class ObjectStore {
  private readonly cache: ByteLru<number | string, GitObject>;
  /** All packs of all directories, in search order; the pack of the last hit moves to the front. */
  private packs: PackFile[] = [];
  private nextPackId = 0;
  /** Packs that could not be read, with why; skipped in lookups, named in not-found errors. */
  private readonly broken = new Map<PackFile, string>();

  private constructor(
    private readonly dirs: ObjectDirectory[],
    options: ObjectStoreOptions,
  ) {
    this.cache = new ByteLru(options.cacheBytes ?? 64 * 1024 * 1024);
    this.rescan();
  }

  /** Opens the object database of a `.git` directory (or bare repository). Reads no index yet. */
  static async open(gitdir: string, options: ObjectStoreOptions = {}): Promise<ObjectStore> {
    const objects = join(commonDir(gitdir), 'objects');
    if (!existsSync(objects)) throw new NotAGitRepositoryError(gitdir);
    const dirs: ObjectDirectory[] = [];
    const seen = new Set<string>();
    collectObjectDirectories(objects, 0, dirs, seen);
    return new ObjectStore(dirs, options);
  }

  /**
   * Reads an object; throws CorruptObjectError when it is missing or unreadable. The returned
   * buffer may be shared with the cache and with other callers: never modify it.
   */
  async read(oid: string): Promise<GitObject> {
    return this.readSync(oid);
  }

  async has(oid: string): Promise<boolean> {
    const id = oid.toLowerCase();
    if (!OID.test(id)) return false;
    const key = Buffer.from(id, 'hex');
    if (this.locate(key) || this.hasLoose(id)) return true;
    if (!this.rescan()) return false;
    return this.locate(key) !== null || this.hasLoose(id);
  }

  /** Every object id (packed or loose, in any object directory) starting with `prefix`, sorted. */
  async expandPrefix(prefix: string): Promise<string[]> {
    const hex = prefix.toLowerCase();
    if (!HEX_PREFIX.test(hex)) throw new RangeError(`not a hexadecimal object id prefix: '${prefix.slice(0, 50)}'`);
    let found = this.collectPrefix(hex);
    if (found.length === 0 && this.rescan()) found = this.collectPrefix(hex);
    return found;
  }

  async close(): Promise<void> {
    for (const pack of this.packs) pack.close();
    this.cache.clear();
  }

  private readSync(oid: string, depth = 0): GitObject {
    const id = oid.toLowerCase();
    if (!OID.test(id)) throw new CorruptObjectError(oid.slice(0, 50), 'not a 40-digit hexadecimal object id');
    const key = Buffer.from(id, 'hex');
    const found = this.readPackedOrLoose(id, key, depth);
    if (found) return found;
    // `git gc` or a fetch may have added packs (and pruned the loose copies) since we looked.
    if (this.rescan()) {
      const again = this.readPackedOrLoose(id, key, depth);
      if (again) return again;
    }
    const broken = [...this.broken].map(([pack, why]) => `; unreadable pack ${pack.packPath}: ${why}`).join('');
    throw new CorruptObjectError(id, `not found in ${this.packs.length} pack(s) or as a loose object${broken}`);
  }

  private readPackedOrLoose(id: string, key: Buffer, depth: number): GitObject | null {
    const location = this.locate(key);
    if (location) {
      try {
        return this.readPacked(id, location, depth);
      } catch (error) {
        if (!(error instanceof PackVanishedError)) throw error;
        // A concurrent repack deleted a pack we had not opened yet: look elsewhere.
        this.broken.set(location.pack, 'the pack file was deleted');
        this.rescan();
        return this.readPackedOrLoose(id, key, depth);
      }
    }
    const cached = this.cache.get(id);
    if (cached) return cached;
    for (const dir of this.dirs) {
      let object: GitObject | null;
      try {
        object = readLooseObject(dir.path, id);
      } catch (error) {
        throw new CorruptObjectError(id, `${loosePath(dir.path, id)}: ${(error as Error).message}`);
      }
      if (object) return this.remember(id, object);
    }
    return null;
  }

  private locate(key: Buffer): Location | null {
    const packs = this.packs;
    for (let i = 0; i < packs.length; i++) {
      const pack = packs[i]!;
      if (this.broken.has(pack)) continue;
      let position: number;
      try {
        position = pack.index.find(key);
      } catch (error) {
        this.broken.set(pack, (error as Error).message);
        continue;
      }
      if (position < 0) continue;
      if (i > 0) {
        // Objects read together tend to live in the same pack: search it first next time.
        packs.splice(i, 1);
        packs.unshift(pack);
      }
      return { pack, offset: pack.index.offsetAt(position) };
    }
    return null;
  }

  /** Reads a packed object, following its delta chain to a whole base (or a cached object). */
  private readPacked(id: string, start: Location, depth: number): GitObject {
    const chain: Array<{ key: number; delta: Buffer }> = [];
    let pack = start.pack;
    let offset = start.offset;
    let base: GitObject | undefined;
    try {
      while (!base) {
        if (chain.length > MAX_DELTA_CHAIN) throw new Error(`delta chain longer than ${MAX_DELTA_CHAIN}`);
        const key = pack.id * PACK_KEY_STRIDE + offset;
        const cached = this.cache.get(key);
        if (cached) {
          base = cached;
          break;
        }
        const entry = pack.readEntry(offset);
        if (entry.kind === 'whole') {
          base = { type: entry.type, data: entry.data };
          base = this.remember(key, base);
          break;
        }
        chain.push({ key, delta: entry.delta });
        if (entry.kind === 'ofs-delta') {
          offset = entry.baseOffset;
          continue;
        }
        // REF_DELTA: the base is usually in the same pack; a thin pack's base may be anywhere.
        const position = pack.index.find(entry.baseId);
        if (position >= 0) {
          offset = pack.index.offsetAt(position);
          continue;
        }
        if (depth > MAX_ALTERNATE_DEPTH * 10) throw new Error('REF_DELTA bases refer to each other across packs');
        base = this.readSync(entry.baseId.toString('hex'), depth + 1);
      }
      for (let i = chain.length - 1; i >= 0; i--) {
        const link = chain[i]!;
        base = { type: base.type, data: applyDelta(base.data, link.delta) };
        base = this.remember(link.key, base);
      }
      return base;
    } catch (error) {
      if (error instanceof CorruptObjectError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !pack.isOpen) throw new PackVanishedError();
      throw new CorruptObjectError(id, `${pack.packPath} at offset ${offset}: ${(error as Error).message}`);
    }
  }

  /**
   * Caches an object and returns the copy kept. Small buffers from Buffer.allocUnsafe are slices
   * of shared 8 KB pool slabs, so a cached 300-byte commit could pin kilobytes: such data is
   * copied into memory of its own first, and the cache counts the memory really pinned.
   */
  private remember(key: number | string, object: GitObject): GitObject {
    const { data } = object;
    const pinned = data.buffer.byteLength;
    const own = pinned - data.length <= SLACK_BYTES ? object : { type: object.type, data: Buffer.from(new Uint8Array(data).buffer) };
    this.cache.set(key, own, own.data.buffer.byteLength + ENTRY_OVERHEAD);
    return own;
  }

  private hasLoose(id: string): boolean {
    return this.dirs.some((dir) => existsSync(loosePath(dir.path, id)));
  }

  private collectPrefix(hex: string): string[] {
    const all = new Set<string>();
    for (const pack of this.packs) {
      if (this.broken.has(pack)) continue;
      try {
        for (const oid of pack.index.oidsWithPrefix(hex)) all.add(oid);
      } catch (error) {
        this.broken.set(pack, (error as Error).message);
      }
    }
    for (const dir of this.dirs) for (const oid of listLooseWithPrefix(dir.path, hex)) all.add(oid);
    return [...all].sort();
  }

  /**
   * Brings the pack list up to date with the pack directories: new packs go first (they hold the
   * newest objects); packs whose index vanished are dropped unless already open. Returns whether
   * anything changed.
   */
  private rescan(): boolean {
    let changed = false;
    for (const dir of this.dirs) {
      const packDir = join(dir.path, 'pack');
      let names: string[];
      try {
        names = readdirSync(packDir);
      } catch {
        names = [];
      }
      const present = new Set(names);
      for (const name of names) {
        if (!name.startsWith('pack-') || !name.endsWith('.idx') || dir.packs.has(name)) continue;
        if (!present.has(name.slice(0, -4) + '.pack')) continue; // still being written
        const pack = new PackFile(join(packDir, name), this.nextPackId++);
        dir.packs.set(name, pack);
        this.packs.unshift(pack);
        changed = true;
      }
      for (const [name, pack] of dir.packs) {
        if (present.has(name) || pack.isOpen) continue;
        dir.packs.delete(name);
        this.packs = this.packs.filter((p) => p !== pack);
        this.broken.delete(pack);
        changed = true;
      }
    }
    return changed;
  }
}

/** A linked worktree's `.git` directory names the main repository's in its `commondir` file. */
function commonDir(gitdir: string): string {
  try {
    const common = readFileSync(join(gitdir, 'commondir'), 'utf8').trim();
    return common ? resolve(gitdir, common) : gitdir;
  } catch {
    return gitdir;
  }
}

/** The object directory itself, then its alternates (recursively, as git does), without repeats. */
function collectObjectDirectories(path: string, depth: number, out: ObjectDirectory[], seen: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return; // a missing alternate is skipped, as git does (with a warning)
  }
  if (seen.has(real)) return;
  seen.add(real);
  out.push({ path, packs: new Map() });
  if (depth >= MAX_ALTERNATE_DEPTH) return;
  let text: string;
  try {
    text = readFileSync(join(path, 'info', 'alternates'), 'utf8');
  } catch {
    return;
  }
  for (const raw of text.split('\n')) {
    const line = unquoteAlternate(raw.trim());
    if (!line || line.startsWith('#')) continue;
    collectObjectDirectories(isAbsolute(line) ? line : resolve(path, line), depth + 1, out, seen);
  }
}

/** Alternates lines starting with a double quote are C-quoted (git 2.18+). */
function unquoteAlternate(line: string): string {
  if (!line.startsWith('"') || !line.endsWith('"') || line.length < 2) return line;
  const escapes: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
  const bytes: number[] = [];
  const body = Buffer.from(line.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 0x5c || i + 1 >= body.length) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(body[++i]!);
    if (/[0-7]/.test(next) && i + 2 < body.length) {
      bytes.push(parseInt(body.toString('latin1', i, i + 3), 8));
      i += 2;
    } else {
      bytes.push((escapes[next] ?? next).charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
