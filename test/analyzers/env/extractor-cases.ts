/** Shared shapes for the env extractor tests: expected references are written out from each test's input. */
import { expect } from 'vitest';
import { ENV_NAME, type EnvExtraction, type EnvReference, type EnvSource } from '../../../analyzers/env/model.js';

export const lines = (...text: string[]): string => text.join('\n') + '\n';

/** A read in code: name, 1-based line, required, literal default. */
export const read = (name: string, line: number, required: boolean, defaultValue: string | null = null): EnvReference => ({
  name,
  source: 'code',
  line,
  default: defaultValue,
  required,
});

/** A declaration: never required, never a default. */
export const declared = (name: string, source: EnvSource, line: number): EnvReference => ({ name, source, line, default: null, required: false });

/** Every name is a valid variable name, and none of the given values appears anywhere in the extraction. */
export function expectClean(extraction: EnvExtraction, secrets: string[] = []): void {
  for (const reference of extraction.references) expect(reference.name).toMatch(ENV_NAME);
  const json = JSON.stringify(extraction);
  for (const secret of secrets) expect(json).not.toContain(secret);
}
