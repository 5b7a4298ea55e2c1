/**
 * Every section of every built-in template, filled: rendered with --facts from a saved facts file
 * that has dependency, migration, route, environment, coverage and test facts for the example
 * repository's history (test/fixtures/facts/make-rich-facts.mjs wrote it). Also the JSON seam:
 * facts saved with --format json render to the same report as the repository itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lint } from 'markdownlint/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/render/report-document.js';
import { builtinTemplates } from '../../src/render/template-engine.js';
import { runCli } from '../helpers/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RICH = join(ROOT, 'test/fixtures/facts/rich-facts.json');
const TEMPLATES = builtinTemplates().map((t) => t.name);
const CONFIG = JSON.parse(readFileSync(join(ROOT, 'templates/markdownlint.json'), 'utf8'));

const rendered: Record<string, string> = {};
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'impl-draft-rich-'));
  for (const name of TEMPLATES) {
    const result = runCli(['--facts', RICH, '--template', name, '-q']);
    if (result.status !== 0) throw new Error(result.stderr);
    rendered[name] = result.stdout;
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('built-in templates with every kind of fact', () => {
  it.each(TEMPLATES)('%s fills every fact section (nothing is "not analysed") and passes markdownlint', (name) => {
    expect(rendered[name]).not.toMatch(/Not analysed|not analysed/);
    expect(lint({ strings: { [name]: rendered[name]! }, config: CONFIG })[name]).toEqual([]);
  });

  const expectations: Record<string, string[]> = {
    'step-report': ['| `/api/orders` | GET | No | added |', 'ORDERS_API_URL=http://localhost:4000', '| Lines | 136 | 184 | 73.9% | +5.31 pp |', '| `src/routes/users.js` | 1 | 5 | 20% | 12-15 |', '2. Migrations: `migrations/002_add_orders.sql`.', '1. Dependencies: 2 direct changes, 9 transitive changes'],
    'implementation-summary': ['- `helmet` `7.2.0` — dependencies `^7.1.0`, `package-lock.json`, MIT', '- `express` `4.18.3` → `4.21.2` (minor)', '- Transitive (8, 2 major): `body-parser` 1.20.2 → 1.20.3, `cookie` 0.5.0 → 0.7.1 (major)', '- `GET /api/v0/users` in `src/routes/users.js:25`', '- Table `orders`: create-table (id, user_id, external_id, total_cents, status, created_at)', '| `test/orders.test.js` | added | unit | 1 | 0 |', '- **Unit tests**: 1 test case added, 0 removed'],
    'implementation-notes': ['```sql\n-- migrations/002_add_orders.sql (added)\n-- 002_add_orders.sql: local copy of the orders synced from the orders service', '| `helmet` | 7.2.0 | dependencies | MIT |', '| `express` | 4.18.3 | 4.21.2 | minor |', 'Test Suite: examples/demo-test-outputs/junit.xml\nTotal Tests: 3\nPassed: 3\nFailed: 0\nSkipped: 0\nCoverage: 73.9% of lines'],
    'implementation-record': ['- **Coverage**: 73.9% of lines, 82.4% of the changed lines', '- **Test Results**: 3 passed, 0 failed, 0 skipped of 3 (examples/demo-test-outputs/junit.xml)', '- **Tests Added**: `test/orders.test.js`', '- `GET /api/orders` — added'],
    'implementation-plan': ['| GET | `/api/users` | handler in src/routes/users.js:5 | No |', 'ORDERS_API_URL=http://localhost:4000\nDATABASE_URL=\nPORT=3000', '- [x] Index on `orders`.`user_id` (orders_user_id_idx (user_id))', '- **Current Coverage:** 73.9% of lines'],
  };
  it.each(TEMPLATES)('%s shows the facts where its seed asks for them', (name) => {
    for (const text of expectations[name]!) expect(rendered[name]).toContain(text);
  });

  it.each(TEMPLATES)('%s renders the same from facts saved with --format json as from the repository', (name) => {
    const repo = join(work, 'acme-shop-api');
    if (!readReportIfBuilt(repo)) spawnSync(process.execPath, [join(ROOT, 'examples/build-example-repo.mjs'), '--dir', repo], { stdio: 'ignore' });
    const saved = join(work, 'facts.json');
    const json = runCli(['--repo', repo, '--from', 'v1.0.0', '--to', 'v1.1.0', '--format', 'json', '-q']);
    writeFileSync(saved, json.stdout);
    const fromRepo = runCli(['--repo', repo, '--from', 'v1.0.0', '--to', 'v1.1.0', '--template', name, '-q']).stdout;
    const fromFacts = runCli(['--facts', saved, '--template', name, '-q']).stdout;
    expect(readReport(fromFacts).body).toBe(readReport(fromRepo).body);
  });
});

function readReportIfBuilt(repo: string): boolean {
  try {
    readFileSync(join(repo, 'package.json'));
    return true;
  } catch {
    return false;
  }
}
