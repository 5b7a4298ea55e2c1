/** Runs one analyzer on a range of a real repository, through the same range engine the CLI uses. */
import type { Analyzer, AnalyzerResult, PathChoices, ResolvedRange, TestOutputs } from '../../src/analyzer.js';
import { openRepository } from '../../src/git/open.js';
import type { EngineName } from '../../src/git/types.js';
import { resolveRange } from '../../src/range.js';

export interface AnalyzerRun extends AnalyzerResult {
  range: ResolvedRange;
}

export async function runAnalyzer(
  analyzer: Analyzer,
  dir: string,
  { from, to = 'HEAD', engine = 'git', paths, testOutputs }: { from?: string; to?: string; engine?: EngineName; paths?: PathChoices; testOutputs?: TestOutputs } = {},
): Promise<AnalyzerRun> {
  const repo = await openRepository(dir, engine);
  try {
    const range = await resolveRange(repo, { from, to });
    return { range, ...(await analyzer.analyze(range, { repo, paths, testOutputs })) };
  } finally {
    await repo.close();
  }
}
