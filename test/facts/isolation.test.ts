/** One analyzer's unexpected failure costs its own facts, said in a warning, not the whole report. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/analyzer.js';
import { CorruptObjectError } from '../../src/errors.js';
import { assembleFacts } from '../../src/facts/assemble.js';
import { openRepository } from '../../src/git/open.js';
import { resolveRange } from '../../src/range.js';
import { runIsolated } from '../../src/run.js';
import { TestRepo } from '../helpers/repo-builder.js';

const failing = (error: Error): Analyzer => ({ id: 'routes', title: 'fails', analyze: async () => { throw error; } });

describe('analyzer isolation', () => {
  it('turns a bug into a warning, leaves the analyzer out of those that ran, and lets input errors through', async () => {
    const repo = new TestRepo();
    try {
      repo.commit('a', { 'a.txt': 'a\n' });
      repo.commit('b', { 'a.txt': 'b\n' });
      const git = await openRepository(repo.dir, 'git');
      try {
        const range = await resolveRange(git, { from: 'HEAD~1', to: 'HEAD' });
        const outcome = await runIsolated(failing(new TypeError("Cannot read properties of undefined (reading 'map')")), range, { repo: git });
        expect(outcome).toEqual({ failure: "Cannot read properties of undefined (reading 'map')" });
        const facts = assembleFacts({ toolVersion: '0.0.0', repositoryName: 'x', range, results: [], failed: [{ id: 'routes', message: (outcome as { failure: string }).failure }] });
        expect(facts.analyzers).toEqual([]);
        expect(facts.warnings).toEqual([{ analyzer: 'routes', path: null, message: expect.stringMatching(/^The routes analyzer failed unexpectedly \(Cannot read properties/) }]);
        await expect(runIsolated(failing(new CorruptObjectError('abc', 'missing')), range, { repo: git })).rejects.toThrow(CorruptObjectError);
      } finally {
        await git.close();
      }
    } finally {
      rmSync(repo.dir, { recursive: true, force: true });
    }
  });
});
