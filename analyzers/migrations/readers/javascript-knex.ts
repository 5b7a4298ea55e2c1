/**
 * Knex migrations (https://knexjs.org/guide/migrations.html), the schema builder
 * (https://knexjs.org/guide/schema-builder.html) and the query builder's writes.
 *
 * - `<any>.schema` starts a schema chain (`knex.schema`, a transaction's `trx.schema`,
 *   MikroORM's `this.getKnex().schema`); `.withSchema('s')` qualifies the tables after it.
 * - createTable folds its columns and its primary, unique and foreign keys into the create-table
 *   detail; its `index()` calls are add-index operations after it. In `table` / `alterTable` each
 *   column is an add-column, or an alter-column with `.alter()`.
 * - `timestamps(useTimestamps, defaultToNow, useCamelCase)` is two columns, NOT NULL DEFAULT
 *   CURRENT_TIMESTAMP when defaultToNow, as Knex's table builder writes them.
 * - `knex.raw(sql)` and `knex.schema.raw(sql)` are embedded SQL; inside a column's chain
 *   (`.defaultTo(knex.raw('now()'))`) or a query they are part of that, not a statement.
 * - `knex('t')` / `knex.table('t')` / `knex.into('t')` chains with insert, update, del, upsert,
 *   increment, decrement or truncate are data operations; a chain that only reads is nothing.
 * - hasTable / hasColumn guards are not operations; what their `.then` callbacks do is read as if
 *   it ran.
 */
import type { Node } from '@babel/types';
import { literalText, propertyName, staticString, unwrap, walk } from '../../shared/js-ast.js';
import type { SchemaOperation } from '../model.js';
import {
  chainOf, columnList, columnOperation, isCall, operation, tableDetail, valueText,
  type ChainCall, type ColumnSpec, type UpReader,
} from './javascript-steps.js';

const COLUMN_TYPES: ReadonlySet<string> = new Set([
  'tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'float', 'double', 'real', 'bit', 'boolean', 'serial',
  'date', 'datetime', 'timestamp', 'time', 'year', 'geometry', 'geography', 'point',
  'char', 'varchar', 'tinytext', 'tinyText', 'text', 'mediumtext', 'mediumText', 'longtext', 'longText',
  'binary', 'varbinary', 'tinyblob', 'tinyBlob', 'mediumblob', 'mediumBlob', 'blob', 'longblob', 'longBlob', 'enum', 'set',
  'bool', 'dateTime', 'increments', 'bigincrements', 'bigIncrements', 'integer', 'biginteger', 'bigInteger',
  'string', 'json', 'jsonb', 'uuid', 'enu', 'specificType',
]);
/** Types whose numeric arguments after the name are a length or a precision: `string('x', 255)` is `string(255)`. */
const SIZED_TYPES: ReadonlySet<string> = new Set(['string', 'varchar', 'char', 'binary', 'varbinary', 'decimal', 'float', 'double', 'bit']);

const DATA_VERBS: Readonly<Record<string, string>> = {
  insert: 'INSERT INTO', upsert: 'INSERT INTO', update: 'UPDATE', del: 'DELETE FROM', delete: 'DELETE FROM',
  increment: 'UPDATE', decrement: 'UPDATE', truncate: 'TRUNCATE',
};
/** Query builder calls that name the table of a data chain. */
const TABLE_NAMING: ReadonlySet<string> = new Set(['table', 'from', 'into']);

/** Schema builder calls that are `other` operations: `CREATE SCHEMA x`. */
const OTHER_STATEMENTS: Readonly<Record<string, string>> = {
  createSchema: 'CREATE SCHEMA', createSchemaIfNotExists: 'CREATE SCHEMA', dropSchema: 'DROP SCHEMA', dropSchemaIfExists: 'DROP SCHEMA',
  createExtension: 'CREATE EXTENSION', createExtensionIfNotExists: 'CREATE EXTENSION', dropExtension: 'DROP EXTENSION', dropExtensionIfExists: 'DROP EXTENSION',
  createView: 'CREATE VIEW', createViewOrReplace: 'CREATE OR REPLACE VIEW', createMaterializedView: 'CREATE MATERIALIZED VIEW',
  refreshMaterializedView: 'REFRESH MATERIALIZED VIEW', dropView: 'DROP VIEW', dropViewIfExists: 'DROP VIEW',
  dropMaterializedView: 'DROP MATERIALIZED VIEW', dropMaterializedViewIfExists: 'DROP MATERIALIZED VIEW',
  view: 'ALTER VIEW', alterView: 'ALTER VIEW', renameView: 'ALTER VIEW',
};

/** Reads a Knex `up` function whose first parameter (the knex instance) is `knexName`. */
export function readKnexUp(body: Node, knexName: string | null, reader: UpReader): void {
  for (const { node } of walk(body)) {
    if (!isCall(node) || reader.isConsumed(node)) continue;
    readKnexCall(node, knexName, reader);
  }
}

/** One outermost call: a schema chain, `knex.raw`, or a data chain; anything else is left to the walk. */
export function readKnexCall(node: Node, knexName: string | null, reader: UpReader): void {
  const { root, calls } = chainOf(node);
  if (calls.length > 0 && isSchemaRoot(root)) {
    for (const call of calls) reader.consumeCall(call.node);
    readSchemaChain(calls, reader);
    return;
  }
  if (!isKnexName(root, knexName) && !(root.type === 'CallExpression' && isKnexName(unwrap(root.callee), knexName))) return;
  if (root.type === 'Identifier' && calls[0]?.method === 'raw') {
    reader.consume(node);
    reader.addSql(calls[0].args[0], reader.source(calls[0].node));
    return;
  }
  if (root.type === 'Identifier' && calls[0]?.method === 'batchInsert') {
    reader.consume(node);
    const table = staticString(calls[0].args[0] ?? root);
    reader.add(operation('data', table, null, table ? `INSERT INTO ${table}` : 'INSERT INTO'));
    return;
  }
  const verb = calls.map((call) => DATA_VERBS[call.method]).find(Boolean);
  if (!verb) return;
  reader.consume(node);
  let table = root.type === 'CallExpression' && root.arguments[0] ? staticString(root.arguments[0]) : null;
  let schema: string | null = null;
  for (const call of calls) {
    if (TABLE_NAMING.has(call.method) && call.args[0]) table = staticString(call.args[0]) ?? table;
    if (call.method === 'withSchema' && call.args[0]) schema = staticString(call.args[0]);
  }
  const qualified = table && schema ? `${schema}.${table}` : table;
  reader.add(operation('data', qualified, null, qualified ? `${verb} ${qualified}` : verb));
}

function isKnexName(node: Node, knexName: string | null): boolean {
  return node.type === 'Identifier' && (node.name === knexName || node.name === 'knex' || node.name === 'trx');
}

function isSchemaRoot(node: Node): boolean {
  return (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && propertyName(node) === 'schema';
}

function readSchemaChain(calls: ChainCall[], reader: UpReader): void {
  let schema: string | null = null;
  const name = (arg: Node | undefined): string | null => {
    const value = arg ? staticString(arg) : null;
    return value && schema ? `${schema}.${value}` : value;
  };
  for (const { method, args, node } of calls) {
    switch (method) {
      case 'withSchema':
        schema = args[0] ? staticString(args[0]) : null;
        reader.consume(args[0]);
        break;
      case 'createTable':
      case 'createTableIfNotExists':
        for (const op of readTableCallback(name(args[0]), args[1], 'create', reader)) reader.add(op);
        reader.consume(node);
        break;
      case 'createTableLike': {
        const like = args[1] ? staticString(args[1]) : null;
        reader.add(operation('create-table', name(args[0]), null, like ? `LIKE ${like}` : null));
        for (const op of readTableCallback(name(args[0]), args[2], 'alter', reader)) reader.add(op);
        reader.consume(node);
        break;
      }
      case 'table':
      case 'alterTable':
        for (const op of readTableCallback(name(args[0]), args[1], 'alter', reader)) reader.add(op);
        reader.consume(node);
        break;
      case 'dropTable':
      case 'dropTableIfExists':
        reader.consume(node);
        reader.add(operation('drop-table', name(args[0])));
        break;
      case 'renameTable': {
        reader.consume(node);
        const to = args[1] ? staticString(args[1]) : null;
        reader.add(operation('rename-table', name(args[0]), null, to ? `→ ${to}` : null));
        break;
      }
      case 'raw':
        reader.consume(node);
        reader.addSql(args[0], reader.source(node));
        break;
      default: {
        const statement = OTHER_STATEMENTS[method];
        if (!statement) break;
        reader.consume(node);
        const target = name(args[0]);
        reader.add(operation('other', null, null, target ? `${statement} ${target}` : statement));
      }
    }
  }
}

type TableMode = 'create' | 'alter';

/**
 * The operations of a table builder callback: `(table) => { table.string('email') }`, or the
 * older `function () { this.string('email') }`. In create mode the first operation is the
 * create-table itself.
 */
function readTableCallback(table: string | null, callback: Node | undefined, mode: TableMode, reader: UpReader): SchemaOperation[] {
  const fn = callback ? unwrap(callback) : null;
  const columns: ColumnSpec[] = [];
  const constraints: string[] = [];
  const operations: SchemaOperation[] = [];
  if (fn && (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression')) {
    const param = fn.params[0]?.type === 'Identifier' ? fn.params[0].name : null;
    const acceptsThis = fn.type === 'FunctionExpression';
    for (const { node } of walk(fn.body)) {
      if (!isCall(node) || reader.isConsumed(node)) continue;
      const { root, calls } = chainOf(node);
      const isBuilder = (root.type === 'Identifier' && root.name === param) || (acceptsThis && root.type === 'ThisExpression');
      if (!isBuilder || calls.length === 0) continue;
      reader.consume(node);
      readTableChain(table, calls, mode, { columns, constraints, operations }, reader.code);
    }
  }
  if (mode === 'alter') return operations;
  return [operation('create-table', table, null, tableDetail(columns, constraints)), ...operations];
}

interface TableParts {
  /** Create mode: columns and constraints folded into the create-table detail. */
  columns: ColumnSpec[];
  constraints: string[];
  operations: SchemaOperation[];
}

function readTableChain(table: string | null, calls: ChainCall[], mode: TableMode, parts: TableParts, code: string): void {
  const [first, ...modifiers] = calls as [ChainCall, ...ChainCall[]];
  const strings = (node: Node | undefined): string[] => {
    if (!node) return [];
    const inner = unwrap(node);
    if (inner.type === 'ArrayExpression') return inner.elements.flatMap((element) => (element ? [staticString(element) ?? '?'] : []));
    const single = staticString(inner);
    return single === null ? [] : [single];
  };
  const arg = (index: number): string | null => (first.args[index] ? staticString(first.args[index]!) : null);

  if (COLUMN_TYPES.has(first.method)) {
    const column = columnOf(first, modifiers, code);
    if (mode === 'create') parts.columns.push(column);
    else parts.operations.push(columnOperation(modifiers.some((m) => m.method === 'alter') ? 'alter-column' : 'add-column', table, column));
    return;
  }
  switch (first.method) {
    case 'timestamps': {
      const options = first.args[0] && unwrap(first.args[0]).type === 'ObjectExpression' ? objectLiterals(first.args[0]) : null;
      const useTimestamps = options ? options.useTimestamps === 'true' : isTrue(first.args[0]);
      const defaultToNow = options ? options.defaultToNow === 'true' : isTrue(first.args[1]);
      const camel = options ? options.useCamelCase === 'true' : isTrue(first.args[2]);
      for (const name of camel ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at']) {
        const column: ColumnSpec = { name, type: useTimestamps ? 'timestamp' : 'datetime', extras: [] };
        if (defaultToNow) Object.assign(column, { notNull: true, defaultValue: 'CURRENT_TIMESTAMP' });
        if (mode === 'create') parts.columns.push(column);
        else parts.operations.push(columnOperation('add-column', table, column));
      }
      return;
    }
    case 'dropColumn':
    case 'dropColumns':
      for (const columnArg of first.args) for (const name of strings(columnArg)) parts.operations.push(operation('drop-column', table, name));
      return;
    case 'dropTimestamps':
      for (const name of isTrue(first.args[0]) ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at']) parts.operations.push(operation('drop-column', table, name));
      return;
    case 'renameColumn': {
      const to = arg(1);
      parts.operations.push(operation('rename-column', table, arg(0), to ? `→ ${to}` : null));
      return;
    }
    case 'index': {
      const { column, list } = columnList(strings(first.args[0]));
      parts.operations.push(operation('add-index', table, column, [indexName(first.args[1]), list].filter(Boolean).join(' ')));
      return;
    }
    case 'unique': {
      const { column, list } = columnList(strings(first.args[0]));
      const detail = [indexName(first.args[1]), list, 'UNIQUE'].filter(Boolean).join(' ');
      if (mode === 'create') parts.constraints.push(['UNIQUE', indexName(first.args[1]), list].filter(Boolean).join(' '));
      else parts.operations.push(operation('add-index', table, column, detail));
      return;
    }
    case 'primary': {
      const { column, list } = columnList(strings(first.args[0]));
      const detail = ['PRIMARY KEY', indexName(first.args[1]), list].filter(Boolean).join(' ');
      if (mode === 'create') parts.constraints.push(detail);
      else parts.operations.push(operation('add-constraint', table, column, detail));
      return;
    }
    case 'foreign': {
      const { column, list } = columnList(strings(first.args[0]));
      const detail = ['FOREIGN KEY', indexName(first.args[1]), list, ...referenceWords(modifiers)].filter(Boolean).join(' ');
      if (mode === 'create') parts.constraints.push(detail);
      else parts.operations.push(operation('add-constraint', table, column, detail));
      return;
    }
    case 'check': {
      const expression = arg(0);
      const detail = ['CHECK', arg(2), expression ? `(${expression})` : null].filter(Boolean).join(' ');
      if (mode === 'create') parts.constraints.push(detail);
      else parts.operations.push(operation('add-constraint', table, null, detail));
      return;
    }
    case 'dropIndex':
    case 'dropUnique': {
      const { column, list } = columnList(strings(first.args[0]));
      const named = arg(1);
      parts.operations.push(operation('drop-index', table, column, named ?? (first.method === 'dropUnique' ? `${list} UNIQUE` : list)));
      return;
    }
    case 'dropForeign': {
      const { column, list } = columnList(strings(first.args[0]));
      parts.operations.push(operation('drop-constraint', table, column, arg(1) ?? `FOREIGN KEY ${list}`));
      return;
    }
    case 'dropPrimary':
      parts.operations.push(operation('drop-constraint', table, null, arg(0) ?? 'PRIMARY KEY'));
      return;
    case 'dropChecks':
      for (const name of strings(first.args[0])) parts.operations.push(operation('drop-constraint', table, null, name));
      return;
    case 'setNullable':
      parts.operations.push({ ...operation('alter-column', table, arg(0), 'DROP NOT NULL'), notNull: false });
      return;
    case 'dropNullable':
      parts.operations.push({ ...operation('alter-column', table, arg(0), 'SET NOT NULL'), notNull: true });
      return;
    default:
      // comment, engine, charset, collate, inherits, queryContext: nothing a reviewer reads as a schema change.
      return;
  }
}

/** A column builder and its modifiers: `table.string('email', 255).notNullable().unique()`. */
function columnOf(first: ChainCall, modifiers: ChainCall[], code: string): ColumnSpec {
  // increments() without a name is Knex's `id`.
  const unnamed = /^big[iI]ncrements$|^increments$/.test(first.method) ? 'id' : '?';
  const column: ColumnSpec = { name: first.args[0] ? (staticString(first.args[0]) ?? '?') : unnamed, type: typeOf(first, code), extras: [] };
  const references: string[] = [];
  for (const { method, args } of modifiers) {
    switch (method) {
      case 'notNullable':
        column.notNull = true;
        break;
      case 'nullable':
        column.notNull = false;
        break;
      case 'defaultTo':
      case 'default':
      case 'defaultsTo':
        if (args[0]) column.defaultValue = valueText(args[0], code);
        break;
      case 'unsigned':
        column.extras.push('UNSIGNED');
        break;
      case 'primary':
        column.extras.push('PRIMARY KEY');
        break;
      case 'unique':
        column.extras.push('UNIQUE');
        break;
      case 'index':
        column.extras.push('INDEX');
        break;
      default:
        break;
    }
  }
  references.push(...referenceWords(modifiers));
  column.extras.push(...references);
  return column;
}

/** `references('id').inTable('users').onDelete('CASCADE')` → `REFERENCES users(id) ON DELETE CASCADE`. */
function referenceWords(modifiers: ChainCall[]): string[] {
  let target: string | null = null;
  let table: string | null = null;
  const actions: string[] = [];
  for (const { method, args } of modifiers) {
    const value = args[0] ? staticString(args[0]) : null;
    if (method === 'references') target = value;
    else if (method === 'inTable' || method === 'on') table = value;
    else if (method === 'onDelete' && value) actions.push(`ON DELETE ${value.toUpperCase()}`);
    else if (method === 'onUpdate' && value) actions.push(`ON UPDATE ${value.toUpperCase()}`);
  }
  if (target === null) return [];
  // `references('users.id')` names the table and the column together.
  if (table === null && target.includes('.')) {
    const dot = target.lastIndexOf('.');
    table = target.slice(0, dot);
    target = target.slice(dot + 1);
  }
  return [table ? `REFERENCES ${table}(${target})` : `REFERENCES ${target}`, ...actions];
}

function typeOf(first: ChainCall, code: string): string {
  const rest = first.args.slice(1);
  if (first.method === 'specificType') return (rest[0] && staticString(rest[0])) ?? 'specificType';
  if (first.method === 'enum' || first.method === 'enu') {
    const values = rest[0] ? unwrap(rest[0]) : null;
    if (values?.type !== 'ArrayExpression') return 'enum';
    return `enum(${values.elements.map((element) => (element ? valueText(element, code) : '?')).join(', ')})`;
  }
  if (SIZED_TYPES.has(first.method)) {
    const sizes = rest.map((node) => unwrap(node)).filter((node) => node.type === 'NumericLiteral').map((node) => literalText(node)!);
    if (sizes.length > 0) return `${first.method}(${sizes.join(', ')})`;
  }
  return first.method;
}

/** An index name given as a string, or as `{ indexName }` in newer Knex. */
function indexName(node: Node | undefined): string | null {
  if (!node) return null;
  const direct = staticString(node);
  if (direct !== null) return direct;
  return objectLiterals(node).indexName ?? null;
}

/** The literal values of an object literal's properties: `{ useTz: true }` → `{ useTz: 'true' }`. */
function objectLiterals(node: Node): Record<string, string> {
  const inner = unwrap(node);
  const values: Record<string, string> = {};
  if (inner.type !== 'ObjectExpression') return values;
  for (const property of inner.properties) {
    if (property.type !== 'ObjectProperty' || property.computed || property.key.type !== 'Identifier') continue;
    const value = literalText(property.value);
    if (value !== null) values[property.key.name] = value;
  }
  return values;
}

function isTrue(node: Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === 'BooleanLiteral' && (unwrap(node) as Node & { value: boolean }).value;
}
