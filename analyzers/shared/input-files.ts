/**
 * Files a run reads beside the repository (coverage tracefiles, test results), named on the
 * command line as files or globs from the current folder. They are outputs of a test run, not
 * part of the history, so they are read from disk.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../../src/errors.js';

export interface InputFile {
  /** Absolute path on this machine. */
  absolute: string;
  /** Relative to the working tree when inside it, else as reached from the current folder: for reports. */
  shown: string;
  /** The file's folder relative to the repository root ('.' for the root), when inside the working tree. */
  folder: string | null;
  /** The file's modification time, ISO 8601. */
  modified: string;
}

const NEVER_SEARCHED = ['**/node_modules/**', '**/.git/**'];

/**
 * The files `patterns` name, sorted. A pattern that names nothing is the user's mistake: `hint`
 * says how such a file is made.
 */
export function namedInputFiles(flag: string, patterns: readonly string[], workdir: string | null, hint: string, cwd = process.cwd()): InputFile[] {
  const found = new Map<string, InputFile>();
  for (const pattern of patterns) {
    const paths = isDynamicPattern(pattern) ? searchFiles(pattern, cwd) : [resolve(cwd, pattern)].filter(isFile);
    if (paths.length === 0) throw new UsageError(`${flag} ${pattern}: no such file; ${hint}, or check the path (relative to ${cwd})`);
    for (const path of paths) found.set(path, inputFileAt(path, workdir, cwd));
  }
  return sortedByShown(found.values());
}

/** Files matching `patterns` in a folder, outside dependencies and git's own folder. */
export function foundInputFiles(patterns: string[], folder: string, workdir: string | null): InputFile[] {
  return sortedByShown(searchFiles(patterns, folder).map((path) => inputFileAt(path, workdir, folder)));
}

function searchFiles(patterns: string | string[], cwd: string): string[] {
  return globSync(patterns, { cwd, absolute: true, onlyFiles: true, ignore: NEVER_SEARCHED, expandDirectories: false });
}

function inputFileAt(path: string, workdir: string | null, cwd: string): InputFile {
  const inTree = workdir !== null ? insideOf(workdir, path) : null;
  const folder = inTree === null ? null : inTree.split('/').slice(0, -1).join('/') || '.';
  return { absolute: path, shown: inTree ?? insideOf(cwd, path) ?? path, folder, modified: statSync(path).mtime.toISOString() };
}

/** `path` relative to `folder` with forward slashes, or null when outside it. */
function insideOf(folder: string, path: string): string | null {
  const rel = relative(folder, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? null : rel.split('\\').join('/');
}

/** An error of the file system (ENOENT, EACCES, EISDIR…), as reading an input file gives: the file is unusable, not the run. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sortedByShown(files: Iterable<InputFile>): InputFile[] {
  return [...files].sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}
