/**
 * Listing workspace packages: npm's and yarn's package.json `workspaces` (array and object form),
 * pnpm-workspace.yaml, negated globs; names from each package's package.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { openRepository } from '../../src/git/open.js';
import { changedPackages, listWorkspacePackages, matchWorkspaceFolders, workspaceGlobs, type WorkspacePackage } from '../../src/monorepo/workspaces.js';
import type { TreeChange } from '../../src/git/types.js';
import { TestRepo } from '../helpers/repo-builder.js';
import { buildNpmMonorepo, type NpmMonorepo } from './npm-monorepo.js';

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

const TREE = [
  'package.json',
  'apps/web/package.json',
  'apps/web/src/index.ts',
  'apps/docs/package.json',
  'packages/ui/package.json',
  'packages/ui/node_modules/dep/package.json',
  'packages/internal/tools/package.json',
  'packages/legacy/package.json',
  'packages/notes/README.md',
  'tools/lint/package.json',
];

describe('workspace globs', () => {
  it('npm: an array in package.json', () => {
    expect(workspaceGlobs({ packageJson: json({ workspaces: ['apps/*', 'packages/*'] }), pnpmWorkspace: null })).toEqual(['apps/*', 'packages/*']);
  });

  it('yarn: the object form with `packages` (and `nohoist` ignored)', () => {
    expect(workspaceGlobs({ packageJson: json({ workspaces: { packages: ['apps/*'], nohoist: ['**/react-native'] } }), pnpmWorkspace: null })).toEqual(['apps/*']);
  });

  it('pnpm: `packages` in pnpm-workspace.yaml, with package.json as well', () => {
    const pnpmWorkspace = "packages:\n  - 'packages/**'\n  - '!**/internal/**'\ncatalog:\n  react: ^18.3.1\n";
    expect(workspaceGlobs({ packageJson: json({ name: 'root', private: true }), pnpmWorkspace })).toEqual(['packages/**', '!**/internal/**']);
  });

  it('none declared: no globs', () => {
    expect(workspaceGlobs({ packageJson: json({ name: 'single' }), pnpmWorkspace: null })).toEqual([]);
    expect(workspaceGlobs({ packageJson: null, pnpmWorkspace: null })).toEqual([]);
  });

  it('an unreadable root file is a usage error naming it', () => {
    expect(() => workspaceGlobs({ packageJson: '{ "workspaces": [', pnpmWorkspace: null })).toThrow(UsageError);
    expect(() => workspaceGlobs({ packageJson: '{ "workspaces": [', pnpmWorkspace: null })).toThrow(/^package\.json at TO is not valid JSON/);
    expect(() => workspaceGlobs({ packageJson: null, pnpmWorkspace: 'packages: [a\n' })).toThrow(/^pnpm-workspace\.yaml at TO is not valid YAML/);
  });
});

describe('matching folders', () => {
  it('takes the folders with a package.json that a glob matches, never inside node_modules, in tree order', () => {
    expect(matchWorkspaceFolders(['packages/*', './apps/*/'], TREE)).toEqual(['apps/docs', 'apps/web', 'packages/legacy', 'packages/ui']);
  });

  it('`**` reaches deeper folders', () => {
    expect(matchWorkspaceFolders(['packages/**'], TREE)).toEqual(['packages/internal/tools', 'packages/legacy', 'packages/ui']);
  });

  it('honours negations wherever they stand', () => {
    expect(matchWorkspaceFolders(['!packages/legacy', 'packages/**', '!**/internal/**'], TREE)).toEqual(['packages/ui']);
  });

  it('names a folder directly', () => {
    expect(matchWorkspaceFolders(['tools/lint', 'apps/web'], TREE)).toEqual(['apps/web', 'tools/lint']);
  });

  it('never the root itself', () => {
    expect(matchWorkspaceFolders(['.', '*'], [...TREE, 'tools/package.json'])).toEqual(['tools']);
  });
});

describe('changed packages', () => {
  const packages: WorkspacePackage[] = [
    { name: 'a', path: 'packages/a' },
    { name: 'ab', path: 'packages/ab' },
    { name: 'b', path: 'packages/b' },
  ];
  const change = (path: string, oldPath?: string) => ({ path, ...(oldPath ? { oldPath } : {}) }) as TreeChange;

  it('are those with a change in their folder, by whole folder names', () => {
    expect(changedPackages(packages, [change('packages/ab/index.js'), change('README.md')]).map((p) => p.name)).toEqual(['ab']);
  });

  it('count both sides of a rename', () => {
    expect(changedPackages(packages, [change('packages/b/x.js', 'packages/a/x.js')]).map((p) => p.name)).toEqual(['a', 'b']);
  });
});

describe('at a commit of a real repository', () => {
  let built: NpmMonorepo;
  let pnpm: TestRepo;

  beforeAll(() => {
    built = buildNpmMonorepo();
    pnpm = new TestRepo();
    pnpm.commit('pnpm workspace', {
      'package.json': json({ name: 'root', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'packages/*'\n  - '!packages/scratch'\n",
      'apps/site/package.json': json({ name: 'site' }),
      'packages/kit/package.json': json({ version: '0.0.0' }),
      'packages/scratch/package.json': json({ name: 'scratch' }),
      'packages/broken/package.json': '{ not json',
    });
  });

  afterAll(() => {
    built.repo.remove();
    pnpm.remove();
  });

  const list = async (dir: string, rev: string) => {
    const repo = await openRepository(dir, 'git');
    try {
      return await listWorkspacePackages(repo, await repo.resolveCommit(rev));
    } finally {
      await repo.close();
    }
  };

  it('npm workspaces: names from each package.json', async () => {
    expect(await list(built.repo.dir, 'v2')).toEqual([
      { name: '@demo/a', path: 'packages/a' },
      { name: '@demo/b', path: 'packages/b' },
      { name: '@demo/c', path: 'packages/c' },
    ]);
  });

  it('pnpm workspaces: a package without a name, or with an unreadable package.json, is named by its folder', async () => {
    expect(await list(pnpm.dir, 'HEAD')).toEqual([
      { name: 'site', path: 'apps/site' },
      { name: 'packages/broken', path: 'packages/broken' },
      { name: 'packages/kit', path: 'packages/kit' },
    ]);
  });
});
