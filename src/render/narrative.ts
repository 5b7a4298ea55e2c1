/**
 * Narrative blocks: the parts of a report only a person can write (decisions, rationale, lessons).
 * In the Markdown they are fenced by HTML comments, which no renderer shows:
 *
 *   <!-- impl-draft:narrative id="key-decisions" -->
 *   <!-- What the seed asks the writer for (the prompt). -->
 *   _Not written yet._                      (or a scaffold to fill in, e.g. "### Decision 1: [Title]")
 *   <!-- impl-draft:hints -->
 *   Facts that may help: ...                (optional, regenerated while the block is unwritten)
 *   <!-- /impl-draft:hints -->
 *   <!-- /impl-draft:narrative -->
 *
 * A block may also sit inside one line (`Step: <!-- impl-draft:narrative id="step" -->_step_<!-- /impl-draft:narrative -->`).
 * Re-drafting keeps whatever a person wrote between the fences, byte for byte, matched by id.
 */
import { commentText } from './markdown-text.js';

export const PLACEHOLDER = '_Not written yet._';
const HINTS_OPEN = '<!-- impl-draft:hints -->';
const HINTS_CLOSE = '<!-- /impl-draft:hints -->';
export const CLOSE_MARKER = '<!-- /impl-draft:narrative -->';
const MARKER = /<!-- impl-draft:narrative id="([^"\n]*)" -->|<!-- \/impl-draft:narrative -->/g;
const ID = /^[a-z0-9][a-z0-9-]*$/;

export function openMarker(id: string): string {
  return `<!-- impl-draft:narrative id="${id}" -->`;
}

export function isNarrativeId(id: string): boolean {
  return ID.test(id);
}

export interface NarrativeParts {
  id: string;
  /** What the writer is asked for; goes into an HTML comment. */
  prompt: string;
  /** Visible text to fill in; the placeholder line when empty. */
  scaffold: string;
  /** Facts that help the writer, shown until the block is written. */
  hints: string;
}

/** The block as the templates emit it: whole lines, ending with a newline. */
export function formatNarrative({ id, prompt, scaffold, hints }: NarrativeParts): string {
  const lines = [openMarker(id)];
  const promptText = commentText(prompt.trim());
  if (promptText) lines.push(promptText.includes('\n') ? `<!--\n${promptText}\n-->` : `<!-- ${promptText} -->`);
  lines.push(scaffold.trim() || PLACEHOLDER);
  if (hints.trim()) lines.push(HINTS_OPEN, hints.trim(), HINTS_CLOSE);
  lines.push(CLOSE_MARKER);
  return `${lines.join('\n')}\n`;
}

/** A one-line block for a header field a person fills in. */
export function formatInlineNarrative(id: string, placeholder: string): string {
  return `${openMarker(id)}${placeholder}${CLOSE_MARKER}`;
}

export interface NarrativeBlock {
  id: string;
  /** Offsets of the whole block, markers included. */
  start: number;
  end: number;
  /** Offsets of the text between the markers. */
  contentStart: number;
  contentEnd: number;
  content: string;
}

export interface FenceProblem {
  /** Where the broken marker is. */
  index: number;
  message: string;
}

export interface ParsedNarratives {
  blocks: NarrativeBlock[];
  problems: FenceProblem[];
}

/**
 * The well-formed blocks of a document, in order, and the markers that do not pair up: an opening
 * marker never closed (or followed by another opening), a closing marker with no opening, a
 * second block with an id already used.
 */
export function parseNarratives(text: string): ParsedNarratives {
  const blocks: NarrativeBlock[] = [];
  const problems: FenceProblem[] = [];
  const seen = new Set<string>();
  let open: { id: string; start: number; contentStart: number } | null = null;
  for (const match of text.matchAll(MARKER)) {
    const index = match.index!;
    if (match[1] !== undefined) {
      if (open) problems.push({ index: open.start, message: `narrative block "${open.id}" is never closed` });
      open = { id: match[1], start: index, contentStart: index + match[0].length };
      continue;
    }
    if (!open) {
      problems.push({ index, message: 'a narrative block closes without having opened' });
      continue;
    }
    const block = { id: open.id, start: open.start, end: index + match[0].length, contentStart: open.contentStart, contentEnd: index, content: text.slice(open.contentStart, index) };
    if (seen.has(block.id)) problems.push({ index: block.start, message: `narrative block "${block.id}" appears twice` });
    else blocks.push(block);
    seen.add(block.id);
    open = null;
  }
  if (open) problems.push({ index: open.start, message: `narrative block "${open.id}" is never closed` });
  return { blocks, problems };
}

/**
 * True when a person has not written anything in the block yet: once comments (the prompt), the
 * hints and the placeholder are set aside, nothing is left, or only the scaffold the template
 * itself puts there.
 */
export function isUnwritten(content: string, scaffold?: string): boolean {
  const left = normalise(stripGenerated(content));
  return left === '' || (scaffold !== undefined && left === normalise(scaffold));
}

function stripGenerated(content: string): string {
  const hintsStart = content.indexOf(HINTS_OPEN);
  const hintsEnd = content.indexOf(HINTS_CLOSE);
  let text = hintsStart !== -1 && hintsEnd > hintsStart ? content.slice(0, hintsStart) + content.slice(hintsEnd + HINTS_CLOSE.length) : content;
  text = text.replace(/<!--[\s\S]*?-->/g, '');
  return text.split('\n').filter((line) => line.trim() !== PLACEHOLDER).join('\n');
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The scaffold of a block as emitted by formatNarrative: what is visible, less placeholder and hints. */
export function scaffoldOf(content: string): string {
  return normalise(stripGenerated(content));
}
