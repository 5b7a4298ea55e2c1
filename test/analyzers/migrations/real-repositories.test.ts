/**
 * The migrations analyzer on tag ranges of real public repositories, read in place from local
 * mirrors (see test/helpers/mirrors.ts; skipped where a mirror is absent, as in CI): umami
 * (Prisma on PostgreSQL, plus ClickHouse SQL read by its first words) and
 * full-stack-fastapi-template (Alembic). The lists agree, operation by operation (kind, table,
 * column), with a reading of each migration's SQL or Python at TO (the deleted one at FROM) and of
 * the schema.prisma diff made without the analyzer; where they first differed the analyzer was
 * fixed (index drops now name their table). One judgement: an inline UNIQUE inside CREATE TABLE
 * belongs to the create-table. Each operation is `kind table.column`; an index over several
 * columns has no column.
 */
import { describe, expect, it } from 'vitest';
import { migrationsAnalyzer } from '../../../analyzers/migrations/index.js';
import { locateMirror } from '../../helpers/mirrors.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

interface VerifiedRange {
  repository: string;
  from: string;
  to: string;
  /** Path → `change framework`, and the operations in order. */
  files: Record<string, { change: string; operations: string[] }>;
}

const RANGES: VerifiedRange[] = [
  {
    repository: 'umami-software/umami',
    from: 'v3.0.3',
    to: 'v3.1.0',
    files: {
      'db/clickhouse/migrations/09_add_performance.sql': {
        change: 'added sql',
        operations: ['add-column umami.website_event.lcp', 'add-column umami.website_event.inp', 'add-column umami.website_event.cls', 'add-column umami.website_event.fcp', 'add-column umami.website_event.ttfb', 'drop-table umami.website_event_stats_hourly_mv', 'other'],
      },
      'db/clickhouse/migrations/10_add_session_replay.sql': {
        change: 'added sql',
        operations: ['create-table umami.session_replay'],
      },
      'prisma/migrations/15_add_share/migration.sql': {
        change: 'added prisma',
        operations: ['create-table share', 'add-index share.slug', 'add-index share.entity_id', 'data share', 'drop-index website.share_id', 'drop-index website.share_id', 'drop-column website.share_id'],
      },
      'prisma/migrations/16_boards/migration.sql': {
        change: 'added prisma',
        operations: ['create-table board', 'add-index board.slug', 'add-index board.slug', 'add-index board.user_id', 'add-index board.team_id', 'add-index board.created_at'],
      },
      'prisma/migrations/17_remove_duplicate_key/migration.sql': {
        change: 'added prisma',
        operations: ['drop-index link.link_id', 'drop-index pixel.pixel_id', 'drop-index report.report_id', 'drop-index revenue.revenue_id', 'drop-index segment.segment_id', 'drop-index session.session_id', 'drop-index team.team_id', 'drop-index team_user.team_user_id', 'drop-index user.user_id', 'drop-index website.website_id'],
      },
      'prisma/migrations/18_add_performance/migration.sql': {
        change: 'added prisma',
        operations: ['add-column website_event.cls', 'add-column website_event.fcp', 'add-column website_event.inp', 'add-column website_event.lcp', 'add-column website_event.ttfb'],
      },
      'prisma/migrations/19_add_session_replay/migration.sql': {
        change: 'added prisma',
        operations: ['drop-index board.slug', 'drop-index board.slug', 'drop-column board.slug', 'add-column website.replay_enabled', 'add-column website.replay_config', 'create-table session_replay', 'add-index session_replay.website_id', 'add-index session_replay.session_id', 'add-index session_replay', 'add-index session_replay', 'add-index session_replay', 'add-index session_replay', 'create-table session_replay_saved', 'add-index session_replay_saved.website_id', 'add-index session_replay_saved.visit_id', 'add-index session_replay_saved'],
      },
      'prisma/schema.prisma': {
        change: 'modified prisma',
        operations: ['drop-index user.user_id', 'drop-index session.session_id', 'drop-column website.share_id', 'add-column website.replay_enabled', 'add-column website.replay_config', 'drop-index website.website_id', 'drop-index website.share_id', 'drop-index website.share_id', 'add-column website_event.lcp', 'add-column website_event.inp', 'add-column website_event.cls', 'add-column website_event.fcp', 'add-column website_event.ttfb', 'drop-index team.team_id', 'drop-index team_user.team_user_id', 'drop-index report.report_id', 'drop-index segment.segment_id', 'drop-index revenue.revenue_id', 'drop-index link.link_id', 'drop-index pixel.pixel_id', 'create-table board', 'add-index board.user_id', 'add-index board.team_id', 'add-index board.created_at', 'create-table share', 'add-index share.slug', 'add-index share.entity_id', 'create-table session_replay', 'add-index session_replay.website_id', 'add-index session_replay.session_id', 'add-index session_replay.visit_id', 'add-index session_replay', 'add-index session_replay', 'add-index session_replay', 'add-index session_replay', 'create-table session_replay_saved', 'add-index session_replay_saved.website_id', 'add-index session_replay_saved.visit_id', 'add-index session_replay_saved', 'add-index session_replay_saved'],
      },
    },
  },
  {
    repository: 'fastapi/full-stack-fastapi-template',
    from: '0.5.0',
    to: '0.12.0',
    files: {
      'backend/app/alembic/versions/1a31ce608336_add_cascade_delete_relationships.py': {
        change: 'added alembic',
        operations: ['alter-column item.owner_id', 'drop-constraint item', 'add-constraint item.owner_id'],
      },
      'backend/app/alembic/versions/9c0a54914c78_add_max_length_for_string_varchar_.py': {
        change: 'added alembic',
        operations: ['alter-column user.email', 'alter-column user.full_name', 'alter-column item.title', 'alter-column item.description'],
      },
      'backend/app/alembic/versions/d98dd8ec85a3_edit_replace_id_integers_in_all_models_.py': {
        change: 'added alembic',
        operations: ['other', 'add-column user.new_id', 'add-column item.new_id', 'add-column item.new_owner_id', 'data user', 'data item', 'data item', 'alter-column user.new_id', 'alter-column item.new_id', 'drop-constraint item', 'drop-column item.owner_id', 'rename-column item.new_owner_id', 'drop-column user.id', 'rename-column user.new_id', 'drop-column item.id', 'rename-column item.new_id', 'add-constraint user', 'add-constraint item', 'add-constraint item.owner_id'],
      },
      'backend/app/alembic/versions/e2412789c190_initialize_models.py': {
        change: 'added alembic',
        operations: ['create-table user', 'add-index user', 'create-table item'],
      },
      'backend/app/alembic/versions/fe56fa70289e_add_created_at_to_user_and_item.py': {
        change: 'added alembic',
        operations: ['add-column item.created_at', 'add-column user.created_at'],
      },
      '{{cookiecutter.project_slug}}/backend/app/alembic/versions/d4867f3a4c0a_first_revision.py': {
        change: 'deleted alembic',
        operations: ['create-table user', 'add-index user', 'add-index user', 'add-index user', 'create-table item', 'add-index item', 'add-index item', 'add-index item'],
      },
    },
  },
];

for (const range of RANGES) {
  const located = locateMirror(range.repository);
  const title = `${range.repository} ${range.from}..${range.to}`;
  describe.skipIf('skip' in located)('skip' in located ? `${title} (${located.skip})` : title, () => {
    it('finds the migrations of the range and what each does to the schema, operation by operation', async () => {
      const { gitDir } = located as { gitDir: string };
      const { facts } = await runAnalyzer(migrationsAnalyzer, gitDir, { from: range.from, to: range.to });
      const found = Object.fromEntries(
        facts.migrations!.map((m) => [m.path, { change: `${m.change} ${m.framework}`, operations: m.operations.map((o) => `${o.kind} ${o.table ?? ''}${o.column ? `.${o.column}` : ''}`.trim()) }]),
      );
      const expected = Object.fromEntries(Object.entries(range.files).map(([path, file]) => [path, { ...file, operations: file.operations }]));
      expect(found).toEqual(expected);
    });
  });
}
