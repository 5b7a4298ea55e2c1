/**
 * The activity facts: commits per period and changed lines per top-level folder, derived from the
 * commits and files when the facts are assembled, so that charts (`--charts`) only draw them.
 *
 * Periods are calendar periods of the author dates in UTC, so that a commit made late in the
 * evening in one time zone and one made the next morning in another fall where a reader of the
 * chart expects, whoever drafts the report. ISO 8601 weeks: https://en.wikipedia.org/wiki/ISO_week_date
 */
import type { Activity, ActivityPeriod, CommitFact, FileFact, FolderChurn } from './schema.js';

/** The most bars a timeline may have: the finest of day, ISO week and month that fits is used. */
export const MAX_PERIODS = 31;
/** Folders charted one by one; the rest are summed as `(other)`. */
export const TOP_FOLDERS = 8;
export const ROOT_FOLDER = '(root)';
export const OTHER_FOLDERS = '(other)';

const DAY_MS = 86_400_000;

/** Null when neither analyzer ran; a part is null when its analyzer did not run. */
export function describeActivity(commits: CommitFact[] | null, files: FileFact[] | null): Activity | null {
  if (commits === null && files === null) return null;
  return { timeline: commits === null ? null : commitTimeline(commits), folders: files === null ? null : folderChurn(files) };
}

export function commitTimeline(commits: CommitFact[]): NonNullable<Activity['timeline']> {
  const days = commits.map((commit) => Math.floor(Date.parse(commit.author.date) / DAY_MS)).filter((day) => Number.isFinite(day));
  if (days.length === 0) return { unit: 'day', periods: [] };
  const first = Math.min(...days);
  const last = Math.max(...days);
  const unit = last - first + 1 <= MAX_PERIODS ? 'day' : (isoMonday(last) - isoMonday(first)) / 7 + 1 <= MAX_PERIODS ? 'week' : 'month';
  const periods: ActivityPeriod[] = [];
  const index = new Map<string, ActivityPeriod>();
  for (let start = periodStart(first, unit); start <= last; start = periodEnd(start, unit) + 1) {
    const period = { period: periodName(start, unit), start: isoDay(start), end: isoDay(periodEnd(start, unit)), commits: 0 };
    periods.push(period);
    index.set(period.period, period);
  }
  for (const day of days) index.get(periodName(periodStart(day, unit), unit))!.commits++;
  return { unit, periods };
}

/**
 * Files and lines by top-level folder (a renamed file counts where it is now), the folders with
 * the most changed lines first, then more files, then by name; past TOP_FOLDERS the rest are summed.
 */
export function folderChurn(files: FileFact[]): FolderChurn[] {
  const byFolder = new Map<string, FolderChurn>();
  for (const file of files) {
    const folder = file.path.includes('/') ? file.path.slice(0, file.path.indexOf('/')) : ROOT_FOLDER;
    const entry = byFolder.get(folder) ?? { folder, files: 0, additions: 0, deletions: 0, lines: 0 };
    entry.files++;
    entry.additions += file.additions ?? 0;
    entry.deletions += file.deletions ?? 0;
    entry.lines = entry.additions + entry.deletions;
    byFolder.set(folder, entry);
  }
  const ranked = [...byFolder.values()].sort((a, b) => b.lines - a.lines || b.files - a.files || compare(a.folder, b.folder));
  // Summing a single folder as "(other)" would hide its name for nothing.
  if (ranked.length <= TOP_FOLDERS + 1) return ranked;
  const rest = ranked.slice(TOP_FOLDERS);
  const other = { folder: OTHER_FOLDERS, files: 0, additions: 0, deletions: 0, lines: 0 };
  for (const entry of rest) {
    other.files += entry.files;
    other.additions += entry.additions;
    other.deletions += entry.deletions;
    other.lines += entry.lines;
  }
  return [...ranked.slice(0, TOP_FOLDERS), other];
}

type Unit = NonNullable<Activity['timeline']>['unit'];

/** Days since 1970-01-01 (a Thursday) to the Monday of their ISO week. */
function isoMonday(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

function periodStart(day: number, unit: Unit): number {
  if (unit === 'day') return day;
  if (unit === 'week') return isoMonday(day);
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
}

function periodEnd(start: number, unit: Unit): number {
  if (unit === 'day') return start;
  if (unit === 'week') return start + 6;
  const date = new Date(start * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS - 1;
}

/** `2024-03-13`, `2024-W11` (the ISO week-numbering year, which is its Thursday's) or `2024-03`. */
function periodName(start: number, unit: Unit): string {
  if (unit === 'day') return isoDay(start);
  if (unit === 'month') return isoDay(start).slice(0, 7);
  const thursday = new Date((start + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((start + 3 - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
