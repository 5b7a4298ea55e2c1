/**
 * Parsing of raw commit and tag objects (git's `commit` / `tag` object format), shared by both
 * engines so that they read people, dates and messages identically.
 * Format: https://git-scm.com/docs/signature-format and `git cat-file -p`.
 */
import { CorruptObjectError } from '../errors.js';
import type { CommitObject, ObjectType, Oid, Signature } from './types.js';

interface Header {
  fields: Array<[string, string]>;
  message: string;
}

/** Splits an object into its header fields (continuation lines folded in) and its message. */
function splitHeader(data: Buffer): Header {
  const text = data.toString('utf8');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const message = end === -1 ? '' : text.slice(end + 2);
  const fields: Array<[string, string]> = [];
  for (const line of head.split('\n')) {
    if (line.startsWith(' ') && fields.length > 0) {
      // Continuation of a multi-line header such as gpgsig or mergetag.
      fields[fields.length - 1]![1] += '\n' + line.slice(1);
      continue;
    }
    const space = line.indexOf(' ');
    if (space === -1) continue;
    fields.push([line.slice(0, space), line.slice(space + 1)]);
  }
  return { fields, message };
}

const PERSON = /^(.*?) ?<([^>]*)> (-?\d+) ([+-]\d{4})$/;

/** Renders a git timestamp in its own zone as ISO 8601, e.g. `2024-03-01T10:00:00+02:00`. */
export function formatGitDate(timestamp: number, timezone: string): string {
  const sign = timezone.startsWith('-') ? -1 : 1;
  const hours = Number(timezone.slice(1, 3));
  const minutes = Number(timezone.slice(3, 5));
  const offsetMs = sign * (hours * 60 + minutes) * 60_000;
  const local = new Date(timestamp * 1000 + offsetMs).toISOString().slice(0, 19);
  return `${local}${timezone.slice(0, 3)}:${timezone.slice(3, 5)}`;
}

export function parseSignature(value: string, oid: Oid): Signature {
  const match = PERSON.exec(value);
  if (!match) throw new CorruptObjectError(oid, `malformed person line '${value.slice(0, 80)}'`);
  const [, name, email, seconds, timezone] = match;
  const timestamp = Number(seconds);
  return { name: name!, email: email!, timestamp, timezone: timezone!, date: formatGitDate(timestamp, timezone!) };
}

export function parseCommitObject(oid: Oid, data: Buffer): CommitObject {
  const { fields, message } = splitHeader(data);
  let tree: Oid | undefined;
  let author: Signature | undefined;
  let committer: Signature | undefined;
  const parents: Oid[] = [];
  for (const [key, value] of fields) {
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseSignature(value, oid);
    else if (key === 'committer') committer = parseSignature(value, oid);
  }
  if (!tree || !author || !committer) throw new CorruptObjectError(oid, 'commit object lacks tree, author or committer');
  return { oid, tree, parents, author, committer, message };
}

export interface TagObject {
  oid: Oid;
  object: Oid;
  type: ObjectType;
  tag: string;
  tagger: Signature | null;
  message: string;
}

export function parseTagObject(oid: Oid, data: Buffer): TagObject {
  const { fields, message } = splitHeader(data);
  const get = (key: string) => fields.find(([k]) => k === key)?.[1];
  const object = get('object');
  const type = get('type') as ObjectType | undefined;
  if (!object || !type) throw new CorruptObjectError(oid, 'tag object lacks object or type');
  const tagger = get('tagger');
  return { oid, object, type, tag: get('tag') ?? '', tagger: tagger ? parseSignature(tagger, oid) : null, message };
}
