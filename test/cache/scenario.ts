/**
 * The repository the cache tests run on: something for every analyzer that caches per-file
 * extractions (env reads and declarations, Express routes mounted across files, Prisma migrations
 * with a DROP INDEX that names no table, test files in two languages, a TODO, an npm lockfile
 * written by npm) and files each of them warns about, so that cached warnings are tested too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import type { ExtractionKey } from '../../src/analyzer.js';
import { DiskExtractionCache } from '../../src/cache/disk-cache.js';
import { serialiseFacts } from '../../src/facts/assemble.js';
import { Repository } from '../../src/git/repository.js';
import type { EngineChoice } from '../../src/git/open.js';
import { collectFacts } from '../../src/run.js';
import { TestRepo } from '../helpers/repo-builder.js';

const NPM = fileURLToPath(new URL('../fixtures/lockfiles/js/npm-11-v3/', import.meta.url));
const lines = (...text: string[]) => text.join('\n') + '\n';

/** Tagged v1, then HEAD. */
export function buildScenarioRepo(): TestRepo {
  const repo = new TestRepo();
  repo.commit('Start', {
    'package.json': readFileSync(join(NPM, 'before/package.json')),
    'package-lock.json': readFileSync(join(NPM, 'before/package-lock.json')),
    'src/app.js': lines(
      "const express = require('express');",
      "const users = require('./routes/users');",
      'const app = express();',
      "app.use('/api/users', users);",
      "app.get('/health', (req, res) => res.send('ok'));",
      "app.listen(process.env.PORT ?? '3000');",
    ),
    'src/routes/users.js': lines("const router = require('express').Router();", "router.get('/', list);", "router.get('/:id', show);", 'module.exports = router;'),
    'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    'prisma/migrations/20240101000000_init/migration.sql': lines(
      'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL);',
      'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");',
    ),
    'test/users.test.js': lines("describe('users', () => {", "  it('lists them', () => {});", "  it('shows one', () => {});", '});'),
    'docker-compose.yml': lines('services:', '  web:', '    environment:', '      - DATABASE_URL'),
  });
  repo.tag('v1');
  repo.commit('Log in, drop the e-mail index', {
    'package.json': readFileSync(join(NPM, 'after/package.json')),
    'package-lock.json': readFileSync(join(NPM, 'after/package-lock.json')),
    'src/app.js': lines(
      "const express = require('express');",
      "const users = require('./routes/users');",
      "const admin = require('./routes/admin');",
      'const app = express();',
      "app.use('/api/users', users);",
      "app.get('/health', (req, res) => res.send('ok'));",
      "app.post('/login', requireAuth, login);",
      '// TODO: rate-limit the login route',
      'const secret = process.env.SESSION_SECRET;',
      "const flag = process.env['FEATURE_' + name];",
      "app.listen(process.env.PORT ?? '3000');",
    ),
    'src/routes/users.js': lines("const router = require('express').Router();", "router.get('/', list);", "router.get('/:id', show);", "router.delete('/:id', remove);", 'module.exports = router;'),
    // Mounted nowhere: the routes analyzer warns.
    'src/routes/admin.js': lines("const router = require('express').Router();", "router.get('/stats', stats);", 'module.exports = router;'),
    'prisma/migrations/20240201000000_drop_email_index/migration.sql': lines('DROP INDEX "User_email_key";', 'ALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL;'),
    'test/users.test.js': lines("describe('users', () => {", "  it('lists them', () => {});", "  it.skip('bans one', () => {});", '});'),
    'test/auth.test.js': lines("it('logs in', () => {});"),
    'tests/test_api.py': lines('def test_health():', '    pass'),
    // Not YAML: the env analyzer warns that it was not read.
    'compose.override.yaml': 'services: [web\n',
  });
  return repo;
}

export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'impl-draft-cache-'));
}

export function removeFolders(...folders: string[]): void {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}

export interface ObservedRun {
  /** The facts as `--format json` prints them. */
  json: string;
  /** The blobs read through the repository layer, in order. */
  blobsRead: string[];
  /** The keys the run put into the cache. */
  stored: ExtractionKey[];
}

/** collectFacts on v1..HEAD with the cache at IMPL_DRAFT_CACHE_DIR, watching what it reads and keeps; git itself runs for real. */
export async function observedRun(dir: string, options: { engine?: EngineChoice; cache?: boolean } = {}): Promise<ObservedRun> {
  const reads = vi.spyOn(Repository.prototype, 'readBlob');
  const sets = vi.spyOn(DiskExtractionCache.prototype, 'set');
  try {
    const facts = await collectFacts({ repo: dir, from: 'v1', engine: options.engine ?? 'git', cache: options.cache });
    return { json: serialiseFacts(facts), blobsRead: reads.mock.calls.map(([oid]) => oid), stored: sets.mock.calls.map(([key]) => key) };
  } finally {
    reads.mockRestore();
    sets.mockRestore();
  }
}
