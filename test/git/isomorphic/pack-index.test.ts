import { describe, expect, it } from 'vitest';
import { PackIndex } from '../../../src/git/isomorphic/pack-index.js';
import { buildIndexV2 } from './git-objects.js';

const oid = (first: string, fill: string) => (first + fill.repeat(40)).slice(0, 40);

describe('PackIndex on crafted version 2 indexes', () => {
  // Offsets at and beyond 2^31 must come from the 64-bit table, including values above 2^32.
  const entries = [
    { oid: oid('00', '1'), offset: 12 },
    { oid: oid('7f', '2'), offset: 0x7fffffff },
    { oid: oid('80', '3'), offset: 0x80000000 },
    { oid: oid('80', '4'), offset: 2 ** 32 + 7 },
    { oid: oid('ab', '5'), offset: 5_000_000_000 },
    { oid: oid('ff', 'f'), offset: 2 ** 40 + 12345 },
    { oid: oid('ab', '0'), offset: 300 },
  ];
  const index = PackIndex.fromBuffer(buildIndexV2(entries));

  it('reads 32-bit and 64-bit offsets', () => {
    expect(index.version).toBe(2);
    expect(index.count).toBe(entries.length);
    for (const entry of entries) {
      const position = index.find(Buffer.from(entry.oid, 'hex'));
      expect(position, entry.oid).toBeGreaterThanOrEqual(0);
      expect(index.oidAt(position)).toBe(entry.oid);
      expect(index.offsetAt(position)).toBe(entry.offset);
    }
    expect(index.find(Buffer.from(oid('80', '5'), 'hex'))).toBe(-1);
    expect(index.find(Buffer.from(oid('01', '0'), 'hex'))).toBe(-1);
  });

  it('gives each entry the next offset in pack order as its end', () => {
    const dataEnd = 2 ** 41;
    expect(index.entryEnd(12, dataEnd)).toBe(300);
    expect(index.entryEnd(300, dataEnd)).toBe(0x7fffffff);
    expect(index.entryEnd(0x80000000, dataEnd)).toBe(2 ** 32 + 7);
    expect(index.entryEnd(5_000_000_000, dataEnd)).toBe(2 ** 40 + 12345);
    expect(index.entryEnd(2 ** 40 + 12345, dataEnd)).toBe(dataEnd);
  });

  it('lists ids by prefix, odd lengths included', () => {
    expect(index.oidsWithPrefix('80')).toEqual([oid('80', '3'), oid('80', '4')]);
    expect(index.oidsWithPrefix('8')).toEqual([oid('80', '3'), oid('80', '4')]);
    expect(index.oidsWithPrefix('ab0')).toEqual([oid('ab', '0')]);
    expect(index.oidsWithPrefix('')).toHaveLength(entries.length);
    expect(index.oidsWithPrefix(oid('ff', 'f'))).toEqual([oid('ff', 'f')]);
    expect(index.oidsWithPrefix('c')).toEqual([]);
  });

  it('rejects truncated and inconsistent indexes', () => {
    const good = buildIndexV2(entries);
    expect(() => PackIndex.fromBuffer(good.subarray(0, 500))).toThrow(/too short|truncated/);
    expect(() => PackIndex.fromBuffer(good.subarray(0, good.length - 4))).toThrow(/cannot be/);
    const badSlot = Buffer.from(good);
    // The first 64-bit slot reference points past the table.
    const smallStart = 8 + 1024 + entries.length * 24;
    for (let i = 0; i < entries.length; i++) {
      if (badSlot.readUInt32BE(smallStart + i * 4) & 0x80000000) badSlot.writeUInt32BE((0x80000000 | 99) >>> 0, smallStart + i * 4);
    }
    expect(() => PackIndex.fromBuffer(badSlot)).toThrow(/out of range/);
  });
});
