/**
 * The analyzer contract. An analyzer reads the resolved range through the repository layer and
 * returns typed, serialisable facts for its own key of the facts model; it never renders and never
 * touches git except through `ctx.repo`.
 */
import type { Facts, Warning } from './facts/schema.js';
import type { Repository } from './git/repository.js';
import type { Oid, RangeCommit, TreeChange } from './git/types.js';
import type { RangeFact } from './facts/schema.js';

/** The range as the range engine resolved it, shared by every analyzer. */
export interface ResolvedRange extends RangeFact {
  /** `git rev-list TO ^FROM`, in git's order, with per-commit line counts. */
  commits: RangeCommit[];
  /** The net change between the merge base (FROM itself when it is an ancestor of TO) and TO. */
  changes: TreeChange[];
  /**
   * With `--path`: the whole range's commits and changes, of which `commits` and `changes` keep
   * those in the scope (src/monorepo/scope.ts). Work items follow the history's shape through
   * it; a workspace root's lockfile above the scope is found in it. Absent without `--path`.
   */
  unscoped?: { commits: RangeCommit[]; changes: TreeChange[] };
}

/**
 * The user's word on which paths are the project's, over the defaults of
 * analyzers/project/path-rules.ts (vendored, hidden and build-output folders, fixtures, examples).
 */
export interface PathChoices {
  /** Globs never read for code facts (env, routes, migrations, lockfiles, manifests, languages), as if vendored. */
  ignore: readonly string[];
  /** Globs read even inside a folder skipped by default (`vendor/**`, `examples/**`). */
  include: readonly string[];
  /** `--path`: the folders every fact is restricted to, from the repository root; absent or empty means the whole repository. */
  scope?: readonly string[];
}

export const DEFAULT_PATH_CHOICES: PathChoices = { ignore: [], include: [] };

/** Test outputs read beside the repository: coverage tracefiles and test results. */
export interface TestOutputs {
  /** lcov tracefiles or globs (from the current folder); empty means those found in the working tree. */
  lcov: readonly string[];
  /** Tracefiles of the base, to compare the totals with. */
  baseLcov: readonly string[];
  /** The folder the tracefiles' paths were written from, on the machine that ran the tests. */
  coverageRoot: string | null;
  /** JUnit XML files or globs. */
  junit: readonly string[];
}

export const NO_TEST_OUTPUTS: TestOutputs = { lcov: [], baseLcov: [], coverageRoot: null, junit: [] };

/**
 * Per-file extractions kept between runs (src/cache/): what reading and parsing one blob gave, so
 * that a re-run does not read that blob again. Values are plain data (Maps and Sets allowed), the
 * warnings about the file included, so that a cached run gives the same facts. A miss, a damaged
 * entry and a cache that cannot be written all look alike: undefined.
 */
export interface ExtractionCache {
  get(key: ExtractionKey): Promise<unknown>;
  /** Keeps the value as it is now: later changes to it are not kept. */
  set(key: ExtractionKey, value: unknown): void;
}

export interface ExtractionKey {
  /** The analyzer's id. */
  analyzer: string;
  /** The analyzer's extraction version: bump it whenever an extraction would give another value for the same key. */
  version: number;
  /** The blob read. */
  oid: Oid;
  /** Whatever else the value depends on: what is extracted, by which extractor, the path when behaviour follows it. */
  parts: readonly string[];
}

/** Where the user's configuration says migrations and route files are (`migrations.paths`, `routes.paths`). */
export interface Locations {
  /** Folders whose SQL and JavaScript files are migrations, whatever the conventions say. */
  migrations: readonly string[];
  /** Globs read for routes even where paths are skipped by default. */
  routes: readonly string[];
}

export const NO_LOCATIONS: Locations = { migrations: [], routes: [] };

export interface AnalyzerContext {
  repo: Repository;
  /** Absent means the conventions alone. */
  locations?: Locations;
  /** Absent means none (`--no-cache`): every file is read. */
  cache?: ExtractionCache;
  /** Absent means the defaults alone. */
  paths?: PathChoices;
  /** Absent means none named: tracefiles are then looked for in the working tree. */
  testOutputs?: TestOutputs;
}

/** The keys of the facts model an analyzer may fill, with their types. */
export type AnalyzerFacts = Pick<Facts, 'commits' | 'authors' | 'files' | 'workItems' | 'todos' | 'project' | 'dependencies' | 'dependencySummary' | 'env' | 'routes' | 'migrations' | 'coverage' | 'tests'>;

export interface AnalyzerResult {
  facts: Partial<AnalyzerFacts>;
  warnings: Omit<Warning, 'analyzer'>[];
}

export interface Analyzer {
  /** Folder name = `--only`/`--skip` value = the facts key it fills. */
  id: string;
  title: string;
  analyze(range: ResolvedRange, ctx: AnalyzerContext): Promise<AnalyzerResult>;
}
