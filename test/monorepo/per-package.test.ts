/**
 * `--per-package` on the real npm-workspaces fixture: one report per package that changed (a and
 * b, not c), each scoped to its folder, and the index that links them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { draftPerPackage, reportFileNames, type PerPackageDrafts } from '../../src/monorepo/per-package.js';
import { draft } from '../../src/run.js';
import { TestRepo } from '../helpers/repo-builder.js';
import { buildNpmMonorepo, type NpmMonorepo } from './npm-monorepo.js';

let built: NpmMonorepo;
let drafts: PerPackageDrafts;

beforeAll(async () => {
  built = buildNpmMonorepo();
  drafts = await draftPerPackage({ repo: built.repo.dir, from: 'v1', to: 'v2', engine: 'git' });
});

afterAll(() => built.repo.remove());

describe('per-package drafts', () => {
  it('are exactly the packages that changed, in folder order, named after the packages', () => {
    expect(drafts.reports.map((r) => [r.package.name, r.package.path, r.file])).toEqual([
      ['@demo/a', 'packages/a', 'demo-a.md'],
      ['@demo/b', 'packages/b', 'demo-b.md'],
    ]);
    expect(drafts.unchanged).toEqual([{ name: '@demo/c', path: 'packages/c' }]);
  });

  it('each is the report `--path <folder>` drafts, byte for byte', async () => {
    for (const report of drafts.reports) {
      expect(report.draft.facts.range.paths).toEqual([report.package.path]);
      const alone = await draft({ repo: built.repo.dir, from: 'v1', to: 'v2', engine: 'git', paths: [report.package.path], vars: { package: { name: report.package.name, path: report.package.path } } });
      expect(report.draft.text).toBe(alone.text);
    }
    expect(drafts.reports[0]!.draft.facts.files.map((f) => f.path)).toEqual(['packages/a/package.json', 'packages/a/src/index.js']);
  });

  it('come with an index that lists and links them', () => {
    expect(drafts.index.file).toBe('index.md');
    expect(drafts.index.text).toBe(
      [
        '# Workspace packages changed from v1 to v2',
        '',
        `2 of 3 workspace packages changed from \`v1\` (\`${built.repo.revParse('v1').slice(0, 12)}\`) to \`v2\` (\`${built.repo.revParse('v2').slice(0, 12)}\`).`,
        '',
        '| package | folder | commits | files changed | report |',
        '| --- | --- | ---: | ---: | --- |',
        '| @demo/a | `packages/a` | 1 | 2 | [demo-a.md](demo-a.md) |',
        '| @demo/b | `packages/b` | 3 | 3 | [demo-b.md](demo-b.md) |',
        '',
        'Unchanged: @demo/c (`packages/c`).',
        '',
        '2 files changed outside the package folders (the repository root, shared configuration); the report of the whole repository covers them.',
        '',
      ].join('\n'),
    );
  });

  it('re-draft into the reports they are given, keeping what people wrote', async () => {
    const [first] = drafts.reports;
    const edited = first!.draft.text.replace(/(<!-- impl-draft:narrative [^>]*-->\n)/, '$1The upgrade was for numeric strings.\n');
    expect(edited).not.toBe(first!.draft.text);
    const again = await draftPerPackage({ repo: built.repo.dir, from: 'v1', to: 'v2', engine: 'git', existing: (file) => (file === first!.file ? edited : null) });
    expect(again.reports[0]!.draft.text).toContain('The upgrade was for numeric strings.');
    expect(again.reports[1]!.draft.text).toBe(drafts.reports[1]!.draft.text);
  });
});

describe('report file names', () => {
  it('make package names safe and unique, even by case, and keep clear of the index', () => {
    const names = ['@acme/ui', 'acme-ui', 'ACME/UI', 'index', 'weird name!', '@@/..'].map((name, i) => ({ name, path: `p/${i}` }));
    expect(reportFileNames(names)).toEqual(['acme-ui.md', 'acme-ui-2.md', 'ACME-UI-3.md', 'index-2.md', 'weird-name.md', 'package.md']);
  });
});

describe('a repository without workspaces', () => {
  it('is a usage error that points at --path', async () => {
    const repo = new TestRepo();
    try {
      repo.commit('one', { 'package.json': '{ "name": "single" }\n', 'src/a.js': '1\n' });
      repo.tag('v1');
      repo.commit('two', { 'src/a.js': '2\n' });
      const run = draftPerPackage({ repo: repo.dir, from: 'v1', to: 'HEAD', engine: 'git' });
      await expect(run).rejects.toBeInstanceOf(UsageError);
      await expect(run).rejects.toThrow('--per-package: no workspace packages at TO (no "workspaces" in package.json, no pnpm-workspace.yaml); use --path DIR to report on one folder');
    } finally {
      repo.remove();
    }
  });
});
