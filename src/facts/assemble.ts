/**
 * Merges the analyzers' results into one Facts object: fixed key order, summary totals, warnings
 * sorted, so the same repository and range always serialise to the same bytes.
 */
import type { AnalyzerResult, ResolvedRange } from '../analyzer.js';
import type { CommitFact, Facts, FileFact, Summary, Warning } from './schema.js';
import { describeActivity } from './activity.js';
import { durationDays } from './duration.js';
import { SCHEMA_VERSION } from './schema-version.js';

export interface AssembleInput {
  toolVersion: string;
  repositoryName: string;
  range: ResolvedRange;
  results: Array<{ id: string; result: AnalyzerResult }>;
  /** Analyzers that failed unexpectedly: not among those that ran, and said in a warning. */
  failed?: Array<{ id: string; message: string }>;
}

export function assembleFacts({ toolVersion, repositoryName, range, results, failed = [] }: AssembleInput): Facts {
  const ran = new Set(results.map((r) => r.id));
  const merged = Object.assign({}, ...results.map((r) => r.result.facts)) as Partial<Facts>;
  const commits = merged.commits ?? [];
  const files = merged.files ?? [];
  const failures = failed.map(({ id, message }) => ({
    analyzer: id,
    message: `The ${id} analyzer failed unexpectedly (${message}); its facts are missing and its sections say "Not analysed". Please report it.`,
    path: null,
  }));
  const warnings: Warning[] = [...results.flatMap(({ id, result }) => result.warnings.map((w) => ({ analyzer: id, message: w.message, path: w.path ?? null }))), ...failures]
    .sort((a, b) => compare(a.analyzer, b.analyzer) || compare(a.path ?? '', b.path ?? '') || compare(a.message, b.message));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'impl-draft', version: toolVersion },
    repository: { name: repositoryName },
    range: { from: range.from, to: range.to, fromOid: range.fromOid, toOid: range.toOid, mergeBase: range.mergeBase, fromSource: range.fromSource, ...(range.paths ? { paths: range.paths } : {}) },
    summary: summarise(ran.has('commits') ? commits : null, ran.has('files') ? files : null, merged.authors ? merged.authors.filter((a) => a.commits > 0).length : null),
    activity: describeActivity(ran.has('commits') ? commits : null, ran.has('files') ? files : null),
    commits,
    authors: merged.authors ?? [],
    files,
    workItems: merged.workItems ?? [],
    todos: merged.todos ?? [],
    project: merged.project ?? null,
    dependencies: merged.dependencies ?? [],
    dependencySummary: merged.dependencySummary ?? null,
    migrations: merged.migrations ?? [],
    routes: merged.routes ?? [],
    env: merged.env ?? [],
    coverage: merged.coverage ?? null,
    tests: merged.tests ?? null,
    analyzers: results.map((r) => r.id),
    warnings,
  };
}

export function summarise(commits: CommitFact[] | null, files: FileFact[] | null, authors: number | null): Summary {
  const summary: Summary = {
    commits: null,
    merges: null,
    pullRequests: null,
    authors: null,
    commitTypes: null,
    breakingChanges: null,
    startDate: null,
    endDate: null,
    durationDays: null,
    filesChanged: null,
    filesByStatus: null,
    additions: null,
    deletions: null,
  };
  if (commits) {
    const types: Record<string, number> = {};
    for (const commit of commits) types[commit.type ?? 'other'] = (types[commit.type ?? 'other'] ?? 0) + 1;
    const dated = commits.map((c) => ({ date: c.author.date, time: Date.parse(c.author.date) })).sort((a, b) => a.time - b.time);
    const first = dated[0];
    const last = dated[dated.length - 1];
    Object.assign(summary, {
      commits: commits.length,
      merges: commits.filter((c) => c.merge).length,
      pullRequests: new Set(commits.map((c) => c.pr).filter((pr) => pr !== null)).size,
      authors,
      commitTypes: Object.fromEntries(Object.entries(types).sort(([a], [b]) => compare(a, b))),
      breakingChanges: commits.filter((c) => c.breaking).length,
      startDate: first?.date ?? null,
      endDate: last?.date ?? null,
      durationDays: first && last ? durationDays(first.date, last.date) : null,
    });
  }
  if (files) {
    const byStatus = { added: 0, modified: 0, deleted: 0, renamed: 0, typechanged: 0 };
    for (const file of files) byStatus[file.status]++;
    Object.assign(summary, {
      filesChanged: files.length,
      filesByStatus: byStatus,
      additions: files.reduce((sum, f) => sum + (f.additions ?? 0), 0),
      deletions: files.reduce((sum, f) => sum + (f.deletions ?? 0), 0),
    });
  }
  return summary;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The canonical serialisation: two-space JSON and a final newline. */
export function serialiseFacts(facts: Facts): string {
  return JSON.stringify(facts, null, 2) + '\n';
}
