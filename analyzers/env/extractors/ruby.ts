/**
 * Ruby: reads of the `ENV` object.
 * Spec: https://docs.ruby-lang.org/en/master/ENV.html
 *
 * - `ENV['X']` is required unless followed by `|| fallback` or `||=` (a literal fallback is the
 *   default) or `&.` (nil tolerated); `ENV['X'] = v` is a write, not a read.
 * - `ENV.fetch('X')` is required (KeyError when unset); `ENV.fetch('X', 'd')` and
 *   `ENV.fetch('X') { 'd' }` are optional, with the default when it is a literal.
 * - `ENV.key?('X')` (and `has_key?`, `include?`, `member?`) is optional.
 * - Calls may omit parentheses (`ENV.fetch 'X', 'd'`); a computed name is a dynamic read.
 * Strings, `%q()`-style literals, regex literals and heredoc bodies are not code; `#{...}` inside
 * double-quoted strings, backticks and regexes is. Comments are `#` and `=begin`/`=end`.
 */
import type { EnvExtractor } from '../model.js';
import {
  codeMatches,
  ExtractionCollector,
  isIdentifierChar,
  literalDefault,
  nameArgument,
  quotedContent,
  readArguments,
  scanSource,
  skipSpace,
  type Arguments,
  type ScannedSource,
  type SourceSyntax,
} from './source-scan.js';

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
/** After these a `/` or `%` starts a literal rather than dividing. */
const OPERAND_EXPECTED = /[(,=[{|&!;:+*\-<>?~]/;
const KEYWORDS_BEFORE_OPERAND = /(?:^|[^\w])(?:when|if|elsif|unless|while|until|and|or|not|return|puts|split|match|scan|sub|gsub)\s*$/;

function previousNonSpace(text: string, at: number): { char: string | undefined; spaced: boolean } {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return { char: i >= 0 && text[i] !== '\n' ? text[i] : undefined, spaced: i < at - 1 };
}

function expectsOperand(text: string, at: number): boolean {
  const before = previousNonSpace(text, at);
  if (before.char === undefined || OPERAND_EXPECTED.test(before.char)) return true;
  return KEYWORDS_BEFORE_OPERAND.test(text.slice(Math.max(0, at - 12), at));
}

export const rubySyntax: SourceSyntax = {
  lineComment: '#',
  lineBlockComment: { open: '=begin', close: '=end' },
  openString(text, at) {
    const c = text[at];
    // `$'`, `$"`, `$/`, `$%`... are global variables, not the start of a literal.
    if (text[at - 1] === '$') return null;
    if (c === "'") return { openLength: 1, close: "'", escapes: true, multiline: true };
    if (c === '"' || c === '`') return { openLength: 1, close: c, escapes: true, multiline: true, interpolation: '#{' };
    if (c === '/' && expectsOperand(text, at) && !/\s/.test(text[at + 1] ?? ' ')) {
      return { openLength: 1, close: '/', escapes: true, multiline: false, interpolation: '#{' };
    }
    if (c === '%') {
      const match = /^%([qQwWiIrsx]?)([([{<|!/^])/.exec(text.slice(at, at + 3));
      if (!match) return null;
      const before = previousNonSpace(text, at);
      const literal = expectsOperand(text, at) || (before.spaced && isIdentifierChar(before.char) && !/\s/.test(text[at + match[0].length] ?? ' '));
      if (!literal) return null;
      const open = match[2]!;
      const opening = { openLength: match[0].length, close: PAIRS[open] ?? open, escapes: true, multiline: true };
      const interpolates = /^[QWIrx]?$/.test(match[1]!) ? { interpolation: '#{' as const } : {};
      return PAIRS[open] ? { ...opening, ...interpolates, nests: open } : { ...opening, ...interpolates };
    }
    return null;
  },
  openHeredoc(text, at) {
    if (!text.startsWith('<<', at) || text[at + 2] === '<') return null;
    const match = /^<<([~-]?)(?:(['"`])([^'"`\n]+)\2|([A-Za-z_]\w*))/.exec(text.slice(at, at + 80));
    if (!match) return null;
    const terminator = (match[3] ?? match[4])!;
    // `a <<b` is a shift; an unquoted, undecorated heredoc tag is upper case by convention.
    if (!match[1] && !match[2] && !/^[A-Z_]/.test(terminator)) return null;
    return { openLength: match[0].length, terminator, indented: match[1] !== '' };
  },
};

/** A single- or double-quoted literal without interpolation. */
export function rubyString(text: string): string | null {
  const content = quotedContent(text, `'"`);
  return content !== null && text[0] === '"' && content.includes('#{') ? null : content;
}

/** Arguments of a call without parentheses: up to the end of the line, a block, or a modifier keyword. */
function readBareArguments(source: ScannedSource, at: number): Arguments {
  const { code } = source;
  const args: Arguments['args'] = [];
  let depth = 0;
  let argStart = at;
  const push = (end: number) => {
    const raw = code.slice(argStart, end);
    const text = raw.trim();
    if (text !== '') args.push({ text, start: argStart + raw.indexOf(text) });
  };
  let i = at;
  for (; i < code.length; i++) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if (depth === 0) {
      if (c === '\n' && !/,\s*$/.test(code.slice(argStart, i))) break;
      if (c === '{' || c === ')' || c === ']' || c === '}' || c === ';') break;
      if (/^(?:\|\||&&|\s(?:do|if|unless|and|or|rescue|then)\b)/.test(code.slice(i, i + 8))) break;
      if (c === ',') {
        push(i);
        argStart = i + 1;
        continue;
      }
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  push(i);
  return { args, end: i };
}

function readCallArguments(source: ScannedSource, at: number): Arguments | null {
  const open = skipSpace(source.code, at);
  if (source.code[open] === '(') return readArguments(source, open);
  // `ENV.fetch 'X'` needs the space; `ENV.fetch.foo` is not a call with arguments.
  if (open === at || /[\n.=)]/.test(source.code[open] ?? '\n')) return null;
  return readBareArguments(source, open);
}

/** The default in `ENV.fetch('X') { 'd' }` or `{ |key| 'd' }`; undefined when there is no block. */
function blockDefault(source: ScannedSource, at: number): { value: string | null; end: number } | undefined {
  const { code } = source;
  const open = skipSpace(code, at);
  if (code[open] === '{') {
    const block = readArguments(source, open);
    const body = code.slice(open + 1, block.end - 1).replace(/^\s*\|[^|]*\|/, '').trim();
    return { value: literalDefault(body, rubyString), end: block.end };
  }
  if (/^do\b/.test(code.slice(open, open + 3))) return { value: null, end: open + 2 };
  return undefined;
}

/** The literal right after `||` or `||=`, when there is one. */
function fallbackLiteral(code: string, at: number): string | null {
  const operand = /^(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[-\w.]+)/.exec(code.slice(at));
  return operand ? literalDefault(operand[0], rubyString) : null;
}

const ENV = '(?<![\\w.$@])(?:::)?ENV';

/** A symbol's name (`:email`, `:"a-b"`) or a literal string's content; null for anything else. */
export function rubyLiteral(text: string | undefined): string | null {
  if (text === undefined) return null;
  const symbol = /^:(\w+[!?]?)$/.exec(text) ?? /^:"([^"#\\]*)"$/.exec(text);
  return symbol ? symbol[1]! : rubyString(text);
}

/** The names a Ruby argument lists: `:email`, `[:a, :b]`, `%i[a b]`, `'email'`. */
export function rubyNameList(text: string | undefined): string[] {
  if (text === undefined) return [];
  const words = /^%[iIwW][[({<]([\s\S]*)[\])}>]$/.exec(text);
  if (words) return words[1]!.split(/\s+/).filter(Boolean);
  const list = /^\[([\s\S]*)\]$/.exec(text);
  const items = list ? list[1]!.split(',') : [text];
  return items.map((item) => rubyLiteral(item.trim())).filter((item): item is string => item !== null);
}

export function extractRuby(text: string) {
  const source = scanSource(text, rubySyntax);
  const { code } = source;
  const found = new ExtractionCollector(source);

  for (const match of codeMatches(source, new RegExp(`${ENV}\\s*\\[`, 'g'))) {
    const { args, end } = readArguments(source, match.index + match[0].length - 1);
    const after = code.slice(end, end + 200);
    if (/^\s*=(?![=~>])/.test(after)) continue;
    const fallback = /^\s*\|\|=?\s*/.exec(after);
    const optional = fallback !== null || /^\s*&\./.test(after);
    const defaultValue = fallback ? fallbackLiteral(code, end + fallback[0].length) : null;
    found.nameOrDynamic(nameArgument(args[0]?.text, rubyString), { start: match.index, end }, !optional, defaultValue);
  }

  for (const match of codeMatches(source, new RegExp(`${ENV}\\s*\\.\\s*(fetch|key\\?|has_key\\?|include\\?|member\\?)`, 'g'))) {
    const call = readCallArguments(source, match.index + match[0].length);
    if (!call) continue;
    const [name, fallback] = call.args.map((a) => a.text);
    let end = call.end;
    let required = false;
    let defaultValue: string | null = null;
    if (match[1] === 'fetch') {
      const block = blockDefault(source, call.end);
      if (fallback !== undefined) defaultValue = literalDefault(fallback, rubyString);
      else if (block) defaultValue = block.value;
      else required = true;
      end = block?.end ?? end;
    }
    found.nameOrDynamic(nameArgument(name, rubyString), { start: match.index, end }, required, defaultValue);
  }

  return found.result();
}

const RUBY_FILE_NAMES = new Set(['Rakefile', 'Gemfile', 'Guardfile', 'Capfile', 'Vagrantfile']);

export const rubyExtractor: EnvExtractor = {
  id: 'ruby',
  matches: (path) => /\.(?:rb|rake|gemspec|ru)$/.test(path) || RUBY_FILE_NAMES.has(path.slice(path.lastIndexOf('/') + 1)),
  extract: (text) => extractRuby(text),
};
