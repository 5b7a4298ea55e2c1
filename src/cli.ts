#!/usr/bin/env node
/**
 * The command line: the yargs definition, and the one place that turns errors into a one-line
 * message and an exit code (0 ok, 2 bad input or usage, 1 unexpected failure).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_FAILURE, EXIT_OK, ImplDraftError, UsageError } from './errors.js';
import type { Facts } from './facts/schema.js';
import { sealMarkdown, writeOutputFile } from './render/output-file.js';
import { analyzerIds, collectFacts, render, type OutputFormat } from './run.js';
import { toolVersion } from './version.js';

const list = (value: string | string[] | undefined) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

async function main(argv: string[]): Promise<number> {
  const args = await yargs(argv)
    .scriptName('impl-draft')
    .usage('$0 [--from REV] [--to REV] [options]\n\nDrafts an implementation report from the commits between two revisions of a git repository.')
    .option('repo', { type: 'string', describe: 'The repository (any folder inside it, or a bare repository)', defaultDescription: 'the current directory' })
    .option('from', { type: 'string', describe: 'Start of the range (excluded)', defaultDescription: 'the newest tag reachable from TO^' })
    .option('to', { type: 'string', default: 'HEAD', describe: 'End of the range (included)' })
    .option('format', { choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Markdown report or the facts as JSON' })
    .option('out', { type: 'string', describe: 'Write to this file (atomically) instead of stdout' })
    .option('force', { type: 'boolean', default: false, describe: 'With --out, replace a report even if a person edited it' })
    .option('only', { type: 'string', describe: `Run only these analyzers (comma-separated: ${analyzerIds().join(', ')})` })
    .option('skip', { type: 'string', describe: 'Run all analyzers but these (comma-separated)' })
    .option('engine', { choices: ['auto', 'git', 'isomorphic'] as const, default: 'auto' as const, describe: 'git executable (fast) or the embedded isomorphic-git engine; auto picks git when present' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No notes on stderr' })
    .example('$0 --from v1.2 --to HEAD', 'Markdown report of everything after v1.2')
    .example('$0 --format json --out facts.json', 'The facts since the last tag, as JSON')
    .example('$0 --repo ../other --from main --to feature/x', 'A branch against main (files compared from the merge base)')
    .epilog('Exit codes: 0 success, 2 bad input or usage (the message says what to fix), 1 unexpected failure.')
    .version(toolVersion())
    .strict()
    .help()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, error) => {
      // yargs' messages span lines; the contract is one line.
      throw error ?? new UsageError(`${message.replace(/\s*\n\s*/g, ' ')} (see impl-draft --help)`);
    })
    .parse();

  const facts = await collectFacts({
    repo: args.repo,
    from: args.from,
    to: args.to,
    only: list(args.only),
    skip: list(args.skip),
    engine: args.engine,
  });
  if (!args.quiet) explainChoices(facts);
  const format = args.format as OutputFormat;
  const text = format === 'md' ? sealMarkdown(render(facts, format)) : render(facts, format);
  if (args.out) writeOutputFile(args.out, text, { force: args.force, protectEdits: format === 'md' });
  else process.stdout.write(text);
  return EXIT_OK;
}

function explainChoices(facts: Facts): void {
  const { range } = facts;
  if (range.fromSource === 'nearest-tag') process.stderr.write(`impl-draft: --from not given; using ${range.from}, the nearest tag before ${range.to}\n`);
  if (range.fromSource === 'root') process.stderr.write(`impl-draft: --from not given and no tag before ${range.to}; reporting the whole history up to it\n`);
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ImplDraftError) {
      process.stderr.write(`impl-draft: error: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`impl-draft: unexpected failure: ${message.split('\n')[0]} (set IMPL_DRAFT_DEBUG=1 for details, and please report it)\n`);
    if (process.env.IMPL_DRAFT_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
