/**
 * `--per-package`: one report per workspace package that changed in the range, each drafted with
 * `--path` set to the package's folder, and an index that lists them. Returns texts and file names
 * only; writing them is the caller's (the CLI's) job.
 */
import type { ResolvedRange } from '../analyzer.js';
import { UsageError } from '../errors.js';
import { openRepository } from '../git/open.js';
import { resolveRange } from '../range.js';
import { code, escapeMarkdown, shortOid } from '../render/markdown-text.js';
import { draft, type Draft, type DraftOptions } from '../run.js';
import { changedPackages, listWorkspacePackages, type WorkspacePackage } from './workspaces.js';
import { isInScope } from './scope.js';

/** The index's file name in the output folder. */
export const INDEX_FILE = 'index.md';

export interface PerPackageOptions extends Omit<DraftOptions, 'paths' | 'facts' | 'existing'> {
  /**
   * The existing report for a file name of the output folder, to re-draft into (people's text
   * kept), or null when there is none. Absent: every report is drafted fresh.
   */
  existing?: (file: string) => string | null;
}

export interface PackageReport {
  package: WorkspacePackage;
  /** Its file name in the output folder: the package name made safe for a file name, `.md`. */
  file: string;
  draft: Draft;
}

export interface PerPackageDrafts {
  /** One per changed package, in tree order of their folders. */
  reports: PackageReport[];
  /** The workspace packages at TO that did not change. */
  unchanged: WorkspacePackage[];
  index: { file: typeof INDEX_FILE; text: string };
}

/**
 * Drafts the report of each workspace package with a change under its folder in the range, and
 * the index. Throws UsageError when the repository declares no workspace packages at TO.
 */
export async function draftPerPackage(options: PerPackageOptions = {}): Promise<PerPackageDrafts> {
  const { range, packages, removed } = await readPackages(options);
  if (packages.length === 0) {
    throw new UsageError('--per-package: no workspace packages at TO (no "workspaces" in package.json, no pnpm-workspace.yaml); use --path DIR to report on one folder');
  }
  const changed = changedPackages(packages, range.changes);
  const files = reportFileNames(changed);
  const reports: PackageReport[] = [];
  // One after another: each draft reads the repository with its own engine process.
  for (const [index, pkg] of changed.entries()) {
    const file = files[index]!;
    const { existing, ...draftOptions } = options;
    const report = await draft({
      ...draftOptions,
      paths: [pkg.path],
      vars: { package: { name: pkg.name, path: pkg.path }, ...options.vars },
      existing: existing?.(file) ?? null,
    });
    reports.push({ package: pkg, file, draft: report });
  }
  const unchanged = packages.filter((pkg) => !changed.includes(pkg));
  const outside = range.changes.filter((change) => !isInScope(change.path, packages.map((p) => p.path))).length;
  return { reports, unchanged, index: { file: INDEX_FILE, text: indexText({ range, reports, unchanged, removed, outside }) } };
}

/** The range once, the packages at TO, and those the range removed (at the merge base, gone at TO, with changes). */
async function readPackages(options: PerPackageOptions): Promise<{ range: ResolvedRange; packages: WorkspacePackage[]; removed: WorkspacePackage[] }> {
  const repo = await openRepository(options.repo ?? process.cwd(), options.engine ?? 'auto');
  try {
    const range = await resolveRange(repo, { from: options.from, to: options.to ?? 'HEAD' });
    const [packages, before] = await Promise.all([
      listWorkspacePackages(repo, range.toOid),
      range.mergeBase ? listWorkspacePackages(repo, range.mergeBase) : Promise.resolve([]),
    ]);
    const atTo = new Set(packages.map((pkg) => pkg.path));
    const removed = changedPackages(
      before.filter((pkg) => !atTo.has(pkg.path)),
      range.changes,
    );
    return { range, packages, removed };
  } finally {
    await repo.close();
  }
}

/**
 * `@scope/name` → `scope-name.md`: letters, digits, `.`, `_` and `-` kept, anything else a dash.
 * Names that would clash, even only by case (macOS and Windows folders ignore case), or with the
 * index, get `-2`, `-3`, ... in order.
 */
export function reportFileNames(packages: readonly WorkspacePackage[]): string[] {
  const taken = new Set([INDEX_FILE.toLowerCase()]);
  return packages.map((pkg) => {
    const base = pkg.name.replace(/^@/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'package';
    let file = `${base}.md`;
    for (let n = 2; taken.has(file.toLowerCase()); n++) file = `${base}-${n}.md`;
    taken.add(file.toLowerCase());
    return file;
  });
}

interface IndexInput {
  range: ResolvedRange;
  reports: PackageReport[];
  unchanged: WorkspacePackage[];
  removed: WorkspacePackage[];
  /** Files the range changed outside every package folder. */
  outside: number;
}

/** The index: one table row per drafted report, then the packages without one. */
export function indexText({ range, reports, unchanged, removed, outside }: IndexInput): string {
  const from = range.fromOid ? `${code(range.from ?? shortOid(range.fromOid))} (${code(shortOid(range.fromOid))})` : 'the first commit';
  const to = `${code(range.to)} (${code(shortOid(range.toOid))})`;
  const total = reports.length + unchanged.length;
  const lines = [`# Workspace packages changed from ${escapeMarkdown(range.from ?? 'the first commit')} to ${escapeMarkdown(range.to)}`, ''];
  lines.push(`${reports.length} of ${total} workspace ${total === 1 ? 'package' : 'packages'} changed from ${from} to ${to}.`, '');
  if (reports.length > 0) {
    lines.push('| package | folder | commits | files changed | report |', '| --- | --- | ---: | ---: | --- |');
    for (const { package: pkg, file, draft } of reports) {
      const { commits, filesChanged } = draft.facts.summary;
      lines.push(`| ${escapeMarkdown(pkg.name)} | ${code(pkg.path)} | ${commits ?? '—'} | ${filesChanged ?? '—'} | [${file}](${file}) |`);
    }
    lines.push('');
  }
  const listed = (packages: WorkspacePackage[]) => packages.map((pkg) => `${escapeMarkdown(pkg.name)} (${code(pkg.path)})`).join(', ');
  if (unchanged.length > 0) lines.push(`Unchanged: ${listed(unchanged)}.`, '');
  if (removed.length > 0) lines.push(`Removed in the range, without a report: ${listed(removed)}.`, '');
  if (outside > 0) lines.push(`${outside} ${outside === 1 ? 'file' : 'files'} changed outside the package folders (the repository root, shared configuration); the report of the whole repository covers ${outside === 1 ? 'it' : 'them'}.`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}
