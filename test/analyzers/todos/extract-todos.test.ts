import { describe, expect, it } from 'vitest';
import { extractTodos } from '../../../analyzers/todos/extract-todos.js';

describe('extractTodos', () => {
  it.each([
    ['// TODO: validate input', 'TODO', 'validate input'],
    ['  // TODO validate input', 'TODO', 'validate input'],
    ['x = 1; // FIXME(alice): leaks memory', 'FIXME', 'leaks memory'],
    ['/* HACK: works around bug 12 */', 'HACK', 'works around bug 12'],
    [' * @todo document the options', 'TODO', 'document the options'],
    [' * @TODO document the options', 'TODO', 'document the options'],
    ['/// XXX - unsound', 'XXX', 'unsound'],
    ['# TODO(#123): use the new API', 'TODO', 'use the new API'],
    ['-- FIXME: add an index', 'FIXME', 'add an index'],
    ['<!-- TODO: label the buttons -->', 'TODO', 'label the buttons'],
    ['; HACK: temporary value', 'HACK', 'temporary value'],
    ['% TODO: cite the paper', 'TODO', 'cite the paper'],
    ['// TODO', 'TODO', ''],
    ['// TODO:   spaced    out\r', 'TODO', 'spaced out'],
  ])('reads %j', (line, tag, text) => {
    expect(extractTodos(line)).toEqual([{ line: 1, tag, text }]);
  });

  it.each([
    'const label = "TODO: buy milk";', // no comment marker
    '// TODOS are tracked in the issue tracker',
    '// todo: lower-case prose is not a tag',
    'const x = 1; // TODO_LATER is a constant name',
    '// Remember the TODO list', // the tag must open the comment
    'TODO: a bare line',
    'const hackers = 1; // HACKERS welcome',
    '# see XXXL sizes',
  ])('ignores %j', (line) => {
    expect(extractTodos(line)).toEqual([]);
  });

  it('numbers lines from 1, across CRLF and LF files', () => {
    expect(extractTodos('a\r\n// TODO: two\r\nb\n# FIXME: four\n').map((t) => [t.line, t.tag, t.text])).toEqual([
      [2, 'TODO', 'two'],
      [4, 'FIXME', 'four'],
    ]);
  });
});
