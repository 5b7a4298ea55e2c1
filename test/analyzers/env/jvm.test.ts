import { describe, expect, it } from 'vitest';
import { jvmExtractor } from '../../../analyzers/env/extractors/jvm.js';
import { expectClean, lines, read } from './extractor-cases.js';

describe('java env reads', () => {
  const source = lines(
    'class Config {',
    '  // System.getenv("IN_COMMENT")',
    '  String url = System.getenv("DATABASE_URL");',
    '  String port = Optional.ofNullable(System.getenv("PORT")).orElse("8080");',
    '  String host = System.getenv().getOrDefault("HOST", "localhost");',
    '  String key = System.getenv().get("API_KEY");',
    '  boolean debug = System.getenv("DEBUG") != null;',
    '  String text = "System.getenv(\\"IN_STRING\\")";',
    '  String region = Objects.requireNonNullElse(System.getenv("REGION"), "eu-west-1");',
    '  String token = Optional.ofNullable(System.getenv("TOKEN")).orElseThrow();',
    '  String name = System.getenv(variableName);',
    '  String block = """',
    '      System.getenv("IN_TEXT_BLOCK")',
    '      """;',
    '  boolean has = System.getenv().containsKey("FEATURE");',
    '  Map<String, String> all = System.getenv();',
    '  String level = Optional.ofNullable(System.getenv("LEVEL")).map(String::trim).orElseGet(() -> "info");',
    '}',
  );
  const extraction = jvmExtractor.extract(source, 'src/main/java/Config.java');

  it('reads every pattern with its line, required flag and literal default', () => {
    expect(extraction.references).toEqual([
      read('DATABASE_URL', 3, true),
      read('PORT', 4, false, '8080'),
      read('HOST', 5, false, 'localhost'),
      read('API_KEY', 6, true),
      read('DEBUG', 7, false),
      read('REGION', 9, false, 'eu-west-1'),
      read('TOKEN', 10, true),
      read('FEATURE', 15, false),
      read('LEVEL', 17, false, 'info'),
    ]);
    expectClean(extraction);
  });

  it('reports a computed name as a dynamic read, and not the whole-map System.getenv()', () => {
    expect(extraction.dynamic).toEqual([{ line: 11, expression: 'System.getenv(variableName)' }]);
  });
});

describe('kotlin env reads', () => {
  const source = lines(
    '/* outer /* nested */ System.getenv("IN_NESTED") */',
    'val url = System.getenv("DATABASE_URL")',
    'val port = System.getenv("PORT") ?: "8080"',
    'val host = System.getenv("HOST") ?: error("HOST is required")',
    'val region = System.getenv()["REGION"]',
    'val banner = "Running in ${System.getenv("STAGE")}"',
    'val text = "System.getenv(\\"IN_STRING\\")"',
    'val debug = System.getenv("DEBUG")?.toBoolean()',
    'val name = System.getenv("USER_NAME").orEmpty()',
    'val raw = """System.getenv("IN_RAW")"""',
  );

  it('reads elvis defaults, safe calls and templates', () => {
    const extraction = jvmExtractor.extract(source, 'build.gradle.kts');
    expect(extraction.references).toEqual([
      read('DATABASE_URL', 2, true),
      read('PORT', 3, false, '8080'),
      read('HOST', 4, true),
      read('REGION', 5, true),
      read('STAGE', 6, true),
      read('DEBUG', 8, false),
      read('USER_NAME', 9, false, ''),
    ]);
    expectClean(extraction);
  });

  it('matches Java and Kotlin sources', () => {
    expect(['A.java', 'B.kt', 'build.gradle.kts', 'build.gradle', 'A.class'].map(jvmExtractor.matches)).toEqual([true, true, true, false, false]);
  });
});
