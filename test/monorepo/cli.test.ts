/** `--path` and `--per-package` as a user runs them, on the real npm-workspaces fixture. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/render/report-document.js';
import { runCli } from '../helpers/run-cli.js';
import { buildNpmMonorepo, type NpmMonorepo } from './npm-monorepo.js';

let built: NpmMonorepo;
let out: string;

beforeAll(() => {
  built = buildNpmMonorepo();
  out = mkdtempSync(join(tmpdir(), 'impl-draft-mono-cli-'));
});
afterAll(() => {
  built.repo.remove();
  rmSync(out, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(['--repo', built.repo.dir, '--from', 'v1', '--to', 'v2', ...args]);

describe('monorepo flags', () => {
  it('--per-package writes a report for each changed package and an index into --out-dir', () => {
    const dir = join(out, 'packages');
    const result = cli(['--per-package', '--out-dir', dir, '-q']);
    expect(result.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['demo-a.md', 'demo-b.md', 'index.md']);
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toContain('[demo-b.md](demo-b.md)');
    // Each report is the package's --path report (its seal also records vars.package).
    const b = cli(['--path', 'packages/b', '-q']).stdout;
    expect(readReport(readFileSync(join(dir, 'demo-b.md'), 'utf8')).body).toBe(readReport(b).body);
  });

  it('a report drafted with --path is re-drafted with the same scope', () => {
    const file = join(out, 'b.md');
    expect(cli(['--path', 'packages/b', '--out', file, '-q']).status).toBe(0);
    expect(runCli(['--repo', built.repo.dir, '--check', file, '-q']).status).toBe(0);
  });

  it('refuses --per-package without --out-dir or with flags it cannot honour', () => {
    expect(cli(['--per-package']).stderr).toMatch(/--per-package writes one Markdown report per package and an index; give --out-dir DIR/);
    expect(cli(['--per-package', '--path', 'packages/a', '--out-dir', out]).stderr).toMatch(/--per-package drafts each changed package into --out-dir; drop --path/);
    expect(existsSync(join(out, 'index.md'))).toBe(false);
  });
});
