/**
 * Turns manifest text into plain values, and untyped values into the strings and records the
 * parsers need. A malformed file throws ManifestSyntaxError with a cause a reader can act on;
 * fields of the wrong type are treated as absent rather than failing the whole file.
 */
import { parse as parseToml, TomlError } from 'smol-toml';

export class ManifestSyntaxError extends Error {}

export type UnknownRecord = Record<string, unknown>;

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7})(?: |$)/m;

/** Merge conflict markers make every format invalid; naming them is clearer than the parser's complaint. */
export function rejectConflictMarkers(text: string): void {
  const match = CONFLICT_MARKER.exec(text);
  if (match) throw new ManifestSyntaxError(`it contains merge conflict markers (line ${lineAt(text, match.index)})`);
}

/** Text of a blob: UTF-8, without the byte-order mark some Windows editors write (JSON.parse rejects it). */
export function decodeText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseJsonObject(text: string): UnknownRecord {
  rejectConflictMarkers(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // Node 20 reports a character position only (Node 22 adds the line itself); a line number is what a reader can find.
    const position = /at position (\d+)(?! \(line)/.exec(message);
    const where = position ? ` (line ${lineAt(text, Number(position[1]))})` : '';
    throw new ManifestSyntaxError(`it is not valid JSON: ${message}${where}`);
  }
  const record = asRecord(value);
  if (!record) throw new ManifestSyntaxError(`it is valid JSON but not an object (found ${Array.isArray(value) ? 'an array' : typeof value})`);
  return record;
}

export function parseTomlTable(text: string): UnknownRecord {
  rejectConflictMarkers(text);
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message carries a multi-line code excerpt; the first line and the position suffice.
    const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ManifestSyntaxError(`it is not valid TOML: ${reason} (line ${error.line}, column ${error.column})`);
  }
}

export function asRecord(value: unknown): UnknownRecord | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as UnknownRecord) : null;
}

/** A non-empty string field, or null. */
export function stringAt(record: UnknownRecord | null, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The record at a dotted path of keys, or null when any step is missing or not a table. */
export function recordAt(record: UnknownRecord | null, ...keys: string[]): UnknownRecord | null {
  let current = record;
  for (const key of keys) current = asRecord(current?.[key]);
  return current;
}

/** The entries of a record whose values are strings, in file order. */
export function stringEntries(value: unknown): Array<[string, string]> {
  return Object.entries(asRecord(value) ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** The string items of an array (other items dropped). */
export function stringItems(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}
