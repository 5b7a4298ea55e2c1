import { describe, expect, it } from 'vitest';
import { turboVercelExtractor } from '../../../analyzers/env/extractors/turbo-vercel.js';
import { EnvSyntaxError } from '../../../analyzers/env/model.js';
import { declared, expectClean, lines } from './extractor-cases.js';

describe('turbo.json', () => {
  const source = lines(
    '{',
    '  // turbo reads JSONC',
    '  "$schema": "https://turbo.build/schema.json",',
    '  "globalEnv": ["CI", "NEXT_PUBLIC_*", "!SKIPPED"],',
    '  "globalPassThroughEnv": ["AWS_SECRET"],',
    '  "globalDependencies": ["$LEGACY_GLOBAL", "tsconfig.json"],',
    '  "tasks": {',
    '    "build": {',
    '      "env": ["DATABASE_URL", "$OLD_STYLE"],',
    '      "passThroughEnv": ["SENTRY_TOKEN"],',
    '      "dependsOn": ["^build", "$DEP_VAR"]',
    '    }',
    '  },',
    '  "pipeline": { "lint": { "env": ["LINT_LEVEL"] } },',
    '}',
  );

  it('declares listed variables of turbo 1 and 2, without wildcards and exclusions', () => {
    expect(turboVercelExtractor.extract(source, 'turbo.json').references).toEqual([
      declared('CI', 'ci', 4),
      declared('AWS_SECRET', 'ci', 5),
      declared('LEGACY_GLOBAL', 'ci', 6),
      declared('DATABASE_URL', 'ci', 9),
      declared('OLD_STYLE', 'ci', 9),
      declared('SENTRY_TOKEN', 'ci', 10),
      declared('DEP_VAR', 'ci', 11),
      declared('LINT_LEVEL', 'ci', 14),
    ]);
  });

  it('throws EnvSyntaxError for a file that is not JSON', () => {
    expect(() => turboVercelExtractor.extract('{ "globalEnv": [ "A" ', 'turbo.json')).toThrow(EnvSyntaxError);
  });
});

describe('vercel.json', () => {
  it('declares env and build.env keys, never values', () => {
    const source = lines('{', '  "env": { "API_URL": "https://api.example.com", "SECRET": "@hunter2" },', '  "build": { "env": { "BUILD_FLAG": "1" } }', '}');
    const extraction = turboVercelExtractor.extract(source, 'apps/web/vercel.json');
    expect(extraction.references).toEqual([declared('API_URL', 'ci', 2), declared('SECRET', 'ci', 2), declared('BUILD_FLAG', 'ci', 3)]);
    expectClean(extraction, ['hunter2', 'api.example.com']);
  });

  it('matches turbo.json and vercel.json anywhere', () => {
    expect(['turbo.json', 'packages/a/turbo.json', 'vercel.json', 'now.json', 'turbo.jsonc'].map(turboVercelExtractor.matches)).toEqual([true, true, true, false, false]);
  });
});
