import { describe, expect, it } from 'vitest';
import { goExtractor } from '../../../analyzers/env/extractors/go.js';
import { expectClean, lines, read } from './extractor-cases.js';

const extract = (text: string) => goExtractor.extract(text, 'cmd/server/main.go');

describe('go env reads', () => {
  const source = lines(
    'package main',
    '',
    'import (',
    '\t"os"',
    '\t"syscall"',
    ')',
    '',
    '// os.Getenv("IN_COMMENT")',
    '/* os.LookupEnv("IN_BLOCK") */',
    'func main() {',
    '\tdsn := os.Getenv("DATABASE_URL")',
    '\tif v, ok := os.LookupEnv("PORT"); ok {',
    '\t\t_ = v',
    '\t}',
    '\tcache, _ := syscall.Getenv("CACHE_DIR")',
    '\tmsg := "os.Getenv(\\"IN_STRING\\")"',
    '\traw := `os.Getenv("IN_RAW")`',
    '\tkey := "X"',
    '\t_ = os.Getenv(key)',
    '\tpath := os.ExpandEnv("$CONFIG_DIR/${APP_NAME}.yaml")',
    '\t_ = os.Getenv(`RAW_NAME`)',
    "\tslash := '/' // os.Getenv(\"AFTER_RUNE\")",
    '\t_ = os.Getenv("LAST")',
    '}',
  );

  it('reads Getenv as required, LookupEnv and syscall.Getenv as optional, ExpandEnv templates as required', () => {
    expect(extract(source).references).toEqual([
      read('DATABASE_URL', 11, true),
      read('PORT', 12, false),
      read('CACHE_DIR', 15, false),
      read('CONFIG_DIR', 20, true),
      read('APP_NAME', 20, true),
      read('RAW_NAME', 21, true),
      read('LAST', 23, true),
    ]);
    expectClean(extract(source));
  });

  it('reports a computed name as a dynamic read', () => {
    expect(extract(source).dynamic).toEqual([{ line: 19, expression: 'os.Getenv(key)' }]);
  });

  it('places names of a multi-line raw ExpandEnv template on their own lines', () => {
    const text = lines('package main', 'var s = os.ExpandEnv(`', 'host=$DB_HOST', 'port=${DB_PORT}`)');
    expect(extract(text).references).toEqual([read('DB_HOST', 3, true), read('DB_PORT', 4, true)]);
  });

  it('matches .go files, tests included', () => {
    expect(['main.go', 'pkg/x_test.go', 'go.mod'].map(goExtractor.matches)).toEqual([true, true, false]);
  });
});
