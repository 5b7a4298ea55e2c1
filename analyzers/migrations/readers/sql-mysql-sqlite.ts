/**
 * MySQL and SQLite statements read with node-sql-parser (a PEG grammar per dialect; only the one
 * in use is loaded). AST shapes: https://github.com/taozhi8833998/node-sql-parser/blob/master/types.d.ts;
 * statement reference https://dev.mysql.com/doc/refman/8.4/en/sql-data-definition-statements.html,
 * https://www.sqlite.org/lang.html.
 *
 * - `ALTER TABLE t ADD COLUMN a INT, DROP COLUMN b` gives one operation per action.
 * - MySQL's `CHANGE old new TYPE` gives a rename-column (when the name changes) and an alter-column.
 * - A column's type and constraints are printed back by the parser's own printer, so they read
 *   normalised (`DECIMAL(10, 2)`), not byte for byte as written.
 * - SQLite's table rebuild (CREATE TABLE new_x; INSERT INTO new_x SELECT …; DROP TABLE x; ALTER
 *   TABLE new_x RENAME TO x), as Prisma and drizzle-kit write it for changes SQLite's ALTER TABLE
 *   cannot make, is reported statement by statement: the column change it makes is not inferred.
 * - PRAGMA is not in the grammar: it is recognised here as `other`, not reported as unparsed.
 */
import type { SchemaOperation, SqlDialect } from '../model.js';
import { leadingWords, operation, parenthesizedAfter } from './sql-fallback.js';

/** A node of node-sql-parser's AST; its shapes vary by statement and dialect, so read defensively. */
type AstNode = Record<string, any>;

interface NodeSqlParser {
  astify(sql: string, options: { database: string }): AstNode | AstNode[];
  exprToSQL(expr: AstNode, options: { database: string }): string;
}

const parsers = new Map<string, Promise<NodeSqlParser>>();

function loadParser(dialect: 'mysql' | 'sqlite'): Promise<NodeSqlParser> {
  let loading = parsers.get(dialect);
  if (!loading) {
    const module = dialect === 'mysql' ? import('node-sql-parser/build/mysql.js') : import('node-sql-parser/build/sqlite.js');
    loading = module.then((loaded: any) => new (loaded.Parser ?? loaded.default.Parser)() as NodeSqlParser);
    parsers.set(dialect, loading);
  }
  return loading;
}

/** The operations of one statement; null when the dialect's grammar rejects it. */
export async function readMysqlSqliteStatement(sql: string, dialect: Extract<SqlDialect, 'mysql' | 'sqlite'>): Promise<SchemaOperation[] | null> {
  if (dialect === 'sqlite' && /^pragma\b/i.test(sql)) return [operation('other', null, null, leadingWords(sql))];
  const parser = await loadParser(dialect);
  let ast: AstNode | AstNode[];
  try {
    ast = parser.astify(sql, { database: dialect });
  } catch {
    return null;
  }
  const reader = new StatementReader(parser, dialect, sql);
  return (Array.isArray(ast) ? ast : [ast]).flatMap((node) => reader.read(node));
}

class StatementReader {
  constructor(
    private readonly parser: NodeSqlParser,
    private readonly database: string,
    private readonly sql: string,
  ) {}

  read(node: AstNode): SchemaOperation[] {
    switch (node.type) {
      case 'create':
        return this.readCreate(node);
      case 'drop':
        return this.readDrop(node);
      case 'alter':
        return this.readAlter(node);
      case 'rename':
        return (node.table ?? []).map(([from, to]: AstNode[]) => operation('rename-table', tableName(from), null, `→ ${tableName(to)}`));
      case 'insert':
      case 'replace':
        return [this.data(`${String(node.type).toUpperCase()} INTO`, node.table?.[0])];
      case 'update':
        return [this.data('UPDATE', node.table?.[0])];
      case 'delete':
        return [this.data('DELETE FROM', node.from?.[0] ?? node.table?.[0])];
      case 'transaction':
        return [];
      default:
        return [this.other()];
    }
  }

  private readCreate(node: AstNode): SchemaOperation[] {
    if (node.keyword === 'table') {
      const columns = (node.create_definitions ?? []).flatMap((definition: AstNode) =>
        definition.resource === 'column' ? [columnName(definition.column)] : [],
      );
      const detail = columns.length > 0 ? columns.join(', ') : node.like ? 'LIKE' : node.query_expr || node.as ? 'AS query' : null;
      return [operation('create-table', tableName(node.table?.[0]), null, detail)];
    }
    if (node.keyword === 'index') {
      const name = typeof node.index === 'string' ? node.index : (node.index?.name ?? null);
      const columns = (node.index_columns ?? []).map((column: AstNode) => columnName(column));
      const single = columns.length === 1 ? columns[0]! : null;
      const unique = String(node.index_type ?? '').toLowerCase() === 'unique' ? 'UNIQUE' : null;
      const detail = [name, `(${columns.join(', ')})`, unique].filter(Boolean).join(' ');
      return [operation('add-index', tableName(node.table), single, detail)];
    }
    if (node.keyword === 'trigger') {
      return [operation('other', tableName(node.table), null, leadingWords(this.sql))];
    }
    return [this.other()];
  }

  private readDrop(node: AstNode): SchemaOperation[] {
    if (node.keyword === 'table') return (node.name ?? []).map((name: AstNode) => operation('drop-table', tableName(name)));
    if (node.keyword === 'index') {
      const name = columnName(node.name);
      return [operation('drop-index', node.table ? tableName(node.table) : null, null, name)];
    }
    return [this.other()];
  }

  private readAlter(node: AstNode): SchemaOperation[] {
    const table = tableName(node.table?.[0]);
    return (node.expr ?? []).flatMap((action: AstNode) => this.readAlterAction(table, action));
  }

  private readAlterAction(table: string | null, action: AstNode): SchemaOperation[] {
    const resource = String(action.resource ?? '').toLowerCase();
    const verb = String(action.action ?? '').toLowerCase();
    if (resource === 'column') {
      const column = columnName(action.column);
      if (verb === 'add') return [this.columnOperation('add-column', table, column, action)];
      if (verb === 'drop') return [operation('drop-column', table, column)];
      if (verb === 'rename') return [operation('rename-column', table, columnName(action.old_column), `→ ${column}`)];
      if (verb === 'modify') return [this.columnOperation('alter-column', table, column, action)];
      if (verb === 'change') {
        const old = columnName(action.old_column);
        const altered = this.columnOperation('alter-column', table, column, action);
        return old && old !== column ? [operation('rename-column', table, old, `→ ${column}`), altered] : [altered];
      }
    }
    if (resource === 'table' && verb === 'rename') {
      const to = typeof action.table === 'string' ? action.table : tableName(action.table);
      return [operation('rename-table', table, null, `→ ${to}`)];
    }
    if (resource === 'constraint' && verb === 'add') return [constraintOperation(table, action.create_definitions ?? {}, this.sql)];
    if (resource === 'index' && verb === 'add') {
      const columns = (action.definition ?? []).map((column: AstNode) => columnName(column));
      const kind = String(action.keyword ?? 'index').toUpperCase();
      const detail = [action.index, `(${columns.join(', ')})`, kind === 'INDEX' || kind === 'KEY' ? null : kind].filter(Boolean).join(' ');
      return [operation('add-index', table, columns.length === 1 ? columns[0]! : null, detail)];
    }
    if (verb === 'drop' && (resource === 'index' || resource === 'key')) {
      const keyword = String(action.keyword ?? '').toUpperCase();
      const name = action.index ?? action.key ?? null;
      if (keyword === 'INDEX' || keyword === 'KEY') return [operation('drop-index', table, null, name)];
      return [operation('drop-constraint', table, null, [keyword, name].filter(Boolean).join(' '))];
    }
    if (verb === 'drop' && resource === 'constraint') {
      return [operation('drop-constraint', table, null, action.constraint ?? action.name ?? null)];
    }
    return [operation('other', table, null, `ALTER TABLE ${[verb, resource].filter(Boolean).join(' ').toUpperCase()}`)];
  }

  private columnOperation(kind: 'add-column' | 'alter-column', table: string | null, column: string | null, definition: AstNode): SchemaOperation {
    const printed = this.print({ ...definition, type: 'column_definition' });
    // The printer writes the name first; the detail is what follows it.
    const detail = printed?.replace(/^(?:`[^`]*`|"[^"]*"|\S+)\s*/, '').trim() || null;
    const result = operation(kind, table, column, detail);
    const nullable = String(definition.nullable?.type ?? '').toLowerCase();
    if (nullable === 'not null' || definition.primary_key) result.notNull = true;
    else if (nullable === 'null') result.notNull = false;
    if (kind === 'add-column') result.hasDefault = Boolean(definition.default_val || definition.auto_increment);
    return result;
  }

  private print(expr: AstNode): string | null {
    try {
      return this.parser.exprToSQL(expr, { database: this.database }).replace(/`([\w$]+)`|"([\w$]+)"/g, '$1$2');
    } catch {
      return null;
    }
  }

  private data(verb: string, target: AstNode | undefined): SchemaOperation {
    const table = tableName(target);
    return operation('data', table, null, table ? `${verb} ${table}` : verb);
  }

  private other(): SchemaOperation {
    return operation('other', null, null, leadingWords(this.sql));
  }
}

const CONSTRAINT_KINDS: Record<string, string> = {
  'primary key': 'PRIMARY KEY',
  'foreign key': 'FOREIGN KEY',
  unique: 'UNIQUE',
  'unique key': 'UNIQUE',
  'unique index': 'UNIQUE',
  check: 'CHECK',
};

function constraintOperation(table: string | null, definition: AstNode, sql: string): SchemaOperation {
  const type = String(definition.constraint_type ?? '').toLowerCase();
  const kind = CONSTRAINT_KINDS[type] ?? type.toUpperCase();
  const parts: Array<string | null> = [kind, definition.constraint ?? null];
  if (kind === 'CHECK') {
    const at = sql.search(/\bcheck\b/i);
    parts.push(at < 0 ? null : parenthesizedAfter(sql, at));
    return operation('add-constraint', table, null, parts.filter(Boolean).join(' '));
  }
  const columns: string[] = (definition.definition ?? []).map((column: AstNode) => columnName(column));
  if (columns.length > 0) parts.push(`(${columns.join(', ')})`);
  const reference = definition.reference_definition;
  if (reference) {
    const target = tableName(reference.table?.[0]);
    const targetColumns = (reference.definition ?? []).map((column: AstNode) => columnName(column));
    parts.push(`REFERENCES ${target}(${targetColumns.join(', ')})`);
    for (const onAction of reference.on_action ?? []) parts.push(`${String(onAction.type).toUpperCase()} ${String(onAction.value?.value ?? '').toUpperCase()}`);
  }
  return operation('add-constraint', table, columns.length === 1 ? columns[0]! : null, parts.filter(Boolean).join(' '));
}

function tableName(node: AstNode | null | undefined): string | null {
  if (!node?.table) return null;
  const table = typeof node.table === 'string' ? node.table : columnName(node.table);
  return [node.db, node.schema, table].filter(Boolean).join('.');
}

/** A column reference in its several shapes: `{column: 'a'}`, `{column: {expr: {value: 'a'}}}`, `{value: 'a'}`. */
function columnName(node: AstNode | string | null | undefined): string | null {
  if (node === null || node === undefined) return null;
  if (typeof node === 'string') return node;
  if (node.column !== undefined) return columnName(node.column);
  if (node.expr !== undefined) return columnName(node.expr);
  if (typeof node.value === 'string') return node.value;
  if (typeof node.name === 'string') return node.name;
  return null;
}
