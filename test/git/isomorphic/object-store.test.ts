import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorruptObjectError } from '../../../src/errors.js';
import { ObjectStore } from '../../../src/git/isomorphic/object-store.js';
import { PackFile } from '../../../src/git/isomorphic/pack-file.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { appendDelta, catFileAll, hashObject, writeCraftedPack } from './git-objects.js';

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

function newRepo(): TestRepo {
  const repo = new TestRepo();
  repos.push(repo);
  return repo;
}

/** A few commits with the usual kinds of entries and an annotated tag. */
function addHistory(repo: TestRepo, label: string, commits = 3): void {
  for (let i = 0; i < commits; i++) {
    repo.commit(`${label} ${i}`, {
      [`${label}/notes-${i}.txt`]: `note ${i} of ${label}\n`.repeat(i + 1),
      'shared.txt': `line of ${label} ${i}\n`,
      [`${label}/run.sh`]: { content: `#!/bin/sh\necho ${label} ${i}\n`, executable: true },
      [`${label}/link`]: { symlink: `notes-${i}.txt` },
      [`${label}/blob.bin`]: Buffer.from(Array.from({ length: 300 + i }, (_, k) => (k * 7 + i) & 0xff)),
    });
  }
  repo.tag(`${label}-tag`, { annotated: true, message: `tag for ${label}` });
}

/** One file edited many times, so that `git gc --aggressive` writes long delta chains. */
function addDeepHistory(repo: TestRepo, edits: number): void {
  const lines = Array.from({ length: 400 }, (_, i) => `line ${i}: ${'lorem ipsum '.repeat(3)}`);
  for (let i = 0; i < edits; i++) {
    lines[(i * 37) % lines.length] = `edited in step ${i}`;
    lines.push(`appended in step ${i}`);
    repo.commit(`edit ${i}`, { 'deep/file.txt': lines.join('\n') + '\n', [`deep/dir-${i % 5}/small.txt`]: `step ${i}\n` });
  }
}

function gitdir(repo: TestRepo): string {
  return join(repo.dir, '.git');
}

async function expectSameObjects(repo: TestRepo): Promise<number> {
  const expected = catFileAll(repo.dir);
  const store = await ObjectStore.open(gitdir(repo));
  try {
    for (const [oid, object] of expected) {
      const actual = await store.read(oid);
      expect({ oid, type: actual.type }).toEqual({ oid, type: object.type });
      expect(actual.data.equals(object.data), `bytes of ${oid}`).toBe(true);
      expect(await store.has(oid)).toBe(true);
    }
  } finally {
    await store.close();
  }
  return expected.size;
}

function packFiles(repo: TestRepo): string[] {
  const dir = join(gitdir(repo), 'objects', 'pack');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.pack'))
    .map((name) => join(dir, name));
}

function looseCount(repo: TestRepo): number {
  return Number(/^count: (\d+)$/m.exec(repo.git('count-objects', '-v'))![1]);
}

function maxChainLength(repo: TestRepo): number {
  let max = 0;
  for (const pack of packFiles(repo)) {
    const out = repo.git('verify-pack', '-v', pack.replace(/\.pack$/, '.idx'));
    for (const match of out.matchAll(/^chain length = (\d+):/gm)) max = Math.max(max, Number(match[1]));
  }
  return max;
}

/** Counts the entry kinds of every pack of the repository through our own reader. */
function entryKinds(repo: TestRepo): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const packPath of packFiles(repo)) {
    const pack = new PackFile(packPath.replace(/\.pack$/, '.idx'), 0);
    for (let i = 0; i < pack.index.count; i++) {
      const kind = pack.readEntry(pack.index.offsetAt(i)).kind;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    pack.close();
  }
  return kinds;
}

describe('ObjectStore reads every object exactly as git cat-file does', () => {
  it('in a repository of loose objects only', async () => {
    const repo = newRepo();
    addHistory(repo, 'loose');
    expect(packFiles(repo)).toEqual([]);
    expect(await expectSameObjects(repo)).toBeGreaterThan(20);
  });

  it('in a repository packed by git gc --aggressive, with deep delta chains', async () => {
    const repo = newRepo();
    addHistory(repo, 'packed');
    addDeepHistory(repo, 60);
    repo.gc();
    expect(looseCount(repo)).toBe(0);
    expect(maxChainLength(repo)).toBeGreaterThanOrEqual(20);
    expect(entryKinds(repo)['ofs-delta']).toBeGreaterThan(50);
    await expectSameObjects(repo);
  });

  it('in a repository with several packs and loose objects', async () => {
    const repo = newRepo();
    addDeepHistory(repo, 10);
    repo.gc();
    addHistory(repo, 'second');
    repo.git('repack', '-q', '-d'); // an incremental second pack of the loose objects
    addHistory(repo, 'third');
    expect(packFiles(repo).length).toBe(2);
    expect(looseCount(repo)).toBeGreaterThan(10);
    await expectSameObjects(repo);
  });

  it('in a pack written with REF_DELTA entries (no offset deltas)', async () => {
    const repo = newRepo();
    addDeepHistory(repo, 20);
    repo.git('-c', 'repack.useDeltaBaseOffset=false', 'repack', '-q', '-a', '-d', '-f', '--depth=50');
    const kinds = entryKinds(repo);
    expect(kinds['ref-delta']).toBeGreaterThan(10);
    expect(kinds['ofs-delta']).toBeUndefined();
    await expectSameObjects(repo);
  });

  it('in a pack whose index stores offsets in the 64-bit table, and with a version 1 index', async () => {
    const repo = newRepo();
    addDeepHistory(repo, 15);
    repo.gc();
    const [pack] = packFiles(repo);
    const idx = pack!.replace(/\.pack$/, '.idx');
    const count = Number(/^(\d+)/m.exec(repo.git('count-objects', '-v').split('in-pack: ')[1]!)![1]);

    // The test-only knob of index-pack: every offset above 64 bytes goes to the 64-bit table.
    rmSync(idx);
    repo.git('index-pack', '--index-version=2,64', pack!);
    const largeEntries = (statSync(idx).size - (8 + 1024 + count * 28 + 40)) / 8;
    expect(largeEntries).toBeGreaterThan(count / 2);
    await expectSameObjects(repo);

    rmSync(idx);
    repo.git('index-pack', '--index-version=1', pack!);
    expect(statSync(idx).size).toBe(1024 + count * 24 + 40);
    expect(readFileSync(idx).readUInt32BE(0)).not.toBe(0xff744f63);
    await expectSameObjects(repo);
  });

  it('through a shared clone (objects/info/alternates), absolute and relative', async () => {
    const base = newRepo();
    addHistory(base, 'base');
    addDeepHistory(base, 8);
    base.gc();
    addHistory(base, 'base-loose', 1);

    const clone = newRepo();
    rmSync(clone.dir, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--shared', base.dir, clone.dir]);
    clone.git('config', 'user.name', 'Clone');
    clone.git('config', 'user.email', 'clone@example.com');
    addHistory(clone, 'clone');
    const alternates = join(gitdir(clone), 'objects', 'info', 'alternates');
    expect(readFileSync(alternates, 'utf8').trim()).toBe(join(base.dir, '.git', 'objects'));
    expect(looseCount(clone)).toBeGreaterThan(0);
    const total = await expectSameObjects(clone);
    expect(total).toBeGreaterThan(catFileAll(base.dir).size);

    writeFileSync(alternates, `# a comment line\n${relative(join(gitdir(clone), 'objects'), join(base.dir, '.git', 'objects'))}\n`);
    await expectSameObjects(clone);
  });
});

describe('ObjectStore with packs git does not write by itself', () => {
  it('resolves a REF_DELTA whose base is a loose object or lives in another pack', async () => {
    const repo = newRepo();
    const base = Buffer.from('base content of the blob\n'.repeat(20));
    writeFileSync(join(repo.dir, 'base.txt'), base);
    const looseBase = repo.git('hash-object', '-w', 'base.txt').trim();
    expect(looseBase).toBe(hashObject('blob', base));

    const target = Buffer.concat([base, Buffer.from('and a tail appended by the delta, long enough to take two insert instructions '.repeat(3))]);
    const targetOid = hashObject('blob', target);
    const packDir = join(gitdir(repo), 'objects', 'pack');
    mkdirSync(packDir, { recursive: true });
    writeCraftedPack(packDir, [{ oid: targetOid, type: 7, payload: appendDelta(base, target.subarray(base.length)), baseOid: looseBase }]);

    let store = await ObjectStore.open(gitdir(repo));
    const read = await store.read(targetOid);
    expect(read.type).toBe('blob');
    expect(read.data.equals(target)).toBe(true);
    await store.close();

    // Now the base moves into a pack of its own, and the loose copy goes away.
    const other = Buffer.concat([base, Buffer.from('another tail\n')]);
    const otherOid = hashObject('blob', other);
    writeCraftedPack(packDir, [{ oid: looseBase, type: 3, payload: base }]);
    writeCraftedPack(packDir, [{ oid: otherOid, type: 7, payload: appendDelta(base, Buffer.from('another tail\n')), baseOid: looseBase }]);
    rmSync(join(gitdir(repo), 'objects', looseBase.slice(0, 2)), { recursive: true });
    store = await ObjectStore.open(gitdir(repo));
    expect((await store.read(otherOid)).data.equals(other)).toBe(true);
    expect((await store.read(targetOid)).data.equals(target)).toBe(true);
    await store.close();
  });

  it('reports a corrupt pack entry as CorruptObjectError', async () => {
    const repo = newRepo();
    addHistory(repo, 'corrupt', 2);
    repo.gc();
    const expected = catFileAll(repo.dir);
    const [pack] = packFiles(repo);
    const bytes = readFileSync(pack!);
    // Damage the middle of the pack data: some object's compressed stream breaks.
    for (let i = 200; i < bytes.length - 40; i += 97) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(pack!, bytes);
    const store = await ObjectStore.open(gitdir(repo));
    let corrupt = 0;
    for (const oid of expected.keys()) {
      try {
        await store.read(oid);
      } catch (error) {
        expect(error).toBeInstanceOf(CorruptObjectError);
        expect((error as Error).message).toContain(oid);
        corrupt++;
      }
    }
    expect(corrupt).toBeGreaterThan(0);
    await store.close();
  });
});

describe('ObjectStore lookups', () => {
  it('throws CorruptObjectError for a missing or malformed id, and has() says false', async () => {
    const repo = newRepo();
    addHistory(repo, 'missing', 1);
    repo.gc();
    addHistory(repo, 'missing-loose', 1);
    const store = await ObjectStore.open(gitdir(repo));
    const missing = '0123456789abcdef0123456789abcdef01234567';
    await expect(store.read(missing)).rejects.toBeInstanceOf(CorruptObjectError);
    await expect(store.read(missing)).rejects.toThrow(/0123456789abcdef0123456789abcdef01234567 is missing or corrupt/);
    await expect(store.read('not-an-oid')).rejects.toBeInstanceOf(CorruptObjectError);
    expect(await store.has(missing)).toBe(false);
    expect(await store.has('xyz')).toBe(false);
    const head = repo.head();
    expect((await store.read(head.toUpperCase())).type).toBe('commit');
    await store.close();
  });

  it('finds objects packed by git gc after the store was opened', async () => {
    const repo = newRepo();
    addHistory(repo, 'before', 2);
    const store = await ObjectStore.open(gitdir(repo));
    const first = repo.head();
    expect((await store.read(first)).type).toBe('commit');
    addHistory(repo, 'after', 2);
    const second = repo.head();
    repo.gc(); // packs everything and deletes the loose files
    expect(looseCount(repo)).toBe(0);
    expect((await store.read(second)).type).toBe('commit');
    expect(await store.has(first)).toBe(true);
    const all = catFileAll(repo.dir);
    for (const [oid, object] of all) expect((await store.read(oid)).data.equals(object.data)).toBe(true);

    // A second gc replaces the pack the store has open: it stays readable, and new objects are found.
    addHistory(repo, 'later', 1);
    repo.gc();
    for (const [oid, object] of catFileAll(repo.dir)) expect((await store.read(oid)).data.equals(object.data)).toBe(true);
    await store.close();
  });

  it('expands prefixes like git rev-parse --disambiguate, over packs, loose objects and alternates', async () => {
    const base = newRepo();
    addHistory(base, 'prefix-base', 4);
    base.gc();
    const clone = newRepo();
    rmSync(clone.dir, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--shared', base.dir, clone.dir]);
    clone.git('config', 'user.name', 'Clone');
    clone.git('config', 'user.email', 'clone@example.com');
    addHistory(clone, 'prefix-clone', 3);
    clone.git('repack', '-q', '-d');
    addHistory(clone, 'prefix-loose', 3);

    const all = [...catFileAll(clone.dir).keys()].sort();
    const store = await ObjectStore.open(gitdir(clone));
    const prefixes = new Set<string>();
    for (const oid of all.slice(0, 40)) prefixes.add(oid.slice(0, 4));
    prefixes.add('0000');
    prefixes.add('ffff');
    for (const prefix of prefixes) {
      const git = clone.git('rev-parse', `--disambiguate=${prefix}`).split('\n').filter(Boolean).sort();
      expect(await store.expandPrefix(prefix), prefix).toEqual(git);
    }
    for (const prefix of ['', 'a', '3', 'c7', all[5]!.slice(0, 3), all[7]!.slice(0, 9), all[9]!, all[11]!.toUpperCase().slice(0, 6)]) {
      expect(await store.expandPrefix(prefix), prefix).toEqual(all.filter((oid) => oid.startsWith(prefix.toLowerCase())));
    }
    await expect(store.expandPrefix('xyz')).rejects.toThrow(RangeError);
    await store.close();
  });

  it('skips a broken alternate and a missing object directory line', async () => {
    const repo = newRepo();
    addHistory(repo, 'alt', 1);
    appendFileSync(join(gitdir(repo), 'objects', 'info', 'alternates'), '/nonexistent/objects\n\n');
    await expectSameObjects(repo);
  });
});
