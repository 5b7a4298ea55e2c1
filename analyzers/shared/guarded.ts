/** Reading one file so that whatever goes wrong costs that file, not the report. */
import { redactSecrets } from '../../src/redact.js';

/** Why a file was not read, to follow "<path> was not read: ". */
export interface Unread {
  unread: string;
}

/**
 * `extract()`, or why it failed: the message of the analyzer's own file error (a syntax error, a
 * YAML file that does not parse), any other error as unexpected. Secrets in the cause are masked.
 */
export function readGuarded<T>(extract: () => T, FileError: abstract new (...args: never[]) => Error): T | Unread {
  try {
    return extract();
  } catch (error) {
    const cause = error instanceof FileError ? error.message : `reading it failed unexpectedly (${(error as Error).message})`;
    return { unread: redactSecrets(cause) };
  }
}
