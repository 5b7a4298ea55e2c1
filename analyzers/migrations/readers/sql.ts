/**
 * The SQL reader: every SQL migration goes through it (Prisma's migration.sql, drizzle-kit,
 * Flyway, golang-migrate, dbmate, goose, Supabase, plain .sql), and so does SQL embedded in code
 * migrations, through readSql. Parsers: PostgreSQL's own (libpg-query) for PostgreSQL,
 * node-sql-parser for MySQL and SQLite.
 * Conventions: https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md,
 * https://documentation.red-gate.com/fd/migrations-184127470.html (Flyway's V/U/R prefixes),
 * https://github.com/amacneil/dbmate, https://pressly.github.io/goose/.
 *
 * - Only the "up" part is read: dbmate's and goose's down sections are cut off (sql-split.ts), and
 *   a file that is all "down" (golang-migrate's `*.down.sql`, diesel's `down.sql`, Flyway's
 *   `U<version>__*.sql` undo scripts) reads as empty.
 * - Each statement is parsed on its own, so one bad statement costs that statement only. With no
 *   dialect, each statement is tried as PostgreSQL, then MySQL, then SQLite.
 * - A statement no parser accepts is read by its leading words (sql-fallback.ts) and listed in
 *   `unparsed` with its line.
 * - Transaction control (BEGIN, COMMIT, START TRANSACTION, ROLLBACK) is not an operation.
 * - Binary input (a NUL byte) throws MigrationSyntaxError; no SQL text ever does.
 */
import { emptyReading, MigrationSyntaxError, type MigrationReader, type MigrationReading, type SchemaOperation, type SqlDialect } from '../model.js';
import { recogniseByWords } from './sql-fallback.js';
import { readMysqlSqliteStatement } from './sql-mysql-sqlite.js';
import { readPostgresStatement } from './sql-postgres.js';
import { findUpSection, splitStatements } from './sql-split.js';

const TRANSACTION_CONTROL = /^(?:begin|commit|rollback|end|start\s+transaction)(?:\s+(?:transaction|work))?\s*$/i;
const DOWN_ONLY_FILE = /(?:^|[/\\])(?:[^/\\]*\.down\.sql|down\.sql|U\d[^/\\]*__[^/\\]*\.sql)$/i;

export const sqlReader: MigrationReader = {
  id: 'sql',
  async read(text, path, dialect) {
    if (DOWN_ONLY_FILE.test(path)) {
      assertText(text);
      return emptyReading();
    }
    return readSql(text, dialect);
  },
};

/** What the SQL in `text` does when applied. */
export async function readSql(text: string, dialect: SqlDialect | null): Promise<MigrationReading> {
  assertText(text);
  const { start, end } = findUpSection(text);
  const up = text.slice(start, end);
  const reading: MigrationReading = { operations: [], sql: up.trim(), unparsed: [] };
  for (const statement of splitStatements(up, { dialect, offset: start, file: text })) {
    if (TRANSACTION_CONTROL.test(statement.text)) continue;
    const operations = await readStatement(statement.text, dialect);
    if (operations) {
      reading.operations.push(...operations);
    } else {
      reading.operations.push(recogniseByWords(statement.text));
      reading.unparsed.push({ line: statement.line, statement: statement.text });
    }
  }
  return reading;
}

const AUTO_DETECT_ORDER: SqlDialect[] = ['postgresql', 'mysql', 'sqlite'];

async function readStatement(statement: string, dialect: SqlDialect | null): Promise<SchemaOperation[] | null> {
  for (const candidate of dialect ? [dialect] : AUTO_DETECT_ORDER) {
    const operations = candidate === 'postgresql' ? await readPostgresStatement(statement) : await readMysqlSqliteStatement(statement, candidate);
    if (operations) return operations;
  }
  return null;
}

function assertText(text: string): void {
  if (text.includes('\u0000')) throw new MigrationSyntaxError('the file is binary (it contains NUL bytes), not SQL text');
}
