/**
 * The SQL reader on files shaped like what Prisma migrate, drizzle-kit, Flyway, dbmate and goose
 * write, and on single statements per operation kind and dialect. Expected operations are written
 * out by hand from reading the SQL.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MigrationSyntaxError, type SchemaOperation } from '../../../analyzers/migrations/model.js';
import { readSql, sqlReader } from '../../../analyzers/migrations/readers/sql.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/migrations/sql/${name}`, import.meta.url), 'utf8');
const op = (kind: SchemaOperation['kind'], table: string | null, column: string | null = null, detail: string | null = null, extra: Partial<SchemaOperation> = {}): SchemaOperation => ({ kind, table, column, detail, ...extra });
const operationsOf = async (sql: string, dialect: 'postgresql' | 'mysql' | 'sqlite' | null) => (await readSql(sql, dialect)).operations;

describe('Prisma migrate output', () => {
  it('reads a PostgreSQL init migration', async () => {
    const reading = await readSql(fixture('prisma-postgresql.sql'), 'postgresql');
    expect(reading.operations).toEqual([
      op('create-enum', 'Role', null, 'USER, ADMIN'),
      op('create-table', 'User', null, 'id, email, name, role, createdAt'),
      op('create-table', 'Post', null, 'id, title, authorId'),
      op('add-index', 'User', 'email', 'User_email_key (email) UNIQUE'),
      op('add-constraint', 'Post', 'authorId', 'FOREIGN KEY Post_authorId_fkey (authorId) REFERENCES User(id) ON DELETE RESTRICT ON UPDATE CASCADE'),
    ]);
    expect(reading.unparsed).toEqual([]);
    expect(reading.sql).toBe(fixture('prisma-postgresql.sql').trim());
  });

  it('reads a PostgreSQL alter migration with its warning block comment', async () => {
    expect(await operationsOf(fixture('prisma-postgresql-alter.sql'), 'postgresql')).toEqual([
      op('alter-enum', 'Role', null, "ADD VALUE 'MODERATOR'"),
      op('drop-constraint', 'Post', null, 'Post_authorId_fkey'),
      op('drop-index', null, null, 'User_email_key'),
      op('drop-column', 'User', 'nickname'),
      op('add-column', 'User', 'tenantId', 'INTEGER NOT NULL', { notNull: true, hasDefault: false }),
      op('alter-column', 'User', 'name', 'SET NOT NULL', { notNull: true }),
      op('alter-column', 'User', 'email', 'TYPE VARCHAR(320)'),
      op('drop-table', 'Legacy'),
      op('drop-enum', 'OldStatus'),
    ]);
  });

  it('reads a MySQL migration, one operation per ALTER TABLE action', async () => {
    expect(await operationsOf(fixture('prisma-mysql.sql'), 'mysql')).toEqual([
      op('create-table', 'User', null, 'id, email, role, createdAt'),
      op('add-column', 'Post', 'published', 'BOOLEAN NOT NULL DEFAULT FALSE', { notNull: true, hasDefault: true }),
      op('drop-column', 'Post', 'draft'),
      op('alter-column', 'Post', 'title', 'VARCHAR(300) NULL', { notNull: false }),
      op('add-constraint', 'Post', 'authorId', 'FOREIGN KEY Post_authorId_fkey (authorId) REFERENCES User(id) ON DELETE RESTRICT ON UPDATE CASCADE'),
    ]);
  });

  it('reports the SQLite table rebuild statement by statement, PRAGMA as other', async () => {
    const reading = await readSql(fixture('prisma-sqlite-rebuild.sql'), 'sqlite');
    expect(reading.operations).toEqual([
      op('other', null, null, 'PRAGMA defer_foreign_keys=ON'),
      op('other', null, null, 'PRAGMA foreign_keys=OFF'),
      op('create-table', 'new_User', null, 'id, email, age'),
      op('data', 'new_User', null, 'INSERT INTO new_User'),
      op('drop-table', 'User'),
      op('rename-table', 'new_User', null, '→ User'),
      op('add-index', 'User', 'email', 'User_email_key (email) UNIQUE'),
      op('other', null, null, 'PRAGMA foreign_keys=ON'),
      op('other', null, null, 'PRAGMA defer_foreign_keys=OFF'),
    ]);
    expect(reading.unparsed).toEqual([]);
  });
});

describe('drizzle-kit, Flyway, dbmate and goose files', () => {
  it('splits drizzle statements at breakpoints and reads its guarded DO block as the FK it adds', async () => {
    expect(await operationsOf(fixture('drizzle-postgresql.sql'), 'postgresql')).toEqual([
      op('create-table', 'accounts', null, 'id, owner_id, note'),
      op('add-column', 'users', 'plan', "varchar(32) DEFAULT 'free' NOT NULL", { notNull: true, hasDefault: true }),
      op('add-constraint', 'accounts', 'owner_id', 'FOREIGN KEY accounts_owner_id_users_id_fk (owner_id) REFERENCES public.users(id) ON DELETE CASCADE'),
      op('add-index', 'accounts', 'owner_id', 'accounts_owner_idx (owner_id)'),
    ]);
  });

  it('keeps a dollar-quoted function body with semicolons and comments in one statement', async () => {
    const reading = await readSql(fixture('flyway-V3__functions.sql'), 'postgresql');
    expect(reading.operations).toEqual([
      op('other', null, null, 'CREATE EXTENSION pgcrypto'),
      op('other', null, null, 'CREATE OR REPLACE FUNCTION set_updated_at'),
      op('other', 'users', null, 'CREATE TRIGGER users_updated_at'),
      op('other', null, null, 'COMMENT ON TABLE users'),
      op('data', 'settings', null, 'INSERT INTO settings'),
      op('other', null, null, 'GRANT SELECT ON users'),
    ]);
    expect(reading.unparsed).toEqual([]);
  });

  it('reads only the dbmate up section, with no dialect given', async () => {
    const text = fixture('dbmate.sql');
    const reading = await readSql(text, null);
    expect(reading.operations).toEqual([
      op('create-table', 'public.orders', null, 'id, total'),
      op('add-index', 'public.orders', 'total', 'orders_total_idx (total)'),
    ]);
    expect(reading.sql).toBe(text.slice(text.indexOf('create table'), text.indexOf('-- migrate:down')).trim());
    expect(reading.sql).not.toContain('drop table');
  });

  it('reads only the goose up section; an unparsable StatementBegin block goes to unparsed with its line', async () => {
    const reading = await readSql(fixture('goose-mysql.sql'), 'mysql');
    expect(reading.operations).toEqual([
      op('other', null, null, 'CREATE PROCEDURE touch_users'),
      op('add-column', 'users', 'last_seen', 'DATETIME NULL', { notNull: false, hasDefault: false }),
    ]);
    expect(reading.unparsed).toEqual([
      { line: 3, statement: 'CREATE PROCEDURE touch_users()\nBEGIN\n  UPDATE users SET updated_at = NOW();\n  DELETE FROM sessions WHERE expired = 1;\nEND' },
    ]);
  });
});

describe('PostgreSQL statements', () => {
  it('reads renames, defaults, nullability and constraints', async () => {
    const sql = [
      'ALTER TABLE public.users RENAME TO customers;',
      'ALTER TABLE customers RENAME COLUMN "fullName" TO name;',
      "ALTER TABLE customers ALTER COLUMN status SET DEFAULT 'active'::text, ALTER COLUMN note DROP DEFAULT, ALTER COLUMN note DROP NOT NULL;",
      'ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email), ADD PRIMARY KEY (id), ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;',
      'ALTER TABLE customers ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY, ADD COLUMN score int NULL;',
      'DROP TABLE IF EXISTS a, b CASCADE;',
      'CREATE INDEX CONCURRENTLY customers_lower_email ON customers USING btree (lower(email), created_at DESC);',
      "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';",
    ].join('\n');
    expect(await operationsOf(sql, 'postgresql')).toEqual([
      op('rename-table', 'public.users', null, '→ customers'),
      op('rename-column', 'customers', 'fullName', '→ name'),
      op('alter-column', 'customers', 'status', "SET DEFAULT 'active'::text"),
      op('alter-column', 'customers', 'note', 'DROP DEFAULT'),
      op('alter-column', 'customers', 'note', 'DROP NOT NULL', { notNull: false }),
      op('add-constraint', 'customers', 'email', 'UNIQUE customers_email_key (email)'),
      op('add-constraint', 'customers', 'id', 'PRIMARY KEY (id)'),
      op('add-constraint', 'customers', null, 'CHECK positive (balance >= 0) NOT VALID'),
      op('add-column', 'customers', 'id', 'bigint GENERATED ALWAYS AS IDENTITY', { hasDefault: true }),
      op('add-column', 'customers', 'score', 'int NULL', { notNull: false, hasDefault: false }),
      op('drop-table', 'a'),
      op('drop-table', 'b'),
      op('add-index', 'customers', null, 'customers_lower_email (lower(email), created_at DESC)'),
      op('alter-enum', 'mood', null, "RENAME VALUE 'sad' → 'blue'"),
    ]);
  });

  it('reads data statements and drops transaction control', async () => {
    const sql = [
      'BEGIN;',
      "UPDATE users SET plan = 'free' WHERE plan IS NULL;",
      'DELETE FROM sessions;',
      'COPY public.countries (code, name) FROM stdin;',
      'MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty;',
      'CREATE VIEW active_users AS SELECT * FROM users WHERE active;',
      'COMMIT;',
    ].join('\n');
    expect(await operationsOf(sql, 'postgresql')).toEqual([
      op('data', 'users', null, 'UPDATE users'),
      op('data', 'sessions', null, 'DELETE FROM sessions'),
      op('data', 'public.countries', null, 'COPY public.countries'),
      op('data', 'stock', null, 'MERGE INTO stock'),
      op('other', null, null, 'CREATE VIEW active_users'),
    ]);
  });

  it('sends a statement the parser rejects to unparsed with its line, read by its leading words', async () => {
    const sql = '-- first\nCREATE TABLE ok (id int);\n\nALTER TABLE "orders" ADD COLUMN total numeric(10,2) NOT NULL DEFAULT,\n  ADD x;\nCREATE EXTENSION hstore;\n';
    const reading = await readSql(sql, 'postgresql');
    expect(reading.operations).toEqual([
      op('create-table', 'ok', null, 'id'),
      op('add-column', 'orders', 'total'),
      op('other', null, null, 'CREATE EXTENSION hstore'),
    ]);
    expect(reading.unparsed).toEqual([{ line: 4, statement: 'ALTER TABLE "orders" ADD COLUMN total numeric(10,2) NOT NULL DEFAULT,\n  ADD x' }]);
  });
});

describe('MySQL and SQLite statements', () => {
  it('reads MySQL CHANGE, RENAME TABLE, indexes and key drops', async () => {
    const sql = [
      'ALTER TABLE `orders` CHANGE `amount` `total` DECIMAL(10,2) NOT NULL, ADD INDEX `orders_total_idx` (`total`), DROP FOREIGN KEY `orders_user_fk`, DROP INDEX `orders_old_idx`, RENAME TO `purchases`;',
      'RENAME TABLE `a` TO `b`;',
      'CREATE UNIQUE INDEX `users_email` ON `users` (`email`);',
      'DROP INDEX `users_email` ON `users`;',
      'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);',
      "INSERT INTO `settings` (`k`, `v`) VALUES ('a', 'b');",
    ].join('\n');
    expect(await operationsOf(sql, 'mysql')).toEqual([
      op('rename-column', 'orders', 'amount', '→ total'),
      op('alter-column', 'orders', 'total', 'DECIMAL(10, 2) NOT NULL', { notNull: true }),
      op('add-index', 'orders', 'total', 'orders_total_idx (total)'),
      op('drop-constraint', 'orders', null, 'FOREIGN KEY orders_user_fk'),
      op('drop-index', 'orders', null, 'orders_old_idx'),
      op('rename-table', 'orders', null, '→ purchases'),
      op('rename-table', 'a', null, '→ b'),
      op('add-index', 'users', 'email', 'users_email (email) UNIQUE'),
      op('drop-index', 'users', null, 'users_email'),
      op('add-constraint', 't', null, 'CHECK c (a > 0)'),
      op('data', 'settings', null, 'INSERT INTO settings'),
    ]);
  });

  it('reads drizzle SQLite ALTER TABLE forms and a trigger body with semicolons', async () => {
    const sql = [
      'ALTER TABLE `users` ADD `age` integer DEFAULT 0 NOT NULL;--> statement-breakpoint',
      'ALTER TABLE `users` RENAME COLUMN `name` TO `full_name`;--> statement-breakpoint',
      'ALTER TABLE `users` DROP COLUMN `legacy`;--> statement-breakpoint',
      'CREATE TRIGGER touch AFTER UPDATE ON users BEGIN UPDATE users SET updated = 1; DELETE FROM cache; END;',
      'DROP TABLE `old`;',
    ].join('\n');
    const reading = await readSql(sql, 'sqlite');
    expect(reading.operations).toEqual([
      op('add-column', 'users', 'age', 'INTEGER NOT NULL DEFAULT 0', { notNull: true, hasDefault: true }),
      op('rename-column', 'users', 'name', '→ full_name'),
      op('drop-column', 'users', 'legacy'),
      op('other', 'users', null, 'CREATE TRIGGER touch AFTER UPDATE ON users'),
      op('drop-table', 'old'),
    ]);
    expect(reading.unparsed).toEqual([]);
  });

  it('with no dialect, reads a MySQL backtick statement with the MySQL parser', async () => {
    const reading = await readSql('ALTER TABLE `shop`.`orders` ADD COLUMN `note` VARCHAR(255) NULL, DROP COLUMN `memo`;', null);
    expect(reading.operations).toEqual([
      op('add-column', 'shop.orders', 'note', 'VARCHAR(255) NULL', { notNull: false, hasDefault: false }),
      op('drop-column', 'shop.orders', 'memo'),
    ]);
    expect(reading.unparsed).toEqual([]);
  });
});

describe('sqlReader', () => {
  it('reads a golang-migrate .down.sql file as nothing', async () => {
    const reading = await sqlReader.read('DROP TABLE users;', 'db/migrations/000002_users.down.sql', 'postgresql');
    expect(reading.operations).toEqual([]);
    const up = await sqlReader.read('DROP TABLE users;', 'db/migrations/000002_users.up.sql', 'postgresql');
    expect(up.operations).toEqual([op('drop-table', 'users')]);
  });

  it('throws MigrationSyntaxError for binary input only', async () => {
    await expect(readSql('SQLite format 3\u0000\u0001', null)).rejects.toBeInstanceOf(MigrationSyntaxError);
    await expect(readSql('this is not ; SQL at all (((', null)).resolves.toMatchObject({ unparsed: [{ line: 1 }, { line: 1 }] });
  });

  it('gives an empty reading for an empty or comment-only file', async () => {
    expect(await readSql('-- nothing here;\n/* nor; here */\n', 'postgresql')).toEqual({ operations: [], sql: '-- nothing here;\n/* nor; here */', unparsed: [] });
  });
});
