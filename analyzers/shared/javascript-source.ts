/**
 * JavaScript and TypeScript source as the analyzers read it: which files are code, the script
 * blocks of Vue, Svelte and Astro components, minified bundles to skip, and parsing with
 * @babel/parser (https://babeljs.io/docs/babel-parser), errors recovered where Babel can.
 */
import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser';
import type { File } from '@babel/types';

type Dialect = 'js' | 'ts' | 'tsx';
type Container = 'vue' | 'svelte' | 'astro';

const DIALECTS: Readonly<Record<string, Dialect>> = {
  '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'js',
  '.ts': 'ts', '.mts': 'ts', '.cts': 'ts',
  '.tsx': 'tsx',
};
const CONTAINERS: Readonly<Record<string, Container>> = { '.vue': 'vue', '.svelte': 'svelte', '.astro': 'astro' };

/** `jsx` is left out of `.ts`: it would read the `<T>x` cast as an element. */
const PLUGINS: Readonly<Record<Dialect, ParserPlugin[]>> = {
  js: ['jsx', 'decorators-legacy'],
  ts: ['typescript', 'decorators-legacy'],
  tsx: ['typescript', 'jsx', 'decorators-legacy'],
};
/** React Native and older React code writes Flow annotations in `.js` files: the second try for those. */
const FLOW_PLUGINS: ParserPlugin[] = ['jsx', 'flow', 'decorators-legacy'];
const DIALECT_NAMES: Readonly<Record<Dialect, string>> = { js: 'JavaScript', ts: 'TypeScript', tsx: 'TypeScript with JSX' };

/** Lenient on purpose: a CommonJS file may `return` at the top, a script may use `await` there. */
const PARSER_OPTIONS: ParserOptions = {
  sourceType: 'unambiguous',
  errorRecovery: true,
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowUndeclaredExports: true,
  allowSuperOutsideMethod: true,
  allowNewTargetOutsideFunction: true,
  attachComment: false,
};

const DECLARATION_FILE = /\.d\.[cm]?ts$/i;
const MINIFIED_NAME = /\.min\.[cm]?js$/i;
/** Hand-written code has no lines this long; bundles are mostly made of them. */
const MAX_LINE_LENGTH = 1000;
/** Compiled output names its source map; with lines this long it was minified too. */
const SOURCE_MAPPED_LINE_LENGTH = 500;
const SOURCE_MAP_COMMENT = /^\s*\/\/[#@]\s*sourceMappingURL=/m;

const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
/** `<script type="...">` values that hold code; JSON, templates and the like are skipped. */
const SCRIPT_TYPES: ReadonlySet<string> = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/typescript', 'text/babel']);
const ASTRO_FRONTMATTER = /^(\s*---[^\S\n]*\r?\n)([\s\S]*?)^---/m;

/** A code file an analyzer may read: not a declaration file, not a `.min.js`. */
export function isJavaScriptPath(path: string): boolean {
  const extension = extensionOf(path);
  if (!(extension in DIALECTS) && !(extension in CONTAINERS)) return false;
  return !DECLARATION_FILE.test(path) && !MINIFIED_NAME.test(path);
}

/** A file that cannot be parsed; the message says where and why. */
export class JavaScriptSyntaxError extends Error {
  override name = 'JavaScriptSyntaxError';
}

/** A parsed script: the whole file, or one `<script>` block of a component, with its source. */
export interface ParsedScript {
  file: File;
  code: string;
}

/**
 * Every script of the file, parsed. A script Babel cannot recover throws `SyntaxErrorClass` (each
 * analyzer's own "file not read" error, default JavaScriptSyntaxError) with the place and cause.
 */
export function parseScripts(text: string, path: string, SyntaxErrorClass: new (message: string, options?: ErrorOptions) => Error = JavaScriptSyntaxError): ParsedScript[] {
  try {
    return scriptBlocks(text, path).map((block) => ({ file: parseBlock(block), code: block.code }));
  } catch (error) {
    if (error instanceof JavaScriptSyntaxError && SyntaxErrorClass !== JavaScriptSyntaxError) throw new SyntaxErrorClass(error.message, { cause: error.cause });
    throw error;
  }
}

/**
 * True for a file to skip as minified or generated: a `*.min.js` / `.min.mjs` / `.min.cjs` name; or
 * lines longer than 1,000 characters holding at least half of the text (a bundle, where one long
 * data string in a hand-written file is not enough); or a `//# sourceMappingURL=` comment with any
 * line longer than 500 characters (compiled and minified output).
 */
export function looksMinified(text: string, path: string): boolean {
  if (MINIFIED_NAME.test(path)) return true;
  let longest = 0;
  let inLongLines = 0;
  for (const line of text.split('\n')) {
    longest = Math.max(longest, line.length);
    if (line.length > MAX_LINE_LENGTH) inLongLines += line.length;
  }
  if (longest > MAX_LINE_LENGTH && inLongLines * 2 >= text.length) return true;
  return longest > SOURCE_MAPPED_LINE_LENGTH && SOURCE_MAP_COMMENT.test(text);
}

/** Code to parse, with the line of the file it starts on. */
interface ScriptBlock {
  code: string;
  startLine: number;
  dialect: Dialect;
}

/** The whole file for a script; the `<script>` elements (and Astro's frontmatter) for a component. */
function scriptBlocks(text: string, path: string): ScriptBlock[] {
  const extension = extensionOf(path);
  const container = CONTAINERS[extension];
  if (!container) return [{ code: text, startLine: 1, dialect: DIALECTS[extension] ?? 'js' }];
  const blocks: ScriptBlock[] = [];
  let rest = 0;
  if (container === 'astro') {
    const frontmatter = ASTRO_FRONTMATTER.exec(text);
    if (frontmatter?.index === 0) {
      blocks.push({ code: frontmatter[2]!, startLine: lineAt(text, frontmatter[1]!.length), dialect: 'ts' });
      rest = frontmatter[0].length;
    }
  }
  SCRIPT_ELEMENT.lastIndex = rest;
  for (let match = SCRIPT_ELEMENT.exec(text); match; match = SCRIPT_ELEMENT.exec(text)) {
    const attributes = match[1]!;
    const type = /\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
    if (!SCRIPT_TYPES.has(type)) continue;
    const lang = /\blang\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
    // Astro compiles its <script> elements as TypeScript; Vue and Svelte say so with lang="ts".
    const dialect: Dialect = lang === 'tsx' ? 'tsx' : lang === 'ts' || lang === 'typescript' || (container === 'astro' && lang === '') ? 'ts' : 'js';
    const contentStart = match.index + match[0].indexOf('>') + 1;
    blocks.push({ code: match[2]!, startLine: lineAt(text, contentStart), dialect });
  }
  return blocks;
}

function parseBlock({ code, startLine, dialect }: ScriptBlock): File {
  try {
    return parse(code, { ...PARSER_OPTIONS, startLine, plugins: PLUGINS[dialect] });
  } catch (error) {
    if (dialect === 'js') {
      try {
        return parse(code, { ...PARSER_OPTIONS, startLine, plugins: FLOW_PLUGINS });
      } catch {
        // The JSX error is the one to report: Flow was only a guess.
      }
    }
    throw syntaxError(error, dialect);
  }
}

/**
 * `syntax error at line 5 (TypeScript): Unexpected token, expected ","`, Babel's position suffix
 * removed; an error without a position (a stack overflow on a machine-made expression) is not a
 * syntax error: `cannot be parsed (JavaScript): Maximum call stack size exceeded`.
 */
function syntaxError(error: unknown, dialect: Dialect): JavaScriptSyntaxError {
  const message = error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)$/, '') : String(error);
  const line = (error as { loc?: { line?: unknown } } | null)?.loc?.line;
  const what = typeof line === 'number' ? `syntax error at line ${line}` : 'cannot be parsed';
  return new JavaScriptSyntaxError(`${what} (${DIALECT_NAMES[dialect]}): ${message}`, { cause: error });
}

/** The 1-based line of a text offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}
