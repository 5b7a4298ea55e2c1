/**
 * The five built-in reports, drafted from the example repository (real history: several authors in
 * several time zones, a merge, a squash merge, renames, a lockfile change, a migration, a route, an
 * environment variable): byte for byte the reviewed reports in examples/reports/, with every
 * heading of their seed in order, markdownlint-clean, and no seed placeholder left in a fact section.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint } from 'markdownlint/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeFenceTracker } from '../../src/render/markdown-structure.js';
import { parseNarratives } from '../../src/render/narrative.js';
import { readReport, skeleton, splitSections } from '../../src/render/report-document.js';
import { builtinTemplates } from '../../src/render/template-engine.js';
import { runCli } from '../helpers/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const TEMPLATES = builtinTemplates().map((t) => t.name);

let work: string;
const drafted: Record<string, string> = {};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'impl-draft-golden-'));
  const result = spawnSync(process.execPath, [join(ROOT, 'examples/draft-example-reports.mjs'), '--out-dir', join(work, 'reports')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  for (const name of TEMPLATES) drafted[name] = readFileSync(join(work, 'reports', `${name}.md`), 'utf8');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** ATX headings outside fenced code, with the text inside narrative blocks included (scaffolds). */
function headings(markdown: string): string[] {
  const fences = new CodeFenceTracker();
  return markdown
    .split('\n')
    .filter((line) => !fences.isCode(line) && /^#{1,6} /.test(line))
    .map((line) => line.replace(/<!-- \/?impl-draft:narrative[^>]*-->/g, '').trim());
}

/** A seed heading as a pattern: its placeholders ([x], <x>, {{X}}, X.Y numbering) match any text. */
function headingPattern(heading: string): RegExp {
  const text = heading.replace(/^(# .*) Template$/, '$1\u0000');
  const parts = text.split(/\[[^\]]*\]|<[^>]*>|\{\{[A-Z0-9_]+\}\}|\bX\.Y(?:\.\d+)?\b|\u0000/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`, 'u');
}

/** True when the report's headings contain the seed's, in order. */
function followsSeed(report: string, seed: string): boolean {
  const have = headings(report);
  let at = 0;
  for (const pattern of headings(seed).map(headingPattern)) {
    while (at < have.length && !pattern.test(have[at]!)) at++;
    if (at === have.length) return false;
    at++;
  }
  return true;
}

describe('the built-in reports of the example repository', () => {
  it.each(TEMPLATES)('%s matches its reviewed report in examples/reports/ byte for byte', (name) => {
    expect(drafted[name]).toBe(readFileSync(join(ROOT, 'examples', 'reports', `${name}.md`), 'utf8'));
  });

  it('each seed in ../shared/seeds is followed, heading by heading in order, by exactly one template', () => {
    const seeds = readdirSync(SEEDS).sort();
    expect(seeds).toHaveLength(5);
    const matches = seeds.map((file) => {
      const seed = readFileSync(join(SEEDS, file), 'utf8');
      return TEMPLATES.filter((name) => followsSeed(drafted[name]!, seed));
    });
    for (const [index, found] of matches.entries()) expect([seeds[index], found.length]).toEqual([seeds[index], 1]);
    expect(new Set(matches.flat()).size).toBe(5);
  });

  it.each(TEMPLATES)('%s passes markdownlint with templates/markdownlint.json', (name) => {
    const config = JSON.parse(readFileSync(join(ROOT, 'templates', 'markdownlint.json'), 'utf8'));
    const result = lint({ strings: { [name]: drafted[name]! }, config });
    expect(result[name]!.map((e) => `${e.lineNumber} ${e.ruleNames.join('/')} ${e.errorDetail ?? ''}`)).toEqual([]);
  });

  it.each(TEMPLATES)('%s leaves no seed placeholder in its fact sections', (name) => {
    const body = readReport(drafted[name]!).body;
    const { blocks } = parseNarratives(body);
    const facts = splitSections(body, blocks)
      .map((section) => skeleton(body, section.start, section.end, blocks, new Set()))
      .join('')
      .replace(/^(`{3,}|~{3,})[\s\S]*?^\1/gm, '')
      .replace(/(`+)[^`]*?\1/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      // Task-list boxes are Markdown, not placeholders.
      .replace(/^(\s*[-*] )\[[ x]\] /gm, '$1');
    // YAML front matter has flow sequences ([a, b]), which are not placeholders.
    expect(facts.replace(/^---\n[\s\S]*?\n---\n/, '').match(/(?<!\\)\[[^\]\n]+\](?!\()/g)).toBeNull();
    expect(facts.match(/(?<!\\)<[A-Za-z][^>\n]*>/g)).toBeNull();
    expect(facts.match(/\{\{[^}\n]*\}\}/g)).toBeNull();
    expect(facts).not.toMatch(/\bX\.Y\b|YYYY-MM-DD/);
  });

  it.each(TEMPLATES)('%s is the same with the embedded engine (no git executable needed)', (name) => {
    const repo = join(work, 'repo-for-engines', 'acme-shop-api');
    if (!readdirSync(join(work)).includes('repo-for-engines')) {
      const built = spawnSync(process.execPath, [join(ROOT, 'examples/build-example-repo.mjs'), '--dir', repo], { encoding: 'utf8' });
      if (built.status !== 0) throw new Error(built.stderr);
    }
    // The demo's test outputs, as examples/draft-example-reports.mjs passes them from the project root.
    const testOutputs = ['--lcov', 'examples/demo-test-outputs/lcov.info', '--base-lcov', 'examples/demo-test-outputs/base.lcov.info', '--junit', 'examples/demo-test-outputs/junit.xml'];
    const result = runCli(['--repo', repo, '--from', 'v1.0.0', '--to', 'v1.1.0', '--template', name, ...testOutputs, '--engine', 'isomorphic', '-q'], { cwd: ROOT });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(drafted[name]);
  });
});
