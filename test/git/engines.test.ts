/**
 * Both engines against git itself, on the same real repositories, loose and packed: revisions,
 * range commits with their line counts, merge bases, tree diffs with renames, and the nearest tag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/git/open.js';
import type { Repository } from '../../src/git/repository.js';
import type { EngineName } from '../../src/git/types.js';
import { gitDescribe, gitDiff, gitLogNumstat, gitLogPaths, gitMergeBase, gitRevList } from '../helpers/git-oracle.js';
import { buildScenario, type Scenario } from '../helpers/scenarios.js';

const REVISIONS = ['HEAD', '@', 'HEAD~1', 'HEAD~3', 'HEAD^', 'HEAD~3^2', 'HEAD~3^3', 'v1.1.0^2', 'v1.0.0', 'v1.0.0^{commit}', 'v1.0.0^0', 'v1.1.0', 'main', 'feature/helpers', 'feature/helpers~1', 'origin/main', 'refs/heads/b1', 'b2^{}'];

const layouts = ['loose', 'packed'] as const;
const engines: EngineName[] = ['git', 'isomorphic'];

describe.each(layouts)('engines on a %s repository', (layout) => {
  let scenario: Scenario;
  const repos = {} as Record<EngineName, Repository>;

  beforeAll(async () => {
    scenario = buildScenario();
    if (layout === 'packed') scenario.repo.gc();
    for (const engine of engines) repos[engine] = await openRepository(scenario.repo.dir, engine);
  });
  afterAll(async () => {
    for (const engine of engines) await repos[engine]?.close();
    scenario.repo.remove();
  });

  it.each(engines)('%s resolves every revision form as git rev-parse does', async (engine) => {
    const { repo, points } = scenario;
    const revisions = [...REVISIONS, points.root, points.mergePr.slice(0, 7), points.octopus.slice(0, 10)];
    for (const rev of revisions) expect([rev, await repos[engine].resolveCommit(rev)]).toEqual([rev, repo.revParse(rev)]);
  });

  const ranges: Array<[string, (s: Scenario) => [string | null, string]]> = [
    ['a release range', (s) => [s.points.v1, s.points.v11]],
    ['the whole history', (s) => [null, s.points.head]],
    ['a range over the skewed clock', (s) => [s.points.mergePr, s.points.head]],
    ['a branch whose FROM is not an ancestor', (s) => [s.points.featureTip, s.points.head]],
    ['main against the feature branch', (s) => [s.points.head, s.points.featureTip]],
  ];

  describe.each(ranges)('%s', (_name, pick) => {
    it.each(engines)('%s lists the commits of git rev-list, in order, with git log --numstat counts and --name-status paths', async (engine) => {
      const [from, to] = pick(scenario);
      const exclude = from ? [from] : [];
      const commits = await repos[engine].listRangeCommits(to, exclude);
      expect(commits.map((c) => c.oid)).toEqual(gitRevList(scenario.repo, to, exclude));
      const numstat = gitLogNumstat(scenario.repo, to, exclude);
      const paths = gitLogPaths(scenario.repo, to, exclude);
      for (const commit of commits) {
        const expected = numstat.get(commit.oid);
        expect([commit.oid, commit.additions, commit.deletions]).toEqual([commit.oid, expected?.[0] ?? null, expected?.[1] ?? null]);
        expect([commit.oid, commit.paths]).toEqual([commit.oid, paths.get(commit.oid)]);
      }
      expect(commits.filter((c) => c.parents.length === 1).every((c) => c.paths.length > 0)).toBe(true);
    });

    it.each(engines)('%s finds the merge base and the file diff git finds', async (engine) => {
      const [from, to] = pick(scenario);
      const base = from ? await repos[engine].mergeBase(from, to) : null;
      expect(base).toEqual(from ? gitMergeBase(scenario.repo, from, to) : null);
      const changes = await repos[engine].diffCommits(base, to);
      const oracle = gitDiff(scenario.repo, base, to);
      const sortByPath = <T extends { path: string }>(list: T[]) => [...list].sort((a, b) => (a.path < b.path ? -1 : 1));
      expect(sortByPath(changes.map((c) => ({ path: c.path, oldPath: c.oldPath, status: c.status, similarity: c.similarity, additions: c.additions, deletions: c.deletions }))))
        .toEqual(sortByPath(oracle.map((o) => ({ path: o.path, oldPath: o.oldPath, status: o.status, similarity: o.similarity, additions: o.additions, deletions: o.deletions }))));
    });
  });

  it.each(engines)('%s picks the tag git describe --tags --abbrev=0 picks', async (engine) => {
    const { repo, points } = scenario;
    for (const point of Object.values(points)) {
      expect([point, await repos[engine].nearestTag(point)]).toEqual([point, gitDescribe(repo, point)]);
    }
  });

  it.each(engines)('%s lists a commit\'s files as git ls-tree -r does', async (engine) => {
    const { repo, points } = scenario;
    for (const point of [points.root, points.mergePr, points.head]) {
      const oracle = repo.git('-c', 'core.quotePath=false', 'ls-tree', '-r', '-z', point).split('\0').filter(Boolean).map((line) => {
        const [info, path] = line.split('\t');
        const [mode, , oid] = info!.split(' ');
        return { path, oid, mode };
      });
      expect(await repos[engine].listFiles(point)).toEqual(oracle);
    }
  });

  it.each(engines)('%s names the tags at a commit as git tag --points-at does', async (engine) => {
    const { repo, points } = scenario;
    for (const point of Object.values(points)) {
      const oracle = repo.git('tag', '--points-at', point).split('\n').filter(Boolean).sort();
      expect([point, await repos[engine].tagsAt(point)]).toEqual([point, oracle]);
    }
  });

  it.each(engines)('%s tells ancestry as git merge-base --is-ancestor does', async (engine) => {
    const { repo, points } = scenario;
    const all = Object.values(points);
    for (const a of all) {
      for (const b of all) {
        let oracle = true;
        try {
          repo.git('merge-base', '--is-ancestor', a, b);
        } catch {
          oracle = false;
        }
        expect([a, b, await repos[engine].isAncestor(a, b)]).toEqual([a, b, oracle]);
      }
    }
  });

  it.each(engines)('%s names the branch a revision is on', async (engine) => {
    const { points } = scenario;
    const repository = repos[engine];
    expect(await repository.branchOf('feature/helpers', points.featureTip)).toBe('feature/helpers');
    expect(await repository.branchOf('HEAD', points.head)).toBe('main');
    expect(await repository.branchOf('origin/main', points.v11)).toBe('origin/main');
    // A tag of a commit on main (the tag name wins over any branch lookup).
    expect(await repository.branchOf('v1.1.0', points.v11)).toBe('main');
    // b1's tip is its only commit: a branch whose tip is the commit beats containment in main.
    const b1 = await repository.resolveCommit('b1');
    expect(await repository.branchOf(b1, b1)).toBe('b1');
  });

  it('both engines give identical range facts', async () => {
    const { points } = scenario;
    const [native, embedded] = await Promise.all(engines.map((engine) => repos[engine].listRangeCommits(points.head, [points.v1])));
    expect(embedded).toEqual(native);
    const [nativeDiff, embeddedDiff] = await Promise.all(engines.map((engine) => repos[engine].diffCommits(points.v1, points.head)));
    expect(embeddedDiff).toEqual(nativeDiff);
  });
});
