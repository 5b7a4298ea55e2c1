/**
 * The analyzer contract. An analyzer reads the resolved range through the repository layer and
 * returns typed, serialisable facts for its own key of the facts model; it never renders and never
 * touches git except through `ctx.repo`.
 */
import type { Facts, Warning } from './facts/schema.js';
import type { Repository } from './git/repository.js';
import type { RangeCommit, TreeChange } from './git/types.js';
import type { RangeFact } from './facts/schema.js';

/** The range as the range engine resolved it, shared by every analyzer. */
export interface ResolvedRange extends RangeFact {
  /** `git rev-list TO ^FROM`, in git's order, with per-commit line counts. */
  commits: RangeCommit[];
  /** The net change between the merge base (FROM itself when it is an ancestor of TO) and TO. */
  changes: TreeChange[];
}

export interface AnalyzerContext {
  repo: Repository;
}

/** The keys of the facts model an analyzer may fill, with their types. */
export type AnalyzerFacts = Pick<Facts, 'commits' | 'authors' | 'files' | 'workItems' | 'todos' | 'project' | 'dependencies' | 'dependencySummary' | 'env'>;

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
