/**
 * Cached values as JSON text and back, exactly: Maps, Sets, `undefined` (in arrays and as a
 * property that is present), -0, NaN and the infinities survive, which plain JSON loses or changes.
 * Each is written as an object tagged by a key no extraction uses (`"\u0000"`); an object that has
 * that key itself is escaped the same way, so any plain value decodes to what was encoded.
 */

const TAG = '\u0000';

type Tagged =
  | { [TAG]: 'map'; v: Array<[unknown, unknown]> }
  | { [TAG]: 'set'; v: unknown[] }
  | { [TAG]: 'undefined' }
  | { [TAG]: 'number'; v: string }
  | { [TAG]: 'object'; v: Array<[string, unknown]> };

/** The value as JSON text. Throws TypeError for what is not plain data (a class instance, a function): a bug of the caller. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(toJson(value));
}

/** The value `encodeValue` was given; throws SyntaxError when the text is not what it wrote. */
export function decodeValue(text: string): unknown {
  return fromJson(JSON.parse(text));
}

function toJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { [TAG]: 'undefined' };
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: 'number', v: String(Object.is(value, -0) ? '-0' : value) };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return Array.from(value, toJson);
      if (value instanceof Map) return { [TAG]: 'map', v: [...value].map(([k, v]) => [toJson(k), toJson(v)]) };
      if (value instanceof Set) return { [TAG]: 'set', v: [...value].map(toJson) };
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`a cached value must be plain data, not a ${value.constructor?.name ?? 'class instance'}`);
      const entries = Object.entries(value).map(([k, v]): [string, unknown] => [k, toJson(v)]);
      return Object.hasOwn(value, TAG) ? { [TAG]: 'object', v: entries } : Object.fromEntries(entries);
    }
    default:
      throw new TypeError(`a cached value must be plain data, not a ${typeof value}`);
  }
}

function fromJson(json: unknown): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map(fromJson);
  // fromEntries defines own properties: a `__proto__` key stays data, never a prototype.
  if (!Object.hasOwn(json, TAG)) return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, fromJson(v)]));
  const tagged = json as Tagged;
  switch (tagged[TAG]) {
    case 'map':
      return new Map(tagged.v.map(([k, v]) => [fromJson(k), fromJson(v)]));
    case 'set':
      return new Set(tagged.v.map(fromJson));
    case 'undefined':
      return undefined;
    case 'number':
      return Number(tagged.v);
    case 'object':
      return Object.fromEntries(tagged.v.map(([k, v]) => [k, fromJson(v)]));
    default:
      throw new SyntaxError(`unknown tag in a cached value: ${JSON.stringify(tagged[TAG])}`);
  }
}
