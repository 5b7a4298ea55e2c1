/**
 * Python: reads of `os.environ` and `os.getenv`.
 * Spec: https://docs.python.org/3/library/os.html#os.environ
 *
 * - `os.environ['X']` is required (KeyError when unset); assigning to it or `del` is a write, not a read.
 * - `os.environ.get('X')`, `os.getenv('X')`, `os.environ.setdefault('X', 'd')`, `os.environ.pop('X', 'd')`
 *   and `'X' in os.environ` are optional reads; a second argument (or `default=`) or a trailing
 *   `or 'd'` is the default.
 * - `from os import environ, getenv` (also `as` aliases) and `import os as alias` are followed.
 * - A computed key (`os.environ[name]`, `os.getenv(f'X_{n}')`) is a dynamic read.
 * - pydantic-settings classes read their fields from the environment: see ./python-settings.ts.
 * Strings are `'...'`, `"..."`, triple-quoted and prefixed (`r`, `b`, `u`, `f`); f-string
 * replacement fields are code. A default is a literal's content (`'d'` gives `d`).
 */
import type { EnvExtractor } from '../model.js';
import {
  codeMatches,
  ExtractionCollector,
  isIdentifierChar,
  literalDefault,
  nameArgument,
  quotedContent,
  readArguments,
  scanSource,
  withoutArgumentName,
  type ScannedSource,
  type SourceSyntax,
  type StringOpening,
} from './source-scan.js';
import { collectSettingsFields } from './python-settings.js';

const PREFIXES = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

export const pythonSyntax: SourceSyntax = {
  lineComment: '#',
  openString(text, at) {
    let quoteAt = at;
    while (quoteAt - at < 2 && /[a-zA-Z]/.test(text[quoteAt] ?? '')) quoteAt++;
    const quote = text[quoteAt];
    if (quote !== '"' && quote !== "'") return null;
    const prefix = text.slice(at, quoteAt);
    if (prefix !== '' && (!PREFIXES.test(prefix) || isIdentifierChar(text[at - 1]))) return null;
    const triple = text.startsWith(quote.repeat(3), quoteAt);
    const opening: StringOpening = {
      openLength: prefix.length + (triple ? 3 : 1),
      close: triple ? quote.repeat(3) : quote,
      escapes: true,
      multiline: triple,
    };
    if (/[fF]/.test(prefix)) opening.interpolation = '{';
    return opening;
  },
};

/** A plain (not f-) string literal's content; `r`, `u` and `b` prefixes are allowed. */
export function pythonString(text: string): string | null {
  const match = /^[rRuUbB]{0,2}(['"].*)$/s.exec(text);
  return match ? quotedContent(match[1]!, `'"`) : null;
}

interface Aliases {
  /** Expressions that are `os.environ`. */
  environ: string[];
  /** Expressions that are `os.getenv`. */
  getenv: string[];
}

function readAliases(source: ScannedSource): Aliases {
  const modules = ['os'];
  const environ: string[] = [];
  const getenv: string[] = [];
  for (const match of codeMatches(source, /^[ \t]*import[ \t]+os[ \t]+as[ \t]+([A-Za-z_]\w*)/gm)) modules.push(match[1]!);
  for (const match of codeMatches(source, /^[ \t]*from[ \t]+os[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm)) {
    for (const item of match[1]!.replace(/[()\\]/g, ' ').split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (name === 'environ') environ.push(alias ?? name);
      if (name === 'getenv') getenv.push(alias ?? name);
    }
  }
  return { environ: [...modules.map((m) => `${m}.environ`), ...environ], getenv: [...modules.map((m) => `${m}.getenv`), ...getenv] };
}

const pattern = (expressions: string[], tail: string) => {
  const alternatives = expressions.map((e) => e.replace(/\./g, '\\s*\\.\\s*')).join('|');
  return new RegExp(`(?<![\\w.])(?:${alternatives})${tail}`, 'g');
};

export function extractPython(text: string) {
  const source = scanSource(text, pythonSyntax);
  const { code } = source;
  const found = new ExtractionCollector(source);
  const aliases = readAliases(source);

  /** `... or 'd'` right after a read is its default. */
  const orDefault = (end: number) => {
    const match = /^\s*or\s+/.exec(code.slice(end, end + 200));
    if (!match) return undefined;
    const operand = /^(?:[rRuUbB]{0,2}(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")|[-\w.]+)/.exec(code.slice(end + match[0].length));
    return operand ? literalDefault(operand[0], pythonString) : null;
  };

  for (const match of codeMatches(source, pattern(aliases.environ, '\\s*\\['))) {
    const { args, end } = readArguments(source, match.index + match[0].length - 1);
    const after = code.slice(end, end + 3);
    if (/^\s*=(?!=)/.test(after) || /\bdel\s+$/.test(code.slice(Math.max(0, match.index - 8), match.index))) continue;
    found.nameOrDynamic(nameArgument(args[0]?.text, pythonString), { start: match.index, end }, true);
  }

  for (const match of codeMatches(source, pattern(aliases.environ, '\\s*\\.\\s*(get|setdefault|pop)\\s*\\('))) {
    const { args, end } = readArguments(source, match.index + match[0].length - 1);
    const [name, fallback] = args.map((a) => withoutArgumentName(a.text));
    const hasDefault = fallback !== undefined;
    const required = match[1] === 'pop' && !hasDefault;
    const defaultValue = hasDefault ? literalDefault(fallback, pythonString) : (orDefault(end) ?? null);
    found.nameOrDynamic(nameArgument(name, pythonString), { start: match.index, end }, required, defaultValue);
  }

  for (const match of codeMatches(source, pattern(aliases.getenv, '\\s*\\('))) {
    const { args, end } = readArguments(source, match.index + match[0].length - 1);
    const [name, fallback] = args.map((a) => withoutArgumentName(a.text));
    const defaultValue = fallback !== undefined ? literalDefault(fallback, pythonString) : (orDefault(end) ?? null);
    found.nameOrDynamic(nameArgument(name, pythonString), { start: match.index, end }, false, defaultValue);
  }

  const environ = aliases.environ.map((e) => e.replace(/\./g, '\\s*\\.\\s*')).join('|');
  const membership = new RegExp(`(['"])([A-Za-z_]\\w*)\\1\\s+(?:not\\s+)?in\\s+(?:${environ})(?![\\w.\\[])`, 'g');
  for (const match of code.matchAll(membership)) {
    const isLiteralStart = match.index === 0 || source.isCode(match.index - 1);
    const keyword = match.index + match[0].search(/\s(?:not\s+)?in\s/) + 1;
    if (isLiteralStart && source.isCode(keyword)) found.reference(match.index, match[2]!, false);
  }

  collectSettingsFields(source, found, pythonString);
  return found.result();
}

export const pythonExtractor: EnvExtractor = {
  id: 'python',
  matches: (path) => /\.pyw?$/.test(path),
  extract: (text) => extractPython(text),
};
