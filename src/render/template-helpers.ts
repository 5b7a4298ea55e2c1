/**
 * The helper set every template gets, built-in or a user's own (documented in docs/templates.md).
 * Helpers format facts; they never compute new ones. Each returns either plain text, which the
 * template escapes for Markdown, or a SafeString of finished Markdown.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { escapeMarkdown, code, shortOid } from './markdown-text.js';
import { formatInlineNarrative, formatNarrative, isNarrativeId } from './narrative.js';

/** What a helper may return: text to escape, or Markdown marked safe. */
export interface Markup {
  toHTML(): string;
}
type MakeSafe = (markdown: string) => Markup;

const PROMPT_START = '\u0001prompt\u0002';
const PROMPT_END = '\u0001/prompt\u0002';
const HINTS_START = '\u0001hints\u0002';
const HINTS_END = '\u0001/hints\u0002';

/** Turns any value into Markdown: SafeStrings as they are, everything else escaped. */
export function toMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && typeof (value as Markup).toHTML === 'function') return (value as Markup).toHTML();
  return escapeMarkdown(String(value));
}

/** Thrown by helpers on misuse; the renderer adds the template file and line. */
export class HelperError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

function fail(options: HelperOptions | undefined, message: string): never {
  const loc = (options as HelperOptions & { loc?: { start?: { line?: number } } } | undefined)?.loc;
  throw new HelperError(message, loc?.start?.line ?? null);
}

/** The options object Handlebars passes last, and the positional arguments before it. */
function split(args: unknown[]): { params: unknown[]; options: HelperOptions } {
  return { params: args.slice(0, -1), options: args[args.length - 1] as HelperOptions };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(item: unknown, key: string): unknown {
  return item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
}

const FILE_STATUS: Record<string, string> = { added: 'Created', modified: 'Modified', deleted: 'Deleted', renamed: 'Renamed', typechanged: 'Type changed' };

export function createHelpers(safe: MakeSafe): Record<string, HelperDelegate> {
  const helpers: Record<string, HelperDelegate> = {
    // ---- text
    md: (value: unknown) => safe(toMarkdown(value)),
    code: (value: unknown) => (value === null || value === undefined || value === '' ? '' : safe(code(String(value)))),
    short: (value: unknown) => (typeof value === 'string' ? shortOid(value) : ''),
    date(value: unknown, ...rest: unknown[]) {
      const { params } = split(rest);
      if (typeof value !== 'string' || value === '') return '';
      // The date as the person's own clock showed it: ISO 8601 text is sliced, never re-zoned.
      if (params[0] === 'datetime') return `${value.slice(0, 10)} ${value.slice(11, 16)} ${value.slice(19) === 'Z' ? '+00:00' : value.slice(19)}`;
      return value.slice(0, 10);
    },
    days(value: unknown) {
      if (typeof value !== 'number') return '';
      return `${value} ${value === 1 ? 'day' : 'days'}`;
    },
    plural(count: unknown, ...rest: unknown[]) {
      const { params, options } = split(rest);
      const n = Array.isArray(count) ? count.length : typeof count === 'number' ? count : fail(options, 'plural needs a number or a list');
      const singular = String(params[0] ?? '');
      const plural = params[1] !== undefined ? String(params[1]) : `${singular}s`;
      return `${n} ${n === 1 ? singular : plural}`;
    },
    percent(value: unknown) {
      return typeof value === 'number' ? `${Math.round(value * 10) / 10}%` : 'n/a';
    },
    /** A change of a percentage, in percentage points. */
    points(value: unknown) {
      return typeof value === 'number' ? `${value > 0 ? '+' : ''}${value} pp` : 'n/a';
    },
    signed(value: unknown) {
      return typeof value === 'number' ? `${value > 0 ? '+' : ''}${value}` : '';
    },
    join(list: unknown, ...rest: unknown[]) {
      const { params } = split(rest);
      const separator = typeof params[0] === 'string' ? params[0] : ', ';
      return safe(asList(list).map(toMarkdown).join(separator));
    },
    fileStatus: (status: unknown) => FILE_STATUS[String(status)] ?? String(status ?? ''),
    /** A file as inline code; a rename as `old` → `new`. */
    fileRef(file: unknown) {
      const path = String(field(file, 'path') ?? '');
      const oldPath = field(file, 'oldPath');
      return safe(typeof oldPath === 'string' && oldPath !== path ? `${code(oldPath)} → ${code(path)}` : code(path));
    },
    lineChanges(file: unknown) {
      if (field(file, 'binary')) return 'binary';
      return `+${field(file, 'additions') ?? 0} / -${field(file, 'deletions') ?? 0}`;
    },
    yaml: (value: unknown) => safe(JSON.stringify(value === null || value === undefined ? '' : String(value))),
    /** A value on a `NAME=value` line of an .env block: bare when dotenv reads it back unchanged, double-quoted otherwise. */
    envValue(value: unknown) {
      const text = value === null || value === undefined ? '' : String(value);
      return safe(/^[^\s#'"`\\]*$/.test(text) ? text : JSON.stringify(text));
    },
    /**
     * A double-quoted Mermaid string, for labels inside a ```mermaid block: characters that would
     * end the string or change how it is read (quote, backslash, backtick, `#`, and `%`, since
     * xychart's lexer takes `"%%` for a comment) become Mermaid's `#code;` entities, line breaks
     * and control characters spaces.
     */
    mermaidText(value: unknown) {
      const text = value === null || value === undefined ? '' : String(value);
      return safe(`"${text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/["#%\\`]/g, (c) => `#${c.charCodeAt(0)};`)}"`);
    },

    // ---- logic and lists (selection only: nothing here derives a new fact)
    eq: (a: unknown, b: unknown) => a === b,
    ne: (a: unknown, b: unknown) => a !== b,
    includes: (list: unknown, item: unknown) => asList(list).includes(item),
    gt: (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b,
    and: (...args: unknown[]) => split(args).params.every(Boolean),
    or(...args: unknown[]) {
      const { params } = split(args);
      return params.find(Boolean) ?? params[params.length - 1];
    },
    not: (value: unknown) => !value || (Array.isArray(value) && value.length === 0),
    any: (list: unknown) => asList(list).length > 0,
    count: (list: unknown) => asList(list).length,
    /** The largest number in the list, 0 when it has none (a chart's axis end). */
    max: (list: unknown) => Math.max(0, ...asList(list).filter((item): item is number => typeof item === 'number')),
    default: (value: unknown, fallback: unknown) => (value === null || value === undefined || value === '' ? fallback : value),
    where(list: unknown, key: unknown, ...rest: unknown[]) {
      const { params } = split(rest);
      const wanted = new Set(params);
      return asList(list).filter((item) => wanted.has(field(item, String(key))));
    },
    whereNot(list: unknown, key: unknown, ...rest: unknown[]) {
      const { params } = split(rest);
      const unwanted = new Set(params);
      return asList(list).filter((item) => !unwanted.has(field(item, String(key))));
    },
    limit: (list: unknown, n: unknown) => asList(list).slice(0, typeof n === 'number' ? n : undefined),
    reverse: (list: unknown) => [...asList(list)].reverse(),
    /** The values of one field of every item; list values are flattened one level. */
    pluck: (list: unknown, key: unknown) => asList(list).flatMap((item) => field(item, String(key)) ?? []),
    first: (list: unknown) => asList(list)[0],
    inc: (n: unknown) => (typeof n === 'number' ? n + 1 : n),
    minus: (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? a - b : a),
    concat: (...args: unknown[]) => split(args).params.map((part) => String(part ?? '')).join(''),
    hasAnalyzer(this: unknown, id: unknown, options: HelperOptions) {
      const ran = asList(field(options.data?.root, 'analyzers'));
      return ran.includes(id);
    },

    // ---- structure
    table(this: unknown, ...args: unknown[]) {
      const { params: headers, options } = split(args);
      if (!options.fn) fail(options, 'table is a block helper: {{#table "A" "B"}}{{row a b}}{{/table}}');
      const rows = String(options.fn(this)).trim();
      if (rows === '') return safe(String(options.hash.empty ?? ''));
      const align = String(options.hash.align ?? '');
      const rule = headers.map((_, i) => (align[i] === 'r' ? '---:' : align[i] === 'c' ? ':---:' : '---'));
      return safe(`| ${headers.map(toMarkdown).join(' | ')} |\n| ${rule.join(' | ')} |\n${rows}`);
    },
    row(...args: unknown[]) {
      const { params } = split(args);
      // An empty cell is `| |`, the compact form markdownlint expects.
      return safe(`|${params.map((value) => ` ${toMarkdown(value).trim()} `.replace(/^  $/, ' ')).join('|')}|\n`);
    },
    /**
     * `{{tree files}}`: paths as the seeds draw a file structure, each with its `description`
     * (`note="field"` picks another field; `unit="file"` reads a number as "3 files"); `folders=true`
     * when the paths are folders.
     */
    tree(list: unknown, options: HelperOptions) {
      const unit = options.hash.unit === undefined ? null : String(options.hash.unit);
      const noteOf = (item: unknown) => {
        const value = field(item, String(options.hash.note ?? 'description'));
        if (value === null || value === undefined || value === '') return null;
        return typeof value === 'number' && unit ? `${value} ${value === 1 ? unit : `${unit}s`}` : String(value);
      };
      const paths = asList(list).map((item) => (typeof item === 'string' ? { path: item, note: null } : { path: String(field(item, 'path') ?? ''), note: noteOf(item) }));
      if (paths.length === 0) return safe(String(options.hash.empty ?? ''));
      return safe(fencedBlock(renderTree(paths, { root: options.hash.root === undefined ? null : String(options.hash.root), folders: options.hash.folders === true }), 'text'));
    },
    /** A fenced code block: `{{codeBlock "sql" line1 line2 …}}`, the lines joined by newlines. */
    codeBlock(language: unknown, ...rest: unknown[]) {
      const { params } = split(rest);
      return safe(fencedBlock(params.map((part) => String(part ?? '')).join('\n'), typeof language === 'string' ? language : ''));
    },

    // ---- narrative blocks
    narrative(this: unknown, id: unknown, options: HelperOptions) {
      if (typeof id !== 'string' || !isNarrativeId(id)) fail(options, `narrative needs an id of lower-case letters, digits and dashes, got ${JSON.stringify(id)}`);
      if (!options.fn) fail(options, 'narrative is a block helper: {{#narrative "id"}}…{{/narrative}}');
      const omitted = options.data?.omitNarratives as ReadonlySet<string> | undefined;
      if (omitted?.has(id)) return '';
      // A block body that is a single helper call comes back as that helper's SafeString.
      const inner = String(options.fn(this));
      const prompt = between(inner, PROMPT_START, PROMPT_END);
      const hints = between(inner, HINTS_START, HINTS_END);
      const scaffold = remove(remove(inner, PROMPT_START, PROMPT_END), HINTS_START, HINTS_END);
      return safe(formatNarrative({ id, prompt, scaffold, hints }));
    },
    prompt(this: unknown, options: HelperOptions) {
      return safe(`${PROMPT_START}${options.fn(this)}${PROMPT_END}`);
    },
    hints(this: unknown, options: HelperOptions) {
      return safe(`${HINTS_START}${options.fn(this)}${HINTS_END}`);
    },
    /** A header value: the given value when there is one, else a one-line block for a person. */
    field(id: unknown, value: unknown, placeholder: unknown, options: HelperOptions) {
      if (typeof id !== 'string' || !isNarrativeId(id)) fail(options, `field needs an id of lower-case letters, digits and dashes, got ${JSON.stringify(id)}`);
      if (value !== null && value !== undefined && value !== '') return safe(toMarkdown(value));
      const omitted = options.data?.omitNarratives as ReadonlySet<string> | undefined;
      if (omitted?.has(id)) return '';
      return safe(formatInlineNarrative(id, `_${escapeMarkdown(String(placeholder ?? id))}_`));
    },
  };
  return helpers;
}

function between(text: string, start: string, end: string): string {
  const parts: string[] = [];
  for (let i = text.indexOf(start); i !== -1; i = text.indexOf(start, i + 1)) {
    const j = text.indexOf(end, i);
    if (j === -1) break;
    parts.push(text.slice(i + start.length, j));
  }
  return parts.join('\n');
}

function remove(text: string, start: string, end: string): string {
  let out = text;
  for (let i = out.indexOf(start); i !== -1; i = out.indexOf(start)) {
    const j = out.indexOf(end, i);
    if (j === -1) break;
    out = out.slice(0, i) + out.slice(j + end.length);
  }
  return out;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fencedBlock(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  note: string | null;
  isFile: boolean;
}

/**
 * Paths drawn as the seeds draw a file structure: folders first, then files, each sorted, with
 * an optional `# note` aligned after the name. With `folders`, every path is a folder.
 */
export function renderTree(paths: Array<{ path: string; note: string | null }>, options: { root: string | null; folders: boolean }): string {
  const top: TreeNode = { children: new Map(), note: null, isFile: false };
  for (const { path, note } of paths) {
    let node = top;
    const parts = path.split('/');
    parts.forEach((part, index) => {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map(), note: null, isFile: false };
        node.children.set(part, child);
      }
      if (index === parts.length - 1) {
        child.isFile = !options.folders;
        child.note = note ? note.replace(/\s*\r?\n\s*/g, ' ') : null;
      }
      node = child;
    });
  }
  const isFolder = (node: TreeNode) => !node.isFile || node.children.size > 0;
  const rows: Array<{ text: string; note: string | null }> = [];
  const walk = (node: TreeNode, prefix: string) => {
    const entries = [...node.children.entries()].sort(([a, x], [b, y]) => Number(isFolder(y)) - Number(isFolder(x)) || (a < b ? -1 : a > b ? 1 : 0));
    entries.forEach(([name, child], index) => {
      const last = index === entries.length - 1;
      rows.push({ text: `${prefix}${last ? '└── ' : '├── '}${name}${isFolder(child) ? '/' : ''}`, note: child.note });
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(top, '');
  const width = Math.max(...rows.map((row) => [...row.text].length));
  const lines = rows.map((row) => (row.note ? `${row.text.padEnd(width + (row.text.length - [...row.text].length))}  # ${row.note}` : row.text));
  return [options.root ?? '.', ...lines].join('\n');
}
