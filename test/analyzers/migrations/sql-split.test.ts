/** Statement splitting traps and the leading-words fallback, without a parser. */
import { describe, expect, it } from 'vitest';
import { recogniseByWords } from '../../../analyzers/migrations/readers/sql-fallback.js';
import { findUpSection, splitStatements } from '../../../analyzers/migrations/readers/sql-split.js';

const texts = (sql: string, dialect: 'postgresql' | 'mysql' | 'sqlite' | null = 'postgresql') => splitStatements(sql, { dialect }).map((s) => s.text);

describe('splitStatements', () => {
  it('does not split at semicolons in strings, quoted names, comments or E-strings', () => {
    expect(texts(`INSERT INTO t VALUES ('a;b', 'it''s;'); -- c;d\nSELECT "x;y" /* e; /* nested; */ f; */ FROM t; SELECT E'\\';';`)).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s;')",
      'SELECT "x;y" /* e; /* nested; */ f; */ FROM t',
      "SELECT E'\\';'",
    ]);
  });

  it('keeps $$ and $tag$ bodies whole but not $1 parameters', () => {
    expect(texts('DO $$ BEGIN PERFORM 1; END $$; CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; PREPARE p AS SELECT $1; SELECT 2')).toEqual([
      'DO $$ BEGIN PERFORM 1; END $$',
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql',
      'PREPARE p AS SELECT $1',
      'SELECT 2',
    ]);
  });

  it('follows MySQL DELIMITER, backslash escapes and # comments', () => {
    const sql = "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 'a\\'; b'; END //\nDELIMITER ;\n# note; here\nSELECT 1;";
    expect(texts(sql, 'mysql')).toEqual(["CREATE PROCEDURE p() BEGIN SELECT 'a\\'; b'; END", 'SELECT 1']);
  });

  it('keeps a routine body with BEGIN … END and END IF together', () => {
    expect(texts('CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET c = CASE WHEN 1 THEN 2 END; END; SELECT 1;', 'sqlite')).toEqual([
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET c = CASE WHEN 1 THEN 2 END; END',
      'SELECT 1',
    ]);
  });

  it('gives each statement the line of its first word, after leading comments', () => {
    expect(splitStatements('-- CreateTable\nCREATE TABLE a (id int);\n\n/* x */\n  DROP TABLE b;', { dialect: null })).toEqual([
      { text: 'CREATE TABLE a (id int)', line: 2 },
      { text: 'DROP TABLE b', line: 5 },
    ]);
  });
});

describe('findUpSection', () => {
  it('cuts dbmate and goose down sections, and keeps a file without markers whole', () => {
    const dbmate = '-- migrate:up\nA;\n-- migrate:down\nB;\n';
    const goose = '-- +goose Up\nA;\n-- +goose Down\nB;\n';
    for (const text of [dbmate, goose]) {
      const { start, end } = findUpSection(text);
      expect(text.slice(start, end).trim()).toBe('A;');
    }
    expect(findUpSection('A;\nB;')).toEqual({ start: 0, end: 5 });
  });
});

describe('recogniseByWords', () => {
  it.each([
    ['CREATE TABLE IF NOT EXISTS "public"."Users" (id serial', 'create-table', 'public.Users', null],
    ['ALTER TABLE ONLY `users` ADD COLUMN IF NOT EXISTS `age` int ?', 'add-column', 'users', 'age'],
    ['ALTER TABLE users DROP CONSTRAINT users_fk ??', 'drop-constraint', 'users', null],
    ['ALTER TABLE users ALTER COLUMN age SET COMPRESSION lz4 ??', 'alter-column', 'users', 'age'],
    ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY public.t USING foo ((', 'add-index', 'public.t', null],
    ['UPDATE "users" SET x = ((', 'data', 'users', null],
    ['VACUUM ANALYZE users', 'other', null, null],
  ])('%s', (statement, kind, table, column) => {
    expect(recogniseByWords(statement)).toMatchObject({ kind, table, column });
  });
});
