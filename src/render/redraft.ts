/**
 * Drafting a report, fresh or into an existing one, without losing a person's text:
 *
 * - fact sections are regenerated from the facts;
 * - a narrative block a person wrote in is kept byte for byte, matched by id;
 * - a narrative block a person deleted stays deleted (with its heading, when nothing else is left);
 * - a front-matter field a person filled in keeps its value;
 * - anything else a person wrote (text in a fact section, a block whose id the template no longer
 *   has, a block whose fences were damaged) goes into an "Unplaced text" block at the end, with a
 *   warning, never dropped.
 */
import { ATX_HEADING, CodeFenceTracker } from './markdown-structure.js';
import { commentText } from './markdown-text.js';
import { CLOSE_MARKER, isUnwritten, openMarker, parseNarratives, scaffoldOf, type NarrativeBlock } from './narrative.js';
import { FIELD_MARKER, frontMatterFields, frontMatterLines, readReport, sealReport, sectionDigests, skeleton, splitSections, type ReportMeta } from './report-document.js';

export const UNPLACED_ID = 'unplaced';
const UNPLACED_HEADING = '## Unplaced text';
const UNPLACED_PROMPT_COMMENT = `<!-- ${commentText(
  'Text impl-draft kept from an earlier version of this report because it has no place in the new draft: narrative written for a section the template no longer has, text inside damaged narrative fences, or edits made outside the narrative blocks (fact sections are regenerated). Move what is still needed where it belongs, then delete it from here.',
)} -->`;

export interface DraftInput {
  /** Renders the template with the facts, leaving out the given narrative blocks; unsealed. */
  render(omit: ReadonlySet<string>): string;
  /** What the seal records: the template name or path, and the range as given. */
  template: string;
  from?: string;
  to?: string;
  paths?: string[];
  charts?: boolean;
  vars?: Record<string, unknown>;
  /** The report being re-drafted, if any. */
  existing?: string | null;
}

export interface DraftResult {
  /** The sealed report. */
  text: string;
  /** One line per piece of text moved to the unplaced block, and per damaged fence. */
  warnings: string[];
  /** Narrative blocks and fields still waiting for a person, by id. */
  unwritten: string[];
}

export function draftReport(input: DraftInput): DraftResult {
  const seal = (text: string, removed: string[] = []) => sealReport(text, { template: input.template, from: input.from, to: input.to, paths: input.paths, charts: input.charts ? true : undefined, vars: input.vars, removed });
  if (!input.existing) {
    const fresh = tidyMarkdown(input.render(new Set()));
    return { text: seal(fresh), warnings: [], unwritten: unwrittenIds(fresh, scaffoldsOf(parseNarratives(fresh).blocks)) };
  }

  const old = readReport(input.existing);
  const oldText = old.body;
  const parsed = parseNarratives(oldText);
  const oldBlocks = new Map(parsed.blocks.map((block) => [block.id, block]));
  const warnings: string[] = parsed.problems.map((problem) => `${problem.message} (line ${lineOf(oldText, problem.index)}); its text is kept under "Unplaced text"`);

  // A block the earlier draft had and the file no longer has was deleted by a person: keep it
  // deleted, this time and the next (unless they put it back).
  const mentioned = new Set([...oldText.matchAll(/<!-- impl-draft:narrative id="([^"\n]*)" -->/g)].map((m) => m[1]!));
  const removed = new Set([...(old.meta?.narratives ?? []), ...(old.meta?.removed ?? [])].filter((id) => !mentioned.has(id)));
  const rendered = tidyMarkdown(input.render(removed));
  const fresh = removed.size > 0 ? pruneEmptySections(rendered) : rendered;
  const freshBlocks = parseNarratives(fresh).blocks;
  const freshScaffolds = scaffoldsOf(freshBlocks);

  // Narrative blocks: the person's text replaces the generated one where they wrote something.
  let text = '';
  let cursor = 0;
  const placed = new Set<string>();
  for (const block of freshBlocks) {
    const before = oldBlocks.get(block.id);
    text += fresh.slice(cursor, block.contentStart);
    if (before && !isUnwritten(before.content, freshScaffolds.get(block.id))) {
      text += before.content;
      placed.add(block.id);
    } else text += block.content;
    cursor = block.contentEnd;
  }
  text += fresh.slice(cursor);
  text = keepFrontMatterFields(text, oldText, old.meta);

  // Everything of the person's that found no place.
  const kept: string[] = [];
  const previous = oldBlocks.get(UNPLACED_ID);
  if (previous && !isUnwritten(previous.content)) kept.push(withoutGeneratedPrompt(previous.content));
  for (const block of parsed.blocks) {
    if (block.id === UNPLACED_ID || placed.has(block.id) || freshScaffolds.has(block.id)) continue;
    if (isUnwritten(block.content)) continue;
    kept.push(keptItem(`narrative "${block.id}", which the template no longer has`, block.content));
    warnings.push(`narrative "${block.id}" has no place in the new draft; its text is kept under "Unplaced text"`);
  }
  for (const item of editedSections(oldText, parsed.blocks, old.meta, fresh, freshBlocks)) {
    kept.push(keptItem(`text from ${item.where} that differs from what impl-draft generated`, item.text));
    warnings.push(`${item.where} was edited outside its narrative blocks; that text is kept under "Unplaced text"`);
  }
  if (kept.length > 0) {
    const block = [openMarker(UNPLACED_ID), UNPLACED_PROMPT_COMMENT, kept.join('\n\n'), CLOSE_MARKER].join('\n');
    text = `${text}\n${UNPLACED_HEADING}\n\n${block}\n`;
  }
  return { text: seal(text, [...removed]), warnings, unwritten: unwrittenIds(text, freshScaffolds) };
}

/** What the template itself puts in each block, by id: the text that does not count as written. */
function scaffoldsOf(blocks: NarrativeBlock[]): Map<string, string> {
  return new Map(blocks.map((block) => [block.id, scaffoldOf(block.content)]));
}

/** Blocks (other than the unplaced one) and front-matter fields nobody has written yet. */
function unwrittenIds(text: string, scaffolds: ReadonlyMap<string, string>): string[] {
  const blocks = parseNarratives(text)
    .blocks.filter((block) => block.id !== UNPLACED_ID && isUnwritten(block.content, scaffolds.get(block.id)))
    .map((block) => block.id);
  const fields = frontMatterLines(text)
    .filter((line) => line.trimEnd().endsWith(FIELD_MARKER) && isEmptyFieldValue(fieldValue(line)))
    .map((line) => line.slice(0, line.indexOf(':')).trim());
  return [...fields, ...blocks];
}

interface EditedSection {
  where: string;
  text: string;
}

/**
 * Sections of the old report whose generated part no longer matches what was generated (their
 * digest is not among the seal's): a person edited them outside the narrative blocks. Without a
 * seal, a section counts as edited when the new draft has no identical one. Kept: the lines the
 * new draft's section of the same heading does not have, with the blank lines between them.
 */
function editedSections(oldText: string, blocks: NarrativeBlock[], meta: ReportMeta | null, fresh: string, freshBlocks: NarrativeBlock[]): EditedSection[] {
  const oldFields = new Set(meta?.fields ?? frontMatterFields(oldText));
  const freshFields = new Set(frontMatterFields(fresh));
  const generated = new Set(meta ? meta.sections : sectionDigests(fresh, freshBlocks, freshFields));
  const freshLines = new Map<string | null, string[]>();
  for (const section of splitSections(fresh, freshBlocks)) {
    freshLines.set(section.heading, skeleton(fresh, section.start, section.end, freshBlocks, freshFields).split('\n'));
  }
  const out: EditedSection[] = [];
  const oldSections = splitSections(oldText, blocks);
  const oldDigests = sectionDigests(oldText, blocks, oldFields);
  oldSections.forEach((section, index) => {
    if (generated.has(oldDigests[index]!) || section.heading === UNPLACED_HEADING) return;
    const lines = skeleton(oldText, section.start, section.end, blocks, oldFields).split('\n');
    const available = new Map<string, number>();
    for (const line of freshLines.get(section.heading) ?? []) available.set(line, (available.get(line) ?? 0) + 1);
    const own = lines.map((line) => {
      if (line.trim() === '') return false;
      const n = available.get(line) ?? 0;
      available.set(line, n - 1);
      return n <= 0;
    });
    const first = own.indexOf(true);
    const last = own.lastIndexOf(true);
    const text = lines.filter((line, i) => own[i] || (i > first && i < last && line.trim() === '')).join('\n');
    if (first !== -1) out.push({ where: section.heading ? `the section "${section.heading.replace(/^#+\s*/, '')}"` : 'the top of the report', text });
  });
  return out;
}

/** One kept piece, introduced by a comment saying where it came from, its markers defused. */
function keptItem(origin: string, text: string): string {
  const defused = text
    .replace(/<!-- impl-draft:narrative id="([^"\n]*)" -->/g, '<!-- was narrative "$1" -->')
    .replace(/<!-- \/impl-draft:narrative -->/g, '<!-- was end of narrative -->')
    .replace(/<!-- impl-draft:report /g, '<!-- was impl-draft report ');
  return `<!-- kept: ${commentText(origin)} -->\n${defused.replace(/^\n+/, '').replace(/\s+$/, '')}`;
}

/** The earlier unplaced block's own text, without the prompt comment it was generated with. */
function withoutGeneratedPrompt(content: string): string {
  return content.replace(UNPLACED_PROMPT_COMMENT, '').replace(/^\n+/, '').replace(/\s+$/, '');
}

/** Front-matter fields a person filled in (`key: value`) keep their line; the rest is regenerated. */
function keepFrontMatterFields(text: string, oldText: string, meta: ReportMeta | null): string {
  const keys = new Set(frontMatterFields(text));
  if (keys.size === 0) return text;
  const oldLines = new Map<string, string>();
  for (const line of frontMatterLines(oldText)) {
    const key = line.slice(0, line.indexOf(':')).trim();
    if (line.includes(':') && (keys.has(key) || meta?.fields.includes(key))) oldLines.set(key, line);
  }
  const end = text.indexOf('\n---\n', 3);
  const head = text.slice(0, end + 1).replace(/^([A-Za-z0-9_-]+):.*$/gm, (line, key: string) => {
    const previous = oldLines.get(key);
    return keys.has(key) && previous !== undefined && !isEmptyFieldValue(fieldValue(previous)) ? previous : line;
  });
  return head + text.slice(end + 1);
}

function fieldValue(line: string): string {
  return line
    .slice(line.indexOf(':') + 1)
    .replace(FIELD_MARKER, '')
    .trim();
}

function isEmptyFieldValue(value: string): boolean {
  return value === '' || value === '""' || value === "''";
}

/**
 * One blank line between blocks, none at the end but the final newline; fenced code is left as
 * it is. Templates are easier to write when they need not count blank lines.
 */
export function tidyMarkdown(text: string): string {
  const out: string[] = [];
  const fences = new CodeFenceTracker();
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (fences.isCode(line)) {
      out.push(line);
      continue;
    }
    const blank = line.trim() === '';
    if (blank && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(blank ? '' : line.replace(/[ \t]+$/, (spaces) => (spaces === '  ' ? spaces : '')));
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/**
 * Removes headings left with nothing under them (after a person deleted the section's narrative),
 * innermost first, and a horizontal rule left doubled by the removal.
 */
export function pruneEmptySections(text: string): string {
  let lines = text.split('\n');
  for (let changed = true; changed; ) {
    changed = false;
    const headings = headingLines(lines);
    for (let h = headings.length - 1; h >= 0; h--) {
      const { index, level } = headings[h]!;
      const next = headings[h + 1];
      const end = next ? next.index : lines.length;
      const body = lines.slice(index + 1, end);
      const empty = body.every((line) => line.trim() === '' || /^ {0,3}(-{3,}|\*{3,}|_{3,})\s*$/.test(line));
      // A heading followed by a deeper one is not empty: it holds that subsection.
      if (!empty || (next && next.level > level)) continue;
      const rule = body.findIndex((line) => line.trim() !== '');
      lines = [...lines.slice(0, index), ...(rule === -1 ? [] : body.slice(rule)), ...lines.slice(end)];
      changed = true;
      break;
    }
  }
  return tidyMarkdown(lines.join('\n').replace(/(\n {0,3}-{3,}\s*\n)(\s*\n {0,3}-{3,}\s*\n)+/g, '$1'));
}

function headingLines(lines: string[]): Array<{ index: number; level: number }> {
  const out: Array<{ index: number; level: number }> = [];
  const fences = new CodeFenceTracker();
  lines.forEach((line, index) => {
    if (fences.isCode(line)) return;
    const heading = ATX_HEADING.exec(line);
    if (heading) out.push({ index, level: heading[1]!.length });
  });
  return out;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}
