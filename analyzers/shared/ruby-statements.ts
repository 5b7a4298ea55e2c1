/**
 * Ruby source as statements and blocks, for the readers of Rails route files and migrations: a
 * statement ends at a newline or `;` outside brackets, strings and heredoc bodies (a line ending
 * in `,`, `\\`, `+`, `=>`, `||`, `&&` or `.` continues), and `do … end`, `{ |x| … }` and keyword
 * blocks (`if`, `def`, `class`, …) give it children. Comments and strings were blanked by scanSource.
 */
import { rubySyntax } from '../env/extractors/ruby.js';
import type { ScannedSource } from '../env/extractors/source-scan.js';

export interface RubyStatement {
  /** The statement's code (comments blanked), without a trailing `do |…|` opener. */
  text: string;
  start: number;
  end: number;
  line: number;
  /** The statements of its `do … end` or `{ … }` block, or of the keyword block it opens. */
  children: RubyStatement[] | null;
}

const DO_BLOCK = /\s+do(?:\s*\|[^|]*\|)?\s*$/;
const KEYWORD_BLOCK = /^(?:if|unless|while|until|case|begin|def|class|module|for)\b/;
/** A line ending in one of these continues on the next line. */
const CONTINUED = /(?:[,\\+]|=>|\|\||&&|\.)\s*$/;
const HEREDOC_OPENER = /<<[~-]?(?:(['"`])[^'"`\n]+\1|[A-Z_]\w*)/;

/** Statements between `from` and `to`, split at newlines and `;` outside brackets, strings and heredoc bodies. */
function splitStatements(source: ScannedSource, from: number, to: number): Array<{ start: number; end: number }> {
  const { code, text } = source;
  const pieces: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && !source.isCode(i)) continue;
    const c = i < to ? code[i] : undefined;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === undefined || ((c === '\n' || c === ';') && depth === 0)) {
      if (c === '\n' && CONTINUED.test(code.slice(start, i))) continue;
      pieces.push({ start, end: i });
      start = i + 1;
      // A heredoc's body follows the line that opens it and belongs to that statement.
      const opener = HEREDOC_OPENER.exec(code.slice(pieces[pieces.length - 1]!.start, i));
      if (c === '\n' && opener && rubySyntax.openHeredoc?.(text, pieces[pieces.length - 1]!.start + opener.index)) {
        while (start < to && !source.isCode(start)) start++;
        i = start - 1;
      }
    }
  }
  return pieces;
}

/** The `{ |t| … }` block at the end of a statement, when it has one. */
function braceBlock(source: ScannedSource, start: number, end: number): { open: number; close: number } | null {
  const { code } = source;
  if (code[end - 1] !== '}' || !source.isCode(end - 1)) return null;
  let depth = 0;
  for (let i = end - 1; i >= start; i--) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) {
        if (c !== '{') return null;
        const before = code.slice(start, i).trimEnd();
        return /[\w)]$/.test(before) ? { open: i, close: end - 1 } : null;
      }
    }
  }
  return null;
}

/** The statements between `from` and `to` (the whole file by default), blocks nested. */
export function readRubyStatements(source: ScannedSource, from = 0, to: number = source.code.length): RubyStatement[] {
  const root: RubyStatement[] = [];
  const stack: RubyStatement[][] = [root];
  for (const piece of splitStatements(source, from, to)) {
    const raw = source.code.slice(piece.start, piece.end);
    const text = raw.trim();
    if (text === '') continue;
    const start = piece.start + raw.indexOf(text);
    const end = start + text.length;
    if (/^end\b/.test(text)) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const brace = braceBlock(source, start, end);
    if (brace) {
      const body = source.code.slice(brace.open + 1, brace.close);
      const params = /^\s*\|[^|]*\|/.exec(body);
      const bodyStart = brace.open + 1 + (params ? params[0].length : 0);
      const head = source.code.slice(start, brace.open).trimEnd();
      stack[stack.length - 1]!.push({ text: head, start, end: start + head.length, line: source.lineAt(start), children: readRubyStatements(source, bodyStart, brace.close) });
      continue;
    }
    const opener = DO_BLOCK.exec(text);
    const opensBlock = opener !== null || (KEYWORD_BLOCK.test(text) && !/\bend$/.test(text));
    const head = opener ? text.slice(0, opener.index) : text;
    const statement: RubyStatement = { text: head, start, end: start + head.length, line: source.lineAt(start), children: opensBlock ? [] : null };
    stack[stack.length - 1]!.push(statement);
    if (statement.children) stack.push(statement.children);
  }
  return root;
}
