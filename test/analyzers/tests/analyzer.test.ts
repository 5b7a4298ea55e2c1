/** The tests analyzer on a real repository: test files added, modified, renamed and deleted, and the cases each gained and lost. */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testsAnalyzer } from '../../../analyzers/tests/index.js';
import { NO_TEST_OUTPUTS } from '../../../src/analyzer.js';
import { UsageError } from '../../../src/errors.js';
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

  it('sums the JUnit reports named with --junit, and names the ones it could not read', async () => {
    const junit = fileURLToPath(new URL('../../fixtures/junit/', import.meta.url));
    const repo = new TestRepo();
    try {
      repo.commit('a', { 'src/a.ts': 'export const a = 1;\n' });
      // As CI leaves them: reports in the working tree, not committed.
      copyFileSync(join(junit, 'vitest.xml'), join(repo.dir, 'vitest.xml'));
      copyFileSync(join(junit, 'pytest.xml'), join(repo.dir, 'pytest.xml'));
      copyFileSync(join(junit, 'not-junit.xml'), join(repo.dir, 'not-junit.xml'));
      const testOutputs = { ...NO_TEST_OUTPUTS, junit: [join(repo.dir, '*.xml')] };
      const { facts, warnings } = await runAnalyzer(testsAnalyzer, repo.dir, { testOutputs });
      // vitest.xml 10 = 4 + 3 + 3 and pytest.xml 8 = 2 + 3 + 3, counted in test/fixtures/junit/README.md.
      expect(facts.tests!.results).toEqual({ total: 18, passed: 6, failed: 6, skipped: 6, sources: ['pytest.xml', 'vitest.xml'] });
      expect(warnings).toEqual([{
        message: 'not-junit.xml was not read for test results: not JUnit XML: the root element is <html>, expected <testsuites> or <testsuite>.',
        path: 'not-junit.xml',
      }]);
      await expect(runAnalyzer(testsAnalyzer, repo.dir, { testOutputs: { ...NO_TEST_OUTPUTS, junit: [join(repo.dir, 'missing.xml')] } })).rejects.toBeInstanceOf(UsageError);
    } finally {
      rmSync(repo.dir, { recursive: true, force: true });
    }
  });
});
