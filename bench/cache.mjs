#!/usr/bin/env node
/**
 * A warm re-run against a cold one: the same facts run (`--format json --engine git`) twice on
 * one cache folder, the first with the folder empty (cold: every file read, parsed and cached),
 * the second with what the first kept (warm: cached files are not read). The baseline is native
 * git reading every blob an extraction can read, in the same session: the blobs of the tree at TO
 * and the FROM side of every changed file (`diff --raw` + `ls-tree -r TO` into `cat-file --batch`).
 *
 *   node bench/cache.mjs [--repo PATH --range A..B ...] [--runs N] [--cli PATH]
 *
 * Without --repo: the umami mirror, v3.0.3..v3.1.0. Each of the N rounds runs git, a cold run on a
 * new empty folder and a warm run on that folder (interleaved, so that a busy machine slows all
 * three alike); the table shows medians, and the facts of both runs are checked to be the same
 * bytes. The `--only files` column is the range engine and file facts alone, which no cache
 * shortens: the floor of a warm run. With a CLI that has --no-cache, that run is measured too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GIT_CONFIG_ARGS, GIT_ENV } from './lib/git-oracle.mjs';
import { rangeCases } from './lib/cases.mjs';
import { locateCli } from './lib/impl-draft.mjs';
import { runMeasured } from './lib/measure.mjs';

const MIRRORS = process.env.REAL_REPO_MIRRORS ?? process.env.LOCKFILE_MIRRORS ?? '/work/.mirror';
const DEFAULT_CASE = { repo: join(MIRRORS, 'umami-software+umami', 'repo'), from: 'v3.0.3', to: 'v3.1.0' };

function parseCommandLine(argv) {
  const { values, tokens } = parseArgs({ args: argv, tokens: true, options: { repo: { type: 'string', multiple: true }, range: { type: 'string', multiple: true }, runs: { type: 'string', default: '3' }, cli: { type: 'string' } } });
  const cases = rangeCases(tokens);
  if (cases.length === 0) {
    if (!existsSync(DEFAULT_CASE.repo)) throw new Error(`no mirror at ${DEFAULT_CASE.repo}; fetch github:umami-software/umami, or give --repo PATH --range A..B`);
    cases.push(DEFAULT_CASE);
  }
  return { cases, runs: Number(values.runs), cli: locateCli(values.cli) };
}

/** Every blob an extraction can read: the tree at TO, and the FROM side of the changes (`:old new` modes and oids of --raw). */
const BASELINE = [
  'set -e',
  'repo=$1 from=$2 to=$3',
  `g() { git --git-dir="$repo" ${GIT_CONFIG_ARGS.join(' ')} "$@" 2>/dev/null || git -C "$repo" ${GIT_CONFIG_ARGS.join(' ')} "$@"; }`,
  '{',
  "  g diff --raw --no-abbrev -M \"$from...$to\" -- | awk '$1 ~ /^:/ && $3 !~ /^0+$/ { print $3 }'",
  "  g ls-tree -r \"$to\" | awk '$2 == \"blob\" { print $3 }'",
  '} | sort -u | g cat-file --batch >/dev/null',
].join('\n');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

function factsArgs(cli, c, extra = []) {
  return [cli, '--repo', c.repo, '--from', c.from, '--to', c.to, '--format', 'json', '--engine', 'git', '--quiet', ...extra];
}

async function timed(command, args, env) {
  const result = await runMeasured(command, args, { env });
  if (!result.ok) throw new Error(`${args.join(' ')}: ${result.error}`);
  return result.ms;
}

/** The facts printed with this cache folder, for the byte-for-byte check. */
function factsWith(cli, c, cacheDir) {
  const result = spawnSync(process.execPath, factsArgs(cli, c), { env: { ...process.env, IMPL_DRAFT_CACHE_DIR: cacheDir }, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`impl-draft failed: ${result.stderr.toString('utf8').trim().split('\n')[0]}`);
  return result.stdout;
}

function folderSize(folder) {
  let files = 0;
  let bytes = 0;
  for (const name of readdirSync(folder, { recursive: true })) {
    const stats = statSync(join(folder, name));
    if (!stats.isFile()) continue;
    files += 1;
    bytes += stats.size;
  }
  return { files, bytes };
}

async function main() {
  const { cases, runs, cli } = parseCommandLine(process.argv.slice(2));
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  const noCache = /--no-cache\b|--\[no-\]cache\b/.test(help.stdout ?? '');
  const header = ['repo', 'range', 'git: every blob an extraction can read', '--only files', ...(noCache ? ['--no-cache'] : []), 'cold', 'warm', 'warm / cold', 'cold / git', 'warm / git', 'cache after cold'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  const scratch = mkdtempSync(join(tmpdir(), 'impl-draft-bench-cache-'));
  try {
    for (const [index, c] of cases.entries()) {
      const times = { git: [], files: [], noCache: [], cold: [], warm: [] };
      let size = null;
      for (let round = 0; round < runs; round++) {
        // A new folder per repository and round: the cold run starts empty.
        const cacheDir = join(scratch, `case-${index}-round-${round}`);
        const env = { ...process.env, IMPL_DRAFT_CACHE_DIR: cacheDir };
        times.git.push(await timed('/bin/sh', ['-c', BASELINE, 'baseline', c.repo, c.from, c.to], GIT_ENV));
        times.files.push(await timed(process.execPath, factsArgs(cli, c, ['--only', 'files']), env));
        if (noCache) times.noCache.push(await timed(process.execPath, factsArgs(cli, c, ['--no-cache']), env));
        times.cold.push(await timed(process.execPath, factsArgs(cli, c), env));
        size ??= folderSize(cacheDir);
        times.warm.push(await timed(process.execPath, factsArgs(cli, c), env));
        console.error(`  ${c.repo} ${c.from}..${c.to} round ${round + 1}: git ${integer.format(times.git.at(-1))} ms, cold ${integer.format(times.cold.at(-1))} ms, warm ${integer.format(times.warm.at(-1))} ms`);
      }
      // The same bytes cold and warm (a new folder for the cold run, then the same folder again).
      const checkDir = join(scratch, 'check');
      const cold = factsWith(cli, c, checkDir);
      const warm = factsWith(cli, c, checkDir);
      if (!cold.equals(warm)) throw new Error(`the warm run's facts differ from the cold run's on ${c.repo} ${c.from}..${c.to}`);
      rmSync(checkDir, { recursive: true, force: true });

      const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.length ? median(v) : null]));
      const name = c.repo.split('/').filter((p) => p !== 'repo').pop();
      const ms = (value) => `${integer.format(value)} ms`;
      lines.push(
        `| ${[
          name,
          `${c.from}..${c.to}`,
          ms(m.git),
          ms(m.files),
          ...(noCache ? [ms(m.noCache)] : []),
          ms(m.cold),
          ms(m.warm),
          ratio(m.warm, m.cold),
          ratio(m.cold, m.git),
          ratio(m.warm, m.git),
          `${size.files} files, ${integer.format(size.bytes / 1024)} KB`,
        ].join(' | ')} |`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
  console.log(`\nMedian of ${runs} rounds; the facts of the cold and the warm run were the same bytes.`);
}

main().catch((error) => {
  console.error(`cache bench: ${error.message}`);
  process.exitCode = 2;
});
