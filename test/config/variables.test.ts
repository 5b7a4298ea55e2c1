/** Template variables: --set, --vars, the config's vars, and their order. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeVariables, variablesFromFile, variablesFromFlags } from '../../src/config/variables.js';
import { UsageError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'impl-draft-vars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('template variables', () => {
  it('--set takes key=value, dotted keys nesting, values kept as text with any = after the first', () => {
    expect(variablesFromFlags(['phase=2', 'team.lead=Ann Lee', 'team.qa=Bo', 'query=a=b', 'empty='])).toEqual({
      phase: '2',
      team: { lead: 'Ann Lee', qa: 'Bo' },
      query: 'a=b',
      empty: '',
    });
  });

  it.each(['phase', '=2', '2nd=x', 'a..b=x'])('--set %s is a usage error that shows the form', (flag) => {
    expect(() => variablesFromFlags([flag])).toThrow(UsageError);
    expect(() => variablesFromFlags([flag])).toThrow(/expected key=value .* such as --set phase=2/);
  });

  it('--vars reads JSON and YAML objects, and refuses anything else with the path', () => {
    writeFileSync(join(dir, 'v.json'), '{ "feature": "Checkout", "links": { "ticket": "SHOP-12" } }');
    writeFileSync(join(dir, 'v.yaml'), 'feature: Checkout\nphase: 2\n');
    writeFileSync(join(dir, 'list.yaml'), '- a\n- b\n');
    expect(variablesFromFile(join(dir, 'v.json'))).toEqual({ feature: 'Checkout', links: { ticket: 'SHOP-12' } });
    expect(variablesFromFile(join(dir, 'v.yaml'))).toEqual({ feature: 'Checkout', phase: 2 });
    expect(() => variablesFromFile(join(dir, 'list.yaml'))).toThrow(/expected an object of variables/);
    expect(() => variablesFromFile(join(dir, 'missing.json'))).toThrow(/--vars .*missing\.json: no such file/);
  });

  it('later layers win key by key, nested objects merged', () => {
    expect(mergeVariables({ phase: '1', team: { lead: 'A', qa: 'B' } }, { team: { lead: 'C' } }, { phase: '2' })).toEqual({ phase: '2', team: { lead: 'C', qa: 'B' } });
  });
});
