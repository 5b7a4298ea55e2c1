#!/usr/bin/env node
/**
 * Drafts the five built-in reports of the example repository into examples/reports/, one file per
 * template, for the range v1.0.0..v1.1.0. The test suite runs this same script into a temporary
 * folder and compares byte for byte, so the committed reports are the golden files.
 *
 *   node examples/draft-example-reports.mjs [--out-dir DIR]     (npm run examples; needs npm run build)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'dist', 'src', 'cli.js');
/** The demo's own test runs (examples/demo-test-outputs/make.sh): coverage at v1.1.0 and at v1.0.0, test results. */
const TEST_OUTPUTS = ['--lcov', 'examples/demo-test-outputs/lcov.info', '--base-lcov', 'examples/demo-test-outputs/base.lcov.info', '--junit', 'examples/demo-test-outputs/junit.xml'];
export const TEMPLATES = ['step-report', 'implementation-summary', 'implementation-notes', 'implementation-record', 'implementation-plan'];

function run(command, args) {
  // From the project root, so the tracefile paths the reports show do not depend on where this ran.
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: join(HERE, '..') });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = resolve(values['out-dir'] ?? join(HERE, 'reports'));
mkdirSync(outDir, { recursive: true });
// The folder is named like the project, so nothing in the reports depends on where it was built.
const work = mkdtempSync(join(tmpdir(), 'impl-draft-example-'));
try {
  const repo = join(work, 'acme-shop-api');
  run(process.execPath, [join(HERE, 'build-example-repo.mjs'), '--dir', repo]);
  for (const template of TEMPLATES) {
    run(process.execPath, [CLI, '--repo', repo, '--from', 'v1.0.0', '--to', 'v1.1.0', '--template', template, ...TEST_OUTPUTS, '--out', join(outDir, `${template}.md`), '--force', '--quiet']);
  }
  process.stdout.write(`${TEMPLATES.map((t) => join(outDir, `${t}.md`)).join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
