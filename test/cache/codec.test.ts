/** Cached values come back as they went in: what JSON alone would lose or change survives. */
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../../src/cache/codec.js';

const roundTrip = (value: unknown) => decodeValue(encodeValue(value));

describe('the cache codec', () => {
  it('keeps Maps, Sets and their order, nested anywhere', () => {
    const value = { reachedFrom: new Map([['react@18.3.1', ['.', 'web']], ['ms@2.1.3', []]]), seen: new Set(['b', 'a']), list: [new Map([[1, new Set([2])]])] };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect([...back.reachedFrom.keys()]).toEqual(['react@18.3.1', 'ms@2.1.3']);
    expect([...back.seen]).toEqual(['b', 'a']);
  });

  it('keeps undefined, present properties included, and numbers JSON cannot write', () => {
    const back = roundTrip({ a: undefined, list: [undefined, 1], values: [-0, NaN, Infinity, -Infinity, 1.5] }) as Record<string, unknown[]>;
    expect(Object.keys(back)).toEqual(['a', 'list', 'values']);
    expect(back['list']).toEqual([undefined, 1]);
    expect(back['values']!.map((n) => Object.is(n, -0) ? '-0' : String(n))).toEqual(['-0', 'NaN', 'Infinity', '-Infinity', '1.5']);
  });

  it('keeps objects that use its own tag, and keys that look like a prototype', () => {
    const tricky = JSON.parse('{"\\u0000": "map", "v": [1], "__proto__": {"polluted": true}}') as object;
    const back = roundTrip({ tricky }) as { tricky: object };
    expect(back.tricky).toEqual(tricky);
    expect(Object.getPrototypeOf(back.tricky)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses what is not plain data, so that a bug shows instead of a value that comes back changed', () => {
    expect(() => encodeValue({ when: new Date(0) })).toThrow(TypeError);
    expect(() => encodeValue({ error: new Error('x') })).toThrow(TypeError);
    expect(() => encodeValue({ run: () => 1 })).toThrow(TypeError);
  });

  it('throws on text it did not write', () => {
    expect(() => decodeValue('{"a": ')).toThrow(SyntaxError);
    expect(() => decodeValue('{"\\u0000": "nonsense"}')).toThrow(SyntaxError);
  });
});
