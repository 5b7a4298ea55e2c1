import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    // One fresh extraction cache per test run (the CLIs the tests spawn inherit it): no entry from
    // an earlier build or run can decide a result, and the project's node_modules stays clean.
    env: { IMPL_DRAFT_CACHE_DIR: mkdtempSync(join(tmpdir(), 'impl-draft-test-cache-')) },
  },
});
