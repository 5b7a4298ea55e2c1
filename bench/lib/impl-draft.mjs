/** Where the built CLI is, and how the bench scripts call it. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `--cli PATH`, else $IMPL_DRAFT_CLI, else the repository's own build (`npm run build`). */
export function locateCli(explicit) {
  const cli = resolve(explicit ?? process.env.IMPL_DRAFT_CLI ?? resolve(ROOT, 'dist/src/cli.js'));
  if (!existsSync(cli)) {
    throw new Error(`impl-draft is not built: ${cli} does not exist. Run \`npm run build\` in ${ROOT}, or pass --cli PATH.`);
  }
  return cli;
}

/** The argument list (after `node`) for one facts run, or for the Markdown report (`report`: native engine, default template). */
export function cliArgs(cli, { repo, from, to, engine }) {
  if (engine === 'report') return [cli, '--repo', repo, '--from', from, '--to', to, '--engine', 'git', '--quiet'];
  return [cli, '--repo', repo, '--from', from, '--to', to, '--format', 'json', '--engine', engine];
}

/**
 * Runs impl-draft once and parses its facts JSON.
 * @returns {Promise<{ok: true, facts: any, ms: number} | {ok: false, error: string, ms: number}>}
 */
export function runFacts(cli, options) {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, cliArgs(cli, options), { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.once('error', (error) => resolvePromise({ ok: false, error: error.message, ms: performance.now() - started }));
    child.once('close', (code, signal) => {
      const ms = performance.now() - started;
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code !== 0) {
        resolvePromise({ ok: false, error: `exit ${code ?? signal}: ${mainStderrLine(stderr)}`, ms });
        return;
      }
      try {
        resolvePromise({ ok: true, facts: JSON.parse(Buffer.concat(out).toString('utf8')), ms });
      } catch (error) {
        resolvePromise({ ok: false, error: `stdout is not JSON: ${error.message}`, ms });
      }
    });
  });
}

/** impl-draft's own one-line message, or the error line of a Node stack trace, or the first line. */
function mainStderrLine(stderr) {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => line.startsWith('impl-draft:')) ?? lines.find((line) => /^\w*Error\b/.test(line)) ?? lines[0] ?? '(no stderr)';
}
