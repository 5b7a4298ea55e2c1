/**
 * Alembic: revision scripts under `versions/`.
 * Spec: https://alembic.sqlalchemy.org/en/latest/ops.html
 * Batch mode: https://alembic.sqlalchemy.org/en/latest/batch.html
 *
 * - Only the body of `def upgrade()` is read; `downgrade()` is not.
 * - `op.<operation>(...)` calls become operations; inside `with op.batch_alter_table('t') as b:`
 *   the `b.<operation>(...)` calls apply to `t` and omit the table argument.
 * - Columns are `sa.Column('name', sa.Type(...), nullable=..., server_default=..., primary_key=...)`:
 *   `nullable=False` or `primary_key=True` is NOT NULL, `nullable=True` allows NULL, and
 *   `server_default` (or `default`) is a default. An `sa.Enum(..., name='x')` column creates the enum.
 * - `op.execute` with a literal (or `sa.text(...)` of one) hands the SQL to the SQL reader; a
 *   computed statement is `data` when it is an insert, update or delete built with SQLAlchemy,
 *   `other` otherwise. `op.bulk_insert` is data.
 * Not read: statements run through `op.get_bind()` / `connection.execute`, and helper functions
 * that `upgrade()` calls.
 */
import { pythonSyntax } from '../../env/extractors/python.js';
import { codeMatches, readArguments, scanSource, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';
import { argument, keywordArgument, positionalArguments, readCall, type Call } from '../../routes/extractors/python-expressions.js';
import type { MigrationReader, MigrationReading, SchemaOperation, SqlDialect } from '../model.js';
import { calleeName, pythonStringValue, stringItems } from './django.js';
import { columnOperation, oneLine, operation, ReadingBuilder, tableDetail, type ColumnSpec } from './reading.js';

/**
 * Where each operation takes its table among the positional arguments, for `op.x(...)`; batch
 * operations leave that argument out. `table_name` / `source_table` keywords are accepted too.
 */
const TABLE_POSITION: Record<string, number> = {
  create_table: 0,
  drop_table: 0,
  rename_table: 0,
  add_column: 0,
  drop_column: 0,
  alter_column: 0,
  bulk_insert: 0,
  create_table_comment: 0,
  create_index: 1,
  drop_index: 1,
  create_foreign_key: 1,
  create_unique_constraint: 1,
  create_check_constraint: 1,
  create_primary_key: 1,
  drop_constraint: 1,
};
const TABLE_KEYWORDS = ['table_name', 'source_table', 'source', 'table'];
/** Type arguments worth showing: sizes. */
const SIZE_KEYWORDS = ['length', 'precision', 'scale'];

/** Keeps the first argument `text(...)` / `sa.text(...)` wraps. */
function unwrapText(source: ScannedSource, expression: Argument): Argument {
  const call = readCall(source, expression);
  return call && calleeName(call) === 'text' && call.args[0] ? call.args[0] : expression;
}

class AlembicMigration {
  readonly builder = new ReadingBuilder();
  /** Variables assigned `sa.table('name', ...)` in the file, for `op.bulk_insert(accounts, ...)`. */
  private readonly tableVariables = new Map<string, string>();

  constructor(private readonly source: ScannedSource) {
    for (const match of codeMatches(source, /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?:sa\.|sqlalchemy\.|sql\.)?table\(\s*(['"])(\w+)\2/gm)) this.tableVariables.set(match[1]!, match[3]!);
  }

  /** The `op.` and batch calls between `from` and `to`, in order. */
  evaluate(from: number, to: number): void {
    const batches = new Map<string, string | null>();
    const pattern = /\bwith[ \t]+op\.batch_alter_table[ \t]*\(|\b([A-Za-z_]\w*)\.([a-z_]\w*)[ \t]*\(/g;
    let readUpTo = from;
    for (const match of codeMatches(this.source, pattern)) {
      if (match.index < readUpTo) continue;
      if (match.index >= to) break;
      const open = match.index + match[0].length - 1;
      const call = readArguments(this.source, open);
      if (match[1] === undefined) {
        const table = pythonStringValue(argument(call.args, 0, 'table_name')?.text ?? '');
        const alias = /^\s*as\s+([A-Za-z_]\w*)/.exec(this.source.code.slice(call.end, call.end + 80));
        if (alias) batches.set(alias[1]!, table);
        readUpTo = call.end;
        continue;
      }
      const receiver = match[1];
      if (receiver !== 'op' && !batches.has(receiver)) continue;
      if (receiver === 'op' && match[2] === 'f') continue;
      readUpTo = call.end;
      const batch = receiver === 'op' ? undefined : batches.get(receiver)!;
      this.operation(match[2]!, call.args.filter((a) => a.text !== ''), batch);
    }
  }

  /** `batch` is the batch's table (null when not literal), undefined outside a batch. */
  private operation(name: string, args: Argument[], batch: string | null | undefined): void {
    const add = (op: SchemaOperation) => this.builder.add(op);
    let positional = positionalArguments(args);
    let table: string | null = batch ?? null;
    const position = TABLE_POSITION[name];
    if (batch === undefined && position !== undefined) {
      const keyword = keywordArgument(args, ...TABLE_KEYWORDS);
      const tableArgument = keyword ?? positional[position];
      table = tableArgument ? this.tableName(tableArgument.text) : null;
      if (!keyword) positional = positional.filter((_, i) => i !== position);
    }
    const text = (i: number, ...names: string[]) => {
      const given = keywordArgument(args, ...names) ?? positional[i];
      return given ? pythonStringValue(this.withoutConventionMarker(given).text) : null;
    };
    const items = (i: number, ...names: string[]) => stringItems(this.source, keywordArgument(args, ...names) ?? positional[i]);
    switch (name) {
      case 'create_table': {
        const columns: ColumnSpec[] = [];
        const constraints: string[] = [];
        const enums: SchemaOperation[] = [];
        for (const item of positional) {
          const call = readCall(this.source, item);
          if (!call) continue;
          const column = calleeName(call) === 'Column' ? this.column(call, enums) : null;
          if (column) columns.push(column);
          else {
            const constraint = this.constraint(call);
            if (constraint) constraints.push(constraint);
          }
        }
        enums.forEach(add);
        add(operation('create-table', table, null, tableDetail(columns, constraints)));
        return;
      }
      case 'drop_table':
        add(operation('drop-table', table));
        return;
      case 'rename_table': {
        const renamed = text(0, 'new_table_name');
        add(operation('rename-table', table, null, renamed === null ? null : `→ ${renamed}`));
        return;
      }
      case 'add_column': {
        const call = positional[0] ? readCall(this.source, positional[0]) : null;
        const enums: SchemaOperation[] = [];
        const column = call ? this.column(call, enums) : null;
        enums.forEach(add);
        if (column) add(columnOperation('add-column', table, column));
        return;
      }
      case 'drop_column':
        add(operation('drop-column', table, text(0, 'column_name')));
        return;
      case 'alter_column': {
        const column = text(0, 'column_name');
        const renamed = text(-1, 'new_column_name');
        const typeArgument = keywordArgument(args, 'type_');
        const nullable = keywordArgument(args, 'nullable')?.text;
        const serverDefault = keywordArgument(args, 'server_default');
        if (typeArgument || nullable !== undefined || serverDefault) {
          const parts = [typeArgument ? this.type(typeArgument) : null, nullable === 'False' ? 'NOT NULL' : nullable === 'True' ? 'NULL' : null];
          if (serverDefault) parts.push(serverDefault.text === 'None' ? 'DROP DEFAULT' : `DEFAULT ${this.defaultText(serverDefault)}`);
          const op = operation('alter-column', table, column, parts.filter(Boolean).join(' '));
          if (nullable === 'False' || nullable === 'True') op.notNull = nullable === 'False';
          add(op);
        }
        if (renamed !== null) add(operation('rename-column', table, column, `→ ${renamed}`));
        return;
      }
      case 'create_index': {
        const index = text(0, 'index_name');
        const columns = keywordArgument(args, 'columns') ?? positional[1];
        const listed = columns ? stringItems(this.source, columns) : [];
        const unique = keywordArgument(args, 'unique')?.text === 'True' ? 'UNIQUE' : null;
        add(operation('add-index', table, null, [index, `(${listed.join(', ')})`, unique].filter(Boolean).join(' ')));
        return;
      }
      case 'drop_index':
        add(operation('drop-index', table, null, text(0, 'index_name')));
        return;
      case 'create_foreign_key': {
        const referent = text(1, 'referent_table');
        const local = items(2, 'local_cols');
        const remote = items(3, 'remote_cols');
        add(operation('add-constraint', table, local.length === 1 ? local[0]! : null, [text(0, 'constraint_name'), `FOREIGN KEY (${local.join(', ')}) REFERENCES ${referent ?? '?'} (${remote.join(', ')})`].filter(Boolean).join(' ')));
        return;
      }
      case 'create_unique_constraint':
      case 'create_primary_key': {
        const columns = items(1, 'columns');
        const words = name === 'create_primary_key' ? 'PRIMARY KEY' : 'UNIQUE';
        add(operation('add-constraint', table, null, [text(0, 'constraint_name'), `${words} (${columns.join(', ')})`].filter(Boolean).join(' ')));
        return;
      }
      case 'create_check_constraint': {
        const condition = keywordArgument(args, 'condition') ?? positional[1];
        const written = condition ? (pythonStringValue(unwrapText(this.source, condition).text) ?? oneLine(condition.text)) : '';
        add(operation('add-constraint', table, null, [text(0, 'constraint_name'), `CHECK (${written})`].filter(Boolean).join(' ')));
        return;
      }
      case 'drop_constraint': {
        const kind = text(-1, 'type_');
        add(operation('drop-constraint', table, null, [text(0, 'constraint_name'), kind ? `(${kind})` : null].filter(Boolean).join(' ') || null));
        return;
      }
      case 'execute': {
        const statement = keywordArgument(args, 'sqltext') ?? positional[0];
        if (!statement) return;
        const literal = unwrapText(this.source, statement);
        const sql = pythonStringValue(literal.text);
        if (sql !== null) this.builder.addSql(sql, this.source.lineAt(literal.start));
        else if (/\.\s*(?:insert|update|delete)\s*\(/.test(statement.text) || /^(?:sa\.)?(?:insert|update|delete)\s*\(/.test(statement.text)) {
          const verb = /\b(insert|update|delete)\s*\(/.exec(statement.text)![1]!.toUpperCase();
          const target = /(?:^|[(\s])([A-Za-z_]\w*)\s*\.\s*(?:insert|update|delete)\s*\(/.exec(statement.text)?.[1] ?? /\b(?:insert|update|delete)\s*\(\s*([A-Za-z_]\w*)/.exec(statement.text)?.[1];
          add(operation('data', target ? (this.tableVariables.get(target) ?? null) : null, null, `${verb} ${target ? (this.tableVariables.get(target) ?? target) : ''}`.trim()));
        } else add(operation('other', null, null, `execute ${oneLine(statement.text).slice(0, 60)}`));
        return;
      }
      case 'bulk_insert':
        add(operation('data', table, null, `INSERT ${table ?? ''}`.trim()));
        return;
      case 'create_table_comment':
      case 'batch_alter_table':
      case 'get_bind':
      case 'get_context':
      case 'inline_literal':
        return;
      default:
        add(operation('other', table, null, `op.${name}`));
    }
  }

  /** `op.f('ix_x')` marks a name as final (not run through the naming convention): the name is `ix_x`. */
  private withoutConventionMarker(expression: Argument): Argument {
    const call = readCall(this.source, expression);
    return call && /^(?:op\.)?f$/.test(call.callee) && call.args[0] ? call.args[0] : expression;
  }

  /** A table argument: a literal name, or a variable assigned `sa.table('name')`. */
  private tableName(text: string): string | null {
    return pythonStringValue(text) ?? this.tableVariables.get(text) ?? null;
  }

  /** `sa.Column('email', sa.String(length=255), nullable=False)`; an `sa.Enum(..., name=...)` type is added to `enums`. */
  private column(call: Call, enums: SchemaOperation[]): ColumnSpec | null {
    const positional = positionalArguments(call.args);
    const name = pythonStringValue(keywordArgument(call.args, 'name')?.text ?? positional[0]?.text ?? '');
    if (name === null) return null;
    const typeArgument = keywordArgument(call.args, 'type_') ?? positional.slice(1).find((arg) => !/^(?:sa\.)?ForeignKey\(/.test(arg.text));
    const column: ColumnSpec = { name, type: typeArgument ? this.type(typeArgument) : null };
    const nullable = keywordArgument(call.args, 'nullable')?.text;
    const primaryKey = keywordArgument(call.args, 'primary_key')?.text === 'True';
    if (nullable === 'False' || (primaryKey && nullable === undefined)) column.notNull = true;
    else if (nullable === 'True') column.notNull = false;
    const defaultValue = keywordArgument(call.args, 'server_default') ?? keywordArgument(call.args, 'default');
    if (defaultValue && defaultValue.text !== 'None') column.defaultValue = this.defaultText(defaultValue);
    const extras: string[] = [];
    if (primaryKey) extras.push('PRIMARY KEY');
    if (keywordArgument(call.args, 'unique')?.text === 'True') extras.push('UNIQUE');
    const foreignKey = positional.map((arg) => readCall(this.source, arg)).find((inner) => inner && calleeName(inner) === 'ForeignKey');
    const target = foreignKey ? pythonStringValue(foreignKey.args[0]?.text ?? '') : null;
    if (target) extras.push(`REFERENCES ${target}`);
    if (extras.length) column.extras = extras;
    const typeCall = typeArgument ? readCall(this.source, typeArgument) : null;
    if (typeCall && /^(?:Enum|ENUM)$/.test(calleeName(typeCall))) {
      const enumName = pythonStringValue(keywordArgument(typeCall.args, 'name')?.text ?? '');
      const createType = keywordArgument(typeCall.args, 'create_type')?.text !== 'False';
      const values = positionalArguments(typeCall.args).map((a) => pythonStringValue(a.text)).filter((v): v is string => v !== null);
      if (enumName && createType) enums.push(operation('create-enum', enumName, null, values.join(', ') || null));
    }
    return column;
  }

  /** `sa.String(length=255)` → `String(255)`, `postgresql.UUID(as_uuid=True)` → `UUID`. */
  private type(expression: Argument): string {
    const call = readCall(this.source, expression);
    if (!call) return oneLine(expression.text).replace(/^.*\./, '');
    const name = calleeName(call);
    if (/^(?:Enum|ENUM)$/.test(name)) return `${name}(${positionalArguments(call.args).map((a) => oneLine(a.text)).join(', ')})`;
    const sizes = [...positionalArguments(call.args).filter((a) => /^\d+$/.test(a.text)), ...SIZE_KEYWORDS.map((k) => keywordArgument(call.args, k)).filter((a): a is Argument => a !== undefined)];
    return sizes.length ? `${name}(${sizes.map((a) => a.text).join(', ')})` : name;
  }

  /** `sa.text('now()')` → `now()`, `'0'` → `'0'`. */
  private defaultText(expression: Argument): string {
    const inner = unwrapText(this.source, expression);
    return inner === expression ? oneLine(expression.text) : (pythonStringValue(inner.text) ?? oneLine(inner.text));
  }

  /** `sa.PrimaryKeyConstraint('id')`, `sa.ForeignKeyConstraint(['a'], ['t.id'])`, `sa.UniqueConstraint('email')`. */
  private constraint(call: Call): string | null {
    const name = pythonStringValue(keywordArgument(call.args, 'name')?.text ?? '');
    const positional = positionalArguments(call.args);
    const strings = positional.map((a) => pythonStringValue(a.text)).filter((v): v is string => v !== null);
    let words: string | null = null;
    switch (calleeName(call)) {
      case 'PrimaryKeyConstraint':
        words = `PRIMARY KEY (${strings.join(', ')})`;
        break;
      case 'UniqueConstraint':
        words = `UNIQUE (${strings.join(', ')})`;
        break;
      case 'ForeignKeyConstraint': {
        const local = stringItems(this.source, positional[0]);
        const remote = stringItems(this.source, positional[1]);
        words = `FOREIGN KEY (${local.join(', ')}) REFERENCES ${remote.join(', ')}`;
        break;
      }
      case 'CheckConstraint':
        words = `CHECK (${positional[0] ? (pythonStringValue(unwrapText(this.source, positional[0]).text) ?? oneLine(positional[0].text)) : ''})`;
        break;
      case 'Index':
        return null;
      default:
        return null;
    }
    return name ? `${name} ${words}` : words;
  }
}

/** The body of `def upgrade(...)`: from its colon to the first line indented no deeper than the `def`. */
function upgradeBody(source: ScannedSource): { from: number; to: number } | null {
  for (const match of codeMatches(source, /^([ \t]*)(?:async[ \t]+)?def[ \t]+upgrade[ \t]*\(/gm)) {
    const indent = match[1]!.length;
    const lineStart = /\n/g;
    lineStart.lastIndex = match.index;
    let to = source.text.length;
    let next = lineStart.exec(source.text);
    let bodyStarted = false;
    while (next) {
      const start = next.index + 1;
      const line = source.code.slice(start, source.code.indexOf('\n', start) === -1 ? undefined : source.code.indexOf('\n', start));
      const depth = /^[ \t]*/.exec(line)![0].length;
      // Blank lines, comment lines and the inside of multi-line strings do not end the body.
      if (line.trim() !== '' && source.isCode(start + depth)) {
        if (depth <= indent && bodyStarted) {
          to = start;
          break;
        }
        bodyStarted = true;
      }
      next = lineStart.exec(source.text);
    }
    return { from: match.index, to };
  }
  return null;
}

export async function readAlembicMigration(text: string, dialect: SqlDialect | null): Promise<MigrationReading> {
  const source = scanSource(text, pythonSyntax);
  const migration = new AlembicMigration(source);
  const body = upgradeBody(source);
  if (body) migration.evaluate(body.from, body.to);
  return migration.builder.build(dialect);
}

export const alembicMigrationReader: MigrationReader = {
  id: 'alembic',
  read: (text, _path, dialect) => readAlembicMigration(text, dialect),
};
