import { describe, expect, it } from 'vitest';
import { rustExtractor } from '../../../analyzers/env/extractors/rust.js';
import { expectClean, lines, read } from './extractor-cases.js';

const extract = (text: string) => rustExtractor.extract(text, 'src/main.rs');

describe('rust env reads', () => {
  const source = lines(
    'use std::env;',
    '',
    '// env::var("IN_COMMENT")',
    '/* outer /* nested */ env::var("IN_NESTED_COMMENT") */',
    'fn main() {',
    '    let url = env::var("DATABASE_URL").expect("DATABASE_URL must be set");',
    '    let port = std::env::var("PORT").unwrap_or("8080".to_string());',
    '    let host = env::var("HOST").unwrap_or_else(|_| "localhost".into());',
    '    let debug = env::var("DEBUG").is_ok();',
    '    let level = env::var_os("LOG_LEVEL");',
    '    let version = env!("CARGO_PKG_VERSION");',
    '    let commit = option_env!("GIT_COMMIT").unwrap_or("unknown");',
    '    let s = "env::var(\\"IN_STRING\\")";',
    '    let r = r#"env!("IN_RAW")"#;',
    '    let key = "X";',
    '    let _ = env::var(key);',
    '    if let Ok(token) = env::var("API_TOKEN") {}',
    '    let workers: usize = env::var("WORKERS").ok().and_then(|v| v.parse().ok()).unwrap_or(4);',
    "    let c = 'a'; fn f<'a>(x: &'a str) -> &'a str { x }",
    '    let region = dotenvy::var("REGION")?;',
    '    let profile = option_env!("PROFILE");',
    '    let name = env::var("APP_NAME").unwrap_or(String::from("app"));',
    '}',
  );

  it('reads every pattern with its line, required flag and literal default', () => {
    expect(extract(source).references).toEqual([
      read('DATABASE_URL', 6, true),
      read('PORT', 7, false, '8080'),
      read('HOST', 8, false, 'localhost'),
      read('DEBUG', 9, false),
      read('LOG_LEVEL', 10, true),
      read('CARGO_PKG_VERSION', 11, true),
      read('GIT_COMMIT', 12, false, 'unknown'),
      read('API_TOKEN', 17, false),
      read('WORKERS', 18, false, '4'),
      read('REGION', 20, true),
      read('PROFILE', 21, false),
      read('APP_NAME', 22, false, 'app'),
    ]);
    expectClean(extract(source));
  });

  it('reports a computed name as a dynamic read', () => {
    expect(extract(source).dynamic).toEqual([{ line: 16, expression: 'env::var(key)' }]);
  });

  it('does not take dotenv! or a method named var for env reads', () => {
    const text = lines('let a = my_dotenv!("A");', 'let b = config.var("B");', 'let c = self::env::var("C");');
    expect(extract(text).references).toEqual([]);
  });

  it('matches .rs files', () => {
    expect(['src/lib.rs', 'build.rs', 'Cargo.toml'].map(rustExtractor.matches)).toEqual([true, true, false]);
  });
});
