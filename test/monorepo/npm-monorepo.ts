/**
 * A git repository built from test/fixtures/workspaces/npm-monorepo: v1 committed and tagged, then
 * v2 in the commits a team would make (package a's upgrade, package b's health check on a merged
 * branch, a root README edit), tagged v2. Package c does not change.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOB, TestRepo } from '../helpers/repo-builder.js';

export const FIXTURE = fileURLToPath(new URL('../fixtures/workspaces/npm-monorepo/', import.meta.url));
/** c8's lcov of v2, paths from the repository root. */
export const LCOV_V2 = join(FIXTURE, 'lcov-v2.info');

/** Every file below a folder, by path relative to it. */
export function readTree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(join(folder, relative)).sort()) {
      const path = relative ? `${relative}/${name}` : name;
      if (statSync(join(folder, path)).isDirectory()) walk(path);
      else files[path] = readFileSync(join(folder, path), 'utf8');
    }
  };
  walk('');
  return files;
}

/** The v2 files among `paths`. */
function v2(paths: string[]): Record<string, string> {
  const tree = readTree(join(FIXTURE, 'v2'));
  return Object.fromEntries(paths.map((path) => [path, tree[path]!]));
}

export interface NpmMonorepo {
  repo: TestRepo;
  /** Commit ids by step. */
  oids: { upgrade: string; route: string; routeTest: string; merge: string; docs: string };
}

export function buildNpmMonorepo(): NpmMonorepo {
  const repo = new TestRepo();
  repo.commit('chore: demo monorepo with three workspace packages', readTree(join(FIXTURE, 'v1')));
  repo.tag('v1');
  const upgrade = repo.commit('feat(a): take is-odd 3, which reads numeric strings', v2(['packages/a/package.json', 'packages/a/src/index.js', 'package-lock.json']));
  repo.git('checkout', '-q', '-b', 'health');
  const route = repo.commit('feat(b): add a health check route', v2(['packages/b/src/routes/health.js', 'packages/b/src/server.js']), { author: BOB });
  const routeTest = repo.commit('test(b): cover the health check', v2(['packages/b/test/health.test.js']), { author: BOB });
  repo.git('checkout', '-q', 'main');
  const merge = repo.merge(['health'], "Merge branch 'health'");
  const docs = repo.commit('docs: mention the health check', v2(['README.md']));
  repo.tag('v2');
  return { repo, oids: { upgrade, route, routeTest, merge, docs } };
}
