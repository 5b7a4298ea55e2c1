import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptObjectError } from '../../src/errors.js';
import { ObjectStore } from '../../src/git/isomorphic/object-store.js';
import { diffTrees, findPathInTree, type RawChange } from '../../src/git/tree-diff.js';
import type { GitObject } from '../../src/git/types.js';
import { TestRepo } from '../helpers/repo-builder.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Leaves of a tree spec other than a plain 100644 file (a string) or a directory (an object). */
class Special {
  constructor(
    readonly mode: string,
    readonly content: string,
  ) {}
}
const exec = (content: string) => new Special('100755', content);
const link = (target: string) => new Special('120000', target);
const gitlink = (oid: string) => new Special('160000', oid);
interface Spec {
  [name: string]: string | Special | Spec;
}

let repo: TestRepo;
let store: ObjectStore;
beforeAll(async () => {
  repo = new TestRepo();
  store = await ObjectStore.open(join(repo.dir, '.git'));
});
afterAll(async () => {
  await store.close();
  repo.remove();
});

/** Writes a loose object directly (blobs and hand-made trees need no git process). */
function writeObject(type: string, data: Buffer): string {
  const raw = Buffer.concat([Buffer.from(`${type} ${data.length}\0`), data]);
  const oid = createHash('sha1').update(raw).digest('hex');
  const dir = join(repo.dir, '.git', 'objects', oid.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, oid.slice(2)), deflateSync(raw));
  return oid;
}

interface RawEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  name: Buffer;
}

/** `git mktree`: git itself orders the entries. */
function mktree(entries: RawEntry[]): string {
  const input = Buffer.concat(entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.type} ${e.oid}\t`), e.name, Buffer.from([0])]));
  return execFileSync('git', ['mktree', '-z'], { cwd: repo.dir, input }).toString().trim();
}

function buildTree(spec: Spec): string {
  const entries: RawEntry[] = [];
  for (const [name, node] of Object.entries(spec)) {
    const raw = Buffer.from(name, 'utf8');
    if (typeof node === 'string') entries.push({ mode: '100644', type: 'blob', oid: writeObject('blob', Buffer.from(node)), name: raw });
    else if (node instanceof Special) {
      if (node.mode === '160000') entries.push({ mode: node.mode, type: 'commit', oid: node.content, name: raw });
      else entries.push({ mode: node.mode, type: 'blob', oid: writeObject('blob', Buffer.from(node.content)), name: raw });
    } else entries.push({ mode: '040000', type: 'tree', oid: buildTree(node), name: raw });
  }
  return mktree(entries);
}

/** The oracle: `git diff-tree -r --no-renames --raw -z`, parsed. */
function gitDiffTree(oldTree: string | null, newTree: string | null): RawChange[] {
  const out = execFileSync('git', ['diff-tree', '-r', '--no-renames', '--raw', '-z', oldTree ?? EMPTY_TREE, newTree ?? EMPTY_TREE], { cwd: repo.dir });
  const fields: Buffer[] = [];
  for (let pos = 0; pos < out.length; ) {
    const nul = out.indexOf(0, pos);
    fields.push(out.subarray(pos, nul));
    pos = nul + 1;
  }
  const changes: RawChange[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const [oldMode, newMode, oldOid, newOid, status] = fields[i]!.toString().slice(1).split(' ');
    const zero = (value: string) => /^0+$/.test(value);
    changes.push({
      path: fields[i + 1]!.toString('utf8'),
      status: status as RawChange['status'],
      oldMode: zero(oldMode!) ? null : (oldMode as RawChange['oldMode']),
      newMode: zero(newMode!) ? null : (newMode as RawChange['newMode']),
      oldOid: zero(oldOid!) ? null : oldOid!,
      newOid: zero(newOid!) ? null : newOid!,
    });
  }
  return changes;
}

/** A reader that records what it was asked for. */
function recordingReader(): { read: (oid: string) => Promise<GitObject>; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    read: (oid) => {
      seen.push(oid);
      return store.read(oid);
    },
  };
}

async function expectLikeGit(oldTree: string | null, newTree: string | null): Promise<RawChange[]> {
  const read = (oid: string) => store.read(oid);
  const expected = gitDiffTree(oldTree, newTree);
  expect(await diffTrees(read, oldTree, newTree)).toEqual(expected);
  return expected;
}

const SUBMODULE_A = 'a'.repeat(40);
const SUBMODULE_B = 'b'.repeat(40);

describe('diffTrees gives exactly git diff-tree -r --raw', () => {
  it('adds, deletes and modifies in nested directories, against the empty tree too', async () => {
    const before = buildTree({ 'README.md': 'hello\n', src: { 'a.ts': 'a\n', 'b.ts': 'b\n', lib: { 'x.ts': 'x\n' } }, docs: { 'guide.md': 'g\n' } });
    const after = buildTree({ 'README.md': 'hello world\n', src: { 'a.ts': 'a\n', 'c.ts': 'c\n', lib: { 'x.ts': 'x2\n', 'y.ts': 'y\n' } }, tests: { 't.ts': 't\n' } });
    const changes = await expectLikeGit(before, after);
    expect(changes.map((c) => `${c.status} ${c.path}`)).toEqual(['M README.md', 'D docs/guide.md', 'D src/b.ts', 'A src/c.ts', 'M src/lib/x.ts', 'A src/lib/y.ts', 'A tests/t.ts']);
    await expectLikeGit(null, after);
    await expectLikeGit(before, null);
    expect(await diffTrees((oid) => store.read(oid), before, before)).toEqual([]);
    expect(await diffTrees((oid) => store.read(oid), null, null)).toEqual([]);
  });

  it('orders directories as if their names ended in "/", with files replaced by directories and back', async () => {
    const names = ['a', 'a-b', 'a.b', 'a0', 'a b', 'ab', 'a~', 'A', 'b'];
    const before: Spec = {};
    const after: Spec = {};
    names.forEach((name, i) => {
      before[name] = i % 2 === 0 ? `file ${name}\n` : { inner: `dir ${name}\n`, [`${name}.txt`]: 'x\n' };
      after[name] = i % 2 === 1 ? `file ${name}\n` : { inner: `dir ${name}\n`, deeper: { z: 'z\n' } };
    });
    before['keep'] = { same: 'same\n' };
    after['keep'] = { same: 'same\n' };
    const changes = await expectLikeGit(buildTree(before), buildTree(after));
    expect(changes.filter((c) => c.path === 'a' || c.path.startsWith('a/')).map((c) => `${c.status} ${c.path}`)).toEqual(['D a', 'A a/deeper/z', 'A a/inner']);
    await expectLikeGit(buildTree(after), buildTree(before));
  });

  it('reports file, symlink and submodule swaps as T, the executable bit as M, and never reads into a submodule', async () => {
    const before = buildTree({
      'f-to-link': 'content\n',
      'link-to-f': link('target'),
      'f-to-sub': 'content\n',
      'sub-to-f': gitlink(SUBMODULE_A),
      'link-to-sub': link('content\n'),
      'exec-bit': 'same\n',
      'exec-off': exec('same\n'),
      'same-oid-link': 'target\n',
      submodule: gitlink(SUBMODULE_A),
      'sub-to-dir': gitlink(SUBMODULE_A),
      'dir-to-sub': { x: 'x\n' },
      'link-to-dir': link('x'),
      unchanged: gitlink(SUBMODULE_B),
    });
    const after = buildTree({
      'f-to-link': link('content\n'),
      'link-to-f': 'target',
      'f-to-sub': gitlink(SUBMODULE_B),
      'sub-to-f': 'content\n',
      'link-to-sub': gitlink(SUBMODULE_B),
      'exec-bit': exec('same\n'),
      'exec-off': 'same\n',
      'same-oid-link': link('target\n'),
      submodule: gitlink(SUBMODULE_B),
      'sub-to-dir': { y: 'y\n' },
      'dir-to-sub': gitlink(SUBMODULE_B),
      'link-to-dir': { x: 'x\n' },
      unchanged: gitlink(SUBMODULE_B),
    });
    const { read, seen } = recordingReader();
    const expected = gitDiffTree(before, after);
    expect(await diffTrees(read, before, after)).toEqual(expected);
    expect(seen).not.toContain(SUBMODULE_A);
    expect(seen).not.toContain(SUBMODULE_B);
    const status = Object.fromEntries(expected.map((c) => [c.path, c.status]));
    expect(status).toMatchObject({ 'f-to-link': 'T', 'link-to-f': 'T', 'f-to-sub': 'T', 'sub-to-f': 'T', 'link-to-sub': 'T', 'exec-bit': 'M', 'exec-off': 'M', 'same-oid-link': 'T', submodule: 'M' });
    expect(expected.filter((c) => c.path.startsWith('sub-to-dir')).map((c) => c.status)).toEqual(['D', 'A']);
    await expectLikeGit(after, before);
  });

  it('skips identical subtrees by id without reading them', async () => {
    const big: Spec = {};
    for (let i = 0; i < 30; i++) big[`dir${i}`] = { [`file${i}`]: `${i}\n`, nested: { deep: `deep ${i}\n` } };
    const before = buildTree({ shared: big, changed: { a: '1\n' } });
    const after = buildTree({ shared: big, changed: { a: '2\n' } });
    const sharedOid = buildTree(big);
    const { read, seen } = recordingReader();
    expect(await diffTrees(read, before, after)).toEqual(gitDiffTree(before, after));
    expect(seen).toHaveLength(4); // both roots and both `changed` trees
    expect(seen).not.toContain(sharedOid);
  });

  it('compares names as UTF-8 bytes and keeps non-UTF-8 names apart', async () => {
    // U+FFFD sorts before U+1F600 in UTF-8 bytes but after it in UTF-16 code units.
    const before = buildTree({ 'é.txt': 'e\n', '\uFFFD': 'r\n', '😀': 's\n', 日本: { '語.md': 'j\n' }, 'ascii': 'a\n' });
    const after = buildTree({ 'é.txt': 'e2\n', '\uFFFD': 'r2\n', '😀': 's2\n', 日本: { '語.md': 'j2\n' }, 'ascii': 'a\n' });
    const changes = await expectLikeGit(before, after);
    expect(changes.map((c) => c.path)).toEqual(['é.txt', '日本/語.md', '\uFFFD', '😀']);

    const blob = (text: string) => writeObject('blob', Buffer.from(text));
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
    const rawBefore = mktree([
      { mode: '100644', type: 'blob', oid: blob('1'), name: latin1 },
      { mode: '100644', type: 'blob', oid: blob('2'), name: Buffer.from('caf\xff', 'latin1') },
    ]);
    const rawAfter = mktree([
      { mode: '100644', type: 'blob', oid: blob('1b'), name: latin1 },
      { mode: '100644', type: 'blob', oid: blob('2'), name: Buffer.from('caf\xff', 'latin1') },
      { mode: '100644', type: 'blob', oid: blob('3'), name: Buffer.from('caf\xfe', 'latin1') },
    ]);
    const raw = await expectLikeGit(rawBefore, rawAfter);
    expect(raw.map((c) => `${c.status} ${c.path}`)).toEqual(['M caf\uFFFD', 'A caf\uFFFD']);
  });

  it('canonicalises legacy modes as git does (100664 is 100644, 100775 is 100755)', async () => {
    const tree = (entries: Array<[string, string, string]>) =>
      writeObject('tree', Buffer.concat(entries.map(([mode, name, content]) => Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(writeObject('blob', Buffer.from(content)), 'hex')]))));
    const before = tree([['100664', 'group-writable', 'a\n'], ['100775', 'group-exec', 'b\n'], ['100644', 'plain', 'c\n']]);
    const after = tree([['100644', 'group-writable', 'a\n'], ['100755', 'group-exec', 'b2\n'], ['100664', 'plain', 'c\n']]);
    const changes = await expectLikeGit(before, after);
    expect(changes).toEqual([{ path: 'group-exec', status: 'M', oldMode: '100755', newMode: '100755', oldOid: expect.any(String), newOid: expect.any(String) }]);
    await expectLikeGit(null, before);
  });

  it('matches git on random tree pairs', async () => {
    let seed = 20240601;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const names = ['a', 'a-b', 'a.b', 'a0', 'ab', 'b', 'a b', 'é', 'Z', 'lib', 'lib.d', 'x_y'];
    const leaf = (): string | Special => {
      const roll = random();
      if (roll < 0.6) return pick(['one\n', 'two\n', 'three\n', `r${Math.floor(random() * 5)}\n`]);
      if (roll < 0.75) return exec(pick(['one\n', 'run\n']));
      if (roll < 0.9) return link(pick(['one\n', 'target', 'a/b']));
      return gitlink(pick([SUBMODULE_A, SUBMODULE_B]));
    };
    const generate = (depth: number): Spec => {
      const spec: Spec = {};
      for (const name of names) if (random() < 0.45) spec[name] = depth < 3 && random() < 0.3 ? generate(depth + 1) : leaf();
      return spec;
    };
    const mutate = (spec: Spec, depth: number): Spec => {
      const out: Spec = {};
      for (const name of names) {
        const node = spec[name];
        const roll = random();
        if (node === undefined) {
          if (roll < 0.15) out[name] = depth < 3 && random() < 0.3 ? generate(depth + 1) : leaf();
        } else if (roll < 0.55) out[name] = node;
        else if (roll < 0.65) continue;
        else if (roll < 0.8 && typeof node === 'object' && !(node instanceof Special)) out[name] = mutate(node, depth + 1);
        else if (roll < 0.9) out[name] = leaf();
        else out[name] = depth < 3 ? generate(depth + 1) : leaf();
      }
      return out;
    };
    let total = 0;
    for (let round = 0; round < 40; round++) {
      const first = generate(0);
      const second = mutate(first, 0);
      const a = buildTree(first);
      const b = buildTree(second);
      total += (await expectLikeGit(a, b)).length;
      await expectLikeGit(b, a);
      if (round % 10 === 0) await expectLikeGit(null, a);
    }
    expect(total).toBeGreaterThan(200);
  });

  it('throws CorruptObjectError when a tree is missing or is not a tree', async () => {
    const read = (oid: string) => store.read(oid);
    await expect(diffTrees(read, null, '1'.repeat(40))).rejects.toBeInstanceOf(CorruptObjectError);
    const blob = writeObject('blob', Buffer.from('not a tree'));
    await expect(diffTrees(read, null, blob)).rejects.toThrow(/expected a tree, found a blob/);
    const broken = writeObject('tree', Buffer.from('100644 name-without-id\0abc'));
    await expect(diffTrees(read, broken, null)).rejects.toBeInstanceOf(CorruptObjectError);
  });
});

describe('findPathInTree', () => {
  it('finds files, directories, symlinks and submodules, and nothing through a file', async () => {
    const tree = buildTree({ src: { lib: { 'x.ts': 'x\n' }, 'run.sh': exec('r\n') }, link: link('src'), sub: gitlink(SUBMODULE_A), 'é.md': 'e\n' });
    const read = (oid: string) => store.read(oid);
    const lsTree = (path: string) => {
      const line = repo.git('ls-tree', tree, '--', path).trim();
      if (!line) return null;
      const [mode, , oid] = line.split(/\s+/);
      return { oid: oid!, mode: mode! };
    };
    for (const path of ['src', 'src/lib', 'src/lib/x.ts', 'src/run.sh', 'link', 'sub', 'é.md']) {
      expect(await findPathInTree(read, tree, path), path).toEqual(lsTree(path));
    }
    expect(await findPathInTree(read, tree, 'src/lib/')).toEqual(lsTree('src/lib'));
    expect(await findPathInTree(read, tree, '')).toEqual({ oid: tree, mode: '040000' });
    expect(await findPathInTree(read, tree, 'missing')).toBeNull();
    expect(await findPathInTree(read, tree, 'src/run.sh/x')).toBeNull();
    expect(await findPathInTree(read, tree, 'link/lib')).toBeNull();
    expect(await findPathInTree(read, tree, 'sub/x')).toBeNull();
    expect(await findPathInTree(read, tree, 'src/li')).toBeNull();
  });
});
