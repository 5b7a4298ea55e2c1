#!/usr/bin/env node
/**
 * The command line: the yargs definition, and the one place that turns errors into a one-line
 * message and an exit code (0 ok, 2 bad input or usage, 3 a failed --check, 1 unexpected failure).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CheckFailedError, EXIT_FAILURE, EXIT_OK, ImplDraftError, UsageError } from './errors.js';
import type { Facts } from './facts/schema.js';
import { loadConfig } from './config/config-file.js';
import { outputPath } from './config/output-path.js';
import { resolveSettings, type Settings } from './config/settings.js';
import { writeAtomically, writeOutputFile, writeOutputFiles } from './render/output-file.js';
import { Terminal } from './terminal.js';
import type { PerPackageOptions } from './monorepo/per-package.js';
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
    .option('config', { type: 'string', describe: 'The configuration file', defaultDescription: 'impl-draft.config.{json,mjs,cjs,js}, .impl-draftrc or package.json "impl-draft", from the repository folder up' })
    .option('template', { alias: 't', type: 'string', describe: 'A built-in template (see --list-templates) or the path of a Handlebars file', defaultDescription: DEFAULT_TEMPLATE })
    .option('partials', { type: 'string', describe: 'A folder of Handlebars partials (*.hbs) for the template; they replace built-in partials of the same name' })
    .option('list-templates', { type: 'boolean', default: false, describe: 'List the built-in templates and exit' })
    .option('set', { type: 'string', array: true, describe: 'A template variable, key=value (repeatable; dots nest), e.g. --set phase=2 --set feature="Checkout"' })
    .option('vars', { type: 'string', describe: 'A JSON or YAML file of template variables (--set wins)' })
    .option('charts', { type: 'boolean', describe: 'Add Mermaid charts (commit activity, churn by folder, change types) that GitHub renders; kept by --update' })
    .option('format', { type: 'string', describe: 'md (the report), json (the facts), or md,json with --out-dir', defaultDescription: 'md' })
    .option('out', { type: 'string', describe: 'Write to this file (atomically) instead of stdout; may be a pattern such as docs/releases/{{to}}.md' })
    .option('out-dir', { type: 'string', describe: 'Write report.md and/or facts.json into this folder, side by side and atomically' })
    .option('update', { type: 'string', describe: 'Re-draft this report in place: facts regenerated, text people wrote in narrative blocks kept' })
    .option('check', { type: 'string', describe: 'Exit with 3 and print a diff when this report is stale for the range' })
    .option('require-narrative', { type: 'boolean', default: false, describe: 'With --check, also fail while narrative blocks are unwritten' })
    .option('facts', { type: 'string', describe: 'Render from a facts file saved with --format json instead of a repository' })
    .option('force', { type: 'boolean', default: false, describe: 'With --out or --out-dir, replace a report even if a person edited it' })
    .option('only', { type: 'string', describe: `Run only these analyzers (comma-separated: ${analyzerIds().join(', ')})` })
    .option('skip', { type: 'string', describe: 'Run all analyzers but these (comma-separated)' })
    .option('path', { type: 'string', array: true, describe: 'Restrict every fact to this folder of the repository (repeatable), e.g. --path packages/api' })
    .option('per-package', { type: 'boolean', default: false, describe: 'One report per workspace package (npm, yarn, pnpm) that changed, and an index, into --out-dir' })
    .option('ignore', { type: 'string', array: true, describe: "Never read paths matching this glob for code facts (env, routes, migrations, lockfiles, manifests, languages); repeatable, e.g. 'legacy/**'" })
    .option('include', { type: 'string', array: true, describe: "Read paths matching this glob even in folders skipped by default (node_modules, vendor, build output, fixtures, examples); repeatable" })
    .option('lcov', { type: 'string', array: true, describe: 'lcov tracefile or glob to read coverage from (repeatable; several are summed per line)', defaultDescription: 'coverage/lcov.info and **/coverage/lcov.info in the working tree, when TO is checked out' })
    .option('base-lcov', { type: 'string', array: true, describe: 'Tracefile of the base (e.g. from the FROM build), to report how each coverage total changed' })
    .option('coverage-root', { type: 'string', describe: 'The folder the tests ran in when the tracefiles were written (absolute paths from a CI machine, or a package folder)' })
    .option('junit', { type: 'string', array: true, describe: 'JUnit XML test results or glob, for the test results summary (repeatable)' })
    .option('cache', { type: 'boolean', describe: 'Reuse per-file extractions from the on-disk cache (--no-cache: read everything again, write nothing)', defaultDescription: 'on: node_modules/.cache/impl-draft, else ~/.cache/impl-draft; IMPL_DRAFT_CACHE_DIR overrides' })
    .option('engine', { choices: ['auto', 'git', 'isomorphic'] as const, describe: 'git executable (fast) or the embedded isomorphic-git engine; auto picks git when present', defaultDescription: 'auto' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Nothing on stderr but errors' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Every warning, and what was read from where' })
    .example('$0 --from v1.2 --to HEAD', 'Markdown report of everything after v1.2')
    .example('$0 --template step-report --out docs/step-2.3.md --set step=2.3', 'A step report since the last tag, written to a file')
    .example('$0 --update docs/step-2.3.md', 'Re-draft it later: facts refreshed, what people wrote kept')
    .example('$0 --check docs/step-2.3.md --require-narrative', 'In CI: fail if the report is stale or unwritten')
    .example('$0 --format md,json --out-dir reports', 'The report and its facts, side by side')
    .epilog('Exit codes: 0 success, 2 bad input or usage (the message says what to fix), 3 --check found the report stale or unwritten, 1 unexpected failure. NO_COLOR turns colour off.')
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
  checkCombinations(args);
  const config = await loadConfig(args.repo ?? process.cwd(), args.config);
  const settings = resolveSettings({ ...args, only: list(args.only), skip: list(args.skip) }, config);
  const jsonOnStdout = settings.formats.includes('json') && !settings.out && !settings.outDir;
  const terminal = new Terminal({ quiet: args.quiet, verbose: args.verbose, jsonOnStdout });
  if (config) terminal.detail(`settings from ${config.path}`);
  if ((args.update || args.check) && (settings.formats.length > 1 || settings.formats[0] !== 'md' || settings.outDir)) {
    throw new UsageError('--update and --check work on one Markdown report; drop --format json and --out-dir');
  }

  const factsFromFile = args.facts ? (await import('./facts/load.js')).loadFactsFile(args.facts) : undefined;
  const collect = { ...settings.collect, onProgress: (text: string) => terminal.progress(text) };
  const rendering = { template: settings.template, partials: settings.partials, vars: settings.vars, charts: settings.charts };
  try {
    if (args.perPackage) return await draftEachPackage(settings, { ...collect, ...rendering }, terminal);
    if (!settings.formats.includes('md')) {
      const facts = factsFromFile ?? (await collectFacts(collect));
      terminal.stopProgress();
      explainChoices(facts, terminal);
      await writeOrPrint(settings, facts, null, args.force);
      terminal.summariseWarnings(facts.warnings);
      return EXIT_OK;
    }

    const target = args.check ?? args.update;
    const existing = target && existsSync(target) ? readFileSync(target, 'utf8') : null;
    if (args.check && existing === null) throw new UsageError(`--check ${args.check}: no such file; draft it first with --out ${args.check}`);
    if (existing !== null && !isReport(existing)) {
      throw new UsageError(`${target} was not drafted by impl-draft (it has no impl-draft markers); pick the report file, or draft a new one with --out`);
    }

    const result = await draft({ ...collect, ...rendering, facts: factsFromFile, existing });
    terminal.stopProgress();
    explainChoices(result.facts, terminal);
    for (const warning of result.warnings) terminal.warn(warning);
    terminal.summariseWarnings(result.facts.warnings);

    if (args.check) return await check(args.check, existing!, result, args.requireNarrative, terminal);
    if (args.update) {
      if (existing === null) terminal.note(`${args.update} did not exist; drafted it with the ${result.template} template`);
      writeAtomically(args.update, result.text);
    } else await writeOrPrint(settings, result.facts, result, args.force);
    return EXIT_OK;
  } finally {
    terminal.stopProgress();
  }
}

/** `--per-package`: each changed workspace package's report and the index, written together. */
async function draftEachPackage(settings: Settings, options: PerPackageOptions, terminal: Terminal): Promise<number> {
  if (!settings.outDir || settings.formats.join() !== 'md') throw new UsageError('--per-package writes one Markdown report per package and an index; give --out-dir DIR (and no --format json)');
  const outDir = settings.outDir;
  const { draftPerPackage } = await import('./monorepo/per-package.js');
  const drafts = await draftPerPackage({ ...options, existing: (file) => (existsSync(join(outDir, file)) ? readFileSync(join(outDir, file), 'utf8') : null) });
  terminal.stopProgress();
  for (const { package: pkg, draft: result } of drafts.reports) {
    for (const warning of result.warnings) terminal.warn(`${pkg.name}: ${warning}`);
  }
  terminal.summariseWarnings(drafts.reports.flatMap((r) => r.draft.facts.warnings.map((w) => ({ ...w, message: `${r.package.name}: ${w.message}` }))));
  mkdirSync(outDir, { recursive: true });
  // Each report was re-drafted into the file that was there, keeping people's text: no edit to protect.
  writeOutputFiles([
    ...drafts.reports.map((r) => ({ path: join(outDir, r.file), content: r.draft.text, protectEdits: false })),
    { path: join(outDir, drafts.index.file), content: drafts.index.text, protectEdits: false },
  ], true);
  terminal.note(`${drafts.reports.length} package ${drafts.reports.length === 1 ? 'report' : 'reports'} and ${drafts.index.file} in ${outDir}`);
  return EXIT_OK;
}

/** stdout, one file (`--out`, a pattern filled from the range), or the folder of every format asked for. */
async function writeOrPrint(settings: Settings, facts: Facts, report: Draft | null, force: boolean): Promise<void> {
  const json = settings.formats.includes('json') ? await render(facts, 'json') : null;
  if (settings.outDir) {
    mkdirSync(settings.outDir, { recursive: true });
    writeOutputFiles([
      ...(report ? [{ path: join(settings.outDir, 'report.md'), content: report.text, protectEdits: true }] : []),
      ...(json !== null ? [{ path: join(settings.outDir, 'facts.json'), content: json, protectEdits: false }] : []),
    ], force);
    return;
  }
  const text = report ? report.text : (json ?? '');
  if (!settings.out) {
    process.stdout.write(text);
    return;
  }
  const path = outputPath(settings.out, { from: facts.range.from ?? 'root', to: facts.range.to, template: report?.template ?? 'facts', vars: settings.vars });
  writeOutputFile(path, text, { force: report ? force : true, protectEdits: report !== null });
}

/** The flags whose combinations are checked: the output ones, and those that say what to collect. */
interface CombinedFlags extends Pick<CollectOptions, 'repo' | 'from' | 'to' | 'ignore' | 'include' | 'lcov' | 'baseLcov' | 'coverageRoot' | 'junit'> {
  path?: string[];
  perPackage: boolean;
  update?: string;
  check?: string;
  out?: string;
  requireNarrative: boolean;
  facts?: string;
}

function checkCombinations(args: CombinedFlags): void {
  if (args.update && args.check) throw new UsageError('use either --update FILE or --check FILE, not both');
  if ((args.update || args.check) && args.out) throw new UsageError(`--${args.update ? 'update' : 'check'} names the report file itself; drop --out`);
  if (args.requireNarrative && !args.check) throw new UsageError('--require-narrative goes with --check FILE');
  if (args.perPackage && (args.path?.length || args.facts || args.update || args.check || args.out)) {
    throw new UsageError('--per-package drafts each changed package into --out-dir; drop --path, --facts, --update, --check and --out');
  }
  if (args.facts && args.path?.length) throw new UsageError('--facts renders saved facts, already collected; drop --path');
  if (args.facts && (args.repo || args.from || args.to)) throw new UsageError('--facts renders saved facts, whose range is fixed; drop --repo, --from and --to');
  if (args.facts && (args.ignore?.length || args.include?.length)) throw new UsageError('--facts renders saved facts, already collected; drop --ignore and --include');
  if (args.facts && (args.lcov?.length || args.baseLcov?.length || args.coverageRoot || args.junit?.length)) {
    throw new UsageError('--facts renders saved facts, already collected; drop --lcov, --base-lcov, --coverage-root and --junit');
  }
}

/** A report impl-draft drafted: it carries a seal or narrative fences. */
function isReport(text: string): boolean {
  return readReport(text).meta !== null || /<!-- impl-draft:(narrative|digest) /.test(text);
}

async function check(file: string, existing: string, result: Draft, requireNarrative: boolean, terminal: Terminal): Promise<number> {
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
  terminal.note(`${file} is up to date${requireNarrative ? ' and fully written' : ''}`);
  return EXIT_OK;
}

function explainChoices(facts: Facts, terminal: Terminal): void {
  const { range } = facts;
  if (range.fromSource === 'nearest-tag') terminal.note(`--from not given; using ${range.from}, the nearest tag before ${range.to}`);
  if (range.fromSource === 'root') terminal.note(`--from not given and no tag before ${range.to}; reporting the whole history up to it`);
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
