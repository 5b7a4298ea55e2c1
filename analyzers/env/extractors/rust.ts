/**
 * Rust: `std::env` reads and the compile-time `env!` / `option_env!` macros.
 * Spec: https://doc.rust-lang.org/std/env/fn.var.html, https://doc.rust-lang.org/std/macro.env.html
 *
 * - `env::var("X")` / `env::var_os("X")` (also `std::env::`, `dotenv::var`, `dotenvy::var`) return
 *   a Result/Option. The method chain on the same expression decides: `.ok()`, `.is_ok()`,
 *   `.unwrap_or(…)`, `.unwrap_or_else(…)`, `.unwrap_or_default()`, `.map_or(…)`, `.or(…)` make it
 *   optional; otherwise (`.unwrap()`, `.expect(…)`, `?`, nothing) it is required. `if let Ok(v) =`
 *   and `match` on the read are optional too.
 * - `env!("X")` is required (the build fails without it); `option_env!("X")` is optional.
 * - Defaults come from `.unwrap_or("d")`, `.unwrap_or("d".to_string())`,
 *   `.unwrap_or_else(|_| "d".into())`, `String::from("d")` and the like, when the value is a literal.
 * - A bare `var("X")` after `use std::env::var` is not read (too common a name to match).
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
  readMethodChain,
  type MethodCall,
  type SourceSyntax,
} from './source-scan.js';

export const rustSyntax: SourceSyntax = {
  lineComment: '//',
  blockComment: { open: '/*', close: '*/', nests: true },
  openString(text, at) {
    if (!'"\'rbc'.includes(text[at]!)) return null;
    const prefixed = /^(?:[bc]?r(#*)"|[bc]?"|b?')/.exec(text.slice(at, at + 260));
    if (!prefixed) return null;
    if (prefixed[0].length > 1 && isIdentifierChar(text[at - 1])) return null;
    if (prefixed[1] !== undefined) return { openLength: prefixed[0].length, close: `"${prefixed[1]}`, escapes: false, multiline: true };
    if (prefixed[0].endsWith('"')) return { openLength: prefixed[0].length, close: '"', escapes: true, multiline: true };
    // A quote opens a character literal only when one character (or an escape) and a quote follow; otherwise it is a lifetime.
    const quoteAt = at + prefixed[0].length - 1;
    if (text[quoteAt + 1] === '\\') return { openLength: prefixed[0].length, close: "'", escapes: true, multiline: false };
    const codePoint = text.codePointAt(quoteAt + 1);
    const width = codePoint !== undefined && codePoint > 0xffff ? 2 : 1;
    if (codePoint !== undefined && text[quoteAt + 1] !== "'" && text[quoteAt + 1 + width] === "'") {
      return { openLength: prefixed[0].length, close: "'", escapes: false, multiline: false };
    }
    return null;
  },
};

/** A string literal's content: `"..."` or a raw `r"..."` / `r#"..."#`. */
export function rustString(text: string): string | null {
  const raw = /^r(#*)"([\s\S]*)"\1$/.exec(text);
  if (raw) return raw[2]!.includes(`"${raw[1]}`) ? null : raw[2]!;
  return quotedContent(text, '"');
}

const OPTIONAL = new Set(['ok', 'is_ok', 'is_err', 'is_some', 'is_none', 'unwrap_or', 'unwrap_or_else', 'unwrap_or_default', 'map_or', 'map_or_else', 'or', 'or_else']);
const REQUIRED = new Set(['?', 'unwrap', 'expect', 'unwrap_unchecked']);
const DEFAULTS = new Set(['unwrap_or', 'unwrap_or_else', 'map_or']);

/** `|_| "d".to_string()` → `"d"`: closures, blocks and string conversions peeled off a default. */
function peelDefault(text: string): string {
  let current = text.trim();
  for (let previous = ''; previous !== current; ) {
    previous = current;
    current = current
      .replace(/^(?:move\s+)?\|[^|]*\|\s*/, '')
      .replace(/^\{\s*([\s\S]*?)\s*\}$/, '$1')
      .replace(/^(?:String|OsString|PathBuf)\s*::\s*from\s*\(\s*([\s\S]*?)\s*\)$/, '$1')
      .replace(/^([\s\S]*?)\s*\.\s*(?:to_string|to_owned|into|to_os_string)\s*\(\s*\)$/, '$1')
      .trim();
  }
  return current;
}

/** Required or not, and the default, from how the read's result is handled. */
function judgeChain(links: MethodCall[], requiredWithoutHandling: boolean): { required: boolean; defaultValue: string | null } {
  let required = requiredWithoutHandling;
  for (const link of links) {
    if (OPTIONAL.has(link.method)) {
      required = false;
      break;
    }
    if (REQUIRED.has(link.method)) {
      required = true;
      break;
    }
  }
  const withDefault = links.find((link) => DEFAULTS.has(link.method));
  const fallback = withDefault?.args[0]?.text;
  return { required, defaultValue: fallback === undefined ? null : literalDefault(peelDefault(fallback), rustString) };
}

const VAR_READS = /(?<![\w:])(?:dotenvy?|(?:(?:::)?std\s*::\s*)?env)\s*::\s*(?:var|var_os)\s*\(/g;
const MACROS = /(?<![\w:])(?:(?:::)?(?:std|core)\s*::\s*)?(env|option_env)\s*!\s*[([{]/g;
/** `if let Ok(v) = env::var(…)`, `while let Some(v) =`, `match env::var(…)`: both outcomes are handled. */
const HANDLED_BEFORE = /(?:\blet\s+(?:Ok|Some)\s*\([^()]*\)\s*=|\bmatch)\s*$/;

export function extractRust(text: string) {
  const source = scanSource(text, rustSyntax);
  const { code } = source;
  const found = new ExtractionCollector(source);

  for (const match of codeMatches(source, VAR_READS)) {
    const { args, end } = readArguments(source, match.index + match[0].length - 1);
    const handled = HANDLED_BEFORE.test(code.slice(Math.max(0, match.index - 80), match.index));
    const { required, defaultValue } = judgeChain(readMethodChain(source, end), !handled);
    found.nameOrDynamic(nameArgument(args[0]?.text, rustString), { start: match.index, end }, required && !handled, defaultValue);
  }

  for (const match of codeMatches(source, MACROS)) {
    const { args, end } = readArguments(source, match.index + match[0].length - 1);
    const name = nameArgument(args[0]?.text, rustString);
    if (match[1] === 'env') {
      // A macro's argument must be a literal; anything else does not compile, so it is not a read.
      if (name.kind === 'name') found.reference(match.index, name.name, true);
      continue;
    }
    const { required, defaultValue } = judgeChain(readMethodChain(source, end), false);
    if (name.kind === 'name') found.reference(match.index, name.name, required, defaultValue);
  }

  return found.result();
}

export const rustExtractor: EnvExtractor = {
  id: 'rust',
  matches: (path) => path.endsWith('.rs'),
  extract: (text) => extractRust(text),
};
