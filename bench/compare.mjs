#!/usr/bin/env node
/**
 * Checks impl-draft's facts against native git for one range.
 *
 *   node bench/compare.mjs <repoPath> <from> <to> [--engine git|isomorphic|both] [--show N] [--cli PATH]
 *
 * For each engine: range ends and merge base, commits (set, order, parents), files (set),
 * statuses, renames (old -> new), line counts and the binary flag, against
 *   git rev-list --parents TO ^FROM
 *   git diff -M --name-status -z BASE TO  and  git diff -M --numstat -z BASE TO
 * where BASE is the merge base of FROM and TO (= FROM when FROM is an ancestor of TO), with
 * core.quotePath=false, diff.algorithm=myers and diff.renameLimit=1000 pinned.
 * Exit 0 when every check of every engine agrees, 1 otherwise, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { readOracle } from './lib/git-oracle.mjs';
import { locateCli, runFacts } from './lib/impl-draft.mjs';

const USAGE = 'usage: node bench/compare.mjs <repoPath> <from> <to> [--engine git|isomorphic|both] [--show N] [--cli PATH]';

function parseCommandLine(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      engine: { type: 'string', default: 'both' },
      show: { type: 'string', default: '5' },
      cli: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 3) throw new Error(`expected <repoPath> <from> <to>, got ${positionals.length} argument(s)`);
  const engines = { both: ['git', 'isomorphic'], git: ['git'], isomorphic: ['isomorphic'] }[values.engine];
  if (!engines) throw new Error(`--engine must be git, isomorphic or both, got "${values.engine}"`);
  const show = Number(values.show);
  if (!Number.isInteger(show) || show < 1) throw new Error(`--show must be a positive integer, got "${values.show}"`);
  const [repo, from, to] = positionals;
  return { repo, from, to, engines, show, cli: values.cli };
}

/** One named check: ok, a one-line summary, and the disagreements (all of them; printing truncates). */
function check(name, summary, problems) {
  return { name, ok: problems.length === 0, summary, problems };
}

function short(oid) {
  return oid ? oid.slice(0, 12) : 'null';
}

function compareRange(oracle, facts) {
  const range = facts.range ?? {};
  const problems = [];
  for (const key of ['fromOid', 'toOid', 'mergeBase']) {
    if ((range[key] ?? null) !== oracle[key]) problems.push(`${key}: git ${short(oracle[key])}, impl-draft ${short(range[key] ?? null)}`);
  }
  const how = oracle.isAncestor ? 'FROM is an ancestor of TO' : 'FROM is not an ancestor of TO: diff from the merge base';
  return check('range', `from ${short(oracle.fromOid)}, to ${short(oracle.toOid)}, merge base ${short(oracle.mergeBase)} (${how})`, problems);
}

function compareCommits(oracle, facts) {
  const mine = Array.isArray(facts.commits) ? facts.commits : [];
  const theirs = oracle.commits;
  const mineByOid = new Map(mine.map((commit) => [commit.oid, commit]));
  const theirsByOid = new Map(theirs.map((commit) => [commit.oid, commit]));

  const setProblems = [];
  for (const { oid } of theirs) if (!mineByOid.has(oid)) setProblems.push(`missing ${short(oid)}`);
  for (const { oid } of mine) if (!theirsByOid.has(oid)) setProblems.push(`extra ${short(oid)}`);
  if (mineByOid.size !== mine.length) setProblems.push(`${mine.length - mineByOid.size} duplicate commit(s) in impl-draft's list`);

  // Order is checked on the commits both sides have, so a missing commit is reported once.
  const mineOrder = mine.filter((commit) => theirsByOid.has(commit.oid)).map((commit) => commit.oid);
  const theirsOrder = theirs.filter((commit) => mineByOid.has(commit.oid)).map((commit) => commit.oid);
  const orderProblems = [];
  for (let i = 0; i < Math.min(mineOrder.length, theirsOrder.length); i++) {
    if (mineOrder[i] !== theirsOrder[i]) orderProblems.push(`position ${i}: git ${short(theirsOrder[i])}, impl-draft ${short(mineOrder[i])}`);
  }

  const parentProblems = [];
  for (const commit of theirs) {
    const other = mineByOid.get(commit.oid);
    if (!other) continue;
    const a = commit.parents.join(',');
    const b = (other.parents ?? []).join(',');
    if (a !== b) parentProblems.push(`${short(commit.oid)}: git [${commit.parents.map(short).join(' ')}], impl-draft [${(other.parents ?? []).map(short).join(' ')}]`);
  }

  const merges = theirs.filter((commit) => commit.parents.length > 1).length;
  return [
    check('commits', `${theirs.length} in git (${merges} merges), ${mine.length} in impl-draft`, setProblems),
    check('order', `git rev-list order over ${theirsOrder.length} common commits`, orderProblems),
    check('parents', 'parent lists, in order', parentProblems),
  ];
}

/** `+3 -1`, `binary`, or both when a side says binary yet gives counts. */
function lineCounts(file) {
  const counts = file.additions == null && file.deletions == null ? null : `+${file.additions} -${file.deletions}`;
  if (file.binary) return counts ? `binary ${counts}` : 'binary';
  return counts ?? 'no counts';
}

function describeFile(file) {
  return `${file.status}${file.oldPath ? ` from ${file.oldPath}` : ''}, ${lineCounts(file)}`;
}

function compareFiles(oracle, facts) {
  const mine = Array.isArray(facts.files) ? facts.files : [];
  const mineByPath = new Map(mine.map((file) => [file.path, file]));
  const theirs = oracle.files;

  const setProblems = [];
  for (const [path, file] of theirs) if (!mineByPath.has(path)) setProblems.push(`missing ${path} (git: ${describeFile(file)})`);
  for (const file of mine) if (!theirs.has(file.path)) setProblems.push(`extra ${file.path} (impl-draft: ${describeFile(file)})`);
  if (mineByPath.size !== mine.length) setProblems.push(`${mine.length - mineByPath.size} duplicate path(s) in impl-draft's list`);

  const statusProblems = [];
  const lineProblems = [];
  for (const [path, file] of theirs) {
    const other = mineByPath.get(path);
    if (!other) continue;
    if (other.status !== file.status) statusProblems.push(`${path}: git ${file.status}, impl-draft ${other.status}`);
    const sameLines = (other.additions ?? null) === file.additions && (other.deletions ?? null) === file.deletions && Boolean(other.binary) === file.binary;
    if (!sameLines) lineProblems.push(`${path}: git ${lineCounts(file)}, impl-draft ${lineCounts(other)}`);
  }

  // Renames as old -> new pairs, in both directions, whatever the paths' other disagreements.
  const pair = (file) => `${file.oldPath} -> ${file.path}`;
  const theirRenames = new Set([...theirs.values()].filter((file) => file.status === 'renamed').map(pair));
  const myRenames = new Set(mine.filter((file) => file.status === 'renamed' || file.oldPath).map(pair));
  const renameProblems = [];
  for (const rename of theirRenames) if (!myRenames.has(rename)) renameProblems.push(`missing ${rename}`);
  for (const rename of myRenames) if (!theirRenames.has(rename)) renameProblems.push(`extra ${rename}`);

  const counts = {};
  for (const file of theirs.values()) counts[file.status] = (counts[file.status] ?? 0) + 1;
  const breakdown = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ') || 'none';
  const binaries = [...theirs.values()].filter((file) => file.binary).length;
  return [
    check('files', `${theirs.size} in git (${breakdown}), ${mine.length} in impl-draft`, setProblems),
    check('statuses', 'added/modified/deleted/renamed/typechanged per path', statusProblems),
    check('renames', `${theirRenames.size} old -> new pairs in git, ${myRenames.size} in impl-draft`, renameProblems),
    check('lines', `additions/deletions per path (${binaries} binary)`, lineProblems),
  ];
}

function printChecks(checks, show) {
  for (const result of checks) {
    console.log(`  ${result.ok ? 'ok  ' : 'FAIL'}  ${result.name.padEnd(9)} ${result.summary}`);
    if (result.ok) continue;
    for (const problem of result.problems.slice(0, show)) console.log(`              - ${problem}`);
    if (result.problems.length > show) console.log(`              ... and ${result.problems.length - show} more`);
  }
}

function formatMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

async function main() {
  let options;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`compare: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { repo, from, to, engines, show } = options;
  let cli;
  try {
    cli = locateCli(options.cli);
  } catch (error) {
    console.error(`compare: ${error.message}`);
    return 2;
  }

  let oracle;
  try {
    oracle = await readOracle(repo, from, to);
  } catch (error) {
    console.error(`compare: native git could not read ${from}..${to} in ${repo}: ${error.message}`);
    return 2;
  }
  console.log(`impl-draft vs native git: ${repo} ${from}..${to}`);
  console.log(`  git: ${oracle.commits.length} commits, ${oracle.files.size} files, diff from ${oracle.isAncestor ? 'FROM' : `merge base ${short(oracle.mergeBase)}`}; ${formatMs(oracle.ms)} (rev-list + diff --name-status + diff --numstat)`);

  let allAgree = true;
  const timings = [];
  for (const engine of engines) {
    const run = await runFacts(cli, { repo, from, to, engine });
    console.log(`\nengine ${engine}: ${formatMs(run.ms)} wall`);
    timings.push(`${engine} ${formatMs(run.ms)}`);
    if (!run.ok) {
      console.log(`  FAIL  run       impl-draft failed: ${run.error}`);
      allAgree = false;
      continue;
    }
    const checks = [compareRange(oracle, run.facts), ...compareCommits(oracle, run.facts), ...compareFiles(oracle, run.facts)];
    printChecks(checks, show);
    const failed = checks.filter((result) => !result.ok).map((result) => result.name);
    if (failed.length) allAgree = false;
    console.log(`  => ${failed.length ? `disagrees on: ${failed.join(', ')}` : 'agrees with git on everything checked'}`);
  }
  console.log(`\n${allAgree ? 'AGREE' : 'DISAGREE'}  wall times: git oracle ${formatMs(oracle.ms)}, ${timings.join(', ')}`);
  return allAgree ? 0 : 1;
}

process.exitCode = await main();
