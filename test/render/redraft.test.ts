/**
 * Re-drafting a report a person has worked on: facts regenerated, their words kept byte for byte,
 * and nothing they wrote ever dropped.
 */
import { describe, expect, it } from 'vitest';
import { parseNarratives } from '../../src/render/narrative.js';
import { draftReport, type DraftResult } from '../../src/render/redraft.js';
import { readReport } from '../../src/render/report-document.js';
import { renderTemplate } from '../../src/render/template-engine.js';

const TEMPLATE = `---
version: {{yaml version}}
feature_context: ""  # impl-draft:field
---

# Report for {{field "feature" null "feature name"}}

Commits: {{commits}}

## Summary

{{#narrative "summary"}}
{{#prompt}}Say what was built.{{/prompt}}
{{#hints}}
- {{commits}} commits
{{/hints}}
{{/narrative}}

## Files

{{#each files}}
- {{code this}}
{{/each}}

## Observability

### Logging

{{#narrative "logging"}}
{{#prompt}}What is logged.{{/prompt}}
{{/narrative}}

### Metrics

{{#narrative "metrics"}}
{{#prompt}}New metrics.{{/prompt}}
{{/narrative}}

## Lessons

{{#narrative "lessons"}}
{{#prompt}}What we learned.{{/prompt}}
{{/narrative}}
`;

interface Facts {
  version: string;
  commits: number;
  files: string[];
}

const FACTS: Facts = { version: '1.0.0', commits: 3, files: ['a.js', 'b.js'] };
const NEWER: Facts = { version: '1.1.0', commits: 5, files: ['a.js', 'b.js', 'c.js'] };

function draft(facts: Facts, existing: string | null = null, source = TEMPLATE): DraftResult {
  return draftReport({
    render: (omit) => renderTemplate({ name: 't', file: 't.hbs', source }, facts, { omitNarratives: omit }),
    template: 't.hbs',
    existing,
  });
}

/** Replaces the content of a narrative block, as a person editing the file would. */
function write(report: string, id: string, text: string): string {
  const block = parseNarratives(report).blocks.find((b) => b.id === id)!;
  return report.slice(0, block.contentStart) + text + report.slice(block.contentEnd);
}

const WRITTEN = '\nWe log one line per request.  \nLevels: `info` and `error`.\n\n### A sub-heading of our own\n\n```js\nlog(req)\n```\n';

describe('re-drafting a report', () => {
  it('gives the same bytes when nothing changed (drafting is idempotent)', () => {
    const first = draft(FACTS).text;
    expect(draft(FACTS, first).text).toBe(first);
    expect(draft(FACTS, draft(FACTS, first).text).text).toBe(first);
  });

  it('regenerates fact sections and the hints of unwritten blocks', () => {
    const updated = draft(NEWER, draft(FACTS).text);
    expect(updated.text).toContain('Commits: 5');
    expect(updated.text).toContain('- `c.js`');
    expect(updated.text).toContain('- 5 commits');
    expect(updated.text).toContain('version: "1.1.0"');
    expect(updated.warnings).toEqual([]);
  });

  it('keeps what a person wrote in a narrative block byte for byte, while the facts around it change', () => {
    const edited = write(draft(FACTS).text, 'logging', WRITTEN);
    const updated = draft(NEWER, edited);
    const block = parseNarratives(readReport(updated.text).body).blocks.find((b) => b.id === 'logging')!;
    expect(block.content).toBe(WRITTEN);
    expect(updated.text).toContain('Commits: 5');
    expect(updated.warnings).toEqual([]);
    expect(updated.unwritten).not.toContain('logging');
    // And once more: the kept text survives every later re-draft.
    expect(draft(NEWER, updated.text).text).toBe(updated.text);
  });

  it('keeps a written block even when the person also deleted its hints and placeholder', () => {
    const edited = write(draft(FACTS).text, 'summary', '\nThe orders API.\n');
    expect(draft(NEWER, edited).text).toContain('<!-- impl-draft:narrative id="summary" -->\nThe orders API.\n<!-- /impl-draft:narrative -->');
  });

  it('keeps header fields a person filled in: one-line blocks and front-matter fields', () => {
    let edited = write(draft(FACTS).text, 'feature', 'Orders API');
    edited = edited.replace('feature_context: ""  # impl-draft:field', 'feature_context: "https://example.com/spec"  # impl-draft:field');
    const updated = draft(NEWER, edited);
    expect(updated.text).toContain('# Report for <!-- impl-draft:narrative id="feature" -->Orders API<!-- /impl-draft:narrative -->');
    expect(updated.text).toContain('feature_context: "https://example.com/spec"  # impl-draft:field');
    expect(updated.text).toContain('version: "1.1.0"');
    expect(updated.warnings).toEqual([]);
    expect(updated.unwritten).toEqual(['summary', 'logging', 'metrics', 'lessons']);
  });

  it('lists the blocks and fields nobody wrote yet', () => {
    expect(draft(FACTS).unwritten).toEqual(['feature_context', 'feature', 'summary', 'logging', 'metrics', 'lessons']);
  });

  it('moves text a person wrote inside a fact section to "Unplaced text", with a warning', () => {
    const edited = draft(FACTS).text.replace('- `b.js`\n', '- `b.js`\n- b.js is generated, do not edit it\n');
    const updated = draft(NEWER, edited);
    expect(updated.warnings).toEqual(['the section "Files" was edited outside its narrative blocks; that text is kept under "Unplaced text"']);
    const unplaced = parseNarratives(readReport(updated.text).body).blocks.find((b) => b.id === 'unplaced')!;
    expect(unplaced.content).toContain('<!-- kept: text from the section "Files" that differs from what impl-draft generated -->\n- b.js is generated, do not edit it');
    // The kept text is the person's line only, not the regenerated list around it.
    expect(unplaced.content).not.toContain('a.js');
    // Later re-drafts keep the unplaced block as it is, and warn no more.
    const again = draft(NEWER, updated.text);
    expect(again.text).toBe(updated.text);
    expect(again.warnings).toEqual([]);
  });

  it('keeps the text of a block whose closing fence a person damaged', () => {
    const edited = write(draft(FACTS).text, 'logging', WRITTEN).replace(`${WRITTEN}<!-- /impl-draft:narrative -->`, WRITTEN);
    const updated = draft(NEWER, edited);
    expect(updated.warnings[0]).toMatch(/^narrative block "logging" is never closed \(line \d+\); its text is kept under "Unplaced text"$/);
    const unplaced = parseNarratives(readReport(updated.text).body).blocks.find((b) => b.id === 'unplaced')!;
    for (const line of WRITTEN.split('\n').filter(Boolean)) expect(unplaced.content).toContain(line);
    // The markers inside kept text are defused, so the file parses cleanly again.
    expect(parseNarratives(readReport(updated.text).body).problems).toEqual([]);
    // The block itself is back, unwritten, ready to be filled again.
    expect(updated.unwritten).toContain('logging');
  });

  it('keeps a section the person deleted deleted, and the heading it leaves empty', () => {
    const first = draft(FACTS).text;
    const start = first.indexOf('## Observability');
    const end = first.indexOf('## Lessons');
    const edited = first.slice(0, start) + first.slice(end);
    const updated = draft(NEWER, edited);
    expect(updated.text).not.toContain('Observability');
    expect(updated.text).not.toContain('id="logging"');
    expect(updated.text).toContain('## Lessons');
    expect(updated.warnings).toEqual([]);
    expect(draft(NEWER, updated.text).text).toBe(updated.text);
  });

  it('keeps only the subsection a person deleted out, when a sibling remains', () => {
    const first = draft(FACTS).text;
    const edited = first.slice(0, first.indexOf('### Metrics')) + first.slice(first.indexOf('## Lessons'));
    const updated = draft(NEWER, edited);
    expect(updated.text).toContain('## Observability\n\n### Logging');
    expect(updated.text).not.toContain('### Metrics');
  });

  it('moves narrative written for a block the template no longer has to "Unplaced text"', () => {
    const edited = write(draft(FACTS).text, 'lessons', '\nNever deploy on Fridays.\n');
    const withoutLessons = TEMPLATE.slice(0, TEMPLATE.indexOf('## Lessons'));
    const updated = draft(NEWER, edited, withoutLessons);
    expect(updated.warnings).toContain('narrative "lessons" has no place in the new draft; its text is kept under "Unplaced text"');
    expect(updated.text).toContain('<!-- kept: narrative "lessons", which the template no longer has -->\nNever deploy on Fridays.');
  });

  it('seals the report: untouched drafts are recognised, edited ones are not', () => {
    const first = draft(FACTS).text;
    expect(readReport(first)).toMatchObject({ untouched: true, meta: { template: 't.hbs', narratives: ['feature', 'summary', 'logging', 'metrics', 'lessons'], fields: ['feature_context'] } });
    expect(readReport(write(first, 'lessons', 'x')).untouched).toBe(false);
  });
});
