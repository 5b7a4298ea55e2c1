import { describe, expect, it } from 'vitest';
import { applyDelta, DeltaError } from '../../../src/git/isomorphic/delta.js';
import { ByteLru } from '../../../src/git/isomorphic/byte-lru.js';
import { varint } from './git-objects.js';

describe('applyDelta', () => {
  const base = Buffer.from('0123456789'.repeat(10000)); // 100000 bytes

  it('copies (with the 0x10000 size for a zero size field) and inserts', () => {
    // sizes: base 100000, result 65536 + 3 + 10
    const result = 0x10000 + 3 + 10;
    const delta = Buffer.from([
      0xa0, 0x8d, 0x06, // 100000 as varint
      ...varint(result),
      0x80, // copy offset 0, size 0 => 0x10000
      3, 0x61, 0x62, 0x63, // insert "abc"
      0x80 | 0x01 | 0x10, 5, 10, // copy offset 5, size 10
    ]);
    const out = applyDelta(base, delta);
    expect(out.length).toBe(result);
    expect(out.subarray(0, 0x10000).equals(base.subarray(0, 0x10000))).toBe(true);
    expect(out.toString('latin1', 0x10000)).toBe('abc5678901234');
  });

  it('rejects malformed deltas', () => {
    const small = Buffer.from('hello');
    expect(() => applyDelta(small, Buffer.from([6, 5, 0x90, 5]))).toThrow(DeltaError); // wrong base size
    expect(() => applyDelta(small, Buffer.from([5, 5, 0x91, 3, 5]))).toThrow(/out of bounds/); // copy past the base end
    expect(() => applyDelta(small, Buffer.from([5, 5, 0]))).toThrow(/reserved/);
    expect(() => applyDelta(small, Buffer.from([5, 6, 0x90, 5]))).toThrow(/produced 5 bytes/);
    expect(() => applyDelta(small, Buffer.from([5, 2, 3, 0x61]))).toThrow(/out of bounds/);
    expect(() => applyDelta(small, Buffer.from([5]))).toThrow(/truncated/);
  });
});

describe('ByteLru', () => {
  it('evicts the least recently used entries beyond its byte budget and skips oversized values', () => {
    const lru = new ByteLru<string, number>(100, 50);
    lru.set('a', 1, 40);
    lru.set('b', 2, 40);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3, 40); // evicts b
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.bytes).toBe(80);
    lru.set('huge', 4, 60);
    expect(lru.get('huge')).toBeUndefined();
    lru.set('a', 5, 10);
    expect(lru.bytes).toBe(50);
    expect(lru.size).toBe(2);
    for (let i = 0; i < 1000; i++) lru.set(`k${i}`, i, 1);
    expect(lru.size).toBe(100);
    expect(lru.get('k899')).toBeUndefined();
    expect(lru.get('k900')).toBe(900);
    expect(lru.get('a')).toBeUndefined();
    lru.clear();
    expect(lru.size).toBe(0);
  });
});

