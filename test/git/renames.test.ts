/**
 * detectRenames against the git executable: for each scenario, the added and deleted entries of
 * `git diff-tree -r --no-renames` go through detectRenames, and the pairs must equal the R lines of
 * `git diff-tree -r -M` on the same two commits, with the same percentages and the same
 * rename-limit verdict (git's "exhaustive rename detection was skipped" warning).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { detectRenames, type RenameCandidate, type RenameOptions, type RenameResult } from '../../src/git/renames.js';
import { TestRepo, type FileSpec } from '../helpers/repo-builder.js';
import { seededRandom } from '../helpers/random.js';

const repos: TestRepo[] = [];
afterAll(() => {
  for (const repo of repos) repo.remove();
});

interface RawEntry {
  status: string;
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  paths: string[];
}

function runGit(repo: TestRepo, args: string[], input?: Buffer): { stdout: Buffer; stderr: string } {
  const result = spawnSync('git', args, {
    cwd: repo.dir,
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: repo.dir, LC_ALL: 'C' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr.toString() };
}

/** `--raw -z` output: a header field, then one path (two for R and C). */
function parseRaw(out: Buffer): RawEntry[] {
  const fields = out.toString('utf8').split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const [oldMode, newMode, oldOid, newOid, status] = fields[i++]!.slice(1).split(' ') as [string, string, string, string, string];
    const paths = [fields[i++]!];
    if (status.startsWith('R') || status.startsWith('C')) paths.push(fields[i++]!);
    entries.push({ status, oldMode, newMode, oldOid, newOid, paths });
  }
  return entries;
}

/** Every blob of the list, through one `git cat-file --batch`. */
function readBlobs(repo: TestRepo, oids: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (oids.length === 0) return blobs;
  const out = runGit(repo, ['cat-file', '--batch'], Buffer.from(oids.join('\n') + '\n')).stdout;
  let at = 0;
  while (at < out.length) {
    const headerEnd = out.indexOf(0x0a, at);
    const [oid, , size] = out.subarray(at, headerEnd).toString().split(' ');
    const start = headerEnd + 1;
    blobs.set(oid!, out.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return blobs;
}

interface Comparison {
  result: RenameResult;
  git: string[];
  reads: Map<string, number>;
}

/**
 * Runs both and expects equal pairs. `withSizes` hands the blob sizes over as a repository layer
 * would from object headers; every blob must be read at most once either way.
 */
async function compareWithGit(
  repo: TestRepo,
  from: string,
  to: string,
  options: RenameOptions = {},
  withSizes = false,
): Promise<Comparison> {
  const plain = parseRaw(runGit(repo, ['diff-tree', '-r', '--no-renames', '-z', from, to]).stdout);
  const isRegular = (mode: string): boolean => mode.startsWith('100');
  const blobs = readBlobs(repo, [
    ...new Set(plain.flatMap((e) => [isRegular(e.oldMode) ? e.oldOid : '', isRegular(e.newMode) ? e.newOid : '']).filter((o) => o && !/^0+$/.test(o))),
  ]);
  const candidate = (path: string, oid: string, mode: string): RenameCandidate => ({
    path,
    oid,
    mode,
    ...(withSizes && blobs.has(oid) ? { size: blobs.get(oid)!.length } : {}),
  });
  const deleted = plain.filter((e) => e.status === 'D').map((e) => candidate(e.paths[0]!, e.oldOid, e.oldMode));
  const added = plain.filter((e) => e.status === 'A').map((e) => candidate(e.paths[0]!, e.newOid, e.newMode));

  const args = ['diff-tree', '-r', '-z', options.minScorePercent === undefined ? '-M' : `-M${options.minScorePercent}%`];
  if (options.renameLimit !== undefined) args.push(`-l${options.renameLimit}`);
  const gitRun = runGit(repo, [...args, from, to]);
  const git = parseRaw(gitRun.stdout)
    .filter((e) => e.status.startsWith('R'))
    .map((e) => `${e.paths[0]} -> ${e.paths[1]} ${e.status}`);

  const reads = new Map<string, number>();
  const result = await detectRenames(
    deleted,
    added,
    async (oid) => {
      reads.set(oid, (reads.get(oid) ?? 0) + 1);
      const blob = blobs.get(oid);
      if (!blob) throw new Error(`not a blob of the diff: ${oid}`);
      return blob;
    },
    options,
  );
  const ours = result.pairs.map((p) => `${p.from.path} -> ${p.to.path} R${String(p.similarity).padStart(3, '0')}`);
  expect(ours).toEqual(git);
  expect(result.limitExceeded).toBe(gitRun.stderr.includes('exhaustive rename detection was skipped'));
  for (const [oid, count] of reads) expect(count, `reads of ${oid}`).toBe(1);
  return { result, git, reads };
}

/** A repository with two commits: `before`, then exactly the files of `after`. */
function twoCommits(before: Record<string, FileSpec>, after: Record<string, FileSpec>): { repo: TestRepo; a: string; b: string } {
  const repo = new TestRepo();
  repos.push(repo);
  const a = repo.commit('before', before);
  const next: Record<string, FileSpec> = { ...after };
  for (const path of Object.keys(before)) if (!(path in after)) next[path] = null;
  const b = repo.commit('after', next);
  return { repo, a, b };
}

/** Distinct lines of equal width (15 bytes with the newline), so byte shares are easy to reason about. */
function lines(prefix: string, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix.slice(0, 6).padEnd(6, '_')} ${String(from + i).padStart(7, '0')}\n`);
}

const text = (...parts: string[][]): string => parts.flat().join('');

describe('detectRenames matches git diff -M', () => {
  it('pairs an exact rename, and one with small edits', async () => {
    const body = lines('alpha', 40);
    const edited = [...lines('beta', 40)];
    edited[3] = 'changed line 3\n';
    edited.splice(20, 0, 'inserted line\n');
    const { repo, a, b } = twoCommits(
      { 'a.txt': text(body), 'src/beta.ts': text(lines('beta', 40)) },
      { 'b.txt': text(body), 'lib/gamma.ts': text(edited) },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toHaveLength(2);
  });

  it('draws the line at the threshold exactly where git does', async () => {
    const src = (p: string): string[] => lines(p, 100);
    const keep = (p: string, kept: number): string => text(src(p).slice(0, kept), lines(`${p}x`, 100 - kept));
    const { repo, a, b } = twoCommits(
      {
        'old/fifty.txt': text(src('fifty')),
        'old/below.txt': text(src('below')),
        'old/above.txt': text(src('above')),
        // No final newline: git never counts a trailing partial line as shared.
        'old/tail.txt': text(src('tail')) + 'x'.repeat(40),
      },
      {
        'new/f50.txt': keep('fifty', 50),
        'new/b49.txt': keep('below', 49),
        'new/a51.txt': keep('above', 51),
        'new/t.txt': text(src('tail').slice(0, 70), lines('tailx', 30)) + 'x'.repeat(40),
      },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toEqual(['old/above.txt -> new/a51.txt R051', 'old/fifty.txt -> new/f50.txt R050', 'old/tail.txt -> new/t.txt R068']);
    for (const minScorePercent of [30, 33.3, 49, 51, 67.5, 90, 100]) await compareWithGit(repo, a, b, { minScorePercent });
  });

  it('chooses among identical files as git does (same basename first, then path order)', async () => {
    const same = text(lines('same', 30));
    const { repo, a, b } = twoCommits(
      { 'a/x.txt': same, 'b/y.txt': same, 'c/z.txt': same, 'd/w.txt': same, 'e/mode.sh': same },
      { 'e/y.txt': same, 'f/q.txt': same, 'g/x.txt': same, 'h/mode.sh': { content: same, executable: true } },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toHaveLength(4);
  });

  it('orders paths by their UTF-8 bytes, not by JavaScript string order', async () => {
    // U+FF5A sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    const same = text(lines('unicode', 10));
    const { repo, a, b } = twoCommits({ '\u{1F600}.txt': same, '\uFF5A.txt': same }, { 'new.txt': same });
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toEqual(['\uFF5A.txt -> new.txt R100']);
  });

  it('renames empty files (git diff has --rename-empty on) but never pairs them with content', async () => {
    const { repo, a, b } = twoCommits(
      { 'e1': '', 'e2': '', 'dir/e3': '', 'blank': '', 'keep.txt': 'k\n' },
      { 'x/e1': '', 'f': '', 'g': '', 'h': '', 'blank2': 'now it has content\n', 'keep.txt': 'k\n' },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toHaveLength(4);
  });

  it('prefers a unique same-basename source at 75% over a better match elsewhere', async () => {
    const common40 = lines('common', 40);
    const common30 = lines('common', 30);
    const more = lines('more', 10);
    const { repo, a, b } = twoCommits(
      {
        'one/foo.c': text(common40),
        'one/bar.c': text(common40, more),
        'two/baz.c': text(common30),
        'two/qux.c': text(common30, more),
      },
      { 'dest/foo.c': text(common40, more, ['extra\n']), 'dest/baz.c': text(common30, more, ['extra\n']) },
    );
    const { git } = await compareWithGit(repo, a, b);
    // foo.c is 79% similar and wins by its name over bar.c (99%); baz.c at 74% misses the
    // basename bar of 75%, and the matrix gives dest/baz.c to qux.c.
    expect(git).toEqual(['two/qux.c -> dest/baz.c R099', 'one/foo.c -> dest/foo.c R079']);
  });

  it('follows a directory move with edits and non-unique basenames', async () => {
    const before: Record<string, FileSpec> = {};
    const after: Record<string, FileSpec> = {};
    for (const dir of ['core', 'util', 'io']) {
      for (const name of ['index.ts', 'types.ts', `${dir}.ts`, 'README.md']) {
        const body = lines(`${dir}${name}`, 20 + name.length);
        before[`src/${dir}/${name}`] = text(body);
        const edited = body.map((l, i) => (i % 5 === 0 ? `edited ${i} of ${dir}\n` : l));
        after[`lib/${dir}/${name}`] = text(name === 'types.ts' ? body : edited);
      }
    }
    const { repo, a, b } = twoCommits(before, after);
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toHaveLength(12);
  });

  it('handles swapped and rotated contents', async () => {
    const x = lines('xray', 30);
    const y = lines('yankee', 30);
    const swap = twoCommits({ 'x.txt': text(x), 'y.txt': text(y) }, { 'x.txt': text(y), 'y.txt': text(x) });
    expect((await compareWithGit(swap.repo, swap.a, swap.b)).git).toEqual([]);
    const rotate = twoCommits(
      { 'x.txt': text(x), 'y.txt': text(y), 'z.txt': text(lines('zulu', 30)) },
      { 'p.txt': text(y.slice(2)), 'q.txt': text(x, ['more\n']), 'r.txt': text(lines('zulu', 30)) },
    );
    expect((await compareWithGit(rotate.repo, rotate.a, rotate.b)).git).toHaveLength(3);
  });

  it('ignores the CR of CRLF in text but not in binary files', async () => {
    const body = text(lines('crlf', 60));
    const binary = text(lines('binary', 60));
    const nul = Buffer.from([0]);
    const { repo, a, b } = twoCommits(
      { 'unix.txt': body, 'bin.dat': Buffer.concat([nul, Buffer.from(binary)]), 'mixed.txt': text(lines('mixed', 40)) },
      {
        'dos.txt': body.replaceAll('\n', '\r\n'),
        'bin2.dat': Buffer.concat([nul, Buffer.from(binary.replaceAll('\n', '\r\n'))]),
        'mixed2.txt': text(lines('mixed', 40).map((l, i) => (i % 2 ? l.replace('\n', '\r\n') : l))),
      },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toEqual(['unix.txt -> dos.txt R093', 'mixed.txt -> mixed2.txt R096']);
  });

  it('lets a leading NUL byte vanish from the span hash, tying a binary file with its text', async () => {
    // Git's rolling hash starts at zero, so a NUL at the start of a span adds nothing to it:
    // both sources share every span with dos.txt, and the tie goes to the first in path order.
    const body = text(lines('crlf', 60));
    const { repo, a, b } = twoCommits(
      { 'unix.txt': body, 'bin.dat': Buffer.concat([Buffer.from([0]), Buffer.from(body)]) },
      { 'dos.txt': body.replaceAll('\n', '\r\n') },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toEqual(['bin.dat -> dos.txt R093']);
  });

  it('scores binary files by 64-byte spans', async () => {
    const random = (seed: number, size: number): Buffer => {
      const next = seededRandom(seed);
      return Buffer.from(Array.from({ length: size }, () => Math.floor(next() * 256)));
    };
    const blob = random(1, 6000);
    blob[10] = 0;
    const patched = Buffer.from(blob);
    for (let i = 100; i < 6000; i += 700) patched[i] = patched[i]! ^ 0xff;
    const grown = Buffer.concat([blob.subarray(0, 3000), random(2, 1500), blob.subarray(3000)]);
    const { repo, a, b } = twoCommits(
      { 'img/a.bin': blob, 'img/b.bin': Buffer.from(blob.subarray(0, 5000)) },
      { 'assets/a.png': patched, 'assets/b.png': grown },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toHaveLength(2);
  });

  it('renames symlinks only when identical, and never to or from regular files', async () => {
    const { repo, a, b } = twoCommits(
      {
        'link1': { symlink: 'target/one' },
        'link2': { symlink: 'target/two' },
        'link3': { symlink: 'some/where' },
        'plain': 'some/where',
      },
      {
        'moved/link1': { symlink: 'target/one' },
        'moved/link2': { symlink: 'target/two-changed' },
        'moved/plain-now-link': { symlink: 'some/where' },
        'moved/link3-now-plain': 'some/where',
      },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toEqual(['link1 -> moved/link1 R100', 'plain -> moved/link3-now-plain R100', 'link3 -> moved/plain-now-link R100']);
  });

  it('renames a gitlink whose commit is unchanged, and only that', async () => {
    const repo = new TestRepo();
    repos.push(repo);
    const commit = repo.commit('c', { 'f.txt': 'f\n' });
    const other = repo.commit('d', { 'f.txt': 'g\n' });
    const blob = repo.git('rev-parse', 'HEAD:f.txt').trim();
    const tree = (entries: string[]): string =>
      runGit(repo, ['mktree'], Buffer.from(entries.join('\n') + '\n')).stdout.toString().trim();
    const t1 = tree([`160000 commit ${commit}\tsub1`, `160000 commit ${other}\tsub2`, `100644 blob ${blob}\tkeep`]);
    const deps = tree([`160000 commit ${commit}\tsub1`, `160000 commit ${commit}\tsub2`]);
    const t2 = tree([`040000 tree ${deps}\tdeps`, `100644 blob ${blob}\tkeep`]);
    const { git } = await compareWithGit(repo, t1, t2);
    expect(git).toEqual(['sub1 -> deps/sub1 R100']);
  });

  it('keeps only the best four sources per destination, and orders ties by slot like git', async () => {
    // Similarities to dest.txt rise with the source order, then tie: the fifth source takes the
    // slot of the weakest, which puts it ahead of the fourth in git's stable sort.
    const sources: Record<string, FileSpec> = {};
    [50, 55, 60, 70, 70, 70].forEach((shared, i) => {
      sources[`s${i}.txt`] = text(lines('common', shared), lines(`own${i}`, 100 - shared));
    });
    const { repo, a, b } = twoCommits(sources, { 'dest.txt': text(lines('common', 70), lines('destonly', 30)) });
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toEqual(['s4.txt -> dest.txt R070']);
  });

  it('breaks equal scores in the matrix by basename', async () => {
    // util.txt is not unique among the sources, so the basename pass leaves it to the matrix,
    // where the same-named source wins a tie against an earlier path.
    const { repo, a, b } = twoCommits(
      {
        'a/aaa.txt': text(lines('common', 60), lines('ownA', 40)),
        'b/util.txt': text(lines('common', 60), lines('ownB', 40)),
        'c/util.txt': text(lines('unrelated', 100)),
      },
      { 'd/util.txt': text(lines('common', 60), lines('dest', 40)) },
    );
    const { git } = await compareWithGit(repo, a, b);
    expect(git).toEqual(['b/util.txt -> d/util.txt R060']);
  });

  it('skips the matrix past the rename limit, after exact and basename matches', async () => {
    const before: Record<string, FileSpec> = {};
    const after: Record<string, FileSpec> = {};
    for (let i = 0; i < 3; i++) {
      before[`exact${i}.txt`] = text(lines(`exact${i}`, 20));
      after[`moved/exact-renamed${i}.txt`] = text(lines(`exact${i}`, 20));
      before[`old/same${i}.txt`] = text(lines(`same${i}`, 20));
      after[`new/same${i}.txt`] = text(lines(`same${i}`, 20), ['one more line\n']);
      before[`fuzzy${i}.txt`] = text(lines(`fuzzy${i}`, 20));
      after[`other${i}.txt`] = text(lines(`fuzzy${i}`, 20), ['one more line\n']);
    }
    const { repo, a, b } = twoCommits(before, after);
    const limited = await compareWithGit(repo, a, b, { renameLimit: 2 });
    expect(limited.result.limitExceeded).toBe(true);
    expect(limited.git).toHaveLength(6);
    await compareWithGit(repo, a, b, { renameLimit: 3 });
    await compareWithGit(repo, a, b, { renameLimit: 0 });
  });

  it('does not read blobs that the size filter rules out when sizes are known', async () => {
    const { repo, a, b } = twoCommits({ 'small.txt': 'tiny\n' }, { 'big.txt': text(lines('big', 500)) });
    const { reads } = await compareWithGit(repo, a, b, {}, true);
    expect(reads.size).toBe(0);
  });

  it('matches git on seeded random moves and edits', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { repo, a, b } = randomScenario(seed);
      const { git } = await compareWithGit(repo, a, b);
      expect(git.length, `seed ${seed}`).toBeGreaterThan(5);
      await compareWithGit(repo, a, b, {}, true);
      await compareWithGit(repo, a, b, { minScorePercent: 30 });
      await compareWithGit(repo, a, b, { minScorePercent: 80 });
      await compareWithGit(repo, a, b, { renameLimit: 10 });
    }
  });
});


/**
 * Dozens of files drawn from a shared pool of lines (so files resemble each other), with few
 * distinct basenames; then files are kept, deleted, moved, edited by random amounts, converted to
 * CRLF, truncated without a final newline, duplicated, and new files are added.
 */
function randomScenario(seed: number): { repo: TestRepo; a: string; b: string } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pool = Array.from({ length: 150 }, (_, i) => `pool line ${i} ${'x'.repeat(i % 23)}\n`);
  const names = ['index.ts', 'util.ts', 'README.md', 'main.c', 'data.json', 'a.txt', 'b.txt', 'notes.md'];
  const dirs = ['', 'src/', 'src/lib/', 'lib/', 'test/', 'docs/', 'pkg/a/', 'pkg/b/'];
  const freshFile = (): string[] => Array.from({ length: int(3, 60) }, () => pick(pool));

  const before: Record<string, string[]> = {};
  for (let i = 0; i < 50; i++) before[`${pick(dirs)}${random() < 0.5 ? pick(names) : `f${i}.txt`}`] = freshFile();

  const after: Record<string, FileSpec> = {};
  const render = (body: string[]): string => {
    let out = body.join('');
    if (random() < 0.1) out = out.replaceAll('\n', '\r\n');
    if (random() < 0.1) out = out.slice(0, Math.max(0, out.length - int(1, 10)));
    return out;
  };
  for (const [path, body] of Object.entries(before)) {
    const roll = random();
    if (roll < 0.2) after[path] = body.join('');
    else if (roll < 0.3) continue;
    else {
      const edited = [...body];
      const edits = random() < 0.3 ? 0 : int(0, Math.ceil(body.length * random()));
      for (let e = 0; e < edits; e++) {
        const at = int(0, edited.length);
        const kind = random();
        if (kind < 0.4) edited.splice(at, 1, pick(pool));
        else if (kind < 0.7) edited.splice(at, 0, `new ${seed} ${e}\n`);
        else edited.splice(at, 1);
      }
      const base = random() < 0.6 ? path.slice(path.lastIndexOf('/') + 1) : random() < 0.5 ? pick(names) : `g${int(0, 99)}.txt`;
      const target = `${pick(['moved/', 'src/new/', 'lib/', 'x/y/', 'pkg/c/'])}${base}`;
      if (!(target in after) && !(target in before)) after[target] = edits === 0 ? body.join('') : render(edited);
      if (random() < 0.1) after[`copy${int(0, 99)}/${base}`] = body.join('');
    }
  }
  for (let i = 0; i < 8; i++) after[`added/${pick(names)}${i}`] = random() < 0.2 ? '' : freshFile().join('');
  return twoCommits(
    Object.fromEntries(Object.entries(before).map(([p, body]) => [p, random() < 0.05 ? '' : body.join('')])),
    after,
  );
}
