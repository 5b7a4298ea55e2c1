/**
 * Drafting, re-drafting and checking report files from the command line, as a person and as a
 * release pipeline use them: what is kept, what is refused, and the exit codes.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNarratives } from '../src/render/narrative.js';
import { readReport } from '../src/render/report-document.js';
import { BOB, TestRepo } from './helpers/repo-builder.js';
import { runCli } from './helpers/run-cli.js';

let repo: TestRepo;
let out: string;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'README.md': '# Shop\n', 'package.json': '{ "name": "shop", "version": "1.0.0" }\n' });
  repo.tag('v1.0.0', { annotated: true });
  repo.commit('feat: add the orders module (#3)', { 'src/orders.js': 'export const orders = [];\n' }, { author: BOB });
  repo.commit('fix: empty orders list', { 'src/orders.js': 'export const orders = [] ;\n' });
  out = mkdtempSync(join(tmpdir(), 'impl-draft-reports-'));
});
afterAll(() => {
  repo.remove();
  rmSync(out, { recursive: true, force: true });
});

function expectOneLineError(result: ReturnType<typeof runCli>, status: number, pattern: RegExp) {
  expect(result.stderr.trim()).toMatch(pattern);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.status).toBe(status);
}

function setNarrative(file: string, id: string, text: string): void {
  const report = readFileSync(file, 'utf8');
  const block = parseNarratives(report).blocks.find((b) => b.id === id)!;
  writeFileSync(file, report.slice(0, block.contentStart) + text + report.slice(block.contentEnd));
}

describe('report files', () => {
  it('lists the built-in templates, one line each', () => {
    const result = runCli(['--list-templates']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['implementation-notes', 'implementation-plan', 'implementation-record', 'implementation-summary', 'step-report']);
  });

  it('re-drafts with --update: new commits appear, the narrative a person wrote stays, the range is remembered', () => {
    const file = join(out, 'summary.md');
    expect(runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--template', 'implementation-summary', '--out', file, '-q']).status).toBe(0);
    const written = '\nThe orders module, first cut.\n\n- reviewed by Bob  \n';
    setNarrative(file, 'overview', written);

    repo.commit('feat: order totals', { 'src/totals.js': 'export const total = 0;\n' });
    const update = runCli(['--repo', repo.dir, '--update', file]);
    expect(update.stderr).toBe('');
    expect(update.status).toBe(0);
    const report = readFileSync(file, 'utf8');
    expect(report).toContain('`src/totals.js`');
    expect(parseNarratives(report).blocks.find((b) => b.id === 'overview')!.content).toBe(written);
    // --from was remembered in the report: v1.0.0, not the nearest tag.
    expect(readReport(report).meta).toMatchObject({ template: 'implementation-summary', from: 'v1.0.0' });
    // Written atomically: no temporary file left beside it.
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('checks a report in CI: exit 3 with a diff when stale, 0 when current, 3 with --require-narrative while unwritten', () => {
    const file = join(out, 'check.md');
    runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--template', 'step-report', '--out', file, '-q']);
    const current = runCli(['--repo', repo.dir, '--check', file]);
    expect(current.status).toBe(0);
    expect(current.stderr).toBe(`impl-draft: ${file} is up to date\n`);

    const unwritten = runCli(['--repo', repo.dir, '--check', file, '--require-narrative']);
    expectOneLineError(unwritten, 3, /has \d+ unwritten narrative blocks \(step, title, .*executive-summary.*\); write them or delete the sections that do not apply$/);

    repo.commit('docs: usage', { 'docs/usage.md': '# Usage\n' });
    const stale = runCli(['--repo', repo.dir, '--check', file]);
    expectOneLineError(stale, 3, new RegExp(`${file} is stale for this range; re-draft it with impl-draft --update ${file}$`));
    expect(stale.stdout).toContain(`--- ${file}`);
    expect(stale.stdout).toMatch(/^\+.*docs\/usage\.md/m);
    // --check never writes.
    expect(readFileSync(file, 'utf8')).not.toContain('docs/usage.md');
  });

  it('never overwrites a report a person edited without --update or --force', () => {
    const file = join(out, 'guarded.md');
    runCli(['--repo', repo.dir, '--out', file, '-q']);
    // An untouched draft may be replaced.
    expect(runCli(['--repo', repo.dir, '--out', file, '-q']).status).toBe(0);
    setNarrative(file, 'overview', '\nMine.\n');
    const refused = runCli(['--repo', repo.dir, '--out', file, '-q']);
    expectOneLineError(refused, 2, new RegExp(`${file} exists and was edited by hand .*; use --update ${file} to re-draft it keeping what people wrote, or --force to replace it$`));
    expect(readFileSync(file, 'utf8')).toContain('Mine.');
    expect(runCli(['--repo', repo.dir, '--out', file, '--force', '-q']).status).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('Mine.');
  });

  it('refuses to re-draft into a file impl-draft did not write, and creates a missing one', () => {
    const readme = join(out, 'README.md');
    writeFileSync(readme, '# Not a report\n');
    expectOneLineError(runCli(['--repo', repo.dir, '--update', readme]), 2, /README\.md was not drafted by impl-draft/);
    expect(readFileSync(readme, 'utf8')).toBe('# Not a report\n');

    const fresh = join(out, 'new.md');
    const created = runCli(['--repo', repo.dir, '--update', fresh, '--template', 'implementation-plan']);
    expect(created.status).toBe(0);
    expect(created.stderr).toContain(`${fresh} did not exist; drafted it with the implementation-plan template`);
    expect(readFileSync(fresh, 'utf8')).toMatch(/^# Implementation Plan: Phase/);
    expectOneLineError(runCli(['--repo', repo.dir, '--check', join(out, 'absent.md')]), 2, /--check .*absent\.md: no such file; draft it first with --out/);
  });

  it('renders a user template with partials, and names the file and line of a template error', () => {
    const dir = join(out, 'custom');
    mkdirSync(join(dir, 'partials'), { recursive: true });
    writeFileSync(join(dir, 'release.hbs'), '# {{project.name}} {{range.to}}\n\n{{> file-line}}\n\n{{#narrative "notes"}}{{#prompt}}Notes.{{/prompt}}{{/narrative}}');
    writeFileSync(join(dir, 'partials', 'file-line.hbs'), '{{#each files}}{{code path}} {{/each}}\n');
    const result = runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--template', join(dir, 'release.hbs'), '--partials', join(dir, 'partials'), '-q']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^# shop HEAD\n\n`docs\/usage\.md` `src\/orders\.js` `src\/totals\.js`\n\n<!-- impl-draft:narrative id="notes" -->/);

    writeFileSync(join(dir, 'broken.hbs'), 'ok\n{{#each files}}\n{{path}}\n');
    expectOneLineError(runCli(['--repo', repo.dir, '--template', join(dir, 'broken.hbs')]), 2, /^impl-draft: error: template .*broken\.hbs line 4: the template ends inside a block/);
  });

  it('renders from a saved facts file, and explains a bad one in one line', () => {
    const facts = join(out, 'facts.json');
    expect(runCli(['--repo', repo.dir, '--from', 'v1.0.0', '--format', 'json', '--out', facts, '-q']).status).toBe(0);
    const result = runCli(['--facts', facts, '--template', 'implementation-record']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^---\nversion: "1\.0\.0"/);

    const broken = join(out, 'broken.json');
    writeFileSync(broken, readFileSync(facts, 'utf8').replace('"toOid": "', '"toOid": "xyz'));
    expectOneLineError(runCli(['--facts', broken]), 2, /facts file .*broken\.json does not match the facts schema at range\.toOid: /);
    writeFileSync(broken, '{"schemaVersion": 1,');
    expectOneLineError(runCli(['--facts', broken]), 2, /facts file .*broken\.json is not JSON/);
    expectOneLineError(runCli(['--facts', facts, '--repo', repo.dir]), 2, /--facts renders saved facts, whose range is fixed; drop --repo, --from and --to/);
  });

  it('rejects flag combinations that cannot mean anything', () => {
    expectOneLineError(runCli(['--repo', repo.dir, '--update', 'a.md', '--check', 'a.md']), 2, /use either --update FILE or --check FILE, not both/);
    expectOneLineError(runCli(['--repo', repo.dir, '--update', 'a.md', '--format', 'json']), 2, /--update and --check work on one Markdown report/);
    expectOneLineError(runCli(['--repo', repo.dir, '--require-narrative']), 2, /--require-narrative goes with --check FILE/);
    expect(existsSync('a.md')).toBe(false);
  });
});
