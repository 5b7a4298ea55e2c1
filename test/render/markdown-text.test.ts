/**
 * Fact text in Markdown: whatever people typed into commit messages and file names must read
 * literally, never break a table and never become markup. Checked by parsing the result with
 * micromark (CommonMark + GitHub tables), the parser markdownlint uses.
 */
import { micromark } from 'micromark';
import { gfmTable, gfmTableHtml } from 'micromark-extension-gfm-table';
import { describe, expect, it } from 'vitest';
import { code, escapeMarkdown } from '../../src/render/markdown-text.js';

const toHtml = (markdown: string) => micromark(markdown, { extensions: [gfmTable()], htmlExtensions: [gfmTableHtml()] });

/** The text a reader sees: HTML tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

const NASTY = [
  'fix: handle a|b in the parser',
  '<script>alert("x")</script> and <img src=x onerror=alert(1)>',
  '*not emphasis* and _not either_ and __nor this__',
  '[a link](https://evil.example) ![img](x.png)',
  '# not a heading',
  '- not a list',
  '1. not a list either',
  '> not a quote',
  'back\\slash and trailing backslash\\',
  '~~not struck~~ and `unbalanced backtick',
  'AT&T and &lt;entity&gt; and &#x3C;',
  'user_id and snake_case_name stay readable',
];

describe('escapeMarkdown', () => {
  it.each(NASTY)('reads literally in a paragraph: %s', (text) => {
    const html = toHtml(escapeMarkdown(text));
    expect(html).not.toMatch(/<(script|img|a|em|strong|del|h1|ul|ol|li|blockquote|code)[ >]/);
    expect(visibleText(html)).toBe(text);
  });

  it.each(NASTY)('keeps a table cell whole: %s', (text) => {
    const html = toHtml(`| A | B |\n| --- | --- |\n| ${escapeMarkdown(text)} | end |\n`);
    const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => visibleText(m[1]!));
    expect(cells).toEqual([text, 'end']);
  });

  it('folds line breaks, so a multi-line message stays in its row', () => {
    expect(escapeMarkdown('first line\nsecond line\r\n\nthird')).toBe('first line second line third');
  });

  it('drops control characters, which no report should carry', () => {
    expect(escapeMarkdown('bell\u0007 and nul\u0000')).toBe('bell and nul');
  });

  it('keeps the code spans the author wrote, with table pipes escaped inside them', () => {
    const markdown = escapeMarkdown('`createdAt` is now `a|b`');
    expect(markdown).toBe('`createdAt` is now `a\\|b`');
    const html = toHtml(`| A |\n| --- |\n| ${markdown} |\n`);
    expect(html).toContain('<code>createdAt</code>');
    expect(html).toContain('<code>a|b</code>');
  });

  it('leaves underscores inside words alone, so identifiers stay readable in the source', () => {
    expect(escapeMarkdown('user_id')).toBe('user_id');
    expect(escapeMarkdown('_private')).toBe('\\_private');
  });
});

describe('code', () => {
  it.each(['plain/path.js', 'has `backticks` inside', '`starts with one', 'pipe|inside', 'weird <html> & stuff'])('shows %s as code, whole, in a table', (text) => {
    const html = toHtml(`| A |\n| --- |\n| ${code(text)} |\n`);
    const cell = /<td><code>([\s\S]*?)<\/code><\/td>/.exec(html)?.[1];
    expect(cell && visibleText(cell).trim()).toBe(text);
  });
});
