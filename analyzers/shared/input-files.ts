/**
 * Which tracefiles a run reads: the ones named with `--lcov` (files or globs, from the current
 * folder), else those a test run left in the working tree (`coverage/lcov.info` at the root or in
 * any package). Tracefiles are inputs beside the repository, not part of its history.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../../src/errors.js';

export interface Tracefile {
  /** Absolute path on this machine. */
  absolute: string;
  /** Relative to the working tree when inside it, else as reached from the current folder: for reports. */
  shown: string;
  /** The folder of the tracefile relative to the repository root, when inside the working tree. */
  folder: string | null;
  /** The file's modification time, ISO 8601. */
  modified: string;
}

/** Where test runners write lcov by default; searched only when `--lcov` is not given. */
export const DISCOVERED_TRACEFILES = ['coverage/lcov.info', '**/coverage/lcov.info'];
const NEVER_SEARCHED = ['**/node_modules/**', '**/.git/**'];

/** The tracefiles `patterns` name; a pattern that names nothing is the user's mistake. */
export function namedTracefiles(flag: string, patterns: readonly string[], workdir: string | null, cwd = process.cwd()): Tracefile[] {
  const found = new Map<string, Tracefile>();
  for (const pattern of patterns) {
    const paths = isDynamicPattern(pattern)
      ? globSync(pattern, { cwd, absolute: true, onlyFiles: true, ignore: NEVER_SEARCHED, expandDirectories: false })
      : [resolve(cwd, pattern)].filter(isFile);
    if (paths.length === 0) {
      throw new UsageError(`${flag} ${pattern}: no such file; run the tests with coverage and the lcov reporter first, or check the path (relative to ${cwd})`);
    }
    for (const path of paths) found.set(path, tracefileAt(path, workdir, cwd));
  }
  return sortedByShown(found.values());
}

/** The tracefiles a test run left in the working tree. */
export function discoveredTracefiles(workdir: string): Tracefile[] {
  const paths = globSync(DISCOVERED_TRACEFILES, { cwd: workdir, absolute: true, onlyFiles: true, ignore: NEVER_SEARCHED, expandDirectories: false });
  return sortedByShown(paths.map((path) => tracefileAt(path, workdir, workdir)));
}

function tracefileAt(path: string, workdir: string | null, cwd: string): Tracefile {
  const inTree = workdir !== null ? insideOf(workdir, path) : null;
  const folder = inTree === null ? null : inTree.split('/').slice(0, -1).join('/');
  return {
    absolute: path,
    shown: inTree ?? (insideOf(cwd, path) ?? path),
    folder: folder === null ? null : folder === '' ? '.' : folder,
    modified: statSync(path).mtime.toISOString(),
  };
}

/** `path` relative to `folder` with forward slashes, or null when outside it. */
function insideOf(folder: string, path: string): string | null {
  const rel = relative(folder, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? null : rel.split('\\').join('/');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sortedByShown(tracefiles: Iterable<Tracefile>): Tracefile[] {
  return [...tracefiles].sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}
