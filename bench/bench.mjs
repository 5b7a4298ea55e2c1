#!/usr/bin/env node
/**
 * Speed and memory of impl-draft against the native git commands doing the same work.
 *
 *   node bench/bench.mjs [--repo PATH --range A..B [--range C..D] ...] [--runs N]
 *                        [--engines raw,git,isomorphic] [--timeout SECONDS] [--cli PATH] [--out FILE]
 *
 * Without --repo, the ranges marked `bench` in bench/REPOS.md. Each --range belongs to the --repo
 * before it. For each range, N times each (interleaved, median reported):
 *   raw         one shell running the git commands a native implementation needs:
 *                 git rev-list TO ^FROM
 *                 git log --numstat -M --format=<ids, people, dates, message> TO ^FROM
 *                 git diff -M --raw --numstat FROM...TO
 *                 git rev-list TO ^FROM | git cat-file --batch                 (commits)
 *                 git diff --raw FROM...TO | <both blob ids> | git cat-file --batch   (TODOs)
 *                 git ls-tree -r TO; git for-each-ref --points-at TO refs/tags;
 *                 git for-each-ref --contains TO refs/heads                     (project at TO)
 *   git         impl-draft --format json --engine git
 *   isomorphic  impl-draft --format json --engine isomorphic
 *   report      impl-draft --engine git with the default template: the Markdown report, facts and rendering
 * Wall time includes process start-up (node's too); peak memory is that of the whole process
 * tree (see lib/measure.mjs). Prints a Markdown table and writes it to bench/.results/latest.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GIT_CONFIG_ARGS, GIT_ENV } from './lib/git-oracle.mjs';
import { cliArgs, locateCli, ROOT } from './lib/impl-draft.mjs';
import { hasGnuTime, hasProc, runMeasured } from './lib/measure.mjs';

const USAGE = `usage: node bench/bench.mjs [--repo PATH --range A..B ...] [--runs N] [--engines raw,git,isomorphic,report]
                           [--timeout SECONDS] [--cli PATH] [--out FILE] [--repos-file FILE]`;
const ENGINES = ['raw', 'git', 'isomorphic', 'report'];

function parseCommandLine(argv) {
  const { values, tokens } = parseArgs({
    args: argv,
    tokens: true,
    options: {
      repo: { type: 'string', multiple: true },
      range: { type: 'string', multiple: true },
      runs: { type: 'string', default: '3' },
      engines: { type: 'string', default: ENGINES.join(',') },
      timeout: { type: 'string', default: '600' },
      cli: { type: 'string' },
      out: { type: 'string', default: resolve(ROOT, 'bench/.results/latest.md') },
      'repos-file': { type: 'string', default: resolve(ROOT, 'bench/REPOS.md') },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new Error(`--timeout must be a number of seconds, got "${values.timeout}"`);
  const engines = values.engines.split(',').map((engine) => engine.trim()).filter(Boolean);
  for (const engine of engines) if (!ENGINES.includes(engine)) throw new Error(`--engines takes ${ENGINES.join(', ')}; got "${engine}"`);

  // Pair each --range with the --repo given before it; parseArgs alone loses that order.
  const cases = [];
  let repo = null;
  const reposWithoutRanges = new Set();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'repo') {
      repo = resolve(token.value);
      reposWithoutRanges.add(repo);
    } else if (token.name === 'range') {
      if (!repo) throw new Error(`--range ${token.value} needs a --repo before it`);
      if (!/^.+\.\..+$/.test(token.value) || token.value.includes('...')) throw new Error(`--range takes FROM..TO, e.g. v1.0.0..v1.1.0; got "${token.value}"`);
      const [from, to] = token.value.split('..');
      cases.push({ name: displayName(repo, values['repos-file']), repo, from, to });
      reposWithoutRanges.delete(repo);
    }
  }
  for (const lonely of reposWithoutRanges) {
    const listed = readBenchRanges(values['repos-file']).filter((entry) => resolve(entry.repo) === lonely);
    if (!listed.length) throw new Error(`--repo ${lonely} has no --range, and ${values['repos-file']} lists none for it`);
    cases.push(...listed);
  }
  if (!values.repo) cases.push(...readBenchRanges(values['repos-file']));
  if (!cases.length) throw new Error(`no ranges to run: give --repo PATH --range A..B, or mark rows \`bench\` in ${values['repos-file']}`);
  return { cases, runs, engines, timeoutMs: timeout * 1000, cli: values.cli, out: resolve(values.out) };
}

/** Rows of the REPOS.md range table whose last cell is `bench`: name | `path` | `A..B` | ... | bench. */
function readBenchRanges(file) {
  const text = readFileSync(file, 'utf8');
  const cases = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (cells.length < 4 || cells.at(-1) !== 'bench') continue;
    const path = cells.find((cell) => /^`\/[^`]+`$/.test(cell));
    const range = cells.find((cell) => /^`[^`]+\.\.[^`]+`$/.test(cell));
    if (!path || !range) continue;
    const [from, to] = range.slice(1, -1).split('..');
    cases.push({ name: cells[0], repo: path.slice(1, -1), from, to });
  }
  return cases;
}

/** The repository's name as REPOS.md gives it (git/git), else its folder name. */
function displayName(repo, reposFile) {
  try {
    const listed = readBenchRanges(reposFile).find((entry) => resolve(entry.repo) === repo);
    if (listed) return listed.name;
  } catch {
    // No REPOS.md: fall back to the folder.
  }
  return basename(repo) === 'repo' ? basename(dirname(repo)) : basename(repo);
}

function git(repo, args) {
  const result = spawnSync('git', ['-C', repo, ...GIT_CONFIG_ARGS, ...args], { env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} in ${repo}: ${(result.stderr || '').trim().split('\n')[0]}`);
  return result.stdout.trim();
}

/**
 * The raw-git baseline as one shell process tree. The revisions arrive as positional parameters
 * ($1 repo, $2 FROM, $3 TO), never spliced into the script.
 */
function rawGitCommand() {
  const config = GIT_CONFIG_ARGS.join(' ');
  const format = '--format=%H %P%n%an%x00%ae%x00%aI%n%cn%x00%ce%x00%cI%n%B%x00';
  const script = [
    'set -e',
    'repo=$1 from=$2 to=$3',
    `g() { git -C "$repo" ${config} "$@"; }`,
    'g rev-list "$to" "^$from" -- >/dev/null',
    `g log --numstat -M '${format}' "$to" "^$from" -- >/dev/null`,
    'g diff -M --raw --numstat "$from...$to" -- >/dev/null',
    'g rev-list "$to" "^$from" -- | g cat-file --batch >/dev/null',
    // The changed files at both ends (the TODO comparison reads them), the tree at TO, its tags and branches.
    "g diff --raw --no-abbrev \"$from...$to\" -- | awk '{ print $3; print $4 }' | grep -v '^0*$' | g cat-file --batch >/dev/null",
    'g ls-tree -r "$to" >/dev/null',
    'g for-each-ref --points-at="$to" refs/tags >/dev/null',
    'g for-each-ref --contains="$to" refs/heads >/dev/null',
  ].join('\n');
  return { command: '/bin/sh', args: (c) => ['-c', script, 'raw-git', c.repo, c.from, c.to] };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median wall and peak over the successful runs, or the first error. */
function summarise(results) {
  const failed = results.find((result) => !result.ok);
  if (failed) return { ok: false, error: failed.error };
  return { ok: true, ms: median(results.map((r) => r.ms)), peakBytes: median(results.map((r) => r.peakBytes)) };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function msCell(summary, baseline) {
  if (!summary) return 'not run';
  if (!summary.ok) return summary.error.startsWith('timeout') ? summary.error : 'failed';
  const ratio = baseline?.ok ? ` (${(summary.ms / baseline.ms).toFixed(1)}×)` : '';
  return `${integer.format(summary.ms)}${ratio}`;
}

function mbCell(summary) {
  if (!summary?.ok) return '–';
  return (summary.peakBytes / 1024 / 1024).toFixed(0);
}

function renderTable(rows) {
  const header = ['repo', 'range', 'commits', 'raw git ms', 'native ms (×raw)', 'isomorphic ms (×raw)', 'report ms (×raw)', 'raw git peak MB', 'native peak MB', 'isomorphic peak MB', 'report peak MB'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) {
    const { raw, git: native, isomorphic, report } = row.results;
    lines.push(
      `| ${[row.name, `${row.from}..${row.to}`, integer.format(row.commits), msCell(raw), msCell(native, raw), msCell(isomorphic, raw), msCell(report, raw), mbCell(raw), mbCell(native), mbCell(isomorphic), mbCell(report)].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function environmentNotes({ runs, engines, timeoutMs, cli }) {
  const cpu = os.cpus();
  const gitVersion = spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout.trim();
  let version = 'unknown';
  try {
    version = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).version;
  } catch {
    // Leave it unknown.
  }
  const memory = hasProc ? (hasGnuTime ? 'max(sum of RSS over the process group sampled every 10 ms from /proc, GNU time %M)' : 'sum of RSS over the process group, sampled every 10 ms from /proc') : hasGnuTime ? 'GNU time %M (largest single process)' : 'not measured';
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node ${process.version}, ${gitVersion}, impl-draft ${version} (${cli})`,
    `- ${runs} run(s) of each of ${engines.join(', ')}, interleaved, median shown; timeout ${timeoutMs / 1000} s a run`,
    '- wall time includes process start-up; ratios are against the raw git row of the same range',
    `- peak memory: ${memory}`,
    '- raw git = `rev-list` + `log --numstat -M` over the range + `diff -M --raw --numstat FROM...TO` + `cat-file --batch` of the commits and of both ends of every changed blob + `ls-tree -r TO` + `for-each-ref --points-at TO` (tags) and `--contains TO` (branches), one after another in one shell',
  ].join('\n');
}

async function main() {
  let options;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { cases, runs, engines, timeoutMs } = options;
  let cli = options.cli ?? '(not needed)';
  if (engines.some((engine) => engine !== 'raw')) {
    try {
      cli = locateCli(options.cli);
    } catch (error) {
      console.error(`bench: ${error.message}`);
      return 2;
    }
  }
  const raw = rawGitCommand();
  const rows = [];
  let failures = 0;
  for (const benchCase of cases) {
    let commits;
    try {
      commits = Number(git(benchCase.repo, ['rev-list', '--count', benchCase.to, `^${benchCase.from}`, '--']));
    } catch (error) {
      console.error(`bench: skipping ${benchCase.name} ${benchCase.from}..${benchCase.to}: ${error.message}`);
      failures++;
      continue;
    }
    const perEngine = Object.fromEntries(engines.map((engine) => [engine, []]));
    for (let run = 1; run <= runs; run++) {
      for (const engine of engines) {
        const [command, args, env] =
          engine === 'raw'
            ? [raw.command, raw.args(benchCase), GIT_ENV]
            : [process.execPath, cliArgs(cli, { ...benchCase, engine }), process.env];
        // A range that already failed or timed out for this engine is not run again.
        if (perEngine[engine].some((result) => !result.ok)) continue;
        const result = await runMeasured(command, args, { env, timeoutMs });
        perEngine[engine].push(result);
        const detail = result.ok ? `${integer.format(result.ms)} ms, ${(result.peakBytes / 2 ** 20).toFixed(0)} MB` : result.error;
        console.error(`  ${benchCase.name} ${benchCase.from}..${benchCase.to} [${commits} commits] ${engine} run ${run}/${runs}: ${detail}`);
      }
    }
    const results = Object.fromEntries(Object.entries(perEngine).map(([engine, list]) => [engine, summarise(list)]));
    for (const [engine, summary] of Object.entries(results)) {
      if (!summary.ok) {
        failures++;
        console.error(`bench: ${benchCase.name} ${benchCase.from}..${benchCase.to} ${engine}: ${summary.error}`);
      }
    }
    rows.push({ ...benchCase, commits, results });
  }

  if (!rows.length) {
    console.error('bench: no range could be measured; nothing written');
    return 1;
  }
  const table = renderTable(rows);
  console.log(table);
  const report = `# impl-draft benchmark\n\n${environmentNotes({ ...options, cli })}\n\n${table}\n`;
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, report);
  console.error(`\nbench: wrote ${options.out}`);
  return failures ? 1 : 0;
}

process.exitCode = await main();
