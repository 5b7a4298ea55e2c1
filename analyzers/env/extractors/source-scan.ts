/**
 * Comment and string boundaries in source code, shared by the pattern extractors (Python, Go, Ruby,
 * Rust, Java/Kotlin): a pattern inside a comment is blanked away before matching, and a match that
 * starts inside a string literal is refused. Interpolations (`f"{os.environ['X']}"`,
 * `"#{ENV['X']}"`, Kotlin's `"${System.getenv("X")}"`) are code again. This is a tokenizer for
 * comment and string syntax only; it knows nothing else about a language.
 */
import { ENV_NAME, type DynamicEnvRead, type EnvExtraction, type EnvReference } from '../model.js';

const CODE = 0;
const STRING = 1;
const COMMENT = 2;
/** Interpolations nested deeper than this are read as string text. */
const MAX_NESTING = 24;

/** How one string literal that starts at a given offset is delimited. */
export interface StringOpening {
  /** Length of the opening delimiter, prefix letters included (`r#"` is 3). */
  openLength: number;
  close: string;
  /** A backslash makes the next character part of the string, even a closing quote. */
  escapes: boolean;
  /** When false a newline ends the string, so an unterminated literal does not swallow the file. */
  multiline: boolean;
  /** What opens an interpolated expression inside the string; the matching `}` closes it. */
  interpolation?: '${' | '#{' | '{';
  /** An opening delimiter that nests inside the string (`%q(a (b) c)`). */
  nests?: string;
}

/** A heredoc opener (`<<~SQL`): the body starts on the next line and ends at the terminator line. */
export interface HeredocOpening {
  openLength: number;
  terminator: string;
  /** The terminator may be indented (`<<~`, `<<-`). */
  indented: boolean;
}

export interface SourceSyntax {
  lineComment: string;
  blockComment?: { open: string; close: string; nests: boolean };
  /** Ruby's `=begin` ... `=end`, each at the start of a line. */
  lineBlockComment?: { open: string; close: string };
  /** The string literal starting at `at`, or null when none starts there. */
  openString(text: string, at: number): StringOpening | null;
  openHeredoc?(text: string, at: number): HeredocOpening | null;
}

export interface ScannedSource {
  text: string;
  /** The text with every comment replaced by spaces (newlines kept), so offsets and lines are unchanged. */
  code: string;
  /** True when the character at `offset` is code: neither comment nor string literal. */
  isCode(offset: number): boolean;
  /** 1-based line of `offset`. */
  lineAt(offset: number): number;
}

export function scanSource(text: string, syntax: SourceSyntax): ScannedSource {
  const kinds = new Uint8Array(text.length);
  const pendingHeredocs: HeredocOpening[] = [];
  const n = text.length;

  const lineEnd = (from: number) => {
    const end = text.indexOf('\n', from);
    return end === -1 ? n : end;
  };

  function blockCommentEnd(at: number): number {
    const block = syntax.blockComment!;
    let depth = 0;
    let i = at;
    while (i < n) {
      if (text.startsWith(block.open, i) && (depth === 0 || block.nests)) {
        depth++;
        i += block.open.length;
      } else if (text.startsWith(block.close, i)) {
        depth--;
        i += block.close.length;
        if (depth === 0) return i;
      } else i++;
    }
    return n;
  }

  /** Marks the bodies of the heredocs opened on the line that just ended; returns where code resumes. */
  function skipHeredocs(at: number): number {
    let i = at;
    for (const heredoc of pendingHeredocs.splice(0)) {
      const bodyStart = i;
      while (i < n) {
        const end = lineEnd(i);
        const line = text.slice(i, end).replace(/\r$/, '');
        i = Math.min(end + 1, n);
        if ((heredoc.indented ? line.trim() : line) === heredoc.terminator) break;
      }
      kinds.fill(STRING, bodyStart, i);
    }
    return i;
  }

  function scanCode(start: number, closesAtBrace: boolean, depth: number): number {
    let i = start;
    let braces = 0;
    while (i < n) {
      const c = text[i]!;
      if (c === '\n') {
        i++;
        if (pendingHeredocs.length) i = skipHeredocs(i);
        continue;
      }
      const lineBlock = syntax.lineBlockComment;
      if (lineBlock && (i === 0 || text[i - 1] === '\n') && text.startsWith(lineBlock.open, i)) {
        const close = text.indexOf(`\n${lineBlock.close}`, i);
        const end = close === -1 ? n : lineEnd(close + 1);
        kinds.fill(COMMENT, i, end);
        i = end;
        continue;
      }
      if (text.startsWith(syntax.lineComment, i)) {
        const end = lineEnd(i);
        kinds.fill(COMMENT, i, end);
        i = end;
        continue;
      }
      if (syntax.blockComment && text.startsWith(syntax.blockComment.open, i)) {
        const end = blockCommentEnd(i);
        kinds.fill(COMMENT, i, end);
        i = end;
        continue;
      }
      const heredoc = syntax.openHeredoc?.(text, i);
      if (heredoc) {
        pendingHeredocs.push(heredoc);
        i += heredoc.openLength;
        continue;
      }
      const opening = syntax.openString(text, i);
      if (opening) {
        i = scanString(i, opening, depth);
        continue;
      }
      if (closesAtBrace) {
        if (c === '{') braces++;
        else if (c === '}') {
          if (braces === 0) return i + 1;
          braces--;
        }
      }
      i++;
    }
    return n;
  }

  function scanString(at: number, opening: StringOpening, depth: number): number {
    let i = at + opening.openLength;
    let segmentStart = at;
    let nested = 0;
    while (i < n) {
      const c = text[i]!;
      if (opening.escapes && c === '\\') {
        i += 2;
        continue;
      }
      if (!opening.multiline && c === '\n') break;
      const interpolation = opening.interpolation;
      if (interpolation && depth < MAX_NESTING && text.startsWith(interpolation, i)) {
        if (interpolation === '{' && text[i + 1] === '{') {
          i += 2;
          continue;
        }
        const codeStart = i + interpolation.length;
        kinds.fill(STRING, segmentStart, codeStart);
        i = scanCode(codeStart, true, depth + 1);
        segmentStart = i - 1;
        continue;
      }
      if (opening.nests && text.startsWith(opening.nests, i)) {
        nested++;
        i += opening.nests.length;
        continue;
      }
      if (text.startsWith(opening.close, i)) {
        i += opening.close.length;
        if (nested === 0) break;
        nested--;
        continue;
      }
      i++;
    }
    i = Math.min(i, n);
    kinds.fill(STRING, segmentStart, i);
    return i;
  }

  scanCode(0, false, 0);
  let code = '';
  let copied = 0;
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== COMMENT) continue;
    let end = i;
    while (end < n && kinds[end] === COMMENT) end++;
    code += text.slice(copied, i) + text.slice(i, end).replace(/[^\r\n]/g, ' ');
    copied = end;
    i = end;
  }
  code += text.slice(copied);
  return { text, code, isCode: (offset) => kinds[offset] === CODE, lineAt: lineLocator(text) };
}

/** 1-based line of an offset, by binary search over the line starts. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

export interface Argument {
  /** The argument's code, comments blanked, trimmed. */
  text: string;
  start: number;
}

export interface Arguments {
  args: Argument[];
  /** Offset just after the closing bracket (the end of the text when it is missing). */
  end: number;
}


/** The comma-separated arguments between the bracket at `open` and its match; brackets inside strings do not count. */
export function readArguments(source: ScannedSource, open: number): Arguments {
  const { code } = source;
  const args: Argument[] = [];
  let depth = 0;
  let argStart = open + 1;
  const push = (end: number) => {
    const raw = code.slice(argStart, end);
    const text = raw.trim();
    if (text !== '' || args.length > 0) args.push({ text, start: argStart + raw.indexOf(text) });
  };
  for (let i = open + 1; i < code.length; i++) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        push(i);
        return { args, end: i + 1 };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      push(i);
      argStart = i + 1;
    }
  }
  push(code.length);
  return { args, end: code.length };
}

/** `name=value` keyword arguments (Python) and `name: value` named arguments (Kotlin) lose their name. */
export function withoutArgumentName(text: string): string {
  return text.replace(/^[A-Za-z_]\w*\s*(?:=(?!=)|:(?!:))\s*/, '');
}

/**
 * The variable a name argument names: `name` when it is one string literal holding a valid name,
 * `invalid` when it is a literal but not a name (nothing to report), `dynamic` when it is computed.
 */
export type NameArgument = { kind: 'name'; name: string } | { kind: 'invalid' } | { kind: 'dynamic' };

export function nameArgument(text: string | undefined, stringContent: (text: string) => string | null): NameArgument {
  if (text === undefined || text === '') return { kind: 'dynamic' };
  const content = stringContent(text);
  if (content === null) return { kind: 'dynamic' };
  return ENV_NAME.test(content) ? { kind: 'name', name: content } : { kind: 'invalid' };
}

const NUMBER = /^[-+]?(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?)[A-Za-z\d]*$/;
const BOOLEAN = /^(?:true|false|True|False)$/;

/**
 * A literal default as written in code: a string literal's content between its quotes (escapes
 * left as written), a number or boolean as written; null for anything else (an identifier, a
 * call, `None`, `nil`, `null`), which is a default that is not a literal.
 */
export function literalDefault(text: string | undefined, stringContent: (text: string) => string | null): string | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  const content = stringContent(trimmed);
  if (content !== null) return content;
  return NUMBER.test(trimmed) || BOOLEAN.test(trimmed) ? trimmed : null;
}

/** A string literal's content for languages whose simple literals are `"..."` (and `'...'` when allowed). */
export function quotedContent(text: string, quotes: string): string | null {
  const quote = text[0];
  if (quote === undefined || !quotes.includes(quote) || text.length < 2 || text[text.length - 1] !== quote) return null;
  const body = text.slice(1, -1);
  const unescaped = new RegExp(`^(?:[^${quote}\\\\\\n]|\\\\.)*$`, 's');
  return unescaped.test(body) ? body : null;
}

/** Collects references and dynamic reads, with lines, for one file; the result is in text order. */
export class ExtractionCollector {
  private readonly references: Array<{ offset: number; reference: EnvReference }> = [];
  private readonly dynamic: Array<{ offset: number; read: DynamicEnvRead }> = [];

  constructor(private readonly source: ScannedSource) {}

  reference(offset: number, name: string, required: boolean, defaultValue: string | null = null): void {
    this.references.push({ offset, reference: { name, source: 'code', line: this.source.lineAt(offset), default: defaultValue, required } });
  }

  dynamicRead(start: number, end: number): void {
    const expression = this.source.text.slice(start, end).replace(/\s+/g, ' ').trim().slice(0, 80);
    this.dynamic.push({ offset: start, read: { line: this.source.lineAt(start), expression } });
  }

  /** Records `argument` as a reference when it names a variable, or the read as dynamic when it is computed. */
  nameOrDynamic(argument: NameArgument, offsets: { start: number; end: number }, required: boolean, defaultValue: string | null = null): void {
    if (argument.kind === 'name') this.reference(offsets.start, argument.name, required, defaultValue);
    else if (argument.kind === 'dynamic') this.dynamicRead(offsets.start, offsets.end);
  }

  result(): EnvExtraction {
    const byOffset = (a: { offset: number }, b: { offset: number }) => a.offset - b.offset;
    return { references: this.references.sort(byOffset).map((r) => r.reference), dynamic: this.dynamic.sort(byOffset).map((d) => d.read) };
  }
}

/** Every match of `pattern` (global) over the comment-free code whose first character is code. */
export function* codeMatches(source: ScannedSource, pattern: RegExp): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(source.code); match; match = pattern.exec(source.code)) {
    if (match[0] === '') pattern.lastIndex++;
    if (source.isCode(match.index)) yield match;
  }
}

export interface MethodCall {
  method: string;
  args: Argument[];
}

/** The `.method(args)`, `.field` and `?` links right after an expression, up to eight of them (`::<T>` turbofish skipped). */
export function readMethodChain(source: ScannedSource, at: number): MethodCall[] {
  const { code } = source;
  const links: MethodCall[] = [];
  let i = at;
  while (links.length < 8) {
    i = skipSpace(code, i);
    if (code[i] === '?') {
      links.push({ method: '?', args: [] });
      i++;
      continue;
    }
    if (code[i] !== '.' || !source.isCode(i)) break;
    const name = /^\.\s*([A-Za-z_]\w*)(?:\s*::\s*<[^()]*?>)?\s*/.exec(code.slice(i, i + 200));
    if (!name) break;
    i += name[0].length;
    if (code[i] === '(') {
      const call = readArguments(source, i);
      links.push({ method: name[1]!, args: call.args });
      i = call.end;
    } else links.push({ method: name[1]!, args: [] });
  }
  return links;
}

/** Whitespace (and comments, already blanked) from `at`. */
export function skipSpace(code: string, at: number): number {
  let i = at;
  while (i < code.length && /\s/.test(code[i]!)) i++;
  return i;
}

export const isIdentifierChar = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
