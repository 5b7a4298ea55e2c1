/**
 * TODO, FIXME, HACK and XXX tags in comments, from a file's text. A tag counts only right after a
 * comment marker, so prose ("todo list"), identifiers (TODOS, TODO_LIST) and string literals
 * ("TODO: buy milk") are not tags; a marker inside a string ("// TODO") is not told apart.
 *
 * Markers: `//` (also `///`, `//!`), `/*`, a `*` starting a line (block comment continuation),
 * `#`, `--` (SQL, Lua, Haskell), `<!--`, `;` (Lisp, INI, assembly), `%` (TeX, Erlang, MATLAB).
 * Forms: `TODO text`, `TODO: text`, `TODO(owner): text`, `@todo text`, `@TODO text`. Tags are
 * upper case, except PHPDoc/JSDoc's `@todo`.
 */
import type { Todo } from '../../src/facts/schema.js';

export type TodoTag = Todo['tag'];

export interface TodoOccurrence {
  /** 1-based. */
  line: number;
  tag: TodoTag;
  /** What follows the tag, owner and separator removed, whitespace collapsed; not yet redacted. */
  text: string;
}

const TODO_COMMENT = /(?:^\s*\*+|\/\/+[!/]?|\/\*+!?|#+|--+|<!--|;+|%+)\s*(?:@(todo)|@?(TODO|FIXME|HACK|XXX))(?!\w)(.*)/;

export function extractTodos(text: string): TodoOccurrence[] {
  const todos: TodoOccurrence[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = TODO_COMMENT.exec(line);
    if (!match) return;
    const tag = (match[1] ? 'TODO' : match[2]) as TodoTag;
    todos.push({ line: index + 1, tag, text: cleanText(match[3]!) });
  });
  return todos;
}

/** `(alice):  fix   this -->` → `fix this`: no owner, separator, comment end or extra spaces. */
function cleanText(rest: string): string {
  return rest
    .replace(/^\([^)]*\)/, '')
    .replace(/^\s*[:\-–—]?\s*/, '')
    .replace(/\s*(\*\/|-->)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
