import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFactsFile } from '../../src/facts/load.js';
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

describe('facts saved by an earlier impl-draft of the same schema version', () => {
  it('load without the fields added since (dependencySummary)', async () => {
    const rich = JSON.parse(readFileSync(new URL('../fixtures/facts/rich-facts.json', import.meta.url), 'utf8'));
    delete rich.dependencySummary;
    const dir = mkdtempSync(join(tmpdir(), 'impl-draft-facts-'));
    try {
      writeFileSync(join(dir, 'old.json'), JSON.stringify(rich));
      const facts = loadFactsFile(join(dir, 'old.json'));
      expect(facts.dependencySummary).toBeNull();
      expect(facts.dependencies.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
