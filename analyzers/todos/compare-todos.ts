/**
 * Which tags a change added and removed: the tags of both ends compared as multisets of
 * (tag, text), so a TODO that moved or was re-indented within the file is neither. When a text
 * occurs more often at one end, the extra occurrences are taken to be the later ones.
 */
import type { TodoOccurrence } from './extract-todos.js';

export interface TodoDifference {
  added: TodoOccurrence[];
  removed: TodoOccurrence[];
}

export function compareTodos(base: TodoOccurrence[], target: TodoOccurrence[]): TodoDifference {
  const baseByKey = groupByKey(base);
  const targetByKey = groupByKey(target);
  const added: TodoOccurrence[] = [];
  const removed: TodoOccurrence[] = [];
  for (const [key, atTarget] of targetByKey) added.push(...atTarget.slice(baseByKey.get(key)?.length ?? 0));
  for (const [key, atBase] of baseByKey) removed.push(...atBase.slice(targetByKey.get(key)?.length ?? 0));
  const byLine = (a: TodoOccurrence, b: TodoOccurrence) => a.line - b.line;
  return { added: added.sort(byLine), removed: removed.sort(byLine) };
}

/** Occurrences by (tag, text), each list in line order. */
function groupByKey(todos: TodoOccurrence[]): Map<string, TodoOccurrence[]> {
  const groups = new Map<string, TodoOccurrence[]>();
  for (const todo of [...todos].sort((a, b) => a.line - b.line)) {
    const key = `${todo.tag}\u0000${todo.text}`;
    const group = groups.get(key);
    if (group) group.push(todo);
    else groups.set(key, [todo]);
  }
  return groups;
}
