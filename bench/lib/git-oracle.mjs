/**
 * The native-git oracle: what plain `git` says a range contains, computed with the documented
 * commands only, so that impl-draft's facts can be checked against it.
 *
 *   commits  git rev-list --parents TO ^FROM                  (git's default order)
 *   files    git diff -M --name-status -z BASE TO             (BASE = merge base of FROM and TO)
 *   lines    git diff -M --numstat -z BASE TO
 *
 * Output formats: https://git-scm.com/docs/git-diff#_raw_output_format and the `-z` notes of
 * `--numstat` / `--name-status` in https://git-scm.com/docs/git-diff#Documentation/git-diff.txt--z
 */
import { spawn } from 'node:child_process';

/** Pinned so that no config file can change what git prints. */
export const GIT_CONFIG_ARGS = [
  '-c', 'core.quotePath=false',
  '-c', 'diff.algorithm=myers',
  '-c', 'diff.renameLimit=1000',
  '-c', 'diff.renames=true',
  '-c', 'color.ui=false',
];

/** The system and global config files are ignored; the repository's own config still applies. */
export const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };

const STATUS_BY_LETTER = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'typechanged', C: 'copied' };

/**
 * Runs `git <args>` in `repo` and resolves with its stdout as a Buffer.
 * @param {string} repo
 * @param {string[]} args
 * @param {{ allowExit?: number[] }} [options]
 */
export function runGit(repo, args, options = {}) {
  const allowExit = options.allowExit ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', repo, ...GIT_CONFIG_ARGS, ...args], { env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const stdout = Buffer.concat(out);
      if (allowExit.includes(code)) resolve({ code, stdout });
      else reject(new Error(`git ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().split('\n')[0]}`));
    });
  });
}

/** Full oid of a revision, peeled to a commit (annotated tags included). */
export async function resolveCommit(repo, rev) {
  const { stdout } = await runGit(repo, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`]);
  return stdout.toString('utf8').trim();
}

/**
 * Everything the oracle knows about FROM..TO.
 * @returns {Promise<{fromOid: string, toOid: string, mergeBase: string|null, diffBase: string,
 *   isAncestor: boolean, commits: {oid: string, parents: string[]}[], files: Map<string, OracleFile>, ms: number}>}
 */
export async function readOracle(repo, from, to) {
  const started = performance.now();
  const [fromOid, toOid] = await Promise.all([resolveCommit(repo, from), resolveCommit(repo, to)]);
  const mb = await runGit(repo, ['merge-base', fromOid, toOid], { allowExit: [0, 1] });
  const mergeBase = mb.code === 0 ? mb.stdout.toString('utf8').trim() : null;
  // Unrelated histories have no merge base; the only sensible diff is then from the empty tree.
  const diffBase = mergeBase ?? (await emptyTree(repo));

  const diff = (format) => ['diff', format, '-M', '-z', '--no-ext-diff', '--no-textconv', '--no-color', diffBase, toOid, '--'];
  const [revList, nameStatus, numstat] = await Promise.all([
    runGit(repo, ['rev-list', '--parents', toOid, `^${fromOid}`, '--']),
    runGit(repo, diff('--name-status')),
    runGit(repo, diff('--numstat')),
  ]);

  const commits = revList.stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [oid, ...parents] = line.split(' ');
      return { oid, parents };
    });
  const files = mergeNameStatusAndNumstat(parseNameStatus(nameStatus.stdout), parseNumstat(numstat.stdout));
  return { fromOid, toOid, mergeBase, diffBase, isAncestor: mergeBase === fromOid, commits, files, ms: performance.now() - started };
}

async function emptyTree(repo) {
  const child = spawn('git', ['-C', repo, 'hash-object', '-t', 'tree', '--stdin'], { env: GIT_ENV, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end();
  let out = '';
  for await (const chunk of child.stdout) out += chunk;
  return out.trim();
}

/**
 * `--name-status -z`: `STATUS NUL path NUL`, or for renames and copies `R086 NUL old NUL new NUL`.
 * @param {Buffer} buffer
 * @returns {{status: string, similarity: number|null, path: string, oldPath: string|null}[]}
 */
export function parseNameStatus(buffer) {
  const tokens = splitNul(buffer);
  const entries = [];
  for (let i = 0; i < tokens.length; ) {
    const code = tokens[i++];
    const letter = code[0];
    const status = STATUS_BY_LETTER[letter] ?? `unknown(${code})`;
    if (letter === 'R' || letter === 'C') {
      const oldPath = tokens[i++];
      const path = tokens[i++];
      entries.push({ status, similarity: Number(code.slice(1)), path, oldPath });
    } else {
      entries.push({ status, similarity: null, path: tokens[i++], oldPath: null });
    }
  }
  return entries;
}

/**
 * `--numstat -z`: `added TAB deleted TAB path NUL`, or for renames `added TAB deleted TAB NUL old NUL new NUL`.
 * Binary files print `-` for both counts.
 * @param {Buffer} buffer
 * @returns {{path: string, oldPath: string|null, additions: number|null, deletions: number|null, binary: boolean}[]}
 */
export function parseNumstat(buffer) {
  const tokens = splitNul(buffer);
  const entries = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i++];
    const tab1 = token.indexOf('\t');
    const tab2 = token.indexOf('\t', tab1 + 1);
    const added = token.slice(0, tab1);
    const deleted = token.slice(tab1 + 1, tab2);
    let path = token.slice(tab2 + 1);
    let oldPath = null;
    if (path === '') {
      oldPath = tokens[i++];
      path = tokens[i++];
    }
    const binary = added === '-' && deleted === '-';
    entries.push({ path, oldPath, additions: binary ? null : Number(added), deletions: binary ? null : Number(deleted), binary });
  }
  return entries;
}

/**
 * @typedef {{path: string, oldPath: string|null, status: string, similarity: number|null,
 *   additions: number|null, deletions: number|null, binary: boolean|null}} OracleFile
 * @returns {Map<string, OracleFile>} keyed by the path at TO (at BASE for deletions)
 */
function mergeNameStatusAndNumstat(nameStatus, numstat) {
  const files = new Map();
  for (const entry of nameStatus) files.set(entry.path, { ...entry, additions: null, deletions: null, binary: null });
  for (const entry of numstat) {
    const file = files.get(entry.path);
    if (!file) {
      // Should not happen: both commands see the same diff. Keep it visible rather than lose it.
      files.set(entry.path, { path: entry.path, oldPath: entry.oldPath, status: 'numstat-only', similarity: null, additions: entry.additions, deletions: entry.deletions, binary: entry.binary });
      continue;
    }
    file.additions = entry.additions;
    file.deletions = entry.deletions;
    file.binary = entry.binary;
  }
  return files;
}

function splitNul(buffer) {
  const text = buffer.toString('utf8');
  const tokens = text.split('\0');
  if (tokens.at(-1) === '') tokens.pop();
  return tokens;
}
