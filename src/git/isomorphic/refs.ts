/**
 * Reads refs straight from the repository files (gitrepository-layout(5): loose files under refs/
 * override packed-refs; a loose file may be symbolic, `ref: <name>`). isomorphic-git's
 * resolveRef re-parses packed-refs on every call, which costs seconds on a repository with a
 * thousand tags; this reads each file once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Oid, Ref } from '../types.js';

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const MAX_SYMBOLIC_DEPTH = 5;

/** Every ref under refs/ with the oid it names (symbolic refs followed), sorted by name. */
export async function readAllRefs(commondir: string): Promise<Ref[]> {
  const values = new Map<string, string>();
  for (const [name, value] of await readPackedRefs(commondir)) values.set(name, value);
  for (const [name, value] of await readLooseRefs(commondir, 'refs')) values.set(name, value);
  const refs: Ref[] = [];
  for (const name of values.keys()) {
    const oid = follow(values, name);
    if (oid) refs.push({ name, oid });
  }
  return refs.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

/** What HEAD names, or null on an unborn branch. */
export async function readHeadOid(gitdir: string, commondir: string): Promise<Oid | null> {
  const head = (await readFile(join(gitdir, 'HEAD'), 'utf8')).trim();
  if (OID.test(head)) return head;
  const values = new Map<string, string>(await readPackedRefs(commondir));
  for (const [name, value] of await readLooseRefs(commondir, 'refs')) values.set(name, value);
  values.set('HEAD', head);
  return follow(values, 'HEAD');
}

function follow(values: Map<string, string>, name: string): Oid | null {
  let value = values.get(name);
  for (let depth = 0; value !== undefined && depth <= MAX_SYMBOLIC_DEPTH; depth++) {
    if (OID.test(value)) return value;
    if (!value.startsWith('ref: ')) return null;
    value = values.get(value.slice(5).trim());
  }
  return null;
}

async function readPackedRefs(commondir: string): Promise<Array<[string, string]>> {
  let text: string;
  try {
    text = await readFile(join(commondir, 'packed-refs'), 'utf8');
  } catch {
    return [];
  }
  const entries: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    // `#` is the header, `^` the peeled value of the annotated tag on the line before.
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    if (space > 0) entries.push([line.slice(space + 1).trim(), line.slice(0, space)]);
  }
  return entries;
}

async function readLooseRefs(commondir: string, prefix: string): Promise<Array<[string, string]>> {
  let entries;
  try {
    entries = await readdir(join(commondir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: Array<[string, string]> = [];
  for (const entry of entries) {
    const name = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await readLooseRefs(commondir, name)));
    else if (entry.isFile() && !entry.name.endsWith('.lock')) out.push([name, (await readFile(join(commondir, name), 'utf8')).trim()]);
  }
  return out;
}
