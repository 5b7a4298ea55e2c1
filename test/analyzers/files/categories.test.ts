import { describe, expect, it } from 'vitest';
import { categorize } from '../../../analyzers/files/categories.js';
import type { FileCategory } from '../../../src/facts/schema.js';

/** Real-world paths, the tricky ones commented with the rule that decides them. */
const CASES: Array<[string, FileCategory]> = [
  // lockfiles, anywhere
  ['package-lock.json', 'lockfile'],
  ['packages/web/pnpm-lock.yaml', 'lockfile'],
  ['yarn.lock', 'lockfile'],
  ['bun.lockb', 'lockfile'],
  ['Cargo.lock', 'lockfile'],
  ['go.sum', 'lockfile'],
  ['backend/poetry.lock', 'lockfile'],
  ['Gemfile.lock', 'lockfile'],
  ['test/fixtures/npm-v3/package-lock.json', 'lockfile'], // lockfile names win over test folders
  // manifests, anywhere
  ['package.json', 'manifest'],
  ['packages/api/package.json', 'manifest'],
  ['pyproject.toml', 'manifest'],
  ['requirements.txt', 'manifest'],
  ['requirements-dev.txt', 'manifest'],
  ['requirements/base.txt', 'manifest'],
  ['go.mod', 'manifest'],
  ['app/build.gradle.kts', 'manifest'],
  ['pom.xml', 'manifest'],
  ['setup.py', 'manifest'], // not source, although .py
  // CI
  ['.github/workflows/ci.yml', 'ci'],
  ['.github/workflows/test.yml', 'ci'], // "test" in a file name is not a test folder
  ['.github/actions/setup/action.yml', 'ci'],
  ['.gitlab-ci.yml', 'ci'],
  ['ci/deploy.gitlab-ci.yml', 'ci'],
  ['.circleci/config.yml', 'ci'],
  ['Jenkinsfile', 'ci'],
  ['azure-pipelines.yml', 'ci'],
  ['.buildkite/pipeline.yml', 'ci'],
  ['.travis.yml', 'ci'],
  ['packages/x/.github/workflows/ci.yml', 'config'], // GitHub reads workflows at the root only
  // tests
  ['src/api/orders.test.ts', 'test'],
  ['src/components/Button.spec.jsx', 'test'],
  ['test/app.e2e-spec.ts', 'test'],
  ['src/__tests__/util.js', 'test'],
  ['src/__snapshots__/util.test.js.snap', 'test'],
  ['tests/test_orders.py', 'test'],
  ['app/orders_test.py', 'test'],
  ['pkg/orders/orders_test.go', 'test'],
  ['spec/models/user_spec.rb', 'test'],
  ['src/test/java/com/acme/OrderServiceTest.java', 'test'],
  ['e2e/login.ts', 'test'],
  ['cypress/support/commands.js', 'test'],
  ['conftest.py', 'test'],
  ['test/README.md', 'test'], // a test folder's docs and fixtures belong to the suite
  ['test/fixtures/logo.png', 'test'],
  ['db/migrations/__tests__/0001.test.ts', 'test'], // a test of a migration is a test
  ['src/test/resources/db/migration/V1__init.sql', 'test'], // migrations kept as test fixtures
  ['src/latest.ts', 'source'], // "test" inside a word is nothing
  ['src/contest/entry.ts', 'source'],
  // migrations
  ['migrations/0001_initial.py', 'migration'],
  ['app/orders/migrations/0002_add_total.py', 'migration'],
  ['prisma/migrations/20240101120000_init/migration.sql', 'migration'],
  ['prisma/migrations/migration_lock.toml', 'migration'],
  ['db/migrate/20240101120000_create_users.rb', 'migration'],
  ['src/main/resources/db/migration/V2__add_orders.sql', 'migration'],
  ['sql/V3_1__add_index.sql', 'migration'],
  ['sql/R__refresh_views.sql', 'migration'],
  ['alembic/versions/3f2a1c_add_users.py', 'migration'],
  ['src/migration/1700000000000-Init.ts', 'migration'],
  ['db/000001_create_users.up.sql', 'migration'],
  ['db/000001_create_users.down.sql', 'migration'],
  ['cmd/migrate/main.go', 'source'], // the code that runs migrations
  // docs
  ['README.md', 'docs'],
  ['docs/guide/intro.mdx', 'docs'],
  ['docs/architecture.txt', 'docs'],
  ['docs/img/diagram.png', 'docs'], // a docs folder's images belong to the docs
  ['docs/conf.py', 'docs'],
  ['CHANGELOG.md', 'docs'],
  ['LICENSE', 'docs'],
  ['LICENSE-MIT', 'docs'],
  ['AUTHORS', 'docs'],
  ['src/authors.js', 'source'], // code that shares a document's name
  ['src/history.ts', 'source'],
  ['guide.rst', 'docs'],
  ['.github/ISSUE_TEMPLATE/bug_report.md', 'docs'],
  ['notes.txt', 'other'], // .txt is docs only under docs/
  // assets
  ['public/logo.svg', 'asset'],
  ['src/assets/hero.webp', 'asset'],
  ['fonts/Inter.woff2', 'asset'],
  ['media/intro.mp4', 'asset'],
  ['spec-sheet.pdf', 'asset'],
  // config
  ['.gitignore', 'config'],
  ['.editorconfig', 'config'],
  ['.npmrc', 'config'],
  ['.nvmrc', 'config'],
  ['.env.example', 'config'],
  ['.eslintrc.cjs', 'config'],
  ['.prettierrc', 'config'],
  ['vite.config.ts', 'config'],
  ['jest.config.js', 'config'],
  ['packages/web/next.config.mjs', 'config'],
  ['tsconfig.json', 'config'],
  ['tsconfig.build.json', 'config'],
  ['Dockerfile', 'config'],
  ['docker/Dockerfile.dev', 'config'],
  ['docker-compose.yml', 'config'],
  ['docker-compose.prod.yaml', 'config'],
  ['compose.yaml', 'config'],
  ['Makefile', 'config'],
  ['k8s/deployment.yaml', 'config'],
  ['config/default.json', 'config'],
  ['renovate.json', 'config'],
  ['.vscode/settings.json', 'config'],
  ['.husky/pre-commit', 'config'],
  ['.storybook/main.ts', 'config'], // a tool's folder holds its config, even as code
  ['infra/main.tf', 'config'],
  ['src/config/tsconfig.json', 'config'], // named config wins over the source folder
  // source
  ['src/index.ts', 'source'],
  ['src/App.tsx', 'source'],
  ['lib/orders.rb', 'source'],
  ['main.go', 'source'],
  ['scripts/build.sh', 'source'],
  ['src/styles/main.scss', 'source'],
  ['schema.graphql', 'source'],
  ['analysis/model.R', 'source'], // extensions are case-insensitive
  ['src/locales/en.json', 'source'], // data the code ships with
  ['app/config/settings.yaml', 'source'],
  ['queries/report.sql', 'source'],
  ['index.html', 'source'],
  // other
  ['data/export.csv', 'other'],
  ['CODEOWNERS', 'config'],
  ['bin/tool', 'other'],
];

describe('categorize', () => {
  it.each(CASES)('%s is %s', (path, category) => {
    expect(categorize(path)).toBe(category);
  });

  it('makes an unrecognised binary file an asset, and leaves named files to their convention', () => {
    expect(categorize('data/model.bin', { binary: true })).toBe('asset');
    expect(categorize('data/model.bin')).toBe('other');
    expect(categorize('test/fixtures/archive.bin', { binary: true })).toBe('test');
    expect(categorize('src/generated.js', { binary: true })).toBe('source');
  });
});
