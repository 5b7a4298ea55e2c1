/** Escaping for text placed into Markdown: table cells and inline code. */

/** Text safe inside a table cell: pipes escaped, line breaks folded, Markdown punctuation kept literal. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[*_`<>[\]]/g, (c) => `\\${c}`).replace(/\s*\r?\n\s*/g, ' ');
}

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

export function shortOid(oid: string): string {
  return oid.slice(0, 12);
}

/** Prose on its own line (a list item): only line breaks folded; the author's Markdown is kept. */
export function inline(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
