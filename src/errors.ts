/**
 * Typed errors. Each carries its exit code and a one-line message that names the thing and the fix;
 * the CLI is the one place that turns them into output and an exit status.
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export class ImplDraftError extends Error {
  readonly exitCode: number = EXIT_BAD_INPUT;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong flags or flag values. */
export class UsageError extends ImplDraftError {}

export class NotAGitRepositoryError extends ImplDraftError {
  constructor(dir: string) {
    super(`not a git repository: ${dir} (pass --repo DIR pointing at a git working tree or bare repository)`);
  }
}

export class UnknownRevisionError extends ImplDraftError {
  constructor(
    readonly revision: string,
    readonly suggestions: string[] = [],
    reason = '',
  ) {
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '; check the name with `git tag` or `git branch -a`';
    super(`unknown revision '${revision}'${reason ? ` (${reason})` : ''}${hint}`);
  }
}

export class AmbiguousRevisionError extends ImplDraftError {
  constructor(
    readonly revision: string,
    readonly candidates: string[],
  ) {
    super(`short object id '${revision}' is ambiguous; candidates: ${candidates.join(', ')} (use more hex digits)`);
  }
}

export class ShallowCloneError extends ImplDraftError {
  constructor(what: string) {
    super(`${what} is missing from this shallow clone; fetch more history, e.g. \`git fetch --unshallow\` (or fetch-depth: 0 in CI)`);
  }
}

export class CorruptObjectError extends ImplDraftError {
  constructor(oid: string, reason: string) {
    super(`git object ${oid} is missing or corrupt (${reason}); run \`git fsck\` and re-fetch the repository`);
  }
}

export class EmptyRangeError extends ImplDraftError {
  constructor(from: string, to: string, reason: string) {
    super(`the range ${from}..${to} is empty: ${reason}`);
  }
}

export class GitExecutableError extends ImplDraftError {
  override readonly exitCode = EXIT_FAILURE;
}

/** A report template that does not parse or fails while rendering: names the file and line. */
export class TemplateError extends ImplDraftError {
  constructor(file: string, line: number | null, problem: string) {
    super(`template ${file}${line !== null ? ` line ${line}` : ''}: ${problem.replace(/\s*\n\s*/g, ' ')}`);
  }
}

/** `--check` found the report stale, or narrative blocks unwritten with --require-narrative. */
export const EXIT_CHECK_FAILED = 3;

export class CheckFailedError extends ImplDraftError {
  override readonly exitCode = EXIT_CHECK_FAILED;
}
