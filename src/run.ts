/**
 * The pipeline, nothing else: open the repository, resolve the range, run the analyzers, assemble
 * the facts; render them through a template; re-draft into an existing report.
 */
import { analyzers as registry } from '../analyzers/index.js';
import type { Analyzer, AnalyzerContext, AnalyzerResult, Locations, PathChoices, ResolvedRange, TestOutputs } from './analyzer.js';
import { ImplDraftError, UsageError } from './errors.js';
import { redactSecrets } from './redact.js';
import { assembleFacts, serialiseFacts } from './facts/assemble.js';
import type { Facts } from './facts/schema.js';
import { openRepository, type EngineChoice } from './git/open.js';
import { resolveRange } from './range.js';
import { scopeRange } from './monorepo/scope.js';
import { mergeVariables } from './config/variables.js';
import { readReport } from './render/report-document.js';
import { toolVersion } from './version.js';
import { openExtractionCache } from './cache/index.js';

export type OutputFormat = 'md' | 'json';

/** The built-in template used when none is named: fits a pull request and a release alike. */
export const DEFAULT_TEMPLATE = 'implementation-summary';

export interface CollectOptions {
  /** Any folder inside the repository (default: the current directory). */
  repo?: string;
  /** FROM; omitted means the newest tag reachable from TO's parent. */
  from?: string;
  /** TO (default HEAD). */
  to?: string;
  only?: string[];
  skip?: string[];
  engine?: EngineChoice;
  /** Globs never read for code facts, and globs read even inside folders skipped by default. */
  ignore?: string[];
  include?: string[];
  /** `--path`: folders from the repository root that every fact is restricted to (src/monorepo/scope.ts). */
  paths?: string[];
  /** lcov tracefiles or globs, from the current folder (default: those a test run left in the working tree, when TO is checked out). */
  lcov?: string[];
  /** The base's tracefiles, to compare the coverage totals with. */
  baseLcov?: string[];
  /** The folder the tracefiles' paths were written from. */
  coverageRoot?: string;
  /** JUnit XML files or globs. */
  junit?: string[];
  /** Reuse and keep per-file extractions in the on-disk cache (src/cache/); false is `--no-cache`. Default true. */
  cache?: boolean;
  /** Folders of migrations and globs of route files, beyond the conventions (the config's `migrations.paths`, `routes.paths`). */
  locations?: { migrations?: string[]; routes?: string[] };
  /** Hears what the run is doing, for a progress line on a terminal. */
  onProgress?: (text: string) => void;
}

export async function collectFacts(options: CollectOptions = {}): Promise<Facts> {
  const selected = selectAnalyzers(options.only, options.skip);
  const paths: PathChoices = { ignore: checkedGlobs('--ignore', options.ignore), include: checkedGlobs('--include', options.include) };
  const locations: Locations = {
    migrations: checkedGlobs('migrations.paths', options.locations?.migrations).map((folder) => folder.replace(/^\.\//, '').replace(/\/+$/, '')),
    routes: checkedGlobs('routes.paths', options.locations?.routes),
  };
  const testOutputs: TestOutputs = { lcov: options.lcov ?? [], baseLcov: options.baseLcov ?? [], coverageRoot: options.coverageRoot ?? null, junit: options.junit ?? [] };
  const repo = await openRepository(options.repo ?? process.cwd(), options.engine ?? 'auto');
  const cache = options.cache === false ? undefined : openExtractionCache();
  try {
    options.onProgress?.('Resolving the range');
    const range = await scopeRange(repo, await resolveRange(repo, { from: options.from, to: options.to ?? 'HEAD' }), options.paths);
    let finished = 0;
    const progress = (id: string) => options.onProgress?.(`Analysing ${range.commits.length} commits: ${id} done (${++finished} of ${selected.length})`);
    options.onProgress?.(`Analysing ${range.commits.length} commits with ${selected.length} analyzers`);
    // Independent readers of the range, mostly waiting on object reads: run together, the native
    // engine pipelines their reads; results keep the registry's order.
    const outcomes = await Promise.all(selected.map(async (analyzer) => ({ id: analyzer.id, outcome: await runIsolated(analyzer, range, { repo, paths: { ...paths, scope: range.paths ?? [] }, locations, testOutputs, cache }).finally(() => progress(analyzer.id)) })));
    const results = outcomes.flatMap(({ id, outcome }) => ('result' in outcome ? [{ id, result: outcome.result }] : []));
    const failed = outcomes.flatMap(({ id, outcome }) => ('failure' in outcome ? [{ id, message: outcome.failure }] : []));
    return assembleFacts({ toolVersion: toolVersion(), repositoryName: repo.name, range, results, failed });
  } finally {
    await cache?.flush();
    await repo.close();
  }
}

/**
 * One analyzer's bug must not cost the whole report: an unexpected error becomes a warning and the
 * analyzer's sections say "Not analysed". Errors about the input (ImplDraftError: a corrupt object,
 * a missing git) still end the run, since every analyzer would meet them.
 */
export async function runIsolated(analyzer: Analyzer, range: ResolvedRange, ctx: AnalyzerContext): Promise<{ result: AnalyzerResult } | { failure: string }> {
  try {
    return { result: await analyzer.analyze(range, ctx) };
  } catch (error) {
    if (error instanceof ImplDraftError || !(error instanceof Error)) throw error;
    if (process.env['IMPL_DRAFT_DEBUG']) process.stderr.write(`${error.stack ?? error.message}\n`);
    return { failure: redactSecrets(error.message) };
  }
}

export interface RenderOptions {
  /** A built-in template name or the path of a Handlebars file (default: implementation-summary). */
  template?: string;
  /** A folder of partials (`*.hbs`) that templates can include, replacing built-in ones of the same name. */
  partials?: string;
  /** Values facts cannot know (phase, step, feature name), available to templates as `vars`. */
  vars?: Record<string, unknown>;
  /** Narrative blocks to leave out. */
  omit?: ReadonlySet<string>;
  /** Mermaid charts of the activity facts (`--charts`): templates see it as `options.charts`. */
  charts?: boolean;
}

/** Handlebars and the re-draft are loaded only by the runs that render, not by `--format json`. */
const loadRendering = async () => ({ ...(await import('./render/template-engine.js')), ...(await import('./render/redraft.js')) });

/** The facts as JSON, or as a Markdown report (without the seal a drafted file gets). */
export async function render(facts: Facts, format: OutputFormat, options: RenderOptions = {}): Promise<string> {
  if (format === 'json') return serialiseFacts(facts);
  const { loadTemplate, renderTemplate } = await loadRendering();
  const template = loadTemplate(options.template ?? DEFAULT_TEMPLATE);
  return renderTemplate(template, { ...facts, vars: options.vars ?? {}, options: { charts: options.charts === true } }, { partialsDir: options.partials, omitNarratives: options.omit });
}

export interface DraftOptions extends CollectOptions, Omit<RenderOptions, 'omit'> {
  /** Render these facts instead of reading a repository (`--facts`). */
  facts?: Facts;
  /** The text of a report to re-draft into (`--update`, `--check`); its seal supplies the template and range not given. */
  existing?: string | null;
}

export interface Draft {
  facts: Facts;
  /** The sealed Markdown report. */
  text: string;
  /** The template used, as recorded in the report. */
  template: string;
  /** Text that had to move to the report's "Unplaced text" block, and damaged fences. */
  warnings: string[];
  /** Narrative blocks and fields nobody has written yet. */
  unwritten: string[];
}

/** Collects (or takes) the facts and drafts the report, fresh or into an existing one. */
export async function draft(options: DraftOptions = {}): Promise<Draft> {
  const { draftReport, loadTemplate, renderTemplate } = await loadRendering();
  const meta = options.existing ? readReport(options.existing).meta : null;
  const template = options.template ?? meta?.template ?? DEFAULT_TEMPLATE;
  const source = loadTemplate(template);
  const from = options.from ?? meta?.from;
  const to = options.to ?? meta?.to;
  const paths = options.paths ?? meta?.paths;
  const facts = options.facts ?? (await collectFacts({ ...options, from, to, paths }));
  // What the report was drafted with holds unless said again: a re-draft keeps its charts and variables.
  const charts = options.charts ?? meta?.charts ?? false;
  const vars = mergeVariables(meta?.vars ?? {}, options.vars ?? {});
  const context = { ...facts, vars, options: { charts } };
  const result = draftReport({
    render: (omit) => renderTemplate(source, context, { partialsDir: options.partials, omitNarratives: omit }),
    template: source.name,
    // The range is recorded only as the user chose it, so that a re-draft follows the same intent.
    from: options.facts ? undefined : from,
    to: options.facts ? undefined : to,
    paths: options.facts ? undefined : paths,
    charts,
    vars,
    existing: options.existing,
  });
  return { facts, template: source.name, ...result };
}

export function analyzerIds(): string[] {
  return registry.map((a) => a.id);
}

/** Globs are paths from the repository root: an absolute or parent path would never match, silently. */
function checkedGlobs(flag: string, globs: string[] | undefined): string[] {
  for (const glob of globs ?? []) {
    if (glob.trim() === '') throw new UsageError(`${flag} needs a glob, such as ${flag} 'legacy/**'`);
    if (glob.startsWith('/') || glob.split('/').includes('..')) throw new UsageError(`${flag} ${glob}: globs are paths from the repository root, such as ${flag} 'legacy/**'`);
  }
  return globs ?? [];
}

function selectAnalyzers(only: string[] | undefined, skip: string[] | undefined): Analyzer[] {
  if (only?.length && skip?.length) throw new UsageError('use either --only or --skip, not both');
  const known = analyzerIds();
  for (const id of [...(only ?? []), ...(skip ?? [])]) {
    if (!known.includes(id)) throw new UsageError(`unknown analyzer '${id}'; available: ${known.join(', ')}`);
  }
  if (only?.length) return registry.filter((a) => only.includes(a.id));
  return registry.filter((a) => !skip?.includes(a.id));
}
