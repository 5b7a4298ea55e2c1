/**
 * Runs the project analyzer on a real repository through the real range engine, with either
 * engine, and checks its facts against the public schema on the way.
 */
import { projectAnalyzer } from '../../../analyzers/project/index.js';
import type { AnalyzerResult } from '../../../src/analyzer.js';
import { ProjectSchema, type Project } from '../../../src/facts/schema.js';
import type { EngineName } from '../../../src/git/types.js';
import type { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

export const ENGINES: EngineName[] = ['git', 'isomorphic'];

export async function analyzeProject(repo: TestRepo, engine: EngineName, request: { from?: string; to: string }): Promise<{ project: Project; warnings: AnalyzerResult['warnings'] }> {
  const { facts, warnings } = await runAnalyzer(projectAnalyzer, repo.dir, { ...request, engine });
  return { project: ProjectSchema.parse(facts.project), warnings };
}

/** The committer date git itself prints for a revision, as the oracle for `project.date`. */
export function committerDate(repo: TestRepo, rev: string): string {
  return repo.git('log', '-1', '--format=%cI', rev).trim();
}
