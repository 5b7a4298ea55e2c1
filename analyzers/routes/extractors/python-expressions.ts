/**
 * The Python expressions route declarations are written with: a path (string literals, f-strings,
 * `+` concatenation, `%` and `.format` templates, module constants), a call's callee and
 * arguments, and a view wrapped by decorators used as functions (`login_required(views.home)`).
 * Spec: https://docs.python.org/3/reference/lexical_analysis.html#string-and-bytes-literals
 */
import { isAuthName } from '../auth.js';
import { DYNAMIC_SEGMENT } from '../model.js';
import { pythonSyntax } from '../../env/extractors/python.js';
import { readArguments, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';

/** A path or prefix as far as it can be read from the code. */
export interface PathValue {
  path: string;
  /** Some part is computed at run time and written `{…}`. */
  dynamic: boolean;
}

const COMPUTED: PathValue = { path: DYNAMIC_SEGMENT, dynamic: true };

interface Literal {
  /** Offset just after the closing quote. */
  end: number;
  body: string;
  formatted: boolean;
}

/** The string literal that starts at `at`, or null when none does (or it is not closed). */
function readLiteral(text: string, at: number): Literal | null {
  const opening = pythonSyntax.openString(text, at);
  if (!opening) return null;
  const start = at + opening.openLength;
  const formatted = opening.interpolation === '{';
  let braces = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (!opening.multiline && c === '\n') return null;
    else if (formatted && braces === 0 && (text.startsWith('{{', i) || text.startsWith('}}', i))) i++;
    else if (formatted && c === '{') braces++;
    else if (formatted && c === '}' && braces > 0) braces--;
    else if (braces === 0 && text.startsWith(opening.close, i)) return { end: i + opening.close.length, body: text.slice(start, i), formatted };
  }
  return null;
}

/** A template with each replacement field (`{id}`, `{0:>3}`) computed; `{{` and `}}` are braces. */
function fillFields(template: string): PathValue {
  let path = '';
  let depth = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (depth === 0 && (template.startsWith('{{', i) || template.startsWith('}}', i))) {
      path += c;
      i++;
    } else if (c === '{') {
      if (depth++ === 0) path += DYNAMIC_SEGMENT;
    } else if (c === '}' && depth > 0) depth--;
    else if (depth === 0) path += c;
  }
  return { path, dynamic: path.includes(DYNAMIC_SEGMENT) };
}

/** A `%` template with each conversion (`%s`, `%(id)d`) computed; `%%` is a percent sign. */
function fillConversions(template: string): PathValue {
  const path = template.replace(/%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]/g, (conversion) => (conversion === '%%' ? '%' : DYNAMIC_SEGMENT));
  return { path, dynamic: path.includes(DYNAMIC_SEGMENT) };
}

/** Parts of `text` separated by `separator` outside brackets and string literals, with their offsets in `text`. */
export function splitTopLevel(text: string, separator: string): Array<{ text: string; start: number }> {
  const parts: Array<{ text: string; start: number }> = [];
  let depth = 0;
  let partStart = 0;
  const push = (end: number) => {
    const raw = text.slice(partStart, end);
    parts.push({ text: raw.trim(), start: partStart + raw.length - raw.trimStart().length });
  };
  for (let i = 0; i < text.length; i++) {
    const literal = readLiteral(text, i);
    if (literal) {
      i = literal.end - 1;
      continue;
    }
    const c = text[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === separator) {
      push(i);
      partStart = i + 1;
    }
  }
  push(text.length);
  return parts;
}

/** Adjacent literals (`'/a' '/b'` is one string) from the start of `term`, and what follows them. */
function readLiteralRun(term: string): { literals: Literal[]; rest: string } | null {
  const literals: Literal[] = [];
  let at = 0;
  for (let literal = readLiteral(term, at); literal; literal = readLiteral(term, at)) {
    literals.push(literal);
    at = literal.end;
    while (/\s/.test(term[at] ?? '')) at++;
  }
  return literals.length ? { literals, rest: term.slice(at).trim() } : null;
}

function termValue(term: string, constants: ReadonlyMap<string, PathValue>): PathValue {
  const constant = constants.get(term);
  if (constant) return constant;
  const run = readLiteralRun(term);
  if (!run) return COMPUTED;
  const plain = run.literals.every((literal) => !literal.formatted);
  const template = run.literals.map((literal) => literal.body).join('');
  if (run.rest === '') {
    const parts = run.literals.map((literal) => (literal.formatted ? fillFields(literal.body) : { path: literal.body, dynamic: false }));
    return { path: parts.map((part) => part.path).join(''), dynamic: parts.some((part) => part.dynamic) };
  }
  if (plain && /^\.\s*format\s*\(/.test(run.rest)) return fillFields(template);
  if (plain && /^%(?!=)/.test(run.rest)) return fillConversions(template);
  return COMPUTED;
}

/** Offset of the bracket closing the one at 0, outside string literals; -1 when it is not closed. */
function closingBracket(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const literal = readLiteral(text, i);
    if (literal) {
      i = literal.end - 1;
      continue;
    }
    if ('([{'.includes(text[i]!)) depth++;
    else if (')]}'.includes(text[i]!) && --depth === 0) return i;
  }
  return -1;
}

/** `('/a' + b)` is `'/a' + b`; a tuple `('/a',)` keeps its parentheses. */
function withoutParentheses(text: string): string {
  let inner = text.trim();
  while (inner.startsWith('(') && closingBracket(inner) === inner.length - 1 && splitTopLevel(inner.slice(1, -1), ',').length === 1) {
    inner = inner.slice(1, -1).trim();
  }
  return inner;
}

/** The path an expression spells, `{…}` for each part computed at run time (a name, a call, an f-string field). */
export function pathValue(expression: string, constants: ReadonlyMap<string, PathValue> = new Map()): PathValue {
  const parts = splitTopLevel(withoutParentheses(expression), '+').map((term) => termValue(withoutParentheses(term.text), constants));
  const path = parts.map((part) => part.path).join('').replaceAll(DYNAMIC_SEGMENT + DYNAMIC_SEGMENT, DYNAMIC_SEGMENT);
  return { path, dynamic: parts.some((part) => part.dynamic) };
}

export const withLeadingSlash = (path: string): string => (path.startsWith('/') ? path : `/${path}`);

/** A mount prefix ready to be put before a group's paths: a leading slash, no trailing one, '' for none. */
export function mountPrefix(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : withLeadingSlash(trimmed);
}

/** True when `expression` is nothing but string literals. */
export function isStringLiteral(expression: string): boolean {
  return readLiteralRun(expression.trim())?.rest === '';
}

/** An expression as written, on one line. */
export function asWritten(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/,?\s+\)/g, ')').trim();
}

const KEYWORD = /^([A-Za-z_]\w*)\s*=(?!=)\s*/;

/** The value of the keyword argument `name=...`, with its offset in the source. */
export function keywordArgument(args: Argument[], ...names: string[]): Argument | undefined {
  for (const arg of args) {
    const keyword = KEYWORD.exec(arg.text);
    if (keyword && names.includes(keyword[1]!)) return { text: arg.text.slice(keyword[0].length), start: arg.start + keyword[0].length };
  }
  return undefined;
}

/** The arguments before the keyword ones, `*args` left out. */
export function positionalArguments(args: Argument[]): Argument[] {
  return args.filter((arg) => !KEYWORD.test(arg.text) && !arg.text.startsWith('*') && arg.text !== '');
}

/** The argument given by keyword or at a position. */
export function argument(args: Argument[], position: number, ...names: string[]): Argument | undefined {
  return keywordArgument(args, ...names) ?? positionalArguments(args)[position];
}

/** The items of a list, tuple or set display; null when the expression is something else. */
export function displayItems(source: ScannedSource, expression: Argument): Argument[] | null {
  const first = expression.text[0];
  if (first !== '[' && first !== '(' && first !== '{') return null;
  const read = readArguments(source, expression.start);
  return read.end === expression.start + expression.text.length ? read.args.filter((item) => item.text !== '') : null;
}

export interface Call {
  /** Everything before the last call's parentheses: `login_required`, `cache_page(60)`, `views.Home.as_view`. */
  callee: string;
  args: Argument[];
}

/** The expression as a call, when it ends with one. */
export function readCall(source: ScannedSource, expression: Argument): Call | null {
  const end = expression.start + expression.text.length;
  if (!expression.text.endsWith(')')) return null;
  let depth = 0;
  let open = -1;
  for (let i = expression.start; i < end; i++) {
    if (!source.isCode(i)) continue;
    const c = source.code[i]!;
    if (c === '(' && depth === 0) open = i;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
  }
  const callee = source.code.slice(expression.start, Math.max(open, expression.start)).trim();
  if (open <= expression.start || !/^[A-Za-z_][\w.]*(?:\s*\(.*\))?$/s.test(callee)) return null;
  return { callee, args: readArguments(source, open).args };
}

/** Auth decorators, dependencies and wrappers apart from the other middleware, each in order. */
export interface Guards {
  auth: string[];
  middleware: string[];
}

export const noGuards = (): Guards => ({ auth: [], middleware: [] });

/**
 * Files `written` under auth or middleware. What decides is `name` without its string arguments:
 * `cache.cached(key_prefix='session')` is not auth for the word in its key.
 */
export function addGuard(guards: Guards, written: string, name: string = written): void {
  const code = name.replace(/(['"])(?:\\.|(?!\1).)*\1/g, '');
  (isAuthName(code) ? guards.auth : guards.middleware).push(written);
}

export function joinGuards(...all: Guards[]): Guards {
  return { auth: all.flatMap((guards) => guards.auth), middleware: all.flatMap((guards) => guards.middleware) };
}

export interface View {
  /** The view as written, `Class` for `Class.as_view(...)`; null for a lambda. */
  handler: string | null;
  /** Functions wrapped around it, outermost first: `login_required`, `cache_page(60 * 15)`. */
  wrappers: string[];
}

/** A view argument (`views.home`, `Home.as_view()`, `login_required(views.home)`) read into handler and wrappers. */
export function readView(source: ScannedSource, expression: Argument): View {
  const wrappers: string[] = [];
  let current = expression;
  for (let depth = 0; depth < 8; depth++) {
    if (/^lambda\b/.test(current.text)) return { handler: null, wrappers };
    const call = readCall(source, current);
    if (!call) break;
    const asView = /^(.*?)\s*\.\s*as_view$/s.exec(call.callee);
    if (asView) return { handler: asWritten(asView[1]!), wrappers };
    const [inner] = positionalArguments(call.args);
    // `make_view('x')` is a view built by a call, not a wrapper around one.
    if (!inner || !/^[A-Za-z_]/.test(inner.text) || isStringLiteral(inner.text)) break;
    wrappers.push(asWritten(call.callee));
    current = inner;
  }
  return { handler: asWritten(current.text), wrappers };
}
