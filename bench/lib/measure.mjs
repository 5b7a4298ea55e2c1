/**
 * Runs one command and measures its wall time and the peak resident memory of its whole process
 * tree (the command and every process it starts, e.g. impl-draft plus its git children).
 *
 * Two sources, the larger wins:
 * - /proc sampling: the command is started in its own process group and, every `sampleMs`, the
 *   RSS (`/proc/PID/stat` field 24) of every process in that group is summed. This sees processes
 *   running at the same time (node + `git cat-file --batch`), but can miss a peak shorter than
 *   the sampling interval.
 * - GNU time's %M (when /usr/bin/time exists): the kernel's exact high-water mark, but of the
 *   largest single process of the tree (getrusage RUSAGE_CHILDREN), not of their sum.
 * See proc(5) for the stat fields: https://man7.org/linux/man-pages/man5/proc.5.html
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** Whether /usr/bin/time is GNU time (supports -f and -o). */
export const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', 'true']).status === 0;
export const hasProc = existsSync('/proc/self/stat');

const PAGE_BYTES = (() => {
  const result = spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' });
  const value = Number(result.stdout?.trim());
  return Number.isInteger(value) && value > 0 ? value : 4096;
})();

/** Sum of the RSS, in bytes, of every process whose process group is `pgid`, except `skipPid`. */
function groupRssBytes(pgid, skipPid) {
  let total = 0;
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue; // The process ended between readdir and read.
    }
    // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): pgrp is field 5, rss field 24.
    if (Number(fields[2]) !== pgid || Number(entry) === skipPid) continue;
    total += Number(fields[21]) * PAGE_BYTES;
  }
  return total;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, sampleMs?: number }} [options]
 * @returns {Promise<{ ok: boolean, error: string|null, ms: number, peakBytes: number, treeSampledBytes: number, largestProcessBytes: number|null }>}
 */
export function runMeasured(command, args, options = {}) {
  const { cwd, env, timeoutMs = 600_000, sampleMs = 10 } = options;
  const tempDir = hasGnuTime ? mkdtempSync(join(tmpdir(), 'impl-draft-bench-')) : null;
  const timeFile = tempDir ? join(tempDir, 'time.txt') : null;
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];

  return new Promise((resolve) => {
    const started = performance.now();
    // detached: a new process group led by the child, so its whole tree is one group to sample and to kill.
    const child = spawn(file, argv, { cwd, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    const skipPid = hasGnuTime ? child.pid : -1; // GNU time's own few hundred KiB are not the tool's.
    let sampled = 0;
    const sample = () => {
      if (hasProc && child.pid) sampled = Math.max(sampled, groupRssBytes(child.pid, skipPid));
    };
    const sampler = setInterval(sample, sampleMs);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    const stderr = [];
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 64) stderr.push(chunk);
    });
    let finished = false;
    const finish = (code, signal, spawnError) => {
      if (finished) return;
      finished = true;
      const ms = performance.now() - started;
      clearInterval(sampler);
      clearTimeout(timer);
      let largest = null;
      if (timeFile) {
        try {
          // GNU time writes "Command exited with non-zero status N" before the format when it fails.
          const kib = Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1));
          if (Number.isFinite(kib) && kib > 0) largest = kib * 1024;
        } catch {
          // Killed before time could write.
        }
        rmSync(tempDir, { recursive: true, force: true });
      }
      let error = null;
      if (spawnError) error = spawnError.message;
      else if (timedOut) error = `timeout after ${Math.round(timeoutMs / 1000)} s`;
      else if (code !== 0) error = `exit ${code ?? signal}: ${firstMeaningfulLine(Buffer.concat(stderr).toString('utf8'))}`;
      resolve({ ok: error === null, error, ms, peakBytes: Math.max(sampled, largest ?? 0), treeSampledBytes: sampled, largestProcessBytes: largest });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal, null));
  });
}

function firstMeaningfulLine(text) {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('Command exited with'));
  return lines.find((line) => line.startsWith('impl-draft:')) ?? lines.find((line) => /^\w*Error\b/.test(line)) ?? lines[0] ?? '(no stderr)';
}
