/**
 * Splitting a SQL migration into its "up" part and that part into statements, before any parser
 * sees it. Spec links: PostgreSQL lexical structure
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html, MySQL string literals and
 * DELIMITER https://dev.mysql.com/doc/refman/8.4/en/string-literals.html,
 * https://dev.mysql.com/doc/refman/8.4/en/stored-programs-defining.html, dbmate
 * https://github.com/amacneil/dbmate#creating-migrations, goose
 * https://pressly.github.io/goose/documentation/annotations/, drizzle-kit's
 * `--> statement-breakpoint` https://orm.drizzle.team/docs/drizzle-config-file#breakpoints.
 *
 * - Up part: dbmate's `-- migrate:up` … `-- migrate:down` and goose's `-- +goose Up` …
 *   `-- +goose Down`; a file with neither marker is all "up".
 * - A `;` ends a statement unless it is inside a '…' string (`''` escapes; backslash escapes too
 *   for MySQL and in PostgreSQL's E'…'), a "…" or `…` identifier, a `--` or `/* … *\/` comment
 *   (PostgreSQL nests block comments), a `$$ … $$` / `$tag$ … $tag$` body (PostgreSQL and unknown
 *   dialects), or a routine body: CREATE TRIGGER / FUNCTION / PROCEDURE / EVENT with BEGIN … END
 *   (SQLite triggers, MySQL without DELIMITER, PostgreSQL's BEGIN ATOMIC).
 * - `--> statement-breakpoint` ends a statement; `-- +goose StatementBegin` … `StatementEnd` is one
 *   statement whatever it contains; MySQL's `DELIMITER //` line changes the terminator.
 * - `#` starts a comment for MySQL only (it is an operator in PostgreSQL).
 * - Comments before a statement are not part of it; its line is the line of its first word.
 */
import { lineLocator } from '../../env/extractors/source-scan.js';
import type { SqlDialect } from '../model.js';

export interface SqlStatement {
  /** The statement without its terminator, from its first word, as written. */
  text: string;
  /** 1-based line of the statement's first word in the whole file. */
  line: number;
}

export interface UpSection {
  start: number;
  end: number;
}

const DBMATE_UP = /^--\s*migrate:up\b.*$/m;
const DBMATE_DOWN = /^--\s*migrate:down\b/m;
const GOOSE_UP = /^--\s*\+goose\s+up\b.*$/im;
const GOOSE_DOWN = /^--\s*\+goose\s+down\b/im;

/** The offsets of the part of the file that runs when the migration is applied. */
export function findUpSection(text: string): UpSection {
  for (const [up, down] of [
    [DBMATE_UP, DBMATE_DOWN],
    [GOOSE_UP, GOOSE_DOWN],
  ] as const) {
    const upMatch = up.exec(text);
    const downMatch = down.exec(text);
    if (!upMatch && !downMatch) continue;
    const start = upMatch ? upMatch.index + upMatch[0].length : 0;
    const end = downMatch && downMatch.index >= start ? downMatch.index : text.length;
    return { start, end };
  }
  return { start: 0, end: text.length };
}

interface SplitOptions {
  dialect: SqlDialect | null;
  /** Offset of `text` in the file, to give lines in the whole file. */
  offset?: number;
  /** The whole file, for line numbers; defaults to `text`. */
  file?: string;
}

const ROUTINE_START = /^create\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+)?(?:temp(?:orary)?\s+)?(?:constraint\s+)?(?:trigger|function|procedure|event)\b/i;

/** The statements of `text`, in order; empty and comment-only pieces are dropped. */
export function splitStatements(text: string, options: SplitOptions): SqlStatement[] {
  const { dialect } = options;
  const base = options.offset ?? 0;
  const lineAt = lineLocator(options.file ?? text);
  const dollarQuotes = dialect !== 'mysql' && dialect !== 'sqlite';
  const backslashEscapes = dialect === 'mysql';
  const hashComments = dialect === 'mysql';
  const delimiters = dialect === 'mysql' || dialect === null;

  const statements: SqlStatement[] = [];
  let delimiter = ';';
  let start = -1; // offset of the current statement's first word, -1 between statements
  let depth = 0; // BEGIN/CASE … END nesting inside a routine body
  let isRoutine: boolean | null = null;

  const finish = (end: number) => {
    if (start >= 0) {
      const body = text.slice(start, end).trim();
      if (body) statements.push({ text: body, line: lineAt(base + start) });
    }
    start = -1;
    depth = 0;
    isRoutine = null;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (start < 0 && /\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      const lineEnd = endOfLine(text, i);
      const comment = text.slice(i, lineEnd);
      if (/^-->\s*statement-breakpoint\b/i.test(comment)) {
        finish(i);
      } else if (/^--\s*\+goose\s+statementbegin\b/i.test(comment)) {
        finish(i);
        const close = /^--\s*\+goose\s+statementend\b.*$/im.exec(text.slice(lineEnd));
        const blockEnd = close ? lineEnd + close.index : text.length;
        const body = text.slice(lineEnd, blockEnd).trim().replace(/;\s*$/, '');
        const first = lineEnd + text.slice(lineEnd).search(/\S|$/);
        if (body) statements.push({ text: body, line: lineAt(base + first) });
        i = close ? blockEnd + close[0].length : text.length;
        continue;
      }
      i = lineEnd;
      continue;
    }
    if (c === '#' && hashComments) {
      i = endOfLine(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = endOfBlockComment(text, i, dialect !== 'mysql');
      continue;
    }
    if (start < 0 && delimiters) {
      const lineEnd = endOfLine(text, i);
      const change = /^delimiter\s+(\S+)\s*$/i.exec(text.slice(i, lineEnd));
      if (change) {
        delimiter = change[1]!;
        i = lineEnd;
        continue;
      }
    }
    if (text.startsWith(delimiter, i)) {
      if (isRoutine === null && start >= 0) isRoutine = ROUTINE_START.test(text.slice(start, i));
      if (delimiter !== ';' || !isRoutine || depth <= 0) {
        finish(i);
        i += delimiter.length;
        continue;
      }
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'") {
      const escaped = backslashEscapes || /(?:^|[^\w$])[eE]$/.test(text.slice(Math.max(0, i - 2), i));
      i = endOfQuoted(text, i, "'", escaped);
    } else if (c === '"' || c === '`') {
      i = endOfQuoted(text, i, c, false);
    } else if (c === '$' && dollarQuotes && !/[\w$]/.test(text[i - 1] ?? '')) {
      i = endOfDollarQuoted(text, i);
    } else if (/[A-Za-z_]/.test(c) && !/[\w$]/.test(text[i - 1] ?? '')) {
      const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 64))![0];
      const change = blockDepthChange(word, text, i + word.length);
      // Whether the statement is a routine is known by its first block keyword.
      if (change !== 0 && isRoutine === null) isRoutine = ROUTINE_START.test(text.slice(start, i));
      if (isRoutine) depth += change;
      i += word.length;
    } else {
      i++;
    }
  }
  finish(text.length);
  return statements;
}

/** BEGIN and CASE open a block, END closes one; END IF / LOOP / WHILE / REPEAT close no BEGIN. */
function blockDepthChange(word: string, text: string, after: number): number {
  const upper = word.toUpperCase();
  if (upper === 'BEGIN' || upper === 'CASE') return 1;
  if (upper !== 'END') return 0;
  return /^\s+(?:if|loop|while|repeat)\b/i.test(text.slice(after, after + 12)) ? 0 : -1;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function endOfBlockComment(text: string, from: number, nests: boolean): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth = nests ? depth + 1 : 1;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}

/** Past the closing quote; a doubled quote is an escaped one. */
function endOfQuoted(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (text[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return text.length;
}

/** Past `$tag$ … $tag$`, or just past the `$` when it does not open a dollar quote (`$1`). */
function endOfDollarQuoted(text: string, from: number): number {
  const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(from, from + 64));
  if (!tag) return from + 1;
  const close = text.indexOf(tag[0], from + tag[0].length);
  return close < 0 ? text.length : close + tag[0].length;
}
