/**
 * Tags added and removed across several comment syntaxes, with moved, re-indented and repeated
 * tags, a renamed file and a deleted one; redacted text; both engines agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todosAnalyzer } from '../../../analyzers/todos/index.js';
import type { Todo } from '../../../src/facts/schema.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let todos: Todo[];
const lines = (...text: string[]) => text.join('\n') + '\n';
const filler = Array.from({ length: 10 }, (_, i) => `export const x${i} = ${i};`);

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', {
    'src/app.ts': lines(
      '// TODO: validate input',
      'export function a() {}',
      '    // FIXME(alice): leaks memory',
      '/* HACK: works around bug 12 */',
      '// TODO: same text',
    ),
    'src/old-name.ts': lines('// TODO: keep me', ...filler, '// TODO: drop me'),
    'src/old.py': lines('import os', '# TODO: remove this module'),
    'scripts/deploy.sh': lines('#!/bin/sh', 'echo deploy'),
  });
  repo.tag('v1');
  repo.commit('feat: more work', {
    'src/app.ts': lines(
      'export function a() {}',
      '// TODO: validate input', // moved
      '// FIXME(bob): leaks   memory', // re-indented, another owner, other spacing
      '// TODO: same text',
      '// TODO: same text', // the second occurrence is the new one
      '// XXX: api_key=abcd1234efgh must not ship',
      ' * @todo document the options',
    ),
    'src/old-name.ts': null,
    'src/new-name.ts': lines('// TODO: keep me', ...filler, '// TODO: rename x'),
    'src/old.py': null,
    'scripts/deploy.sh': lines('#!/bin/sh', '# TODO: use set -eu', 'echo deploy'),
    'db/migrations/001_orders.sql': lines('CREATE TABLE orders (id int);', '-- FIXME: add an index'),
    '.github/workflows/ci.yml': lines('on: push', '# TODO: cache dependencies'),
    'config/app.ini': lines('[app]', '; HACK: temporary port', 'port = 8080'),
    'src/view.html': lines('<main>', '  <!-- TODO: label the buttons -->', '</main>'),
    'test/app.test.ts': lines("it('works', () => {", '  // TODO: cover errors', '});'),
  });
  const run = await runAnalyzer(todosAnalyzer, repo.dir, { from: 'v1' });
  expect(run.range.changes.find((c) => c.path === 'src/new-name.ts')).toMatchObject({ status: 'renamed', oldPath: 'src/old-name.ts' });
  todos = run.facts.todos ?? [];
});
afterAll(() => repo.remove());

describe('todos added and removed', () => {
  it('reports each change once, by path, added first, then line', () => {
    expect(todos).toEqual([
      { path: '.github/workflows/ci.yml', line: 2, tag: 'TODO', text: 'cache dependencies', change: 'added' },
      { path: 'config/app.ini', line: 2, tag: 'HACK', text: 'temporary port', change: 'added' },
      { path: 'db/migrations/001_orders.sql', line: 2, tag: 'FIXME', text: 'add an index', change: 'added' },
      { path: 'scripts/deploy.sh', line: 2, tag: 'TODO', text: 'use set -eu', change: 'added' },
      { path: 'src/app.ts', line: 5, tag: 'TODO', text: 'same text', change: 'added' },
      { path: 'src/app.ts', line: 6, tag: 'XXX', text: 'api_key=[redacted] must not ship', change: 'added' },
      { path: 'src/app.ts', line: 7, tag: 'TODO', text: 'document the options', change: 'added' },
      { path: 'src/app.ts', line: 4, tag: 'HACK', text: 'works around bug 12', change: 'removed' },
      { path: 'src/new-name.ts', line: 12, tag: 'TODO', text: 'rename x', change: 'added' },
      { path: 'src/old-name.ts', line: 12, tag: 'TODO', text: 'drop me', change: 'removed' }, // at the base, under the old path
      { path: 'src/old.py', line: 2, tag: 'TODO', text: 'remove this module', change: 'removed' },
      { path: 'src/view.html', line: 2, tag: 'TODO', text: 'label the buttons', change: 'added' },
      { path: 'test/app.test.ts', line: 2, tag: 'TODO', text: 'cover errors', change: 'added' },
    ]);
  });

  it('gives the same facts with the embedded engine', async () => {
    const embedded = await runAnalyzer(todosAnalyzer, repo.dir, { from: 'v1', engine: 'isomorphic' });
    expect(embedded.facts.todos).toEqual(todos);
    expect(embedded.warnings).toEqual([]);
  });
});
