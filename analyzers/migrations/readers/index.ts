/** The migration readers, by the id ./detect.ts gives a file. */
import type { ReaderId } from '../detect.js';
import type { MigrationReader } from '../model.js';
import { alembicMigrationReader } from './alembic.js';
import { djangoMigrationReader } from './django.js';
import { javascriptMigrationReader } from './javascript.js';
import { liquibaseMigrationReader } from './liquibase.js';
import { railsMigrationReader } from './rails.js';
import { sqlReader } from './sql.js';

export const MIGRATION_READERS: Readonly<Record<ReaderId, MigrationReader>> = {
  sql: sqlReader,
  javascript: javascriptMigrationReader,
  rails: railsMigrationReader,
  django: djangoMigrationReader,
  alembic: alembicMigrationReader,
  liquibase: liquibaseMigrationReader,
};
