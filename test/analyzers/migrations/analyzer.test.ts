/**
 * The migrations analyzer on a real repository holding Prisma, Knex (in the folder its knexfile
 * names), Rails and Django migrations, changed between two tags in the ways reviewers ask about:
 * migrations added, one edited after it shipped, one deleted, a NOT NULL column without a default,
 * a dropped table, schema.prisma's models, and a statement no SQL parser reads.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsAnalyzer } from '../../../analyzers/migrations/index.js';
import type { Migration } from '../../../src/facts/schema.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer, type AnalyzerRun } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let run: AnalyzerRun;
const lines = (...text: string[]) => text.join('\n') + '\n';
const byPath = (path: string): Migration => run.facts.migrations!.find((m) => m.path === path)!;

const SCHEMA_V1 = lines('datasource db {', '  provider = "postgresql"', '  url      = env("DATABASE_URL")', '}', '', 'model User {', '  id   Int    @id @default(autoincrement())', '  name String', '}');
const RAILS_V1 = lines('class CreatePosts < ActiveRecord::Migration[7.1]', '  def change', '    create_table :posts do |t|', '      t.string :title', '      t.timestamps', '    end', '  end', 'end');

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('init', {
    'prisma/schema.prisma': SCHEMA_V1,
    'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    'prisma/migrations/20240101000000_init/migration.sql': lines('-- CreateTable', 'CREATE TABLE "User" (', '    "id" SERIAL NOT NULL,', '    "name" TEXT NOT NULL,', '    CONSTRAINT "User_pkey" PRIMARY KEY ("id")', ');', '', '-- CreateIndex', 'CREATE INDEX "User_name_idx" ON "User"("name");'),
    'knexfile.js': lines('module.exports = {', "  client: 'pg',", "  migrations: { directory: './db/knex' },", '};'),
    'db/knex/20240101_create_legacy.js': lines("exports.up = (knex) => knex.schema.createTable('legacy', (t) => { t.increments('id'); });", "exports.down = (knex) => knex.schema.dropTable('legacy');"),
    'db/migrate/20240101000000_create_posts.rb': RAILS_V1,
    'shop/migrations/0001_initial.py': lines('from django.db import migrations, models', '', 'class Migration(migrations.Migration):', '    initial = True', '    operations = [', "        migrations.CreateModel(name='Order', fields=[('id', models.AutoField(primary_key=True))]),", '    ]'),
    'shop/migrations/0002_old.py': lines('from django.db import migrations', '', 'class Migration(migrations.Migration):', "    dependencies = [('shop', '0001_initial')]", '    operations = []'),
  });
  repo.tag('v1');
  repo.commit('feat: emails, and cleanup', {
    'prisma/schema.prisma': SCHEMA_V1.replace('  name String\n', '  name  String\n  email String\n'),
    'prisma/migrations/20240201000000_add_email/migration.sql': lines('-- AlterTable', 'ALTER TABLE "User" ADD COLUMN "email" TEXT NOT NULL;', '', 'UPDATE "User" SET "name" = trim("name");', 'ALTER TABLE "User" FROBNICATE "name";', 'DROP INDEX "User_name_idx";'),
    'db/knex/20240201_drop_legacy.js': lines("exports.up = (knex) => knex.schema.dropTable('legacy');", "exports.down = () => {};"),
    'db/migrate/20240101000000_create_posts.rb': RAILS_V1.replace('      t.string :title\n', '      t.string :title, null: false\n'),
    'shop/migrations/0002_old.py': null,
  });
  run = await runAnalyzer(migrationsAnalyzer, repo.dir, { from: 'v1' });
});
afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

describe('migrations analyzer', () => {
  it('finds the migrations the range added, modified and deleted, by each framework convention and the knexfile', () => {
    expect(run.facts.migrations!.map((m) => `${m.change} ${m.framework} ${m.path}`)).toEqual([
      'added knex db/knex/20240201_drop_legacy.js',
      'modified rails db/migrate/20240101000000_create_posts.rb',
      'added prisma prisma/migrations/20240201000000_add_email/migration.sql',
      'modified prisma prisma/schema.prisma',
      'deleted django shop/migrations/0002_old.py',
    ]);
  });

  it('reads what each does, with the risks reviewers look for and the command that applies it', () => {
    expect(byPath('prisma/migrations/20240201000000_add_email/migration.sql')).toMatchObject({
      operations: [
        { kind: 'add-column', table: 'User', column: 'email', detail: expect.stringMatching(/^TEXT NOT NULL/i) },
        { kind: 'data', table: 'User' },
        { kind: 'other', table: 'User' },
        // PostgreSQL's DROP INDEX names no table: the migration that created the index does.
        { kind: 'drop-index', table: 'User', column: 'name', detail: 'User_name_idx' },
      ],
      destructive: false,
      risks: ['adds NOT NULL column User.email without a default: fails on a table that has rows'],
      command: 'npx prisma migrate deploy',
      sql: expect.stringContaining('ALTER TABLE "User" ADD COLUMN "email" TEXT NOT NULL;'),
    });
    expect(byPath('db/knex/20240201_drop_legacy.js')).toMatchObject({
      operations: [{ kind: 'drop-table', table: 'legacy', column: null }],
      destructive: true,
      risks: ['drops table legacy'],
      command: 'npx knex migrate:latest',
    });
    expect(byPath('db/migrate/20240101000000_create_posts.rb').risks).toEqual(['edited after it shipped in v1: databases that already ran it will not run it again']);
    expect(byPath('shop/migrations/0002_old.py')).toMatchObject({ risks: ['deleted: databases that ran it keep its changes, new ones will not get them'], destructive: false, command: 'python manage.py migrate' });
    expect(byPath('prisma/schema.prisma')).toMatchObject({ operations: [{ kind: 'add-column', table: 'User', column: 'email' }], risks: [], command: null });
  });

  it('warns, with the line, about a statement the PostgreSQL parser could not read', () => {
    expect(run.warnings).toEqual([
      { path: 'prisma/migrations/20240201000000_add_email/migration.sql', message: expect.stringMatching(/^prisma\/migrations\/20240201000000_add_email\/migration\.sql:5: a statement the SQL parser could not read/) },
    ]);
  });

  it('gives the same facts with the embedded engine', async () => {
    const embedded = await runAnalyzer(migrationsAnalyzer, repo.dir, { from: 'v1', engine: 'isomorphic' });
    expect(embedded.facts).toEqual(run.facts);
  });
});
