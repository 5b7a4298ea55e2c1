/**
 * The lockfile fixtures of test/fixtures/lockfiles/<ecosystem>/<case>/{before,after}/, written by
 * the real tools (make-non-js-lockfiles.mjs), as the LockfileSource a parser is given: the
 * lockfile and read access to the other files of the same commit.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LockfileError, type LockfileSource } from '../../../../analyzers/dependencies/model.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/lockfiles/', import.meta.url));

/** The folder holding one side of one fixture, e.g. `cargo/workspace`, `before`. */
export function fixtureSide(fixture: string, side: 'before' | 'after'): string {
  return join(FIXTURES, fixture, side);
}

/** Every file under a folder, as paths relative to it with `/` separators. */
export function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(root, full).split('\\').join('/'));
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

/** The text of a fixture file, for the tests' own independent readings. */
export function fixtureText(fixture: string, side: 'before' | 'after', path: string): string {
  return readFileSync(join(fixtureSide(fixture, side), path), 'utf8');
}

/** A LockfileSource over one side of a fixture: the repository as it was at that commit (the files kept of it). */
export function fixtureSource(fixture: string, side: 'before' | 'after', path: string): LockfileSource {
  const root = fixtureSide(fixture, side);
  return sourceOf(path, (other) => (existsSync(join(root, other)) ? readFileSync(join(root, other), 'utf8') : null), () => filesUnder(root));
}

/** A LockfileSource over text given inline, with optional other files of the same commit. */
export function inlineSource(path: string, text: string, others: Record<string, string> = {}): LockfileSource {
  const files = { ...others, [path]: text };
  return sourceOf(path, (other) => files[other] ?? null, () => Object.keys(files).sort());
}

function sourceOf(path: string, read: (other: string) => string | null, list: () => string[]): LockfileSource {
  const text = read(path);
  if (text === null) throw new Error(`no file ${path} in this fixture`);
  return { path, text, read: async (other) => read(other), listPaths: async () => list() };
}

/** The LockfileError a parse ends with; any other outcome fails the test. */
export async function lockfileErrorOf(parsing: Promise<unknown>): Promise<LockfileError> {
  try {
    await parsing;
  } catch (error) {
    if (error instanceof LockfileError) return error;
    throw error;
  }
  throw new Error('expected a LockfileError, but the file was read');
}

/** The text with a git merge conflict around lines `from` to `to` (1-based), as `git merge` leaves it. */
export function withConflictMarkers(text: string, from: number, to: number): string {
  const lines = text.split('\n');
  const ours = lines.slice(from - 1, to);
  return [...lines.slice(0, from - 1), '<<<<<<< HEAD', ...ours, '=======', ...ours, '>>>>>>> main', ...lines.slice(to)].join('\n');
}
