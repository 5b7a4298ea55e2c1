/**
 * A drafted report as a document: its sections, its narrative blocks, its front-matter fields, and
 * the seal at its end that lets a later run tell what impl-draft wrote from what a person wrote.
 *
 * The seal is one HTML comment on the last line:
 *
 *   <!-- impl-draft:report {"v":1,"template":"step-report",...,"sections":["3f2a…",…]} sha256:… -->
 *
 * - `sha256` covers everything before the seal: it still matches when nobody touched the file;
 * - `sections` holds a short digest of every section (heading to next heading) as generated, with
 *   the narrative blocks' contents and the front-matter fields left out, so a re-draft can find the
 *   sections a person edited outside the narrative blocks and keep that text;
 * - `narratives` lists the blocks it was drafted with, and `removed` the blocks people deleted
 *   earlier, so that a block a person deleted stays deleted;
 * - `template`, `from` and `to` let `--update` re-draft the same report without repeating them.
 */
import { createHash } from 'node:crypto';
import { ATX_HEADING, CodeFenceTracker } from './markdown-structure.js';
import { parseNarratives, type NarrativeBlock } from './narrative.js';

export const FIELD_MARKER = '# impl-draft:field';
const SEAL = /\n<!-- impl-draft:report (\{.*\}) sha256:([0-9a-f]{64}) -->\n$/;
/** The seal written by impl-draft 0.1, before templates: a digest only. */
const OLD_SEAL = /\n<!-- impl-draft:digest sha256:([0-9a-f]{64}) -->\n$/;

export interface ReportMeta {
  v: 1;
  template: string;
  from?: string;
  to?: string;
  /** The folders the facts were restricted to (`--path`): a re-draft keeps to them. */
  paths?: string[];
  /** Mermaid charts were drawn (`--charts`): a re-draft draws them again. */
  charts?: true;
  /** The template variables the draft used (`--set`, `--vars`, the config's): a re-draft keeps them. */
  vars?: Record<string, unknown>;
  narratives: string[];
  removed: string[];
  fields: string[];
  sections: string[];
}

export interface Section {
  start: number;
  end: number;
  /** The heading line, or null for the text before the first heading (front matter, title). */
  heading: string | null;
  level: number;
}

/**
 * Sections split at ATX heading lines, leaving out headings inside fenced code and inside
 * narrative blocks (a person's own sub-headings belong to their block).
 */
export function splitSections(text: string, blocks: NarrativeBlock[]): Section[] {
  const sections: Section[] = [];
  let current: Section = { start: 0, end: text.length, heading: null, level: 0 };
  const fences = new CodeFenceTracker();
  let offset = 0;
  let blockIndex = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    while (blockIndex < blocks.length && blocks[blockIndex]!.end <= start) blockIndex++;
    const block = blocks[blockIndex];
    if (block && block.contentStart <= start && start < block.contentEnd) continue;
    if (fences.isCode(line)) continue;
    const heading = ATX_HEADING.exec(line);
    if (!heading) continue;
    current.end = start;
    if (current.end > current.start || current.heading !== null) sections.push(current);
    current = { start, end: text.length, heading: line.trim(), level: heading[1]!.length };
  }
  sections.push(current);
  return sections;
}

/** The front matter's field keys: lines `key: value  # impl-draft:field` a person fills in. */
export function frontMatterFields(text: string): string[] {
  return frontMatterLines(text)
    .filter((line) => line.trimEnd().endsWith(FIELD_MARKER))
    .map((line) => line.slice(0, line.indexOf(':')).trim());
}

/** Lines of the YAML front matter (`---` first line to the next `---`), or none. */
export function frontMatterLines(text: string): string[] {
  if (!text.startsWith('---\n')) return [];
  const end = text.indexOf('\n---\n', 3);
  return end === -1 ? [] : text.slice(4, end + 1).split('\n').filter((line) => line !== '');
}

/**
 * What impl-draft generated in a stretch of text: the text with narrative contents removed and
 * the values of the given front-matter fields blanked.
 */
export function skeleton(text: string, start: number, end: number, blocks: NarrativeBlock[], fields: ReadonlySet<string>): string {
  let out = '';
  let cursor = start;
  for (const block of blocks) {
    if (block.contentEnd <= start || block.contentStart >= end) continue;
    out += text.slice(cursor, Math.max(cursor, block.contentStart));
    cursor = Math.min(end, block.contentEnd);
  }
  out += text.slice(cursor, end);
  if (start === 0 && fields.size > 0 && out.startsWith('---\n')) {
    out = out.replace(/^([A-Za-z0-9_-]+):.*$/gm, (line, key: string) => (fields.has(key) ? `${key}:` : line));
  }
  return out;
}

export function sectionDigests(text: string, blocks: NarrativeBlock[], fields: ReadonlySet<string>): string[] {
  return splitSections(text, blocks).map((section) => shortDigest(skeleton(text, section.start, section.end, blocks, fields)));
}

function shortDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Appends the seal; `text` is the whole report, ending with a newline. */
export function sealReport(text: string, meta: Pick<ReportMeta, 'template' | 'from' | 'to' | 'paths' | 'charts' | 'vars'> & { removed?: string[] }): string {
  const { blocks } = parseNarratives(text);
  const fields = frontMatterFields(text);
  const full: ReportMeta = {
    v: 1,
    template: meta.template,
    ...(meta.from !== undefined ? { from: meta.from } : {}),
    ...(meta.to !== undefined ? { to: meta.to } : {}),
    ...(meta.paths && meta.paths.length > 0 ? { paths: meta.paths } : {}),
    ...(meta.charts ? { charts: true as const } : {}),
    ...(meta.vars && Object.keys(meta.vars).length > 0 ? { vars: meta.vars } : {}),
    narratives: blocks.map((block) => block.id),
    removed: [...(meta.removed ?? [])].sort(),
    fields,
    sections: sectionDigests(text, blocks, new Set(fields)),
  };
  // `--` cannot appear inside an HTML comment; JSON lets a string spell it `-\u002d`.
  const json = JSON.stringify(full).replace(/--/g, '-\\u002d');
  return `${text}\n<!-- impl-draft:report ${json} sha256:${sha256(text)} -->\n`;
}

export interface ReadReport {
  /** The report without its seal. */
  body: string;
  meta: ReportMeta | null;
  /** The body still matches its digest: nobody edited the file since it was drafted. */
  untouched: boolean;
}

export function readReport(text: string): ReadReport {
  const match = SEAL.exec(text);
  if (match) {
    const body = text.slice(0, match.index);
    return { body, meta: parseMeta(match[1]!), untouched: sha256(body) === match[2] };
  }
  const old = OLD_SEAL.exec(text);
  if (old) {
    const body = text.slice(0, old.index);
    return { body, meta: null, untouched: sha256(body) === old[1] };
  }
  return { body: text, meta: null, untouched: false };
}

function parseMeta(json: string): ReportMeta | null {
  try {
    const value = JSON.parse(json) as Partial<ReportMeta>;
    if (value.v !== 1 || typeof value.template !== 'string') return null;
    const strings = (list: unknown) => (Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : []);
    return {
      v: 1,
      template: value.template,
      ...(typeof value.from === 'string' ? { from: value.from } : {}),
      ...(typeof value.to === 'string' ? { to: value.to } : {}),
      ...(Array.isArray(value.paths) ? { paths: strings(value.paths) } : {}),
      ...(value.charts === true ? { charts: true as const } : {}),
      ...(value.vars && typeof value.vars === 'object' && !Array.isArray(value.vars) ? { vars: value.vars } : {}),
      narratives: strings(value.narratives),
      removed: strings(value.removed),
      fields: strings(value.fields),
      sections: strings(value.sections),
    };
  } catch {
    return null;
  }
}
