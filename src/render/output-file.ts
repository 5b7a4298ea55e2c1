/**
 * Writing outputs without losing anything: atomically (a temporary file in the same folder,
 * fsync, rename), and never over a Markdown report a person edited unless told to.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { readReport } from './report-document.js';

export interface WriteReportOptions {
  /** Replace a file even when a person edited it. */
  force: boolean;
  /** Whether the file is a Markdown report (protected) or a machine artefact such as JSON. */
  protectEdits: boolean;
}

export function writeOutputFile(path: string, content: string, options: WriteReportOptions): void {
  writeOutputFiles([{ path, content, protectEdits: options.protectEdits }], options.force);
}

export interface OutputFile {
  path: string;
  content: string;
  /** A Markdown report (never replaced once a person edited it) rather than a machine artefact. */
  protectEdits: boolean;
}

/**
 * Several outputs of one run (the report and its facts), side by side: every check is made and
 * every file written to a temporary name before the first is renamed into place, so a failure
 * leaves the old set, not a report without its facts.
 */
export function writeOutputFiles(files: readonly OutputFile[], force: boolean): void {
  for (const { path, protectEdits } of files) {
    if (protectEdits && !force && existsSync(path) && !readReport(readFileSync(path, 'utf8')).untouched) {
      throw new UsageError(`${path} exists and was edited by hand (or not written by impl-draft); use --update ${path} to re-draft it keeping what people wrote, or --force to replace it`);
    }
  }
  const staged: Array<{ temp: string; path: string }> = [];
  try {
    for (const { path, content } of files) staged.push({ temp: stageFile(path, content), path });
    for (const { temp, path } of staged) renameSync(temp, path);
  } catch (error) {
    for (const { temp } of staged) if (existsSync(temp)) unlinkSync(temp);
    throw error;
  }
}

export function writeAtomically(path: string, content: string): void {
  writeOutputFiles([{ path, content, protectEdits: false }], true);
}

/** The content in a temporary file beside `path`, synced to disk; returns its name. */
function stageFile(path: string, content: string): string {
  const dir = dirname(path);
  if (!existsSync(dir)) throw new UsageError(`cannot write ${path}: folder ${dir} does not exist; create it first`);
  // A replaced file keeps its permissions.
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}
