/**
 * Everything that looks like a TODO but is not one to report: a tag in a string, words in prose
 * and identifiers, Markdown, minified and generated code, vendored folders, binary, oversized and
 * symlinked files, and a file that turned into a bundle. Only the one real comment is reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todosAnalyzer } from '../../../analyzers/todos/index.js';
import type { AnalyzerRun } from '../../helpers/run-analyzer.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let run: AnalyzerRun;
const lines = (...text: string[]) => text.join('\n') + '\n';
const longLine = `const bundle = "${'x'.repeat(1200)}";`;

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'src/grows.js': lines('// TODO: keep this small', 'export {};') });
  repo.tag('v1');
  repo.commit('chore: add traps', {
    'src/strings.js': lines(
      'const label = "TODO: buy milk";',
      "const TODOS = []; // TODOS are tracked in the issue tracker",
      '// todo: lower-case prose',
      'const later = 1; // TODO_LATER is a constant',
      '// Remember the TODO list',
      '// TODO: the real one',
    ),
    'docs/plan.md': lines('# Plan', '<!-- TODO: write the docs -->', '- TODO: docs are not scanned'),
    'README.md': lines('# TODO: readme'),
    'public/app.min.js': lines('// TODO: minified by name'),
    'src/bundle.js': lines('// TODO: in a generated bundle', longLine),
    'node_modules/left-pad/index.js': lines('// TODO: vendored'),
    'vendor/lib/x.go': lines('// TODO: vendored go'),
    'dist/index.js': lines('// TODO: build output'),
    'src/data.bin': Buffer.concat([Buffer.from('// TODO: binary\n'), Buffer.from([0, 1, 2, 3])]),
    'src/huge.js': lines('// TODO: too big to scan', ...Array.from({ length: 40_000 }, (_, i) => `export const value${i} = ${i};`)),
    'src/link.js': { symlink: 'strings.js' },
    'src/grows.js': lines('// TODO: keep this small', longLine), // became a bundle: nothing to compare
  });
  run = await runAnalyzer(todosAnalyzer, repo.dir, { from: 'v1' });
});
afterAll(() => repo.remove());

describe('todos false positives', () => {
  it('scanned the range it was meant to', () => {
    expect(run.range.changes.map((c) => c.path)).toContain('src/huge.js');
    expect(run.range.changes.find((c) => c.path === 'src/huge.js')!.additions).toBeGreaterThan(40_000);
  });

  it('reports only the real comment', () => {
    expect(run.facts.todos).toEqual([{ path: 'src/strings.js', line: 6, tag: 'TODO', text: 'the real one', change: 'added' }]);
    expect(run.warnings).toEqual([]);
  });
});
