/**
 * TypeORM migrations (https://typeorm.io/docs/migrations/why/, the QueryRunner API:
 * https://typeorm.io/docs/migrations/api/). `migration:generate` writes only
 * `await queryRunner.query(\`...\`)` calls: embedded SQL. The API calls take `new Table({...})`,
 * `new TableColumn({...})`, `new TableIndex({...})`, `new TableForeignKey({...})`, ... (or plain
 * objects of the same shape).
 *
 * - The query runner is the `up` method's first parameter; `queryRunner.manager.query(sql)` is
 *   embedded SQL too.
 * - TableColumn's `isNullable` defaults to false: a column that does not say is NOT NULL. Its
 *   `default` is SQL text, shown as written.
 * - createTable folds columns, uniques, checks and foreign keys into the create-table detail; its
 *   `indices` are add-index operations after it.
 */
import type { Node } from '@babel/types';
import { staticString, unwrap, walk } from '../../shared/js-ast.js';
import type { SchemaOperation } from '../model.js';
import {
  chainOf, columnList, columnOperation, isCall, isTrue, objectProperties, operation, tableDetail, valueText,
  type ColumnSpec, type UpReader,
} from './javascript-steps.js';

const OTHER_STATEMENTS: Readonly<Record<string, string>> = {
  createSchema: 'CREATE SCHEMA', dropSchema: 'DROP SCHEMA', createView: 'CREATE VIEW', dropView: 'DROP VIEW',
  createDatabase: 'CREATE DATABASE', dropDatabase: 'DROP DATABASE', clearTable: 'TRUNCATE',
};

export function readTypeormUp(body: Node, queryRunner: string | null, reader: UpReader): void {
  const code = reader.code;
  for (const { node } of walk(body)) {
    if (!isCall(node) || reader.isConsumed(node)) continue;
    const { root, calls } = chainOf(node);
    const first = calls[0];
    if (!first) continue;
    const isRunner = (candidate: Node) => candidate.type === 'Identifier' && (candidate.name === queryRunner || candidate.name === 'queryRunner');
    // queryRunner.manager.query(sql), queryRunner.connection.query(sql)
    if (first.method === 'query' && root.type === 'MemberExpression' && isRunner(unwrap(root.object))) {
      reader.consume(first.node);
      reader.addSql(first.args[0], reader.source(first.node));
      continue;
    }
    if (!isRunner(root)) continue;
    const { method, args } = first;
    if (method === 'query') reader.addSql(args[0], reader.source(first.node));
    else for (const op of readRunnerCall(method, args, code)) reader.add(op);
    reader.consume(first.node);
  }
}

function readRunnerCall(method: string, args: Node[], code: string): SchemaOperation[] {
  const table = args[0] ? tableName(args[0]) : null;
  const each = (node: Node | undefined, read: (item: Node) => SchemaOperation): SchemaOperation[] => {
    if (!node) return [];
    const inner = unwrap(node);
    return inner.type === 'ArrayExpression' ? inner.elements.flatMap((element) => (element ? [read(element)] : [])) : [read(inner)];
  };
  switch (method) {
    case 'createTable':
      return createTable(args[0], code);
    case 'dropTable':
      return [operation('drop-table', table)];
    case 'renameTable': {
      const to = args[1] ? tableName(args[1]) : null;
      return [operation('rename-table', table, null, to ? `→ ${to}` : null)];
    }
    case 'addColumn':
    case 'addColumns':
      return each(args[1], (item) => columnOperation('add-column', table, column(item, code)));
    case 'changeColumn': {
      const from = args[1] ? (staticString(args[1]) ?? nameOf(args[1])) : null;
      const to = args[2] ? column(args[2], code) : null;
      if (!to) return [operation('alter-column', table, from)];
      const renamed = from !== null && to.name !== from ? `→ ${to.name};` : undefined;
      return [columnOperation('alter-column', table, { ...to, name: from ?? to.name }, renamed)];
    }
    case 'changeColumns':
      return each(args[1], (item) => {
        const change = objectProperties(item);
        const from = change.get('oldColumn');
        const to = change.get('newColumn');
        return columnOperation('alter-column', table, { ...(to ? column(to, code) : { name: '?', type: null, extras: [] }), name: from ? (nameOf(from) ?? '?') : '?' });
      });
    case 'dropColumn':
    case 'dropColumns':
      return each(args[1], (item) => operation('drop-column', table, staticString(item) ?? nameOf(item)));
    case 'renameColumn': {
      const from = args[1] ? (staticString(args[1]) ?? nameOf(args[1])) : null;
      const to = args[2] ? (staticString(args[2]) ?? nameOf(args[2])) : null;
      return [operation('rename-column', table, from, to ? `→ ${to}` : null)];
    }
    case 'createIndex':
    case 'createIndices':
      return each(args[1], (item) => index(table, item));
    case 'dropIndex':
    case 'dropIndices':
      return each(args[1], (item) => operation('drop-index', table, null, staticString(item) ?? nameOf(item)));
    case 'createForeignKey':
    case 'createForeignKeys':
      return each(args[1], (item) => {
        const { column: single, detail } = foreignKey(item);
        return operation('add-constraint', table, single, detail);
      });
    case 'createUniqueConstraint':
    case 'createUniqueConstraints':
      return each(args[1], (item) => {
        const { column: single, detail } = namedColumns('UNIQUE', item);
        return operation('add-constraint', table, single, detail);
      });
    case 'createCheckConstraint':
    case 'createCheckConstraints':
      return each(args[1], (item) => operation('add-constraint', table, null, check(item)));
    case 'createPrimaryKey': {
      const columns = args[1] ? strings(args[1]) : [];
      const { column: single, list } = columnList(columns);
      return [operation('add-constraint', table, single, ['PRIMARY KEY', args[2] ? staticString(args[2]) : null, list].filter(Boolean).join(' '))];
    }
    case 'dropPrimaryKey':
      return [operation('drop-constraint', table, null, (args[1] ? staticString(args[1]) : null) ?? 'PRIMARY KEY')];
    case 'dropForeignKey':
    case 'dropForeignKeys':
    case 'dropUniqueConstraint':
    case 'dropUniqueConstraints':
    case 'dropCheckConstraint':
    case 'dropCheckConstraints':
      return each(args[1], (item) => operation('drop-constraint', table, null, staticString(item) ?? nameOf(item)));
    default: {
      const statement = OTHER_STATEMENTS[method];
      if (!statement) return [];
      if (method === 'clearTable') return [operation('data', table, null, table ? `${statement} ${table}` : statement)];
      const target = args[0] ? (staticString(args[0]) ?? nameOf(args[0])) : null;
      return [operation('other', null, null, [statement, target].filter(Boolean).join(' '))];
    }
  }
}

/** The options object of `new Table({...})`, `new TableColumn({...})`, or a plain object. */
function optionsOf(node: Node): Map<string, Node> {
  const inner = unwrap(node);
  if (inner.type === 'NewExpression' && inner.arguments[0]) return objectProperties(inner.arguments[0] as Node);
  return objectProperties(inner);
}

/** A `name` option: the table, column, index or key a `new X({ name })` describes. */
function nameOf(node: Node): string | null {
  const name = optionsOf(node).get('name');
  return name ? staticString(name) : null;
}

function tableName(node: Node): string | null {
  return staticString(node) ?? nameOf(node);
}

function createTable(node: Node | undefined, code: string): SchemaOperation[] {
  if (!node) return [operation('create-table', null)];
  const options = optionsOf(node);
  const name = options.get('name');
  const table = name ? staticString(name) : null;
  const list = (key: string): Node[] => {
    const value = options.get(key);
    const inner = value ? unwrap(value) : null;
    return inner?.type === 'ArrayExpression' ? inner.elements.filter((element): element is NonNullable<typeof element> & Node => element !== null) as Node[] : [];
  };
  const columns = list('columns').map((item) => column(item, code));
  const constraints = [
    ...list('uniques').map((item) => namedColumns('UNIQUE', item).detail),
    ...list('checks').map((item) => check(item)),
    ...list('foreignKeys').map((item) => foreignKey(item).detail),
  ];
  return [operation('create-table', table, null, tableDetail(columns, constraints)), ...list('indices').map((item) => index(table, item))];
}

/** `new TableColumn({ name, type, length, isNullable, default, isPrimary, isUnique, isGenerated })`. */
function column(node: Node, code: string): ColumnSpec {
  const options = optionsOf(node);
  const text = (key: string) => {
    const value = options.get(key);
    return value ? staticString(value) : null;
  };
  const literal = (key: string) => {
    const value = options.get(key);
    return value ? valueText(value, code) : null;
  };
  let type = text('type');
  const length = literal('length')?.replace(/^'(.*)'$/, '$1');
  const precision = literal('precision');
  const scale = literal('scale');
  if (type && length) type += `(${length})`;
  else if (type && precision) type += `(${[precision, scale].filter(Boolean).join(', ')})`;
  if (type && isTrue(options.get('isArray'))) type += '[]';
  const spec: ColumnSpec = { name: text('name') ?? '?', type, extras: [], notNull: !isTrue(options.get('isNullable')) };
  const defaultNode = options.get('default');
  // TableColumn's default is SQL text (`"'draft'"`, `"now()"`): shown as written, not quoted again.
  if (defaultNode) spec.defaultValue = staticString(defaultNode) ?? valueText(defaultNode, code);
  if (isTrue(options.get('isPrimary'))) spec.extras.push('PRIMARY KEY');
  if (isTrue(options.get('isGenerated'))) spec.extras.push(['GENERATED', text('generationStrategy')].filter(Boolean).join(' '));
  if (isTrue(options.get('isUnique'))) spec.extras.push('UNIQUE');
  const values = options.get('enum');
  if (values && unwrap(values).type === 'ArrayExpression') spec.extras.push(`(${valueText(values, code).replace(/^\[|\]$/g, '').trim()})`);
  return spec;
}

function index(table: string | null, node: Node): SchemaOperation {
  const options = optionsOf(node);
  const columnsNode = options.get('columnNames');
  const { column: single, list } = columnList(columnsNode ? strings(columnsNode) : []);
  const name = options.get('name');
  const detail = [name ? staticString(name) : null, list, isTrue(options.get('isUnique')) ? 'UNIQUE' : null].filter(Boolean).join(' ');
  return operation('add-index', table, single, detail);
}

function foreignKey(node: Node): { column: string | null; detail: string } {
  const options = optionsOf(node);
  const get = (key: string) => options.get(key);
  const { column: single, list } = columnList(get('columnNames') ? strings(get('columnNames')!) : []);
  const name = get('name') ? staticString(get('name')!) : null;
  const referencedTable = get('referencedTableName') ? staticString(get('referencedTableName')!) : null;
  const referencedColumns = get('referencedColumnNames') ? strings(get('referencedColumnNames')!) : [];
  const parts = ['FOREIGN KEY', name, list, `REFERENCES ${referencedTable ?? '?'}(${referencedColumns.join(', ')})`];
  for (const action of ['onDelete', 'onUpdate'] as const) {
    const value = get(action) ? staticString(get(action)!) : null;
    if (value) parts.push(`${action === 'onDelete' ? 'ON DELETE' : 'ON UPDATE'} ${value.toUpperCase()}`);
  }
  return { column: single, detail: parts.filter(Boolean).join(' ') };
}

function namedColumns(kind: string, node: Node): { column: string | null; detail: string } {
  const options = optionsOf(node);
  const columnsNode = options.get('columnNames');
  const { column: single, list } = columnList(columnsNode ? strings(columnsNode) : []);
  const name = options.get('name');
  return { column: single, detail: [kind, name ? staticString(name) : null, list].filter(Boolean).join(' ') };
}

function check(node: Node): string {
  const options = optionsOf(node);
  const name = options.get('name');
  const expression = options.get('expression');
  const text = expression ? staticString(expression) : null;
  return ['CHECK', name ? staticString(name) : null, text ? `(${text})` : null].filter(Boolean).join(' ');
}

function strings(node: Node): string[] {
  const inner = unwrap(node);
  if (inner.type !== 'ArrayExpression') {
    const single = staticString(inner);
    return single === null ? [] : [single];
  }
  return inner.elements.flatMap((element) => (element ? [staticString(element) ?? '?'] : []));
}
