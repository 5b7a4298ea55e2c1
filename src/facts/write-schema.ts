/** Writes docs/facts.schema.json from the zod schemas (`npm run schema`); a test checks it is current. */
import { writeFileSync } from 'node:fs';
import { factsJsonSchema } from './schema.js';

export function schemaText(): string {
  return JSON.stringify(factsJsonSchema(), null, 2) + '\n';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(new URL('../../../docs/facts.schema.json', import.meta.url), schemaText());
}
