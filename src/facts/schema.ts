/**
 * The facts model: the public JSON contract between analyzers, templates and pipelines.
 * The zod schemas are the single source: the TypeScript types are inferred from them and
 * docs/facts.schema.json is generated from them (`npm run schema`, checked by a test).
 * Field names here are a promise to pipelines: add fields, never rename or remove without a
 * schemaVersion bump.
 */
import { z } from 'zod';
import { SCHEMA_VERSION } from './schema-version.js';

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

/** Shapes of the analyzers that have not landed yet: present, empty, so pipelines can rely on the keys. */
const pending = z.array(z.unknown());

export const FactsSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('impl-draft'), version: z.string() }),
  repository: z.object({ name: z.string().describe('The working tree or bare repository folder name.') }),
  range: RangeSchema,
  summary: SummarySchema,
  commits: z.array(CommitFactSchema).describe('The commits of git rev-list TO ^FROM, in git order.'),
  authors: z.array(AuthorFactSchema),
  files: z.array(FileFactSchema).describe('The net change between the merge base and TO, sorted by path.'),
  dependencies: pending,
  migrations: pending,
  routes: pending,
  env: pending,
  coverage: z.null(),
  tests: z.null(),
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

/** The JSON Schema published as docs/facts.schema.json. */
export function factsJsonSchema(): unknown {
  return { title: 'impl-draft facts', ...z.toJSONSchema(FactsSchema, { target: 'draft-2020-12' }) };
}
