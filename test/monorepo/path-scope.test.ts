/**
 * `--path` on a real npm-workspaces monorepo (test/fixtures/workspaces/npm-monorepo): every fact
 * is restricted to the folder: files, commits and work items, the dependency changes of the root
 * lockfile that the package declares or reaches, env, routes, tests, project and coverage.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facts } from '../../src/facts/schema.js';
import { collectFacts } from '../../src/run.js';
import { buildNpmMonorepo, FIXTURE, LCOV_V2, readTree, type NpmMonorepo } from './npm-monorepo.js';

let built: NpmMonorepo;
let whole: Facts;
let a: Facts;
let b: Facts;

const collect = (paths?: string[]) => collectFacts({ repo: built.repo.dir, from: 'v1', to: 'v2', engine: 'git', paths, lcov: [LCOV_V2] });

beforeAll(async () => {
  built = buildNpmMonorepo();
  [whole, a, b] = await Promise.all([collect(), collect(['packages/a']), collect(['./packages/b/'])]);
});

afterAll(() => built.repo.remove());

describe('the fixture repository', () => {
  it('ends at the v2 tree', () => {
    const files = built.repo.git('ls-tree', '-r', '--name-only', 'v2').trim().split('\n').sort();
    expect(files).toEqual(Object.keys(readTree(join(FIXTURE, 'v2'))).sort());
  });
});

describe('files and commits', () => {
  it('keeps the changes under the folder', () => {
    expect(whole.files.map((f) => f.path)).toEqual(expect.arrayContaining(['README.md', 'package-lock.json', 'packages/a/src/index.js', 'packages/b/src/routes/health.js']));
    expect(a.files.map((f) => [f.path, f.status])).toEqual([
      ['packages/a/package.json', 'modified'],
      ['packages/a/src/index.js', 'modified'],
    ]);
    expect(b.files.map((f) => [f.path, f.status, f.commits])).toEqual([
      ['packages/b/src/routes/health.js', 'added', 1],
      ['packages/b/src/server.js', 'modified', 1],
      ['packages/b/test/health.test.js', 'added', 1],
    ]);
    expect(a.summary).toMatchObject({ filesChanged: 2, filesByStatus: { added: 0, modified: 2, deleted: 0, renamed: 0, typechanged: 0 } });
  });

  it('keeps the commits that touched it, and the merge that brought them in', () => {
    const { upgrade, route, routeTest, merge, docs } = built.oids;
    expect(whole.commits.map((c) => c.oid).sort()).toEqual([upgrade, route, routeTest, merge, docs].sort());
    expect(a.commits.map((c) => c.oid)).toEqual([upgrade]);
    expect(b.commits.map((c) => c.oid).sort()).toEqual([route, routeTest, merge].sort());
    expect(b.summary).toMatchObject({ commits: 3, merges: 1, authors: 2 });
    expect(a.authors.map((x) => x.name)).toEqual(['Alice Example']);
  });

  it('keeps the work items with a commit in it, each with its own commits and files in it', () => {
    expect(whole.workItems).toHaveLength(3);
    expect(a.workItems.map((w) => [w.title, w.commits, w.files.map((f) => f.path)])).toEqual([
      ['feat(a): take is-odd 3, which reads numeric strings', [built.oids.upgrade], ['packages/a/package.json', 'packages/a/src/index.js']],
    ]);
    expect(b.workItems).toHaveLength(1);
    expect(b.workItems[0]).toMatchObject({ merge: built.oids.merge, commits: [built.oids.route, built.oids.routeTest] });
  });

  it('records the folders in the range facts', () => {
    expect(a.range.paths).toEqual(['packages/a']);
    expect(b.range.paths).toEqual(['packages/b']);
    expect(whole.range).not.toHaveProperty('paths');
  });
});

describe('dependencies of the root lockfile', () => {
  const changes = (facts: Facts) => facts.dependencies.map((d) => [d.name, d.change, d.from, d.to, d.direct, d.workspaces]);

  it('are the whole lockfile without --path', () => {
    expect(changes(whole)).toEqual([
      ['is-odd', 'upgraded', '2.0.0', '3.0.1', true, ['packages/a']],
      ['is-number', 'upgraded', '4.0.0', '6.0.0', false, []],
    ]);
  });

  it("are the package's own: what it declares, and what its dependencies pull in", () => {
    expect(changes(a)).toEqual(changes(whole));
    expect(a.dependencySummary?.lockfiles).toEqual(['package-lock.json']);
    expect(a.dependencySummary?.transitive.byChange.upgraded).toBe(1);
  });

  it("leave out another workspace's changes, even of a package this one depends on", () => {
    // b depends on @demo/a, but a's dependencies are a's report's.
    expect(b.dependencies).toEqual([]);
    expect(b.warnings.filter((w) => w.analyzer === 'dependencies')).toEqual([]);
  });
});

describe('code facts', () => {
  it('env: only the variables read inside the folder', () => {
    expect(whole.env.map((e) => e.name)).toEqual(expect.arrayContaining(['A_DEBUG', 'C_PAD_WIDTH', 'HEALTH_TOKEN', 'NPM_TOKEN', 'PORT']));
    expect(b.env.map((e) => [e.name, e.change]).sort()).toEqual([
      ['HEALTH_TOKEN', 'added'],
      ['PORT', 'unchanged'],
    ]);
    expect(a.env.map((e) => [e.name, e.change])).toEqual([['A_DEBUG', 'unchanged']]);
  });

  it("routes: only the package's", () => {
    expect(whole.routes.map((r) => `${r.method} ${r.path} ${r.change}`).sort()).toEqual(['GET /health added', 'GET /parity/:n unchanged', 'GET /status unchanged']);
    expect(b.routes.map((r) => `${r.method} ${r.path} ${r.change}`).sort()).toEqual(['GET /health added', 'GET /parity/:n unchanged']);
    expect(a.routes).toEqual([]);
  });

  it('tests: only the test files under the folder', () => {
    expect(b.tests?.files.map((f) => [f.path, f.change, f.casesAdded])).toEqual([['packages/b/test/health.test.js', 'added', ['GET /health']]]);
    expect(a.tests?.files).toEqual([]);
  });

  it('project: the package at TO, named by its own manifest', () => {
    expect(whole.project).toMatchObject({ name: 'demo-monorepo', version: '1.0.0' });
    expect(a.project).toMatchObject({ name: '@demo/a', version: '1.1.0', description: 'Tells odd numbers from even ones' });
    expect(a.project?.manifests.map((m) => m.path)).toEqual(['packages/a/package.json']);
    expect(b.project?.dependencies.map((d) => d.name)).toEqual(['@demo/a', 'hono']);
    expect(b.project?.directories.map((d) => d.path)).toEqual(['packages', 'packages/b']);
  });
});

describe('coverage', () => {
  it('totals, files and patch over the files in the folder only', () => {
    // c8 measured every package's sources; c was never loaded by a test.
    expect(whole.coverage?.totals.lines).toEqual({ found: 37, hit: 31, percent: 83.78 });
    expect(a.coverage?.totals.lines).toEqual({ found: 11, hit: 11, percent: 100 });
    expect(b.coverage?.totals.lines).toEqual({ found: 20, hit: 20, percent: 100 });
    expect(b.coverage?.files.map((f) => f.path)).toEqual(['packages/b/src/routes/health.js', 'packages/b/src/server.js']);
    expect(b.coverage?.patch.files.map((f) => f.path)).toEqual(['packages/b/src/routes/health.js', 'packages/b/src/server.js']);
  });
});

describe('a folder nothing in the range touched', () => {
  it('has no commits and no changes, and still its inventory at TO', async () => {
    const c = await collect(['packages/c']);
    expect(c.commits).toEqual([]);
    expect(c.files).toEqual([]);
    expect(c.workItems).toEqual([]);
    expect(c.dependencies).toEqual([]);
    expect(c.routes.map((r) => `${r.method} ${r.path} ${r.change}`)).toEqual(['GET /status unchanged']);
    expect(c.project?.name).toBe('@demo/c');
  });
});

describe('several folders', () => {
  it('are one scope: the union, a folder inside another one given dropped', async () => {
    const ab = await collect(['packages/b', 'packages/a', 'packages/b/src']);
    expect(ab.range.paths).toEqual(['packages/a', 'packages/b']);
    expect(ab.files.map((f) => f.path)).toEqual([...a.files, ...b.files].map((f) => f.path));
    expect(ab.commits).toHaveLength(4);
  });

  it('`.` is the whole repository', async () => {
    const root = await collect(['.']);
    expect(root.files).toEqual(whole.files);
    expect(root.range).not.toHaveProperty('paths');
  });
});

describe('the two engines', () => {
  it('give the same scoped facts', async () => {
    const isomorphic = await collectFacts({ repo: built.repo.dir, from: 'v1', to: 'v2', engine: 'isomorphic', paths: ['packages/b'], lcov: [LCOV_V2] });
    expect(isomorphic).toEqual(b);
  });
});
