import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MigrationSyntaxError, type SchemaOperation } from '../../../analyzers/migrations/model.js';
import { diffPrismaSchemas } from '../../../analyzers/migrations/readers/prisma-schema.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/migrations/prisma/${name}`, import.meta.url), 'utf8');
const lines = (...text: string[]): string => text.join('\n') + '\n';
const op = (kind: SchemaOperation['kind'], table: string | null, column: string | null, detail: string | null, more: Partial<SchemaOperation> = {}): SchemaOperation => ({
  kind,
  table,
  column,
  detail,
  ...more,
});

describe('prisma schema diff', () => {
  it('reads the changes of one prisma migrate dev run', () => {
    expect(diffPrismaSchemas(fixture('schema.before.prisma'), fixture('schema.after.prisma'))).toEqual([
      op('alter-enum', 'Role', null, '+ EDITOR'),
      op('drop-column', 'users', 'legacy_id', null),
      op('alter-column', 'users', 'name', 'String NULL → VarChar(120) NOT NULL DEFAULT ""', { notNull: true }),
      op('add-column', 'users', 'nick_name', 'String NULL', { notNull: false }),
      op('add-index', 'users', null, '(name, created_at)'),
      op(
        'create-table',
        'posts',
        null,
        '(id Int NOT NULL DEFAULT autoincrement() PRIMARY KEY, title String NOT NULL, published Boolean NOT NULL DEFAULT false, author_id Int NOT NULL)',
      ),
      op('add-index', 'posts', null, '(author_id, title) UNIQUE'),
      op('add-constraint', 'posts', 'author_id', 'FOREIGN KEY (author_id) REFERENCES users (id)'),
      op('drop-table', 'Session', null, null),
      op('drop-enum', 'Plan', null, null),
    ]);
  });

  it('reads a first schema as all tables and enums created', () => {
    const schema = lines('enum Color {', '  RED', '  GREEN @map("green")', '  @@map("colors")', '}', '', 'model Tag {', '  id    Int   @id', '  color Color @default(RED)', '}');
    expect(diffPrismaSchemas(null, schema)).toEqual([
      op('create-enum', 'colors', null, 'RED, green'),
      op('create-table', 'Tag', null, '(id Int NOT NULL PRIMARY KEY, color colors NOT NULL DEFAULT RED)'),
    ]);
  });

  it('reads a new required field with a default, @unique added and removed, and a relation dropped', () => {
    const before = lines(
      'model Account {',
      '  id      Int    @id',
      '  code    String @unique',
      '  ownerId Int',
      '  owner   Owner  @relation(fields: [ownerId], references: [id])',
      '}',
      'model Owner {',
      '  id       Int       @id',
      '  accounts Account[]',
      '}',
    );
    const after = lines('model Account {', '  id      Int    @id', '  code    String', '  slug    String @unique @default("")', '  ownerId Int', '}', 'model Owner {', '  id Int @id', '}');
    expect(diffPrismaSchemas(before, after)).toEqual([
      op('add-column', 'Account', 'slug', 'String NOT NULL DEFAULT ""', { notNull: true, hasDefault: true }),
      op('drop-index', 'Account', 'code', '(code) UNIQUE'),
      op('add-index', 'Account', 'slug', '(slug) UNIQUE'),
      op('drop-constraint', 'Account', 'ownerId', 'FOREIGN KEY (ownerId) REFERENCES Owner (id)'),
    ]);
  });

  it('reports no foreign key when relationMode = "prisma" keeps relations out of the database', () => {
    const schema = (extra: string) => lines('datasource db {', '  provider     = "mysql"', '  relationMode = "prisma"', '}', 'model User {', '  id Int @id', '}', extra);
    const post = lines('model Post {', '  id     Int  @id', '  userId Int', '  user   User @relation(fields: [userId], references: [id])', '  @@index([userId])', '}');
    expect(diffPrismaSchemas(schema(''), schema(post)).map((o) => [o.kind, o.table, o.column])).toEqual([
      ['create-table', 'Post', null],
      ['add-index', 'Post', 'userId'],
    ]);
  });

  it('reads an empty list default (`@default([])`) without failing', () => {
    const after = lines('model Secret {', '  id    String   @id @default(cuid())', '  codes String[] @default([])', '}');
    expect(diffPrismaSchemas(null, after)).toEqual([op('create-table', 'Secret', null, '(id String NOT NULL DEFAULT cuid() PRIMARY KEY, codes String[] NOT NULL DEFAULT [])')]);
  });

  it('does not report comments, formatting or relation-only changes', () => {
    const before = lines('model A {', '  id Int @id', '  b  B[]', '}', 'model B {', '  id  Int @id', '  aId Int', '  a   A   @relation(fields: [aId], references: [id])', '}');
    const after = lines('// model Dropped { id Int @id }', 'model A {', '  id    Int @id', '  items B[] // renamed relation field, no column', '}', 'model B {', '  id  Int @id', '  aId Int', '  a   A   @relation(fields: [aId], references: [id])', '}');
    expect(diffPrismaSchemas(before, after)).toEqual([]);
  });

  it('throws MigrationSyntaxError for a schema that does not parse', () => {
    expect(() => diffPrismaSchemas(null, 'model User {\n  id Int @id\n')).toThrow(MigrationSyntaxError);
    expect(() => diffPrismaSchemas('model { x', 'model User {\n  id Int @id\n}\n')).toThrow(/previous schema.prisma does not parse/);
  });
});
