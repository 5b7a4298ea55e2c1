/**
 * The extraction cache on disk. Layout, under the root ./location.ts chooses:
 *
 *   <root>/f1-0.1.0-3fa9c2d1e0b4/              format, release and build (./identity.ts)
 *     env-1.9c1e0d52a7f3b8e4.jsonl             a segment: analyzer, its extraction version, the
 *     routes-1.07be5d1c94a2f6e3.jsonl          SHA-1 of the file's content (16 hex digits)
 *
 * A segment holds the entries one run added for one analyzer, a line each: the SHA-1 of the key
 * (blob and parts), a space, the value as ./codec.ts writes it. A run reads every segment of an
 * analyzer at its first look-up and writes at most one per analyzer when it ends; past
 * SEGMENTS_BEFORE_COMPACTION, the one that ends merges them into one. So a folder holds a few files
 * per analyzer, not one per blob: umami's 3,578 entries took 2.5-4 s to write as one file each
 * (temporary file and rename) and 0.7-1.3 s to read back, against 8-31 ms and 17-30 ms as six
 * segments (docs/benchmarks.md).
 *
 * Safe to delete at any time, and never an error: files are written under a temporary name and
 * renamed, so a reader sees a whole segment or none; a segment whose content does not match the
 * hash in its name, or a line that does not parse, is a miss; a folder that cannot be read or
 * written is a cache that misses. Two runs at once each write their own segment.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ExtractionCache, ExtractionKey } from '../analyzer.js';
import { decodeValue, encodeValue } from './codec.js';
import { currentIdentity, VERSION_FOLDER, versionFolderOf, type CacheIdentity } from './identity.js';

/** Segments an analyzer may have before a run merges them. */
const SEGMENTS_BEFORE_COMPACTION = 8;
/** A merge keeps this much of an analyzer's entries: this run's, then those it used, then the newest. */
const ANALYZER_BYTES = 32 * 2 ** 20;
/** Folders of other versions untouched this long are removed by a run that writes. */
const STALE_VERSION_MS = 7 * 24 * 3_600_000;
/** Temporary files this old were left by a run that was killed. */
const STALE_TEMP_MS = 3_600_000;
const TEMP_PREFIX = '.tmp-';
const SEGMENT = /^(.+)\.([0-9a-f]{16})\.jsonl$/;

/** One analyzer's entries as read from disk: key hash → encoded value. */
interface Shelf {
  entries: Map<string, string>;
  /** The segment files they came from. */
  segments: string[];
}

export class DiskExtractionCache implements ExtractionCache {
  /** The folder of this version's entries (not created until something is written). */
  private readonly dir: Promise<string>;
  private readonly shelves = new Map<string, Promise<Shelf>>();
  /** Entries this run added, by shelf, encoded when added (later changes to the value are not kept). */
  private readonly added = new Map<string, Map<string, string>>();
  /** Entries this run read, by shelf: kept first when segments are merged. */
  private readonly used = new Map<string, Set<string>>();

  /**
   * @param root the cache's root folder (./location.ts)
   * @param identity whose entries to read and write; tests name another to play a new release
   */
  constructor(
    readonly root: string,
    identity?: CacheIdentity,
  ) {
    // Started now, to be ready by the first look-up: the build's fingerprint reads file metadata.
    this.dir = (identity ? Promise.resolve(identity) : currentIdentity()).then((id) => join(root, versionFolderOf(id)));
  }

  async get(key: ExtractionKey): Promise<unknown> {
    const shelf = shelfOf(key);
    const id = entryIdOf(key);
    const loaded = await this.shelf(shelf);
    const text = this.added.get(shelf)?.get(id) ?? loaded.entries.get(id);
    if (text === undefined) return undefined;
    try {
      const value = decodeValue(text);
      setIn(this.used, shelf, id);
      return value;
    } catch {
      loaded.entries.delete(id);
      return undefined;
    }
  }

  set(key: ExtractionKey, value: unknown): void {
    const shelf = shelfOf(key);
    let entries = this.added.get(shelf);
    if (!entries) this.added.set(shelf, (entries = new Map()));
    entries.set(entryIdOf(key), encodeValue(value));
  }

  /** Writes what this run added, one segment per analyzer; never throws. */
  async flush(): Promise<void> {
    const added = [...this.added].filter(([, entries]) => entries.size > 0);
    this.added.clear();
    if (added.length === 0) return;
    let dir: string;
    try {
      dir = await this.dir;
      await mkdir(dir, { recursive: true });
    } catch {
      return;
    }
    for (const [shelf, entries] of added) {
      try {
        // Sorted: two runs that add the same entries write the same file, under the same name.
        const lines = [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, text]) => `${id} ${text}\n`);
        const written = await writeSegment(dir, shelf, lines.join(''));
        await this.compact(dir, shelf, written, entries);
      } catch {
        // A cache that cannot be written misses next time; the run itself is done.
      }
    }
    await this.pruneOtherVersions(dir);
  }

  private shelf(shelf: string): Promise<Shelf> {
    let loading = this.shelves.get(shelf);
    if (!loading) {
      loading = this.dir.then((dir) => readShelf(dir, shelf)).catch((): Shelf => ({ entries: new Map(), segments: [] }));
      this.shelves.set(shelf, loading);
    }
    return loading;
  }

  /** Past SEGMENTS_BEFORE_COMPACTION, the segments this run read and wrote become one. */
  private async compact(dir: string, shelf: string, written: string, added: Map<string, string>): Promise<void> {
    const names = await readdir(dir);
    const now = Date.now();
    for (const name of names.filter((n) => n.startsWith(TEMP_PREFIX))) {
      const stats = await stat(join(dir, name)).catch(() => null);
      if (stats && now - stats.mtimeMs > STALE_TEMP_MS) await rm(join(dir, name), { force: true }).catch(() => {});
    }
    if (names.filter((name) => SEGMENT.exec(name)?.[1] === shelf).length <= SEGMENTS_BEFORE_COMPACTION) return;
    const loaded = await this.shelf(shelf);
    const used = this.used.get(shelf) ?? new Set<string>();
    const merged = new Map(added);
    for (const id of used) if (loaded.entries.has(id) && !merged.has(id)) merged.set(id, loaded.entries.get(id)!);
    for (const [id, text] of loaded.entries) if (!merged.has(id)) merged.set(id, text);
    let bytes = 0;
    const lines: string[] = [];
    for (const [id, text] of merged) {
      bytes += id.length + text.length + 2;
      if (bytes > ANALYZER_BYTES) break;
      lines.push(`${id} ${text}\n`);
    }
    const compacted = await writeSegment(dir, shelf, lines.join(''));
    // Only the segments merged: others a concurrent run wrote since are left for the next merge.
    for (const name of new Set([...loaded.segments, written])) if (name !== compacted) await unlink(join(dir, name)).catch(() => {});
  }

  /** Folders of other formats, releases and builds nobody has written to for a week. */
  private async pruneOtherVersions(dir: string): Promise<void> {
    try {
      const mine = basename(dir);
      for (const name of await readdir(this.root)) {
        if (name === mine || !VERSION_FOLDER.test(name)) continue;
        const stats = await stat(join(this.root, name)).catch(() => null);
        if (stats?.isDirectory() && Date.now() - stats.mtimeMs > STALE_VERSION_MS) await rm(join(this.root, name), { recursive: true, force: true });
      }
    } catch {
      // Another run pruned it first, or the root is not ours to list.
    }
  }
}

/** `env-1`: the analyzer and its extraction version. */
function shelfOf(key: ExtractionKey): string {
  return `${encodeURIComponent(key.analyzer)}-${key.version}`;
}

function entryIdOf(key: ExtractionKey): string {
  return createHash('sha1').update(JSON.stringify([key.oid, ...key.parts])).digest('hex');
}

function setIn(map: Map<string, Set<string>>, shelf: string, id: string): void {
  let set = map.get(shelf);
  if (!set) map.set(shelf, (set = new Set()));
  set.add(id);
}

/** Every segment of one analyzer in `dir`, newest first; what cannot be read is left out. */
async function readShelf(dir: string, shelf: string): Promise<Shelf> {
  const shelfContent: Shelf = { entries: new Map(), segments: [] };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return shelfContent;
  }
  const segments = await Promise.all(
    names
      .filter((name) => SEGMENT.exec(name)?.[1] === shelf)
      .map(async (name) => {
        try {
          const [bytes, stats] = await Promise.all([readFile(join(dir, name)), stat(join(dir, name))]);
          if (sha1(bytes).slice(0, 16) !== SEGMENT.exec(name)![2]) {
            // Damaged on disk (a full disk, a crash before the data reached it): never readable again.
            await unlink(join(dir, name)).catch(() => {});
            return null;
          }
          return { name, text: bytes.toString('utf8'), mtime: stats.mtimeMs };
        } catch {
          // Merged and removed by another run since the listing.
          return null;
        }
      }),
  );
  for (const segment of segments.filter((s) => s !== null).sort((a, b) => b.mtime - a.mtime)) {
    shelfContent.segments.push(segment.name);
    for (const line of segment.text.split('\n')) {
      const space = line.indexOf(' ');
      if (space !== 40) continue;
      const id = line.slice(0, 40);
      if (!shelfContent.entries.has(id)) shelfContent.entries.set(id, line.slice(41));
    }
  }
  return shelfContent;
}

/** Writes a segment atomically under the name its content gives; returns that name. */
async function writeSegment(dir: string, shelf: string, body: string): Promise<string> {
  const bytes = Buffer.from(body, 'utf8');
  const name = `${shelf}.${sha1(bytes).slice(0, 16)}.jsonl`;
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  return name;
}

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
