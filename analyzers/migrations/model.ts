/**
 * The contract between the migration readers and the migrations analyzer. The analyzer finds the
 * migration files a range added, modified or deleted (by each framework's conventions) and hands
 * each one's text to the reader for its language; a reader says what the file does to the schema.
 */

export type OperationKind =
  | 'create-table'
  | 'drop-table'
  | 'rename-table'
  | 'add-column'
  | 'drop-column'
  | 'alter-column'
  | 'rename-column'
  | 'add-index'
  | 'drop-index'
  | 'add-constraint'
  | 'drop-constraint'
  | 'create-enum'
  | 'alter-enum'
  | 'drop-enum'
  /** INSERT, UPDATE, DELETE, COPY, a `RunPython`: a data backfill. */
  | 'data'
  /** A statement that changes something else (a view, a function, an extension, a trigger, raw SQL not read). */
  | 'other';

export interface SchemaOperation {
  kind: OperationKind;
  /** The table (or enum type, for the enum kinds) as written, schema-qualified when it is (`public.users`); null when none. */
  table: string | null;
  column: string | null;
  /**
   * What a reviewer needs beside the names, short: a column's type and constraints (`varchar(255)
   * NOT NULL DEFAULT ''`), an index's columns (`(email) UNIQUE`), a rename's new name (`→ customers`),
   * a data statement's verb (`UPDATE users`), an enum's values. Null when there is nothing to add.
   */
  detail: string | null;
  /** add-column / alter-column: NOT NULL declared (true), NULL allowed (false), or not said (undefined). */
  notNull?: boolean;
  /** add-column: a default value declared. */
  hasDefault?: boolean;
}

export interface MigrationReading {
  /** What the migration does when applied (its "up" part; the "down" part is not read), in order. */
  operations: SchemaOperation[];
  /** The SQL the file runs, when it is or embeds SQL, as written; null otherwise. */
  sql: string | null;
  /**
   * Statements the parser for the dialect could not read, recognised by their leading words only
   * (`ALTER TABLE x ...` is still an alter of `x`): the analyzer warns, naming the file and line.
   */
  unparsed: Array<{ line: number; statement: string }>;
}

export type SqlDialect = 'postgresql' | 'mysql' | 'sqlite';

export interface MigrationReader {
  /** Short name for warnings and docs: `sql`, `javascript`, `rails`, `django`, ... */
  id: string;
  /**
   * What the file does. `dialect` is the database the project's configuration names (Prisma's
   * migration_lock.toml, a knexfile's client), or null when unknown: a SQL reader then tries
   * PostgreSQL, then MySQL, then SQLite. Throws MigrationSyntaxError for a file it cannot read at all.
   */
  read(text: string, path: string, dialect: SqlDialect | null): Promise<MigrationReading>;
}

/** A file a reader cannot read; the message is the cause, to follow "<path> was not read: ". */
export class MigrationSyntaxError extends Error {
  override name = 'MigrationSyntaxError';
}

export function emptyReading(): MigrationReading {
  return { operations: [], sql: null, unparsed: [] };
}
