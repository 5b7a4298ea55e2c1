/**
 * What the JavaScript migration readers share: the operations of an `up` function in source order,
 * with the SQL it embeds read by the SQL reader in its place; call chains; columns as details.
 */
import type { Node } from '@babel/types';
import { calledMethod, keyName, lineOf, literalText, unwrap, walk } from '../../shared/js-ast.js';
import type { MigrationReading, SchemaOperation, SqlDialect } from '../model.js';
import { oneLine, operation, ReadingBuilder, type ColumnSpec as Column } from './reading.js';

export { columnDetail, columnOperation, oneLine, operation, tableDetail } from './reading.js';

/** The builders collect a column's extra words as they read its modifiers: always a list here. */
export type ColumnSpec = Column & { extras: string[] };

/** The source of one `up` function and what the readers learnt about it so far. */
export class UpReader {
  private readonly reading = new ReadingBuilder();
  /** Call nodes a reader has consumed: the walk does not read them again. */
  private readonly consumed = new Set<Node>();

  constructor(readonly code: string) {}

  add(op: SchemaOperation): void {
    this.reading.add(op);
  }

  /**
   * Embedded SQL: a string, a template literal (each `${…}` kept as written), or a `+` of those. A
   * SQL text built some other way (a variable, a function call) is an `other` operation.
   */
  addSql(argument: Node | undefined, callText: string): void {
    const sql = argument ? sqlText(argument, this.code) : null;
    if (sql === null) {
      this.add(operation('other', null, null, `SQL built at run time: ${brief(callText)}`));
      return;
    }
    this.reading.addSql(sql, lineOf(argument!));
  }

  /** Marks `node` and every call under it as read. */
  consume(node: Node | undefined): void {
    if (!node) return;
    for (const visit of walk(node)) this.consumed.add(visit.node);
  }

  consumeCall(node: Node): void {
    this.consumed.add(node);
  }

  isConsumed(node: Node): boolean {
    return this.consumed.has(node);
  }

  source(node: Node): string {
    return oneLine(this.code.slice(node.start!, node.end!));
  }

  build(dialect: SqlDialect | null): Promise<MigrationReading> {
    return this.reading.build(dialect);
  }

}

/**
 * The text of a SQL argument, or null when it is not written out: template expressions and
 * non-literal operands of `+` are kept as `${source}`, which the SQL reader leaves unparsed.
 */
export function sqlText(node: Node, code: string): string | null {
  const inner = unwrap(node);
  if (inner.type === 'StringLiteral') return inner.value;
  if (inner.type === 'TemplateLiteral') {
    let text = '';
    inner.quasis.forEach((quasi, index) => {
      text += quasi.value.cooked ?? quasi.value.raw;
      const expression = inner.expressions[index];
      if (expression) text += '${' + code.slice(expression.start!, expression.end!) + '}';
    });
    return text;
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+' && inner.left.type !== 'PrivateName') {
    const left = sqlText(inner.left, code);
    const right = sqlText(inner.right, code);
    if (left === null && right === null) return null;
    return (left ?? placeholder(inner.left, code)) + (right ?? placeholder(inner.right, code));
  }
  return null;
}

function placeholder(node: Node, code: string): string {
  return '${' + code.slice(node.start!, node.end!) + '}';
}

/** One call of a chain: `.notNullable()`, with its arguments. */
export interface ChainCall {
  method: string;
  args: Node[];
  node: Node;
}

/**
 * A method chain read from its outermost call: `knex.schema.createTable(a).createTable(b)` is the
 * root `knex.schema` and the calls createTable, createTable, in source order. Parentheses and casts
 * between the links are looked through.
 */
export function chainOf(outer: Node): { root: Node; calls: ChainCall[] } {
  const calls: ChainCall[] = [];
  let node = unwrap(outer);
  for (let call = calledMethod(node); call; call = calledMethod(node)) {
    calls.unshift({ method: call.method, args: (node as Node & { arguments: Node[] }).arguments, node });
    node = unwrap(call.object);
  }
  return { root: node, calls };
}

export function isCall(node: Node): boolean {
  return node.type === 'CallExpression' || node.type === 'OptionalCallExpression';
}

/** `(a, b)`, with the one column when there is one. */
export function columnList(columns: string[]): { column: string | null; list: string } {
  return { column: columns.length === 1 ? columns[0]! : null, list: `(${columns.join(', ')})` };
}

/** A default or other value as a reviewer reads it: strings quoted SQL-style, other expressions as written. */
export function valueText(node: Node, code: string): string {
  const inner = unwrap(node);
  if (inner.type === 'StringLiteral') return `'${inner.value.replace(/'/g, "''")}'`;
  if (inner.type === 'NullLiteral') return 'NULL';
  return oneLine(code.slice(inner.start!, inner.end!));
}


const BRIEF_LIMIT = 120;

export function brief(text: string): string {
  const line = oneLine(text);
  return line.length <= BRIEF_LIMIT ? line : `${line.slice(0, BRIEF_LIMIT - 1)}…`;
}

/** The properties of an object literal whose keys are written out, by key. */
export function objectProperties(node: Node): Map<string, Node> {
  const properties = new Map<string, Node>();
  const inner = unwrap(node);
  if (inner.type !== 'ObjectExpression') return properties;
  for (const property of inner.properties) {
    const name = keyName(property);
    if (name !== null && property.type === 'ObjectProperty') properties.set(name, property.value as Node);
  }
  return properties;
}

export function isTrue(node: Node | undefined): boolean {
  return node !== undefined && literalText(node) === 'true';
}
