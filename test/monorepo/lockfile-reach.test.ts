/**
 * `--path` and a lockfile shared by workspaces: which workspace reaches each pinned version
 * (LockfileContents.reachedFrom), read from the real lockfiles npm, yarn and pnpm wrote
 * (test/fixtures/lockfiles/js), and the dependency changes a scoped run then keeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dependenciesAnalyzer, lockfileFormatOf } from '../../analyzers/dependencies/index.js';
import { packageKey } from '../../analyzers/dependencies/model.js';
import { openRepository } from '../../src/git/open.js';
import { restrictRange } from '../../src/monorepo/scope.js';
import { resolveRange } from '../../src/range.js';
import { TestRepo } from '../helpers/repo-builder.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/lockfiles/js/', import.meta.url));

interface Case {
  case: string;
  lockfile: string;
  files: { before: string[]; after: string[] };
}

const CASES: Case[] = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')).cases;
const byName = (name: string) => CASES.find((c) => c.case === name)!;

/** A fixture's lockfile at one side, read by its format with the files beside it. */
async function parse(fixture: Case, side: 'before' | 'after') {
  const folder = join(FIXTURES, fixture.case, side);
  const format = lockfileFormatOf(fixture.lockfile)!;
  return format.parse({
    path: fixture.lockfile,
    text: readFileSync(join(folder, fixture.lockfile), 'utf8'),
    read: async (path) => (fixture.files[side].includes(path) ? readFileSync(join(folder, path), 'utf8') : null),
    listPaths: async () => fixture.files[side],
  });
}

const sorted = (reach: Map<string, string[]> | undefined) => Object.fromEntries([...(reach ?? [])].map(([key, workspaces]) => [key, [...workspaces].sort()]).sort(([a], [b]) => (a! < b! ? -1 : 1)));

describe('the workspaces that reach each pinned version', () => {
  // Root: is-plain-obj. a: ms 2.1.2, picocolors. b: debug (which pulls ms 2.1.3), kleur, and a by a link.
  const expected = {
    [packageKey('debug', '4.4.1')]: ['packages/b'],
    [packageKey('is-plain-obj', '4.1.0')]: ['.'],
    [packageKey('kleur', '4.1.5')]: ['packages/b'],
    [packageKey('ms', '2.1.2')]: ['packages/a'],
    [packageKey('ms', '2.1.3')]: ['packages/b'],
    [packageKey('picocolors', '1.1.1')]: ['packages/a'],
  };

  it.each(['npm-11-workspaces', 'yarn-1-workspaces', 'yarn-4-workspaces', 'pnpm-9-workspaces'])('%s: follows the graph, not into another workspace', async (name) => {
    const contents = await parse(byName(name), 'after');
    expect(sorted(contents.reachedFrom)).toEqual(expected);
  });

  it.each(['npm-10-v3', 'npm-11-v3', 'npm-v2', 'yarn-1', 'yarn-4', 'yarn-4-patch', 'pnpm-7', 'pnpm-8', 'pnpm-9', 'pnpm-10', 'pnpm-12', 'pnpm-12-multidoc'])(
    '%s: a single project reaches every version it pins',
    async (name) => {
      for (const side of ['before', 'after'] as const) {
        const contents = await parse(byName(name), side);
        const unreached = contents.packages.filter((p) => !contents.reachedFrom?.get(packageKey(p.name, p.version))?.includes('.'));
        expect(unreached).toEqual([]);
      }
    },
  );

  it('bun: the graph is not read', async () => {
    expect((await parse(byName('bun-workspaces'), 'after')).reachedFrom).toBeUndefined();
  });
});

/** The dependency facts of a fixture replayed as two commits, with --path. */
async function scopedChanges(fixture: Case, scope: string[]) {
  const repo = new TestRepo();
  try {
    const files = (side: 'before' | 'after') => Object.fromEntries(fixture.files[side].map((path) => [path, readFileSync(join(FIXTURES, fixture.case, side, path))]));
    repo.commit('before', files('before'));
    repo.tag('before');
    repo.commit('after', files('after'));
    const opened = await openRepository(repo.dir, 'git');
    try {
      const range = restrictRange(await resolveRange(opened, { from: 'before', to: 'HEAD' }), scope);
      const result = await dependenciesAnalyzer.analyze(range, { repo: opened, paths: { ignore: [], include: [], scope } });
      return { changes: result.facts.dependencies!.map((d) => `${d.name} ${d.change} ${d.from ?? '-'} ${d.to ?? '-'}${d.direct ? ' direct' : ''}`), lockfiles: result.facts.dependencySummary!.lockfiles, warnings: result.warnings };
    } finally {
      await opened.close();
    }
  } finally {
    repo.remove();
  }
}

describe('a scoped run over a shared lockfile', () => {
  it.each(['npm-11-workspaces', 'yarn-1-workspaces', 'yarn-4-workspaces', 'pnpm-9-workspaces'])('%s: each workspace gets its own changes', async (name) => {
    const fixture = byName(name);
    expect(await scopedChanges(fixture, ['packages/a'])).toEqual({ changes: ['picocolors upgraded 1.0.0 1.1.1 direct'], lockfiles: [fixture.lockfile], warnings: [] });
    expect(await scopedChanges(fixture, ['packages/b'])).toEqual({ changes: ['kleur added - 4.1.5 direct'], lockfiles: [fixture.lockfile], warnings: [] });
  });

  it('bun: the direct changes, and a warning for what cannot be told apart', async () => {
    const { changes, warnings } = await scopedChanges(byName('bun-workspaces'), ['packages/a']);
    expect(changes).toEqual(['picocolors upgraded 1.0.0 1.1.1 direct']);
    expect(warnings.map((w) => w.message)).toEqual([
      'bun.lock is shared with workspaces outside --path packages/a, and its dependency graph is not read for this format: 1 change that no workspace inside declares is left out, since they cannot be told apart by workspace. The direct changes of the workspaces inside are reported.',
    ]);
  });
});
