import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MigrationSyntaxError, type SchemaOperation } from '../../../analyzers/migrations/model.js';
import { liquibaseMigrationReader } from '../../../analyzers/migrations/readers/liquibase.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/migrations/liquibase/${name}`, import.meta.url), 'utf8');
const read = (name: string) => liquibaseMigrationReader.read(fixture(name), `src/main/resources/db/changelog/${name}`, 'postgresql');
const op = (kind: SchemaOperation['kind'], table: string | null, column: string | null, detail: string | null, more: Partial<SchemaOperation> = {}): SchemaOperation => ({
  kind,
  table,
  column,
  detail,
  ...more,
});

describe('liquibase changelogs', () => {
  it('reads a generated YAML changelog: createTable, createIndex, addForeignKeyConstraint', async () => {
    const reading = await read('db.changelog-1.0.yaml');
    expect(reading.operations).toEqual([
      op('create-table', 'customers', null, "(id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL, active BOOLEAN DEFAULT true)"),
      op('add-index', 'customers', null, 'customers_email_idx (email) UNIQUE'),
      op('add-constraint', 'orders', 'customer_id', 'fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)'),
    ]);
    expect(reading.sql).toBeNull();
  });

  it('reads addColumn, renameColumn, addNotNullConstraint, sql, insert, dropColumn and dropTable, not rollback', async () => {
    const reading = await read('db.changelog-1.1.yaml');
    expect(reading.operations.slice(0, 4)).toEqual([
      op('add-column', 'customers', 'phone', 'VARCHAR(32)'),
      op('add-column', 'customers', 'tier', "VARCHAR(20) NOT NULL DEFAULT 'standard'", { notNull: true, hasDefault: true }),
      op('rename-column', 'customers', 'email', '→ email_address'),
      op('alter-column', 'customers', 'phone', 'NOT NULL (NULLs set to unknown)', { notNull: true }),
    ]);
    expect(reading.operations).toContainEqual(expect.objectContaining({ kind: 'data', table: 'customers' }));
    expect(reading.operations.slice(-3)).toEqual([op('data', 'tiers', null, 'INSERT tiers'), op('drop-column', 'customers', 'legacy_code', null), op('drop-table', 'legacy_customers', null, null)]);
    expect(reading.operations.filter((o) => o.kind === 'drop-table')).toHaveLength(1);
    expect(reading.sql).toBe("UPDATE customers SET tier = 'gold' WHERE id IN (SELECT customer_id FROM orders);");
  });

  it('reads a JSON changelog with schema-qualified tables and an update', async () => {
    const reading = await read('db.changelog-1.2.json');
    expect(reading.operations).toEqual([
      op('create-table', 'billing.invoices', null, '(id UUID NOT NULL PRIMARY KEY, total NUMERIC(10, 2) DEFAULT 0)'),
      op('data', 'customers', null, 'UPDATE customers'),
    ]);
  });

  it('passes a formatted SQL changelog to the SQL reader', async () => {
    const reading = await read('db.changelog-1.3.sql');
    expect(reading.operations).toContainEqual(expect.objectContaining({ kind: 'add-column', table: 'customers', column: 'age' }));
    expect(reading.operations.some((o) => o.kind === 'drop-column')).toBe(false);
  });

  it('reports an XML changelog and a file that is not a changelog as not read', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"/>\n';
    await expect(liquibaseMigrationReader.read(xml, 'db/changelog/db.changelog-master.xml', null)).rejects.toThrow(MigrationSyntaxError);
    await expect(liquibaseMigrationReader.read('spring:\n  datasource: {}\n', 'db/changelog/x.yaml', null)).rejects.toThrow(/databaseChangeLog/);
    await expect(liquibaseMigrationReader.read('databaseChangeLog: [\n', 'db/changelog/x.yaml', null)).rejects.toThrow(MigrationSyntaxError);
  });
});
