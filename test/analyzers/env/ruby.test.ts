import { describe, expect, it } from 'vitest';
import { rubyExtractor } from '../../../analyzers/env/extractors/ruby.js';
import { expectClean, lines, read } from './extractor-cases.js';

const extract = (text: string) => rubyExtractor.extract(text, 'config/initializers/app.rb');

describe('ruby env reads', () => {
  const source = lines(
    "# ENV['IN_COMMENT']",
    "database_url = ENV['DATABASE_URL']",
    "port = ENV.fetch('PORT', '3000')",
    'secret = ENV.fetch("SECRET_KEY_BASE")',
    "region = ENV.fetch('REGION') { 'us-east-1' }",
    "host = ENV['HOST'] || 'localhost'",
    "ENV['WRITTEN'] = 'x'",
    "enabled = ENV.key?('FEATURE_FLAG')",
    `label = "ENV['IN_STRING']"`,
    `greeting = "Hello #{ENV['USER_NAME']}"`,
    "timeout = ENV.fetch 'TIMEOUT', 30",
    '=begin',
    "ENV['IN_BLOCK_COMMENT']",
    '=end',
    'sql = <<~SQL',
    "  SELECT ENV['IN_HEREDOC']",
    'SQL',
    "name = 'X'",
    'ENV[name]',
    "ENV['CACHE_URL'] ||= 'redis://localhost'",
    "ENV['OPTIONAL']&.split(',')",
    "words = %w[ENV['IN_WORDS']]",
    "::ENV['ROOTED']",
    'workers = ENV.fetch(\'WORKERS\') { |key| raise "#{key} missing" }',
    "pattern = /ENV['IN_REGEX']/",
    "ratio = total / count # ENV['AFTER_DIVISION']",
    "last = ENV['LAST']",
  );

  it('reads every pattern with its line, required flag and literal default', () => {
    expect(extract(source).references).toEqual([
      read('DATABASE_URL', 2, true),
      read('PORT', 3, false, '3000'),
      read('SECRET_KEY_BASE', 4, true),
      read('REGION', 5, false, 'us-east-1'),
      read('HOST', 6, false, 'localhost'),
      read('FEATURE_FLAG', 8, false),
      read('USER_NAME', 10, true),
      read('TIMEOUT', 11, false, '30'),
      read('CACHE_URL', 20, false, 'redis://localhost'),
      read('OPTIONAL', 21, false),
      read('ROOTED', 23, true),
      read('WORKERS', 24, false),
      read('LAST', 27, true),
    ]);
    expectClean(extract(source));
  });

  it('reports a computed name as a dynamic read', () => {
    expect(extract(source).dynamic).toEqual([{ line: 19, expression: 'ENV[name]' }]);
  });

  it('reads fetch without parentheses up to a modifier', () => {
    const text = lines("ENV.fetch 'A' if defined?(x)", "x = ENV.fetch('B') do |k| 'd' end");
    expect(extract(text).references).toEqual([read('A', 1, true), read('B', 2, false)]);
  });

  it('matches Ruby sources and the Ruby-syntax files without an extension', () => {
    const paths = ['app/models/user.rb', 'lib/tasks/db.rake', 'Rakefile', 'Gemfile', 'x.gemspec', 'config.ru', 'Gemfile.lock', 'ruby.md'];
    expect(paths.map(rubyExtractor.matches)).toEqual([true, true, true, true, true, true, false, false]);
  });
});
