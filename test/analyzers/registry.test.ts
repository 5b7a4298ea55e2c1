import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzers } from '../../analyzers/index.js';

describe('the analyzer registry', () => {
  it('has exactly one analyzer per folder under analyzers/ (but shared/, their common parsing), with the folder name as its id', () => {
    const root = new URL('../../analyzers/', import.meta.url);
    const folders = readdirSync(root).filter((name) => name !== 'shared' && statSync(new URL(name, root)).isDirectory());
    expect(analyzers.map((a) => a.id).sort()).toEqual(folders.sort());
  });
});
