/**
 * What every migration reader builds its reading with: operations in file order, with the SQL a
 * file embeds read by the SQL reader in its place, and columns as a reviewer reads them
 * (`type NOT NULL DEFAULT x`, `NULL` when nullability is written out).
 */
import { emptyReading, MigrationSyntaxError, type MigrationReading, type OperationKind, type SchemaOperation, type SqlDialect } from '../model.js';

/** A column as a reviewer reads it: `name type NOT NULL DEFAULT x`, the parts that were written. */
export interface ColumnSpec {
  name: string;
  type: string | null;
  notNull?: boolean;
  /** The default as written; undefined when none is declared. */
  defaultValue?: string;
  /** Further words, `PRIMARY KEY`, `UNIQUE`, `REFERENCES users`. */
  extras?: string[];
}

/** `type NOT NULL DEFAULT x ...` without the name; null when nothing is known. */
export function columnDetail(column: Omit<ColumnSpec, 'name'>): string | null {
  const parts: string[] = [];
  if (column.type) parts.push(column.type);
  if (column.notNull !== undefined) parts.push(column.notNull ? 'NOT NULL' : 'NULL');
  if (column.defaultValue !== undefined) parts.push(`DEFAULT ${column.defaultValue}`);
  parts.push(...(column.extras ?? []));
  return parts.length === 0 ? null : parts.join(' ');
}

/** A create-table detail: `(id integer NOT NULL, email string)`. */
export function tableDetail(columns: ColumnSpec[], constraints: string[] = []): string | null {
  const items = [...columns.map((c) => [c.name, columnDetail(c)].filter(Boolean).join(' ')), ...constraints];
  return items.length === 0 ? null : `(${items.join(', ')})`;
}

export function operation(kind: OperationKind, table: string | null, column: string | null = null, detail: string | null = null): SchemaOperation {
  return { kind, table, column, detail };
}

/** An add-column or alter-column operation for a column, with notNull and hasDefault when declared. */
export function columnOperation(kind: 'add-column' | 'alter-column', table: string | null, column: ColumnSpec, prefix?: string): SchemaOperation {
  const detail = [prefix, columnDetail(column)].filter(Boolean).join(' ') || null;
  const op = operation(kind, table, column.name, detail);
  if (column.notNull !== undefined) op.notNull = column.notNull;
  if (kind === 'add-column' && column.defaultValue !== undefined) op.hasDefault = true;
  return op;
}

/**
 * Operations in file order, with the SQL a file embeds read by the SQL reader in its place.
 * `line` is the file line the SQL text starts on, so unparsed statements get file lines.
 */
export class ReadingBuilder {
  private readonly steps: Array<SchemaOperation | { sql: string; line: number }> = [];

  add(op: SchemaOperation): void {
    this.steps.push(op);
  }

  /** Appends another builder's steps, in order. */
  adopt(other: ReadingBuilder): void {
    this.steps.push(...other.steps);
  }

  addSql(sql: string, line: number): void {
    if (sql.trim() !== '') this.steps.push({ sql, line });
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
      // Loaded on first use: the SQL parsers are large, and most migrations embed no SQL.
      const { readSql } = await import('./sql.js');
      try {
        const embedded = await readSql(step.sql, dialect);
        reading.operations.push(...embedded.operations);
        for (const unparsed of embedded.unparsed) reading.unparsed.push({ line: step.line + unparsed.line - 1, statement: unparsed.statement });
      } catch (error) {
        if (!(error instanceof MigrationSyntaxError)) throw error;
        reading.unparsed.push({ line: step.line, statement: step.sql.trim().split('\n')[0]!.slice(0, 200) });
      }
    }
    reading.sql = sqlTexts.length === 0 ? null : sqlTexts.join('\n\n');
    return reading;
  }
}


export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
