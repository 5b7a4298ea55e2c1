/**
 * Users' own templates: the documented helpers, Markdown escaping by default, partials from a
 * folder, and errors that name the template file and line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateError, UsageError } from '../../src/errors.js';
import { builtinTemplates, loadTemplate, renderTemplate } from '../../src/render/template-engine.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'impl-draft-templates-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const render = (source: string, context: object = {}, partialsDir?: string) => renderTemplate({ name: 'test.hbs', file: 'test.hbs', source }, context, { partialsDir });

function renderError(source: string, context: object = {}): TemplateError {
  try {
    render(source, context);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected the template to fail');
}

describe('template rendering', () => {
  it('escapes fact text for Markdown by default; {{{triple}}} inserts it raw', () => {
    expect(render('{{x}} / {{{x}}}', { x: '<b>*hi*</b> | x' })).toBe('\\<b\\>\\*hi\\*\\</b\\> \\| x / <b>*hi*</b> | x');
  });

  it('builds tables whose cells are escaped, with an empty text when there are no rows', () => {
    const source = '{{#table "Path" "Lines" align="lr" empty="Nothing."}}{{#each rows}}{{row (code path) n}}{{/each}}{{/table}}';
    expect(render(source, { rows: [{ path: 'a|b.js', n: 3 }] })).toBe('| Path | Lines |\n| --- | ---: |\n| `a\\|b.js` | 3 |');
    expect(render(source, { rows: [] })).toBe('Nothing.');
  });

  it('formats dates in the time zone they were recorded in, counts with plurals, percentages', () => {
    expect(render('{{date d}} {{date d "datetime"}}', { d: '2024-03-31T23:30:00-07:00' })).toBe('2024-03-31 2024-03-31 23:30 -07:00');
    expect(render('{{plural 1 "commit"}}, {{plural 2 "commit"}}, {{plural list "entry" "entries"}}', { list: [1, 2, 3] })).toBe('1 commit, 2 commits, 3 entries');
    expect(render('{{percent 83.333}} {{percent null}} {{days 1}} {{days 2.5}}')).toBe('83.3% n/a 1 day 2.5 days');
  });

  it('selects facts without computing new ones: where, whereNot, count, pluck, limit, reverse', () => {
    const context = { files: [{ path: 'a', status: 'added' }, { path: 'b', status: 'deleted' }, { path: 'c', status: 'added' }] };
    expect(render('{{#each (where files "status" "added")}}{{path}}{{/each}}', context)).toBe('ac');
    expect(render('{{#each (reverse (whereNot files "status" "added"))}}{{path}}{{/each}}/{{count files}}', context)).toBe('b/3');
    expect(render('{{#each (limit (pluck files "path") 2)}}{{this}}{{/each}}', context)).toBe('ab');
  });

  it('writes .env values bare when dotenv reads them back unchanged, double-quoted otherwise; tests list membership', () => {
    const values = ['3000', 'http://localhost:5173/a?b=c', '', 'two words', 'a#b', 'line1\nline2', 'say "hi"'];
    expect(values.map((value) => render('{{envValue v}}', { v: value }))).toEqual([
      '3000', 'http://localhost:5173/a?b=c', '', '"two words"', '"a#b"', '"line1\\nline2"', '"say \\"hi\\""',
    ]);
    expect(render('{{#if (includes s "code")}}read{{else}}declared{{/if}}/{{#if (includes s "k8s")}}k8s{{/if}}', { s: ['ci', 'code'] })).toBe('read/');
  });

  it('draws a file tree with notes, folders first', () => {
    const out = render('{{tree files}}', { files: [{ path: 'src/b.js', description: 'B' }, { path: 'README.md', description: null }, { path: 'src/lib/a.js', description: 'A' }] });
    expect(out).toBe(['```text', '.', '├── src/', '│   ├── lib/', '│   │   └── a.js  # A', '│   └── b.js      # B', '└── README.md', '```'].join('\n'));
  });

  it('fences narrative blocks with the prompt in a comment and the hints marked', () => {
    const out = render('{{#narrative "key-decisions"}}{{#prompt}}Why we did it.{{/prompt}}{{#hints}}- {{h}}{{/hints}}{{/narrative}}', { h: 'a*b' });
    expect(out).toBe(
      [
        '<!-- impl-draft:narrative id="key-decisions" -->',
        '<!-- Why we did it. -->',
        '_Not written yet._',
        '<!-- impl-draft:hints -->',
        '- a\\*b',
        '<!-- /impl-draft:hints -->',
        '<!-- /impl-draft:narrative -->',
        '',
      ].join('\n'),
    );
  });

  it('fills a header field from a value, or leaves a one-line block for a person', () => {
    expect(render('Step: {{field "step" v "X.Y"}}', { v: '2.3' })).toBe('Step: 2.3');
    expect(render('Step: {{field "step" v "X.Y"}}', {})).toBe('Step: <!-- impl-draft:narrative id="step" -->_X.Y_<!-- /impl-draft:narrative -->');
  });

  it('knows which analyzers ran', () => {
    expect(render('{{#if (hasAnalyzer "files")}}yes{{else}}no{{/if}}{{#if (hasAnalyzer "env")}}yes{{else}}no{{/if}}', { analyzers: ['files'] })).toBe('yesno');
  });

  it('uses partials from a folder, which may replace built-in ones', () => {
    const partials = join(dir, 'partials');
    mkdirSync(partials);
    writeFileSync(join(partials, 'greeting.hbs'), 'Hello {{name}}!');
    writeFileSync(join(partials, 'not-analysed.hbs'), 'Skipped {{what}}.');
    expect(render('{{> greeting}} {{> not-analysed what="env"}}', { name: 'A|B' }, partials)).toBe('Hello A\\|B! Skipped env.');
  });

  it('names the template file and line of a syntax error, an unknown helper, a missing partial', () => {
    expect(renderError('line 1\n{{#if x}}\nline 3').message).toBe('template test.hbs line 3: the template ends inside a block: a {{#...}} has no {{/...}}');
    expect(renderError('a\n{{#if x}}\n{{/each}}').message).toBe("template test.hbs line 2: if doesn't match each");
    expect(renderError('a\n\n{{tabel rows}}').message).toBe('template test.hbs line 3: unknown helper "tabel" (see docs/templates.md for the helper set)');
    expect(renderError('{{> nowhere}}').message).toMatch(/^template test\.hbs: The partial nowhere could not be found/);
    expect(renderError('{{#narrative "Bad Id"}}x{{/narrative}}').message).toBe('template test.hbs line 1: narrative needs an id of lower-case letters, digits and dashes, got "Bad Id"');
  });

  it('names the partial file when the error is inside a partial', () => {
    const partials = join(dir, 'broken');
    mkdirSync(partials);
    writeFileSync(join(partials, 'bad.hbs'), 'ok\n{{missingHelper 1}}');
    expect(() => render('{{> bad}}', {}, partials)).toThrow(`template ${join(partials, 'bad.hbs')} line 2: unknown helper "missingHelper"`);
  });

  it('lists the five built-in templates with a description, and refuses an unknown name with the list', () => {
    const names = builtinTemplates().map((t) => t.name);
    expect(names).toEqual(['implementation-notes', 'implementation-plan', 'implementation-record', 'implementation-summary', 'step-report']);
    for (const template of builtinTemplates()) expect(template.description.length).toBeGreaterThan(40);
    expect(() => loadTemplate('step-reprot')).toThrow(UsageError);
    expect(() => loadTemplate('step-reprot')).toThrow(/built-in templates: implementation-notes, .*step-report/);
    expect(() => loadTemplate(join(dir, 'none.hbs'))).toThrow(/cannot read template .*none\.hbs: ENOENT/);
  });
});
