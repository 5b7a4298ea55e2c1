#!/usr/bin/env node
/**
 * The command line: the yargs definition, and the one place that turns errors into a one-line
 * message and an exit code (0 ok, 2 bad input or usage, 3 a failed --check, 1 unexpected failure).
 */
import { existsSync, readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CheckFailedError, EXIT_FAILURE, EXIT_OK, ImplDraftError, UsageError } from './errors.js';
import type { Facts } from './facts/schema.js';
import { writeAtomically, writeOutputFile } from './render/output-file.js';
import { readReport } from './render/report-document.js';
import { analyzerIds, collectFacts, DEFAULT_TEMPLATE, draft, render, type CollectOptions, type Draft } from './run.js';
import { toolVersion } from './version.js';

const list = (value: string | string[] | undefined) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

async function main(argv: string[]): Promise<number> {
  const args = await yargs(argv)
    .scriptName('impl-draft')
    .usage('$0 [--from REV] [--to REV] [options]\n\nDrafts an implementation report from the commits between two revisions of a git repository.')
    .option('repo', { type: 'string', describe: 'The repository (any folder inside it, or a bare repository)', defaultDescription: 'the current directory' })
    .option('from', { type: 'string', describe: 'Start of the range (excluded)', defaultDescription: 'the newest tag reachable from TO^' })
    .option('to', { type: 'string', describe: 'End of the range (included)', defaultDescription: 'HEAD' })
    .option('template', { alias: 't', type: 'string', describe: 'A built-in template (see --list-templates) or the path of a Handlebars file', defaultDescription: DEFAULT_TEMPLATE })
    .option('partials', { type: 'string', describe: 'A folder of Handlebars partials (*.hbs) for the template; they replace built-in partials of the same name' })
    .option('list-templates', { type: 'boolean', default: false, describe: 'List the built-in templates and exit' })
    .option('format', { choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Markdown report or the facts as JSON' })
    .option('out', { type: 'string', describe: 'Write to this file (atomically) instead of stdout' })
    .option('update', { type: 'string', describe: 'Re-draft this report in place: facts regenerated, text people wrote in narrative blocks kept' })
    .option('check', { type: 'string', describe: 'Exit with 3 and print a diff when this report is stale for the range' })
    .option('require-narrative', { type: 'boolean', default: false, describe: 'With --check, also fail while narrative blocks are unwritten' })
    .option('facts', { type: 'string', describe: 'Render from a facts file saved with --format json instead of a repository' })
    .option('force', { type: 'boolean', default: false, describe: 'With --out, replace a report even if a person edited it' })
    .option('only', { type: 'string', describe: `Run only these analyzers (comma-separated: ${analyzerIds().join(', ')})` })
    .option('skip', { type: 'string', describe: 'Run all analyzers but these (comma-separated)' })
    .option('ignore', { type: 'string', array: true, describe: "Never read paths matching this glob for code facts (env, routes, migrations, lockfiles, manifests, languages); repeatable, e.g. 'legacy/**'" })
    .option('include', { type: 'string', array: true, describe: "Read paths matching this glob even in folders skipped by default (node_modules, vendor, build output, fixtures, examples); repeatable" })
    .option('lcov', { type: 'string', array: true, describe: 'lcov tracefile or glob to read coverage from (repeatable; several are summed per line)', defaultDescription: 'coverage/lcov.info and **/coverage/lcov.info in the working tree, when TO is checked out' })
    .option('base-lcov', { type: 'string', array: true, describe: 'Tracefile of the base (e.g. from the FROM build), to report how each coverage total changed' })
    .option('coverage-root', { type: 'string', describe: 'The folder the tests ran in when the tracefiles were written (absolute paths from a CI machine, or a package folder)' })
    .option('junit', { type: 'string', array: true, describe: 'JUnit XML test results or glob, for the test results summary (repeatable)' })
    .option('engine', { choices: ['auto', 'git', 'isomorphic'] as const, default: 'auto' as const, describe: 'git executable (fast) or the embedded isomorphic-git engine; auto picks git when present' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No notes or warnings on stderr' })
    .example('$0 --from v1.2 --to HEAD', 'Markdown report of everything after v1.2')
    .example('$0 --template step-report --out docs/step-2.3.md', 'A step report since the last tag, written to a file')
    .example('$0 --update docs/step-2.3.md', 'Re-draft it later: facts refreshed, what people wrote kept')
    .example('$0 --check docs/step-2.3.md --require-narrative', 'In CI: fail if the report is stale or unwritten')
    .example('$0 --format json --out facts.json', 'The facts since the last tag, as JSON')
    .epilog('Exit codes: 0 success, 2 bad input or usage (the message says what to fix), 3 --check found the report stale or unwritten, 1 unexpected failure.')
    .version(toolVersion())
    .strict()
    .help()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, error) => {
      // yargs' messages span lines; the contract is one line.
      throw error ?? new UsageError(`${message.replace(/\s*\n\s*/g, ' ')} (see impl-draft --help)`);
    })
    .parse();

  if (args.listTemplates) {
    const { builtinTemplates } = await import('./render/template-engine.js');
    for (const template of builtinTemplates()) process.stdout.write(`${template.name.padEnd(24)} ${template.description}\n`);
    return EXIT_OK;
  }
  const note = (text: string) => {
    if (!args.quiet) process.stderr.write(`impl-draft: ${text}\n`);
  };
  checkCombinations(args);

  const factsFromFile = args.facts ? (await import('./facts/load.js')).loadFactsFile(args.facts) : undefined;
  const collect = {
    repo: args.repo,
    from: args.from,
    to: args.to,
    only: list(args.only),
    skip: list(args.skip),
    engine: args.engine,
    ignore: args.ignore,
    include: args.include,
    lcov: args.lcov,
    baseLcov: args.baseLcov,
    coverageRoot: args.coverageRoot,
    junit: args.junit,
    template: args.template,
    partials: args.partials,
    facts: factsFromFile,
  };

  if (args.format === 'json') {
    const facts = factsFromFile ?? (await collectFacts(collect));
    explainChoices(facts, note);
    const text = await render(facts, 'json');
    if (args.out) writeOutputFile(args.out, text, { force: true, protectEdits: false });
    else process.stdout.write(text);
    return EXIT_OK;
  }

  const target = args.check ?? args.update;
  const existing = target && existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (args.check && existing === null) throw new UsageError(`--check ${args.check}: no such file; draft it first with --out ${args.check}`);
  if (existing !== null && !isReport(existing)) {
    throw new UsageError(`${target} was not drafted by impl-draft (it has no impl-draft markers); pick the report file, or draft a new one with --out`);
  }

  const result = await draft({ ...collect, existing });
  explainChoices(result.facts, note);
  for (const warning of result.warnings) note(`warning: ${warning}`);

  if (args.check) return await check(args.check, existing!, result, args.requireNarrative, note);
  if (args.update) {
    if (existing === null) note(`${args.update} did not exist; drafted it with the ${result.template} template`);
    writeAtomically(args.update, result.text);
  } else if (args.out) writeOutputFile(args.out, result.text, { force: args.force, protectEdits: true });
  else process.stdout.write(result.text);
  return EXIT_OK;
}

/** The flags whose combinations are checked: the output ones, and those that say what to collect. */
interface CombinedFlags extends Pick<CollectOptions, 'repo' | 'from' | 'to' | 'ignore' | 'include' | 'lcov' | 'baseLcov' | 'coverageRoot' | 'junit'> {
  format: string;
  update?: string;
  check?: string;
  out?: string;
  requireNarrative: boolean;
  facts?: string;
}

function checkCombinations(args: CombinedFlags): void {
  if (args.update && args.check) throw new UsageError('use either --update FILE or --check FILE, not both');
  if ((args.update || args.check) && args.format !== 'md') throw new UsageError('--update and --check work on Markdown reports; drop --format json');
  if ((args.update || args.check) && args.out) throw new UsageError(`--${args.update ? 'update' : 'check'} names the report file itself; drop --out`);
  if (args.requireNarrative && !args.check) throw new UsageError('--require-narrative goes with --check FILE');
  if (args.facts && (args.repo || args.from || args.to)) throw new UsageError('--facts renders saved facts, whose range is fixed; drop --repo, --from and --to');
  if (args.facts && (args.ignore?.length || args.include?.length)) throw new UsageError('--facts renders saved facts, already collected; drop --ignore and --include');
  if (args.facts && (args.lcov?.length || args.baseLcov?.length || args.coverageRoot || args.junit?.length)) {
    throw new UsageError('--facts renders saved facts, already collected; drop --lcov, --base-lcov, --coverage-root and --junit');
  }
  if (args.baseLcov?.length && !args.lcov?.length) throw new UsageError('--base-lcov is compared with the current coverage; name that too with --lcov FILE');
}

/** A report impl-draft drafted: it carries a seal or narrative fences. */
function isReport(text: string): boolean {
  return readReport(text).meta !== null || /<!-- impl-draft:(narrative|digest) /.test(text);
}

async function check(file: string, existing: string, result: Draft, requireNarrative: boolean, note: (text: string) => void): Promise<number> {
  const before = readReport(existing).body;
  const after = readReport(result.text).body;
  const problems: string[] = [];
  if (before !== after) {
    const { createTwoFilesPatch } = await import('diff');
    process.stdout.write(createTwoFilesPatch(file, `${file} (re-drafted)`, before, after, '', '', { context: 2 }));
    problems.push(`${file} is stale for this range; re-draft it with impl-draft --update ${file}`);
  }
  if (requireNarrative && result.unwritten.length > 0) {
    problems.push(`${file} has ${result.unwritten.length} unwritten narrative ${result.unwritten.length === 1 ? 'block' : 'blocks'} (${result.unwritten.join(', ')}); write them or delete the sections that do not apply`);
  }
  if (problems.length > 0) throw new CheckFailedError(problems.join('; and '));
  note(`${file} is up to date${requireNarrative ? ' and fully written' : ''}`);
  return EXIT_OK;
}

function explainChoices(facts: Facts, note: (text: string) => void): void {
  const { range } = facts;
  if (range.fromSource === 'nearest-tag') note(`--from not given; using ${range.from}, the nearest tag before ${range.to}`);
  if (range.fromSource === 'root') note(`--from not given and no tag before ${range.to}; reporting the whole history up to it`);
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
