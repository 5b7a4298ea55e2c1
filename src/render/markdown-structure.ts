/** Line-level Markdown structure shared by the seal, the re-draft and the tidy-up: code fences and headings. */

/** An ATX heading (`## Title`); group 1 is the run of `#`. */
export const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;

/**
 * Follows fenced code blocks line by line, as CommonMark does: a fence of backticks or tildes
 * opens one, a fence of the same character at least as long closes it. Headings inside do not count.
 */
export class CodeFenceTracker {
  private fence: string | null = null;

  /** Feeds the next line; true when it belongs to a code block, its fences included. */
  isCode(line: string): boolean {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (this.fence) {
      if (marker && marker[0] === this.fence[0] && marker.length >= this.fence.length && line.trim() === marker) this.fence = null;
      return true;
    }
    if (marker) this.fence = marker;
    return marker !== undefined;
  }
}
