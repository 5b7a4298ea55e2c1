#!/usr/bin/env node
/**
 * Speed and memory of the analyzers that read code at the ends of the range (env, routes,
 * migrations), each alone, against native git reading what a code scan must read: every blob of
 * the tree at TO (`ls-tree -r` into `cat-file --batch`), plus the range's diff.
 *
 *   node bench/code-facts.mjs --repo PATH --range A..B [--repo PATH --range C..D ...] [--runs N]
 *
 * Each impl-draft run is `--only <analyzer> --format json --engine git`, so its time includes
 * resolving the range and Node's start-up (about 200 ms); the `--only files` column is that cost
 * alone, to subtract. Prints a Markdown table (median of N
 * runs, times as multiples of the git baseline of the same range).
 */
import { parseArgs } from 'node:util';
import { GIT_CONFIG_ARGS, GIT_ENV } from './lib/git-oracle.mjs';
import { rangeCases } from './lib/cases.mjs';
import { locateCli } from './lib/impl-draft.mjs';
import { runMeasured } from './lib/measure.mjs';

/** `files` first: the range engine and the file facts alone, what every run pays before its analyzer. */
const ANALYZERS = ['files', 'env', 'routes', 'migrations'];

function parseCommandLine(argv) {
  const { values, tokens } = parseArgs({ args: argv, tokens: true, options: { repo: { type: 'string', multiple: true }, range: { type: 'string', multiple: true }, runs: { type: 'string', default: '3' }, cli: { type: 'string' } } });
  const cases = rangeCases(tokens);
  if (cases.length === 0) throw new Error('give --repo PATH --range A..B at least once');
  return { cases, runs: Number(values.runs), cli: locateCli(values.cli) };
}

const BASELINE = [
  'set -e',
  'repo=$1 from=$2 to=$3',
  `g() { git --git-dir="$repo" ${GIT_CONFIG_ARGS.join(' ')} "$@" 2>/dev/null || git -C "$repo" ${GIT_CONFIG_ARGS.join(' ')} "$@"; }`,
  'g diff -M --raw --numstat "$from...$to" -- >/dev/null',
  "g ls-tree -r \"$to\" | awk '$2 == \"blob\" { print $3 }' | g cat-file --batch >/dev/null",
].join('\n');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

async function measure(command, args, env, runs) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const result = await runMeasured(command, args, { env });
    if (!result.ok) return { ok: false, error: result.error };
    results.push(result);
  }
  return { ok: true, ms: median(results.map((r) => r.ms)), mb: median(results.map((r) => r.peakBytes)) / 2 ** 20 };
}

async function main() {
  const { cases, runs, cli } = parseCommandLine(process.argv.slice(2));
  const header = ['repo', 'range', 'git: diff + every blob at TO', ...ANALYZERS.map((a) => `--only ${a}`), 'peak MB (git / files / env / routes / migrations)'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const c of cases) {
    const baseline = await measure('/bin/sh', ['-c', BASELINE, 'baseline', c.repo, c.from, c.to], GIT_ENV, runs);
    if (!baseline.ok) throw new Error(`git baseline failed on ${c.repo}: ${baseline.error}`);
    const cells = [];
    const peaks = [baseline.mb.toFixed(0)];
    for (const analyzer of ANALYZERS) {
      const result = await measure(process.execPath, [cli, '--repo', c.repo, '--from', c.from, '--to', c.to, '--only', analyzer, '--format', 'json', '--engine', 'git', '--quiet'], process.env, runs);
      cells.push(result.ok ? `${integer.format(result.ms)} ms (${(result.ms / baseline.ms).toFixed(1)}×)` : 'failed');
      peaks.push(result.ok ? result.mb.toFixed(0) : '–');
      console.error(`  ${c.repo} ${c.from}..${c.to} ${analyzer}: ${cells.at(-1)}`);
    }
    const name = c.repo.split('/').filter((p) => p !== 'repo').pop();
    lines.push(`| ${[name, `${c.from}..${c.to}`, `${integer.format(baseline.ms)} ms`, ...cells, peaks.join(' / ')].join(' | ')} |`);
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(`code-facts: ${error.message}`);
  process.exitCode = 2;
});
