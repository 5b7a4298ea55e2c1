/**
 * Java and Kotlin: `System.getenv`.
 * Spec: https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/lang/System.html#getenv(java.lang.String)
 *
 * - `System.getenv("X")` and `System.getenv().get("X")` (Kotlin also `System.getenv()["X"]`) return
 *   null when unset: required, as a plain read, unless the same expression handles null:
 *   `?: "d"` (Kotlin elvis; `?: error(…)` / `?: throw` stay required), `?.`, `.orEmpty()` (default
 *   empty), `!= null` / `== null`, `.isNullOrEmpty()`;
 *   `Optional.ofNullable(…).orElse("d")` / `.orElseGet(() -> "d")` (`.orElseThrow()` / `.get()` stay required);
 *   `Objects.requireNonNullElse(…, "d")`, `StringUtils.defaultIfBlank(…, "d")`, `defaultIfEmpty`,
 *   `defaultString`, `firstNonNull`. `System.getenv().getOrDefault("X", "d")` has a default;
 *   `System.getenv().containsKey("X")` is optional. `requireNonNull(…)`, `!!` stay required.
 * - A computed name is a dynamic read; `System.getenv()` alone (the whole map) is not a read of a name.
 * Kotlin (`.kt`, `.kts`) has nested block comments and `${…}` templates in strings; Java has text blocks.
 */
import type { EnvExtractor } from '../model.js';
import {
  codeMatches,
  ExtractionCollector,
  literalDefault,
  nameArgument,
  quotedContent,
  readArguments,
  readMethodChain,
  scanSource,
  skipSpace,
  type ScannedSource,
  type SourceSyntax,
} from './source-scan.js';

/** Java's and Kotlin's comments and string literals (Kotlin's nest and interpolate). */
export function jvmSyntax(kotlin: boolean): SourceSyntax {
  return {
    lineComment: '//',
    blockComment: { open: '/*', close: '*/', nests: kotlin },
    openString(text, at) {
      if (text.startsWith('"""', at)) {
        return kotlin
          ? { openLength: 3, close: '"""', escapes: false, multiline: true, interpolation: '${' }
          : { openLength: 3, close: '"""', escapes: true, multiline: true };
      }
      if (text[at] === '"') return { openLength: 1, close: '"', escapes: true, multiline: false, ...(kotlin ? { interpolation: '${' as const } : {}) };
      if (text[at] === "'") return { openLength: 1, close: "'", escapes: true, multiline: false };
      return null;
    },
  };
}

/** A `"..."` literal; in Kotlin one without `$` templates. */
function jvmString(kotlin: boolean): (text: string) => string | null {
  return (text) => {
    const content = quotedContent(text, '"');
    return content !== null && kotlin && /(?<!\\)\$[{A-Za-z_]/.test(content) ? null : content;
  };
}

const GETENV = /(?<![\w$.])(?:java\s*\.\s*lang\s*\.\s*)?System\s*\.\s*getenv\s*\(/g;
/** Calls that take the read as their first argument and a fallback as their second. */
const FALLBACK_WRAPPER = /(?:(?:Objects\s*\.\s*)?requireNonNullElse(?:Get)?|(?:StringUtils\s*\.\s*)?default(?:IfBlank|IfEmpty|String)|(?:(?:MoreObjects|Objects)\s*\.\s*)?firstNonNull)\s*\(\s*$/;
const REQUIRE_WRAPPER = /(?:(?:Objects\s*\.\s*)?requireNonNull|requireNotNull|checkNotNull)\s*\(\s*$/;
const OPTIONAL_WRAPPER = /Optional\s*\.\s*ofNullable\s*\(\s*$/;

/** `() -> "d"` and Kotlin's `{ "d" }` lose their lambda syntax. */
const peelLambda = (text: string) => text.trim().replace(/^\(\s*\)\s*->\s*/, '').replace(/^\{\s*([\s\S]*?)\s*\}$/, '$1');

interface Handling {
  required: boolean;
  defaultValue: string | null;
}

export function extractJvm(text: string, kotlin: boolean) {
  const source = scanSource(text, jvmSyntax(kotlin));
  const { code } = source;
  const stringOf = jvmString(kotlin);
  const found = new ExtractionCollector(source);

  /** How the expression ending at `end` is handled afterwards (Kotlin operators, null checks). */
  const handlingAfter = (end: number): Handling | null => {
    const after = code.slice(end, end + 200);
    const elvis = /^\s*\?:\s*/.exec(after);
    if (elvis) {
      const rest = after.slice(elvis[0].length);
      if (/^(?:throw\b|error\s*\(|TODO\s*\()/.test(rest)) return { required: true, defaultValue: null };
      const operand = /^(?:"(?:[^"\\\n]|\\.)*"|[-\w.]+)/.exec(rest);
      return { required: false, defaultValue: operand ? literalDefault(operand[0], stringOf) : null };
    }
    if (/^\s*\.\s*orEmpty\s*\(\s*\)/.test(after)) return { required: false, defaultValue: '' };
    if (/^\s*(?:\?\.|[!=]=\s*null\b|\.\s*isNullOr(?:Empty|Blank)\s*\()/.test(after)) return { required: false, defaultValue: null };
    if (/^\s*!!/.test(after)) return { required: true, defaultValue: null };
    return null;
  };

  /** How a wrapper call around the read (`Optional.ofNullable(read)`, `requireNonNullElse(read, d)`) handles it. */
  const handlingAround = (start: number, end: number): Handling | null => {
    const before = code.slice(Math.max(0, start - 80), start);
    const wrapperOpen = start - (before.length - before.lastIndexOf('('));
    if (REQUIRE_WRAPPER.test(before)) return { required: true, defaultValue: null };
    if (FALLBACK_WRAPPER.test(before)) {
      const fallback = readArguments(source, wrapperOpen).args[1]?.text;
      return { required: false, defaultValue: fallback === undefined ? null : literalDefault(peelLambda(fallback), stringOf) };
    }
    if (OPTIONAL_WRAPPER.test(before)) {
      const close = skipSpace(code, end);
      if (code[close] !== ')') return null;
      for (const link of readMethodChain(source, close + 1)) {
        if (link.method === 'orElse' || link.method === 'orElseGet') {
          const fallback = link.args[0]?.text;
          return { required: false, defaultValue: fallback === undefined ? null : literalDefault(peelLambda(fallback), stringOf) };
        }
        if (link.method === 'orElseThrow' || link.method === 'get') return { required: true, defaultValue: null };
      }
      return { required: false, defaultValue: null };
    }
    return null;
  };

  for (const match of codeMatches(source, GETENV)) {
    const call = readArguments(source, match.index + match[0].length - 1);
    let nameText = call.args[0]?.text;
    let end = call.end;
    let handling: Handling = { required: true, defaultValue: null };
    if (call.args.length === 0) {
      const lookup = mapLookup(source, call.end);
      if (!lookup) continue;
      nameText = lookup.args[0]?.text;
      end = lookup.end;
      if (lookup.method === 'getOrDefault') handling = { required: false, defaultValue: literalDefault(lookup.args[1]?.text, stringOf) };
      if (lookup.method === 'containsKey') handling = { required: false, defaultValue: null };
    }
    handling = handlingAfter(end) ?? handlingAround(match.index, end) ?? handling;
    found.nameOrDynamic(nameArgument(nameText, stringOf), { start: match.index, end }, handling.required, handling.defaultValue);
  }
  return found.result();
}

/** `System.getenv().get("X")`, `.getOrDefault("X", "d")`, `.containsKey("X")`, Kotlin `System.getenv()["X"]`. */
function mapLookup(source: ScannedSource, at: number) {
  const { code } = source;
  const open = skipSpace(code, at);
  if (code[open] === '[') return { method: 'get', ...readArguments(source, open) };
  const method = /^\.\s*(get|getOrDefault|containsKey)\s*\(/.exec(code.slice(open, open + 40));
  if (!method) return null;
  return { method: method[1]!, ...readArguments(source, open + method[0].length - 1) };
}

export const jvmExtractor: EnvExtractor = {
  id: 'jvm',
  matches: (path) => /\.(?:java|kt|kts)$/.test(path),
  extract: (text, path) => extractJvm(text, !path.endsWith('.java')),
};
