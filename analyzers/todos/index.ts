/**
 * TODO, FIXME, HACK and XXX comments added or removed in the range: for each changed text file of
 * a code-like category, the tags at the diff base and at TO, compared per file.
 */
import type { Analyzer, AnalyzerResult, ExtractionCache } from '../../src/analyzer.js';
import { cachedExtraction } from '../../src/cache/cached-extraction.js';
import type { FileCategory, Todo } from '../../src/facts/schema.js';
import type { Repository } from '../../src/git/repository.js';
import { isBinary } from '../../src/git/line-diff.js';
import type { FileMode, Oid, TreeChange } from '../../src/git/types.js';
import { redactSecrets } from '../../src/redact.js';
import { categorize } from '../files/categories.js';
import { compareTodos } from './compare-todos.js';
import { extractTodos, type TodoOccurrence } from './extract-todos.js';

/** Docs, assets, manifests and lockfiles are not where code debt is written down. */
const SCANNED_CATEGORIES: ReadonlySet<FileCategory> = new Set(['source', 'test', 'config', 'ci', 'migration']);
/** Code the project did not write, or wrote by machine. */
const VENDORED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', 'vendor', 'third_party', 'dist', 'build', 'coverage', '.next']);
const MINIFIED_NAME = /\.min\.(js|mjs|cjs|css)$/;
const MAX_FILE_BYTES = 1 << 20;
/** Hand-written code has no such lines; bundles and generated files do. */
const MAX_LINE_LENGTH = 1000;
const CHANGE_ORDER: Record<Todo['change'], number> = { added: 0, removed: 1 };
/** Files whose blobs are read at once (the native engine answers concurrent reads from one process). */
const CONCURRENT_FILES = 16;
/** The version of what one blob's reading gives (its tags, or unsuitable): bump it when ./extract-todos.ts or the limits change. */
const EXTRACTION_VERSION = 1;

export const todosAnalyzer: Analyzer = {
  id: 'todos',
  title: 'TODO comments',
  async analyze(range, { repo, cache }) {
    const todos: Todo[] = [];
    const warnings: AnalyzerResult['warnings'] = [];
    const candidates = range.changes.map(sidesToScan).filter((sides) => sides.base || sides.target);
    for (let start = 0; start < candidates.length; start += CONCURRENT_FILES) {
      const results = await Promise.all(candidates.slice(start, start + CONCURRENT_FILES).map((sides) => scanFile(repo, cache, sides)));
      for (const result of results) {
        todos.push(...result.todos);
        warnings.push(...result.warnings);
      }
    }
    todos.sort((a, b) => compare(a.path, b.path) || CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || a.line - b.line);
    return { facts: { todos }, warnings };
  },
};

/** One end of a changed file. */
interface Side {
  path: string;
  oid: Oid;
}

interface FileSides {
  /** The file at the diff base; null when added there, or not scanned. */
  base: Side | null;
  /** The file at TO; null when deleted there, or not scanned. */
  target: Side | null;
}

/** Each end is judged on its own path and mode (a rename may move a file into or out of docs/). */
function sidesToScan(change: TreeChange): FileSides {
  if (change.binary) return { base: null, target: null };
  const basePath = change.oldPath ?? change.path;
  return {
    base: change.status !== 'added' && change.oldOid && isScannable(basePath, change.oldMode) ? { path: basePath, oid: change.oldOid } : null,
    target: change.status !== 'deleted' && change.newOid && isScannable(change.path, change.newMode) ? { path: change.path, oid: change.newOid } : null,
  };
}

/** Regular files (not symlinks or submodules) of a scanned category, outside vendored folders, not minified. */
function isScannable(path: string, mode: FileMode | null): boolean {
  if (mode !== '100644' && mode !== '100755') return false;
  const segments = path.split('/');
  if (segments.slice(0, -1).some((folder) => VENDORED_FOLDERS.has(folder))) return false;
  if (MINIFIED_NAME.test(segments[segments.length - 1]!)) return false;
  return SCANNED_CATEGORIES.has(categorize(path));
}

interface FileResult {
  todos: Todo[];
  warnings: AnalyzerResult['warnings'];
}

async function scanFile(repo: Repository, cache: ExtractionCache | undefined, { base, target }: FileSides): Promise<FileResult> {
  const read = await Promise.all([readSide(repo, cache, base, 'the diff base'), readSide(repo, cache, target, 'TO')]);
  const warnings = read.flatMap((side) => ('warning' in side ? [side.warning] : []));
  if (warnings.length > 0) return { todos: [], warnings };
  // One unsuitable end skips the file: scanning only the other would report every tag in it.
  if (read.some((side) => 'unsuitable' in side)) return { todos: [], warnings: [] };
  const [atBase, atTarget] = read.map((side) => ('tags' in side ? side.tags : []));
  const { added, removed } = compareTodos(atBase!, atTarget!);
  return {
    todos: [...added.map((todo) => toTodo(todo, target!.path, 'added')), ...removed.map((todo) => toTodo(todo, base!.path, 'removed'))],
    warnings: [],
  };
}

type BlobTags = { tags: TodoOccurrence[] } | { unsuitable: true };
type ReadSide = BlobTags | { warning: FileResult['warnings'][number] };

/** A blob that cannot be read: warned about, never kept in the extraction cache. */
class UnreadBlob extends Error {}

async function readSide(repo: Repository, cache: ExtractionCache | undefined, side: Side | null, end: string): Promise<ReadSide> {
  if (!side) return { tags: [] };
  try {
    return await cachedExtraction(cache, { analyzer: 'todos', version: EXTRACTION_VERSION, oid: side.oid, parts: [] }, async () => {
      const data = await repo.readBlob(side.oid).catch((error: unknown) => {
        throw new UnreadBlob(error instanceof Error ? error.message : String(error));
      });
      return tagsOf(data);
    });
  } catch (error) {
    if (!(error instanceof UnreadBlob)) throw error;
    return { warning: { message: `cannot read ${side.path} at ${end} (blob ${side.oid}), so its TODO comments are not compared: ${error.message}`, path: side.path } };
  }
}

function tagsOf(data: Buffer): BlobTags {
  if (data.length > MAX_FILE_BYTES || isBinary(data)) return { unsuitable: true };
  const text = data.toString('utf8');
  if (text.split('\n').some((line) => line.length > MAX_LINE_LENGTH)) return { unsuitable: true };
  return { tags: extractTodos(text) };
}

function toTodo({ line, tag, text }: TodoOccurrence, path: string, change: Todo['change']): Todo {
  return { path, line, tag, text: redactSecrets(text), change };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
