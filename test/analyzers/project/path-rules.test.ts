/** Which folders are the project's, and the tree order every list uses. */
import { describe, expect, it } from 'vitest';
import { compareByDepth, comparePaths, pathRules } from '../../../analyzers/project/path-rules.js';

describe('pathRules', () => {
  const rules = pathRules(['packages/cli']);

  it.each([
    ['node_modules/express/package.json', true],
    ['packages/cli/node_modules/x/index.js', true],
    ['vendor/github.com/pkg/errors/errors.go', true],
    ['.venv/lib/site.py', true],
    ['.yarn/releases/yarn.cjs', true],
    ['.github/workflows/ci.yml', false],
    ['dist/index.js', true],
    ['packages/cli/dist/index.js', true],
    ['packages/cli/src/commands/build/index.ts', false],
    ['packages/other/dist/index.js', false],
    ['.eslintrc.js', false],
    ['src/app.ts', false],
  ])('%s is excluded: %s', (path, excluded) => {
    expect(rules.isExcluded(path)).toBe(excluded);
  });

  it.each([
    ['test/fixtures/app/package.json', true],
    ['src/__fixtures__/input.ts', true],
    ['internal/store/testdata/seed.sql', true],
    ['examples/basic/package.json', true],
    ['src/__snapshots__/app.test.ts.snap', true],
    ['test/app.test.ts', false],
    ['src/fixtures.ts', false],
  ])('%s is sample code: %s', (path, sample) => {
    expect(rules.isSampleCode(path)).toBe(sample);
  });

  describe("with the user's --ignore and --include globs", () => {
    const chosen = pathRules([], { ignore: ['legacy/**', 'src/generated', '**/*.gen.ts'], include: ['vendor/acme/**', 'examples', 'legacy/keep.js'] });

    it('excludes what --ignore matches, a bare folder meaning everything below it', () => {
      expect(chosen.isExcluded('legacy/old.js')).toBe(true);
      expect(chosen.isExcluded('src/generated/api.ts')).toBe(true);
      expect(chosen.isExcluded('src/client/routes.gen.ts')).toBe(true);
      expect(chosen.isExcluded('src/generated-by-hand.ts')).toBe(false);
      expect(chosen.isProjectSource('src/app.ts')).toBe(true);
    });

    it('reads what --include matches inside folders skipped by default, and nothing more', () => {
      expect(chosen.isProjectSource('vendor/acme/client.go')).toBe(true);
      expect(chosen.isExcluded('vendor/other/x.go')).toBe(true);
      expect(chosen.isProjectSource('examples/basic/app.js')).toBe(true);
      expect(chosen.isSampleCode('test/fixtures/app.js')).toBe(true);
    });

    it('lets --ignore win where both match', () => {
      expect(chosen.isExcluded('legacy/keep.js')).toBe(true);
    });
  });
});

describe('path order', () => {
  it('sorts in tree order, children right after their folder', () => {
    expect(['src-b', 'src/a/x', 'src', 'src/a', 'package.json', 'packages/a'].sort(comparePaths)).toEqual(['package.json', 'packages/a', 'src', 'src/a', 'src/a/x', 'src-b']);
  });

  it('puts the root first when choosing between manifests', () => {
    expect(['packages/a/package.json', 'apps/web/package.json', 'package.json'].sort(compareByDepth)).toEqual(['package.json', 'apps/web/package.json', 'packages/a/package.json']);
  });
});
