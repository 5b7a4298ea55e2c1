/**
 * A blob that disappears after the range was resolved (a broken object store): that file's tags
 * are not compared and a warning names it; the other files are still reported.
 */
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todosAnalyzer } from '../../../analyzers/todos/index.js';
import type { AnalyzerResult } from '../../../src/analyzer.js';
import { openRepository } from '../../../src/git/open.js';
import type { EngineName } from '../../../src/git/types.js';
import { resolveRange } from '../../../src/range.js';
import { TestRepo } from '../../helpers/repo-builder.js';

let repo: TestRepo;
const results = new Map<EngineName, AnalyzerResult>();

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'src/ok.js': 'export {};\n' });
  repo.tag('v1');
  repo.commit('feat: two files', { 'src/ok.js': '// TODO: still reported\nexport {};\n', 'src/broken.js': '// TODO: unreadable\n' });
  const opened = await openRepository(repo.dir, 'git');
  const range = await resolveRange(opened, { from: 'v1', to: 'HEAD' }).finally(() => opened.close());
  const blob = repo.git('rev-parse', 'HEAD:src/broken.js').trim();
  unlinkSync(join(repo.dir, '.git/objects', blob.slice(0, 2), blob.slice(2)));
  for (const engine of ['git', 'isomorphic'] as const) {
    const repository = await openRepository(repo.dir, engine);
    try {
      results.set(engine, await todosAnalyzer.analyze(range, { repo: repository }));
    } finally {
      await repository.close();
    }
  }
});
afterAll(() => repo.remove());

describe.each(['git', 'isomorphic'] as const)('an unreadable blob (%s engine)', (engine) => {
  it('costs that file only, with a warning naming it', () => {
    const result = results.get(engine)!;
    expect(result.facts.todos).toEqual([{ path: 'src/ok.js', line: 1, tag: 'TODO', text: 'still reported', change: 'added' }]);
    expect(result.warnings).toEqual([{ path: 'src/broken.js', message: expect.stringMatching(/^cannot read src\/broken\.js at TO \(blob [0-9a-f]{40}\).*missing or corrupt/) }]);
  });
});
