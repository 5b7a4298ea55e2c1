/**
 * The facts model: the public JSON contract between analyzers, templates and pipelines.
 * The zod schemas are the single source: the TypeScript types are inferred from them and
 * docs/facts.schema.json is generated from them (`npm run schema`, checked by a test).
 * Field names here are a promise to pipelines: add fields, never rename or remove without a
 * schemaVersion bump.
 */
import { z } from 'zod';
import { SCHEMA_VERSION } from './schema-version.js';
import { STACK_CATEGORIES } from './stack-categories.js';

export { SCHEMA_VERSION };

const oid = z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/).describe('A full commit or object id (SHA-1, or SHA-256 with the git engine).');

export const PersonSchema = z.object({
  name: z.string(),
  email: z.string(),
  /** ISO 8601 in the person's own time zone, e.g. 2024-03-01T10:00:00+02:00. */
  date: z.string().describe('ISO 8601 with the time zone git recorded, e.g. 2024-03-01T10:00:00+02:00.'),
});

export const TrailerSchema = z.object({ key: z.string(), value: z.string() });

export const CommitFactSchema = z.object({
  oid,
  parents: z.array(oid),
  author: PersonSchema,
  committer: PersonSchema,
  subject: z.string().describe("The first paragraph of the message, joined into one line (git's %s)."),
  body: z.string().describe('The message after the subject, without trailing blank lines.'),
  trailers: z.array(TrailerSchema).describe("Key: value lines of the message's last paragraph."),
  merge: z.boolean(),
  type: z.string().nullable().describe('Conventional-commit type (feat, fix, ...), lower-cased, or null.'),
  scope: z.string().nullable(),
  breaking: z.boolean().describe('`type!:` or a BREAKING CHANGE / BREAKING-CHANGE footer.'),
  breakingNote: z.string().nullable().describe('The text of the BREAKING CHANGE footer, or the subject of a `type!:` commit.'),
  pr: z.number().int().nullable().describe('Pull or merge request number from the subject or body, or null.'),
  coAuthors: z.array(z.object({ name: z.string(), email: z.string() })),
  additions: z.number().int().nullable().describe('Lines added by this commit against its first parent (git log --numstat); null for merges.'),
  deletions: z.number().int().nullable(),
});

export const AuthorFactSchema = z.object({
  name: z.string(),
  email: z.string(),
  commits: z.number().int().describe('Commits authored in the range, merges included.'),
  coAuthored: z.number().int().describe('Commits in the range naming this person in a Co-authored-by trailer.'),
  additions: z.number().int(),
  deletions: z.number().int(),
  firstDate: z.string().nullable().describe('Author date of their oldest commit in the range.'),
  lastDate: z.string().nullable(),
});

export const FileStatusSchema = z.enum(['added', 'modified', 'deleted', 'renamed', 'typechanged']);

export const FileCategorySchema = z
  .enum(['source', 'test', 'docs', 'config', 'ci', 'manifest', 'lockfile', 'migration', 'asset', 'other'])
  .describe('What the path is, judged from its name and folder only (conventions, not contents).');

export const FileFactSchema = z.object({
  path: z.string(),
  oldPath: z.string().nullable().describe('The previous path of a renamed file, otherwise null.'),
  status: FileStatusSchema,
  additions: z.number().int().nullable().describe('Lines added (git diff --numstat); null for binary files.'),
  deletions: z.number().int().nullable(),
  binary: z.boolean(),
  kind: z.enum(['file', 'symlink', 'submodule']).describe('What the path is at TO (at FROM when deleted).'),
  oldMode: z.string().nullable(),
  newMode: z.string().nullable(),
  similarity: z.number().int().nullable().describe('Rename similarity in percent, renames only.'),
  category: FileCategorySchema,
  security: z
    .string()
    .nullable()
    .describe('Why the path looks security-relevant (for example "authentication", "secrets"), judged from its name; null otherwise.'),
  description: z
    .string()
    .nullable()
    .describe(
      'A short description: the subject of the commit that introduced the file (added) or last changed it (otherwise), without its conventional-commit prefix or pull request suffix; null when no commit of the range touched the path (merges only).',
    ),
  commits: z.number().int().describe('Non-merge commits of the range that changed this path.'),
});

export const WarningSchema = z.object({
  analyzer: z.string(),
  message: z.string(),
  path: z.string().nullable(),
});

export const RangeSchema = z.object({
  from: z.string().nullable().describe('FROM as given or chosen; null when the range starts at the root.'),
  to: z.string(),
  fromOid: oid.nullable(),
  toOid: oid,
  mergeBase: oid.nullable().describe('The merge base of FROM and TO, which the file diff starts from.'),
  fromSource: z.enum(['argument', 'nearest-tag', 'root']).describe('How FROM was chosen.'),
  paths: z.array(z.string()).optional().describe('--path: the folders every fact is restricted to, from the repository root; absent when the facts cover the whole repository.'),
});

const count = z.number().int();

/** Totals over the facts; a part is null when the analyzer it comes from did not run. */
export const SummarySchema = z.object({
  commits: count.nullable(),
  merges: count.nullable(),
  pullRequests: count.nullable().describe('Distinct pull request numbers found in the range.'),
  authors: count.nullable().describe('People who authored commits in the range (co-authors only are not counted).'),
  commitTypes: z.record(z.string(), count).nullable().describe('Commits per conventional type; "other" for the rest.'),
  breakingChanges: count.nullable(),
  startDate: z.string().nullable().describe('Oldest author date in the range.'),
  endDate: z.string().nullable().describe('Newest author date in the range.'),
  durationDays: z.number().nullable().describe('Days from startDate to endDate, one decimal.'),
  filesChanged: count.nullable(),
  filesByStatus: z.object({ added: count, modified: count, deleted: count, renamed: count, typechanged: count }).nullable(),
  additions: count.nullable().describe('Lines added between the two ends (text files).'),
  deletions: count.nullable(),
});

export const ActivityPeriodSchema = z.object({
  period: z.string().describe('2024-03-13 (day), 2024-W11 (ISO 8601 week) or 2024-03 (month).'),
  start: z.string().describe('Its first day, YYYY-MM-DD.'),
  end: z.string().describe('Its last day, YYYY-MM-DD.'),
  commits: count.describe('Commits (merges included) whose author date in UTC falls in the period.'),
});

export const FolderChurnSchema = z.object({
  folder: z.string().describe('A top-level folder; "(root)" for the files at the top level; "(other)" sums the folders past the first eight when there are ten or more.'),
  files: count,
  additions: count.describe('Lines added, as in files (binary files count none).'),
  deletions: count,
  lines: count.describe('additions + deletions: what folders are ranked by.'),
});

/** Derived from the commits and files when the facts are assembled, for charts. */
export const ActivitySchema = z.object({
  timeline: z
    .object({
      unit: z.enum(['day', 'week', 'month']).describe('The finest of day, ISO week and month that needs at most 31 periods.'),
      periods: z.array(ActivityPeriodSchema).describe("Every period from the first commit's to the last commit's, empty ones included, oldest first."),
    })
    .nullable()
    .describe('Commits per period of their author dates in UTC; null when the commits analyzer did not run.'),
  folders: z
    .array(FolderChurnSchema)
    .nullable()
    .describe('Changed files and lines by top-level folder (a renamed file counts where it is now): most lines first, then most files, then by name; null when the files analyzer did not run.'),
});

export const WorkItemFileSchema = z.object({
  path: z.string(),
  status: FileStatusSchema.nullable().describe("The path's net status over the range, or null when its changes cancel out (created and deleted again)."),
});

/**
 * A unit of work as the history shows it: a merged branch (its merge commit and the commits it
 * brought in) or one commit made directly on the main line (often a squash-merged pull request).
 */
export const WorkItemSchema = z.object({
  id: z.string().describe('Stable across re-runs: `pr-<number>` when a pull request is known, otherwise `commit-<12 hex digits>` of the merge or commit.'),
  title: z.string().describe("The pull request title when the merge records it, otherwise the commit subject without its pull request suffix."),
  pr: z.number().int().nullable(),
  type: z.string().nullable().describe('Conventional type of the title, else the most significant type among its commits (feat, then fix).'),
  breaking: z.boolean(),
  merge: oid.nullable().describe('The merge commit, null for a direct commit.'),
  commits: z.array(oid).describe('The non-merge commits of the item, oldest first.'),
  subjects: z.array(z.string()).describe('Subjects of those commits, in the same order.'),
  authors: z.array(z.string()).describe('Author names, by number of commits in the item, then name.'),
  startDate: z.string().describe('Author date of its oldest commit.'),
  endDate: z.string().describe('Author date of the merge, or of its newest commit.'),
  durationDays: z.number(),
  files: z.array(WorkItemFileSchema).describe('Paths its commits changed, sorted.'),
});

export const TodoSchema = z.object({
  path: z.string(),
  line: z.number().int().describe('Line number at TO (added) or at the diff base (removed).'),
  tag: z.enum(['TODO', 'FIXME', 'HACK', 'XXX']),
  text: z.string().describe('The comment text after the tag, with credentials redacted.'),
  change: z.enum(['added', 'removed']),
});

export const ManifestFactSchema = z.object({
  path: z.string(),
  ecosystem: z.enum(['npm', 'pypi', 'cargo', 'go', 'rubygems', 'composer', 'maven', 'gradle']),
  name: z.string().nullable(),
  version: z.string().nullable(),
});

export const DeclaredDependencySchema = z.object({
  manifest: z.string(),
  name: z.string(),
  version: z.string().nullable().describe('The declared version or range, as written in the manifest.'),
  type: z.string().describe('The manifest section: dependencies, devDependencies, peerDependencies, optionalDependencies, or the ecosystem equivalent.'),
});

export const StackEntrySchema = z.object({
  category: z.enum(STACK_CATEGORIES),
  name: z.string().describe('A display name, for example "PostgreSQL" or "Express".'),
  evidence: z.string().describe('What it was recognised from: a package, a file, or file extensions.'),
  version: z.string().nullable(),
});

/** The repository as it stands at TO: what forward-looking reports (the plan) describe. */
export const ProjectSchema = z.object({
  name: z.string().describe('The root manifest name, else the repository folder name.'),
  version: z.string().nullable().describe('The root manifest version at TO.'),
  description: z.string().nullable(),
  license: z.string().nullable(),
  branch: z.string().nullable().describe('The branch the report is about: TO itself when it names a branch, else the checked-out or another local branch whose tip or history holds TO.'),
  tags: z.array(z.string()).describe('Tags pointing at TO.'),
  date: z.string().describe("TO's committer date: the date of the state this describes."),
  manifests: z.array(ManifestFactSchema),
  languages: z.array(z.object({ name: z.string(), files: z.number().int() })).describe('Languages by number of files at TO, most first.'),
  stack: z.array(StackEntrySchema),
  dependencies: z.array(DeclaredDependencySchema).describe('Direct dependencies declared in the manifests at TO.'),
  scripts: z.array(z.object({ manifest: z.string(), name: z.string(), command: z.string() })),
  directories: z.array(z.object({ path: z.string(), files: z.number().int() })).describe('Folders at TO, two levels deep, with the number of files below each.'),
});

const location = z.object({ path: z.string(), line: z.number().int() });
const semverBump = z.enum(['major', 'minor', 'patch', 'prerelease', 'non-semver']);

export const DependencyChangeSchema = z.object({
  ecosystem: z.enum(['npm', 'cargo', 'pypi', 'go', 'rubygems', 'composer']).describe('The package registry: npm also covers yarn, pnpm and bun lockfiles.'),
  manifest: z.string().describe('The lockfile the change was read from (go.mod and requirements files are their own lockfiles).'),
  name: z.string().describe('The registry\'s package name: an npm alias (`"x": "npm:y@1"`) is reported as the package it installs, `y`.'),
  change: z
    .enum(['added', 'removed', 'upgraded', 'downgraded', 'changed'])
    .describe('Per version: a version at both ends is unchanged. `changed` pairs two versions that have no order (git commits, URLs).'),
  from: z.string().nullable().describe('The version at FROM; null when added.'),
  to: z.string().nullable().describe('The version at TO; null when removed.'),
  bump: semverBump
    .nullable()
    .describe('For upgraded, downgraded and changed: semver step, major when the newer version is outside the caret range of the older (a 0.y minor step is major); non-semver for calendar versions and versions without semver order.'),
  direct: z.boolean().describe('A workspace manifest declares the package and it resolves to this version (TO for added and changed, FROM for removed).'),
  type: z.string().nullable().describe('Dependency type of a direct dependency as its manifest names it (dependencies, devDependencies, dev-dependencies, require-dev, ...); the strongest when several workspaces declare it.'),
  range: z.string().nullable().describe('The declared range of a direct dependency (the root workspace\'s when it declares it).'),
  workspaces: z.array(z.string()).describe('The folders of the workspaces that declare it directly, `.` for the root; empty for a transitive dependency.'),
  license: z.string().nullable().describe('Where the lockfile records it (npm v2/v3, composer).'),
});

const byChange = z.object({ added: count, removed: count, upgraded: count, downgraded: count, changed: count });
const byBump = z.object({ major: count, minor: count, patch: count, prerelease: count, 'non-semver': count });

/** Counts over `dependencies`, and which lockfiles were read. */
export const DependencySummarySchema = z.object({
  lockfiles: z.array(z.string()).describe('The lockfiles that changed in the range and were compared, read or not.'),
  direct: z.object({ byChange, byBump }),
  transitive: z.object({ byChange, byBump }),
});

export const MigrationOperationSchema = z.object({
  kind: z.string().describe('create-table, drop-table, rename-table, add-column, drop-column, alter-column, add-index, drop-index, add-constraint, drop-constraint, create-enum, data, other.'),
  table: z.string().nullable(),
  column: z.string().nullable(),
  detail: z.string().nullable(),
});

export const MigrationSchema = z.object({
  path: z.string(),
  framework: z.string(),
  change: z.enum(['added', 'modified', 'deleted']),
  operations: z.array(MigrationOperationSchema),
  destructive: z.boolean(),
  sql: z.string().nullable().describe('The statements, size-capped, for templates that show SQL.'),
  risks: z.array(z.string()).default([]).describe('What a reviewer should look at: drops, a NOT NULL column without a default, a shipped migration edited, renamed or deleted.'),
  command: z.string().nullable().default(null).describe("The framework's command that applies its migrations, for the deployment notes."),
});

export const RouteSchema = z.object({
  method: z.string(),
  path: z.string(),
  change: z.enum(['added', 'removed', 'modified', 'unchanged']).describe('unchanged entries make up the inventory at TO.'),
  framework: z.string(),
  file: z.string(),
  line: z.number().int(),
  handler: z.string().nullable(),
  auth: z.string().nullable().describe('Auth middleware or guard visible in the declaration.'),
  dynamic: z.boolean().default(false).describe('Part of the path is computed at run time; that part is written {…}.'),
  modifications: z.array(z.string()).default([]).describe('For modified routes: what changed (handler, auth, middleware, parameter names).'),
});

export const EnvVarSchema = z.object({
  name: z.string(),
  change: z.enum(['added', 'removed', 'unchanged']).describe('unchanged entries make up the inventory at TO.'),
  sources: z.array(z.enum(['code', 'example', 'compose', 'k8s', 'ci'])),
  locations: z.array(location),
  default: z.string().nullable().describe('A literal default written in code; never a value from an .env file.'),
  required: z.boolean(),
  documented: z.boolean().describe('Declared in an example, compose, k8s or CI file.'),
});

const coverageCount = z.object({ found: count, hit: count, percent: z.number().nullable() });

export const CoverageSchema = z.object({
  sources: z.array(z.object({ path: z.string(), modified: z.string(), base: z.boolean().default(false).describe('Read with --base-lcov.') })).describe('The lcov tracefiles read and their modification times.'),
  totals: z.object({ lines: coverageCount, functions: coverageCount, branches: coverageCount }),
  files: z.array(z.object({ path: z.string(), lines: coverageCount, functions: coverageCount, branches: coverageCount })).describe('Files changed in the range.'),
  patch: z.object({
    lines: coverageCount.describe('Lines added or changed in the range: instrumented (found) and covered (hit).'),
    files: z.array(z.object({ path: z.string(), lines: coverageCount, uncovered: z.array(z.string()).describe('Uncovered line ranges, e.g. "12-15".') })),
    unmeasured: z.array(z.string()).default([]).describe('Source files the range added or changed that no tracefile covers at all.'),
  }),
  delta: z.object({ lines: z.number().nullable(), functions: z.number().nullable(), branches: z.number().nullable() }).nullable().describe('Percentage points against --base-lcov.'),
});

export const TestFileSchema = z.object({
  path: z.string(),
  change: z.enum(['added', 'modified', 'deleted', 'renamed']),
  level: z.enum(['unit', 'integration', 'e2e']),
  casesAdded: z.array(z.string()),
  casesRemoved: z.array(z.string()),
});

export const TestsSchema = z.object({
  files: z.array(TestFileSchema),
  results: z.object({
    total: count,
    passed: count,
    failed: count,
    skipped: count,
    sources: z.array(z.string()).default([]).describe('The JUnit XML files read.'),
  }).nullable().describe('From --junit, when given: test cases counted in the reports, a <failure> or <error> as failed.'),
});

export const FactsSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('impl-draft'), version: z.string() }),
  repository: z.object({ name: z.string().describe('The working tree or bare repository folder name.') }),
  range: RangeSchema,
  summary: SummarySchema,
  // Added after schemaVersion 1 was published: facts saved before it have none, and still load.
  activity: ActivitySchema.nullable().default(null).describe('Commits per period and changes per folder, for charts; null when neither the commits nor the files analyzer ran.'),
  commits: z.array(CommitFactSchema).describe('The commits of git rev-list TO ^FROM, in git order.'),
  authors: z.array(AuthorFactSchema),
  files: z.array(FileFactSchema).describe('The net change between the merge base and TO, sorted by path.'),
  workItems: z.array(WorkItemSchema).describe('Merged branches and direct commits on the main line, newest first.'),
  todos: z.array(TodoSchema).describe('TODO, FIXME, HACK and XXX comments added or removed in the range, by path and line.'),
  project: ProjectSchema.nullable().describe('The repository at TO; null when the project analyzer did not run.'),
  dependencies: z.array(DependencyChangeSchema).describe('Changes of the packages pinned by the lockfiles that changed in the range: direct first, then by lockfile and name.'),
  // Added after schemaVersion 1 was published: facts saved before it have none, and still load.
  dependencySummary: DependencySummarySchema.nullable().default(null).describe('Null when the dependencies analyzer did not run.'),
  migrations: z.array(MigrationSchema),
  routes: z.array(RouteSchema),
  env: z.array(EnvVarSchema),
  coverage: CoverageSchema.nullable(),
  tests: TestsSchema.nullable(),
  analyzers: z.array(z.string()).describe('The analyzers that ran.'),
  warnings: z.array(WarningSchema),
});

export type Person = z.infer<typeof PersonSchema>;
export type Trailer = z.infer<typeof TrailerSchema>;
export type CommitFact = z.infer<typeof CommitFactSchema>;
export type AuthorFact = z.infer<typeof AuthorFactSchema>;
export type FileStatus = z.infer<typeof FileStatusSchema>;
export type FileFact = z.infer<typeof FileFactSchema>;
export type Warning = z.infer<typeof WarningSchema>;
export type RangeFact = z.infer<typeof RangeSchema>;
export type Summary = z.infer<typeof SummarySchema>;
export type Facts = z.infer<typeof FactsSchema>;
export type FileCategory = z.infer<typeof FileCategorySchema>;
export type WorkItem = z.infer<typeof WorkItemSchema>;
export type Todo = z.infer<typeof TodoSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type StackEntry = z.infer<typeof StackEntrySchema>;
export type DependencyChange = z.infer<typeof DependencyChangeSchema>;
export type DependencySummary = z.infer<typeof DependencySummarySchema>;
export type Migration = z.infer<typeof MigrationSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type EnvVar = z.infer<typeof EnvVarSchema>;
export type Coverage = z.infer<typeof CoverageSchema>;
export type Tests = z.infer<typeof TestsSchema>;
export type Activity = z.infer<typeof ActivitySchema>;
export type ActivityPeriod = z.infer<typeof ActivityPeriodSchema>;
export type FolderChurn = z.infer<typeof FolderChurnSchema>;

/** The JSON Schema published as docs/facts.schema.json. */
export function factsJsonSchema(): unknown {
  return { title: 'impl-draft facts', ...z.toJSONSchema(FactsSchema, { target: 'draft-2020-12' }) };
}
