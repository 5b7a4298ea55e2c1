/**
 * What impl-draft says on stderr: notes, progress while it works, and a short summary of the
 * warnings at the end. Progress only on an interactive terminal, never in CI or when the facts go
 * to stdout as JSON; colour only on a terminal and never with NO_COLOR; nothing at all with --quiet.
 */
import ora, { type Ora } from 'ora';
import type { Warning } from './facts/schema.js';

export interface TerminalOptions {
  quiet: boolean;
  verbose: boolean;
  /** stdout carries JSON: a spinner must not interleave with a pipe's reader. */
  jsonOnStdout: boolean;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

/** Warnings listed one by one before the summary falls back to counts. */
const WARNINGS_LISTED = 5;

export class Terminal {
  private readonly stream: NodeJS.WriteStream;
  private readonly color: boolean;
  private spinner: Ora | null = null;

  constructor(private readonly options: TerminalOptions) {
    this.stream = options.stream ?? process.stderr;
    const env = options.env ?? process.env;
    this.color = Boolean(this.stream.isTTY) && !('NO_COLOR' in env) && env['TERM'] !== 'dumb';
    const interactive = Boolean(this.stream.isTTY) && !env['CI'] && env['TERM'] !== 'dumb';
    if (interactive && !options.quiet && !options.jsonOnStdout) {
      this.spinner = ora({ stream: this.stream, color: 'cyan', isEnabled: true, isSilent: false, discardStdin: false });
    }
  }

  note(text: string): void {
    if (!this.options.quiet) this.write(`impl-draft: ${text}`);
  }

  /** Said only with --verbose. */
  detail(text: string): void {
    if (this.options.verbose && !this.options.quiet) this.write(`impl-draft: ${text}`);
  }

  warn(text: string): void {
    if (!this.options.quiet) this.write(`impl-draft: ${this.paint('33', 'warning:')} ${text}`);
  }

  /** The long step under way, on a terminal. */
  progress(text: string): void {
    if (!this.spinner) return;
    this.spinner.text = text;
    if (!this.spinner.isSpinning) this.spinner.start();
  }

  stopProgress(): void {
    this.spinner?.stop();
  }

  /** The facts' warnings: the first few and a count by analyzer, or all with --verbose. */
  summariseWarnings(warnings: readonly Warning[]): void {
    if (warnings.length === 0) return;
    const listed = this.options.verbose ? warnings : warnings.slice(0, WARNINGS_LISTED);
    for (const warning of listed) this.warn(`[${warning.analyzer}] ${warning.message}`);
    if (listed.length < warnings.length) {
      const byAnalyzer = new Map<string, number>();
      for (const warning of warnings) byAnalyzer.set(warning.analyzer, (byAnalyzer.get(warning.analyzer) ?? 0) + 1);
      const counts = [...byAnalyzer].map(([analyzer, count]) => `${analyzer} ${count}`).join(', ');
      this.note(`${warnings.length} warnings in all (${counts}); --verbose lists them, and the facts keep them all`);
    }
  }

  private write(line: string): void {
    const spinning = this.spinner?.isSpinning;
    if (spinning) this.spinner!.clear();
    this.stream.write(`${line}\n`);
    if (spinning) this.spinner!.render();
  }

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[39m` : text;
  }
}
