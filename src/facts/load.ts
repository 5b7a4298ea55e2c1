/**
 * Reads a facts file saved with `--format json`, so that reports can be rendered (and templates
 * developed) without the repository. The schema check names the first field that is wrong.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { FactsSchema, SCHEMA_VERSION, type Facts } from './schema.js';

export function loadFactsFile(path: string): Facts {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read facts file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; save one with impl-draft --format json --out ${path}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`facts file ${path} is not JSON (${(error as Error).message}); save one with impl-draft --format json --out ${path}`);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UsageError(`facts file ${path} has schemaVersion ${JSON.stringify(version)}, this impl-draft reads ${SCHEMA_VERSION}; re-save it with this version's --format json`);
  }
  const parsed = FactsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') || '(top level)';
    throw new UsageError(`facts file ${path} does not match the facts schema at ${where}: ${issue.message}; see docs/facts.schema.json`);
  }
  return parsed.data;
}
