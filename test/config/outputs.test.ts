/**
 * Where a run's output goes: several formats side by side in --out-dir, output path patterns,
 * and what is said on stderr (warnings summary, --quiet, --verbose, colour and progress).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/render/report-document.js';
import { Terminal } from '../../src/terminal.js';
import { TestRepo } from '../helpers/repo-builder.js';
import { runCli } from '../helpers/run-cli.js';

let repo: TestRepo;
let out: string;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'src/index.js': 'console.log(1);\n' });
  repo.tag('v1.0.0');
  repo.commit('feat: add the api', { 'src/api.js': 'export const api = 1;\n' });
  out = mkdtempSync(join(tmpdir(), 'impl-draft-outputs-'));
});
afterAll(() => {
  repo.remove();
  rmSync(out, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(['--repo', repo.dir, '--from', 'v1.0.0', ...args]);

describe('several outputs', () => {
  it('--format md,json --out-dir writes the report and its facts side by side, the same as each alone', () => {
    const dir = join(out, 'both');
    const result = cli(['--format', 'md,json', '--out-dir', dir, '-q']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(join(dir, 'facts.json'), 'utf8')).toBe(cli(['--format', 'json', '-q']).stdout);
    expect(readReport(readFileSync(join(dir, 'report.md'), 'utf8')).body).toBe(readReport(cli(['-q']).stdout).body);
  });

  it('refuses to replace an edited report in --out-dir, and then writes neither file', () => {
    const dir = join(out, 'edited');
    expect(cli(['--format', 'md,json', '--out-dir', dir, '-q']).status).toBe(0);
    writeFileSync(join(dir, 'report.md'), readFileSync(join(dir, 'report.md'), 'utf8').replace('## ', '## Edited: '));
    rmSync(join(dir, 'facts.json'));
    const result = cli(['--format', 'md,json', '--out-dir', dir, '-q']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/report\.md exists and was edited by hand/);
    expect(existsSync(join(dir, 'facts.json'))).toBe(false);
    expect(cli(['--format', 'md,json', '--out-dir', dir, '-q', '--force']).status).toBe(0);
    expect(existsSync(join(dir, 'facts.json'))).toBe(true);
  });

  it('needs --out-dir for several formats, and one of --out and --out-dir', () => {
    expect(cli(['--format', 'md,json']).stderr).toMatch(/--format md,json writes one file per format; add --out-dir DIR/);
    expect(cli(['--out', 'a.md', '--out-dir', 'x']).stderr).toMatch(/use either --out FILE or --out-dir DIR, not both/);
  });

  it('fills an output path pattern from the range and the variables, one path segment per value', () => {
    repo.git('branch', '-f', 'feature/login');
    const pattern = join(out, '{{to}}-{{vars.step}}.md');
    const result = runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--to', 'feature/login', '--set', 'step=2.3', '--out', pattern, '-q']);
    expect(result.status).toBe(0);
    expect(existsSync(join(out, 'feature-login-2.3.md'))).toBe(true);
    expect(cli(['--out', join(out, '{{version}}.md')]).stderr).toMatch(/uses \{\{version\}\}, which has no value; use \{\{from\}\}, \{\{to\}\}, \{\{template\}\} or \{\{vars\.NAME\}\}/);
  });
});

describe('stderr', () => {
  // Seven tracefiles that cannot be read: seven coverage warnings.
  const badTracefiles = () => Array.from({ length: 7 }, (_, i) => {
    const path = join(out, `bad-${i}.info`);
    writeFileSync(path, '');
    return ['--lcov', path];
  }).flat();

  it('ends with the first warnings and a count by analyzer; --verbose lists them all; --quiet says nothing', () => {
    const args = ['--only', 'files,coverage', ...badTracefiles(), '--format', 'json'];
    const normal = cli(args).stderr.trim().split('\n');
    expect(normal.filter((l) => l.startsWith('impl-draft: warning: [coverage] '))).toHaveLength(5);
    expect(normal[normal.length - 1]).toBe('impl-draft: 7 warnings in all (coverage 7); --verbose lists them, and the facts keep them all');
    expect(cli([...args, '--verbose']).stderr.split('\n').filter((l) => l.startsWith('impl-draft: warning: '))).toHaveLength(7);
    expect(cli([...args, '--quiet']).stderr).toBe('');
  });

  it('draws no progress and no colour when stderr is not a terminal', () => {
    const { stderr } = cli(['--only', 'files,coverage', ...badTracefiles()]);
    expect(stderr).not.toMatch(/\u001b\[/);
  });
});

describe('Terminal', () => {
  const fakeTerminal = () => {
    const written: string[] = [];
    // Just enough of a TTY stream for ora to draw a frame and clear it.
    const stream = {
      isTTY: true,
      columns: 80,
      write: (text: string) => written.push(text) > 0,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    } as unknown as NodeJS.WriteStream;
    return { stream, written };
  };

  it('colours warnings on a terminal, unless NO_COLOR is set', () => {
    const tty = fakeTerminal();
    new Terminal({ quiet: false, verbose: false, jsonOnStdout: false, stream: tty.stream, env: { CI: '1' } }).warn('careful');
    expect(tty.written.join('')).toBe('impl-draft: \u001b[33mwarning:\u001b[39m careful\n');
    const plain = fakeTerminal();
    new Terminal({ quiet: false, verbose: false, jsonOnStdout: false, stream: plain.stream, env: { CI: '1', NO_COLOR: '' } }).warn('careful');
    expect(plain.written.join('')).toBe('impl-draft: warning: careful\n');
  });

  it('shows progress on an interactive terminal only: not in CI, not when JSON goes to stdout', () => {
    const ci = fakeTerminal();
    const inCi = new Terminal({ quiet: false, verbose: false, jsonOnStdout: false, stream: ci.stream, env: { CI: 'true' } });
    inCi.progress('Reading');
    inCi.stopProgress();
    expect(ci.written).toEqual([]);
    const json = fakeTerminal();
    const jsonRun = new Terminal({ quiet: false, verbose: false, jsonOnStdout: true, stream: json.stream, env: {} });
    jsonRun.progress('Reading');
    jsonRun.stopProgress();
    expect(json.written).toEqual([]);
    const live = fakeTerminal();
    const interactive = new Terminal({ quiet: false, verbose: false, jsonOnStdout: false, stream: live.stream, env: {} });
    interactive.progress('Reading the range');
    interactive.stopProgress();
    expect(live.written.join('')).toContain('Reading the range');
  });
});
