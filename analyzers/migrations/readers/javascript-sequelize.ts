/**
 * Sequelize migrations (https://sequelize.org/docs/v6/other-topics/migrations/) through the
 * QueryInterface (https://sequelize.org/docs/v6/other-topics/query-interface/,
 * https://sequelize.org/api/v6/class/src/dialects/abstract/query-interface.js~queryinterface).
 *
 * - The query interface is the `up` function's first parameter (also `{ context }` as Umzug passes
 *   it), or any name `queryInterface`; `queryInterface.sequelize.query(sql)` is embedded SQL.
 * - A column's type is shown as written without the `Sequelize.` / `DataTypes.` namespace
 *   (`STRING(255)`); `allowNull: false` is NOT NULL, `allowNull: true` is NULL.
 * - bulkInsert, bulkUpdate and bulkDelete are data operations.
 * - A table named by `{ tableName, schema }` is `schema.tableName`.
 */
import type { Node } from '@babel/types';
import { keyName, literalText, propertyName, staticString, unwrap, walk } from '../../shared/js-ast.js';
import {
  chainOf, columnList, columnOperation, isCall, isTrue, objectProperties, oneLine, operation, tableDetail, valueText,
  type ColumnSpec, type UpReader,
} from './javascript-steps.js';

const DATA_VERBS: Readonly<Record<string, string>> = { bulkInsert: 'INSERT INTO', bulkUpdate: 'UPDATE', bulkDelete: 'DELETE FROM' };
const OTHER_STATEMENTS: Readonly<Record<string, string>> = {
  createSchema: 'CREATE SCHEMA', dropSchema: 'DROP SCHEMA', createFunction: 'CREATE FUNCTION', dropFunction: 'DROP FUNCTION',
  renameFunction: 'ALTER FUNCTION', createTrigger: 'CREATE TRIGGER', dropTrigger: 'DROP TRIGGER', renameTrigger: 'ALTER TRIGGER',
  dropAllTables: 'DROP ALL TABLES', dropAllSchemas: 'DROP ALL SCHEMAS', dropEnum: 'DROP TYPE', dropAllEnums: 'DROP ALL ENUMS',
};

export interface SequelizeNames {
  /** Local names of the query interface. */
  queryInterface: ReadonlySet<string>;
  /** The `Sequelize` / `DataTypes` namespace parameter, stripped from type names. */
  namespace: string | null;
}

export function readSequelizeUp(body: Node, names: SequelizeNames, reader: UpReader): void {
  const namespaces = new Set(['Sequelize', 'DataTypes', ...(names.namespace ? [names.namespace] : [])]);
  const typePrefix = new RegExp(String.raw`\b(?:${[...namespaces].join('|')})\.(?:DataTypes\.)?`, 'g');
  const code = reader.code;
  const typeText = (node: Node) => oneLine(code.slice(node.start!, node.end!)).replace(typePrefix, '');

  for (const { node } of walk(body)) {
    if (!isCall(node) || reader.isConsumed(node)) continue;
    const { root, calls } = chainOf(node);
    const first = calls[0];
    if (!first) continue;
    // queryInterface.sequelize.query(sql)
    if (first.method === 'query' && (root.type === 'MemberExpression' || root.type === 'OptionalMemberExpression')
      && propertyName(root) === 'sequelize' && isQueryInterface(unwrap(root.object), names)) {
      reader.consume(first.node);
      reader.addSql(first.args[0], reader.source(first.node));
      continue;
    }
    if (!isQueryInterface(root, names)) continue;
    reader.consumeCall(first.node);
    const { method, args } = first;
    const table = args[0] ? tableName(args[0]) : null;
    const text = (index: number) => (args[index] ? staticString(args[index]!) : null);
    switch (method) {
      case 'createTable': {
        const columns = args[1] ? attributes(args[1], typeText, code) : [];
        reader.add(operation('create-table', table, null, tableDetail(columns, [])));
        break;
      }
      case 'dropTable':
        reader.add(operation('drop-table', table));
        break;
      case 'renameTable': {
        const to = args[1] ? tableName(args[1]) : null;
        reader.add(operation('rename-table', table, null, to ? `→ ${to}` : null));
        break;
      }
      case 'addColumn':
        reader.add(columnOperation('add-column', table, attribute(text(1) ?? '?', args[2], typeText, code)));
        break;
      case 'changeColumn':
        reader.add(columnOperation('alter-column', table, attribute(text(1) ?? '?', args[2], typeText, code)));
        break;
      case 'removeColumn':
        reader.add(operation('drop-column', table, text(1)));
        break;
      case 'renameColumn': {
        const to = text(2);
        reader.add(operation('rename-column', table, text(1), to ? `→ ${to}` : null));
        break;
      }
      case 'addIndex':
        reader.add(addIndex(table, args.slice(1)));
        break;
      case 'removeIndex': {
        const fields = args[1] ? stringList(args[1]) : [];
        const { column, list } = columnList(fields);
        reader.add(operation('drop-index', table, text(1) === null ? column : null, text(1) ?? list));
        break;
      }
      case 'addConstraint':
        reader.add(addConstraint(table, args.slice(1)));
        break;
      case 'removeConstraint':
        reader.add(operation('drop-constraint', table, null, text(1)));
        break;
      default: {
        const verb = DATA_VERBS[method];
        if (verb) {
          reader.add(operation('data', table, null, table ? `${verb} ${table}` : verb));
          break;
        }
        const statement = OTHER_STATEMENTS[method];
        if (statement) reader.add(operation('other', null, null, [statement, table].filter(Boolean).join(' ')));
      }
    }
    reader.consume(first.node);
  }
}

function isQueryInterface(node: Node, names: SequelizeNames): boolean {
  return node.type === 'Identifier' && (names.queryInterface.has(node.name) || node.name === 'queryInterface');
}

/** `'Users'`, or `{ tableName: 'Users', schema: 'auth' }` → `auth.Users`. */
function tableName(node: Node): string | null {
  const direct = staticString(node);
  if (direct !== null) return direct;
  const properties = objectProperties(node);
  const name = properties.get('tableName');
  if (!name) return null;
  const table = staticString(name);
  const schema = properties.get('schema');
  const schemaName = schema ? staticString(schema) : null;
  return table && schemaName ? `${schemaName}.${table}` : table;
}

function attributes(node: Node, typeText: (node: Node) => string, code: string): ColumnSpec[] {
  const inner = unwrap(node);
  if (inner.type !== 'ObjectExpression') return [];
  return inner.properties.flatMap((property) => {
    const name = keyName(property);
    if (name === null || property.type !== 'ObjectProperty') return [];
    return [attribute(name, property.value, typeText, code)];
  });
}

/** `{ type: Sequelize.STRING, allowNull: false, defaultValue: '' }`, or a bare type. */
function attribute(name: string, node: Node | undefined, typeText: (node: Node) => string, code: string): ColumnSpec {
  const column: ColumnSpec = { name, type: null, extras: [] };
  if (!node) return column;
  const inner = unwrap(node);
  if (inner.type !== 'ObjectExpression') {
    column.type = typeText(inner);
    return column;
  }
  const properties = objectProperties(inner);
  const type = properties.get('type');
  if (type) column.type = typeText(type);
  const allowNull = properties.get('allowNull');
  if (allowNull && literalText(allowNull) === 'false') column.notNull = true;
  if (allowNull && literalText(allowNull) === 'true') column.notNull = false;
  const defaultValue = properties.get('defaultValue');
  if (defaultValue) column.defaultValue = valueText(defaultValue, code);
  if (isTrue(properties.get('primaryKey'))) column.extras.push('PRIMARY KEY');
  if (isTrue(properties.get('autoIncrement'))) column.extras.push('AUTO_INCREMENT');
  const unique = properties.get('unique');
  if (unique && (isTrue(unique) || staticString(unique) !== null)) column.extras.push('UNIQUE');
  const references = properties.get('references');
  if (references) {
    const target = objectProperties(references);
    const model = target.get('model');
    const key = target.get('key');
    const table = model ? tableName(model) : null;
    const keyText = key ? staticString(key) : null;
    if (table) column.extras.push(`REFERENCES ${table}${keyText ? `(${keyText})` : ''}`);
  }
  for (const action of ['onDelete', 'onUpdate'] as const) {
    const value = properties.get(action);
    const text = value ? staticString(value) : null;
    if (text) column.extras.push(`${action === 'onDelete' ? 'ON DELETE' : 'ON UPDATE'} ${text.toUpperCase()}`);
  }
  return column;
}

/** `addIndex('Users', ['email'], { unique: true, name })` or `addIndex('Users', { fields, unique, name })`. */
function addIndex(table: string | null, args: Node[]) {
  const first = args[0] ? unwrap(args[0]) : null;
  const fieldsNode = first?.type === 'ArrayExpression' ? first : first ? objectProperties(first).get('fields') : undefined;
  const options = first?.type === 'ArrayExpression' ? (args[1] ? objectProperties(args[1]) : new Map<string, Node>()) : first ? objectProperties(first) : new Map<string, Node>();
  const { column, list } = columnList(fieldsNode ? stringList(fieldsNode) : []);
  const name = options.get('name');
  const type = options.get('type');
  const unique = isTrue(options.get('unique')) || (type !== undefined && staticString(type)?.toUpperCase() === 'UNIQUE');
  const detail = [name ? staticString(name) : null, list, unique ? 'UNIQUE' : null].filter(Boolean).join(' ');
  return operation('add-index', table, column, detail);
}

/**
 * `addConstraint('Posts', { fields, type: 'foreign key', name, references: { table, field }, onDelete })`
 * (v6), or the v5 form `addConstraint('Posts', ['userId'], { type, ... })`.
 */
function addConstraint(table: string | null, args: Node[]) {
  const first = args[0] ? unwrap(args[0]) : null;
  const options = first?.type === 'ArrayExpression' ? (args[1] ? objectProperties(args[1]) : new Map<string, Node>()) : first ? objectProperties(first) : new Map<string, Node>();
  const fieldsNode = first?.type === 'ArrayExpression' ? first : options.get('fields');
  const { column, list } = columnList(fieldsNode ? stringList(fieldsNode) : []);
  const typeNode = options.get('type');
  const type = (typeNode ? staticString(typeNode) : null)?.toUpperCase() ?? null;
  const nameNode = options.get('name');
  const name = nameNode ? staticString(nameNode) : null;
  const parts: Array<string | null> = [type, name, list];
  if (type === 'FOREIGN KEY') {
    const references = options.get('references');
    const target = references ? objectProperties(references) : new Map<string, Node>();
    const referencedTable = target.get('table');
    const field = target.get('field');
    const tableText = referencedTable ? tableName(referencedTable) : null;
    if (tableText) parts.push(`REFERENCES ${tableText}(${field ? (staticString(field) ?? '?') : '?'})`);
    for (const action of ['onDelete', 'onUpdate'] as const) {
      const value = options.get(action);
      const text = value ? staticString(value) : null;
      if (text) parts.push(`${action === 'onDelete' ? 'ON DELETE' : 'ON UPDATE'} ${text.toUpperCase()}`);
    }
  }
  return operation('add-constraint', table, column, parts.filter(Boolean).join(' ') || null);
}

/** `['a', 'b']`, `['a', { name: 'b' }]` (an index field with options), or one `'a'`. */
function stringList(node: Node): string[] {
  const inner = unwrap(node);
  if (inner.type !== 'ArrayExpression') {
    const single = staticString(inner);
    return single === null ? [] : [single];
  }
  return inner.elements.flatMap((element) => {
    if (!element) return [];
    const text = staticString(element);
    if (text !== null) return [text];
    const properties = objectProperties(element);
    const name = properties.get('name') ?? properties.get('attribute');
    return [name ? (staticString(name) ?? '?') : '?'];
  });
}
