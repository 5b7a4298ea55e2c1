/**
 * Writing reports without losing anything: atomic (temp file in the same folder, fsync, rename),
 * and a Markdown report carries a digest of its own text so that a later run can tell a draft
 * nobody touched (safe to replace) from one a person edited (refused unless --force).
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

const DIGEST_LINE = /\n<!-- impl-draft:digest sha256:([0-9a-f]{64}) -->\n$/;

/** Appends the digest comment that marks a Markdown report as unedited output. */
export function sealMarkdown(text: string): string {
  return `${text}\n<!-- impl-draft:digest sha256:${sha256(text)} -->\n`;
}

/** True when the text is a sealed report whose body still matches its digest. */
export function isUneditedDraft(text: string): boolean {
  const match = DIGEST_LINE.exec(text);
  return match !== null && sha256(text.slice(0, match.index)) === match[1];
}

export interface WriteReportOptions {
  /** Replace a file even when a person edited it. */
  force: boolean;
  /** Whether the file is a Markdown report (protected) or a machine artefact such as JSON. */
  protectEdits: boolean;
}

export function writeOutputFile(path: string, content: string, options: WriteReportOptions): void {
  if (options.protectEdits && !options.force && existsSync(path) && !isUneditedDraft(readFileSync(path, 'utf8'))) {
    throw new UsageError(`${path} exists and was edited by hand (or not written by impl-draft); pass --force to replace it, or --out another file`);
  }
  writeAtomically(path, content);
}

export function writeAtomically(path: string, content: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) throw new UsageError(`cannot write ${path}: folder ${dir} does not exist; create it first`);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
