/**
 * Output path patterns (`--out` or the config's `out`), such as `docs/releases/{{to}}.md`: a
 * release pipeline names each report after its range without scripting.
 */
import { UsageError } from '../errors.js';
import type { Variables } from './variables.js';

export interface PathValues {
  from: string;
  to: string;
  template: string;
  vars: Variables;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The pattern with its placeholders filled; each value made safe as one path segment. */
export function outputPath(pattern: string, values: PathValues): string {
  return pattern.replace(PLACEHOLDER, (_, name: string) => {
    const value = lookup(name, values);
    if (value === undefined) {
      throw new UsageError(`the output path ${pattern} uses {{${name}}}, which has no value; use {{from}}, {{to}}, {{template}} or {{vars.NAME}} (set with --set NAME=value)`);
    }
    return segment(value);
  });
}

export function hasPlaceholders(pattern: string): boolean {
  return /\{\{[^{}]*\}\}/.test(pattern);
}

function lookup(name: string, values: PathValues): string | undefined {
  if (name === 'from' || name === 'to' || name === 'template') return values[name];
  if (!name.startsWith('vars.')) return undefined;
  let node: unknown = values.vars;
  for (const key of name.slice('vars.'.length).split('.')) node = typeof node === 'object' && node !== null ? (node as Variables)[key] : undefined;
  return typeof node === 'string' || typeof node === 'number' ? String(node) : undefined;
}

/** `feature/login` → `feature-login`: a value never adds folders or leaves the pattern's own. */
function segment(value: string): string {
  const safe = value.replace(/[/\\:*?"<>|\s]+/g, '-').replace(/^\.+/, '');
  return safe === '' ? '-' : safe;
}
