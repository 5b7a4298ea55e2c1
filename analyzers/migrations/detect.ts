/**
 * Which files are migrations, of which framework, by each framework's conventions, and the
 * command that applies them. The locations a project configures (a knexfile's
 * `migrations.directory`, `.sequelizerc`'s `migrations-path`, alembic.ini's `script_location`,
 * Flyway's `flyway.locations`) are read at TO and win over the conventions.
 */
import { folderOf, resolveRelative } from '../project/path-rules.js';

/** Which reader a file goes to. */
export type ReaderId = 'sql' | 'javascript' | 'rails' | 'django' | 'alembic' | 'liquibase';

export interface MigrationKind {
  /** `prisma`, `drizzle`, `supabase`, `flyway`, `golang-migrate`, `rails`, `django`, `alembic`, `liquibase`, `javascript` (the ORM is read from the text), `sql`. */
  framework: string;
  reader: ReaderId;
}

interface Convention extends MigrationKind {
  pattern: RegExp;
}

const JS = String.raw`\.(?:[cm]?js|[cm]?ts)$`;

/** First match wins: the specific conventions come before the folder-name guesses. */
const CONVENTIONS: readonly Convention[] = [
  { pattern: /(?:^|\/)prisma\/migrations\/[^/]+\/migration\.sql$/, framework: 'prisma', reader: 'sql' },
  { pattern: /(?:^|\/)supabase\/migrations\/[^/]+\.sql$/, framework: 'supabase', reader: 'sql' },
  { pattern: /(?:^|\/)drizzle\/(?:[^/]+\/)*[^/]+\.sql$/, framework: 'drizzle', reader: 'sql' },
  { pattern: /(?:^|\/)[VU]\d+(?:[._]\d+)*__[^/]+\.sql$/, framework: 'flyway', reader: 'sql' },
  { pattern: /(?:^|\/)R__[^/]+\.sql$/, framework: 'flyway', reader: 'sql' },
  { pattern: /\.up\.sql$/, framework: 'golang-migrate', reader: 'sql' },
  { pattern: /(?:^|\/)db\/migrate\/\d+_[^/]+\.rb$/, framework: 'rails', reader: 'rails' },
  { pattern: /(?:^|\/)migrations\/\d{4}_[^/]+\.py$/, framework: 'django', reader: 'django' },
  { pattern: /(?:^|\/)versions\/[^/]+\.py$/, framework: 'alembic', reader: 'alembic' },
  { pattern: /(?:^|\/)(?:db\/)?changelog\/(?:[^/]+\/)*[^/]+\.(?:xml|ya?ml|json|sql)$/, framework: 'liquibase', reader: 'liquibase' },
  { pattern: /(?:^|\/)(?:db\.)?changelog[-_.][^/]*\.(?:xml|ya?ml|json)$/, framework: 'liquibase', reader: 'liquibase' },
  { pattern: new RegExp(String.raw`(?:^|/)migrations?/(?:[^/]+/)*[^/]+${JS}`), framework: 'javascript', reader: 'javascript' },
  { pattern: /(?:^|\/)(?:migrations?|migrate)\/(?:[^/]+\/)*[^/]+\.sql$/, framework: 'sql', reader: 'sql' },
];

/** Never migrations, whatever their folder: tests, type declarations, down scripts, package indexes. */
const NOT_MIGRATIONS = /\.(?:test|spec)\.[cm]?[jt]s$|\.d\.[cm]?ts$|\.down\.sql$|(?:^|\/)__init__\.py$|(?:^|\/)index\.[cm]?[jt]s$/;

export interface ConfiguredLocations {
  /** Folders a knexfile or .sequelizerc names for JavaScript migrations. */
  javascript: string[];
  /** Folders alembic.ini names (its `script_location`, whose `versions/` holds the revisions). */
  alembic: string[];
  /** Folders Flyway's configuration names (`filesystem:` locations). */
  flyway: string[];
  /** Folders impl-draft's own configuration names (`migrations.paths`): their SQL and JavaScript files. */
  declared: string[];
}

export function noConfiguredLocations(): ConfiguredLocations {
  return { javascript: [], alembic: [], flyway: [], declared: [] };
}

export function migrationKindOf(path: string, configured: ConfiguredLocations = noConfiguredLocations()): MigrationKind | null {
  if (NOT_MIGRATIONS.test(path)) return null;
  const folder = folderOf(path);
  const inside = (folders: string[]) => folders.some((f) => folder === f || folder.startsWith(`${f}/`));
  if (inside(configured.declared) && path.endsWith('.sql')) return { framework: 'sql', reader: 'sql' };
  if (inside(configured.declared) && new RegExp(JS).test(path)) return { framework: 'javascript', reader: 'javascript' };
  if (inside(configured.javascript) && new RegExp(JS).test(path)) return { framework: 'javascript', reader: 'javascript' };
  if (inside(configured.alembic.map((f) => `${f}/versions`)) && path.endsWith('.py')) return { framework: 'alembic', reader: 'alembic' };
  if (inside(configured.flyway) && path.endsWith('.sql')) return { framework: 'flyway', reader: 'sql' };
  const convention = CONVENTIONS.find((c) => c.pattern.test(path));
  return convention ? { framework: convention.framework, reader: convention.reader } : null;
}

/** The folders configuration files name, read from their text (each parser is a pattern: these files are small and regular). */
export function configuredLocations(files: ReadonlyMap<string, string>): ConfiguredLocations {
  const found = noConfiguredLocations();
  for (const [path, text] of files) {
    const join = (relative: string) => resolveRelative(path, relative) ?? relative;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (/^knexfile\.[cm]?[jt]s$/.test(name)) {
      for (const match of text.matchAll(/migrations\s*:\s*\{[^}]*?directory\s*:\s*(?:\[\s*)?['"`]([^'"`]+)['"`]/g)) found.javascript.push(join(match[1]!));
    } else if (name === '.sequelizerc') {
      for (const match of text.matchAll(/['"]migrations-path['"]\s*:\s*path\.resolve\(\s*([^)]*)\)/g)) {
        const parts = [...match[1]!.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!);
        if (parts.length > 0) found.javascript.push(join(parts.join('/')));
      }
    } else if (name === 'alembic.ini') {
      const location = /^\s*script_location\s*=\s*(.+?)\s*$/m.exec(text)?.[1];
      if (location) found.alembic.push(join(location.replace(/^%\(here\)s\/?/, '')));
    } else if (name === 'flyway.conf' || name === 'flyway.toml') {
      for (const match of text.matchAll(/filesystem:([^,\s"'\]]+)/g)) found.flyway.push(join(match[1]!));
    }
  }
  return found;
}

export const CONFIGURATION_FILES = /(?:^|\/)(?:knexfile\.[cm]?[jt]s|\.sequelizerc|alembic\.ini|flyway\.(?:conf|toml))$/;

/** The command that applies a framework's migrations, for the deployment notes; null when there is no one command. */
export function applyCommand(framework: string, path: string): string | null {
  switch (framework) {
    case 'prisma': return 'npx prisma migrate deploy';
    case 'drizzle': return 'npx drizzle-kit migrate';
    case 'supabase': return 'supabase db push';
    case 'flyway': return 'flyway migrate';
    case 'golang-migrate': return `migrate -path ${folderOf(path) || '.'} -database "$DATABASE_URL" up`;
    case 'dbmate': return 'dbmate up';
    case 'goose': return `goose -dir ${folderOf(path) || '.'} up`;
    case 'rails': return 'bin/rails db:migrate';
    case 'django': return 'python manage.py migrate';
    case 'alembic': return 'alembic upgrade head';
    case 'liquibase': return 'liquibase update';
    case 'knex': return 'npx knex migrate:latest';
    case 'sequelize': return 'npx sequelize-cli db:migrate';
    case 'typeorm': return 'npx typeorm migration:run -d <your data source>';
    case 'mikro-orm': return 'npx mikro-orm migration:up';
    default: return null;
  }
}
