/**
 * Loose objects: `objects/<2 hex>/<38 hex>`, each a zlib stream of `<type> <size>\0<content>`.
 * Spec: https://git-scm.com/book/en/v2/Git-Internals-Git-Objects
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { GitObject, ObjectType } from '../types.js';

export class LooseObjectError extends Error {}

const TYPES = new Set<string>(['commit', 'tree', 'blob', 'tag']);

export function loosePath(objectsDir: string, oid: string): string {
  return join(objectsDir, oid.slice(0, 2), oid.slice(2));
}

/** Reads a loose object, or returns null when the file does not exist. */
export function readLooseObject(objectsDir: string, oid: string): GitObject | null {
  let compressed: Buffer;
  try {
    compressed = readFileSync(loosePath(objectsDir, oid));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
  return parseLooseObject(compressed);
}

export function parseLooseObject(compressed: Buffer): GitObject {
  let raw: Buffer;
  try {
    raw = inflateSync(compressed);
  } catch (error) {
    throw new LooseObjectError(`loose object does not inflate: ${(error as Error).message}`);
  }
  const nul = raw.indexOf(0);
  const space = raw.indexOf(0x20);
  if (nul === -1 || space === -1 || space > nul) throw new LooseObjectError('loose object header is malformed');
  const type = raw.toString('latin1', 0, space);
  const sizeText = raw.toString('latin1', space + 1, nul);
  if (!TYPES.has(type)) throw new LooseObjectError(`loose object has unknown type '${type.slice(0, 20)}'`);
  if (!/^\d+$/.test(sizeText) || Number(sizeText) !== raw.length - nul - 1) {
    throw new LooseObjectError(`loose object header says ${sizeText.slice(0, 20)} bytes, content has ${raw.length - nul - 1}`);
  }
  return { type: type as ObjectType, data: raw.subarray(nul + 1) };
}

/** The loose object ids starting with a hex prefix. */
export function listLooseWithPrefix(objectsDir: string, prefix: string): string[] {
  const dirs = prefix.length >= 2 ? [prefix.slice(0, 2)] : listDir(objectsDir).filter((name) => /^[0-9a-f]{2}$/.test(name) && name.startsWith(prefix));
  const rest = prefix.slice(2);
  const out: string[] = [];
  for (const dir of dirs) {
    for (const name of listDir(join(objectsDir, dir))) {
      if (name.length === 38 && /^[0-9a-f]{38}$/.test(name) && name.startsWith(rest)) out.push(dir + name);
    }
  }
  return out;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
