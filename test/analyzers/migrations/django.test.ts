import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SchemaOperation } from '../../../analyzers/migrations/model.js';
import { djangoMigrationReader } from '../../../analyzers/migrations/readers/django.js';

const FIXTURES = 'library/migrations';
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/migrations/django/${FIXTURES}/${name}`, import.meta.url), 'utf8');
const read = (text: string, path = 'library/migrations/0004_x.py') => djangoMigrationReader.read(text, path, 'postgresql');
const lines = (...text: string[]): string => text.join('\n') + '\n';
/** A migration module whose `operations` list holds `items`. */
const migration = (...items: string[]) =>
  lines('from django.db import migrations, models', '', '', 'class Migration(migrations.Migration):', '', '    operations = [', ...items.map((l) => `        ${l}`), '    ]');
const op = (kind: SchemaOperation['kind'], table: string | null, column: string | null, detail: string | null, more: Partial<SchemaOperation> = {}): SchemaOperation => ({
  kind,
  table,
  column,
  detail,
  ...more,
});

describe('django migrations', () => {
  it('reads an initial migration: tables named <app>_<model> or db_table, NOT NULL unless null=True', async () => {
    const reading = await read(fixture('0001_initial.py'), `${FIXTURES}/0001_initial.py`);
    expect(reading.operations).toEqual([
      op('create-table', 'library_author', null, '(id BigAutoField NOT NULL PRIMARY KEY, name CharField(200) NOT NULL)'),
      op(
        'create-table',
        'books',
        null,
        '(id BigAutoField NOT NULL PRIMARY KEY, title CharField(300) NOT NULL, published DateField NULL, author_id ForeignKey(library.author) NOT NULL)',
      ),
    ]);
    expect(reading.sql).toBeNull();
  });

  it('reads AddField, AlterField, RemoveField, RenameField, AddIndex and AddConstraint', async () => {
    const reading = await read(fixture('0002_book_isbn_alter_book_title_and_more.py'), `${FIXTURES}/0002_book_isbn_alter_book_title_and_more.py`);
    expect(reading.operations).toEqual([
      op('add-column', 'library_book', 'isbn', "CharField(13) NOT NULL DEFAULT ''", { notNull: true, hasDefault: true }),
      op('alter-column', 'library_book', 'title', 'CharField(500) NULL', { notNull: false }),
      op('drop-column', 'library_author', 'name', null),
      op('rename-column', 'library_author', 'bio', '→ biography'),
      op('add-index', 'library_book', null, 'books_isbn_title_idx (isbn, title)'),
      op('add-constraint', 'library_book', null, 'unique_title_per_author UNIQUE (author, title)'),
    ]);
  });

  it('reads RunPython as data and RunSQL through the SQL reader, not reverse_sql, not a commented operation', async () => {
    const reading = await read(fixture('0003_backfill_slugs.py'), `${FIXTURES}/0003_backfill_slugs.py`);
    expect(reading.operations[0]).toEqual(op('add-column', 'library_book', 'slug', "SlugField(320) NOT NULL DEFAULT ''", { notNull: true, hasDefault: true }));
    expect(reading.operations[1]).toEqual(op('data', null, null, 'RunPython fill_slugs'));
    expect(reading.operations.slice(2)).toContainEqual(expect.objectContaining({ kind: 'data', table: 'books' }));
    expect(reading.operations.some((o) => o.kind === 'drop-index' || o.kind === 'drop-table')).toBe(false);
    expect(reading.sql).toBe("UPDATE books SET slug = lower(title) WHERE slug = '';");
  });

  it('passes a RunSQL string to the SQL reader', async () => {
    const reading = await read(migration('migrations.RunSQL("ALTER TABLE users ADD COLUMN age integer"),'));
    expect(reading.operations).toContainEqual(expect.objectContaining({ kind: 'add-column', table: 'users', column: 'age' }));
    expect(reading.sql).toBe('ALTER TABLE users ADD COLUMN age integer');
  });

  it('reads RunSQL lists, with params pairs', async () => {
    const reading = await read(migration('migrations.RunSQL([', '    "CREATE INDEX orders_day ON orders (created_at)",', '    ("UPDATE orders SET state = %s", ["new"]),', ']),'));
    expect(reading.sql).toBe('CREATE INDEX orders_day ON orders (created_at)\n\nUPDATE orders SET state = %s');
    expect(reading.operations.map((o) => o.kind)).toContain('add-index');
  });

  it('reads DeleteModel, RenameModel, RemoveIndex, RemoveConstraint and AlterUniqueTogether', async () => {
    const reading = await read(
      migration(
        "migrations.DeleteModel(name='Loan'),",
        "migrations.RenameModel(old_name='Member', new_name='Patron'),",
        "migrations.RemoveIndex(model_name='book', name='books_isbn_title_idx'),",
        "migrations.RemoveConstraint(model_name='book', name='unique_title_per_author'),",
        "migrations.AlterUniqueTogether(name='patron', unique_together={('email', 'branch')}),",
        "migrations.AlterUniqueTogether(name='book', unique_together=set()),",
      ),
    );
    expect(reading.operations).toEqual([
      op('drop-table', 'library_loan', null, null),
      op('rename-table', 'library_member', null, '→ library_patron'),
      op('drop-index', 'library_book', null, 'books_isbn_title_idx'),
      op('drop-constraint', 'library_book', null, 'unique_title_per_author'),
      op('add-constraint', 'library_patron', null, 'UNIQUE (email, branch)'),
      op('drop-constraint', 'library_book', null, 'unique_together cleared'),
    ]);
  });

  it('reads a CheckConstraint, db_column and a ManyToManyField', async () => {
    const reading = await read(
      migration(
        "migrations.AddConstraint(model_name='book', constraint=models.CheckConstraint(check=models.Q(pages__gte=1), name='pages_positive')),",
        "migrations.AddField(model_name='book', name='pages', field=models.IntegerField(db_column='page_count', null=True)),",
        "migrations.AddField(model_name='book', name='tags', field=models.ManyToManyField(to='library.tag')),",
      ),
    );
    expect(reading.operations).toEqual([
      op('add-constraint', 'library_book', null, 'pages_positive CHECK models.Q(pages__gte=1)'),
      op('add-column', 'library_book', 'page_count', 'IntegerField NULL', { notNull: false }),
      op('create-table', 'library_book_tags', null, 'many-to-many book.tags'),
    ]);
  });

  it('reads only database_operations of SeparateDatabaseAndState and ignores names in comments and strings', async () => {
    const reading = await read(
      migration(
        '# migrations.DeleteModel(name="Book"),',
        'migrations.SeparateDatabaseAndState(',
        "    state_operations=[migrations.DeleteModel(name='Shelf')],",
        "    database_operations=[migrations.AlterModelTable(name='Shelf', table='archive_shelf')],",
        '),',
        "migrations.AlterModelOptions(name='book', options={'verbose_name': 'migrations.RemoveField(book)'}),",
      ),
    );
    expect(reading.operations).toEqual([op('rename-table', 'library_shelf', null, '→ archive_shelf')]);
  });
});
