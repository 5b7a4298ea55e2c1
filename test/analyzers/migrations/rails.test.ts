import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SchemaOperation } from '../../../analyzers/migrations/model.js';
import { railsMigrationReader } from '../../../analyzers/migrations/readers/rails.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/migrations/rails/${name}`, import.meta.url), 'utf8');
const read = (text: string) => railsMigrationReader.read(text, 'db/migrate/20240101000000_x.rb', 'postgresql');
const lines = (...text: string[]): string => text.join('\n') + '\n';
/** A migration class whose `def change` holds `body`. */
const change = (...body: string[]) => lines('class X < ActiveRecord::Migration[7.1]', '  def change', ...body.map((l) => `    ${l}`), '  end', 'end');
const op = (kind: SchemaOperation['kind'], table: string | null, column: string | null, detail: string | null, more: Partial<SchemaOperation> = {}): SchemaOperation => ({
  kind,
  table,
  column,
  detail,
  ...more,
});

describe('rails migrations', () => {
  it('reads a generated create_table with its columns, references and timestamps', async () => {
    const reading = await read(fixture('20240312101500_create_books.rb'));
    expect(reading.operations).toEqual([
      op(
        'create-table',
        'books',
        null,
        '(title string NOT NULL, summary text, price decimal(8,2) DEFAULT 0, author_id bigint NOT NULL, created_at datetime NOT NULL, updated_at datetime NOT NULL)',
      ),
      op('add-index', 'books', null, '(author_id)'),
      op('add-constraint', 'books', 'author_id', 'FOREIGN KEY (author_id) REFERENCES authors'),
      op('add-index', 'books', null, '(title) UNIQUE'),
    ]);
    expect(reading.sql).toBeNull();
    expect(reading.unparsed).toEqual([]);
  });

  it('reads add_column with null: and default:, and add_index', async () => {
    const reading = await read(fixture('20240315083000_add_isbn_to_books.rb'));
    expect(reading.operations).toEqual([
      op('add-column', 'books', 'isbn', 'string NOT NULL DEFAULT ""', { notNull: true, hasDefault: true }),
      op('add-column', 'books', 'published_on', 'date'),
      op('add-index', 'books', null, '(isbn)'),
    ]);
  });

  it('reads def up (not def down), a heredoc execute through the SQL reader and a find_each backfill', async () => {
    const reading = await read(fixture('20240320140000_backfill_book_slugs.rb'));
    expect(reading.operations[0]).toEqual(op('add-column', 'books', 'slug', 'string'));
    expect(reading.operations.some((o) => o.kind === 'data' && o.table === 'books')).toBe(true);
    expect(reading.operations.slice(-2)).toEqual([op('data', null, null, 'Book.find_each'), op('alter-column', 'books', 'slug', 'NOT NULL', { notNull: true })]);
    expect(reading.operations.some((o) => o.kind === 'drop-column' || o.kind === 'drop-table')).toBe(false);
    expect(reading.sql).toBe('UPDATE books SET slug = lower(title);');
  });

  it('passes a quoted execute to the SQL reader', async () => {
    const reading = await read(change('execute "ALTER TABLE users ADD COLUMN age integer"'));
    expect(reading.operations).toContainEqual(expect.objectContaining({ kind: 'add-column', table: 'users', column: 'age' }));
    expect(reading.sql).toBe('ALTER TABLE users ADD COLUMN age integer');
  });

  it('keeps a computed execute as an other operation', async () => {
    const reading = await read(change('execute "DROP VIEW #{view_name}"'));
    expect(reading.operations).toEqual([op('other', null, null, 'execute "DROP VIEW #{view_name}"')]);
    expect(reading.sql).toBeNull();
  });

  it('reads t.index with a spaced array, plain statements inside change_table, and execute through the connection', async () => {
    const reading = await read(change(
      'create_table :notifications do |t|',
      '  t.string :token',
      '  t.index [:user_id, :token], unique: true',
      'end',
      'change_table :domains do',
      '  add_column :domains, :stories_count, :integer, default: 0, null: false',
      'end',
      'ActiveRecord::Base.connection.execute <<~SQL',
      '  drop view replying_comments',
      'SQL',
      'Comment.connection.execute "update comments set hidden = false"',
    ));
    expect(reading.operations.map((o) => [o.kind, o.table, o.column])).toEqual([
      ['create-table', 'notifications', null],
      ['add-index', 'notifications', null],
      ['add-column', 'domains', 'stories_count'],
      ['other', null, null],
      ['data', 'comments', null],
    ]);
    expect(reading.operations[1]!.detail).toBe('(user_id, token) UNIQUE');
  });

  it('ignores operation names in comments and strings', async () => {
    const reading = await read(
      change(
        '# drop_table :users',
        "say 'remove_column :users, :email is next'",
        '=begin',
        'drop_table :accounts',
        '=end',
        'add_column :users, :nickname, :string # rename_table :users, :people',
      ).replace('    =begin', '=begin').replace('    =end', '=end'),
    );
    expect(reading.operations).toEqual([op('add-column', 'users', 'nickname', 'string')]);
  });

  it('reads only the up part of reversible blocks', async () => {
    const reading = await read(
      change(
        'reversible do |dir|',
        '  dir.up do',
        '    change_column_default :users, :role, from: nil, to: "member"',
        '  end',
        '  dir.down { change_column_default :users, :role, from: "member", to: nil }',
        'end',
        'up_only { Account.update_all(plan: "free") }',
      ),
    );
    expect(reading.operations).toEqual([op('alter-column', 'users', 'role', 'DEFAULT "member"'), op('data', null, null, 'Account.update_all')]);
  });

  it('reads drop_table, rename_table, remove_column(s), change_column and rename_column', async () => {
    const reading = await read(
      change(
        'drop_table :legacy_orders do |t|',
        '  t.string :code',
        'end',
        'rename_table :customers, :clients',
        'remove_column :users, :age, :integer',
        'remove_columns :users, :nickname, :bio',
        'change_column :users, :score, :bigint, null: false',
        'rename_column :users, :mail, :email',
        'change_column_null :users, :phone, true',
      ),
    );
    expect(reading.operations).toEqual([
      op('drop-table', 'legacy_orders', null, null),
      op('rename-table', 'customers', null, '→ clients'),
      op('drop-column', 'users', 'age', null),
      op('drop-column', 'users', 'nickname', null),
      op('drop-column', 'users', 'bio', null),
      op('alter-column', 'users', 'score', 'bigint NOT NULL', { notNull: true }),
      op('rename-column', 'users', 'mail', '→ email'),
      op('alter-column', 'users', 'phone', 'NULL', { notNull: false }),
    ]);
  });

  it('reads indexes with several columns, names and removals', async () => {
    const reading = await read(
      change(
        'add_index :orders, [:user_id, :created_at], name: "index_orders_recent", unique: true',
        'remove_index :orders, column: :status',
        'remove_index :orders, name: :index_orders_on_code',
      ),
    );
    expect(reading.operations).toEqual([
      op('add-index', 'orders', null, 'index_orders_recent (user_id, created_at) UNIQUE'),
      op('drop-index', 'orders', null, '(status)'),
      op('drop-index', 'orders', null, 'index_orders_on_code'),
    ]);
  });

  it('reads add_reference, add_belongs_to, remove_reference and foreign keys', async () => {
    const reading = await read(
      change(
        'add_reference :comments, :post, null: false, foreign_key: true',
        'add_belongs_to :comments, :commentable, polymorphic: true, index: false',
        'remove_reference :comments, :user, index: true, foreign_key: true',
        'add_foreign_key :orders, :users, column: :buyer_id',
        'remove_foreign_key :orders, :accounts',
      ),
    );
    expect(reading.operations).toEqual([
      op('add-column', 'comments', 'post_id', 'bigint NOT NULL', { notNull: true }),
      op('add-index', 'comments', null, '(post_id)'),
      op('add-constraint', 'comments', 'post_id', 'FOREIGN KEY (post_id) REFERENCES posts'),
      op('add-column', 'comments', 'commentable_id', 'bigint'),
      op('add-column', 'comments', 'commentable_type', 'string'),
      op('drop-column', 'comments', 'user_id', null),
      op('add-constraint', 'orders', 'buyer_id', 'FOREIGN KEY (buyer_id) REFERENCES users'),
      op('drop-constraint', 'orders', 'account_id', 'FOREIGN KEY → accounts'),
    ]);
  });

  it('reads create_enum and an enum column', async () => {
    const reading = await read(change('create_enum :mood, ["happy", "sad"]', 'add_column :people, :mood, :enum, enum_type: :mood, default: "happy"'));
    expect(reading.operations).toEqual([
      op('create-enum', 'mood', null, 'happy, sad'),
      op('add-column', 'people', 'mood', 'enum DEFAULT "happy"', { hasDefault: true }),
    ]);
  });

  it('reads change_table blocks', async () => {
    const reading = await read(
      change(
        'change_table :products, bulk: true do |t|',
        '  t.remove :description, :name',
        '  t.string :part_number, limit: 40',
        '  t.index :part_number',
        '  t.rename :upccode, :upc_code',
        '  t.change :price, :decimal, precision: 10, scale: 2',
        '  t.column :stock, :integer, null: false, default: 0',
        '  t.timestamps null: true',
        'end',
      ),
    );
    expect(reading.operations).toEqual([
      op('drop-column', 'products', 'description', null),
      op('drop-column', 'products', 'name', null),
      op('add-column', 'products', 'part_number', 'string(40)'),
      op('add-index', 'products', null, '(part_number)'),
      op('rename-column', 'products', 'upccode', '→ upc_code'),
      op('alter-column', 'products', 'price', 'decimal(10,2)'),
      op('add-column', 'products', 'stock', 'integer NOT NULL DEFAULT 0', { notNull: true, hasDefault: true }),
      op('add-column', 'products', 'created_at', 'datetime NULL', { notNull: false }),
      op('add-column', 'products', 'updated_at', 'datetime NULL', { notNull: false }),
    ]);
  });

  it('reads create_table with id: :uuid and parenthesised calls inside wrapper blocks', async () => {
    const reading = await read(
      change('safety_assured do', '  create_table(:sessions, id: :uuid) do |t|', '    t.string(:token, null: false)', '  end', 'end', 'User.in_batches.update_all(active: true)'),
    );
    expect(reading.operations).toEqual([
      op('create-table', 'sessions', null, '(id uuid PRIMARY KEY, token string NOT NULL)'),
      op('data', null, null, 'User.in_batches'),
    ]);
  });

  it('reads nothing from a migration with only def down', async () => {
    const reading = await read(lines('class X < ActiveRecord::Migration[7.1]', '  def down', '    drop_table :users', '  end', 'end'));
    expect(reading.operations).toEqual([]);
  });
});
