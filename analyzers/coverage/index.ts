/**
 * Coverage: the totals of the lcov tracefiles a test run wrote (./lcov.ts, ./figures.ts), the
 * figures of the files the range changed, and patch coverage, the share of the lines the range
 * added or changed that the tests ran (./patch.ts), from the repository layer's line diff. With
 * `--base-lcov`, the change of each total against the base's tracefiles.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { NO_TEST_OUTPUTS, type Analyzer, type AnalyzerResult, type ResolvedRange, type TestOutputs } from '../../src/analyzer.js';
import type { Coverage } from '../../src/facts/schema.js';
import { isInScope } from '../../src/monorepo/scope.js';
import { addedLineNumbers, isBinary } from '../../src/git/line-diff.js';
import type { Repository } from '../../src/git/repository.js';
import type { TreeChange } from '../../src/git/types.js';
import { comparePaths, pathRules } from '../project/path-rules.js';
import { isRegular, regularFilesAt } from '../shared/range-ends.js';
import { testLanguageOf } from '../tests/conventions.js';
import { countOf, deltaOf, figuresOf, mergeInto } from './figures.js';
import { LcovError, readLcov, type SourceCoverage } from './lcov.js';
import { patchCoverageOf, type PatchFile } from './patch.js';
import { isAbsolutePath, SourcePathMapper } from './source-paths.js';
import { foundInputFiles, isFileSystemError, namedInputFiles, type InputFile as Tracefile } from '../shared/input-files.js';

type CoverageWarning = AnalyzerResult['warnings'][number];

/** Where test runners write lcov by default; searched only when `--lcov` is not given. */
export const DISCOVERED_TRACEFILES = ['coverage/lcov.info', '**/coverage/lcov.info'];
const MAKING_TRACEFILES = 'run the tests with coverage and the lcov reporter first';

export const coverageAnalyzer: Analyzer = {
  id: 'coverage',
  title: 'Coverage from lcov tracefiles, in total and of the lines the range changed',
  async analyze(range, { repo, paths, testOutputs = NO_TEST_OUTPUTS }) {
    const tracefiles = await tracefilesFor(testOutputs, repo, range);
    const baseTracefiles = namedInputFiles('--base-lcov', testOutputs.baseLcov, repo.workdir, MAKING_TRACEFILES);
    if (tracefiles.length === 0) return { facts: { coverage: null }, warnings: [] };

    const warnings: CoverageWarning[] = [];
    const scope = paths?.scope ?? [];
    const listing = await regularFilesAt(repo, range.toOid);
    const mapper = (tracefile: Tracefile) =>
      new SourcePathMapper({ files: new Set(listing.keys()), workdir: repo.workdir, tracefileFolder: tracefile.folder, root: testOutputs.coverageRoot });
    const now = await readCoverage(tracefiles, mapper, warnings, true, scope.length > 0);
    if (now.read.length === 0) return { facts: { coverage: null }, warnings };
    const base = baseTracefiles.length > 0 ? await readCoverage(baseTracefiles, mapper, warnings, false, scope.length > 0) : null;

    const totals = figuresOf(measuredIn(now, scope));
    const changed = range.changes.filter((c) => c.status !== 'deleted' && c.newOid && isRegular(c.newMode) && !c.binary);
    const files: Coverage['files'] = [];
    const patchFiles: PatchFile[] = [];
    for (const change of changed) {
      const source = now.byPath.get(change.path);
      if (!source) continue;
      files.push({ path: change.path, ...figuresOf([source]) });
      const patch = await patchOf(repo, change, source, warnings);
      if (patch) patchFiles.push(patch);
    }
    const patchFound = patchFiles.reduce((sum, f) => sum + f.lines.found, 0);
    const patchHit = patchFiles.reduce((sum, f) => sum + f.lines.hit, 0);
    const coverage: Coverage = {
      sources: [...now.read, ...(base?.read ?? [])],
      totals,
      files: files.sort((a, b) => comparePaths(a.path, b.path)),
      patch: {
        lines: countOf(patchFound, patchHit),
        files: patchFiles.sort((a, b) => comparePaths(a.path, b.path)),
        unmeasured: unmeasuredFiles(changed, now.byPath, pathRules([], paths)),
      },
      delta: base && base.read.length > 0 ? deltaOf(totals, figuresOf(measuredIn(base, scope))) : null,
    };
    return { facts: { coverage }, warnings };
  },
};

/**
 * `--lcov`, else the working tree's own tracefiles; those describe the checked-out commit, so
 * they are only taken when TO is that commit.
 */
async function tracefilesFor(outputs: TestOutputs, repo: Repository, range: ResolvedRange): Promise<Tracefile[]> {
  if (outputs.lcov.length > 0) return namedInputFiles('--lcov', outputs.lcov, repo.workdir, MAKING_TRACEFILES);
  if (repo.workdir === null) return [];
  const head = await repo.resolveCommit('HEAD').catch(() => null);
  return head === range.toOid ? foundInputFiles(DISCOVERED_TRACEFILES, repo.workdir, repo.workdir) : [];
}

interface CoverageReading {
  /** The tracefiles read, for the facts. */
  read: Coverage['sources'];
  /** Coverage by repository path, summed over the tracefiles. */
  byPath: Map<string, SourceCoverage>;
  /** Coverage of `SF:` paths that name no file at TO, by path as written: they still count in the totals. */
  unmatched: Map<string, SourceCoverage>;
}

/**
 * What the totals count: every file the tracefiles measured; with `--path`, only the files in its
 * folders (a tracefile path that names no file at TO cannot be placed, so it is left out).
 */
function measuredIn(reading: CoverageReading, scope: readonly string[]): SourceCoverage[] {
  if (scope.length === 0) return [...reading.byPath.values(), ...reading.unmatched.values()];
  return [...reading.byPath].filter(([path]) => isInScope(path, scope)).map(([, source]) => source);
}

async function readCoverage(tracefiles: Tracefile[], mapperFor: (t: Tracefile) => SourcePathMapper, warnings: CoverageWarning[], current: boolean, scoped: boolean): Promise<CoverageReading> {
  const reading: CoverageReading = { read: [], byPath: new Map(), unmatched: new Map() };
  for (const tracefile of tracefiles) {
    let sources: SourceCoverage[];
    try {
      const lcov = await readLcov(readFileSync(tracefile.absolute, 'utf8'));
      sources = lcov.sources;
      for (const problem of lcov.problems) warnings.push({ message: `${tracefile.shown} ${problem}.`, path: tracefile.shown });
    } catch (error) {
      if (!(error instanceof LcovError) && !isFileSystemError(error)) throw error;
      warnings.push({ message: `${tracefile.shown} was not read: it ${error instanceof LcovError ? error.message : `cannot be opened (${(error as Error).message})`}.`, path: tracefile.shown });
      continue;
    }
    reading.read.push({ path: tracefile.shown, modified: tracefile.modified, base: !current });
    const mapper = mapperFor(tracefile);
    const missing: string[] = [];
    for (const source of sources) {
      const path = mapper.map(source.source);
      if (path === null) missing.push(source.source);
      const into = path === null ? reading.unmatched : reading.byPath;
      const key = path ?? source.source;
      const existing = into.get(key);
      if (existing) mergeInto(existing, source);
      else into.set(key, { ...source, lines: new Map(source.lines), functions: new Map(source.functions), branches: new Map(source.branches) });
    }
    // The base's tracefiles describe another commit: their files may well be gone at TO.
    if (current && missing.length > 0) warnings.push({ message: unmatchedMessage(tracefile, missing, sources.length, scoped), path: tracefile.shown });
  }
  return reading;
}

function unmatchedMessage(tracefile: Tracefile, missing: string[], total: number, scoped: boolean): string {
  const example = missing[0]!;
  const hint = isAbsolutePath(example)
    ? 'if the tests ran on another machine, pass --coverage-root with the folder they ran in (the part of the path before the repository\'s own paths)'
    : 'if the paths are relative to another folder, pass --coverage-root with that folder (from the repository root)';
  return `${tracefile.shown}: ${missing.length} of ${total} source files are not in the repository at TO (such as ${example}); ${hint}, or the tracefile was made from another commit. ${scoped ? 'They are left out of the totals: --path cannot place them.' : 'They count in the totals only.'}`;
}

/** The file's figures at TO and the coverage of its added lines; null when it added none. */
async function patchOf(repo: Repository, change: TreeChange, source: SourceCoverage, warnings: CoverageWarning[]): Promise<PatchFile | null> {
  const after = await repo.readBlob(change.newOid!);
  const before = change.status === 'added' || !change.oldOid ? Buffer.alloc(0) : await repo.readBlob(change.oldOid);
  if (isBinary(after) || isBinary(before)) return null;
  const lineCount = countLines(after);
  let lastCovered = 0;
  for (const line of source.lines.keys()) lastCovered = Math.max(lastCovered, line);
  if (lastCovered > lineCount) {
    warnings.push({
      message: `The coverage of ${change.path} reaches line ${lastCovered}, but the file has ${lineCount} lines at TO: the tracefile was made from another version of it, so its changed lines are not counted.`,
      path: change.path,
    });
    return null;
  }
  const added = addedLineNumbers(before, after);
  return added.length === 0 ? null : patchCoverageOf(change.path, added, source.lines);
}

function countLines(data: Buffer): number {
  let count = 0;
  for (let at = data.indexOf(0x0a); at !== -1; at = data.indexOf(0x0a, at + 1)) count++;
  return data.length > 0 && data[data.length - 1] !== 0x0a ? count + 1 : count;
}

/**
 * Changed source files no tracefile mentions: code the tests never loaded, which per-file
 * coverage tools leave out rather than count as 0%. Only files like the measured ones are
 * listed: the same extension, under a top-level folder that holds measured files, not tests.
 */
function unmeasuredFiles(changed: TreeChange[], byPath: ReadonlyMap<string, SourceCoverage>, rules: ReturnType<typeof pathRules>): string[] {
  const extensions = new Set([...byPath.keys()].map((p) => posix.extname(p)));
  const tops = new Set([...byPath.keys()].map(topFolder));
  return changed
    .map((c) => c.path)
    .filter((path) => !byPath.has(path) && extensions.has(posix.extname(path)) && tops.has(topFolder(path)) && rules.isProjectSource(path) && testLanguageOf(path) === null)
    .sort(comparePaths);
}

function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
