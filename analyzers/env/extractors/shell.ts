/**
 * Shell scripts (sh, bash, zsh, ksh): parameter expansions of variables the script does not set itself.
 * Spec: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_06_02
 *
 * - `$X` and `${X}` are required reads; `${X:-d}`, `${X-d}`, `${X:=d}`, `${X=d}` have the default
 *   `d` (one pair of surrounding quotes removed); `${X:?msg}`, `${X?msg}` are required;
 *   `${X:+alt}`, `${X+alt}` and `${#X}` are optional; other operators (`${X%.*}`, `${X:0:3}`) read X.
 * - Only ALL_CAPS names are environment input (lower-case names are script variables by
 *   convention), and only before the script sets them: `X=…`, `export X=…`, `readonly X=…`,
 *   `local X`, `declare X`, `typeset X`, `let X=…`, `read X`, `for X in`, `select X`,
 *   `getopts … X`, `mapfile X`, `printf -v X`, `${X:=d}`. Assignments inside `$(…)` run in a
 *   subshell and do not count. Order is textual: a function that reads X before the line that
 *   sets it counts as reading the environment.
 * - Variables the shell or the login session maintains (SHELL_VARIABLES below, and `LC_*`) are
 *   not reported; neither are positional and special parameters (`$1`, `$@`, `$?`, `$$`, ...).
 * - `${!X}` (indirection) is a dynamic read. Bare names in `$(( ))` arithmetic are not read.
 * Nothing is expanded inside comments, single quotes, `$'…'`, escaped `\$` or quoted heredocs
 * (`<<'EOF'`); double quotes and unquoted heredocs expand.
 * Files: `*.sh|bash|zsh|ksh`, and extension-less files in `bin/`, `script(s)/`, `hooks/` or `tools/`
 * folders that start with a shell shebang (`#!/usr/bin/env bash`).
 */
import type { EnvExtraction, EnvExtractor } from '../model.js';
import { lineLocator } from './source-scan.js';

/** Set by the shell itself or by the login session, not configuration a deployment provides. */
export const SHELL_VARIABLES: ReadonlySet<string> = new Set([
  'HOME', 'PATH', 'PWD', 'OLDPWD', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'HOSTNAME', 'HOSTTYPE', 'OSTYPE',
  'MACHTYPE', 'RANDOM', 'SRANDOM', 'LINENO', 'IFS', 'UID', 'EUID', 'PPID', 'SECONDS', 'SHLVL', 'REPLY',
  'OPTARG', 'OPTIND', 'OPTERR', 'BASH', 'BASHPID', 'BASH_SOURCE', 'BASH_VERSION', 'BASH_VERSINFO',
  'BASH_REMATCH', 'BASH_LINENO', 'BASH_ARGV', 'BASH_ARGC', 'BASH_COMMAND', 'BASH_SUBSHELL', 'FUNCNAME',
  'PIPESTATUS', 'GROUPS', 'DIRSTACK', 'COLUMNS', 'LINES', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND',
  'HISTFILE', 'HISTSIZE', 'EPOCHSECONDS', 'EPOCHREALTIME', 'ZSH_VERSION', 'TMPDIR', 'LANG', 'LANGUAGE',
]);

/** `#!/bin/sh`, `#!/usr/bin/env bash`, `#!/bin/zsh -e` and the like. */
export function hasShellShebang(text: string): boolean {
  return /^#![ \t]*(?:\S*\/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:\S*\/)?(?:sh|bash|zsh|ksh|dash|ash|mksh)(?=[ \t\r\n]|$)/.test(text);
}

const CODE = 0;
const COMMENT = 1;
/** Quoted text, heredoc bodies, `$(…)`, `${…}`: one word for the assignment reader. */
const OPAQUE = 2;
const MAX_NESTING = 48;

interface Expansion {
  offset: number;
  end: number;
  name: string;
  /** `''` for `$X` and `${X}`; otherwise the operator (`:-`, `?`, `%%`, `:`...). */
  operator: string;
  word: { start: number; end: number } | null;
  indirect: boolean;
  length: boolean;
  subscript: boolean;
}

interface PendingHeredoc {
  terminator: string;
  stripTabs: boolean;
  expands: boolean;
}

const NAME = /^[A-Za-z_]\w*/;
const SPECIAL_PARAMETER = /^(?:\d+|[@*#?$!-])/;
const OPERATOR = /^(?::[-=?+]|[-=?+]|##?|%%?|\/[/#%]?|\^\^?|,,?|@|:)/;

class ShellScanner {
  readonly kinds: Uint8Array;
  readonly expansions: Expansion[] = [];
  private readonly pending: PendingHeredoc[] = [];
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.kinds = new Uint8Array(text.length);
    this.code(0, null, 0);
  }

  private lineEnd(from: number): number {
    const end = this.text.indexOf('\n', from);
    return end === -1 ? this.n : end;
  }

  private isWordStart(at: number): boolean {
    return at === 0 || /[\s;|&()<>]/.test(this.text[at - 1]!);
  }

  /** Unquoted code until `stop` (the `)` of `$(`, the closing backquote) or the end. */
  private code(start: number, stop: ')' | '`' | null, depth: number, arithmetic = false): number {
    const { text, n } = this;
    let parens = 0;
    let i = start;
    while (i < n) {
      const c = text[i]!;
      if (c === '\n') {
        i++;
        if (this.pending.length) i = this.heredocBodies(i, depth);
        continue;
      }
      if (c === '\\') {
        this.kinds.fill(OPAQUE, i, Math.min(i + 2, n));
        i += 2;
        continue;
      }
      if (c === '#' && this.isWordStart(i)) {
        const end = this.lineEnd(i);
        this.kinds.fill(COMMENT, i, end);
        i = end;
        continue;
      }
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close === -1 ? n : close + 1;
        this.kinds.fill(OPAQUE, i, end);
        i = end;
        continue;
      }
      if (c === '$' && text[i + 1] === "'") {
        let j = i + 2;
        while (j < n && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
        const end = Math.min(j + 1, n);
        this.kinds.fill(OPAQUE, i, end);
        i = end;
        continue;
      }
      if (c === '"' || (c === '$' && text[i + 1] === '"')) {
        const end = this.doubleQuoted(i + (c === '$' ? 2 : 1), depth);
        this.kinds.fill(OPAQUE, i, end);
        i = end;
        continue;
      }
      if (c === '$') {
        i = this.dollar(i, depth);
        continue;
      }
      if (c === '`') {
        if (stop === '`') return i + 1;
        const end = depth < MAX_NESTING ? this.code(i + 1, '`', depth + 1) : i + 1;
        this.kinds.fill(OPAQUE, i, end);
        i = end;
        continue;
      }
      if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && !arithmetic) {
        const heredoc = /^<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|(\\?)([\w.@%+-]+))/.exec(text.slice(i, i + 200));
        if (heredoc) {
          const quoted = heredoc[2] !== undefined || heredoc[3] !== undefined || heredoc[4] === '\\';
          this.pending.push({ terminator: (heredoc[2] ?? heredoc[3] ?? heredoc[5])!, stripTabs: heredoc[1] === '-', expands: !quoted });
          i += heredoc[0].length;
          continue;
        }
      }
      if (stop === ')') {
        if (c === '(') parens++;
        else if (c === ')') {
          if (parens === 0) return i + 1;
          parens--;
        }
      }
      i++;
    }
    return n;
  }

  /** The bodies of the heredocs opened on the line that just ended; returns where code resumes. */
  private heredocBodies(start: number, depth: number): number {
    let i = start;
    for (const heredoc of this.pending.splice(0)) {
      const bodyStart = i;
      let bodyEnd = this.n;
      while (i < this.n) {
        const end = this.lineEnd(i);
        const line = this.text.slice(i, end).replace(/\r$/, '');
        const next = Math.min(end + 1, this.n);
        if ((heredoc.stripTabs ? line.replace(/^\t+/, '') : line) === heredoc.terminator) {
          bodyEnd = i;
          i = next;
          break;
        }
        i = next;
      }
      if (heredoc.expands) this.expandingText(bodyStart, Math.min(bodyEnd, this.n), depth);
      this.kinds.fill(OPAQUE, bodyStart, i);
    }
    return i;
  }

  /** An unquoted heredoc body: only `\`, `$` and backquotes are special. */
  private expandingText(start: number, end: number, depth: number): void {
    let i = start;
    while (i < end) {
      const c = this.text[i]!;
      if (c === '\\') i += 2;
      else if (c === '$') i = this.dollar(i, depth);
      else if (c === '`') i = depth < MAX_NESTING ? this.code(i + 1, '`', depth + 1) : i + 1;
      else i++;
    }
  }

  /** From just after the opening quote; returns the offset after the closing one. */
  private doubleQuoted(start: number, depth: number): number {
    const { text, n } = this;
    let i = start;
    while (i < n) {
      const c = text[i]!;
      if (c === '"') return i + 1;
      if (c === '\\') i += 2;
      else if (c === '$') i = this.dollar(i, depth);
      else if (c === '`') i = depth < MAX_NESTING ? this.code(i + 1, '`', depth + 1) : i + 1;
      else i++;
    }
    return n;
  }

  /** A `$` in expanding text: command substitution, arithmetic, parameter expansion, or a literal `$`. */
  private dollar(at: number, depth: number): number {
    const { text } = this;
    const next = text[at + 1];
    let end: number;
    if (next === '(' && depth < MAX_NESTING) {
      const arithmetic = text[at + 2] === '(';
      end = this.code(at + (arithmetic ? 3 : 2), ')', depth + 1, arithmetic);
      if (arithmetic && text[end] === ')') end++;
    } else if (next === '{') {
      end = this.parameter(at, depth);
    } else {
      const name = NAME.exec(text.slice(at + 1, at + 256));
      if (name) {
        end = at + 1 + name[0].length;
        this.expansions.push({ offset: at, end, name: name[0], operator: '', word: null, indirect: false, length: false, subscript: false });
      } else end = at + (SPECIAL_PARAMETER.test(text.slice(at + 1, at + 2)) ? 2 : 1);
    }
    this.kinds.fill(OPAQUE, at, end);
    return end;
  }

  /** `${...}` from its `$`; returns the offset after the closing brace. */
  private parameter(at: number, depth: number): number {
    const { text } = this;
    let i = at + 2;
    let length = false;
    let indirect = false;
    if ((text[i] === '#' || text[i] === '!') && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      length = text[i] === '#';
      indirect = text[i] === '!';
      i++;
    }
    const name = NAME.exec(text.slice(i, i + 256));
    if (!name) return this.word(i, depth);
    i += name[0].length;
    let subscript = false;
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      subscript = close !== -1;
      if (subscript) i = close + 1;
    }
    const operator = text[i] === '}' ? '' : (OPERATOR.exec(text.slice(i, i + 3))?.[0] ?? '');
    const expansion: Expansion = { offset: at, end: i, name: name[0], operator, word: null, indirect, length, subscript };
    this.expansions.push(expansion);
    const wordStart = i + operator.length;
    const end = this.word(wordStart, depth);
    expansion.end = end;
    if (operator !== '') expansion.word = { start: wordStart, end: Math.max(wordStart, end - 1) };
    return end;
  }

  /** The word of `${X:-word}` up to the closing brace; quotes and nested expansions inside it. */
  private word(start: number, depth: number): number {
    const { text, n } = this;
    let i = start;
    while (i < n) {
      const c = text[i]!;
      if (c === '}') return i + 1;
      if (c === '\\') i += 2;
      else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        i = close === -1 ? n : close + 1;
      } else if (c === '"') i = this.doubleQuoted(i + 1, depth);
      else if (c === '$') i = this.dollar(i, depth);
      else if (c === '`') i = depth < MAX_NESTING ? this.code(i + 1, '`', depth + 1) : i + 1;
      else i++;
    }
    return n;
  }

  /** The text with comments blanked and every quoted or substituted part turned into `x`, so words split on spaces. */
  flatText(): string {
    return Array.from(this.kinds, (kind, i) => (kind === CODE ? this.text[i]! : kind === COMMENT ? ' ' : 'x')).join('');
  }
}

const ASSIGNMENT = /^([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=/;
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', 'command', 'builtin', 'exec', 'nohup']);
/** `read` options that take an argument (`-a` names an array it assigns). */
const READ_OPTIONS_WITH_ARGUMENT = 'adinNptu';
const MAPFILE_OPTIONS_WITH_ARGUMENT = 'dnOsuCc';

interface Assignment {
  name: string;
  /** Reads before this offset are environment input; reads after it read the script's value. */
  from: number;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/** Variables the script sets, with where each assignment takes effect. */
function readAssignments(flat: string): Assignment[] {
  const assignments: Assignment[] = [];
  for (const segment of flat.matchAll(/[^;&|()\n`{}]+/g)) {
    const words: Word[] = [...segment[0].matchAll(/\S+/g)].map((w) => ({ text: w[0], start: segment.index + w.index, end: segment.index + w.index + w[0].length }));
    let k = 0;
    while (k < words.length && LEADING_KEYWORDS.has(words[k]!.text)) k++;
    const commandEnd = words.at(-1)?.end ?? segment.index;
    const assign = (word: Word | undefined, from = word?.end ?? 0) => {
      const name = word && /^[A-Za-z_]\w*$/.test(word.text) ? word.text : word ? ASSIGNMENT.exec(word.text)?.[1] : undefined;
      if (name) assignments.push({ name, from });
    };
    for (; k < words.length && ASSIGNMENT.test(words[k]!.text); k++) assign(words[k]);
    const command = words[k]?.text;
    const rest = words.slice(k + 1);
    switch (command) {
      case 'export':
      case 'readonly':
        for (const word of rest) if (ASSIGNMENT.test(word.text)) assign(word);
        break;
      case 'local':
      case 'declare':
      case 'typeset':
      case 'integer':
        for (const word of rest) if (!word.text.startsWith('-')) assign(word);
        break;
      case 'let':
        for (const word of rest) if (ASSIGNMENT.test(word.text)) assign(word);
        break;
      case 'read':
        readOperands(rest, READ_OPTIONS_WITH_ARGUMENT, 'a').forEach((word) => assign(word, commandEnd));
        break;
      case 'mapfile':
      case 'readarray':
        readOperands(rest, MAPFILE_OPTIONS_WITH_ARGUMENT, '').slice(0, 1).forEach((word) => assign(word, commandEnd));
        break;
      case 'for':
      case 'select':
        assign(rest[0]);
        break;
      case 'getopts':
        assign(rest[1], commandEnd);
        break;
      case 'printf':
        if (rest[0]?.text === '-v') assign(rest[1], commandEnd);
        break;
    }
  }
  return assignments;
}

/** The operands of `read`/`mapfile` after their options, plus the names given to `assigning` options. */
function readOperands(words: Word[], withArgument: string, assigning: string): Word[] {
  const operands: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (/^[<>]|^\d+[<>]/.test(word.text)) break;
    const option = /^-([A-Za-z]+)$/.exec(word.text);
    if (option) {
      const last = option[1]!.at(-1)!;
      if (withArgument.includes(last)) {
        if (assigning.includes(last) && words[i + 1]) operands.push(words[i + 1]!);
        i++;
      }
      continue;
    }
    if (word.text.startsWith('-')) continue;
    operands.push(word);
  }
  return operands;
}

const isAllCaps = (name: string) => /^_*[A-Z][A-Z0-9_]*$/.test(name);
const isShellVariable = (name: string) => SHELL_VARIABLES.has(name) || name.startsWith('LC_');

/** `"a b"` → `a b`: a word that is one quoted string loses its quotes. */
function unquoted(word: string): string {
  const match = /^(["'])([\s\S]*)\1$/.exec(word);
  return match && !match[2]!.includes(match[1]!) ? match[2]! : word;
}

function judge(expansion: Expansion, text: string): { required: boolean; defaultValue: string | null } {
  if (expansion.length) return { required: false, defaultValue: null };
  const { operator, word } = expansion;
  if (/^:?[-=]$/.test(operator)) return { required: false, defaultValue: word ? unquoted(text.slice(word.start, word.end)) : '' };
  if (/^:?\+$/.test(operator)) return { required: false, defaultValue: null };
  return { required: true, defaultValue: null };
}

export function extractShell(text: string): EnvExtraction {
  const scanner = new ShellScanner(text);
  const lineAt = lineLocator(text);
  const assignments = readAssignments(scanner.flatText());
  const expansions = [...scanner.expansions].sort((a, b) => a.offset - b.offset);
  for (const expansion of expansions) {
    if (/^:?=$/.test(expansion.operator) && !expansion.indirect) assignments.push({ name: expansion.name, from: expansion.end });
  }
  const setBefore = (name: string, offset: number) => assignments.some((a) => a.name === name && a.from <= offset);
  const extraction: EnvExtraction = { references: [], dynamic: [] };
  for (const expansion of expansions) {
    if (expansion.indirect) {
      if (expansion.operator === '' && !expansion.subscript) {
        extraction.dynamic.push({ line: lineAt(expansion.offset), expression: text.slice(expansion.offset, expansion.end).replace(/\s+/g, ' ').slice(0, 80) });
      }
      continue;
    }
    if (!isAllCaps(expansion.name) || isShellVariable(expansion.name) || setBefore(expansion.name, expansion.offset)) continue;
    const { required, defaultValue } = judge(expansion, text);
    extraction.references.push({ name: expansion.name, source: 'code', line: lineAt(expansion.offset), default: defaultValue, required });
  }
  return extraction;
}

/** Scripts people keep without an extension: in these folders, a file with a shell shebang is read. */
const SCRIPT_FOLDER = /(?:^|\/)(?:bin|scripts?|hooks|tools)\/[^/.]+$/;

export const shellExtractor: EnvExtractor = {
  id: 'shell',
  matches: (path) => /\.(?:sh|bash|zsh|ksh)$/.test(path) || SCRIPT_FOLDER.test(path),
  extract: (text, path) => (/\.(?:sh|bash|zsh|ksh)$/.test(path) || hasShellShebang(text) ? extractShell(text) : { references: [], dynamic: [] }),
};
