/**
 * Django: the `operations` list of a migration module under `<app>/migrations/`.
 * Spec: https://docs.djangoproject.com/en/stable/ref/migration-operations/
 * Fields: https://docs.djangoproject.com/en/stable/ref/models/fields/
 *
 * - Tables are `<app label>_<model name lowercased>`, the app label being the folder above
 *   `migrations/`, unless a `db_table` option (in `CreateModel` or `AlterModelTable`) of the same
 *   file says otherwise. A column is the field's name (`<name>_id` for a `ForeignKey` or
 *   `OneToOneField`) unless `db_column` says otherwise.
 * - A field without `null=True` is NOT NULL; `default=` and `db_default=` are defaults.
 * - `RunSQL` hands its SQL (a string or a list of strings) to the SQL reader; `RunPython` is data.
 *   Of `SeparateDatabaseAndState` only the `database_operations` are read.
 * Not read: a `db_table` set in another migration file; custom operations (an `other` operation
 * names them); the `reverse_sql` / `reverse_code` parts.
 */
import { pythonSyntax } from '../../env/extractors/python.js';
import { codeMatches, readArguments, scanSource, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';
import { argument, displayItems, keywordArgument, positionalArguments, readCall, type Call } from '../../routes/extractors/python-expressions.js';
import type { MigrationReader, MigrationReading, SqlDialect } from '../model.js';
import { columnOperation, oneLine, operation, ReadingBuilder, tableDetail, type ColumnSpec } from './reading.js';

const PREFIX = /^([rRuUbB]{0,2})(?=['"])/;

/**
 * The value of a string expression: one literal, or adjacent literals (`'a' 'b'`, inside
 * parentheses too), triple-quoted or not; `r`, `u` and `b` prefixes are allowed. Null for anything
 * else (an f-string, a name, a call).
 */
export function pythonStringValue(expression: string): string | null {
  let text = expression.trim();
  while (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1).trim();
  let value = '';
  let i = 0;
  let found = false;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const prefix = PREFIX.exec(text.slice(i, i + 3));
    if (!prefix) return null;
    const raw = /[rR]/.test(prefix[1]!);
    i += prefix[1]!.length;
    const quote = text.startsWith(text[i]!.repeat(3), i) ? text[i]!.repeat(3) : text[i]!;
    i += quote.length;
    let end = i;
    while (end < text.length && !text.startsWith(quote, end)) {
      if (text[end] === '\\') end++;
      else if (quote.length === 1 && text[end] === '\n') return null;
      end++;
    }
    if (end >= text.length) return null;
    const body = text.slice(i, end);
    value += raw ? body : body.replace(/\\(['"\\])/g, '$1').replace(/\\\n/g, '');
    i = end + quote.length;
    found = true;
  }
  return found ? value : null;
}

/** The name of a called class or function: `CharField` for `models.CharField`. */
export const calleeName = (call: Call): string => call.callee.replace(/^.*\./, '');

/** `['a', 'b']`, `('a', 'b')`, `{'a'}`: the string items of a display; items that are not strings are skipped. */
export function stringItems(source: ScannedSource, expression: Argument | undefined): string[] {
  if (!expression) return [];
  const items = displayItems(source, expression);
  if (!items) {
    const single = pythonStringValue(expression.text);
    return single === null ? [] : [single];
  }
  return items.map((item) => pythonStringValue(item.text)).filter((item): item is string => item !== null);
}

// ---------------------------------------------------------------------------------------------

/** Field classes that hold a reference: their column is `<name>_id`. */
const REFERENCE_FIELDS = new Set(['ForeignKey', 'OneToOneField']);
/** Field arguments worth showing beside the class: sizes. */
const SIZE_ARGUMENTS = ['max_length', 'max_digits', 'decimal_places'];

interface DjangoField {
  /** The column, or null for a `ManyToManyField` (a join table instead). */
  column: ColumnSpec | null;
  /** The model a relation points to, as written (`library.author`). */
  target: string | null;
}

class DjangoMigration {
  readonly builder = new ReadingBuilder();
  /** Lower-cased model name → table, from `db_table` options in this file. */
  private readonly tables = new Map<string, string>();

  constructor(
    private readonly source: ScannedSource,
    private readonly app: string | null,
  ) {}

  /** Records the `db_table` options written in the file before reading it. */
  collectTables(operations: Argument[]): void {
    for (const item of operations) {
      const call = readCall(this.source, item);
      if (!call) continue;
      const name = pythonStringValue(argument(call.args, 0, 'name')?.text ?? '');
      if (name === null) continue;
      const options = calleeName(call) === 'CreateModel' ? this.dictionary(argument(call.args, 2, 'options')) : null;
      const table = options?.get('db_table') ?? (calleeName(call) === 'AlterModelTable' ? argument(call.args, 1, 'table')?.text : undefined);
      const value = table === undefined ? null : pythonStringValue(table);
      if (value !== null && !this.tables.has(name.toLowerCase())) this.tables.set(name.toLowerCase(), value);
    }
  }

  private table(model: string | null): string | null {
    if (model === null) return null;
    const lower = model.toLowerCase();
    return this.tables.get(lower) ?? (this.app === null ? lower : `${this.app}_${lower}`);
  }

  /** `{'db_table': 'books', 'ordering': [...]}` as key → value text. */
  private dictionary(expression: Argument | undefined): Map<string, string> {
    const entries = new Map<string, string>();
    if (!expression || !expression.text.startsWith('{')) return entries;
    for (const item of readArguments(this.source, expression.start).args) {
      const pair = /^(['"])(\w+)\1\s*:\s*([\s\S]*)$/.exec(item.text);
      if (pair) entries.set(pair[2]!, pair[3]!);
    }
    return entries;
  }

  evaluate(operations: Argument[]): void {
    for (const item of operations) {
      const call = readCall(this.source, item);
      if (call) this.operation(call, item);
    }
  }

  private operation(call: Call, item: Argument): void {
    const { args } = call;
    const text = (position: number, ...names: string[]) => pythonStringValue(argument(args, position, ...names)?.text ?? '');
    const add = this.builder.add.bind(this.builder);
    const name = calleeName(call);
    switch (name) {
      case 'CreateModel': {
        const model = text(0, 'name');
        const table = this.table(model);
        const columns: ColumnSpec[] = [];
        const joins: string[] = [];
        for (const field of displayItems(this.source, argument(args, 1, 'fields') ?? { text: '', start: 0 }) ?? []) {
          const pair = displayItems(this.source, field);
          const fieldName = pythonStringValue(pair?.[0]?.text ?? '');
          if (!pair || fieldName === null || !pair[1]) continue;
          const read = this.field(fieldName, pair[1]);
          if (read.column) columns.push(read.column);
          else joins.push(fieldName);
        }
        add(operation('create-table', table, null, tableDetail(columns)));
        for (const join of joins) add(operation('create-table', `${table}_${join}`, null, `many-to-many ${model ?? '?'}.${join}`));
        return;
      }
      case 'DeleteModel':
        add(operation('drop-table', this.table(text(0, 'name'))));
        return;
      case 'RenameModel': {
        const renamed = text(1, 'new_name');
        add(operation('rename-table', this.table(text(0, 'old_name')), null, renamed === null ? null : `→ ${this.table(renamed)}`));
        return;
      }
      case 'AlterModelTable': {
        const table = text(1, 'table');
        const model = text(0, 'name');
        const before = model === null ? null : this.app === null ? model.toLowerCase() : `${this.app}_${model.toLowerCase()}`;
        add(operation('rename-table', before, null, table === null ? null : `→ ${table}`));
        return;
      }
      case 'AddField':
      case 'AlterField': {
        const table = this.table(text(0, 'model_name'));
        const fieldName = text(1, 'name');
        const fieldArgument = argument(args, 2, 'field');
        if (fieldName === null || !fieldArgument) return;
        const field = this.field(fieldName, fieldArgument);
        if (field.column) add(columnOperation(name === 'AddField' ? 'add-column' : 'alter-column', table, field.column));
        else if (name === 'AddField') add(operation('create-table', `${table}_${fieldName}`, null, `many-to-many ${text(0, 'model_name') ?? '?'}.${fieldName}`));
        return;
      }
      case 'RemoveField':
        add(operation('drop-column', this.table(text(0, 'model_name')), text(1, 'name')));
        return;
      case 'RenameField': {
        const renamed = text(2, 'new_name');
        add(operation('rename-column', this.table(text(0, 'model_name')), text(1, 'old_name'), renamed === null ? null : `→ ${renamed}`));
        return;
      }
      case 'AddIndex':
      case 'AddConstraint': {
        const table = this.table(text(0, 'model_name'));
        const inner = argument(args, 1, name === 'AddIndex' ? 'index' : 'constraint');
        const innerCall = inner ? readCall(this.source, inner) : null;
        add(operation(name === 'AddIndex' ? 'add-index' : 'add-constraint', table, null, innerCall ? this.indexDetail(innerCall) : null));
        return;
      }
      case 'RemoveIndex':
      case 'RemoveConstraint':
        add(operation(name === 'RemoveIndex' ? 'drop-index' : 'drop-constraint', this.table(text(0, 'model_name')), null, text(1, 'name')));
        return;
      case 'RenameIndex':
        add(operation('other', this.table(text(0, 'model_name')), null, `rename index ${text(2, 'old_name') ?? '?'} → ${text(1, 'new_name') ?? '?'}`));
        return;
      case 'AlterUniqueTogether':
      case 'AlterIndexTogether': {
        const table = this.table(text(0, 'name'));
        const groups = displayItems(this.source, argument(args, 1, 'unique_together', 'index_together') ?? { text: '', start: 0 }) ?? [];
        const kind = name === 'AlterUniqueTogether' ? 'add-constraint' : 'add-index';
        const unique = name === 'AlterUniqueTogether' ? 'UNIQUE ' : '';
        // A single group may be written flat: `unique_together={('a', 'b')}` or `('a', 'b')`.
        const nested = groups.every((group) => /^[([]/.test(group.text));
        const sets = nested ? groups.map((group) => stringItems(this.source, group)) : [groups.map((g) => pythonStringValue(g.text) ?? g.text)];
        if (sets.length === 0 || sets.every((set) => set.length === 0)) add(operation(kind === 'add-index' ? 'drop-index' : 'drop-constraint', table, null, `${name === 'AlterUniqueTogether' ? 'unique_together' : 'index_together'} cleared`));
        for (const set of sets) if (set.length > 0) add(operation(kind, table, null, `${unique}(${set.join(', ')})`));
        return;
      }
      case 'RunSQL': {
        const sql = argument(args, 0, 'sql');
        if (!sql) return;
        const texts = this.sqlTexts(sql);
        if (texts === null) add(operation('other', null, null, `RunSQL ${oneLine(sql.text).slice(0, 60)}`));
        else for (const piece of texts) this.builder.addSql(piece.sql, piece.line);
        return;
      }
      case 'RunPython': {
        const code = argument(args, 0, 'code');
        add(operation('data', null, null, `RunPython ${code ? oneLine(code.text) : ''}`.trim()));
        return;
      }
      case 'SeparateDatabaseAndState': {
        const database = keywordArgument(args, 'database_operations') ?? positionalArguments(args)[0];
        if (database) this.evaluate(displayItems(this.source, database) ?? []);
        return;
      }
      case 'AlterModelOptions':
      case 'AlterModelManagers':
      case 'AlterOrderWithRespectTo':
        // State only (or, for the last, an `_order` column Django adds): nothing in the schema to report.
        if (name === 'AlterOrderWithRespectTo') add(operation('add-column', this.table(text(0, 'name')), '_order', 'IntegerField NOT NULL'));
        return;
      default:
        add(operation('other', null, null, oneLine(item.text).slice(0, 60)));
    }
  }

  /** `('isbn', models.CharField(max_length=13, null=True))` read into a column. */
  private field(name: string, expression: Argument): DjangoField {
    const call = readCall(this.source, expression);
    if (!call) return { column: { name, type: oneLine(expression.text) }, target: null };
    const fieldClass = calleeName(call);
    const { args } = call;
    const target = pythonStringValue(argument(args, 0, 'to')?.text ?? '') ?? argument(args, 0, 'to')?.text ?? null;
    if (fieldClass === 'ManyToManyField') return { column: null, target };
    const isReference = REFERENCE_FIELDS.has(fieldClass);
    const sizes = SIZE_ARGUMENTS.map((size) => keywordArgument(args, size)).filter((a): a is Argument => a !== undefined);
    const type = isReference ? `${fieldClass}(${target ?? '?'})` : sizes.length ? `${fieldClass}(${sizes.map((a) => a.text).join(', ')})` : fieldClass;
    const column: ColumnSpec = {
      name: pythonStringValue(keywordArgument(args, 'db_column')?.text ?? '') ?? (isReference ? `${name}_id` : name),
      type,
      notNull: keywordArgument(args, 'null')?.text !== 'True',
    };
    const defaultValue = keywordArgument(args, 'db_default') ?? keywordArgument(args, 'default');
    if (defaultValue) column.defaultValue = oneLine(defaultValue.text);
    const extras: string[] = [];
    if (keywordArgument(args, 'primary_key')?.text === 'True') extras.push('PRIMARY KEY');
    if (keywordArgument(args, 'unique')?.text === 'True' || fieldClass === 'OneToOneField') extras.push('UNIQUE');
    if (extras.length) column.extras = extras;
    return { column, target };
  }

  /** `models.Index(fields=['a'], name='x')`, `models.UniqueConstraint(...)`, `models.CheckConstraint(...)`. */
  private indexDetail(call: Call): string {
    const kind = calleeName(call);
    const name = pythonStringValue(keywordArgument(call.args, 'name')?.text ?? '');
    const fields = stringItems(this.source, keywordArgument(call.args, 'fields'));
    const expressions = positionalArguments(call.args).map((a) => oneLine(a.text));
    const columns = fields.length ? fields : expressions;
    const words = [name, kind === 'UniqueConstraint' ? 'UNIQUE' : kind === 'CheckConstraint' ? 'CHECK' : null, columns.length ? `(${columns.join(', ')})` : null];
    const condition = keywordArgument(call.args, 'condition', 'check');
    if (kind === 'CheckConstraint' && condition) words.push(oneLine(condition.text));
    else if (condition) words.push(`WHERE ${oneLine(condition.text)}`);
    return words.filter(Boolean).join(' ');
  }

  /** A `RunSQL` argument: a string, or a list of strings and `(sql, params)` pairs. */
  private sqlTexts(expression: Argument): Array<{ sql: string; line: number }> | null {
    const single = pythonStringValue(expression.text);
    if (single !== null) return [{ sql: single, line: this.source.lineAt(expression.start) }];
    const items = displayItems(this.source, expression);
    if (!items) return null;
    const texts: Array<{ sql: string; line: number }> = [];
    for (const item of items) {
      const pair = item.text.startsWith('(') ? displayItems(this.source, item) : null;
      const target = pair?.[0] ?? item;
      const sql = pythonStringValue(target.text);
      if (sql === null) return null;
      texts.push({ sql, line: this.source.lineAt(target.start) });
    }
    return texts;
  }
}

/** The app label: the folder that holds `migrations/`. */
function appLabel(path: string): string | null {
  return /(?:^|\/)([^/]+)\/migrations\/[^/]+\.py$/.exec(path)?.[1] ?? null;
}

export async function readDjangoMigration(text: string, path: string, dialect: SqlDialect | null): Promise<MigrationReading> {
  const source = scanSource(text, pythonSyntax);
  const migration = new DjangoMigration(source, appLabel(path));
  for (const match of codeMatches(source, /^[ \t]+operations[ \t]*=[ \t]*\[/gm)) {
    const operations = readArguments(source, match.index + match[0].length - 1).args.filter((a) => a.text !== '');
    migration.collectTables(operations);
    migration.evaluate(operations);
    break;
  }
  return migration.builder.build(dialect);
}

export const djangoMigrationReader: MigrationReader = {
  id: 'django',
  read: (text, path, dialect) => readDjangoMigration(text, path, dialect),
};
