import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../src/facts/write-schema.js';

describe('the published JSON Schema', () => {
  it('docs/facts.schema.json is generated from the current facts types (run `npm run schema` after changing them)', () => {
    expect(readFileSync(new URL('../../docs/facts.schema.json', import.meta.url), 'utf8')).toBe(schemaText());
  });

  it('names the contract fields pipelines read', () => {
    const schema = JSON.parse(schemaText());
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['schemaVersion', 'range', 'commits', 'authors', 'files', 'dependencies', 'migrations', 'routes', 'env', 'coverage', 'tests', 'warnings']),
    );
    expect(Object.keys(schema.properties.range.properties)).toEqual(expect.arrayContaining(['from', 'to', 'fromOid', 'toOid', 'mergeBase']));
    expect(Object.keys(schema.properties.files.items.properties)).toEqual(expect.arrayContaining(['path', 'oldPath', 'status', 'additions', 'deletions', 'binary']));
    expect(schema.properties.files.items.properties.status.enum).toEqual(['added', 'modified', 'deleted', 'renamed', 'typechanged']);
  });
});
