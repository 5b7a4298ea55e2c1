/**
 * One packfile (`objects/pack/pack-*.pack`) with its index: positioned reads of single entries.
 * Spec: https://git-scm.com/docs/gitformat-pack#_pack_pack_files_have_the_following_format
 *
 * The file is never loaded whole: an entry is exactly the bytes up to the next entry's offset in
 * pack order, taken from a small cache of 16 KB windows (or read directly when larger), then
 * inflated with node:zlib. Delta entries are returned as they are; `ObjectStore` resolves them,
 * since a REF_DELTA base may live in another pack or loose.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { PackIndex } from './pack-index.js';
import type { ObjectType } from '../types.js';

export const OBJ_COMMIT = 1;
export const OBJ_TREE = 2;
export const OBJ_BLOB = 3;
export const OBJ_TAG = 4;
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

export const TYPE_NAMES: Record<number, ObjectType> = { [OBJ_COMMIT]: 'commit', [OBJ_TREE]: 'tree', [OBJ_BLOB]: 'blob', [OBJ_TAG]: 'tag' };

export class PackError extends Error {}

export type PackEntry =
  | { kind: 'whole'; type: ObjectType; data: Buffer }
  | { kind: 'ofs-delta'; baseOffset: number; delta: Buffer }
  | { kind: 'ref-delta'; baseId: Buffer; delta: Buffer };

const HEADER_BYTES = 12;
const WINDOW_BYTES = 16 * 1024;
const WINDOW_COUNT = 16;
const TRAILER_BYTES = 20;

export class PackFile {
  private indexCache: PackIndex | null = null;
  private fd: number | null = null;
  private dataEnd = 0;
  /** Recently read aligned windows of the pack by window number, least recently used first. */
  private readonly windows = new Map<number, Buffer>();

  constructor(
    /** Path of the `.idx` file; the pack is the same path ending in `.pack`. */
    readonly indexPath: string,
    /** A small number unique within one store, used in cache keys. */
    readonly id: number,
  ) {}

  get packPath(): string {
    return this.indexPath.slice(0, -'.idx'.length) + '.pack';
  }

  /** The index, read on first use. */
  get index(): PackIndex {
    this.indexCache ??= PackIndex.load(this.indexPath);
    return this.indexCache;
  }

  /** Reads and inflates the entry at `offset`. */
  readEntry(offset: number): PackEntry {
    const fd = this.open();
    const end = this.index.entryEnd(offset, this.dataEnd);
    if (offset < HEADER_BYTES || end <= offset || end > this.dataEnd) throw new PackError(`entry offset ${offset} is outside the pack data`);
    const length = end - offset;
    const buf = this.bytes(fd, offset, end);

    // Type and inflated size: 3 type bits, then a little-endian base-128 size.
    let pos = 0;
    let byte = buf[pos++]!;
    const type = (byte >> 4) & 7;
    let size = byte & 0x0f;
    let shift = 16;
    while (byte & 0x80) {
      if (pos >= length) throw new PackError(`entry header at offset ${offset} is truncated`);
      byte = buf[pos++]!;
      size += (byte & 0x7f) * shift;
      shift *= 128;
    }

    let baseOffset = 0;
    let baseId: Buffer | null = null;
    if (type === OBJ_OFS_DELTA) {
      // A big-endian base-128 distance back to the base, with 1 added per continuation byte.
      byte = buf[pos++]!;
      let distance = byte & 0x7f;
      while (byte & 0x80) {
        if (pos >= length) throw new PackError(`delta base offset at offset ${offset} is truncated`);
        byte = buf[pos++]!;
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      baseOffset = offset - distance;
      if (baseOffset < HEADER_BYTES || distance === 0) throw new PackError(`delta at offset ${offset} points outside the pack`);
    } else if (type === OBJ_REF_DELTA) {
      baseId = buf.subarray(pos, pos + 20);
      pos += 20;
    } else if (!TYPE_NAMES[type]) {
      throw new PackError(`entry at offset ${offset} has unknown type ${type}`);
    }

    const data = inflateEntry(buf, pos, size, offset);

    if (type === OBJ_OFS_DELTA) return { kind: 'ofs-delta', baseOffset, delta: data };
    if (type === OBJ_REF_DELTA) return { kind: 'ref-delta', baseId: Buffer.from(baseId!), delta: data };
    return { kind: 'whole', type: TYPE_NAMES[type]!, data };
  }

  /** Whether the pack file is open; an open pack stays readable even after `git gc` deletes it. */
  get isOpen(): boolean {
    return this.fd !== null;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.windows.clear();
  }

  /**
   * The bytes [start, end) of the pack. Small entries come from a few cached aligned windows,
   * since objects read together usually sit together (commits in history order, for example):
   * one 16 KB read then serves dozens of entries.
   */
  private bytes(fd: number, start: number, end: number): Buffer {
    const slot = Math.floor(start / WINDOW_BYTES);
    if (slot !== Math.floor((end - 1) / WINDOW_BYTES)) {
      const buf = Buffer.allocUnsafe(end - start);
      readFully(fd, buf, start);
      return buf;
    }
    let window = this.windows.get(slot);
    if (window) {
      this.windows.delete(slot);
    } else {
      const windowStart = slot * WINDOW_BYTES;
      window = Buffer.allocUnsafeSlow(Math.min(WINDOW_BYTES, this.dataEnd + TRAILER_BYTES - windowStart));
      readFully(fd, window, windowStart);
      if (this.windows.size >= WINDOW_COUNT) this.windows.delete(this.windows.keys().next().value!);
    }
    this.windows.set(slot, window);
    const base = slot * WINDOW_BYTES;
    return window.subarray(start - base, end - base);
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    const fd = openSync(this.packPath, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < HEADER_BYTES + TRAILER_BYTES) throw new PackError(`${this.packPath} is too short`);
      const header = Buffer.alloc(HEADER_BYTES);
      readFully(fd, header, 0);
      if (header.toString('latin1', 0, 4) !== 'PACK') throw new PackError(`${this.packPath} lacks the PACK signature`);
      const version = header.readUInt32BE(4);
      if (version !== 2 && version !== 3) throw new PackError(`${this.packPath} has unsupported version ${version}`);
      const count = header.readUInt32BE(8);
      if (count !== this.index.count) throw new PackError(`${this.packPath} holds ${count} objects but its index lists ${this.index.count}`);
      this.dataEnd = size - TRAILER_BYTES;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    this.fd = fd;
    return fd;
  }
}

function inflateEntry(buf: Buffer, start: number, size: number, offset: number): Buffer {
  let data: Buffer;
  try {
    data = inflateSync(buf.subarray(start), { chunkSize: Math.max(64, Math.min(size + 1, 1 << 24)) });
  } catch (error) {
    throw new PackError(`entry at offset ${offset} does not inflate: ${(error as Error).message}`);
  }
  if (data.length !== size) throw new PackError(`entry at offset ${offset} inflates to ${data.length} bytes, expected ${size}`);
  return data;
}

function readFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) throw new PackError(`unexpected end of pack at byte ${position + done}`);
    done += n;
  }
}
