/**
 * Which merges a scope keeps: those that bring into the main line a commit touching it. A real
 * repository, with git as the oracle: `git rev-list M^1..M` (what a merge brings in), `git
 * rev-list -- DIR` (the commits that touched the folder) and, for each commit of `git rev-list
 * --first-parent`, `git rev-list C^1..C` (what reaches the main line with it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsAnalyzer } from '../../analyzers/commits/index.js';
import type { ResolvedRange } from '../../src/analyzer.js';
import { openRepository } from '../../src/git/open.js';
import { restrictRange } from '../../src/monorepo/scope.js';
import { resolveRange } from '../../src/range.js';
import { TestRepo } from '../helpers/repo-builder.js';

let repo: TestRepo;
let range: ResolvedRange;
const oids: Record<string, string> = {};

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('root', { 'api/index.js': '1\n', 'web/index.js': '1\n', 'docs/a.md': '1\n' });
  repo.tag('start');
  // A branch touching api, merged.
  repo.git('checkout', '-q', '-b', 'api-work');
  oids.api = repo.commit('api change', { 'api/index.js': '2\n' });
  repo.git('checkout', '-q', 'main');
  oids.mainDocs = repo.commit('docs on main', { 'docs/a.md': '2\n' });
  oids.mergeApi = repo.merge(['api-work'], 'merge api-work');
  // A branch touching docs only, which first merges main (bringing the api change into the branch), then is merged.
  repo.git('checkout', '-q', '-b', 'docs-work', 'main~1');
  oids.docs = repo.commit('docs change', { 'docs/b.md': '1\n' });
  oids.syncMain = repo.merge(['main'], 'merge main into docs-work');
  repo.git('checkout', '-q', 'main');
  oids.mergeDocs = repo.merge(['docs-work'], 'merge docs-work');
  // An octopus: one branch touches web, the other docs.
  repo.git('checkout', '-q', '-b', 'web-work');
  oids.web = repo.commit('web change', { 'web/index.js': '2\n' });
  repo.git('checkout', '-q', '-b', 'docs-2', 'main');
  oids.docs2 = repo.commit('docs again', { 'docs/c.md': '1\n' });
  repo.git('checkout', '-q', 'main');
  oids.octopus = repo.merge(['web-work', 'docs-2'], 'octopus');
  const opened = await openRepository(repo.dir, 'git');
  try {
    range = await resolveRange(opened, { from: 'start', to: 'HEAD' });
  } finally {
    await opened.close();
  }
});

afterAll(() => repo.remove());

const revList = (...args: string[]) => repo.git('rev-list', ...args).split('\n').filter(Boolean);

/** git's answer: the range's non-merge commits touching a folder, and the merges bringing one into the main line. */
function gitKeeps(folder: string): string[] {
  const touching = new Set(revList('--no-merges', 'start..HEAD', '--', folder));
  const arrival = new Map<string, string>();
  for (const head of revList('--first-parent', 'start..HEAD')) for (const oid of revList(`${head}^1..${head}`, '^start')) arrival.set(oid, head);
  const kept = revList('--merges', 'start..HEAD').filter((merge) =>
    revList(`${merge}^1..${merge}`, '^start').some((oid) => touching.has(oid) && arrival.get(oid) === arrival.get(merge)),
  );
  return [...touching, ...kept].sort();
}

describe('merges under a scope', () => {
  it.each(['api', 'web', 'docs'])('%s: the same commits as git', (folder) => {
    expect(restrictRange(range, [folder]).commits.map((c) => c.oid).sort()).toEqual(gitKeeps(folder));
  });

  it('a merge is kept for what it brings into the main line, not for syncing a branch with it', () => {
    const api = restrictRange(range, ['api']).commits.map((c) => c.oid);
    expect(api).toContain(oids.mergeApi);
    // The sync merge brings the api change into docs-work, but main already had it: neither it nor merging docs-work is api work.
    expect(api).not.toContain(oids.syncMain);
    expect(api).not.toContain(oids.mergeDocs);
    expect(api).not.toContain(oids.octopus);
  });

  it('an octopus is kept by any of its merged branches', () => {
    expect(restrictRange(range, ['web']).commits.map((c) => c.oid)).toEqual(expect.arrayContaining([oids.web, oids.octopus]));
    expect(restrictRange(range, ['docs']).commits.map((c) => c.oid)).toEqual(expect.arrayContaining([oids.docs, oids.docs2, oids.mergeDocs, oids.octopus]));
  });

  it.each(['api', 'web', 'docs'])('%s: every commit kept lands in exactly one work item', async (folder) => {
    const scoped = restrictRange(range, [folder]);
    const { facts } = await commitsAnalyzer.analyze(scoped, { repo: undefined as never, paths: { ignore: [], include: [], scope: [folder] } });
    const inItems = facts.workItems!.flatMap((item) => [...(item.merge ? [item.merge] : []), ...item.commits]);
    expect(inItems.sort()).toEqual(scoped.commits.map((c) => c.oid).sort());
    expect(facts.commits!.map((c) => c.oid)).toEqual(scoped.commits.map((c) => c.oid));
  });

  it('keeps commits in git order and the whole range beside them', () => {
    const scoped = restrictRange(range, ['docs']);
    const order = range.commits.map((c) => c.oid);
    const positions = scoped.commits.map((c) => order.indexOf(c.oid));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(scoped.unscoped?.commits).toBe(range.commits);
    expect(restrictRange(range, [])).toBe(range);
  });
});
