/**
 * Dependency changes: every lockfile that changed in the range is read at both ends and compared
 * version by version (see diff.ts). Lockfiles that did not change cannot have changed what they
 * pin, so they are never read. See README.md for formats, fields and choices.
 */
import type { Analyzer, AnalyzerResult, ExtractionCache, PathChoices, ResolvedRange } from '../../src/analyzer.js';
import { cachedExtraction } from '../../src/cache/cached-extraction.js';
import { isInFolder, isInScope } from '../../src/monorepo/scope.js';
import type { DependencyChange, DependencySummary } from '../../src/facts/schema.js';
import type { Repository } from '../../src/git/repository.js';
import type { Oid, TreeChange } from '../../src/git/types.js';
import { redactSecrets } from '../../src/redact.js';
import { comparePaths, folderOf, pathRules } from '../project/path-rules.js';
import { decodeText } from '../project/manifests/index.js';
import { diffLockfile, EMPTY_END, type LockfileEnd } from './diff.js';
import { bunLockFormat } from './formats/bun-lock.js';
import { NON_JS_FORMATS } from './formats/non-js.js';
import { packageLockFormat } from './formats/package-lock.js';
import { pnpmLockFormat } from './formats/pnpm-lock.js';
import { yarnLockFormat } from './formats/yarn-lock.js';
import { LockfileError, packageKey, type LockfileFormat } from './model.js';
import { packageJsonsChangedWithoutLockfile } from './stale-lockfiles.js';

type DependencyWarning = AnalyzerResult['warnings'][number];

/** The version of what one lockfile's reading gives (LockfileEnd, or why it was not read): bump it when a format's parser changes. */
const EXTRACTION_VERSION = 2;

export const LOCKFILE_FORMATS: readonly LockfileFormat[] = [packageLockFormat, yarnLockFormat, pnpmLockFormat, bunLockFormat, ...NON_JS_FORMATS];

export function lockfileFormatOf(path: string): LockfileFormat | null {
  return LOCKFILE_FORMATS.find((format) => format.matches(path)) ?? null;
}

export const dependenciesAnalyzer: Analyzer = {
  id: 'dependencies',
  title: 'Dependency changes from lockfiles',
  async analyze(range, { repo, paths, cache }) {
    // Vendored trees, fixtures and examples hold lockfiles that are not the project's.
    const rules = pathRules([], paths);
    const lockfiles = range.changes.filter((change) => lockfileFormatOf(change.path) && rules.isProjectSource(change.path));
    const shared = sharedLockfiles(range, paths);
    const compared = await Promise.all([
      ...lockfiles.map((change) => compareLockfile(repo, cache, range.mergeBase, range.toOid, change, null)),
      ...shared.map((change) => compareLockfile(repo, cache, range.mergeBase, range.toOid, change, paths!.scope!)),
    ]);
    const dependencies = compared.flatMap((c) => c.changes).map(withoutCredentials).sort(byDirectThenLockfile);
    const changedLockfiles = new Set([...lockfiles, ...shared].map((l) => l.path));
    const stale = await packageJsonsChangedWithoutLockfile(repo, range, changedLockfiles, rules);
    const read = compared.flatMap((c) => (c.covers ? [c.path] : [])).sort(comparePaths);
    return {
      facts: { dependencies, dependencySummary: summarise(read, dependencies) },
      warnings: [...compared.flatMap((c) => c.warnings), ...stale],
    };
  },
};

/**
 * With `--path`, the changed lockfiles in a folder above the scope: a workspace root's lockfile
 * (npm, yarn, pnpm, bun workspaces; a Cargo or uv workspace) pins the packages of the workspaces
 * inside the scope too. Only their share is reported (see compareLockfile).
 */
function sharedLockfiles(range: ResolvedRange, paths: PathChoices | undefined): TreeChange[] {
  const scope = paths?.scope ?? [];
  if (scope.length === 0 || !range.unscoped) return [];
  const rules = pathRules([], { ...paths!, scope: [] });
  return range.unscoped.changes.filter(
    (change) => lockfileFormatOf(change.path) && rules.isProjectSource(change.path) && !isInScope(change.path, scope) && scope.some((folder) => isInFolder(folder, folderOf(change.path))),
  );
}

interface ComparedLockfile {
  path: string;
  changes: DependencyChange[];
  warnings: DependencyWarning[];
  /** Whether it pins packages of the scope: any lockfile inside it; a shared one that a workspace inside it declares in. */
  covers: boolean;
}

/**
 * One lockfile at both ends; a side that cannot be read drops this lockfile's changes, with a
 * warning. For a lockfile shared with workspaces outside the scope (`scope` given), only the
 * changes of the workspaces inside it: their declarations alone make a change direct, and a
 * transitive change counts when their dependency graph reaches the version at either end.
 */
async function compareLockfile(repo: Repository, cache: ExtractionCache | undefined, base: Oid | null, to: Oid, change: TreeChange, scope: readonly string[] | null): Promise<ComparedLockfile> {
  const format = lockfileFormatOf(change.path)!;
  const oldPath = change.oldPath ?? change.path;
  try {
    const [before, after] = await Promise.all([
      base && change.oldOid ? readEnd(repo, cache, format, base, oldPath, change.oldOid, 'FROM') : EMPTY_END,
      change.newOid && change.status !== 'deleted' ? readEnd(repo, cache, format, to, change.path, change.newOid, 'TO') : EMPTY_END,
    ]);
    if (scope === null) return { path: change.path, changes: diffLockfile(format.ecosystem, change.path, before, after), warnings: [], covers: true };
    return shareOf(format, change.path, before, after, scope);
  } catch (error) {
    if (!(error instanceof UnreadLockfile)) throw error;
    return { path: change.path, changes: [], warnings: [{ message: error.message, path: change.path }], covers: true };
  }
}

function shareOf(format: LockfileFormat, path: string, before: LockfileEnd, after: LockfileEnd, scope: readonly string[]): ComparedLockfile {
  const isOurs = (workspace: string) => workspace !== '.' && isInScope(workspace, scope);
  const ours = (end: LockfileEnd): LockfileEnd => ({ ...end, direct: end.direct.filter((d) => isOurs(d.workspace)) });
  const covers = [before, after].some((end) => end.direct.some((d) => isOurs(d.workspace)));
  if (!covers) return { path, changes: [], warnings: [], covers };
  const reaches = (end: LockfileEnd, version: string | null, name: string) => version !== null && (end.reachedFrom?.get(packageKey(name, version)) ?? []).some(isOurs);
  const all = diffLockfile(format.ecosystem, path, ours(before), ours(after));
  const changes = all.filter((d) => d.direct || reaches(before, d.from, d.name) || reaches(after, d.to, d.name));
  const graphless = before.reachedFrom === undefined || after.reachedFrom === undefined;
  const unattributed = graphless ? all.filter((d) => !d.direct).length : 0;
  const warnings = unattributed === 0 ? [] : [{
    message: `${path} is shared with workspaces outside --path ${scope.join(', ')}, and its dependency graph is not read for this format: ${unattributed} ${unattributed === 1 ? 'change' : 'changes'} that no workspace inside declares ${unattributed === 1 ? 'is' : 'are'} left out, since they cannot be told apart by workspace. The direct changes of the workspaces inside are reported.`,
    path,
  }];
  return { path, changes, warnings, covers };
}

class UnreadLockfile extends Error {}

/**
 * One end of a lockfile, kept in the extraction cache by its blob, path and commit: a format may
 * read the manifests beside it at that commit (workspaces), so the commit is part of what it read.
 */
async function readEnd(repo: Repository, cache: ExtractionCache | undefined, format: LockfileFormat, commit: Oid, path: string, oid: Oid, end: 'FROM' | 'TO'): Promise<LockfileEnd> {
  const key = { analyzer: 'dependencies', version: EXTRACTION_VERSION, oid, parts: [path, commit] };
  const read = await cachedExtraction(cache, key, () => parseEnd(repo, format, commit, path, oid)).catch((error: unknown) => ({ unread: causeOf(error) }));
  // A parser's message may quote the file near the fault (Node's JSON errors do), and lockfiles can hold registry tokens.
  if ('unread' in read) throw new UnreadLockfile(`${path} was not read at ${end}: ${redactSecrets(read.unread)}. Its dependency changes are missing from the report.`);
  return read;
}

/** The lockfile's contents, or why the parser could not read them; a failure to read the repository is thrown instead, so that it is never kept. */
async function parseEnd(repo: Repository, format: LockfileFormat, commit: Oid, path: string, oid: Oid): Promise<LockfileEnd | { unread: string }> {
  let listing: Promise<string[]> | null = null;
  let repositoryFailed = false;
  const fromRepository = <T>(reading: Promise<T>) =>
    reading.catch((error: unknown) => {
      repositoryFailed = true;
      throw error;
    });
  const text = decodeText(await repo.readBlob(oid));
  try {
    const contents = await format.parse({
      path,
      text,
      read: async (other) => {
        const bytes = await fromRepository(repo.readFileAt(commit, other));
        return bytes ? decodeText(bytes) : null;
      },
      listPaths: () => (listing ??= fromRepository(repo.listFiles(commit)).then((entries) => entries.map((e) => e.path))),
    });
    return { packages: contents.packages, direct: contents.direct ?? [], ...(contents.reachedFrom ? { reachedFrom: contents.reachedFrom } : {}) };
  } catch (error) {
    if (repositoryFailed) throw error;
    return { unread: causeOf(error) };
  }
}

/** Anything a parser throws is about this file; an unexpected failure must not end the report either. */
function causeOf(error: unknown): string {
  return error instanceof LockfileError ? error.message : `reading it failed unexpectedly (${(error as Error).message})`;
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
