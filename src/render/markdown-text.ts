/**
 * Escaping for fact text placed into Markdown (CommonMark and GitHub's tables). Fact text is
 * whatever people typed into commit messages and file names: it must neither break a table nor
 * become markup.
 */

/** C0 control characters other than tab and line breaks: never meaningful in a report. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text that reads literally wherever it lands, inline or in a table cell: line breaks folded into
 * spaces; backslash-escaped the characters that open inline constructs (emphasis, links, HTML,
 * strikethrough, table pipes) and those that start blocks (headings, quotes, lists) at the start;
 * `_` only where it could delimit emphasis (an underscore between two letters or digits never
 * does, so `user_id` stays readable in the source). Code spans the author wrote (balanced
 * backticks, common in commit messages) stay code spans: they cannot carry markup, and only their
 * pipes need escaping for tables.
 */
export function escapeMarkdown(text: string): string {
  const folded = text.replace(CONTROL, '').replace(/\s*\r?\n\s*/g, ' ');
  let out = '';
  let rest = folded;
  for (let span = CODE_SPAN.exec(rest); span; span = CODE_SPAN.exec(rest)) {
    out += escapeText(rest.slice(0, span.index), out === '') + span[0].replace(/\|/g, '\\|');
    rest = rest.slice(span.index + span[0].length);
  }
  return out + escapeText(rest, out === '');
}

/** A run of backticks, text without that run, the same run: CommonMark's code span. */
const CODE_SPAN = /(`+)(?!`)([^`]|(?!\1)`+)*?[^`]\1(?!`)/;

function escapeText(text: string, atStart: boolean): string {
  let out = text.replace(/[\\`*[\]<>|~]/g, (c) => `\\${c}`);
  out = out.replace(/_/g, (c, index: number) => (isWordChar(out[index - 1]) && isWordChar(out[index + 1]) ? c : `\\${c}`));
  out = out.replace(/&(?=#?\w+;)/g, '\\&');
  if (!atStart) return out;
  return out.replace(/^(#|[-+]\s|=+\s*$)/, (c) => `\\${c}`).replace(/^(\d+)([.)])(\s|$)/, '$1\\$2$3');
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/**
 * Inline code that survives backticks inside the text. Pipes are escaped because GitHub splits
 * table cells before it parses code spans; outside a table the backslash shows, which is the
 * lesser evil for a character that is rare in paths.
 */
export function code(text: string): string {
  const folded = text.replace(CONTROL, '').replace(/\s*\r?\n\s*/g, ' ');
  const longest = Math.max(0, ...(folded.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = folded.startsWith('`') || folded.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${folded.replace(/\|/g, '\\|')}${pad}${fence}`;
}

export function shortOid(oid: string): string {
  return oid.slice(0, 12);
}

/** Text for the inside of an HTML comment, which `--` would end early in some parsers. */
export function commentText(text: string): string {
  return text.replace(/--+/g, (dashes) => dashes.split('').join(' ')).replace(/-$/, '- ');
}
