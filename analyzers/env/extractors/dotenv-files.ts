/**
 * Dotenv files: the keys of `.env.example`-style templates and of committed `.env` files. Values
 * are never kept: a committed `.env` may hold real secrets, so the reader skips over them and
 * records the key and its line only.
 * Spec: https://github.com/motdotla/dotenv#what-rules-does-the-parsing-engine-follow
 *
 * Every dotenv file is a declaration with `source: 'example'`, examples and real `.env` files
 * alike: both name variables the project expects to be set, and the schema's sources are fixed
 * (code, example, compose, k8s, ci). Matched names: `.env`, `.env.*` (`.env.local`,
 * `.env.production`, `.env.example`, ...), `*.env` (`docker.env`, `example.env`) and
 * `*.env.example|sample|template|dist`; not `.env.vault` / `.env.keys` (dotenv-vault and dotenvx
 * key stores, whose keys are not the project's variables) nor `.env.<code extension>`
 * (`.env.ts`, `.env.json`). The reader follows dotenv's rules: `export X=`, `X: v`, `#` comments,
 * values in single, double or back quotes spanning lines; keys dotenv accepts but a shell cannot
 * (`a.b`, `a-b`) are not variable names and are skipped.
 */
import { ENV_NAME, type EnvExtraction, type EnvExtractor } from '../model.js';
import { lineLocator } from './source-scan.js';

const NOT_DOTENV = /\.(?:vault|keys|js|mjs|cjs|ts|mts|cts|jsx|tsx|json|ya?ml|toml|md|sh|py|rb|go|d\.ts)$/;

export function isDotenvPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === '.env' || name.endsWith('.env')) return true;
  if (/\.env\.(?:example|sample|template|dist)$/.test(name)) return true;
  return name.startsWith('.env.') && !NOT_DOTENV.test(name);
}

/** `KEY=`, `export KEY=`, `KEY:` at the start of a line; the value is skipped, never captured. */
const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([\w.-]+)(?:[ \t]*=|:[ \t])/;

export function extractDotenv(text: string): EnvExtraction {
  const lineAt = lineLocator(text);
  const references: EnvExtraction['references'] = [];
  let i = 0;
  while (i < text.length) {
    const lineEnd = nextLineEnd(text, i);
    const assignment = ASSIGNMENT.exec(text.slice(i, lineEnd));
    if (!assignment) {
      i = lineEnd + 1;
      continue;
    }
    if (ENV_NAME.test(assignment[1]!)) references.push({ name: assignment[1]!, source: 'example', line: lineAt(i), default: null, required: false });
    i = valueEnd(text, i + assignment[0].length, lineEnd) + 1;
  }
  return { references, dynamic: [] };
}

function nextLineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/**
 * The end of the line where the value starting at `from` ends. A quoted value may span lines when
 * its closing quote (the first one not escaped by a backslash) ends its line, comments aside;
 * otherwise dotenv reads the rest of the first line as the value, and so does this.
 */
function valueEnd(text: string, from: number, lineEnd: number): number {
  let i = from;
  while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
  const quote = text[i];
  if (quote !== '"' && quote !== "'" && quote !== '`') return lineEnd;
  let close = i + 1;
  while (close < text.length && !(text[close] === quote && text[close - 1] !== '\\')) close++;
  if (close >= text.length) return lineEnd;
  const closingLineEnd = nextLineEnd(text, close);
  return /^[ \t\r]*(?:#.*)?$/.test(text.slice(close + 1, closingLineEnd)) ? closingLineEnd : lineEnd;
}

export const dotenvExtractor: EnvExtractor = {
  id: 'dotenv',
  matches: isDotenvPath,
  extract: (text) => extractDotenv(text),
};
