/** The tests analyzer on a real repository: test files added, modified, renamed and deleted, and the cases each gained and lost. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testsAnalyzer } from '../../../analyzers/tests/index.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

const lines = (...text: string[]) => text.join('\n') + '\n';

describe('tests analyzer', () => {
  it('lists the changed test files with their level and the cases they gained and lost', async () => {
    const repo = new TestRepo();
    try {
      repo.commit('a', {
        'src/users.test.ts': lines("describe('users', () => {", "  it('creates one', () => {});", "  it('deletes one', () => {});", '});'),
        'tests/test_orders.py': lines('def test_total():', '    pass'),
        'e2e/old-checkout.spec.ts': lines("test('pays', async () => {});"),
        'src/users.ts': 'export const users = [];\n',
      });
      repo.tag('v1');
      repo.commit('b', {
        'src/users.test.ts': lines("describe('users', () => {", "  it('creates one', () => {});", "  it.skip('bans one', () => {});", '});'),
        'tests/test_orders.py': null,
        'test/integration/orders.test.js': lines("it('places an order', () => {});"),
        'e2e/old-checkout.spec.ts': null,
        'src/users.ts': 'export const users = [1];\n',
        'test/fixtures/app/sample.test.js': lines("it('is a fixture', () => {});"),
      });
      const { facts, warnings } = await runAnalyzer(testsAnalyzer, repo.dir, { from: 'v1' });
      expect(facts.tests).toEqual({
        files: [
          { path: 'e2e/old-checkout.spec.ts', change: 'deleted', level: 'e2e', casesAdded: [], casesRemoved: ['pays'] },
          { path: 'src/users.test.ts', change: 'modified', level: 'unit', casesAdded: ['users > bans one [skip]'], casesRemoved: ['users > deletes one'] },
          { path: 'test/integration/orders.test.js', change: 'added', level: 'integration', casesAdded: ['places an order'], casesRemoved: [] },
          { path: 'tests/test_orders.py', change: 'deleted', level: 'unit', casesAdded: [], casesRemoved: ['test_total'] },
        ],
        results: null,
      });
      expect(warnings).toEqual([]);
    } finally {
      rmSync(repo.dir, { recursive: true, force: true });
    }
  });
});
