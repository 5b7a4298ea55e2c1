/**
 * A lockfile fixture case (a before and an after folder of real files) replayed as a real
 * two-commit history, and the dependencies analyzer's facts for it, computed once per case.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dependenciesAnalyzer } from '../../analyzers/dependencies/index.js';
import type { AnalyzerResult } from '../../src/analyzer.js';
import type { DependencyChange } from '../../src/facts/schema.js';
import { TestRepo } from './repo-builder.js';
import { runAnalyzer } from './run-analyzer.js';

export interface LockfileCase {
  case: string;
  files: { before: string[]; after: string[] };
}

export interface LockfileCaseFacts {
  changes: DependencyChange[];
  warnings: AnalyzerResult['warnings'];
}

/** Tag `before` with the before files, then HEAD with the after files (and the others deleted). */
function replay(fixtures: string, fixture: LockfileCase): TestRepo {
  const repo = new TestRepo();
  const read = (side: 'before' | 'after', path: string) => readFileSync(join(fixtures, fixture.case, side, path));
  repo.commit('before', Object.fromEntries(fixture.files.before.map((path) => [path, read('before', path)])));
  repo.tag('before');
  const gone = fixture.files.before.filter((path) => !fixture.files.after.includes(path));
  repo.commit('after', { ...Object.fromEntries(gone.map((path) => [path, null])), ...Object.fromEntries(fixture.files.after.map((path) => [path, read('after', path)])) });
  return repo;
}

/** The analyzer's facts for a case, from `before` to HEAD; the repository is removed once read. */
export function lockfileCaseFacts(fixtures: string, fixture: LockfileCase): () => Promise<LockfileCaseFacts> {
  let facts: Promise<LockfileCaseFacts> | null = null;
  return () =>
    (facts ??= (async () => {
      const repo = replay(fixtures, fixture);
      try {
        const run = await runAnalyzer(dependenciesAnalyzer, repo.dir, { from: 'before' });
        return { changes: run.facts.dependencies ?? [], warnings: run.warnings };
      } finally {
        rmSync(repo.dir, { recursive: true, force: true });
      }
    })());
}
