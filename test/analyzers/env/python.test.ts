import { describe, expect, it } from 'vitest';
import { pythonExtractor } from '../../../analyzers/env/extractors/python.js';
import { expectClean, lines, read } from './extractor-cases.js';

const extract = (text: string) => pythonExtractor.extract(text, 'app/settings.py');

describe('python env reads', () => {
  const source = lines(
    'import os',
    'from os import environ as env, getenv',
    '',
    "DATABASE_URL = os.environ['DATABASE_URL']",
    'PORT = os.environ.get("PORT", "8000")',
    "DEBUG = os.getenv('DEBUG')",
    "REGION = getenv('REGION', default='eu-west-1')",
    'TOKEN = env["API_TOKEN"]',
    "os.environ.setdefault('LOG_LEVEL', 'info')",
    'WORKERS = int(os.getenv("WORKERS", 4))',
    "if 'FEATURE_X' in os.environ:",
    '    pass',
    "HOST = os.environ.get('HOST') or 'localhost'",
    "# os.environ['IN_COMMENT']",
    `text = "os.getenv('IN_STRING')"`,
    'doc = """',
    "os.environ['IN_DOCSTRING']",
    '"""',
    "os.environ['WRITTEN'] = '1'",
    "del os.environ['DELETED']",
    "key = 'X'",
    'os.environ[key]',
    "os.getenv(f'PREFIX_{key}')",
    `greeting = f"hello {os.environ['USER_NAME']}"`,
    'value = os.environ.get(',
    "    'MULTI_LINE',  # a comment with os.getenv('NOPE')",
    "    'fallback',",
    ')',
    "SECRET = os.environ.pop('ONE_TIME_TOKEN')",
    "os.getenv('not-a-name')",
    "x = os.environ.get('CACHE_TTL', None)",
  );

  it('reads every pattern with its line, required flag and literal default', () => {
    expect(extract(source).references).toEqual([
      read('DATABASE_URL', 4, true),
      read('PORT', 5, false, '8000'),
      read('DEBUG', 6, false),
      read('REGION', 7, false, 'eu-west-1'),
      read('API_TOKEN', 8, true),
      read('LOG_LEVEL', 9, false, 'info'),
      read('WORKERS', 10, false, '4'),
      read('FEATURE_X', 11, false),
      read('HOST', 13, false, 'localhost'),
      read('USER_NAME', 24, true),
      read('MULTI_LINE', 25, false, 'fallback'),
      read('ONE_TIME_TOKEN', 29, true),
      read('CACHE_TTL', 31, false),
    ]);
    expectClean(extract(source));
  });

  it('reports computed keys as dynamic reads, as written', () => {
    expect(extract(source).dynamic).toEqual([
      { line: 22, expression: 'os.environ[key]' },
      { line: 23, expression: "os.getenv(f'PREFIX_{key}')" },
    ]);
  });

  it('ignores bare environ and getenv when they were not imported from os', () => {
    const text = lines("environ['A']", "getenv('B')", 'import os as system', "system.getenv('C')");
    expect(extract(text).references).toEqual([read('C', 4, false)]);
  });

  it('does not mistake a string prefix for the end of an identifier', () => {
    // `bar'...'` is not a string: only a quote after a prefix letter at a word start opens one.
    const text = lines("value = os.environ['A']  # it's", "other = os.getenv('B')");
    expect(extract(text).references.map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('matches .py and .pyw files only', () => {
    expect(['a.py', 'scripts/b.pyw', 'a.pyc', 'a.pyi.txt'].map(pythonExtractor.matches)).toEqual([true, true, false, false]);
  });
});

describe('python settings classes (pydantic-settings)', () => {
  const source = lines(
    'from typing import ClassVar',
    'from pydantic import Field',
    'from pydantic_settings import BaseSettings, SettingsConfigDict',
    '',
    'class Settings(BaseSettings):',
    '    """Settings read from the environment.',
    '    NOT_A_FIELD: str',
    '    """',
    '    model_config = SettingsConfigDict(env_file=".env", extra="ignore")',
    '    SECRET_KEY: str',
    '    api_v1_str: str = "/api/v1"',
    '    POSTGRES_PORT: int = 5432',
    '    TOKEN_MINUTES: int = 60 * 24',
    '    SENTRY_DSN: HttpUrl | None = None',
    '    # COMMENTED_OUT: str',
    '    REDIS_URL: str = Field(default="redis://localhost:6379")',
    '    WORKERS: int = Field(4, ge=1)',
    '    db_url: str = Field(..., validation_alias="DATABASE_URL")',
    '    _cache: dict = {}',
    '    LIMITS: ClassVar[int] = 3',
    '',
    '    def helper(self) -> str:',
    '        local: str = "not a field"',
    '        return local',
    '',
    'class WorkerSettings(Settings):',
    '    class Config:',
    '        env_prefix = "worker_"',
    '    concurrency: int = 2',
    '',
    'class Plain:',
    '    NOT_SETTINGS: str',
    '',
  );

  it('reads each field of a BaseSettings class as the variable of its name, with its default and prefix', () => {
    expect(extract(source).references).toEqual([
      read('SECRET_KEY', 10, true),
      read('API_V1_STR', 11, false, '/api/v1'),
      read('POSTGRES_PORT', 12, false, '5432'),
      read('TOKEN_MINUTES', 13, false),
      read('SENTRY_DSN', 14, false),
      read('REDIS_URL', 16, false, 'redis://localhost:6379'),
      read('WORKERS', 17, false, '4'),
      read('DATABASE_URL', 18, true),
      read('WORKER_CONCURRENCY', 29, false, '2'),
    ]);
  });

  it('keeps the case of names when the class is case sensitive', () => {
    const text = lines(
      'from pydantic_settings import BaseSettings, SettingsConfigDict',
      'class S(BaseSettings):',
      '    model_config = SettingsConfigDict(env_prefix="app_", case_sensitive=True)',
      '    mixedCase: str',
    );
    expect(extract(text).references).toEqual([read('app_mixedCase', 4, true)]);
  });
});
