/**
 * What a changed path is, judged from its name and folders only (plus git's binary flag, for
 * files no naming convention covers). The conventions are the tables below; the rules are tried in
 * this order and the first that matches wins:
 *
 *  1. lockfile   exact lockfile names, in any folder (a lockfile is a lockfile wherever it sits)
 *  2. manifest   exact manifest names, in any folder (monorepo packages, nested projects)
 *  3. ci         CI folders and files (.github/workflows/, .gitlab-ci.yml, Jenkinsfile, ...)
 *  4. test       test file names (*.test.*, *_test.go, test_*.py, ...) and anything under a test
 *                folder (test/, __tests__/, spec/, e2e/, src/test/, ...): fixtures, snapshots and
 *                READMEs there belong to the test suite. So a test of a migration is a test, and
 *                migrations kept as test fixtures (tests/migrations/) are tests too.
 *  5. migration  files under a migrations/ folder, db/migrate/ (Rails), db/migration/ (Flyway),
 *                src/migration/ (TypeORM), alembic/versions/, Flyway V1__name.sql and
 *                *.up.sql / *.down.sql. A bare migrate/ or migration/ folder elsewhere is more
 *                often the code that runs migrations (cmd/migrate/main.go), so it does not count.
 *  6. docs       *.md, *.mdx, *.rst, *.adoc, README/LICENSE/CHANGELOG-like names without a code
 *                extension (AUTHORS yes, authors.js no), anything under a docs/ or doc/ folder
 *                (its images and site sources included)
 *  7. asset      images, fonts, audio, video, PDF
 *  8. config     named config files (dotfiles, *.config.js, tsconfig*.json, Dockerfile, compose
 *                files, Makefile, ...), files under dot-folders (.vscode/, .husky/, .storybook/),
 *                and data-format files (*.json, *.yaml, *.toml, *.ini, ...) outside source folders
 *  9. source     code extensions, and data-format files inside source folders (src/, lib/, app/,
 *                ...), which the code ships with (locales, schemas)
 * 10. asset      any other binary file
 * 11. other
 */
import type { FileCategory } from '../../src/facts/schema.js';

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'deno.lock',
  'Cargo.lock', 'poetry.lock', 'uv.lock', 'Pipfile.lock', 'Gemfile.lock', 'composer.lock', 'go.sum',
]);

const MANIFESTS = new Set([
  'package.json', 'pyproject.toml', 'Pipfile', 'setup.py', 'setup.cfg', 'Cargo.toml', 'go.mod', 'Gemfile',
  'composer.json', 'pom.xml', 'build.gradle', 'build.gradle.kts',
]);
/** requirements.txt, requirements-dev.txt, requirements_test.txt (and requirements/base.txt, by folder). */
const REQUIREMENTS = /^requirements([-_.][^/]*)?\.txt$/;

/** CI systems read these at the repository root only. */
const CI_FOLDERS = ['.github/workflows/', '.github/actions/', '.circleci/', '.buildkite/', '.ci/', '.gitlab/ci/', '.woodpecker/'];
const CI_FILES = new Set([
  '.gitlab-ci.yml', 'Jenkinsfile', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', '.travis.yml', '.drone.yml',
  'appveyor.yml', '.appveyor.yml', '.woodpecker.yml',
]);

/** Folder names that hold tests (Java's src/test/ included, as `test`). */
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', '__mocks__', '__snapshots__', 'spec', 'e2e', 'cypress', 'testdata']);
const TEST_NAMES: RegExp[] = [
  /.\.(e2e-)?(test|spec)\.[^/]+$/, // app.test.ts, Button.spec.jsx, app.e2e-spec.ts
  /^test_[^/]*\.py$/, // pytest
  /._test\.(py|go)$/, // pytest, Go
  /._spec\.rb$/, // RSpec
  /^conftest\.py$/, // pytest fixtures
];

/** migrations/ anywhere (Django, Knex, Sequelize, prisma/migrations, Flask-Migrate). */
const MIGRATION_FOLDER = 'migrations';
/** Folder pairs: Rails db/migrate, Flyway db/migration, TypeORM src/migration, Alembic alembic/versions. */
const MIGRATION_FOLDER_PAIRS: Array<[string, string]> = [['db', 'migrate'], ['db', 'migration'], ['src', 'migration'], ['alembic', 'versions']];
const MIGRATION_NAMES: RegExp[] = [
  /^[VU]\d+(?:[._]\d+)*__[^/]+\.sql$/i, // Flyway versioned and undo migrations
  /^R__[^/]+\.sql$/i, // Flyway repeatable migrations
  /\.(up|down)\.sql$/i, // golang-migrate, dbmate-style pairs
];

const DOC_EXTENSIONS = new Set(['md', 'mdx', 'markdown', 'rst', 'adoc', 'asciidoc']);
/** LICENSE, LICENSE.txt, COPYING, CHANGELOG.md, README, CONTRIBUTING, ... (not history.ts: see isDocName). */
const DOC_NAMES = /^(readme|license|licence|copying|changelog|changes|history|contributing|authors|notice|code_of_conduct)([-_.][^/]*)?$/i;
const DOC_FOLDERS = new Set(['docs', 'doc', 'documentation']);

const ASSET_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'ico', 'icns', 'svg', 'tif', 'tiff', 'psd', 'heic',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp3', 'wav', 'ogg', 'oga', 'flac', 'm4a', 'aac', 'opus',
  'mp4', 'webm', 'mov', 'avi', 'mkv', 'm4v',
  'pdf',
]);

const CONFIG_NAMES = new Set([
  'Makefile', 'GNUmakefile', 'makefile', 'Procfile', 'Vagrantfile', 'Caddyfile', 'Justfile', 'justfile', 'Brewfile', 'CODEOWNERS',
]);
const CONFIG_PATTERNS: RegExp[] = [
  /^\./, // dotfiles: .gitignore, .editorconfig, .npmrc, .nvmrc, .env.example, .eslintrc.cjs, .prettierrc
  /\.config\.(js|ts|mjs|cjs|mts|cts|json)$/, // vite.config.ts, jest.config.js, next.config.mjs
  /^[tj]sconfig[^/]*\.json$/, // tsconfig.json, tsconfig.build.json, jsconfig.json
  /^Dockerfile/, /\.dockerfile$/i, // Dockerfile, Dockerfile.dev, api.dockerfile
  /^(docker-)?compose[^/]*\.ya?ml$/, // docker-compose.yml, docker-compose.prod.yaml, compose.yaml
  /\.mk$/,
];
/** Data formats: config outside source folders, part of the source inside them. k8s manifests are YAML. */
const DATA_EXTENSIONS = new Set(['json', 'json5', 'jsonc', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'properties', 'xml', 'tf', 'tfvars', 'hcl', 'env']);
const SOURCE_FOLDERS = new Set(['src', 'lib', 'app', 'pkg', 'cmd', 'internal', 'source', 'sources']);

const SOURCE_EXTENSIONS = new Set([
  'js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts', 'py', 'go', 'rb', 'rs', 'java', 'kt', 'kts', 'scala', 'php', 'cs',
  'c', 'h', 'cc', 'cpp', 'hpp', 'swift', 'm', 'sh', 'bash', 'zsh', 'ps1', 'sql', 'vue', 'svelte', 'astro', 'html',
  'css', 'scss', 'sass', 'less', 'graphql', 'proto', 'lua', 'dart', 'ex', 'exs', 'erl', 'clj', 'hs', 'ml', 'r', 'jl', 'pl',
]);

/** The parts of a path the rules look at. */
export interface PathParts {
  path: string;
  /** The file name. */
  name: string;
  /** The folder names, outermost first. */
  folders: string[];
  /** The lower-cased extension without the dot, '' when there is none. */
  extension: string;
}

export function splitPath(path: string): PathParts {
  const segments = path.split('/');
  const name = segments.pop() ?? '';
  const dot = name.lastIndexOf('.');
  return { path, name, folders: segments, extension: dot > 0 ? name.slice(dot + 1).toLowerCase() : '' };
}

interface CategoryRule {
  category: FileCategory;
  matches(parts: PathParts, binary: boolean): boolean;
}

/** The rules in precedence order, as the header explains. */
const RULES: CategoryRule[] = [
  { category: 'lockfile', matches: ({ name }) => LOCKFILES.has(name) },
  {
    category: 'manifest',
    matches: ({ name, folders, extension }) => MANIFESTS.has(name) || REQUIREMENTS.test(name) || (folders.at(-1) === 'requirements' && extension === 'txt'),
  },
  { category: 'ci', matches: ({ name, path }) => CI_FILES.has(name) || /\.gitlab-ci\.ya?ml$/.test(name) || CI_FOLDERS.some((folder) => path.startsWith(folder)) },
  { category: 'test', matches: ({ name, folders }) => folders.some((f) => TEST_FOLDERS.has(f)) || TEST_NAMES.some((re) => re.test(name)) },
  {
    category: 'migration',
    matches: ({ name, folders }) =>
      folders.includes(MIGRATION_FOLDER) || hasFolderPair(folders, MIGRATION_FOLDER_PAIRS) || MIGRATION_NAMES.some((re) => re.test(name)),
  },
  { category: 'docs', matches: (parts) => DOC_EXTENSIONS.has(parts.extension) || isDocName(parts) || parts.folders.some((f) => DOC_FOLDERS.has(f)) },
  { category: 'asset', matches: ({ extension }) => ASSET_EXTENSIONS.has(extension) },
  {
    category: 'config',
    matches: ({ name, folders, extension }) =>
      CONFIG_NAMES.has(name) ||
      CONFIG_PATTERNS.some((re) => re.test(name)) ||
      folders.some((f) => f.startsWith('.')) ||
      (DATA_EXTENSIONS.has(extension) && !folders.some((f) => SOURCE_FOLDERS.has(f))),
  },
  { category: 'source', matches: ({ extension }) => SOURCE_EXTENSIONS.has(extension) || DATA_EXTENSIONS.has(extension) },
  { category: 'asset', matches: (_parts, binary) => binary },
];

/**
 * The category of a path. `binary` is git's verdict on the content (TreeChange.binary); it only
 * decides for files that no naming convention covers.
 */
export function categorize(path: string, options: { binary?: boolean } = {}): FileCategory {
  const parts = splitPath(path);
  for (const rule of RULES) if (rule.matches(parts, options.binary ?? false)) return rule.category;
  return 'other';
}

/** LICENSE-MIT and CHANGES.txt are documents; history.ts and authors.js are code that happens to share the name. */
function isDocName({ name, extension }: PathParts): boolean {
  return DOC_NAMES.test(name) && !SOURCE_EXTENSIONS.has(extension) && !DATA_EXTENSIONS.has(extension);
}

function hasFolderPair(folders: string[], pairs: Array<[string, string]>): boolean {
  return folders.some((folder, i) => pairs.some(([outer, inner]) => folder === outer && folders[i + 1] === inner));
}
