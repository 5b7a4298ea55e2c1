/**
 * What the JavaScript migration readers share: the operations of an `up` function in source order,
 * with the SQL it embeds read by the SQL reader in its place; call chains; columns as details.
 */
import type { Node } from '@babel/types';
import { calledMethod, keyName, lineOf, literalText, unwrap, walk } from '../../shared/js-ast.js';
import { emptyReading, MigrationSyntaxError, type MigrationReading, type OperationKind, type SchemaOperation, type SqlDialect } from '../model.js';
import { readSql } from './sql.js';

/** The source of one `up` function and what the readers learnt about it so far. */
export class UpReader {
  private readonly steps: Array<SchemaOperation | { sql: string; line: number }> = [];
  /** Call nodes a reader has consumed: the walk does not read them again. */
  private readonly consumed = new Set<Node>();

  constructor(readonly code: string) {}

  add(op: SchemaOperation): void {
    this.steps.push(op);
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
    if (sql.trim() !== '') this.steps.push({ sql, line: lineOf(argument!) });
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

  async build(dialect: SqlDialect | null): Promise<MigrationReading> {
    const reading = emptyReading();
    const sqlTexts: string[] = [];
    for (const step of this.steps) {
      if (!('sql' in step)) {
        reading.operations.push(step);
        continue;
      }
      sqlTexts.push(step.sql.trim());
      try {
        const embedded = await readSql(step.sql, dialect);
        reading.operations.push(...embedded.operations);
        // The SQL reader counts lines from the literal's first line, which is the literal's line in the file.
        for (const unparsed of embedded.unparsed) reading.unparsed.push({ line: step.line + unparsed.line - 1, statement: unparsed.statement });
      } catch (error) {
        if (!(error instanceof MigrationSyntaxError)) throw error;
        reading.unparsed.push({ line: step.line, statement: brief(step.sql) });
      }
    }
    reading.sql = sqlTexts.length === 0 ? null : sqlTexts.join('\n');
    return reading;
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

/** A column as a detail shows it: `string(255) NOT NULL DEFAULT '' UNIQUE`. */
export interface ColumnSpec {
  name: string;
  type: string | null;
  notNull?: boolean;
  /** The default as written; undefined when none is declared. */
  defaultValue?: string;
  /** `PRIMARY KEY`, `UNIQUE`, `REFERENCES users(id)`, ... */
  extras: string[];
}

export function columnDetail(column: ColumnSpec): string | null {
  const parts: string[] = [];
  if (column.type) parts.push(column.type);
  if (column.notNull !== undefined) parts.push(column.notNull ? 'NOT NULL' : 'NULL');
  if (column.defaultValue !== undefined) parts.push(`DEFAULT ${column.defaultValue}`);
  parts.push(...column.extras);
  return parts.length === 0 ? null : parts.join(' ');
}

/** A create-table detail: `(id increments, email string(255) NOT NULL, UNIQUE (email))`. */
export function tableDetail(columns: ColumnSpec[], constraints: string[]): string | null {
  const items = [...columns.map((column) => [column.name, columnDetail(column)].filter(Boolean).join(' ')), ...constraints];
  return items.length === 0 ? null : `(${items.join(', ')})`;
}

export function columnOperation(kind: 'add-column' | 'alter-column', table: string | null, column: ColumnSpec, prefix?: string): SchemaOperation {
  const detail = [prefix, columnDetail(column)].filter(Boolean).join(' ') || null;
  const op = operation(kind, table, column.name, detail);
  if (column.notNull !== undefined) op.notNull = column.notNull;
  if (kind === 'add-column' && column.defaultValue !== undefined) op.hasDefault = true;
  return op;
}

export function operation(kind: OperationKind, table: string | null, column: string | null = null, detail: string | null = null): SchemaOperation {
  return { kind, table, column, detail };
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

export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

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
