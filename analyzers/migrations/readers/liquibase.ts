/**
 * Liquibase: YAML and JSON changelogs, and formatted SQL changelogs.
 * Spec: https://docs.liquibase.com/change-types/home.html
 * Formatted SQL: https://docs.liquibase.com/concepts/changelogs/sql-format.html
 *
 * - Each `changeSet`'s `changes` are read in order; `rollback` sections are not.
 * - `sql` changes hand their SQL to the SQL reader; `insert`, `update`, `delete` and `loadData`
 *   are data; change types without a schema meaning of their own here (`createView`,
 *   `createSequence`, `sqlFile`, ...) are `other` operations naming the change type.
 * - A file starting with `--liquibase formatted sql` is SQL: the whole file goes to the SQL reader
 *   (its `--changeset` and `--rollback` lines are SQL comments).
 * - Column `constraints.nullable: false` or `primaryKey: true` is NOT NULL; any `defaultValue*` is a default.
 * Not read: XML changelogs (no XML parser is a dependency; such a file is reported as not read),
 * `include` / `includeAll` (the included files are read on their own), preconditions and contexts.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { MigrationSyntaxError, type MigrationReader, type MigrationReading, type SqlDialect } from '../model.js';
import { columnOperation, operation, ReadingBuilder, tableDetail, type ColumnSpec } from './reading.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Change = Record<string, Json>;

const FORMATTED_SQL = /^\s*--\s*liquibase\s+formatted\s+sql\b/i;
const DATA_CHANGES: Record<string, string> = { insert: 'INSERT', update: 'UPDATE', delete: 'DELETE', loadData: 'LOAD', loadUpdateData: 'LOAD' };
const DEFAULT_KEYS = ['defaultValue', 'defaultValueNumeric', 'defaultValueBoolean', 'defaultValueDate', 'defaultValueComputed', 'defaultValueSequenceNext'];

const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: Json | undefined): string | null => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null);
const asList = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
/** `a, b` as Liquibase writes column lists. */
const names = (value: Json | undefined): string[] => (asString(value) ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function qualified(change: Change, key = 'tableName', schemaKey = 'schemaName'): string | null {
  const table = asString(change[key]);
  const schema = asString(change[schemaKey]);
  return table === null ? null : schema ? `${schema}.${table}` : table;
}

/** `{column: {name, type, constraints: {nullable: false}, defaultValue: ...}}` as a column. */
function readColumn(entry: Json): ColumnSpec | null {
  const column = isObject(entry) && isObject(entry['column']) ? entry['column'] : null;
  const name = asString(column?.['name']);
  if (!column || name === null) return null;
  const spec: ColumnSpec = { name, type: asString(column['type']) };
  const constraints = isObject(column['constraints']) ? column['constraints'] : {};
  if (constraints['nullable'] === false || constraints['primaryKey'] === true) spec.notNull = true;
  else if (constraints['nullable'] === true) spec.notNull = false;
  const defaultKey = DEFAULT_KEYS.find((key) => column[key] !== undefined && column[key] !== null);
  if (defaultKey) spec.defaultValue = defaultKey === 'defaultValue' ? `'${asString(column[defaultKey])}'` : (asString(column[defaultKey]) ?? JSON.stringify(column[defaultKey]));
  const extras: string[] = [];
  if (constraints['primaryKey'] === true) extras.push('PRIMARY KEY');
  if (constraints['unique'] === true) extras.push('UNIQUE');
  const references = asString(constraints['references']) ?? asString(constraints['referencedTableName']);
  if (references) extras.push(`REFERENCES ${references}`);
  if (extras.length) spec.extras = extras;
  return spec;
}

class LiquibaseChangelog {
  readonly builder = new ReadingBuilder();

  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  change(type: string, change: Change, path: Array<string | number>): void {
    const add = this.builder.add.bind(this.builder);
    const table = qualified(change);
    switch (type) {
      case 'createTable': {
        const columns = asList(change['columns']).map(readColumn).filter((c): c is ColumnSpec => c !== null);
        add(operation('create-table', table, null, tableDetail(columns)));
        return;
      }
      case 'dropTable':
        add(operation('drop-table', table));
        return;
      case 'renameTable':
        add(operation('rename-table', qualified(change, 'oldTableName'), null, `→ ${asString(change['newTableName']) ?? '?'}`));
        return;
      case 'addColumn':
        for (const column of asList(change['columns']).map(readColumn)) if (column) add(columnOperation('add-column', table, column));
        return;
      case 'dropColumn': {
        const listed = asList(change['columns']).map((entry) => (isObject(entry) && isObject(entry['column']) ? asString(entry['column']['name']) : null));
        for (const column of [asString(change['columnName']), ...listed]) if (column) add(operation('drop-column', table, column));
        return;
      }
      case 'renameColumn':
        add(operation('rename-column', table, asString(change['oldColumnName']), `→ ${asString(change['newColumnName']) ?? '?'}`));
        return;
      case 'modifyDataType':
        add(operation('alter-column', table, asString(change['columnName']), asString(change['newDataType'])));
        return;
      case 'addNotNullConstraint':
      case 'dropNotNullConstraint': {
        const notNull = type === 'addNotNullConstraint';
        const fill = asString(change['defaultNullValue']);
        add({ ...operation('alter-column', table, asString(change['columnName']), notNull ? `NOT NULL${fill === null ? '' : ` (NULLs set to ${fill})`}` : 'NULL'), notNull });
        return;
      }
      case 'addDefaultValue': {
        const key = DEFAULT_KEYS.find((k) => change[k] !== undefined);
        add(operation('alter-column', table, asString(change['columnName']), `DEFAULT ${key ? asString(change[key]) : '?'}`));
        return;
      }
      case 'dropDefaultValue':
        add(operation('alter-column', table, asString(change['columnName']), 'DROP DEFAULT'));
        return;
      case 'createIndex': {
        const columns = asList(change['columns']).map((entry) => (isObject(entry) && isObject(entry['column']) ? asString(entry['column']['name']) : null));
        const words = [asString(change['indexName']), `(${columns.filter(Boolean).join(', ')})`, change['unique'] === true ? 'UNIQUE' : null];
        add(operation('add-index', table, null, words.filter(Boolean).join(' ')));
        return;
      }
      case 'dropIndex':
        add(operation('drop-index', table, null, asString(change['indexName'])));
        return;
      case 'addForeignKeyConstraint': {
        const base = names(change['baseColumnNames']);
        const detail = `${asString(change['constraintName']) ?? ''} FOREIGN KEY (${base.join(', ')}) REFERENCES ${qualified(change, 'referencedTableName', 'referencedTableSchemaName') ?? '?'} (${names(change['referencedColumnNames']).join(', ')})`;
        add(operation('add-constraint', qualified(change, 'baseTableName', 'baseTableSchemaName'), base.length === 1 ? base[0]! : null, detail.trim()));
        return;
      }
      case 'dropForeignKeyConstraint':
        add(operation('drop-constraint', qualified(change, 'baseTableName', 'baseTableSchemaName'), null, asString(change['constraintName'])));
        return;
      case 'addUniqueConstraint':
      case 'addPrimaryKey': {
        const words = type === 'addPrimaryKey' ? 'PRIMARY KEY' : 'UNIQUE';
        add(operation('add-constraint', table, null, `${asString(change['constraintName']) ?? ''} ${words} (${names(change['columnNames']).join(', ')})`.trim()));
        return;
      }
      case 'dropUniqueConstraint':
      case 'dropPrimaryKey':
        add(operation('drop-constraint', table, null, asString(change['constraintName'])));
        return;
      case 'sql': {
        const sql = asString(change['sql']);
        if (sql !== null) this.builder.addSql(sql, this.lineOf([...path, 'sql']));
        return;
      }
      case 'tagDatabase':
      case 'empty':
      case 'output':
        return;
      default:
        if (DATA_CHANGES[type]) add(operation('data', table, null, `${DATA_CHANGES[type]} ${table ?? ''}`.trim()));
        else add(operation('other', table, null, type));
    }
  }

  /** The line a scalar's text starts on; a block scalar (`sql: |`) starts on the next line. */
  private lineOf(path: Array<string | number>): number {
    const node = this.document.getIn(path, true);
    if (!isScalar(node) || !node.range) return 1;
    const { line } = this.lines.linePos(node.range[0]);
    return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? line + 1 : line;
  }
}

export async function readLiquibaseChangelog(text: string, path: string, dialect: SqlDialect | null): Promise<MigrationReading> {
  if (FORMATTED_SQL.test(text)) {
    const builder = new ReadingBuilder();
    builder.addSql(text, 1);
    return builder.build(dialect);
  }
  if (/\.xml$/i.test(path) || /^\s*<\?xml|^\s*<databaseChangeLog\b/.test(text)) {
    throw new MigrationSyntaxError('XML changelogs are not read (no XML parser is installed); YAML, JSON and formatted SQL changelogs are');
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) throw new MigrationSyntaxError(`not valid YAML or JSON: ${document.errors[0]!.message.split('\n')[0]}`);
  const root = document.toJS() as Json;
  if (!isMap(document.contents) || !isObject(root) || !Array.isArray(root['databaseChangeLog'])) {
    throw new MigrationSyntaxError('expected a Liquibase changelog, a `databaseChangeLog:` list such as `databaseChangeLog:\\n  - changeSet: {id: 1, author: me, changes: [...]}`');
  }
  const changelog = new LiquibaseChangelog(document, lines);
  root['databaseChangeLog'].forEach((entry, i) => {
    const changeSet = isObject(entry) && isObject(entry['changeSet']) ? entry['changeSet'] : null;
    if (!changeSet) return;
    asList(changeSet['changes']).forEach((item, j) => {
      if (!isObject(item)) return;
      for (const [type, change] of Object.entries(item)) {
        changelog.change(type, isObject(change) ? change : {}, ['databaseChangeLog', i, 'changeSet', 'changes', j, type]);
      }
    });
  });
  return changelog.builder.build(dialect);
}

export const liquibaseMigrationReader: MigrationReader = {
  id: 'liquibase',
  read: (text, path, dialect) => readLiquibaseChangelog(text, path, dialect),
};
