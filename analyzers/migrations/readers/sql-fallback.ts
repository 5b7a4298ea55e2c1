/**
 * What a statement does, from its leading words only: for statements the dialect's parser rejects
 * (a newer syntax, a vendor extension, a typo), and the small text helpers every SQL mapper shares.
 *
 * - Names are unquoted ("User" → User, `user` → user, [user] → user) and keep their schema
 *   qualification (`public.users`).
 * - The recognised forms are the schema-changing ones of the operation kinds: CREATE/DROP TABLE,
 *   ALTER TABLE … ADD/DROP/ALTER/RENAME …, CREATE/DROP INDEX, CREATE/ALTER/DROP TYPE, RENAME TABLE
 *   and the data verbs. The kind and table come from the words; anything else is `other`, with the
 *   statement's first words as its detail.
 */
import type { OperationKind, SchemaOperation } from '../model.js';

const PART = String.raw`(?:"(?:[^"]|"")+"|\x60[^\x60]+\x60|\[[^\]]+\]|[\w$\u0080-\uffff]+)`;
/** A possibly schema-qualified identifier, quoted or not. */
export const NAME = String.raw`${PART}(?:\s*\.\s*${PART})*`;

/** `"public"."User"` → `public.User`; `` `db`.`t` `` → `db.t`. */
export function unquoteName(name: string): string {
  return [...name.matchAll(new RegExp(PART, 'g'))].map((match) => unquotePart(match[0])).join('.');
}

function unquotePart(part: string): string {
  if (part.startsWith('"')) return part.slice(1, -1).replaceAll('""', '"');
  if (part.startsWith('`') || part.startsWith('[')) return part.slice(1, -1);
  return part;
}

/** Whitespace runs to one space, quoted simple identifiers unquoted; string literals untouched. */
export function tidy(sql: string): string {
  return sql
    .replace(/('(?:[^']|'')*')|"([\w$]+)"|`([\w$]+)`|\s+/g, (whole, literal, doubled, backticked) => {
      if (literal !== undefined) return literal;
      if (doubled !== undefined) return doubled;
      if (backticked !== undefined) return backticked;
      return ' ';
    })
    .trim();
}

/** The statement's first words, up to the first parenthesis or AS, for an `other` detail. */
export function leadingWords(statement: string, limit = 60): string {
  const head = tidy(statement.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' '));
  const cut = head.search(/\s*\(|\s+AS\s|\s+(?:BEGIN|RETURNS|IS|TO|FROM)\s/i);
  const words = cut > 0 ? head.slice(0, cut) : head;
  return words.length > limit ? `${words.slice(0, limit - 1)}…` : words;
}

/** From `from` to the next `,` or unbalanced `)` outside parentheses, strings and quotes; tidied. */
export function clauseAt(sql: string, from: number): string {
  return tidy(sql.slice(from, clauseEnd(sql, from)));
}

/** The first parenthesised group at or after `from`, with its parentheses; tidied. */
export function parenthesizedAfter(sql: string, from: number): string | null {
  const open = sql.indexOf('(', from);
  if (open < 0) return null;
  return tidy(sql.slice(open, clauseEnd(sql, open + 1, false) + 1));
}

function clauseEnd(sql: string, from: number, stopAtComma = true): number {
  let depth = 0;
  for (let i = from; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const close = sql.indexOf(c, i + 1);
      if (close < 0) return sql.length;
      i = close;
    } else if (c === '$') {
      const tag = /^\$(?:[A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length - 1;
      }
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (((c === ',' && stopAtComma) || c === ';') && depth === 0) {
      return i;
    }
  }
  return sql.length;
}

export function operation(
  kind: OperationKind,
  table: string | null,
  column: string | null = null,
  detail: string | null = null,
): SchemaOperation {
  return { kind, table, column, detail };
}

interface WordRule {
  pattern: RegExp;
  read(match: RegExpExecArray, statement: string): SchemaOperation;
}

const IF_EXISTS = String.raw`(?:if\s+(?:not\s+)?exists\s+)?`;
const TABLE = String.raw`alter\s+table\s+${IF_EXISTS}(?:only\s+)?(${NAME})\s+`;

const RULES: WordRule[] = [
  {
    pattern: new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:(?:global|local)\s+)?(?:temp(?:orary)?\s+|unlogged\s+)?table\s+${IF_EXISTS}(${NAME})`, 'i'),
    read: (m) => operation('create-table', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^drop\s+table\s+${IF_EXISTS}(${NAME})`, 'i'),
    read: (m) => operation('drop-table', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}rename\s+to\s+(${NAME})`, 'i'),
    read: (m) => operation('rename-table', unquoteName(m[1]!), null, `→ ${unquoteName(m[2]!)}`),
  },
  {
    pattern: new RegExp(String.raw`^rename\s+table\s+(${NAME})\s+to\s+(${NAME})`, 'i'),
    read: (m) => operation('rename-table', unquoteName(m[1]!), null, `→ ${unquoteName(m[2]!)}`),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}rename\s+(?:column\s+)?(${NAME})\s+to\s+(${NAME})`, 'i'),
    read: (m) => operation('rename-column', unquoteName(m[1]!), unquoteName(m[2]!), `→ ${unquoteName(m[3]!)}`),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}add\s+(?:constraint\b|primary\s+key|foreign\s+key|unique\b|check\b)`, 'i'),
    read: (m) => operation('add-constraint', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}drop\s+(?:constraint|primary\s+key|foreign\s+key|check)\b`, 'i'),
    read: (m) => operation('drop-constraint', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}add\s+(?:unique\s+|fulltext\s+|spatial\s+)?(?:index|key)\b`, 'i'),
    read: (m) => operation('add-index', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}drop\s+(?:index|key)\b`, 'i'),
    read: (m) => operation('drop-index', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}add\s+(?:column\s+)?${IF_EXISTS}(${NAME})`, 'i'),
    read: (m) => operation('add-column', unquoteName(m[1]!), unquoteName(m[2]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}drop\s+(?:column\s+)?${IF_EXISTS}(${NAME})`, 'i'),
    read: (m) => operation('drop-column', unquoteName(m[1]!), unquoteName(m[2]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}(?:alter|modify|change)\s+(?:column\s+)?(${NAME})`, 'i'),
    read: (m) => operation('alter-column', unquoteName(m[1]!), unquoteName(m[2]!)),
  },
  {
    pattern: new RegExp(String.raw`^${TABLE}`, 'i'),
    read: (m, statement) => operation('other', unquoteName(m[1]!), null, leadingWords(statement)),
  },
  {
    pattern: new RegExp(String.raw`^create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:${IF_EXISTS}${NAME}\s+)?on\s+(?:only\s+)?(${NAME})`, 'i'),
    read: (m) => operation('add-index', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^drop\s+index\s+(?:concurrently\s+)?${IF_EXISTS}(${NAME})(?:\s+on\s+(${NAME}))?`, 'i'),
    read: (m) => operation('drop-index', m[2] ? unquoteName(m[2]) : null, null, unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^create\s+type\s+(${NAME})\s+as\s+enum\b`, 'i'),
    read: (m) => operation('create-enum', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^alter\s+type\s+(${NAME})\s+(?:add|rename)\s+value\b`, 'i'),
    read: (m) => operation('alter-enum', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^drop\s+type\s+${IF_EXISTS}(${NAME})`, 'i'),
    read: (m) => operation('drop-enum', unquoteName(m[1]!)),
  },
  {
    pattern: new RegExp(String.raw`^(?:with\b[\s\S]*?\)\s*)?(insert\s+(?:ignore\s+)?into|replace\s+into|update|delete\s+from|merge\s+into|copy)\s+(?:only\s+)?(${NAME})`, 'i'),
    read: (m) => {
      const table = unquoteName(m[2]!);
      return operation('data', table, null, `${m[1]!.toUpperCase().replace(/\s+/g, ' ')} ${table}`);
    },
  },
];

/** The operation the statement's leading words say; `other` when they say none of the kinds. */
export function recogniseByWords(statement: string): SchemaOperation {
  const text = statement.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match) return rule.read(match, text);
  }
  return operation('other', null, null, leadingWords(text));
}
