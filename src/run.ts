/**
 * The pipeline, nothing else: open the repository, resolve the range, run the analyzers, assemble
 * the facts, render.
 */
import { analyzers as registry } from '../analyzers/index.js';
import type { Analyzer } from './analyzer.js';
import { UsageError } from './errors.js';
import { assembleFacts, serialiseFacts } from './facts/assemble.js';
import type { Facts } from './facts/schema.js';
import { openRepository, type EngineChoice } from './git/open.js';
import { resolveRange } from './range.js';
import { renderSimpleReport } from './render/simple-report.js';
import { toolVersion } from './version.js';

export type OutputFormat = 'md' | 'json';

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
}

export async function collectFacts(options: CollectOptions = {}): Promise<Facts> {
  const selected = selectAnalyzers(options.only, options.skip);
  const repo = await openRepository(options.repo ?? process.cwd(), options.engine ?? 'auto');
  try {
    const range = await resolveRange(repo, { from: options.from, to: options.to ?? 'HEAD' });
    const results = [];
    for (const analyzer of selected) results.push({ id: analyzer.id, result: await analyzer.analyze(range, { repo }) });
    return assembleFacts({ toolVersion: toolVersion(), repositoryName: repo.name, range, results });
  } finally {
    await repo.close();
  }
}

export function render(facts: Facts, format: OutputFormat): string {
  return format === 'json' ? serialiseFacts(facts) : renderSimpleReport(facts);
}

export function analyzerIds(): string[] {
  return registry.map((a) => a.id);
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
