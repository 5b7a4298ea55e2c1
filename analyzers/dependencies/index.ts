/**
 * Dependency changes: every lockfile that changed in the range is read at both ends and compared
 * version by version (see diff.ts). Lockfiles that did not change cannot have changed what they
 * pin, so they are never read. See README.md for formats, fields and choices.
 */
import type { Analyzer, AnalyzerResult } from '../../src/analyzer.js';
import type { DependencyChange, DependencySummary } from '../../src/facts/schema.js';
import type { Repository } from '../../src/git/repository.js';
import type { Oid, TreeChange } from '../../src/git/types.js';
import { redactSecrets } from '../../src/redact.js';
import { comparePaths, pathRules } from '../project/path-rules.js';
import { decodeText } from '../project/manifests/index.js';
import { diffLockfile, EMPTY_END, type LockfileEnd } from './diff.js';
import { bunLockFormat } from './formats/bun-lock.js';
import { NON_JS_FORMATS } from './formats/non-js.js';
import { packageLockFormat } from './formats/package-lock.js';
import { pnpmLockFormat } from './formats/pnpm-lock.js';
import { yarnLockFormat } from './formats/yarn-lock.js';
import { LockfileError, type LockfileFormat } from './model.js';
import { packageJsonsChangedWithoutLockfile } from './stale-lockfiles.js';

type DependencyWarning = AnalyzerResult['warnings'][number];

export const LOCKFILE_FORMATS: readonly LockfileFormat[] = [packageLockFormat, yarnLockFormat, pnpmLockFormat, bunLockFormat, ...NON_JS_FORMATS];

export function lockfileFormatOf(path: string): LockfileFormat | null {
  return LOCKFILE_FORMATS.find((format) => format.matches(path)) ?? null;
}

export const dependenciesAnalyzer: Analyzer = {
  id: 'dependencies',
  title: 'Dependency changes from lockfiles',
  async analyze(range, { repo, paths }) {
    // Vendored trees, fixtures and examples hold lockfiles that are not the project's.
    const rules = pathRules([], paths);
    const lockfiles = range.changes.filter((change) => lockfileFormatOf(change.path) && rules.isProjectSource(change.path)).sort((a, b) => comparePaths(a.path, b.path));
    const compared = await Promise.all(lockfiles.map((change) => compareLockfile(repo, range.mergeBase, range.toOid, change)));
    const dependencies = compared.flatMap((c) => c.changes).map(withoutCredentials).sort(byDirectThenLockfile);
    const stale = await packageJsonsChangedWithoutLockfile(repo, range, new Set(lockfiles.map((l) => l.path)), rules);
    return {
      facts: { dependencies, dependencySummary: summarise(lockfiles.map((l) => l.path), dependencies) },
      warnings: [...compared.flatMap((c) => c.warnings), ...stale],
    };
  },
};

/** One lockfile at both ends; a side that cannot be read drops this lockfile's changes, with a warning. */
async function compareLockfile(repo: Repository, base: Oid | null, to: Oid, change: TreeChange): Promise<{ changes: DependencyChange[]; warnings: DependencyWarning[] }> {
  const format = lockfileFormatOf(change.path)!;
  const oldPath = change.oldPath ?? change.path;
  try {
    const [before, after] = await Promise.all([
      base && change.oldOid ? readEnd(repo, format, base, oldPath, change.oldOid, 'FROM') : EMPTY_END,
      change.newOid && change.status !== 'deleted' ? readEnd(repo, format, to, change.path, change.newOid, 'TO') : EMPTY_END,
    ]);
    return { changes: diffLockfile(format.ecosystem, change.path, before, after), warnings: [] };
  } catch (error) {
    if (!(error instanceof UnreadLockfile)) throw error;
    return { changes: [], warnings: [{ message: error.message, path: change.path }] };
  }
}

class UnreadLockfile extends Error {}

async function readEnd(repo: Repository, format: LockfileFormat, commit: Oid, path: string, oid: Oid, end: 'FROM' | 'TO'): Promise<LockfileEnd> {
  let listing: Promise<string[]> | null = null;
  try {
    const contents = await format.parse({
      path,
      text: decodeText(await repo.readBlob(oid)),
      read: async (other) => {
        const bytes = await repo.readFileAt(commit, other);
        return bytes ? decodeText(bytes) : null;
      },
      listPaths: () => (listing ??= repo.listFiles(commit).then((entries) => entries.map((e) => e.path))),
    });
    return { packages: contents.packages, direct: contents.direct ?? [] };
  } catch (error) {
    // Anything a parser throws is about this file; an unexpected failure must not end the report either.
    // A parser's message may quote the file near the fault (Node's JSON errors do), and lockfiles can hold registry tokens.
    const cause = redactSecrets(error instanceof LockfileError ? error.message : `reading it failed unexpectedly (${(error as Error).message})`);
    throw new UnreadLockfile(`${path} was not read at ${end}: ${cause}. Its dependency changes are missing from the report.`);
  }
}

/**
 * A version or range that is a URL may carry the credentials of a private registry or git host
 * (`https://deploy:s3cret@host/pkg.tgz`, `https://<token>@github.com/...`): a report never shows them.
 */
function withoutCredentials(change: DependencyChange): DependencyChange {
  const clean = (text: string | null) => (text === null ? null : text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1'));
  return { ...change, from: clean(change.from), to: clean(change.to), range: clean(change.range) };
}

function byDirectThenLockfile(a: DependencyChange, b: DependencyChange): number {
  return (
    Number(b.direct) - Number(a.direct) ||
    comparePaths(a.manifest, b.manifest) ||
    compareText(a.name, b.name) ||
    compareText(a.from ?? '', b.from ?? '') ||
    compareText(a.to ?? '', b.to ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarise(lockfiles: string[], dependencies: DependencyChange[]): DependencySummary {
  const counts = (direct: boolean) => {
    const byChange = { added: 0, removed: 0, upgraded: 0, downgraded: 0, changed: 0 };
    const byBump = { major: 0, minor: 0, patch: 0, prerelease: 0, 'non-semver': 0 };
    for (const dependency of dependencies.filter((d) => d.direct === direct)) {
      byChange[dependency.change] += 1;
      if (dependency.bump) byBump[dependency.bump] += 1;
    }
    return { byChange, byBump };
  };
  return { lockfiles, direct: counts(true), transitive: counts(false) };
}
