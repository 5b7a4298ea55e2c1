/**
 * Prisma: what changed between two versions of `schema.prisma`, as schema operations, for projects
 * whose range changes the schema (with or without the SQL `prisma migrate dev` writes).
 * Spec: https://www.prisma.io/docs/orm/reference/prisma-schema-reference
 *
 * - Models are tables (`@@map` names them), scalar and enum fields are columns (`@map` names
 *   them); relation fields are not columns, but their `@relation(fields: ...)` is a foreign key.
 * - A field is NOT NULL unless optional (`?`); `@default(...)` is a default; `@db.VarChar(255)`
 *   is shown as the column's type instead of `String`.
 * - `@unique`, `@@unique` and `@@index` are indexes; enums (`@@map` names them) are compared by value.
 * Not read: a renamed model or field is a drop and an add (the schema does not say it was a
 * rename); `@@id` and `@id` changes on existing tables; views; composite types (MongoDB).
 */
import { getSchema, type Attribute, type BlockAttribute, type Enum, type Field, type Model, type Value } from '@mrleebo/prisma-ast';
import { MigrationSyntaxError, type SchemaOperation } from '../model.js';
import { columnDetail, operation, tableDetail, type ColumnSpec } from './reading.js';

interface ColumnShape extends ColumnSpec {
  field: string;
}

interface TableShape {
  table: string;
  columns: Map<string, ColumnShape>;
  /** Index detail (`name (a, b) UNIQUE`) by a key that ignores nothing that matters. */
  indexes: Map<string, string>;
  foreignKeys: Map<string, { column: string | null; detail: string }>;
}

interface SchemaShape {
  tables: Map<string, TableShape>;
  enums: Map<string, { name: string; values: string[] }>;
}

/** An attribute value as written: `"x"` unquoted, `now()`, `[a, b]`. */
function written(value: Value | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(written).join(', ')}]`;
  if (value.type === 'function') return `${value.name}(${(value.params ?? []).map(written).join(', ')})`;
  // An empty list (`@default([])`) comes with no `args` at all.
  if (value.type === 'array') return `[${(value.args ?? []).map(written).join(', ')}]`;
  return `{${(value.properties ?? []).map((p) => `${p.key}: ${written(p.value)}`).join(', ')}}`;
}

const unquoted = (value: Value | undefined): string | null => (typeof value === 'string' && /^".*"$/s.test(value) ? value.slice(1, -1) : null);

function attributeArguments(attribute: Attribute | BlockAttribute): { positional: Value[]; named: Map<string, Value> } {
  const positional: Value[] = [];
  const named = new Map<string, Value>();
  for (const arg of attribute.args ?? []) {
    const value = arg.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'keyValue') named.set(value.key, value.value);
    else positional.push(value as Value);
  }
  return { positional, named };
}

const fieldAttribute = (field: Field, name: string, group?: string) => field.attributes?.find((a) => a.name === name && a.group === group);
const blockAttributes = (model: Model | Enum, name: string) =>
  ('properties' in model ? model.properties : model.enumerators).filter((p): p is BlockAttribute => p.type === 'attribute' && p.name === name && (p as BlockAttribute).group === undefined);
const mappedName = (block: Model | Enum): string => {
  const map = blockAttributes(block, 'map')[0];
  return (map && unquoted(attributeArguments(map).positional[0])) ?? block.name;
};
const listItems = (value: Value | undefined): string[] =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'array' ? (value.args ?? []).map((v) => written(v).replace(/\(.*\)$/, '')) : [];

/** The column of a one-column index detail (`name (email) UNIQUE`), as the SQL reader gives it; null for several. */
function singleColumn(detail: string): string | null {
  const columns = /\(([^()]*)\)/.exec(detail)?.[1]?.split(',').map((c) => c.trim()) ?? [];
  return columns.length === 1 && columns[0] !== '' ? columns[0]! : null;
}

function readShape(text: string, which: string): SchemaShape {
  let blocks;
  try {
    blocks = getSchema(text).list;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new MigrationSyntaxError(`the ${which} schema.prisma does not parse: ${message}`);
  }
  const models = blocks.filter((b): b is Model => b.type === 'model');
  // relationMode = "prisma" keeps relations in the client: the database gets no foreign key.
  const relationsInClient = blocks.some((b) => b.type === 'datasource' && b.assignments.some((a) => a.type === 'assignment' && a.key === 'relationMode' && String(a.value).replace(/"/g, '') === 'prisma'));
  const enums = blocks.filter((b): b is Enum => b.type === 'enum');
  const modelNames = new Set(models.map((m) => m.name));
  const enumNames = new Map(enums.map((e) => [e.name, mappedName(e)]));
  const tableNames = new Map(models.map((m) => [m.name, mappedName(m)]));
  const shape: SchemaShape = { tables: new Map(), enums: new Map() };

  for (const block of enums) {
    const values = block.enumerators.filter((e) => e.type === 'enumerator').map((e) => {
      const map = e.attributes?.find((a) => a.name === 'map');
      return (map && unquoted(attributeArguments(map).positional[0])) ?? e.name;
    });
    shape.enums.set(block.name, { name: enumNames.get(block.name)!, values });
  }

  for (const model of models) {
    const fields = model.properties.filter((p): p is Field => p.type === 'field');
    const columnOf = new Map(fields.map((f) => [f.name, (fieldAttribute(f, 'map') && unquoted(attributeArguments(fieldAttribute(f, 'map')!).positional[0])) ?? f.name]));
    const columnsOf = (items: string[]) => items.map((item) => columnOf.get(item) ?? item);
    const table: TableShape = { table: tableNames.get(model.name)!, columns: new Map(), indexes: new Map(), foreignKeys: new Map() };
    for (const field of fields) {
      const typeName = typeof field.fieldType === 'string' ? field.fieldType : field.fieldType.name;
      if (modelNames.has(typeName)) {
        const relation = fieldAttribute(field, 'relation');
        if (!relation) continue;
        const { named } = attributeArguments(relation);
        const local = columnsOf(listItems(named.get('fields')));
        if (local.length === 0 || relationsInClient) continue;
        const detail = `FOREIGN KEY (${local.join(', ')}) REFERENCES ${tableNames.get(typeName)} (${listItems(named.get('references')).join(', ')})`;
        table.foreignKeys.set(detail, { column: local.length === 1 ? local[0]! : null, detail });
        continue;
      }
      const native = field.attributes?.find((a) => a.group === 'db');
      const baseType = native ? `${native.name}${native.args?.length ? `(${native.args.map((a) => written(a.value as Value)).join(', ')})` : ''}` : (enumNames.get(typeName) ?? typeName);
      const column: ColumnShape = { field: field.name, name: columnOf.get(field.name)!, type: `${baseType}${field.array ? '[]' : ''}`, notNull: !field.optional };
      const defaultAttribute = fieldAttribute(field, 'default');
      if (defaultAttribute) column.defaultValue = written(attributeArguments(defaultAttribute).positional[0]);
      if (fieldAttribute(field, 'id')) column.extras = ['PRIMARY KEY'];
      table.columns.set(column.name, column);
      if (fieldAttribute(field, 'unique')) {
        const map = unquoted(attributeArguments(fieldAttribute(field, 'unique')!).named.get('map'));
        table.indexes.set(`unique:${column.name}`, [map, `(${column.name})`, 'UNIQUE'].filter(Boolean).join(' '));
      }
    }
    for (const [name, unique] of [
      ['index', false],
      ['unique', true],
    ] as const) {
      for (const attribute of blockAttributes(model, name)) {
        const { positional, named } = attributeArguments(attribute);
        const columns = columnsOf(listItems(named.get('fields') ?? positional[0]));
        const map = unquoted(named.get('map')) ?? unquoted(named.get('name'));
        table.indexes.set(`${name}:${columns.join(',')}`, [map, `(${columns.join(', ')})`, unique ? 'UNIQUE' : null].filter(Boolean).join(' '));
      }
    }
    shape.tables.set(model.name, table);
  }
  return shape;
}

const sameColumn = (a: ColumnSpec, b: ColumnSpec) => a.type === b.type && a.notNull === b.notNull && a.defaultValue === b.defaultValue;

/**
 * The operations that take a database from the `before` schema to the `after` one (`before` null:
 * a new schema, everything is added). Throws MigrationSyntaxError when either schema does not parse.
 */
export function diffPrismaSchemas(before: string | null, after: string): SchemaOperation[] {
  const old: SchemaShape = before === null ? { tables: new Map(), enums: new Map() } : readShape(before, 'previous');
  const now = readShape(after, 'new');
  const operations: SchemaOperation[] = [];
  const add = (op: SchemaOperation) => operations.push(op);

  for (const [name, shape] of now.enums) {
    const previous = old.enums.get(name);
    if (!previous) add(operation('create-enum', shape.name, null, shape.values.join(', ')));
    else if (previous.name !== shape.name || previous.values.join() !== shape.values.join()) {
      const added = shape.values.filter((v) => !previous.values.includes(v));
      const removed = previous.values.filter((v) => !shape.values.includes(v));
      const changes = [previous.name !== shape.name ? `${previous.name} → ${shape.name}` : null, added.length ? `+ ${added.join(', ')}` : null, removed.length ? `− ${removed.join(', ')}` : null];
      add(operation('alter-enum', shape.name, null, changes.filter(Boolean).join('; ') || 'values reordered'));
    }
  }

  for (const [model, table] of now.tables) {
    const previous = old.tables.get(model);
    if (!previous) {
      add(operation('create-table', table.table, null, tableDetail([...table.columns.values()])));
      for (const index of table.indexes.values()) add(operation('add-index', table.table, singleColumn(index), index));
      for (const key of table.foreignKeys.values()) add(operation('add-constraint', table.table, key.column, key.detail));
      continue;
    }
    if (previous.table !== table.table) add(operation('rename-table', previous.table, null, `→ ${table.table}`));
    for (const name of previous.columns.keys()) if (!table.columns.has(name)) add(operation('drop-column', table.table, name));
    for (const [name, column] of table.columns) {
      const was = previous.columns.get(name);
      if (!was) {
        const op = operation('add-column', table.table, name, columnDetail(column));
        op.notNull = column.notNull!;
        if (column.defaultValue !== undefined) op.hasDefault = true;
        add(op);
      } else if (!sameColumn(was, column)) {
        const op = operation('alter-column', table.table, name, `${columnDetail({ ...was, extras: [] }) ?? '?'} → ${columnDetail({ ...column, extras: [] }) ?? '?'}`);
        if (was.notNull !== column.notNull) op.notNull = column.notNull!;
        add(op);
      }
    }
    for (const [key, index] of previous.indexes) if (!table.indexes.has(key) || table.indexes.get(key) !== index) add(operation('drop-index', table.table, singleColumn(index), index));
    for (const [key, index] of table.indexes) if (!previous.indexes.has(key) || previous.indexes.get(key) !== index) add(operation('add-index', table.table, singleColumn(index), index));
    for (const [key, foreignKey] of previous.foreignKeys) if (!table.foreignKeys.has(key)) add(operation('drop-constraint', table.table, foreignKey.column, foreignKey.detail));
    for (const [key, foreignKey] of table.foreignKeys) if (!previous.foreignKeys.has(key)) add(operation('add-constraint', table.table, foreignKey.column, foreignKey.detail));
  }

  for (const [model, table] of old.tables) if (!now.tables.has(model)) add(operation('drop-table', table.table));
  for (const [name, shape] of old.enums) if (!now.enums.has(name)) add(operation('drop-enum', shape.name));
  return operations;
}
