/**
 * Go: reads through the standard library.
 * Spec: https://pkg.go.dev/os#Getenv, https://pkg.go.dev/os#LookupEnv, https://pkg.go.dev/os#ExpandEnv
 *
 * - `os.Getenv("X")` is required: it cannot tell an unset variable from an empty one, so code
 *   that calls it expects the variable to be set (Go's optional read is LookupEnv). A fallback
 *   written afterwards (`if v == "" { v = "d" }`) is not followed: no default is recorded.
 * - `os.LookupEnv("X")` and `syscall.Getenv("X")` return whether it is set: optional.
 * - `os.ExpandEnv("…$X…${Y}…")` reads every variable its literal template names (required, like Getenv).
 * - A computed name (`os.Getenv(key)`) is a dynamic read. Test files are read too: tests read env.
 */
import type { EnvExtractor } from '../model.js';
import { codeMatches, ExtractionCollector, nameArgument, quotedContent, readArguments, scanSource, type SourceSyntax } from './source-scan.js';

export const goSyntax: SourceSyntax = {
  lineComment: '//',
  blockComment: { open: '/*', close: '*/', nests: false },
  openString(text, at) {
    const c = text[at];
    if (c === '"' || c === "'") return { openLength: 1, close: c, escapes: true, multiline: false };
    if (c === '`') return { openLength: 1, close: '`', escapes: false, multiline: true };
    return null;
  },
};

/** An interpreted or raw string literal's content. */
export function goString(text: string): string | null {
  if (/^`[^`]*`$/.test(text)) return text.slice(1, -1);
  return quotedContent(text, '"');
}

const READS = /(?<![\w.])(os|syscall)\s*\.\s*(Getenv|LookupEnv|ExpandEnv)\s*\(/g;

export function extractGo(text: string) {
  const source = scanSource(text, goSyntax);
  const found = new ExtractionCollector(source);
  for (const match of codeMatches(source, READS)) {
    const [, pkg, func] = match;
    if (pkg === 'syscall' && func !== 'Getenv') continue;
    const { args, end } = readArguments(source, match.index + match[0].length - 1);
    const offsets = { start: match.index, end };
    if (func === 'ExpandEnv') {
      const template = args[0] ? goString(args[0].text) : null;
      if (template === null) found.dynamicRead(offsets.start, offsets.end);
      // The template's own line: names in a raw multi-line template are placed on their lines.
      else for (const name of expandedNames(template)) found.reference(args[0]!.start + 1 + name.index, name.name, true);
      continue;
    }
    const optional = func === 'LookupEnv' || pkg === 'syscall';
    found.nameOrDynamic(nameArgument(args[0]?.text, goString), offsets, !optional);
  }
  return found.result();
}

/** `$X` and `${X}` in an os.Expand template; `$1` and the like are not names. */
function expandedNames(template: string): Array<{ name: string; index: number }> {
  return [...template.matchAll(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g)].map((m) => ({ name: (m[1] ?? m[2])!, index: m.index }));
}

export const goExtractor: EnvExtractor = {
  id: 'go',
  matches: (path) => path.endsWith('.go'),
  extract: (text) => extractGo(text),
};
