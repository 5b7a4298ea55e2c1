/**
 * The native engine against the plain git commands it stands for (rev-list, log --numstat,
 * diff --name-status / --numstat -M, ls-tree, for-each-ref, rev-parse, merge-base), on real
 * repositories built with the git executable.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptObjectError, GitExecutableError, NotAGitRepositoryError, UsageError } from '../../../src/errors.js';
import { parseCommitObject } from '../../../src/git/commit-object.js';
import { gitFailure } from '../../../src/git/native/git-runner.js';
import { hasGitExecutable, openNativeBackend } from '../../../src/git/native/index.js';
import type { GitBackend, TreeChange } from '../../../src/git/types.js';
import { gitLogNumstat, gitLogPaths, gitMergeBase, gitRevList, type OracleFile } from '../../helpers/git-oracle.js';
import { TestRepo } from '../../helpers/repo-builder.js';

const MAIN = join(import.meta.dirname, '..', '..', '..');

function lines(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `${prefix} line ${i + 1}`).join('\n') + '\n';
}

/** Adds or moves a submodule (gitlink) entry without a real submodule; the empty directory keeps `git add -A` from dropping it. */
function setGitlink(repo: TestRepo, path: string, oid: string): void {
  repo.git('update-index', '--add', '--cacheinfo', `160000,${oid},${path}`);
  mkdirSync(join(repo.dir, path), { recursive: true });
}

interface Rich {
  repo: TestRepo;
  points: Record<'root' | 'second' | 'third' | 'featureTip' | 'merge' | 'octopus' | 'bump' | 'empty' | 'head' | 'unrelated', string>;
}

/**
 * Every kind of entry and change: renames with edits, an exact rename, binary files, symlinks, a
 * gitlink (added, moved to another commit), an executable bit, file→symlink→file type changes,
 * paths with tabs, newlines, a leading dash or colon, a merge, an octopus merge, an empty commit,
 * annotated and lightweight tags, a symbolic ref and an unrelated root commit.
 */
function buildRich(): Rich {
  const repo = new TestRepo();
  const root = repo.commit('root commit', {
    'a.txt': lines('a', 10),
    'big.txt': lines('big', 30),
    'bin.dat': Buffer.from([0, 1, 2, 3, 0, 5, 10, 10]),
    'script.sh': '#!/bin/sh\necho hi\n',
    link: { symlink: 'a.txt' },
    'dir/x.txt': 'x\n',
    'dir/ü ñ.txt': 'unicode\n',
    'tab\tname.txt': 'tab\n',
    'line\nbreak.txt': 'newline\n',
    '-dash.txt': 'dash\n',
    ':colon.txt': 'colon\n',
    'no-newline.txt': 'no newline',
  });
  repo.tag('v0', { annotated: true, message: 'the root' });
  repo.write({ 'big.txt': null, ':colon.txt': null, 'script.sh': { content: '#!/bin/sh\necho hi\n', executable: true } });
  const second = repo.commit('rename with edits, exact rename, exec bit, binary change', {
    'moved/big.txt': lines('big', 28) + 'changed\n',
    'commit 0000000000000000000000000000000000000000.txt': 'colon\n',
    'bin.dat': Buffer.from([0, 9, 9, 10]),
  });
  repo.tag('light');
  repo.write({ 'dir/x.txt': { symlink: '../a.txt' } });
  setGitlink(repo, 'vendor/sub', root);
  const third = repo.commit('file becomes a symlink; add a submodule');
  repo.tag('v1', { annotated: true, message: 'release 1' });

  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('feature 1', { 'feature.txt': lines('feature', 5) });
  const featureTip = repo.commit('feature 2', { 'a.txt': lines('a', 10).replace('a line 2\n', 'A LINE 2\n') });
  repo.git('checkout', '-q', 'main');
  repo.commit('main change', { 'a.txt': lines('a', 10).replace('a line 9\n', 'A LINE 9\n') });
  const merge = repo.merge(['feature'], 'merge feature');
  for (const leg of ['o1', 'o2', 'o3']) {
    repo.git('checkout', '-q', '-b', leg, 'main');
    repo.commit(`leg ${leg}`, { [`${leg}.txt`]: `${leg}\n` });
  }
  repo.git('checkout', '-q', 'main');
  const octopus = repo.merge(['o1', 'o2', 'o3'], 'octopus merge');
  setGitlink(repo, 'vendor/sub', second);
  const bump = repo.commit('move the submodule, drop the link', { link: null });
  const empty = repo.commit('an empty commit');
  const head = repo.commit('the symlink becomes a file again', { 'dir/x.txt': 'file again\n' });

  const unrelated = repo.git('commit-tree', `${root}^{tree}`, '-m', 'unrelated root').trim();
  repo.git('update-ref', 'refs/heads/unrelated', unrelated);
  repo.git('update-ref', 'refs/remotes/origin/main', octopus);
  repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  return { repo, points: { root, second, third, featureTip, merge, octopus, bump, empty, head, unrelated } };
}

const STATUS: Record<string, string> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'typechanged' };

/**
 * `git diff -M --name-status` and `--numstat` (FROM null: the empty tree), parsed here rather than
 * with the shared oracle's gitDiff, which splits numstat lines at every tab and so misreads paths
 * that contain one.
 */
function gitDiff(repo: TestRepo, from: string | null, to: string): OracleFile[] {
  const options = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--diff-algorithm=myers', '-M', '-z'];
  const base = from ?? repo.git('hash-object', '-t', 'tree', '/dev/null').trim();
  const statusFields = repo.git(...options, '--name-status', base, to).split('\0');
  const files: OracleFile[] = [];
  for (let i = 0; i < statusFields.length - 1; ) {
    const code = statusFields[i++]!;
    if (code.startsWith('R')) files.push({ status: 'renamed', similarity: Number(code.slice(1)), oldPath: statusFields[i++]!, path: statusFields[i++]!, additions: null, deletions: null });
    else files.push({ status: STATUS[code]!, path: statusFields[i++]!, additions: null, deletions: null });
  }
  const numstat = repo.git(...options, '--numstat', base, to).split('\0');
  for (let i = 0, file = 0; i < numstat.length - 1; file++) {
    const [, added, deleted, path] = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(numstat[i++]!)!;
    const name = path === '' ? (i++, numstat[i++]!) : path!;
    expect(files[file]!.path).toBe(name);
    files[file]!.additions = added === '-' ? null : Number(added);
    files[file]!.deletions = deleted === '-' ? null : Number(deleted);
  }
  return files;
}

function gitObjectHash(type: string, data: Buffer): string {
  return createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
}

/** `git ls-tree -r` as path → [mode, oid]. */
function lsTree(repo: TestRepo, commit: string | null): Map<string, [string, string]> {
  const entries = new Map<string, [string, string]>();
  if (commit === null) return entries;
  for (const entry of repo.git('ls-tree', '-r', '-z', commit).split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, , oid] = entry.slice(0, tab).split(' ');
    entries.set(entry.slice(tab + 1), [mode!, oid!]);
  }
  return entries;
}

/** Checks changes against `git diff -M` (statuses, paths, similarity, numstat) and `git ls-tree` (modes, oids). */
function expectGitDiff(repo: TestRepo, from: string | null, to: string, changes: TreeChange[]): void {
  const oracle = gitDiff(repo, from, to);
  const context = `${from ?? 'empty tree'}..${to}`;
  expect([context, changes.map((c) => ({ path: c.path, oldPath: c.oldPath, status: c.status, similarity: c.similarity, additions: c.additions, deletions: c.deletions }))])
    .toEqual([context, oracle.map((o) => ({ path: o.path, oldPath: o.oldPath, status: o.status, similarity: o.similarity, additions: o.additions, deletions: o.deletions }))]);
  const before = lsTree(repo, from);
  const after = lsTree(repo, to);
  for (const change of changes) {
    const old = change.status === 'added' ? undefined : before.get(change.oldPath ?? change.path);
    const now = change.status === 'deleted' ? undefined : after.get(change.path);
    expect([context, change.path, change.oldMode, change.oldOid, change.newMode, change.newOid]).toEqual([context, change.path, old?.[0] ?? null, old?.[1] ?? null, now?.[0] ?? null, now?.[1] ?? null]);
    expect(change.binary).toBe(change.additions === null);
  }
}

describe('native git backend', () => {
  let rich: Rich;
  let backend: GitBackend;
  const cleanup: Array<() => void> = [];

  beforeAll(async () => {
    rich = buildRich();
    backend = await openNativeBackend(rich.repo.dir);
  });
  afterAll(async () => {
    await backend?.close();
    rich?.repo.remove();
    for (const clean of cleanup) clean();
  });

  it('finds git', () => {
    expect(hasGitExecutable()).toBe(true);
  });

  describe('opening', () => {
    it('knows the git directory and the working tree from anywhere inside', async () => {
      const { dir } = rich.repo;
      for (const start of [dir, join(dir, 'dir'), join(dir, 'vendor', 'sub'), join(dir, '.git'), join(dir, '.git', 'objects')]) {
        const opened = await openNativeBackend(start);
        expect([start, opened.engine, opened.gitdir, opened.workdir]).toEqual([start, 'git', join(dir, '.git'), dir]);
        await opened.close();
      }
    });

    it('opens a bare repository, without a working tree', async () => {
      const bare = mkdtempSync(join(tmpdir(), 'impl-draft-bare-'));
      cleanup.push(() => rmSync(bare, { recursive: true, force: true }));
      rich.repo.git('clone', '-q', '--bare', rich.repo.dir, bare);
      const opened = await openNativeBackend(bare);
      expect([opened.gitdir, opened.workdir]).toEqual([bare, null]);
      expect(await opened.readHead()).toBe(rich.points.head);
      const changes = await opened.diffCommits(rich.points.root, rich.points.head);
      expect(changes).toEqual(await backend.diffCommits(rich.points.root, rich.points.head));
      await opened.close();
    });

    it('throws NotAGitRepositoryError outside a repository and for a missing directory', async () => {
      const plain = mkdtempSync(join(tmpdir(), 'impl-draft-plain-'));
      cleanup.push(() => rmSync(plain, { recursive: true, force: true }));
      await expect(openNativeBackend(plain)).rejects.toBeInstanceOf(NotAGitRepositoryError);
      await expect(openNativeBackend(join(plain, 'nope'))).rejects.toBeInstanceOf(NotAGitRepositoryError);
      writeFileSync(join(plain, 'file'), 'x');
      await expect(openNativeBackend(join(plain, 'file'))).rejects.toBeInstanceOf(NotAGitRepositoryError);
    });

    it('is not redirected by a GIT_DIR inherited from a hook', async () => {
      const other = new TestRepo();
      cleanup.push(() => other.remove());
      other.commit('other', { 'other.txt': 'other\n' });
      const expectedLength = gitRevList(rich.repo, rich.points.head, []).length;
      const saved = process.env.GIT_DIR;
      process.env.GIT_DIR = join(other.dir, '.git');
      try {
        const opened = await openNativeBackend(rich.repo.dir);
        expect(opened.gitdir).toBe(join(rich.repo.dir, '.git'));
        expect(await opened.readHead()).toBe(rich.points.head);
        expect((await opened.listRangeCommits(rich.points.head, [])).length).toBe(expectedLength);
        await opened.close();
      } finally {
        if (saved === undefined) delete process.env.GIT_DIR;
        else process.env.GIT_DIR = saved;
      }
    });
  });

  describe('readObject', () => {
    it('reads every object of the repository, concurrently, each with the right content', async () => {
      const listing = rich.repo.git('cat-file', '--batch-all-objects', '--batch-check').trim().split('\n');
      const expected = listing.map((line) => line.split(' ') as [string, string, string]);
      expect(new Set(expected.map(([, type]) => type))).toEqual(new Set(['commit', 'tree', 'blob', 'tag']));
      const objects = await Promise.all(expected.map(([oid]) => backend.readObject(oid)));
      objects.forEach((object, i) => {
        const [oid, type, size] = expected[i]!;
        expect([oid, object.type, object.data.length, gitObjectHash(object.type, object.data)]).toEqual([oid, type, Number(size), oid]);
      });
    });

    it('gives the same bytes as git cat-file', async () => {
      const { root } = rich.points;
      const raw = execFileSync('git', ['cat-file', 'commit', root], { cwd: rich.repo.dir });
      const object = await backend.readObject(root);
      expect(object.type).toBe('commit');
      expect(object.data.equals(raw)).toBe(true);
      expect(parseCommitObject(root, object.data).message).toBe('root commit\n');
    });

    it('rejects a missing object with CorruptObjectError and keeps answering the others in order', async () => {
      const present = [rich.points.root, rich.points.head, rich.repo.git('rev-parse', 'v1').trim()];
      const missing = ['0123456789abcdef0123456789abcdef01234567', 'fedcba9876543210fedcba9876543210fedcba98'];
      const requests = [present[0]!, missing[0]!, present[1]!, missing[1]!, present[2]!, present[0]!];
      const results = await Promise.allSettled(requests.map((oid) => backend.readObject(oid)));
      const summary = results.map((r) => (r.status === 'fulfilled' ? gitObjectHash(r.value.type, r.value.data) : r.reason instanceof CorruptObjectError ? 'corrupt' : String(r.reason)));
      expect(summary).toEqual([present[0], 'corrupt', present[1], 'corrupt', present[2], present[0]]);
    });

    it('never passes something that is not an object id to git', async () => {
      for (const bad of ['HEAD', '--batch-all-objects', 'main', rich.points.head.slice(0, 10), rich.points.head.toUpperCase(), `${rich.points.head}\n${rich.points.root}`]) {
        await expect(backend.readObject(bad)).rejects.toBeInstanceOf(UsageError);
      }
    });
  });

  it('expands object id prefixes as git rev-parse --disambiguate does', async () => {
    for (const oid of Object.values(rich.points)) {
      for (const length of [4, 7, 40]) {
        const prefix = oid.slice(0, length);
        const expected = rich.repo.git('rev-parse', `--disambiguate=${prefix}`).split('\n').filter(Boolean).sort();
        expect([prefix, await backend.expandOidPrefix(prefix)]).toEqual([prefix, expected]);
        expect(expected).toContain(oid);
      }
    }
    expect(await backend.expandOidPrefix('0123456789abcdef0123456789abcdef01234567')).toEqual([]);
    await expect(backend.expandOidPrefix('abc')).rejects.toBeInstanceOf(UsageError);
    await expect(backend.expandOidPrefix('ABCD')).rejects.toBeInstanceOf(UsageError);
  });

  it('lists refs as git for-each-ref does, annotated tags unpeeled and symbolic refs resolved', async () => {
    const refs = await backend.listRefs();
    const expected = rich.repo.git('for-each-ref', '--format=%(refname) %(objectname)').trim().split('\n').map((line) => {
      const [name, oid] = line.split(' ');
      return { name: name!, oid: oid! };
    });
    expect(refs).toEqual(expected);
    const byName = new Map(refs.map((ref) => [ref.name, ref.oid]));
    expect(rich.repo.git('cat-file', '-t', byName.get('refs/tags/v1')!).trim()).toBe('tag');
    expect(byName.get('refs/tags/light')).toBe(rich.points.second);
    expect(byName.get('refs/remotes/origin/HEAD')).toBe(rich.points.octopus);
    expect(byName.get('refs/heads/unrelated')).toBe(rich.points.unrelated);
  });

  describe('HEAD and shallowness', () => {
    it('reads HEAD, detached or on a branch, and null on an unborn branch', async () => {
      expect(await backend.readHead()).toBe(rich.points.head);
      const detached = new TestRepo();
      cleanup.push(() => detached.remove());
      const first = detached.commit('one', { 'a.txt': 'a\n' });
      detached.commit('two', { 'a.txt': 'b\n' });
      detached.git('checkout', '-q', '--detach', first);
      const opened = await openNativeBackend(detached.dir);
      expect(await opened.readHead()).toBe(first);
      await opened.close();

      const unborn = new TestRepo();
      cleanup.push(() => unborn.remove());
      const empty = await openNativeBackend(unborn.dir);
      expect(await empty.readHead()).toBeNull();
      expect(await empty.listRefs()).toEqual([]);
      expect((await empty.shallowCommits()).size).toBe(0);
      await empty.close();
    });

    it('tells a shallow clone', async () => {
      expect((await backend.shallowCommits()).size).toBe(0);
      const shallow = mkdtempSync(join(tmpdir(), 'impl-draft-shallow-'));
      cleanup.push(() => rmSync(shallow, { recursive: true, force: true }));
      execFileSync('git', ['clone', '-q', '--depth', '2', `file://${rich.repo.dir}`, shallow], { stdio: 'ignore' });
      const opened = await openNativeBackend(shallow);
      expect([...(await opened.shallowCommits())]).toEqual(readFileSync(join(shallow, '.git/shallow'), 'utf8').split('\n').filter(Boolean));
      const head = await opened.readHead();
      const expected = execFileSync('git', ['rev-list', head!], { cwd: shallow, encoding: 'utf8' }).split('\n').filter(Boolean);
      expect((await opened.listRangeCommits(head!, [])).map((c) => c.oid)).toEqual(expected);
      await opened.close();
    });
  });

  describe('listRangeCommits', () => {
    const ranges: Array<[string, (p: Rich['points']) => [string, string[]]]> = [
      ['the whole history', (p) => [p.head, []]],
      ['a release range', (p) => [p.head, [p.third]]],
      ['over an octopus merge', (p) => [p.octopus, [p.merge]]],
      ['main against the feature branch', (p) => [p.head, [p.featureTip]]],
      ['the feature branch against main', (p) => [p.featureTip, [p.head]]],
      ['several exclusions', (p) => [p.head, [p.featureTip, p.second, p.bump]]],
      ['an empty range', (p) => [p.merge, [p.head]]],
      ['the unrelated root', (p) => [p.unrelated, []]],
    ];

    it.each(ranges)('%s: the commits of git rev-list with git log --numstat counts and paths', async (_name, pick) => {
      const [to, exclude] = pick(rich.points);
      const commits = await backend.listRangeCommits(to, exclude);
      expect(commits.map((c) => c.oid)).toEqual(gitRevList(rich.repo, to, exclude));
      const numstat = gitLogNumstat(rich.repo, to, exclude);
      const paths = gitLogPaths(rich.repo, to, exclude);
      for (const commit of commits) {
        const counts = numstat.get(commit.oid);
        expect([commit.oid, commit.additions, commit.deletions]).toEqual([commit.oid, counts?.[0] ?? null, counts?.[1] ?? null]);
        expect([commit.oid, commit.paths]).toEqual([commit.oid, paths.get(commit.oid)]);
        const raw = execFileSync('git', ['cat-file', 'commit', commit.oid], { cwd: rich.repo.dir });
        const { additions: _a, deletions: _d, paths: _p, ...object } = commit;
        expect(object).toEqual(parseCommitObject(commit.oid, raw));
      }
    });

    it('counts the root commit against the empty tree, binary files as 0, merges and octopus merges as null', async () => {
      const byOid = new Map((await backend.listRangeCommits(rich.points.head, [])).map((c) => [c.oid, c]));
      // 10 + 30 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 lines, the symlink's target as one line, bin.dat as 0.
      expect([byOid.get(rich.points.root)!.additions, byOid.get(rich.points.root)!.deletions]).toEqual([50, 0]);
      expect([byOid.get(rich.points.merge)!.additions, byOid.get(rich.points.merge)!.deletions]).toEqual([null, null]);
      expect(byOid.get(rich.points.octopus)!.parents).toHaveLength(4);
      expect([byOid.get(rich.points.octopus)!.additions, byOid.get(rich.points.octopus)!.deletions]).toEqual([null, null]);
      expect([byOid.get(rich.points.empty)!.additions, byOid.get(rich.points.empty)!.deletions]).toEqual([0, 0]);
    });
  });

  it('finds merge bases as git merge-base does, and null for unrelated histories', async () => {
    const { points } = rich;
    const pairs: Array<[string, string]> = [
      [points.featureTip, points.head],
      [points.head, points.featureTip],
      [points.root, points.head],
      [points.merge, points.octopus],
      [points.head, points.head],
      [points.unrelated, points.head],
    ];
    for (const [a, b] of pairs) expect([a, b, await backend.mergeBase(a, b)]).toEqual([a, b, gitMergeBase(rich.repo, a, b)]);
    expect(await backend.mergeBase(points.unrelated, points.head)).toBeNull();
  });

  describe('diffCommits', () => {
    it('diffs every commit against its first parent and against the empty tree as git diff -M does', async () => {
      const history = gitRevList(rich.repo, rich.points.head, []).concat(rich.points.unrelated);
      for (const commit of history) {
        const parent = rich.repo.git('rev-list', '--parents', '-n', '1', commit).trim().split(' ')[1] ?? null;
        expectGitDiff(rich.repo, parent, commit, await backend.diffCommits(parent, commit));
        expectGitDiff(rich.repo, null, commit, await backend.diffCommits(null, commit));
      }
    });

    it('diffs across ranges, in both directions', async () => {
      const { points } = rich;
      const pairs: Array<[string, string]> = [
        [points.root, points.head],
        [points.head, points.root],
        [points.third, points.head],
        [points.featureTip, points.head],
        [points.unrelated, points.featureTip],
        [points.head, points.head],
      ];
      for (const [from, to] of pairs) expectGitDiff(rich.repo, from, to, await backend.diffCommits(from, to));
    });

    it('reports each kind of change with its modes, oids and similarity', async () => {
      const { points } = rich;
      const second = await backend.diffCommits(points.root, points.second);
      const byPath = new Map(second.map((c) => [c.path, c]));
      expect(byPath.get('moved/big.txt')).toMatchObject({ status: 'renamed', oldPath: 'big.txt', additions: 1, deletions: 2, binary: false, oldMode: '100644', newMode: '100644' });
      expect(byPath.get('moved/big.txt')!.similarity).toBeGreaterThanOrEqual(50);
      expect(byPath.get('moved/big.txt')!.similarity).toBeLessThan(100);
      expect(byPath.get('commit 0000000000000000000000000000000000000000.txt')).toMatchObject({ status: 'renamed', oldPath: ':colon.txt', similarity: 100, additions: 0, deletions: 0 });
      expect(byPath.get('script.sh')).toMatchObject({ status: 'modified', oldMode: '100644', newMode: '100755', additions: 0, deletions: 0 });
      expect(byPath.get('bin.dat')).toMatchObject({ status: 'modified', binary: true, additions: null, deletions: null });

      const third = new Map((await backend.diffCommits(points.second, points.third)).map((c) => [c.path, c]));
      expect(third.get('dir/x.txt')).toMatchObject({ status: 'typechanged', oldMode: '100644', newMode: '120000' });
      // git diffs a gitlink as one line, "Subproject commit <oid>".
      expect(third.get('vendor/sub')).toMatchObject({ status: 'added', oldMode: null, oldOid: null, newMode: '160000', newOid: points.root, additions: 1, deletions: 0 });

      const bump = new Map((await backend.diffCommits(points.octopus, points.bump)).map((c) => [c.path, c]));
      expect(bump.get('vendor/sub')).toMatchObject({ status: 'modified', oldOid: points.root, newOid: points.second, additions: 1, deletions: 1 });
      expect(bump.get('link')).toMatchObject({ status: 'deleted', oldMode: '120000', newMode: null, newOid: null, additions: 0, deletions: 1 });

      const weird = (await backend.diffCommits(null, points.root)).map((c) => c.path);
      expect(weird).toEqual(expect.arrayContaining(['tab\tname.txt', 'line\nbreak.txt', 'dir/ü ñ.txt', '-dash.txt', ':colon.txt']));
      expect(await backend.diffCommits(points.head, points.head)).toEqual([]);
    });
  });

  describe('errors', () => {
    it('turns a missing object into CorruptObjectError with git\'s message', async () => {
      const missing = '0123456789abcdef0123456789abcdef01234567';
      for (const call of [() => backend.diffCommits(missing, rich.points.head), () => backend.listRangeCommits(missing, []), () => backend.mergeBase(missing, rich.points.head)]) {
        const error = await call().then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptObjectError);
        expect(String((error as Error).message)).toContain(missing);
      }
    });

    it('reports a blob lost from the object database, even when the working tree still has the file', async () => {
      const repo = new TestRepo();
      cleanup.push(() => repo.remove());
      const first = repo.commit('one', { 'a.txt': 'hello\nworld\n' });
      const second = repo.commit('two', { 'a.txt': 'hello again\n' });
      const blob = repo.git('rev-parse', `${second}:a.txt`).trim();
      rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
      // Plain `git diff-tree` in the working tree still counts the lines: it reads the blob from
      // the checked-out file when the index says it is unchanged. The engine must not.
      expect(repo.git('diff-tree', '-r', '--numstat', first, second)).toBe('1\t2\ta.txt\n');
      const opened = await openNativeBackend(repo.dir);
      for (const call of [() => opened.diffCommits(first, second), () => opened.listRangeCommits(second, []), () => opened.readObject(blob)]) {
        const error = await call().then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptObjectError);
        expect((error as Error).message).toContain(blob);
      }
      await opened.close();
    });

    it('keeps the fatal line of git\'s stderr, after any warnings', () => {
      const error = gitFailure(['--no-pager', 'log', '--numstat'], 128, null, 'warning: inexact rename detection was skipped\nfatal: something broke\nmore\n');
      expect(error).toBeInstanceOf(GitExecutableError);
      expect(error.message).toBe('git log failed (exit code 128): fatal: something broke');
      expect(gitFailure(['cat-file'], null, 'SIGKILL', '').message).toBe('git cat-file failed (killed by SIGKILL)');
    });

    it('lists nothing for a tree, as git rev-list does', async () => {
      const tree = rich.repo.git('rev-parse', `${rich.points.head}^{tree}`).trim();
      expect(gitRevList(rich.repo, tree, [])).toEqual([]);
      expect(await backend.listRangeCommits(tree, [])).toEqual([]);
    });

    it('refuses arguments that are not full object ids', async () => {
      const { head } = rich.points;
      await expect(backend.listRangeCommits('--output=/tmp/impl-draft-pwned', [])).rejects.toBeInstanceOf(UsageError);
      await expect(backend.listRangeCommits(head, ['HEAD'])).rejects.toBeInstanceOf(UsageError);
      await expect(backend.diffCommits('HEAD~1', head)).rejects.toBeInstanceOf(UsageError);
      await expect(backend.mergeBase(head, '-q')).rejects.toBeInstanceOf(UsageError);
    });
  });

  it('gives the same answers whatever the user, global or repository config and attributes say', async () => {
    const repo = new TestRepo();
    cleanup.push(() => repo.remove());
    const root = repo.commit('root', { 'a.txt': lines('a', 20), 'b.txt': lines('b', 30), 'ü.txt': 'u\n', 'lock.json': lines('lock', 5) });
    setGitlink(repo, 'sub', root);
    repo.write({ 'b.txt': null });
    const second = repo.commit('rename and edit', { 'c.txt': lines('b', 29) + 'new\n', 'a.txt': lines('a', 21), 'lock.json': lines('lock', 6) });
    const replacement = repo.commit('a replacement', { 'replaced.txt': 'r\n' });
    const before = await openNativeBackend(repo.dir);
    const answers = async (engine: GitBackend) => ({
      commits: await engine.listRangeCommits(second, []),
      diff: await engine.diffCommits(null, second),
      range: await engine.diffCommits(root, second),
      object: await engine.readObject(second),
    });
    const expected = await answers(before);
    await before.close();

    const orderFile = join(repo.dir, '.git', 'order');
    writeFileSync(orderFile, 'lock.json\nc.txt\n');
    const hostile: Array<[string, string]> = [
      ['diff.renames', 'false'],
      ['diff.algorithm', 'patience'],
      ['diff.external', 'false'],
      ['diff.noprefix', 'true'],
      ['diff.relative', 'true'],
      ['diff.orderFile', orderFile],
      ['diff.ignoreSubmodules', 'all'],
      ['diff.renameLimit', '1'],
      ['color.ui', 'always'],
      ['color.diff', 'always'],
      ['core.quotePath', 'true'],
      ['core.bigFileThreshold', '10'],
      ['log.showRoot', 'false'],
      ['log.showSignature', 'true'],
      ['log.decorate', 'full'],
      ['core.abbrev', '7'],
    ];
    for (const [key, value] of hostile) repo.git('config', key, value);
    // Attributes in the working tree would make git treat these files as binary.
    writeFileSync(join(repo.dir, '.gitattributes'), '*.txt -diff\n*.json binary\n');
    // A replace ref: the embedded engine does not apply them, so neither must this one.
    repo.git('replace', second, replacement);
    const after = await openNativeBackend(join(repo.dir, 'sub'));
    expect(await answers(after)).toEqual(expected);
    expect(expected.range.find((c) => c.path === 'c.txt')).toMatchObject({ status: 'renamed', oldPath: 'b.txt', binary: false });
    await after.close();
  });

  it('reads a SHA-256 repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'impl-draft-sha256-'));
    execFileSync('git', ['init', '-q', '--object-format=sha256', dir]);
    const repo = new TestRepo({ dir });
    cleanup.push(() => repo.remove());
    const first = repo.commit('one', { 'a.txt': lines('a', 3), 'b.txt': lines('b', 20) });
    repo.write({ 'b.txt': null });
    const second = repo.commit('two', { 'c.txt': lines('b', 19) });
    expect(second).toHaveLength(64);
    const opened = await openNativeBackend(dir);
    expect((await opened.listRangeCommits(second, [])).map((c) => [c.oid, c.additions, c.deletions])).toEqual([[second, 0, 1], [first, 23, 0]]);
    expectGitDiff(repo, null, second, await opened.diffCommits(null, second));
    const changes = await opened.diffCommits(first, second);
    expect(changes).toMatchObject([{ path: 'c.txt', oldPath: 'b.txt', status: 'renamed' }]);
    expectGitDiff(repo, first, second, changes);
    expect((await opened.readObject(second)).type).toBe('commit');
    await expect(opened.readObject(second.slice(0, 40))).rejects.toBeInstanceOf(UsageError);
    await opened.close();
  });

  it('streams large outputs: 3000 changed files and a multi-megabyte blob', async () => {
    const repo = new TestRepo();
    cleanup.push(() => repo.remove());
    const count = 3000;
    const files: Record<string, string> = {};
    for (let i = 0; i < count; i++) files[`pkg${i % 30}/file-${i}.txt`] = lines(`f${i}`, 5);
    const first = repo.commit('many files', files);
    const changed: Record<string, string | null> = {};
    for (let i = 0; i < count; i++) changed[`pkg${i % 30}/file-${i}.txt`] = lines(`f${i}`, 5) + 'one more\n';
    for (let i = 0; i < 20; i++) {
      changed[`pkg${i % 30}/file-${i}.txt`] = null;
      changed[`moved/file-${i}.txt`] = lines(`f${i}`, 5) + 'moved\n';
    }
    const big = Buffer.alloc(5 * 1024 * 1024 + 17, 'abcdefghij\n');
    changed['big.txt'] = big.toString('utf8');
    const second = repo.commit('change them all', changed);
    const opened = await openNativeBackend(repo.dir);

    const changes = await opened.diffCommits(first, second);
    expect(changes).toHaveLength(count + 1);
    expectGitDiff(repo, first, second, changes);
    expect(changes.filter((c) => c.status === 'renamed')).toHaveLength(20);

    const commits = await opened.listRangeCommits(second, []);
    const numstat = gitLogNumstat(repo, second, []);
    expect(commits.map((c) => [c.oid, c.additions, c.deletions])).toEqual([...numstat].map(([oid, counts]) => [oid, counts![0], counts![1]]));

    const blob = changes.find((c) => c.path === 'big.txt')!.newOid!;
    const [object, ...others] = await Promise.all([opened.readObject(blob), ...changes.slice(0, 200).map((c) => opened.readObject(c.newOid!))]);
    expect(object.data.equals(big)).toBe(true);
    others.forEach((other, i) => expect(gitObjectHash(other.type, other.data)).toBe(changes[i]!.newOid));
    await opened.close();
  });

  describe('closing', () => {
    it('ends its processes: reads after close are refused', async () => {
      const opened = await openNativeBackend(rich.repo.dir);
      await opened.readObject(rich.points.head);
      await opened.close();
      await expect(opened.readObject(rich.points.head)).rejects.toBeInstanceOf(GitExecutableError);
      await opened.close();
    });

    it('never keeps Node running, closed or not', async () => {
      // The engine compiled on its own and run in a fresh Node: it must exit by itself.
      const out = mkdtempSync(join(tmpdir(), 'impl-draft-native-build-'));
      cleanup.push(() => rmSync(out, { recursive: true, force: true }));
      execFileSync(process.execPath, [
        join(MAIN, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--outDir', out, '--rootDir', MAIN, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--strict', '--skipLibCheck', '--types', 'node',
        join(MAIN, 'src', 'git', 'native', 'index.ts'),
      ], { cwd: MAIN, stdio: 'pipe' });
      writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
      const entry = join(out, 'src', 'git', 'native', 'index.js');
      const script = (close: boolean) => `
        const { openNativeBackend } = await import(${JSON.stringify(entry)});
        const backend = await openNativeBackend(${JSON.stringify(rich.repo.dir)});
        const object = await backend.readObject(${JSON.stringify(rich.points.head)});
        await Promise.all([backend.readObject(${JSON.stringify(rich.points.root)}), backend.diffCommits(null, ${JSON.stringify(rich.points.head)})]);
        ${close ? 'await backend.close();' : ''}
        console.log(object.type);
      `;
      for (const close of [true, false]) {
        const started = Date.now();
        const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script(close)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let stdout = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`node did not exit (close: ${close})`));
          }, 20_000);
          child.once('close', (code) => {
            clearTimeout(timer);
            resolve({ code, stdout });
          });
        });
        expect([close, result.code, result.stdout.trim()]).toEqual([close, 0, 'commit']);
        expect(Date.now() - started).toBeLessThan(20_000);
      }
    });
  });
});
