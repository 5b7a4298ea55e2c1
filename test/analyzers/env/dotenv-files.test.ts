import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { dotenvExtractor } from '../../../analyzers/env/extractors/dotenv-files.js';
import { ENV_NAME } from '../../../analyzers/env/model.js';
import { declared, expectClean, lines } from './extractor-cases.js';

const extract = (text: string) => dotenvExtractor.extract(text, '.env');
/** dotenv's own parser as the oracle for which keys a file declares (its values are never looked at). */
const dotenvKeys = (text: string) => Object.keys(parse(text)).filter((key) => ENV_NAME.test(key));
const names = (text: string) => [...new Set(extract(text).references.map((r) => r.name))];

describe('dotenv files', () => {
  const source = lines(
    '# comment DATABASE_URL_IN_COMMENT=1',
    'DATABASE_URL=postgres://user:hunter2@localhost/db',
    'export API_KEY="hunter2"',
    '',
    'PRIVATE_KEY="-----BEGIN KEY-----',
    'hunter2',
    'NOT_A_KEY=inside-the-value',
    '-----END KEY-----"',
    'PORT: 8080',
    'EMPTY=',
    'my.dotted=1',
    'SPACED = value # trailing comment hunter2',
    "SINGLE='multi",
    "line hunter2'",
    '  INDENTED=hunter2',
  );

  it('reads keys with their lines, never values', () => {
    expect(extract(source).references).toEqual([
      declared('DATABASE_URL', 'example', 2),
      declared('API_KEY', 'example', 3),
      declared('PRIVATE_KEY', 'example', 5),
      declared('PORT', 'example', 9),
      declared('EMPTY', 'example', 10),
      declared('SPACED', 'example', 12),
      declared('SINGLE', 'example', 13),
      declared('INDENTED', 'example', 15),
    ]);
    expectClean(extract(source), ['hunter2', 'postgres', '8080', 'BEGIN KEY']);
    expect(extract(source).dynamic).toEqual([]);
  });

  it('declares the keys dotenv parses', () => {
    const cases = [
      source,
      lines('A="unterminated', 'B=2', 'C="x"'),
      lines('A="closes" trailing', 'B=1'),
      lines('A=`multi', 'B=inside`', 'C=3'),
      lines('A="escaped \\" quote', 'B=inside"', 'C=3'),
      lines('export  A=1', 'exported B=2', 'C : 3', 'D:4', 'E: 5'),
      lines('A=1 # B=2', '#C=3', '   # D=4', 'E="x" # F=6'),
    ];
    for (const text of cases) expect(names(text)).toEqual(dotenvKeys(text));
  });

  it('matches dotenv files and their examples, not code or key stores named like them', () => {
    const yes = ['.env', '.env.local', '.env.production', '.env.example', 'apps/web/.env.sample', '.env.template', '.env.dist', 'example.env', 'docker/app.env', 'web.env.example'];
    const no = ['.env.vault', '.env.keys', 'src/.env.ts', '.env.json', 'env.d.ts', '.envrc', 'environment.ts', '.env.yml'];
    expect(yes.filter((path) => !dotenvExtractor.matches(path))).toEqual([]);
    expect(no.filter((path) => dotenvExtractor.matches(path))).toEqual([]);
  });
});
