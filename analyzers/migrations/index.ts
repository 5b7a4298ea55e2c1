/**
 * Database migrations: the migration files a range added, modified or deleted, by each
 * framework's conventions (./detect.ts), what each does to the schema (the readers), the risks a
 * reviewer looks for, and the command that applies them. Prisma's schema.prisma is compared
 * between the ends too. See README.md for the frameworks and the choices.
 */
import { DEFAULT_PATH_CHOICES, NO_LOCATIONS, type Analyzer, type AnalyzerResult, type ExtractionCache, type ExtractionKey } from '../../src/analyzer.js';
import { cachedExtraction } from '../../src/cache/cached-extraction.js';
import type { Migration } from '../../src/facts/schema.js';
import type { Repository } from '../../src/git/repository.js';
import type { Oid, TreeChange } from '../../src/git/types.js';
import { redactSecrets } from '../../src/redact.js';
import { decodeText } from '../project/manifests/index.js';
import { comparePaths, pathRules } from '../project/path-rules.js';
import { regularFilesAt } from '../shared/range-ends.js';
import { applyCommand, CONFIGURATION_FILES, configuredLocations, migrationKindOf, type MigrationKind } from './detect.js';
import { MigrationSyntaxError, type MigrationReading, type SchemaOperation } from './model.js';
import { migrationFrameworkOf } from './readers/javascript.js';
import { diffPrismaSchemas } from './readers/prisma-schema.js';
import { MIGRATION_READERS } from './readers/index.js';
import { dialectOf, sqlFrameworkOf } from './dialects.js';
import { cappedWarnings } from '../shared/warnings.js';

type MigrationWarning = AnalyzerResult['warnings'][number];

/** SQL kept for templates that show it, per migration. */
const SQL_SHOWN = 8_000;
const DESTRUCTIVE: ReadonlySet<SchemaOperation['kind']> = new Set(['drop-table', 'drop-column', 'drop-enum']);
const PRISMA_SCHEMA = /(?:^|\/)schema\.prisma$|(?:^|\/)prisma\/schema\/[^/]+\.prisma$/;
/** The version of what one file's readings give (framework, reading, indexes created): bump it when a reader changes. */
const EXTRACTION_VERSION = 1;

export const migrationsAnalyzer: Analyzer = {
  id: 'migrations',
  title: 'Database migrations and the schema changes in them',
  async analyze(range, { repo, paths = DEFAULT_PATH_CHOICES, locations = NO_LOCATIONS, cache }) {
    // Folders the user named are read even where paths are skipped by default.
    const rules = pathRules([], { ...paths, include: [...paths.include, ...locations.migrations] });
    const toListing = await regularFilesAt(repo, range.toOid);
    const texts = new TextReader(repo, cache);
    const configuration = new Map<string, string>();
    for (const [path, oid] of toListing) if (CONFIGURATION_FILES.test(path) && rules.isProjectSource(path)) configuration.set(path, await texts.read(oid));
    const configured = configuredLocations(configuration);
    configured.declared.push(...locations.migrations);
    const from = range.from ?? range.mergeBase ?? 'the start';

    const candidates = range.changes
      .filter((change) => rules.isProjectSource(change.path))
      .flatMap((change) => {
        const kind = migrationKindOf(change.path, configured) ?? (change.oldPath ? migrationKindOf(change.oldPath, configured) : null);
        return kind ? [{ change, path: change.path, kind }] : [];
      });
    const warnings: MigrationWarning[] = [];
    const unparsed: Array<{ path: string; line: number; statement: string }> = [];
    const readings: Array<{ path: string; framework: string; change: TreeChange; reading: MigrationReading; kind: MigrationKind }> = [];
    for (const { change, path, kind } of candidates) {
      const oid = change.status === 'deleted' ? change.oldOid : change.newOid;
      if (!oid) continue;
      const framework = await texts.frameworkOf(oid, kind);
      if (framework === null) continue;
      const dialect = await dialectOf(path, framework, toListing, texts);
      const read = await texts.extract(oid, ['reading', kind.reader, dialect ?? '', path], async (text) => {
        try {
          return await MIGRATION_READERS[kind.reader].read(text, path, dialect);
        } catch (error) {
          return { unread: error instanceof MigrationSyntaxError ? error.message : `reading it failed unexpectedly (${(error as Error).message})` };
        }
      });
      let reading: MigrationReading;
      if ('unread' in read) {
        warnings.push({ message: `${path} was not read: ${redactSecrets(read.unread)}. Its schema changes are missing from the report.`, path });
        reading = { operations: [], sql: null, unparsed: [] };
      } else {
        reading = read;
      }
      unparsed.push(...reading.unparsed.map((u) => ({ path, ...u })));
      readings.push({ path, framework, change, reading, kind });
    }
    await nameDroppedIndexes(readings, toListing, configured, texts);
    const migrations = readings.map(({ path, framework, change, reading }) => fact(path, framework, change, reading, from));

    const schemaChanges = range.changes.filter((c) => PRISMA_SCHEMA.test(c.path) && rules.isProjectSource(c.path) && c.status !== 'deleted');
    for (const change of schemaChanges) {
      const before = change.oldOid ? await texts.read(change.oldOid) : null;
      const after = await texts.read(change.newOid!);
      try {
        const operations = diffPrismaSchemas(before, after);
        if (operations.length === 0) continue;
        const prismaMigrationAdded = migrations.some((m) => m.framework === 'prisma' && m.change === 'added');
        const entry = fact(change.path, 'prisma', change, { operations, sql: null, unparsed: [] }, from, true);
        if (!prismaMigrationAdded) entry.risks.push('the models changed but no migration was added in this range: run prisma migrate dev to create one');
        migrations.push(entry);
      } catch (error) {
        // Anything the comparison throws is about this schema; it costs its entry, not the report.
        const cause = error instanceof MigrationSyntaxError ? error.message : `comparing it failed unexpectedly (${(error as Error).message})`;
        warnings.push({ message: `${change.path} was not compared: ${redactSecrets(cause)}.`, path: change.path });
      }
    }

    migrations.sort((a, b) => comparePaths(a.path, b.path));
    unparsed.sort((a, b) => comparePaths(a.path, b.path) || a.line - b.line);
    return { facts: { migrations }, warnings: [...warnings, ...unparsedWarnings(unparsed)] };
  },
};

/**
 * PostgreSQL's `DROP INDEX "x"` does not name the table. The migration that created the index
 * usually sits beside it: the SQL migrations of the same framework at TO that mention the name
 * are read (each once) for its `CREATE INDEX`, which gives the table and column.
 */
async function nameDroppedIndexes(
  readings: Array<{ path: string; framework: string; reading: MigrationReading; kind: MigrationKind }>,
  listing: ReadonlyMap<string, Oid>,
  configured: ReturnType<typeof configuredLocations>,
  texts: TextReader,
): Promise<void> {
  const unnamed = readings.flatMap(({ framework, reading }) => reading.operations.filter((o) => o.kind === 'drop-index' && o.table === null && o.detail).map((o) => ({ framework, operation: o })));
  if (unnamed.length === 0) return;
  const frameworks = new Set(unnamed.map((u) => u.framework));
  const wanted = new Set(unnamed.map((u) => indexName(u.operation.detail!)));
  const created = new Map<string, Pick<SchemaOperation, 'table' | 'column'>>();
  for (const [path, oid] of listing) {
    const kind = migrationKindOf(path, configured);
    if (kind?.reader !== 'sql') continue;
    // For SQL, frameworkOf is sqlFrameworkOf: the same cached reading as the candidates'.
    if (!frameworks.has((await texts.frameworkOf(oid, kind))!)) continue;
    const indexes = await texts.extract(oid, ['indexes', path], async (text) => {
      try {
        const { operations } = await MIGRATION_READERS.sql.read(text, path, null);
        const found = operations.flatMap((o) => (o.kind === 'add-index' && o.detail ? [{ name: indexName(o.detail), table: o.table, column: o.column }] : []));
        return { created: found, named: found.every((index) => text.includes(index.name)) };
      } catch (error) {
        return { failure: (error as Error).message };
      }
    });
    // A file whose text names every index it creates adds to `created` exactly when it creates one
    // wanted: the text search below, kept for the other files, then gives the same answer.
    if ('created' in indexes && indexes.named) {
      if (!indexes.created.some((index) => wanted.has(index.name))) continue;
    } else {
      const text = await texts.read(oid);
      if (![...wanted].some((name) => text.includes(name))) continue;
      if ('failure' in indexes) throw new Error(indexes.failure);
    }
    for (const { name, table, column } of indexes.created) created.set(name, { table, column });
  }
  for (const { operation } of unnamed) {
    const origin = created.get(indexName(operation.detail!));
    if (origin) Object.assign(operation, { table: origin.table, column: origin.column });
  }
}

/** An index detail's first word, its name (`User_email_key (email) UNIQUE`, or the name alone for a drop). */
function indexName(detail: string): string {
  return detail.trim().split(/\s+/)[0]!;
}

/** The framework of a file the conventions matched: JavaScript migrations say theirs in their text; so do dbmate and goose files. */
function frameworkOf(kind: MigrationKind, text: string): string | null {
  if (kind.framework === 'javascript') return migrationFrameworkOf(text);
  if (kind.reader === 'sql') return sqlFrameworkOf(kind.framework, text);
  return kind.framework;
}

/** A migration file's facts; `isSchema` for schema.prisma, which is edited on purpose and applied by no command of its own. */
function fact(path: string, framework: string, change: TreeChange, reading: MigrationReading, from: string, isSchema = false): Migration {
  const status = change.status === 'added' ? 'added' : change.status === 'deleted' ? 'deleted' : 'modified';
  const risks: string[] = [];
  if (!isSchema && change.status === 'renamed' && change.oldPath) risks.push(`renamed from ${change.oldPath}: tools that track applied migrations by name will run it again`);
  else if (!isSchema && status === 'modified') risks.push(`edited after it shipped in ${from}: databases that already ran it will not run it again`);
  if (status === 'deleted') risks.push('deleted: databases that ran it keep its changes, new ones will not get them');
  // schema.prisma's operations repeat its migration's, which carries their risks.
  for (const operation of isSchema ? [] : reading.operations) {
    const name = operation.column ? `${operation.table}.${operation.column}` : operation.table;
    if (status !== 'deleted' && DESTRUCTIVE.has(operation.kind)) risks.push(`${operation.kind.replace('-', 's ')} ${name ?? ''}`.trim());
    if (status !== 'deleted' && operation.kind === 'add-column' && operation.notNull === true && operation.hasDefault !== true) {
      risks.push(`adds NOT NULL column ${name} without a default: fails on a table that has rows`);
    }
  }
  const sql = reading.sql === null ? null : reading.sql.length > SQL_SHOWN ? `${reading.sql.slice(0, SQL_SHOWN)}\n-- … (${reading.sql.length - SQL_SHOWN} more characters)` : reading.sql;
  return {
    path,
    framework,
    change: status,
    operations: reading.operations.map(({ kind, table, column, detail }) => ({ kind, table, column, detail })),
    destructive: status !== 'deleted' && reading.operations.some((o) => DESTRUCTIVE.has(o.kind)),
    sql: sql === null ? null : redactSecrets(sql),
    risks,
    command: isSchema ? null : applyCommand(framework, path),
  };
}

function unparsedWarnings(unparsed: Array<{ path: string; line: number; statement: string }>): MigrationWarning[] {
  return cappedWarnings(
    unparsed,
    ({ path, line, statement }) => ({
      message: `${path}:${line}: a statement the SQL parser could not read was recognised by its first words only (${redactSecrets(statement.replace(/\s+/g, ' ').slice(0, 60))}).`,
      path,
    }),
    (count) => `${count} more statements were recognised by their first words only.`,
  );
}

/** Blob texts, each read once, and what is read from them, kept across runs by the extraction cache. */
class TextReader {
  private readonly texts = new Map<Oid, Promise<string>>();

  constructor(
    private readonly repo: Repository,
    private readonly cache: ExtractionCache | undefined,
  ) {}

  read(oid: Oid): Promise<string> {
    let text = this.texts.get(oid);
    if (!text) {
      text = this.repo.readBlob(oid).then(decodeText);
      this.texts.set(oid, text);
    }
    return text;
  }

  /** `extract(text)` of a blob, from the cache when it is there (the blob is not read then). */
  extract<T>(oid: Oid, parts: ExtractionKey['parts'], extract: (text: string) => Promise<T>): Promise<T> {
    return cachedExtraction(this.cache, { analyzer: 'migrations', version: EXTRACTION_VERSION, oid, parts }, async () => extract(await this.read(oid)));
  }

  /** The framework of a file the conventions matched as `kind`; null when its text says it is none. */
  async frameworkOf(oid: Oid, kind: MigrationKind): Promise<string | null> {
    return (await this.extract(oid, ['framework', kind.framework, kind.reader], async (text) => ({ framework: frameworkOf(kind, text) }))).framework;
  }
}

