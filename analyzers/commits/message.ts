/**
 * What a commit message says: subject and body as git splits them, trailers, conventional-commit
 * type/scope/breaking (https://www.conventionalcommits.org/en/v1.0.0/), pull request numbers from
 * the merge and squash subjects GitHub, GitLab, Bitbucket and Azure DevOps write, and co-authors.
 */
import type { Trailer } from '../../src/facts/schema.js';

export interface MessageFacts {
  subject: string;
  body: string;
  trailers: Trailer[];
  type: string | null;
  scope: string | null;
  breaking: boolean;
  breakingNote: string | null;
  pr: number | null;
  coAuthors: Array<{ name: string; email: string }>;
}

/** `type(scope)!: description`; the type is a word, the scope anything but parentheses. */
const CONVENTIONAL = /^([A-Za-z]+)(?:\(([^()\r\n]*)\))?(!)?: +\S/;
/** A footer starts a line, unindented: indented or quoted text is an example, not a footer. */
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE: *(.*)$/;
const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*|BREAKING CHANGE): ?(.*)$/;

const PR_PATTERNS: RegExp[] = [
  /^Merge pull request #(\d+) from /, // GitHub merge commit
  /^Merged in .* \(pull request #(\d+)\)/, // Bitbucket
  /^Merged PR (\d+):/, // Azure DevOps
  /\(#(\d+)\)\s*$/, // GitHub squash merge: "Subject (#12)"
];
const GITLAB_MR = /^See merge request [^\s!]+!(\d+)\s*$/m;
/** The ` (#12)` GitHub appends to a squash-merged pull request's subject. */
const PULL_REQUEST_SUFFIX = /\s*\(#\d+\)\s*$/;

export function parseCommitMessage(message: string): MessageFacts {
  const text = message.replace(/\r\n/g, '\n');
  const paragraphs = text.replace(/^\n+/, '').split(/\n[ \t]*\n/);
  // git's %s: the first paragraph, lines joined with spaces.
  const subject = (paragraphs[0] ?? '').split('\n').map((line) => line.trim()).join(' ').trim();
  const body = paragraphs.slice(1).join('\n\n').replace(/\s+$/, '').replace(/^\n+/, '');

  const trailers = parseTrailers(paragraphs.length > 1 ? paragraphs[paragraphs.length - 1]! : '');
  const conventional = CONVENTIONAL.exec(subject);
  const footer = findBreakingFooter(body);
  const bang = Boolean(conventional?.[3]);

  return {
    subject,
    body,
    trailers,
    type: conventional ? conventional[1]!.toLowerCase() : null,
    scope: conventional?.[2]?.trim() || null,
    breaking: bang || footer !== null,
    breakingNote: footer ?? (bang ? subject.slice(subject.indexOf(':') + 1).trim() : null),
    pr: findPullRequest(subject, body),
    coAuthors: trailers.filter((t) => t.key.toLowerCase() === 'co-authored-by').flatMap((t) => parsePerson(t.value)),
  };
}

/** The last paragraph is a trailer block when every line is `Key: value` or a continuation. */
function parseTrailers(paragraph: string): Trailer[] {
  const lines = paragraph.split('\n').filter((line) => line.length > 0);
  const trailers: Trailer[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && trailers.length > 0) {
      trailers[trailers.length - 1]!.value += ' ' + line.trim();
      continue;
    }
    const match = TRAILER_LINE.exec(line);
    if (!match) return [];
    trailers.push({ key: match[1]!, value: match[2]!.trim() });
  }
  return trailers;
}

function findBreakingFooter(body: string): string | null {
  let fenced = false;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = BREAKING_FOOTER.exec(line);
    if (!match) continue;
    // The footer's text runs on over following indented or plain lines until a blank line or another footer.
    const parts = [match[1]!.trim()];
    for (let j = i + 1; j < lines.length && lines[j]!.trim() !== '' && !TRAILER_LINE.test(lines[j]!); j++) parts.push(lines[j]!.trim());
    return parts.join(' ').trim();
  }
  return null;
}

function findPullRequest(subject: string, body: string): number | null {
  for (const pattern of PR_PATTERNS) {
    const match = pattern.exec(subject);
    if (match) return Number(match[1]);
  }
  const gitlab = GITLAB_MR.exec(body);
  return gitlab ? Number(gitlab[1]) : null;
}

/** `feat(api)!: add the thing` → `add the thing`; a subject without the prefix comes back as it is. */
export function stripConventionalPrefix(subject: string): string {
  const match = CONVENTIONAL.exec(subject);
  // The pattern ends at the description's first character, which stays.
  return match ? subject.slice(match[0].length - 1) : subject;
}

/** `Add orders endpoint (#15)` → `Add orders endpoint`. */
export function stripPullRequestSuffix(subject: string): string {
  return subject.replace(PULL_REQUEST_SUFFIX, '');
}

function parsePerson(value: string): Array<{ name: string; email: string }> {
  const match = /^(.*?)\s*<([^>]+)>\s*$/.exec(value);
  return match ? [{ name: match[1]!.trim(), email: match[2]!.trim() }] : [];
}
