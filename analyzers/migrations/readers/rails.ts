/**
 * Rails: Active Record migrations under `db/migrate/`.
 * Spec: https://guides.rubyonrails.org/active_record_migrations.html
 * API: https://api.rubyonrails.org/classes/ActiveRecord/ConnectionAdapters/SchemaStatements.html
 *
 * - Only `def change` and `def up` are read; `def down` is not. Inside `change`, a
 *   `reversible do |dir|` block counts its `dir.up` part, and `up_only` blocks count.
 * - Schema statements (`create_table`, `add_column`, `add_reference`, `add_index`, ...) and the
 *   `t.` statements of `create_table` / `change_table` blocks become operations; wrapper blocks
 *   (`safety_assured`, `transaction`, `with_lock`, ...) are read through.
 * - `execute` with a literal string, `%q()` or heredoc hands the SQL to the SQL reader; a computed
 *   SQL string is an `other` operation.
 * - `Model.update_all`, `find_each`, `in_batches` and other batch writes are `data` operations.
 * Not read: conditionals are read as if every branch ran; `revert`, and migrations that call
 * helpers defined elsewhere.
 */
import { rubyLiteral, rubyNameList, rubySyntax } from '../../env/extractors/ruby.js';
import { readRubyStatements, type RubyStatement } from '../../shared/ruby-statements.js';
import { readArguments, scanSource, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';
import type { MigrationReader, MigrationReading, SchemaOperation, SqlDialect } from '../model.js';
import { columnOperation, oneLine, operation, ReadingBuilder, tableDetail, type ColumnSpec } from './reading.js';

/** `author` → `authors`, `category` → `categories`: the table a reference points to by convention. */
export function pluralize(word: string): string {
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|ch|sh|z)$/.test(word)) return word + 'es';
  return word + 's';
}

export function singularize(word: string): string {
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(?:ss|x|ch|sh|zz)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Collapses whitespace, for expressions shown in a detail. */

// ---------------------------------------------------------------------------------------------
// Ruby statements.

interface Call {
  /** `t` in `t.string`, `dir` in `dir.up`; null for a call without a receiver. */
  receiver: string | null;
  name: string;
  positional: Argument[];
  options: Map<string, Argument>;
}

/** Top-level commas between `from` and `to`, outside strings and brackets. */
function splitArguments(source: ScannedSource, from: number, to: number): Argument[] {
  const { code } = source;
  const args: Argument[] = [];
  let depth = 0;
  let argStart = from;
  const push = (end: number) => {
    const raw = code.slice(argStart, end);
    const text = raw.trim();
    if (text !== '') args.push({ text, start: argStart + raw.indexOf(text) });
  };
  for (let i = from; i < to; i++) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      argStart = i + 1;
    }
  }
  push(to);
  return args;
}

function parseCall(source: ScannedSource, statement: RubyStatement): Call | null {
  const name = /^(?:([a-z_]\w*)\s*\.\s*)?([a-z_]\w*[!?]?)(?=[\s(]|$)/.exec(statement.text);
  if (!name) return null;
  const after = statement.start + name[0].length;
  const rest = statement.text.slice(name[0].length);
  // `x[1]` and `x.y` continue an expression; `t.index [:a, :b]` passes an array.
  if (/^(?:\s*=[^=>~]|\s*\.|\[)/.test(rest)) return null;
  let args: Argument[];
  if (source.code[after] === '(') {
    const read = readArguments(source, after);
    // `execute(sql).each`: not a plain call.
    if (read.end < statement.end && source.code.slice(read.end, statement.end).trim() !== '') return null;
    args = read.args.filter((a) => a.text !== '');
  } else args = splitArguments(source, after, statement.end);
  const call: Call = { receiver: name[1] ?? null, name: name[2]!, positional: [], options: new Map() };
  for (const arg of args) {
    const keyword = /^([a-z_]\w*):(?!:)\s*/.exec(arg.text) ?? /^:([a-z_]\w*)\s*=>\s*/.exec(arg.text);
    if (keyword) call.options.set(keyword[1]!, { text: arg.text.slice(keyword[0].length), start: arg.start + keyword[0].length });
    else call.positional.push(arg);
  }
  return call;
}

const isFalse = (text: string | undefined) => text === 'false';
const isTruthy = (text: string | undefined) => text !== undefined && text !== 'false' && text !== 'nil';

/** The body of the heredoc opened at `at`, its `<<~` indentation removed, and the line it starts on. */
function heredocBody(source: ScannedSource, at: number): { body: string; line: number } | null {
  const opening = rubySyntax.openHeredoc?.(source.text, at);
  if (!opening) return null;
  const { text } = source;
  const lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) return null;
  const lines: string[] = [];
  for (const line of text.slice(lineEnd + 1).split('\n')) {
    if ((opening.indented ? line.trim() : line.replace(/\r$/, '')) === opening.terminator) break;
    lines.push(line.replace(/\r$/, ''));
  }
  if (text.slice(at, at + 3) === '<<~') {
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
    const common = indents.length === 0 ? 0 : Math.min(...indents);
    for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.slice(Math.min(common, /^[ \t]*/.exec(lines[i]!)![0].length));
  }
  return { body: lines.join('\n'), line: source.lineAt(lineEnd + 1) };
}

/** The SQL of an `execute` argument: a literal, `%q()` or heredoc without interpolation; null when computed. */
function sqlArgument(source: ScannedSource, arg: Argument): { sql: string; line: number } | null {
  const text = arg.text.replace(/\s*\.\s*(?:squish|strip|freeze|chomp)\s*$/, '');
  if (text.startsWith('<<')) {
    const body = heredocBody(source, arg.start);
    if (!body || (!/^<<[~-]?'/.test(text) && body.body.includes('#{'))) return null;
    return { sql: body.body, line: body.line };
  }
  const line = source.lineAt(arg.start);
  const quoted = /^(['"])([\s\S]*)\1$/.exec(text);
  if (quoted) {
    if (quoted[1] === '"' && quoted[2]!.includes('#{')) return null;
    const body = quoted[2]!;
    if (new RegExp(`(?<!\\\\)${quoted[1]}`).test(body)) return null;
    return { sql: body.replace(/\\(['"\\])/g, '$1'), line };
  }
  const percent = /^%([qQ]?)([([{<|!])([\s\S]*)([)\]}>|!])$/.exec(text);
  if (percent && !(percent[1] !== 'q' && percent[3]!.includes('#{'))) return { sql: percent[3]!, line };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reading a migration.

const DATA_METHODS = /\.\s*(update_all|find_each|find_in_batches|in_batches|delete_all|destroy_all|insert_all!?|upsert_all|update_columns?|update!?|create!?|save!?|destroy)\b/;
/** Blocks read through as if their body were written in place. */
const WRAPPERS = new Set(['safety_assured', 'transaction', 'with_lock', 'up_only', 'suppress_messages', 'say_with_time', 'disable_ddl_transaction!']);

/**
 * `connection.execute <<~SQL`, `Model.connection.execute(...)`, `ActiveRecord::Base.connection.execute`:
 * the migration's own `execute`, spelled through the connection.
 */
function throughConnection(statement: RubyStatement): RubyStatement {
  const prefix = /^(?:(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*\s*\.\s*)?connection\s*\.\s*(?=execute\b)/.exec(statement.text);
  return prefix ? { ...statement, text: statement.text.slice(prefix[0].length), start: statement.start + prefix[0].length } : statement;
}

interface Reference {
  columns: ColumnSpec[];
  index: string | null;
  foreignKey: string | null;
}

class RailsMigration {
  readonly builder = new ReadingBuilder();

  constructor(private readonly source: ScannedSource) {}

  evaluate(statements: RubyStatement[]): void {
    for (const statement of statements) {
      const call = parseCall(this.source, throughConnection(statement));
      if (call && call.receiver === null) this.schemaStatement(call, statement);
      else if (this.isData(statement)) continue;
      else if (call && call.receiver !== null && call.name === 'up' && statement.children) this.evaluate(statement.children);
      else if (statement.children && !(call && call.receiver !== null && call.name === 'down')) this.evaluate(statement.children);
    }
  }

  /** `User.where(...).update_all(...)`, `Post.find_each do ... end`: a data change. */
  private isData(statement: RubyStatement): boolean {
    const head = /^(?:::)?([A-Z]\w*(?:::[A-Z]\w*)*)/.exec(statement.text);
    const method = DATA_METHODS.exec(statement.text);
    if (!head || !method) return false;
    this.builder.add(operation('data', null, null, `${head[1]}.${method[1]}`));
    return true;
  }

  private schemaStatement(call: Call, statement: RubyStatement): void {
    const [first, second, third] = call.positional.map((a) => rubyLiteral(a.text));
    const table = first ?? null;
    const add = (op: SchemaOperation) => this.builder.add(op);
    switch (call.name) {
      case 'create_table': {
        if (table === null) return;
        const columns: ColumnSpec[] = [];
        const after = new ReadingBuilder();
        const primaryKey = call.options.get('id');
        if (primaryKey && !isFalse(primaryKey.text)) columns.push({ name: rubyLiteral(call.options.get('primary_key')?.text) ?? 'id', type: rubyLiteral(primaryKey.text) ?? primaryKey.text, extras: ['PRIMARY KEY'] });
        for (const child of statement.children ?? []) this.tableStatement(table, child, columns, after, true);
        add(operation('create-table', table, null, tableDetail(columns)));
        this.builder.adopt(after);
        return;
      }
      case 'create_join_table': {
        const tables = [first, second].filter((t): t is string => t !== null && t !== undefined);
        if (tables.length < 2) return;
        const name = rubyLiteral(call.options.get('table_name')?.text) ?? [...tables].sort().join('_');
        const columns = tables.map((t) => ({ name: `${singularize(t)}_id`, type: 'bigint', notNull: true }));
        add(operation('create-table', name, null, tableDetail(columns)));
        return;
      }
      case 'change_table':
      case 'change_table_comment':
        if (table !== null && call.name === 'change_table') {
          for (const child of statement.children ?? []) {
            // `add_column :t, ...` written inside the block (no `t.`) is an ordinary statement.
            const inner = parseCall(this.source, throughConnection(child));
            if (inner && inner.receiver === null) this.schemaStatement(inner, child);
            else this.tableStatement(table, child, [], this.builder, false);
          }
        }
        return;
      case 'drop_table':
      case 'drop_join_table':
        if (call.name === 'drop_join_table' && first && second) add(operation('drop-table', [first, second].sort().join('_')));
        else for (const name of call.positional.map((a) => rubyLiteral(a.text))) if (name !== null) add(operation('drop-table', name));
        return;
      case 'rename_table':
        if (table !== null) add(operation('rename-table', table, null, second ? `→ ${second}` : null));
        return;
      case 'add_column':
        if (table !== null && second) add(columnOperation('add-column', table, this.column(second, call.positional[2]?.text, call.options)));
        return;
      case 'remove_column':
      case 'remove_columns':
        for (const name of call.name === 'remove_column' ? [second] : call.positional.slice(1).map((a) => rubyLiteral(a.text))) {
          if (table !== null && name) add(operation('drop-column', table, name));
        }
        return;
      case 'change_column':
        if (table !== null && second) add(columnOperation('alter-column', table, this.column(second, call.positional[2]?.text, call.options)));
        return;
      case 'change_column_null': {
        if (table === null || !second) return;
        const notNull = call.positional[2]?.text === 'false';
        const op = operation('alter-column', table, second, notNull ? 'NOT NULL' : 'NULL');
        op.notNull = notNull;
        add(op);
        return;
      }
      case 'change_column_default': {
        if (table === null || !second) return;
        const to = call.options.get('to')?.text ?? call.positional[2]?.text;
        add(operation('alter-column', table, second, to === undefined || to === 'nil' ? 'DROP DEFAULT' : `DEFAULT ${oneLine(to)}`));
        return;
      }
      case 'rename_column':
        if (table !== null && second) add(operation('rename-column', table, second, third ? `→ ${third}` : null));
        return;
      case 'add_index':
        if (table !== null) add(operation('add-index', table, null, this.indexDetail(call.positional[1]?.text, call.options)));
        return;
      case 'remove_index': {
        if (table === null) return;
        const name = rubyLiteral(call.options.get('name')?.text);
        const columns = call.options.get('column')?.text ?? call.positional[1]?.text;
        add(operation('drop-index', table, null, name ?? (columns ? `(${rubyNameList(columns).join(', ')})` : null)));
        return;
      }
      case 'rename_index':
        if (table !== null) add(operation('other', table, null, `rename index ${second ?? '?'} → ${third ?? '?'}`));
        return;
      case 'add_reference':
      case 'add_belongs_to':
        if (table !== null && second) this.addReference(table, this.reference(second, call.options), this.builder);
        return;
      case 'remove_reference':
      case 'remove_belongs_to':
        if (table !== null && second) for (const column of this.reference(second, call.options).columns) add(operation('drop-column', table, column.name));
        return;
      case 'add_timestamps':
        if (table !== null) for (const column of this.timestamps(call.options)) add(columnOperation('add-column', table, column));
        return;
      case 'remove_timestamps':
        if (table !== null) for (const name of ['created_at', 'updated_at']) add(operation('drop-column', table, name));
        return;
      case 'add_foreign_key':
      case 'remove_foreign_key': {
        if (table === null) return;
        const target = second ?? rubyLiteral(call.options.get('to_table')?.text);
        const column = rubyLiteral(call.options.get('column')?.text) ?? (target ? `${singularize(target)}_id` : null);
        if (call.name === 'add_foreign_key') add(operation('add-constraint', table, column, `FOREIGN KEY (${column ?? '?'}) REFERENCES ${target ?? '?'}`));
        else add(operation('drop-constraint', table, column, rubyLiteral(call.options.get('name')?.text) ?? (target ? `FOREIGN KEY → ${target}` : null)));
        return;
      }
      case 'add_check_constraint':
        if (table !== null) add(operation('add-constraint', table, null, `${rubyLiteral(call.options.get('name')?.text) ?? ''} CHECK (${second ?? oneLine(call.positional[1]?.text ?? '')})`.trim()));
        return;
      case 'remove_check_constraint':
        if (table !== null) add(operation('drop-constraint', table, null, rubyLiteral(call.options.get('name')?.text) ?? (second ? `CHECK (${second})` : null)));
        return;
      case 'create_enum': {
        if (table === null) return;
        add(operation('create-enum', table, null, rubyNameList(call.positional[1]?.text).join(', ') || null));
        return;
      }
      case 'drop_enum':
        if (table !== null) add(operation('drop-enum', table));
        return;
      case 'add_enum_value':
        if (table !== null) add(operation('alter-enum', table, null, second ? `+ ${second}` : null));
        return;
      case 'rename_enum_value':
        if (table !== null) add(operation('alter-enum', table, null, `${rubyLiteral(call.options.get('from')?.text) ?? '?'} → ${rubyLiteral(call.options.get('to')?.text) ?? '?'}`));
        return;
      case 'rename_enum':
        if (table !== null) add(operation('alter-enum', table, null, `→ ${second ?? rubyLiteral(call.options.get('to')?.text) ?? '?'}`));
        return;
      case 'enable_extension':
      case 'disable_extension':
        add(operation('other', null, null, `${call.name.replace('_', ' ')} ${table ?? '?'}`));
        return;
      case 'execute': {
        const arg = call.positional[0];
        if (!arg) return;
        const sql = sqlArgument(this.source, arg);
        if (sql) this.builder.addSql(sql.sql, sql.line);
        else add(operation('other', null, null, `execute ${oneLine(arg.text).slice(0, 60)}`));
        return;
      }
      case 'reversible':
      case 'revert':
        // `reversible do |dir|`: its `dir.up` blocks are read, `dir.down` ones are not.
        if (call.name === 'reversible' && statement.children) this.evaluate(statement.children);
        return;
      default:
        if (statement.children && (WRAPPERS.has(call.name) || !/^(?:down|revert)$/.test(call.name))) this.evaluate(statement.children);
    }
  }

  /** One statement of a `create_table` (building `columns`) or `change_table` block. */
  private tableStatement(table: string, statement: RubyStatement, columns: ColumnSpec[], builder: ReadingBuilder, creating: boolean): void {
    const call = parseCall(this.source, statement);
    if (!call || call.receiver === null) return;
    const names = call.positional.map((a) => rubyLiteral(a.text));
    const addColumn = (column: ColumnSpec) => (creating ? columns.push(column) : builder.add(columnOperation('add-column', table, column)));
    switch (call.name) {
      case 'column':
        if (names[0]) addColumn(this.column(names[0], call.positional[1]?.text, call.options));
        return;
      case 'references':
      case 'belongs_to':
        for (const name of names) {
          if (!name) continue;
          const reference = this.reference(name, call.options);
          if (creating) {
            columns.push(...reference.columns);
            if (reference.index) builder.add(operation('add-index', table, null, reference.index));
            if (reference.foreignKey) builder.add(operation('add-constraint', table, reference.columns[0]!.name, reference.foreignKey));
          } else this.addReference(table, reference, builder);
        }
        return;
      case 'timestamps':
        for (const column of this.timestamps(call.options)) addColumn(column);
        return;
      case 'index':
        builder.add(operation('add-index', table, null, this.indexDetail(call.positional[0]?.text, call.options)));
        return;
      case 'remove_index':
        builder.add(operation('drop-index', table, null, rubyLiteral(call.options.get('name')?.text) ?? `(${rubyNameList(call.options.get('column')?.text ?? call.positional[0]?.text).join(', ')})`));
        return;
      case 'remove':
        for (const name of names) if (name) builder.add(operation('drop-column', table, name));
        return;
      case 'remove_references':
      case 'remove_belongs_to':
        for (const name of names) if (name) for (const column of this.reference(name, call.options).columns) builder.add(operation('drop-column', table, column.name));
        return;
      case 'remove_timestamps':
        for (const name of ['created_at', 'updated_at']) builder.add(operation('drop-column', table, name));
        return;
      case 'rename':
        if (names[0]) builder.add(operation('rename-column', table, names[0], names[1] ? `→ ${names[1]}` : null));
        return;
      case 'change':
        if (names[0]) builder.add(columnOperation('alter-column', table, this.column(names[0], call.positional[1]?.text, call.options)));
        return;
      case 'change_default': {
        const to = call.options.get('to')?.text ?? call.positional[1]?.text;
        if (names[0]) builder.add(operation('alter-column', table, names[0], to === undefined || to === 'nil' ? 'DROP DEFAULT' : `DEFAULT ${oneLine(to)}`));
        return;
      }
      case 'change_null': {
        if (!names[0]) return;
        const notNull = call.positional[1]?.text === 'false';
        builder.add({ ...operation('alter-column', table, names[0], notNull ? 'NOT NULL' : 'NULL'), notNull });
        return;
      }
      case 'foreign_key':
        builder.add(operation('add-constraint', table, rubyLiteral(call.options.get('column')?.text) ?? (names[0] ? `${singularize(names[0])}_id` : null), `FOREIGN KEY REFERENCES ${names[0] ?? '?'}`));
        return;
      case 'check_constraint':
        builder.add(operation('add-constraint', table, null, `CHECK (${names[0] ?? oneLine(call.positional[0]?.text ?? '')})`));
        return;
      default:
        // `t.string :a, :b, null: false`, `t.decimal :price, precision: 10, scale: 2`, ...
        for (const name of names) if (name) addColumn(this.column(name, call.name, call.options));
    }
  }

  private column(name: string, typeText: string | undefined, options: Map<string, Argument>): ColumnSpec {
    const type = rubyLiteral(typeText) ?? (typeText ? oneLine(typeText) : null);
    const size = [options.get('limit')?.text ?? options.get('precision')?.text, options.get('scale')?.text].filter((s): s is string => s !== undefined);
    const array = isTruthy(options.get('array')?.text) ? '[]' : '';
    const column: ColumnSpec = { name, type: type === null ? null : `${type}${size.length ? `(${size.join(',')})` : ''}${array}` };
    const nullable = options.get('null')?.text;
    if (nullable === 'false') column.notNull = true;
    else if (nullable === 'true') column.notNull = false;
    const defaultValue = options.get('default');
    if (defaultValue) column.defaultValue = oneLine(defaultValue.text);
    if (isTruthy(options.get('primary_key')?.text)) column.extras = ['PRIMARY KEY'];
    return column;
  }

  private timestamps(options: Map<string, Argument>): ColumnSpec[] {
    // Since Rails 5 timestamps are NOT NULL unless `null: true` is written.
    const notNull = options.get('null')?.text !== 'true';
    const precision = options.get('precision')?.text;
    const type = precision ? `datetime(${precision})` : 'datetime';
    return ['created_at', 'updated_at'].map((name) => ({ name, type, notNull }));
  }

  /** The columns, index and foreign key of `add_reference :posts, :author` / `t.references :author`. */
  private reference(name: string, options: Map<string, Argument>): Reference {
    const id: ColumnSpec = this.column(`${name}_id`, options.get('type')?.text ?? 'bigint', new Map([...options].filter(([key]) => key === 'null' || key === 'default')));
    const columns = [id];
    if (isTruthy(options.get('polymorphic')?.text)) columns.push({ name: `${name}_type`, type: 'string', ...(id.notNull === undefined ? {} : { notNull: id.notNull }) });
    const indexOption = options.get('index')?.text;
    const unique = indexOption !== undefined && /\bunique:\s*true/.test(indexOption);
    const index = isFalse(indexOption) ? null : `(${columns.map((c) => c.name).reverse().join(', ')})${unique ? ' UNIQUE' : ''}`;
    const foreignKey = options.get('foreign_key')?.text;
    const target = (foreignKey && rubyLiteral(/to_table:\s*(:\w+|'[^']*'|"[^"]*")/.exec(foreignKey)?.[1])) ?? pluralize(name);
    return { columns, index, foreignKey: isTruthy(foreignKey) ? `FOREIGN KEY (${id.name}) REFERENCES ${target}` : null };
  }

  private addReference(table: string, reference: Reference, builder: ReadingBuilder): void {
    for (const column of reference.columns) builder.add(columnOperation('add-column', table, column));
    if (reference.index) builder.add(operation('add-index', table, null, reference.index));
    if (reference.foreignKey) builder.add(operation('add-constraint', table, reference.columns[0]!.name, reference.foreignKey));
  }

  private indexDetail(columnsText: string | undefined, options: Map<string, Argument>): string {
    const columns = rubyNameList(columnsText);
    const name = rubyLiteral(options.get('name')?.text);
    const expression = columns.length === 0 && columnsText ? oneLine(columnsText) : null;
    const parts = [name, `(${expression ?? columns.join(', ')})`, isTruthy(options.get('unique')?.text) ? 'UNIQUE' : null];
    const where = rubyLiteral(options.get('where')?.text);
    if (where) parts.push(`WHERE ${where}`);
    return parts.filter(Boolean).join(' ');
  }
}

/** The bodies of `def change` and `def up`, wherever they are nested; `def down` is left out. */
function upMethods(statements: RubyStatement[]): RubyStatement[][] {
  return statements.flatMap((statement) => {
    if (!statement.children) return [];
    const method = /^def\s+(?:self\.)?(\w+)/.exec(statement.text);
    if (method) return method[1] === 'change' || method[1] === 'up' ? [statement.children] : [];
    return upMethods(statement.children);
  });
}

export async function readRailsMigration(text: string, dialect: SqlDialect | null): Promise<MigrationReading> {
  const source = scanSource(text, rubySyntax);
  const statements = readRubyStatements(source);
  const migration = new RailsMigration(source);
  for (const body of upMethods(statements)) migration.evaluate(body);
  return migration.builder.build(dialect);
}

export const railsMigrationReader: MigrationReader = {
  id: 'rails',
  read: (text, _path, dialect) => readRailsMigration(text, dialect),
};
