/**
 * Pack index files (`objects/pack/pack-*.idx`), versions 1 and 2: the sorted object ids of one
 * packfile and each object's offset in it.
 * Spec: https://git-scm.com/docs/gitformat-pack#_pack_idx_files_have_the_following_format
 *
 * Only the id table and the offset tables are read (the CRC table of version 2 is skipped): 20
 * bytes per object for the id and 4 for the offset (8 in packs over 4 GB), plus as much again for
 * the offsets sorted by position (for the compressed length of an entry), built on first use.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const V2_MAGIC = 0xff744f63; // "\377tOc"
const HASH = 20;
const FANOUT_BYTES = 256 * 4;
const TRAILER = 2 * HASH;

export class PackIndexError extends Error {}

/** 32-bit offsets while the pack is under 4 GB (half the memory), 64-bit floats beyond. */
type Offsets = Uint32Array | Float64Array;

/** Reads `length` bytes at `position` of the index; returns exactly that many bytes or throws. */
export type ReadAt = (position: number, length: number) => Buffer;

export class PackIndex {
  /** Offsets in pack order, built lazily for `entryEnd`. */
  private sorted: Offsets | null = null;

  private constructor(
    readonly version: 1 | 2,
    private readonly fanout: Uint32Array,
    /** N object ids of 20 bytes each, sorted. */
    private readonly ids: Buffer,
    /** The pack offset of each object, in id order (64-bit offsets already resolved). */
    private readonly offsets: Offsets,
  ) {}

  get count(): number {
    return this.offsets.length;
  }

  /** Reads an index file through a few positioned reads. */
  static load(path: string): PackIndex {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      return PackIndex.parse(size, (position, length) => {
        const buf = Buffer.allocUnsafeSlow(length);
        let done = 0;
        while (done < length) {
          const n = readSync(fd, buf, done, length - done, position + done);
          if (n === 0) throw new PackIndexError(`index is truncated at byte ${position + done}`);
          done += n;
        }
        return buf;
      });
    } finally {
      closeSync(fd);
    }
  }

  /** Parses an index from a whole in-memory buffer (tests, crafted indexes). */
  static fromBuffer(buf: Buffer): PackIndex {
    return PackIndex.parse(buf.length, (position, length) => {
      if (position + length > buf.length) throw new PackIndexError(`index is truncated at byte ${buf.length}`);
      return buf.subarray(position, position + length);
    });
  }

  static parse(size: number, readAt: ReadAt): PackIndex {
    if (size < FANOUT_BYTES + TRAILER) throw new PackIndexError(`index is too short (${size} bytes)`);
    const head = readAt(0, 8 + FANOUT_BYTES);
    const version = head.readUInt32BE(0) === V2_MAGIC ? head.readUInt32BE(4) : 1;
    if (version !== 1 && version !== 2) throw new PackIndexError(`unsupported index version ${version}`);
    const fanoutStart = version === 2 ? 8 : 0;
    const fanout = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      fanout[i] = head.readUInt32BE(fanoutStart + i * 4);
      if (i > 0 && fanout[i]! < fanout[i - 1]!) throw new PackIndexError('fan-out table is not monotonic');
    }
    const count = fanout[255]!;

    if (version === 1) {
      // Entries of a 4-byte offset followed by the 20-byte id.
      if (size !== FANOUT_BYTES + count * 24 + TRAILER) throw new PackIndexError(`version 1 index of ${count} objects cannot be ${size} bytes`);
      const table = readAt(FANOUT_BYTES, count * 24);
      const ids = Buffer.allocUnsafeSlow(count * HASH);
      const offsets = new Uint32Array(count);
      for (let i = 0; i < count; i++) {
        offsets[i] = table.readUInt32BE(i * 24);
        table.copy(ids, i * HASH, i * 24 + 4, i * 24 + 24);
      }
      return new PackIndex(1, fanout, ids, offsets);
    }

    const idsStart = 8 + FANOUT_BYTES;
    const smallStart = idsStart + count * (HASH + 4); // skips the CRC32 table
    const largeStart = smallStart + count * 4;
    const largeBytes = size - TRAILER - largeStart;
    if (largeBytes < 0 || largeBytes % 8 !== 0) throw new PackIndexError(`version 2 index of ${count} objects cannot be ${size} bytes`);
    const ids = readAt(idsStart, count * HASH);
    const small = readAt(smallStart, count * 4);
    const large = largeBytes > 0 ? readAt(largeStart, largeBytes) : null;
    const offsets = large ? new Float64Array(count) : new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const value = small.readUInt32BE(i * 4);
      if (value & 0x80000000) {
        // The most significant bit marks an index into the table of 64-bit offsets.
        const slot = (value & 0x7fffffff) * 8;
        if (!large || slot + 8 > large.length) throw new PackIndexError(`64-bit offset slot ${value & 0x7fffffff} is out of range`);
        offsets[i] = large.readUInt32BE(slot) * 0x100000000 + large.readUInt32BE(slot + 4);
        if (!Number.isSafeInteger(offsets[i])) throw new PackIndexError('64-bit offset is beyond 2^53');
      } else {
        offsets[i] = value;
      }
    }
    return new PackIndex(2, fanout, ids, offsets);
  }

  /** The position of `id` (20 raw bytes) in the index, or -1. */
  find(id: Buffer): number {
    const first = id[0]!;
    let lo = first === 0 ? 0 : this.fanout[first - 1]!;
    let hi = this.fanout[first]!;
    const ids = this.ids;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // A plain loop: Buffer#compare with ranges spends most of its time checking arguments.
      const base = mid * HASH;
      let cmp = 0;
      for (let k = 1; k < HASH; k++) {
        cmp = ids[base + k]! - id[k]!;
        if (cmp !== 0) break;
      }
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  offsetAt(position: number): number {
    return this.offsets[position]!;
  }

  oidAt(position: number): string {
    return this.ids.toString('hex', position * HASH, position * HASH + HASH);
  }

  /** The ids starting with a hex prefix (0 to 40 digits), in sorted order. */
  oidsWithPrefix(prefix: string): string[] {
    const low = Buffer.from(prefix.padEnd(40, '0'), 'hex');
    const high = Buffer.from(prefix.padEnd(40, 'f'), 'hex');
    const start = this.lowerBound(low, false);
    const end = this.lowerBound(high, true);
    const out: string[] = [];
    for (let i = start; i < end; i++) out.push(this.oidAt(i));
    return out;
  }

  /** The first position whose id is >= `key` (or > `key` when `after`). */
  private lowerBound(key: Buffer, after: boolean): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = this.ids.compare(key, 0, HASH, mid * HASH, mid * HASH + HASH);
      if (cmp < 0 || (after && cmp === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Where the entry starting at `offset` ends: the next entry's offset in pack order, or
   * `dataEnd` (the pack size minus its 20-byte trailer) for the last entry.
   */
  entryEnd(offset: number, dataEnd: number): number {
    if (!this.sorted) {
      this.sorted = this.offsets.slice().sort();
    }
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length ? sorted[lo]! : dataEnd;
  }
}
