/**
 * Which database a project's SQL migrations are written for, from the configuration that says so,
 * and which tool a `.sql` migration belongs to when its own text says (dbmate, goose). A SQL
 * reader without a dialect tries PostgreSQL, MySQL and SQLite in turn; a named one is exact.
 */
import type { Oid } from '../../src/git/types.js';
import { folderOf } from '../project/path-rules.js';
import type { SqlDialect } from './model.js';

/** Prisma's `provider` and drizzle's `dialect` / `driver` values → the parser's dialect. */
const DIALECT_NAMES: Readonly<Record<string, SqlDialect>> = {
  postgresql: 'postgresql', postgres: 'postgresql', pg: 'postgresql', cockroachdb: 'postgresql', 'pglite': 'postgresql',
  mysql: 'mysql', mysql2: 'mysql', singlestore: 'mysql',
  sqlite: 'sqlite', turso: 'sqlite', 'better-sqlite': 'sqlite', libsql: 'sqlite', d1: 'sqlite',
};

export interface TextSource {
  read(oid: Oid): Promise<string>;
}

/** The dialect the project names for this migration's folder, or null. */
export async function dialectOf(path: string, framework: string, listing: ReadonlyMap<string, Oid>, texts: TextSource): Promise<SqlDialect | null> {
  if (framework === 'supabase') return 'postgresql';
  if (framework === 'prisma') {
    // prisma/migrations/<name>/migration.sql → prisma/migrations/migration_lock.toml
    const lock = listing.get(`${folderOf(folderOf(path))}/migration_lock.toml`);
    const provider = lock ? /provider\s*=\s*"([^"]+)"/.exec(await texts.read(lock))?.[1] : undefined;
    return provider ? (DIALECT_NAMES[provider] ?? null) : null;
  }
  if (framework === 'drizzle') {
    for (let folder = folderOf(path); ; folder = folderOf(folder)) {
      for (const name of ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.json']) {
        const config = listing.get(folder === '' ? name : `${folder}/${name}`);
        if (!config) continue;
        const value = /\b(?:dialect|driver)\s*["']?\s*:\s*["'`]([\w-]+)["'`]/.exec(await texts.read(config))?.[1];
        return value ? (DIALECT_NAMES[value] ?? null) : null;
      }
      if (folder === '') return null;
    }
  }
  return null;
}

/** dbmate (`-- migrate:up`) and goose (`-- +goose Up`) say so at the top of their files; other SQL keeps the framework its path gave. */
export function sqlFrameworkOf(framework: string, text: string): string {
  if (/^\s*--\s*migrate:up\b/m.test(text)) return 'dbmate';
  if (/^\s*--\s*\+goose\s+Up\b/im.test(text)) return 'goose';
  return framework;
}
