/**
 * Test helpers for the object store: every object as `git cat-file --batch` prints it (the
 * oracle), and hand-built packs and indexes for cases git does not write by itself (a REF_DELTA
 * whose base lives outside the pack, offsets above 4 GB).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { GitObject, ObjectType } from '../../../src/git/types.js';

/** All objects of a repository (and its alternates) by oid, read by the git executable. */
export function catFileAll(dir: string): Map<string, GitObject> {
  const out = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: dir, maxBuffer: 1 << 30, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  const objects = new Map<string, GitObject>();
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(0x0a, pos);
    const [oid, type, size] = out.toString('latin1', pos, eol).split(' ');
    const start = eol + 1;
    const end = start + Number(size);
    objects.set(oid!, { type: type as ObjectType, data: Buffer.from(out.subarray(start, end)) });
    pos = end + 1;
  }
  return objects;
}

export function hashObject(type: ObjectType, data: Buffer): string {
  return createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
}

/** A delta that copies all of `base` and then inserts `appended` (under 128 bytes a chunk). */
export function appendDelta(base: Buffer, appended: Buffer): Buffer {
  const bytes = [...varint(base.length), ...varint(base.length + appended.length)];
  // Copy instruction: offset 0 (no offset bytes), size in up to 3 bytes.
  bytes.push(0x80 | 0x10 | 0x20 | 0x40, base.length & 0xff, (base.length >> 8) & 0xff, (base.length >> 16) & 0xff);
  for (let i = 0; i < appended.length; i += 127) {
    const chunk = appended.subarray(i, i + 127);
    bytes.push(chunk.length, ...chunk);
  }
  return Buffer.from(bytes);
}

/** git's delta-header size encoding: seven bits a byte, least significant first. */
export function varint(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

export interface CraftedEntry {
  oid: string;
  /** The type number of the pack format: 1-4 whole objects, 7 REF_DELTA. */
  type: number;
  /** Inflated payload (object bytes, or the delta). */
  payload: Buffer;
  /** For REF_DELTA: the base's oid. */
  baseOid?: string;
}

/** Writes `pack-<sha>.pack` and a version 2 `.idx` into `packDir`; returns the pack's base path. */
export function writeCraftedPack(packDir: string, entries: CraftedEntry[]): string {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(entries.length, 8);
  parts.push(header);
  let offset = 12;
  const indexed: Array<{ oid: string; offset: number; crc: number }> = [];
  for (const entry of entries) {
    const head = entryHeader(entry.type, entry.payload.length);
    const base = entry.baseOid ? Buffer.from(entry.baseOid, 'hex') : Buffer.alloc(0);
    const bytes = Buffer.concat([head, base, deflateSync(entry.payload)]);
    indexed.push({ oid: entry.oid, offset, crc: crc32(bytes) });
    parts.push(bytes);
    offset += bytes.length;
  }
  const body = Buffer.concat(parts);
  const checksum = createHash('sha1').update(body).digest();
  const pack = Buffer.concat([body, checksum]);
  const idx = buildIndexV2(indexed, checksum);
  const base = join(packDir, `pack-${checksum.toString('hex')}`);
  writeFileSync(`${base}.pack`, pack);
  writeFileSync(`${base}.idx`, idx);
  return base;
}

function entryHeader(type: number, size: number): Buffer {
  const bytes = [(type << 4) | (size & 0x0f)];
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes[bytes.length - 1]! |= 0x80;
    bytes.push(rest & 0x7f);
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}

/** A version 2 index; offsets of 2^31 and above go to the 64-bit table, as git writes them. */
export function buildIndexV2(entries: Array<{ oid: string; offset: number; crc?: number }>, packChecksum: Buffer = Buffer.alloc(20)): Buffer {
  const sorted = [...entries].sort((a, b) => (a.oid < b.oid ? -1 : 1));
  const fanout = Buffer.alloc(1024);
  for (let byte = 0; byte < 256; byte++) fanout.writeUInt32BE(sorted.filter((e) => parseInt(e.oid.slice(0, 2), 16) <= byte).length, byte * 4);
  const ids = Buffer.concat(sorted.map((e) => Buffer.from(e.oid, 'hex')));
  const crcs = Buffer.alloc(sorted.length * 4);
  const small = Buffer.alloc(sorted.length * 4);
  const large: Buffer[] = [];
  sorted.forEach((e, i) => {
    crcs.writeUInt32BE(e.crc ?? 0, i * 4);
    if (e.offset < 0x80000000) {
      small.writeUInt32BE(e.offset, i * 4);
    } else {
      small.writeUInt32BE((0x80000000 | large.length) >>> 0, i * 4);
      const slot = Buffer.alloc(8);
      slot.writeBigUInt64BE(BigInt(e.offset));
      large.push(slot);
    }
  });
  const head = Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]);
  const body = Buffer.concat([head, fanout, ids, crcs, small, ...large, packChecksum]);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}
