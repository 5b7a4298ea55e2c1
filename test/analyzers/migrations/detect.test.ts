/** Which files are migrations, of which framework; the locations configuration names; dialects and commands. */
import { describe, expect, it } from 'vitest';
import { applyCommand, configuredLocations, migrationKindOf } from '../../../analyzers/migrations/detect.js';
import { sqlFrameworkOf } from '../../../analyzers/migrations/dialects.js';

describe('migrationKindOf', () => {
  it.each([
    ['prisma/migrations/20240101000000_init/migration.sql', 'prisma', 'sql'],
    ['apps/api/prisma/migrations/20240101_x/migration.sql', 'prisma', 'sql'],
    ['supabase/migrations/20240101_add_profiles.sql', 'supabase', 'sql'],
    ['drizzle/0003_brave_thor.sql', 'drizzle', 'sql'],
    ['src/main/resources/db/migration/V2__add_email.sql', 'flyway', 'sql'],
    ['src/main/resources/db/migration/V2_1__fix.sql', 'flyway', 'sql'],
    ['src/main/resources/db/migration/R__views.sql', 'flyway', 'sql'],
    ['migrations/000003_add_index.up.sql', 'golang-migrate', 'sql'],
    ['db/migrate/20240101000000_create_posts.rb', 'rails', 'rails'],
    ['shop/migrations/0002_order_total.py', 'django', 'django'],
    ['alembic/versions/3f2a1b_add_users.py', 'alembic', 'alembic'],
    ['src/main/resources/db/changelog/db.changelog-1.0.yaml', 'liquibase', 'liquibase'],
    ['migrations/20240101_create_users.js', 'javascript', 'javascript'],
    ['src/migrations/1700000000000-AddUsers.ts', 'javascript', 'javascript'],
    ['db/migrations/20240101_add.sql', 'sql', 'sql'],
  ])('takes %s as %s (read by %s)', (path, framework, reader) => {
    expect(migrationKindOf(path)).toEqual({ framework, reader });
  });

  it.each([
    'migrations/000003_add_index.down.sql', 'src/migrations/index.ts', 'src/migrations/users.test.ts', 'shop/migrations/__init__.py',
    'src/types/migrations.d.ts', 'docs/migrations.md', 'src/db/schema.sql', 'scripts/seed.js',
  ])('leaves %s alone', (path) => {
    expect(migrationKindOf(path)).toBeNull();
  });

  it('takes the folders configuration names before the conventions', () => {
    const configured = configuredLocations(new Map([
      ['knexfile.ts', "export default { client: 'pg', migrations: { directory: './db/knex-migrations', extension: 'ts' } };"],
      ['server/.sequelizerc', "module.exports = { 'migrations-path': path.resolve('db', 'changes') };"],
      ['alembic.ini', '[alembic]\nscript_location = db/alembic\n'],
      ['flyway.conf', 'flyway.locations=filesystem:sql/releases\n'],
    ]));
    expect(configured).toEqual({ javascript: ['db/knex-migrations', 'server/db/changes'], alembic: ['db/alembic'], flyway: ['sql/releases'], declared: [] });
    expect(migrationKindOf('db/knex-migrations/20240101_users.ts', configured)).toEqual({ framework: 'javascript', reader: 'javascript' });
    expect(migrationKindOf('server/db/changes/20240101-users.js', configured)).toEqual({ framework: 'javascript', reader: 'javascript' });
    expect(migrationKindOf('db/alembic/versions/abc_users.py', configured)).toEqual({ framework: 'alembic', reader: 'alembic' });
    expect(migrationKindOf('sql/releases/2024_01_users.sql', configured)).toEqual({ framework: 'flyway', reader: 'sql' });
  });
});

describe('frameworks told by their text, and commands', () => {
  it('tells dbmate and goose files apart from plain SQL by their markers', () => {
    expect(sqlFrameworkOf('sql', '-- migrate:up\ncreate table a (id int);\n-- migrate:down\n')).toBe('dbmate');
    expect(sqlFrameworkOf('sql', '-- +goose Up\nCREATE TABLE a (id int);\n')).toBe('goose');
    expect(sqlFrameworkOf('sql', 'CREATE TABLE a (id int);\n')).toBe('sql');
  });

  it("gives each framework's apply command, none for plain SQL", () => {
    expect(applyCommand('prisma', 'prisma/migrations/x/migration.sql')).toBe('npx prisma migrate deploy');
    expect(applyCommand('golang-migrate', 'db/migrations/1_a.up.sql')).toBe('migrate -path db/migrations -database "$DATABASE_URL" up');
    expect(applyCommand('rails', 'db/migrate/1_a.rb')).toBe('bin/rails db:migrate');
    expect(applyCommand('sql', 'migrations/1.sql')).toBeNull();
  });
});
