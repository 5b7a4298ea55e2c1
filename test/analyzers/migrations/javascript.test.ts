/**
 * The JavaScript migration reader on Knex, Sequelize, TypeORM and MikroORM migrations shaped like
 * their generators' output (the fixtures under test/fixtures/migrations/<tool>/ were written by
 * the tools themselves) and the documentation's examples. Expected operations are read off each
 * input by hand. Embedded SQL is read by the SQL reader: those cases assert only the obvious.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { javascriptMigrationReader, migrationFrameworkOf } from '../../../analyzers/migrations/readers/javascript.js';
import { MigrationSyntaxError, type SchemaOperation } from '../../../analyzers/migrations/model.js';

const lines = (...text: string[]) => text.join('\n') + '\n';
const read = (text: string, path = 'migrations/20240101000000_change.js') => javascriptMigrationReader.read(text, path, null);
const operations = async (text: string, path?: string) => (await read(text, path)).operations;
const op = (kind: SchemaOperation['kind'], table: string | null, column: string | null = null, detail: string | null = null, more: Partial<SchemaOperation> = {}): SchemaOperation => ({
  kind, table, column, detail, ...more,
});
const fixture = (path: string) => readFileSync(new URL(`../../fixtures/migrations/${path}`, import.meta.url), 'utf8');

describe('migrationFrameworkOf', () => {
  it.each([
    ['knex/20261201110201_create_users.js', 'knex'],
    ['knex/20261201110201_add_phone_to_users.ts', 'knex'],
    ['sequelize/20261201110205-create-post.js', 'sequelize'],
    ['sequelize/20261201110204-add-email-to-users.js', 'sequelize'],
    ['typeorm/1796122937177-CreateUser.ts', 'typeorm'],
    ['typeorm/1796122928459-AddUsers.ts', 'typeorm'],
    ['mikro-orm/Migration20261201110440.ts', 'mikro-orm'],
    ['mikro-orm/Migration20261201110443.ts', 'mikro-orm'],
  ] as const)('%s is %s', (path, framework) => {
    expect(migrationFrameworkOf(fixture(path))).toBe(framework);
  });

  it('tells a TypeORM migration written in JavaScript by its queryRunner', () => {
    expect(migrationFrameworkOf('module.exports = class AddPosts1796122929241 {\n  async up(queryRunner) {}\n}\n')).toBe('typeorm');
  });

  it('tells a Knex migration by its schema chain even when the parameter is not called knex', () => {
    expect(migrationFrameworkOf("exports.up = (db) => db.schema.createTable('a', (t) => t.increments());\n")).toBe('knex');
  });

  it('is null for code of none of them', () => {
    expect(migrationFrameworkOf('export function up() { return 1; }\n')).toBeNull();
  });

  it('reads a file of none of them as nothing', async () => {
    expect(await read('export function up() { return 1; }\n')).toEqual({ operations: [], sql: null, unparsed: [] });
  });
});

describe('javascript migration reader', () => {
  it('is named javascript', () => {
    expect(javascriptMigrationReader.id).toBe('javascript');
  });

  it('throws MigrationSyntaxError for a file that does not parse, with the line', async () => {
    const text = lines('exports.up = function(knex) {', "  return knex.schema.createTable('users', (table) => {", '    table.string(;', '  });', '};');
    await expect(read(text)).rejects.toThrow(MigrationSyntaxError);
    await expect(read(text)).rejects.toThrow(/line 3/);
  });
});

describe('knex', () => {
  it('reads the createTable chain of the generated skeleton, columns folded into the detail, the down function ignored', async () => {
    expect(await read(fixture('knex/20261201110201_create_users.js'))).toEqual({
      operations: [
        op('create-table', 'users', null,
          '(id increments, email string(255) NOT NULL UNIQUE, name string, '
          + 'created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)'),
        op('create-table', 'posts', null, '(id increments, user_id integer NOT NULL UNSIGNED REFERENCES users(id) ON DELETE CASCADE, body text)'),
        op('add-index', 'posts', 'user_id', 'posts_user_id_index (user_id)'),
      ],
      sql: null,
      unparsed: [],
    });
  });

  it('reads an alterTable of a TypeScript migration: add and rename column, raw SQL, a data update', async () => {
    const reading = await read(fixture('knex/20261201110201_add_phone_to_users.ts'), 'migrations/20261201110201_add_phone_to_users.ts');
    expect(reading.operations.slice(0, 3)).toEqual([
      op('add-column', 'users', 'phone', 'string(32) NULL', { notNull: false }),
      op('add-column', 'users', 'verified', 'boolean NOT NULL DEFAULT false', { notNull: true, hasDefault: true }),
      op('rename-column', 'users', 'name', '→ full_name'),
    ]);
    expect(reading.operations[3]).toMatchObject({ kind: 'add-index', table: 'users' });
    expect(reading.operations[4]).toEqual(op('data', 'users', null, 'UPDATE users'));
    expect(reading.sql).toBe('CREATE INDEX users_phone_idx ON users (phone)');
  });

  it('reads .alter() as alter-column, and drops, setNullable / dropNullable', async () => {
    const text = lines(
      'exports.up = async function (knex) {',
      "  await knex.schema.table('accounts', function (table) {",
      "    table.integer('score').nullable().alter();",
      "    table.dropColumn('legacy');",
      "    table.dropColumns('a', 'b');",
      "    table.dropNullable('email');",
      "    table.setNullable('nickname');",
      '    table.dropTimestamps();',
      '  });',
      '};',
    );
    expect(await operations(text)).toEqual([
      op('alter-column', 'accounts', 'score', 'integer NULL', { notNull: false }),
      op('drop-column', 'accounts', 'legacy'),
      op('drop-column', 'accounts', 'a'),
      op('drop-column', 'accounts', 'b'),
      op('alter-column', 'accounts', 'email', 'SET NOT NULL', { notNull: true }),
      op('alter-column', 'accounts', 'nickname', 'DROP NOT NULL', { notNull: false }),
      op('drop-column', 'accounts', 'created_at'),
      op('drop-column', 'accounts', 'updated_at'),
    ]);
  });

  it('reads indexes, uniques, foreign keys and primary keys of an alterTable, and their drops', async () => {
    const text = lines(
      'export async function up(knex) {',
      "  await knex.schema.alterTable('orders', (t) => {",
      "    t.index(['customer_id', 'created_at'], 'orders_customer_created');",
      "    t.unique('reference', { indexName: 'orders_reference_unique' });",
      "    t.foreign('customer_id').references('customers.id').onDelete('cascade');",
      "    t.primary(['id']);",
      "    t.dropIndex('status', 'orders_status_index');",
      "    t.dropUnique(['code']);",
      "    t.dropForeign('product_id');",
      '    t.dropPrimary();',
      '  });',
      '}',
    );
    expect(await operations(text, 'migrations/x.mjs')).toEqual([
      op('add-index', 'orders', null, 'orders_customer_created (customer_id, created_at)'),
      op('add-index', 'orders', 'reference', 'orders_reference_unique (reference) UNIQUE'),
      op('add-constraint', 'orders', 'customer_id', 'FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE'),
      op('add-constraint', 'orders', 'id', 'PRIMARY KEY (id)'),
      op('drop-index', 'orders', 'status', 'orders_status_index'),
      op('drop-index', 'orders', 'code', '(code) UNIQUE'),
      op('drop-constraint', 'orders', 'product_id', 'FOREIGN KEY (product_id)'),
      op('drop-constraint', 'orders', null, 'PRIMARY KEY'),
    ]);
  });

  it('reads column types with sizes, enums, specific types, defaults written as code, and withSchema', async () => {
    const text = lines(
      'exports.up = (knex) =>',
      "  knex.schema.withSchema('billing').createTable('invoices', (table) => {",
      "    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));",
      "    table.decimal('total', 10, 2).notNullable().defaultTo(0);",
      "    table.enu('status', ['draft', 'sent']).notNullable();",
      "    table.specificType('tags', 'text[]');",
      "    table.timestamp('issued_at').defaultTo(knex.fn.now());",
      "    table.unique(['total', 'status']);",
      '  });',
    );
    const reading = await read(text);
    expect(reading.operations).toEqual([
      op('create-table', 'billing.invoices', null,
        "(id uuid DEFAULT knex.raw('gen_random_uuid()') PRIMARY KEY, total decimal(10, 2) NOT NULL DEFAULT 0, "
        + "status enum('draft', 'sent') NOT NULL, tags text[], issued_at timestamp DEFAULT knex.fn.now(), UNIQUE (total, status))"),
    ]);
    // knex.raw inside defaultTo is a default, not a statement.
    expect(reading.sql).toBeNull();
  });

  it('reads dropTable, dropTableIfExists, renameTable, createSchema and createExtension', async () => {
    const text = lines(
      'exports.up = function(knex) {',
      '  return knex.schema',
      "    .createSchemaIfNotExists('audit')",
      "    .createExtensionIfNotExists('pgcrypto')",
      "    .renameTable('people', 'persons')",
      "    .dropTable('sessions')",
      "    .dropTableIfExists('tokens');",
      '};',
    );
    expect(await operations(text)).toEqual([
      op('other', null, null, 'CREATE SCHEMA audit'),
      op('other', null, null, 'CREATE EXTENSION pgcrypto'),
      op('rename-table', 'people', null, '→ persons'),
      op('drop-table', 'sessions'),
      op('drop-table', 'tokens'),
    ]);
  });

  it('reads what a hasTable guard does as if it ran, and not the guard itself', async () => {
    const text = lines(
      'exports.up = function(knex) {',
      "  return knex.schema.hasTable('users').then(function(exists) {",
      '    if (!exists) {',
      "      return knex.schema.createTable('users', function(t) {",
      "        t.increments('id').primary();",
      "        t.string('first_name', 100);",
      '      });',
      '    }',
      '  });',
      '};',
    );
    expect(await operations(text)).toEqual([op('create-table', 'users', null, '(id increments PRIMARY KEY, first_name string(100))')]);
  });

  it('reads insert, delete and batchInsert as data, and ignores a read', async () => {
    const text = lines(
      'exports.up = async (knex) => {',
      "  const rows = await knex('plans').select('id');",
      "  await knex('plans').insert({ name: 'free' });",
      "  await knex.batchInsert('features', [], 100);",
      "  await knex.from('sessions').where('expired', true).del();",
      '};',
    );
    expect(await operations(text)).toEqual([
      op('data', 'plans', null, 'INSERT INTO plans'),
      op('data', 'features', null, 'INSERT INTO features'),
      op('data', 'sessions', null, 'DELETE FROM sessions'),
    ]);
  });

  it('reads only the up of module.exports = { up, down } with a named function', async () => {
    const text = lines(
      'async function createUsers(knex) {',
      "  await knex.schema.createTable('users', (t) => { t.increments(); });",
      '}',
      'async function dropUsers(knex) {',
      "  await knex.schema.dropTable('users');",
      '}',
      'module.exports = { up: createUsers, down: dropUsers };',
    );
    expect(await operations(text)).toEqual([op('create-table', 'users', null, '(id increments)')]);
  });

  it('hands knex.raw and knex.schema.raw to the SQL reader, and keeps a template expression as written', async () => {
    const text = lines(
      'exports.up = async function(knex) {',
      '  await knex.schema.raw(\'ALTER TABLE "user" ADD "email" varchar NOT NULL\');',
      '  const table = "user";',
      '  await knex.raw(`ALTER TABLE ${table} ADD COLUMN age int`);',
      '  await knex.raw(sql);',
      '};',
    );
    const reading = await read(text);
    expect(reading.operations[0]).toMatchObject({ kind: 'add-column', table: 'user', column: 'email', notNull: true });
    expect(reading.sql).toBe('ALTER TABLE "user" ADD "email" varchar NOT NULL\n\nALTER TABLE ${table} ADD COLUMN age int');
    expect(reading.unparsed).toEqual([expect.objectContaining({ line: 4 })]);
    expect(reading.operations.at(-1)).toEqual(op('other', null, null, 'SQL built at run time: knex.raw(sql)'));
  });
});

describe('sequelize', () => {
  it('reads the createTable written by model:generate, the down function ignored', async () => {
    expect(await read(fixture('sequelize/20261201110205-create-post.js'))).toEqual({
      operations: [
        op('create-table', 'Posts', null,
          '(id INTEGER NOT NULL PRIMARY KEY AUTO_INCREMENT, title STRING, body TEXT, userId INTEGER, createdAt DATE NOT NULL, updatedAt DATE NOT NULL)'),
      ],
      sql: null,
      unparsed: [],
    });
  });

  it('reads addColumn with allowNull: false and a default, addIndex, and embedded SQL', async () => {
    const reading = await read(fixture('sequelize/20261201110204-add-email-to-users.js'));
    expect(reading.operations.slice(0, 2)).toEqual([
      op('add-column', 'Users', 'email', "STRING NOT NULL DEFAULT ''", { notNull: true, hasDefault: true }),
      op('add-index', 'Users', 'email', 'users_email_unique (email) UNIQUE'),
    ]);
    expect(reading.operations[2]).toMatchObject({ kind: 'data', table: 'Users' });
    expect(reading.sql).toBe('UPDATE "Users" SET "email" = lower("email")');
  });

  it('reads changeColumn, removeColumn, renameColumn, renameTable, removeIndex, dropTable', async () => {
    const text = lines(
      'module.exports = {',
      '  up: async (queryInterface, Sequelize) => {',
      "    await queryInterface.changeColumn('Users', 'bio', { type: Sequelize.TEXT, allowNull: true });",
      "    await queryInterface.removeColumn('Users', 'legacy');",
      "    await queryInterface.renameColumn('Users', 'name', 'fullName');",
      "    await queryInterface.renameTable('People', 'Persons');",
      "    await queryInterface.removeIndex('Users', ['email']);",
      "    await queryInterface.dropTable('Sessions');",
      '  },',
      "  down: async (queryInterface) => { await queryInterface.dropTable('Users'); },",
      '};',
    );
    expect(await operations(text)).toEqual([
      op('alter-column', 'Users', 'bio', 'TEXT NULL', { notNull: false }),
      op('drop-column', 'Users', 'legacy'),
      op('rename-column', 'Users', 'name', '→ fullName'),
      op('rename-table', 'People', null, '→ Persons'),
      op('drop-index', 'Users', 'email', '(email)'),
      op('drop-table', 'Sessions'),
    ]);
  });

  it('reads addConstraint and removeConstraint, and references in a column', async () => {
    const text = lines(
      'module.exports = {',
      '  async up(queryInterface, DataTypes) {',
      "    await queryInterface.addColumn({ tableName: 'Posts', schema: 'blog' }, 'authorId', {",
      '      type: DataTypes.INTEGER,',
      "      references: { model: 'Users', key: 'id' },",
      "      onDelete: 'cascade',",
      '    });',
      "    await queryInterface.addConstraint('Posts', {",
      "      fields: ['authorId'],",
      "      type: 'foreign key',",
      "      name: 'posts_author_fk',",
      "      references: { table: 'Users', field: 'id' },",
      "      onDelete: 'cascade',",
      '    });',
      "    await queryInterface.addConstraint('Users', { fields: ['email'], type: 'unique' });",
      "    await queryInterface.removeConstraint('Users', 'users_old_check');",
      '  },',
      '};',
    );
    expect(await operations(text)).toEqual([
      op('add-column', 'blog.Posts', 'authorId', 'INTEGER REFERENCES Users(id) ON DELETE CASCADE'),
      op('add-constraint', 'Posts', 'authorId', 'FOREIGN KEY posts_author_fk (authorId) REFERENCES Users(id) ON DELETE CASCADE'),
      op('add-constraint', 'Users', 'email', 'UNIQUE (email)'),
      op('drop-constraint', 'Users', null, 'users_old_check'),
    ]);
  });

  it('reads bulkInsert, bulkUpdate and bulkDelete as data, inside a transaction', async () => {
    const text = lines(
      'module.exports = {',
      '  async up(queryInterface, Sequelize) {',
      '    await queryInterface.sequelize.transaction(async (transaction) => {',
      "      await queryInterface.bulkInsert('Roles', [{ name: 'admin' }], { transaction });",
      "      await queryInterface.bulkUpdate('Users', { roleId: 1 }, { roleId: null }, { transaction });",
      "      await queryInterface.bulkDelete('Sessions', null, { transaction });",
      '    });',
      '  },',
      '};',
    );
    expect(await operations(text)).toEqual([
      op('data', 'Roles', null, 'INSERT INTO Roles'),
      op('data', 'Users', null, 'UPDATE Users'),
      op('data', 'Sessions', null, 'DELETE FROM Sessions'),
    ]);
  });

  it('reads an Umzug migration whose query interface is { context }', async () => {
    const text = lines(
      "import { DataTypes } from 'sequelize';",
      'export const up = async ({ context: qi }) => {',
      "  await qi.addColumn('users', 'age', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });",
      '};',
    );
    expect(await operations(text, 'migrations/2024.01.01T00.00.00.add-age.mjs')).toEqual([
      op('add-column', 'users', 'age', 'INTEGER NOT NULL DEFAULT 0', { notNull: true, hasDefault: true }),
    ]);
  });

  it('hands queryInterface.sequelize.query to the SQL reader', async () => {
    const text = lines(
      'module.exports = {',
      '  async up(queryInterface) {',
      '    await queryInterface.sequelize.query(\'ALTER TABLE "user" ADD "email" varchar NOT NULL\');',
      '  },',
      '};',
    );
    const reading = await read(text);
    expect(reading.operations).toEqual([expect.objectContaining({ kind: 'add-column', table: 'user', column: 'email', notNull: true })]);
    expect(reading.sql).toBe('ALTER TABLE "user" ADD "email" varchar NOT NULL');
  });
});

describe('typeorm', () => {
  it('hands the SQL of a generated migration to the SQL reader, the down function ignored', async () => {
    const reading = await read(fixture('typeorm/1796122937177-CreateUser.ts'), 'src/migrations/1796122937177-CreateUser.ts');
    expect(reading.operations).toEqual([expect.objectContaining({ kind: 'create-table', table: 'user' })]);
    expect(reading.sql).toMatch(/^CREATE TABLE "user" \("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,/);
    expect(reading.sql).not.toMatch(/DROP TABLE/);
  });

  it('reads the QueryRunner API: createTable, addColumn, createIndex, createForeignKey', async () => {
    expect(await operations(fixture('typeorm/1796122928459-AddUsers.ts'), 'src/migrations/1796122928459-AddUsers.ts')).toEqual([
      op('create-table', 'question', null, '(id int NOT NULL PRIMARY KEY GENERATED increment, name varchar(255) NOT NULL)'),
      op('add-column', 'question', 'questionId', 'int NULL', { notNull: false }),
      op('add-index', 'question', 'name', 'IDX_QUESTION_NAME (name)'),
      op('add-constraint', 'question', 'questionId', 'FOREIGN KEY (questionId) REFERENCES question(id) ON DELETE CASCADE'),
    ]);
  });

  it('reads dropColumn, changeColumn, renameColumn, renameTable, dropIndex, dropForeignKey, dropTable', async () => {
    const text = lines(
      'import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";',
      'export class Rework1700000000000 implements MigrationInterface {',
      '    public async up(queryRunner: QueryRunner): Promise<void> {',
      '        await queryRunner.dropColumn("post", "legacy");',
      '        await queryRunner.changeColumn("post", "title", new TableColumn({ name: "headline", type: "varchar", length: "120", default: "\'\'" }));',
      '        await queryRunner.renameColumn("post", "body", "content");',
      '        await queryRunner.renameTable("post", "article");',
      '        await queryRunner.dropIndex("article", "IDX_POST_TITLE");',
      '        await queryRunner.dropForeignKey("article", "FK_POST_AUTHOR");',
      '        await queryRunner.dropTable("draft", true);',
      '    }',
      '    public async down(queryRunner: QueryRunner): Promise<void> {',
      '        await queryRunner.dropTable("article");',
      '    }',
      '}',
    );
    expect(await operations(text, 'src/migrations/1700000000000-Rework.ts')).toEqual([
      op('drop-column', 'post', 'legacy'),
      op('alter-column', 'post', 'title', "→ headline; varchar(120) NOT NULL DEFAULT ''", { notNull: true }),
      op('rename-column', 'post', 'body', '→ content'),
      op('rename-table', 'post', null, '→ article'),
      op('drop-index', 'article', null, 'IDX_POST_TITLE'),
      op('drop-constraint', 'article', null, 'FK_POST_AUTHOR'),
      op('drop-table', 'draft'),
    ]);
  });

  it('takes a column that does not say isNullable as NOT NULL, and reads a default', async () => {
    const text = lines(
      'export class AddFlag1700000000001 {',
      '    async up(queryRunner) {',
      '        await queryRunner.addColumn("user", new TableColumn({ name: "active", type: "boolean", default: true }));',
      '    }',
      '}',
    );
    expect(await operations(text, 'src/migrations/1700000000001-AddFlag.js')).toEqual([
      op('add-column', 'user', 'active', 'boolean NOT NULL DEFAULT true', { notNull: true, hasDefault: true }),
    ]);
  });

  it('keeps ${} of a template literal as written and leaves it to the SQL reader', async () => {
    const text = lines(
      'export class Rename1700000000002 implements MigrationInterface {',
      '    public async up(queryRunner: QueryRunner): Promise<void> {',
      '        await queryRunner.query(`ALTER TABLE "user" ADD "email" varchar NOT NULL`);',
      '        await queryRunner.query(`UPDATE "user" SET "email" = ${quote(defaultEmail)}`);',
      '    }',
      '}',
    );
    const reading = await read(text, 'src/migrations/x.ts');
    expect(reading.operations[0]).toMatchObject({ kind: 'add-column', table: 'user', column: 'email', notNull: true });
    expect(reading.sql).toBe('ALTER TABLE "user" ADD "email" varchar NOT NULL\n\nUPDATE "user" SET "email" = ${quote(defaultEmail)}');
  });
});

describe('mikro-orm', () => {
  it('hands the addSql of a generated initial migration to the SQL reader', async () => {
    const reading = await read(fixture('mikro-orm/Migration20261201110440.ts'), 'src/migrations/Migration20261201110440.ts');
    expect(reading.operations).toEqual([
      expect.objectContaining({ kind: 'create-table', table: 'user' }),
      expect.objectContaining({ kind: 'add-index', table: 'user', column: 'email' }),
    ]);
    expect(reading.sql).toBe(
      'create table `user` (`id` integer not null primary key autoincrement, `email` text not null, `name` text null);\n\n'
      + 'create unique index `user_email_unique` on `user` (`email`);',
    );
  });

  it('reads up and not down of a filled-in blank migration', async () => {
    const reading = await read(fixture('mikro-orm/Migration20261201110443.ts'), 'src/migrations/Migration20261201110443.ts');
    expect(reading.operations).toEqual([
      expect.objectContaining({ kind: 'add-column', table: 'user', column: 'age' }),
      expect.objectContaining({ kind: 'data', table: 'user' }),
    ]);
    expect(reading.sql).not.toMatch(/drop column/);
  });

  it('reads a Knex schema builder passed to addSql as Knex', async () => {
    const text = lines(
      "import { Migration } from '@mikro-orm/migrations';",
      'export class Migration20240101000000 extends Migration {',
      '  async up(): Promise<void> {',
      '    const knex = this.getKnex();',
      "    this.addSql(knex.schema.alterTable('book', (t) => { t.string('isbn', 13).notNullable(); }));",
      '  }',
      '}',
    );
    expect(await read(text, 'src/migrations/Migration20240101000000.ts')).toEqual({
      operations: [op('add-column', 'book', 'isbn', 'string(13) NOT NULL', { notNull: true })],
      sql: null,
      unparsed: [],
    });
  });
});
