import { describe, expect, it } from 'vitest';
import { prismaExtractor } from '../../../analyzers/env/extractors/prisma.js';
import { lines, read } from './extractor-cases.js';

const extract = (text: string) => prismaExtractor.extract(text, 'prisma/schema.prisma');

describe('prisma env reads', () => {
  it('reads env("X") in datasource and generator blocks as required, and skips comments and strings', () => {
    const schema = lines(
      'generator client {',
      '  provider = "prisma-client-js"',
      '  output   = env("PRISMA_CLIENT_OUT")',
      '}',
      '',
      '// url = env("IN_COMMENT")',
      '/// env("IN_DOC_COMMENT")',
      'datasource db {',
      '  provider     = "postgresql"',
      '  url          = env("DATABASE_URL")',
      '  directUrl    = env( "DIRECT_URL" ) // the pooler bypass',
      '  relationMode = "env(\\"IN_STRING\\")"',
      '}',
      'model User {',
      '  id    Int    @id @default(autoincrement())',
      '  env   String @default("production")',
      '}',
    );
    expect(extract(schema)).toEqual({
      references: [read('PRISMA_CLIENT_OUT', 3, true), read('DATABASE_URL', 10, true), read('DIRECT_URL', 11, true)],
      dynamic: [],
    });
  });

  it('reads only .prisma files', () => {
    expect(prismaExtractor.matches('prisma/schema.prisma')).toBe(true);
    expect(prismaExtractor.matches('prisma/schema/user.prisma')).toBe(true);
    expect(prismaExtractor.matches('prisma/migrations/1_init/migration.sql')).toBe(false);
  });
});
