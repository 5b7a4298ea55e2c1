/**
 * A small walker over a Babel AST (https://github.com/babel/babel/blob/main/packages/babel-parser/ast/spec.md)
 * and the node helpers the JavaScript extractors (env, routes) share. No @babel/traverse: every node is
 * visited once, iteratively (deep expression chains in generated code must not overflow the stack),
 * and each visit knows its parent and whether `process` is a local name there.
 */
import type { Node } from '@babel/types';

/** What the walk learnt about one node. */
export interface Visit {
  node: Node;
  parent: Node | null;
  /** True inside a scope that declares its own `process` (a parameter, variable, function or class). */
  processShadowed: boolean;
}

/** Keys that never hold the expressions we look for: positions, comments, and TypeScript types. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set([
  'type', 'start', 'end', 'loc', 'range', 'extra', 'errors', 'comments', 'tokens',
  'leadingComments', 'trailingComments', 'innerComments',
  'typeAnnotation', 'typeParameters', 'typeArguments', 'returnType', 'superTypeParameters', 'implements', 'predicate',
]);

const RUNTIME_PROCESS_MODULES: ReadonlySet<string> = new Set(['process', 'node:process']);

/** Every node under `root` in source order, with its parent. */
export function walk(root: Node): Visit[] {
  const visits: Visit[] = [];
  const stack: Visit[] = [{ node: root, parent: null, processShadowed: false }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    visits.push(visit);
    const processShadowed = visit.processShadowed || declaresProcess(visit.node);
    const children: Node[] = [];
    const record = visit.node as unknown as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (SKIPPED_KEYS.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) children.push(item);
      } else if (isNode(value)) {
        children.push(value);
      }
    }
    for (let index = children.length - 1; index >= 0; index--) stack.push({ node: children[index]!, parent: visit.node, processShadowed });
  }
  return visits;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * True when this node opens a scope with its own `process`. Only the simple cases: a parameter, a
 * catch parameter, a function or class named `process`, or a `var`/`let`/`const` among the direct
 * statements of a block (`const process = require('node:process')` is the global itself).
 */
function declaresProcess(node: Node): boolean {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      return node.params.some((param) => bindingNames(param).includes('process'))
        || (node.type === 'FunctionExpression' && node.id?.name === 'process');
    case 'CatchClause':
      return node.param ? bindingNames(node.param).includes('process') : false;
    case 'ForStatement':
      return node.init?.type === 'VariableDeclaration' && declarationShadowsProcess(node.init);
    case 'ForInStatement':
    case 'ForOfStatement':
      return node.left.type === 'VariableDeclaration' && declarationShadowsProcess(node.left);
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
      return node.body.some((statement) => statementShadowsProcess(statement));
    default:
      return false;
  }
}

function statementShadowsProcess(statement: Node): boolean {
  const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
  if (declaration.type === 'VariableDeclaration') return declarationShadowsProcess(declaration);
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') return declaration.id?.name === 'process';
  return false;
}

function declarationShadowsProcess(declaration: Node & { type: 'VariableDeclaration' }): boolean {
  // `declare const process: ...` describes the global, it does not replace it.
  if (declaration.declare) return false;
  return declaration.declarations.some((declarator) =>
    bindingNames(declarator.id).includes('process') && !(declarator.init && isRequireOf(declarator.init, RUNTIME_PROCESS_MODULES)));
}

/** The names a binding pattern declares: `a`, `{ a, b: [c], ...d }`, `e = 1`. */
export function bindingNames(pattern: Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) => bindingNames(property.type === 'RestElement' ? property.argument : property.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? bindingNames(element) : []));
    case 'AssignmentPattern':
      return bindingNames(pattern.left);
    case 'RestElement':
      return bindingNames(pattern.argument);
    case 'TSParameterProperty':
      return bindingNames(pattern.parameter);
    default:
      return [];
  }
}

/** `require('x')` for one of the module names. */
export function isRequireOf(node: Node, modules: ReadonlySet<string>): boolean {
  const call = unwrap(node);
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== 'require') return false;
  const argument = call.arguments[0];
  return argument?.type === 'StringLiteral' && modules.has(argument.value);
}

/** Node types that wrap an expression without changing its value: parentheses and TypeScript casts. */
const TRANSPARENT_TYPES: ReadonlySet<string> = new Set([
  'ParenthesizedExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'TSNonNullExpression', 'TypeCastExpression',
]);

/** The expression inside parentheses and casts: `(<any>process.env)!` → `process.env`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (TRANSPARENT_TYPES.has(current.type)) current = (current as unknown as { expression: Node }).expression;
  return current;
}

export function isTransparent(node: Node): boolean {
  return TRANSPARENT_TYPES.has(node.type);
}

/** The name of a non-computed property, or the text of a computed literal one (`['X']`, `` [`X`] ``). */
export function propertyName(node: Node): string | null {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return null;
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : null;
  return staticString(node.property);
}

/** The value of a string literal or of a template literal without expressions. */
export function staticString(node: Node): string | null {
  const inner = unwrap(node);
  if (inner.type === 'StringLiteral') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0]!.value.cooked ?? null;
  return null;
}

/** The key of an object property or pattern property, when it is written out: `X`, `'X'`, `` [`X`] ``. */
export function keyName(property: Node): string | null {
  if (property.type !== 'ObjectProperty' && property.type !== 'ObjectMethod') return null;
  if (!property.computed) {
    if (property.key.type === 'Identifier') return property.key.name;
    if (property.key.type === 'StringLiteral') return property.key.value;
    return null;
  }
  return staticString(property.key);
}

/**
 * A literal default as written: strings and templates without expressions by value, numbers,
 * booleans and bigints as their source text; null for anything else (including `null` itself).
 */
export function literalText(node: Node): string | null {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'StringLiteral':
    case 'TemplateLiteral':
      return staticString(inner);
    case 'NumericLiteral':
    case 'BigIntLiteral':
      return rawText(inner) ?? String(inner.value);
    case 'BooleanLiteral':
      return String(inner.value);
    case 'UnaryExpression': {
      if (inner.operator !== '-' && inner.operator !== '+') return null;
      const argument = unwrap(inner.argument);
      if (argument.type !== 'NumericLiteral' && argument.type !== 'BigIntLiteral') return null;
      return inner.operator + literalText(argument);
    }
    default:
      return null;
  }
}

function rawText(node: Node): string | null {
  const raw = (node.extra as { raw?: unknown } | undefined)?.raw;
  return typeof raw === 'string' ? raw : null;
}

/** The called method's name, for `a.b(...)` and `a?.b(...)`. */
export function calledMethod(node: Node): { object: Node; method: string } | null {
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
  const method = propertyName(callee);
  return method === null ? null : { object: callee.object, method };
}

/** The 1-based line a node starts on. */
export function lineOf(node: Node): number {
  return node.loc!.start.line;
}
