/**
 * The test cases a test file declares, by name. JavaScript and TypeScript are parsed with
 * @babel/parser: `it`, `test` and `specify` calls (with `.skip`, `.only`, `.todo`, `.concurrent`,
 * `.each(table)`), named after the `describe` / `context` / `suite` blocks around them
 * (`users > creates one`); a title built at run time keeps its literal parts with `${…}`. The
 * modifiers are noted after the name: `[skip]`, `[only]`, `[todo]`, `[each]`.
 * Python: `def test_*` functions and methods (`TestUsers::test_create`); Go: `func TestX(t
 * *testing.T)` and the literal `t.Run("name")` subtests (`TestX/name`); Ruby: `it` / `test` /
 * `scenario` with a literal title; Java and Kotlin: methods annotated `@Test` (or
 * `@ParameterizedTest`). Comments and strings are not read for the patterns.
 */
import type { Node } from '@babel/types';
import { goSyntax, goString } from '../env/extractors/go.js';
import { jvmSyntax } from '../env/extractors/jvm.js';
import { pythonSyntax } from '../env/extractors/python.js';
import { rubyLiteral, rubySyntax } from '../env/extractors/ruby.js';
import { codeMatches, readArguments, scanSource } from '../env/extractors/source-scan.js';
import { propertyName, staticString, unwrap, walk } from '../shared/js-ast.js';
import { parseScripts } from '../shared/javascript-source.js';
import type { TestLanguage } from './conventions.js';

const CASE_FUNCTIONS = new Set(['it', 'test', 'specify', 'xit', 'fit', 'xtest']);
const GROUP_FUNCTIONS = new Set(['describe', 'context', 'suite', 'xdescribe', 'fdescribe']);
const MODIFIERS = new Set(['skip', 'only', 'todo', 'each', 'concurrent', 'failing', 'fails']);

export function testCasesOf(text: string, path: string, language: TestLanguage): string[] {
  switch (language) {
    case 'javascript':
      return javascriptCases(text, path);
    case 'python':
      return pythonCases(text);
    case 'go':
      return goCases(text);
    case 'ruby':
      return rubyCases(text);
    case 'jvm':
      return jvmCases(text, path.endsWith('.kt'));
  }
}

/** `it.skip.each(...)('title')` → the base name (`it`) and its modifiers; null for any other call. */
function testCall(callee: Node): { base: string; modifiers: string[] } | null {
  const modifiers: string[] = [];
  let node = unwrap(callee);
  // `it.each(table)('title', ...)`: the callee is itself a call.
  for (;;) {
    if (node.type === 'CallExpression') {
      node = unwrap(node.callee);
      continue;
    }
    if (node.type === 'MemberExpression') {
      const name = propertyName(node);
      if (!name || !MODIFIERS.has(name)) return null;
      modifiers.unshift(name);
      node = unwrap(node.object);
      continue;
    }
    break;
  }
  if (node.type !== 'Identifier' || (!CASE_FUNCTIONS.has(node.name) && !GROUP_FUNCTIONS.has(node.name))) return null;
  if (node.name.startsWith('x')) modifiers.unshift('skip');
  if (node.name.startsWith('f')) modifiers.unshift('only');
  return { base: node.name.replace(/^[xf]/, ''), modifiers: [...new Set(modifiers.filter((m) => m !== 'concurrent'))] };
}

function titleOf(node: Node | undefined, code: string): string | null {
  if (!node) return null;
  const text = staticString(node);
  if (text !== null) return text;
  const inner = unwrap(node);
  if (inner.type === 'TemplateLiteral') {
    return inner.quasis.map((q, i) => (q.value.cooked ?? q.value.raw) + (i < inner.expressions.length ? '${' + code.slice(inner.expressions[i]!.start!, inner.expressions[i]!.end!) + '}' : '')).join('');
  }
  if (inner.type === 'Identifier' || inner.type === 'MemberExpression') return code.slice(inner.start!, inner.end!);
  return null;
}

function javascriptCases(text: string, path: string): string[] {
  const cases: string[] = [];
  for (const { file, code } of parseScripts(text, path)) {
    const parents = new Map<Node, Node | null>();
    const visits = walk(file.program);
    for (const visit of visits) parents.set(visit.node, visit.parent);
    for (const { node } of visits) {
      if (node.type !== 'CallExpression') continue;
      const call = testCall(node.callee);
      if (!call || !CASE_FUNCTIONS.has(call.base)) continue;
      const title = titleOf(node.arguments[0] as Node | undefined, code);
      if (title === null) continue;
      const groups: string[] = [];
      for (let up = parents.get(node); up; up = parents.get(up)) {
        if (up.type !== 'CallExpression') continue;
        const group = testCall(up.callee);
        const groupTitle = group && GROUP_FUNCTIONS.has(group.base) ? titleOf(up.arguments[0] as Node | undefined, code) : null;
        if (groupTitle !== null) groups.unshift(groupTitle);
      }
      const notes = call.modifiers.map((m) => ` [${m}]`).join('');
      cases.push([...groups, title].join(' > ') + notes);
    }
  }
  return cases;
}

function pythonCases(text: string): string[] {
  const source = scanSource(text, pythonSyntax);
  const cases: string[] = [];
  let testClass: { name: string; indent: number } | null = null;
  for (const match of codeMatches(source, /^([ \t]*)(?:class[ \t]+(\w+)|(?:async[ \t]+)?def[ \t]+(test\w*))/gm)) {
    const indent = match[1]!.length;
    if (testClass && indent <= testClass.indent) testClass = null;
    if (match[2]) {
      testClass = /^Test/.test(match[2]) ? { name: match[2], indent } : null;
      continue;
    }
    if (indent > 0 && !testClass) continue;
    cases.push(testClass ? `${testClass.name}::${match[3]}` : match[3]!);
  }
  return cases;
}

function goCases(text: string): string[] {
  const source = scanSource(text, goSyntax);
  const cases: string[] = [];
  const functions = [...codeMatches(source, /^func[ \t]+(Test\w*)[ \t]*\([ \t]*\w+[ \t]+\*testing\.T[ \t]*\)/gm)];
  functions.forEach((fn, index) => {
    cases.push(fn[1]!);
    const end = functions[index + 1]?.index ?? source.code.length;
    for (const run of codeMatches(source, /\bt\.Run\s*\(/g)) {
      if (run.index < fn.index || run.index >= end) continue;
      const name = goString(readArguments(source, run.index + run[0].length - 1).args[0]?.text ?? '');
      if (name !== null) cases.push(`${fn[1]}/${name.replace(/\s/g, '_')}`);
    }
  });
  return cases;
}

function rubyCases(text: string): string[] {
  const source = scanSource(text, rubySyntax);
  const cases: string[] = [];
  for (const match of codeMatches(source, /^[ \t]*(?:it|test|scenario|specify)[ \t(]+(["'][^"'\n]*["'])/gm)) {
    const title = rubyLiteral(match[1]!);
    if (title !== null) cases.push(title);
  }
  return cases;
}

function jvmCases(text: string, kotlin: boolean): string[] {
  const source = scanSource(text, jvmSyntax(kotlin));
  const cases: string[] = [];
  const pattern = kotlin ? /@(?:Test|ParameterizedTest)\b[^]*?\bfun\s+(`[^`]+`|\w+)/g : /@(?:Test|ParameterizedTest)\b[^]*?\b(?:void|\w+)\s+(\w+)\s*\(/g;
  for (const match of codeMatches(source, pattern)) cases.push(match[1]!.replace(/`/g, ''));
  return cases;
}
