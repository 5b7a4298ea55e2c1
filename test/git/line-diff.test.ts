/**
 * countLineChanges against the git executable: `git diff --no-index --numstat` on the same bytes
 * must give the same numbers, on edge cases, random small files full of repeated lines, big files
 * where xdiff's heuristics make it non-minimal, and real file pairs from git histories.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { addedLineNumbers, countLineChanges, isBinary } from '../../src/git/line-diff.js';
import { seededRandom } from '../helpers/random.js';

interface Pair {
  name: string;
  old: Buffer;
  new: Buffer;
}
type Counts = { additions: number; deletions: number };

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'line-diff-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// Without the user's configuration: diff.algorithm or the like must not change the oracle.
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: workDir, LC_ALL: 'C' };

function git(args: string[], cwd: string, input?: Buffer): Buffer {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, input, maxBuffer: 1 << 30 });
  // `diff --no-index` exits 1 when the files differ.
  if (result.status !== 0 && result.status !== 1) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

let batch = 0;
/** One `git diff --no-index` over two directories holding the pairs' sides, files named by index. */
function gitDiffOfPairs(pairs: Pair[], options: string[]): Buffer {
  const dir = join(workDir, `batch-${batch++}`);
  mkdirSync(join(dir, 'old'), { recursive: true });
  mkdirSync(join(dir, 'new'));
  pairs.forEach((pair, i) => {
    writeFileSync(join(dir, 'old', String(i)), pair.old);
    writeFileSync(join(dir, 'new', String(i)), pair.new);
  });
  const out = git(['diff', '--no-index', '--no-renames', ...options, '--', 'old', 'new'], dir);
  rmSync(dir, { recursive: true, force: true });
  return out;
}

/** git's numstat for every pair. */
function gitNumstat(pairs: Pair[], extra: string[] = []): Counts[] {
  const out = gitDiffOfPairs(pairs, ['--numstat', ...extra]).toString();
  const counts: Counts[] = pairs.map(() => ({ additions: 0, deletions: 0 }));
  for (const line of out.split('\n').filter(Boolean)) {
    const match = /^(\d+)\t(\d+)\t.*\/(\d+)$/.exec(line);
    if (!match) throw new Error(`unexpected numstat line: ${line}`);
    counts[Number(match[3])] = { additions: Number(match[1]), deletions: Number(match[2]) };
  }
  return counts;
}

/** The added lines' numbers per pair, from the hunks of git's diff. */
function gitAddedLines(pairs: Pair[]): number[][] {
  // Without the indent heuristic, whose sliding addedLineNumbers does not reproduce; with context,
  // since for -U0 git first trims the files' common tail, which changes the diff (xdiff-interface.c).
  const out = gitDiffOfPairs(pairs, ['-U1', '--no-indent-heuristic']).toString('latin1');
  const added: number[][] = pairs.map(() => []);
  for (const section of out.split(/^diff --git /m).slice(1)) {
    const lines = added[Number(/^a\/old\/(\d+)/.exec(section)![1])]!;
    let line = 0;
    for (const text of section.split('\n')) {
      const hunk = /^@@ -\S+ \+(\d+)/.exec(text);
      if (hunk) line = Number(hunk[1]);
      else if (line > 0 && text.startsWith('+')) lines.push(line++);
      else if (line > 0 && text.startsWith(' ')) line++;
    }
  }
  return added;
}

/** Every pair compared with git, counts and added lines' places; failures listed by name so one run shows them all. */
function expectSameAsGit(pairs: Pair[]): void {
  expectCounts(pairs, gitNumstat(pairs));
  const text = pairs.filter((p) => !isBinary(p.old) && !isBinary(p.new));
  const fromGit = gitAddedLines(text);
  const misplaced = text.filter((pair, i) => addedLineNumbers(pair.old, pair.new).join() !== fromGit[i]!.join()).map((p) => p.name);
  expect(misplaced).toEqual([]);
}

function expectCounts(pairs: Pair[], expected: Counts[]): void {
  const mismatches = pairs
    .map((pair, i) => ({ name: pair.name, git: expected[i]!, ours: countLineChanges(pair.old, pair.new) }))
    .filter((r) => r.git.additions !== r.ours.additions || r.git.deletions !== r.ours.deletions);
  expect(mismatches).toEqual([]);
  // The added lines' positions come from the same diff: as many, and what is left of the new
  // file once they are taken out must be the old file less its deleted lines, in order.
  const invalid = pairs.filter((pair, i) => !isDiffOf(pair, addedLineNumbers(pair.old, pair.new), expected[i]!)).map((p) => p.name);
  expect(invalid).toEqual([]);
}

function isDiffOf(pair: Pair, added: number[], counts: Counts): boolean {
  if (added.length !== counts.additions) return false;
  const oldLines = splitLines(pair.old);
  const taken = new Set(added);
  const kept = splitLines(pair.new).filter((_, i) => !taken.has(i + 1));
  if (kept.length !== oldLines.length - counts.deletions) return false;
  let at = 0;
  for (const line of oldLines) if (at < kept.length && line === kept[at]) at++;
  return at === kept.length;
}

function splitLines(data: Buffer): string[] {
  return data.toString('latin1').match(/[^\n]*\n|[^\n]+$/g) ?? [];
}


/** Applies `count` random inserts, deletes and replaces of up to `maxRun` lines. */
function edit(lines: string[], count: number, maxRun: number, next: () => number, makeLine: () => string): string[] {
  const out = [...lines];
  for (let e = 0; e < count; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const run = 1 + Math.floor(next() * maxRun);
    const kind = next();
    const fresh = Array.from({ length: run }, makeLine);
    if (kind < 0.35) out.splice(at, 0, ...fresh);
    else if (kind < 0.7) out.splice(at, run);
    else out.splice(at, run, ...fresh.slice(0, 1 + Math.floor(next() * run)));
  }
  return out;
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const pair = (name: string, old: string | Buffer, now: string | Buffer): Pair => ({
  name,
  old: typeof old === 'string' ? text(old) : old,
  new: typeof now === 'string' ? text(now) : now,
});

const COMMON_LINES = ['}\n', '\n', '  return;\n', '  }\n', '    break;\n', '/**\n', ' */\n'];
const commonLine = (next: () => number): string => COMMON_LINES[Math.floor(next() * COMMON_LINES.length)]!;
const letterLine = (next: () => number, alphabet: number): string => `${String.fromCharCode(97 + Math.floor(next() * alphabet))}\n`;
let uniqueCount = 0;
const uniqueLine = (): string => `unique ${uniqueCount++}\n`;

/** `count` pairs from one seeded generator. */
function generate(name: string, count: number, seed: number, make: (next: () => number) => [string, string]): Pair[] {
  const next = seededRandom(seed);
  uniqueCount = 0;
  return Array.from({ length: count }, (_, i) => {
    const [old, now] = make(next);
    return pair(`${name} #${i}`, old, now);
  });
}

/** Files of node_modules that exist in two builds: x.js and x.cjs / x.mjs, x.d.ts and x.d.cts / x.d.mts. */
function siblingBuilds(root: string): Pair[] {
  const groups = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.(d\.)?[cm]?[jt]s$/.test(entry.name)) {
        const stem = path.replace(/\.(d\.)?[cm]?[jt]s$/, entry.name.includes('.d.') ? '.d' : '');
        groups.set(stem, [...(groups.get(stem) ?? []), path]);
      }
    }
  };
  walk(root);
  const pairs: Pair[] = [];
  for (const paths of groups.values()) {
    const [first, second] = paths.sort();
    if (!second) continue;
    const [old, now] = [readFileSync(first!), readFileSync(second)];
    if (old.length < 1000 || old.equals(now) || isBinary(old) || isBinary(now)) continue;
    pairs.push({ name: `${relative(root, first!)} vs ${relative(root, second)}`, old, new: now });
  }
  return pairs;
}

describe('isBinary', () => {
  it('looks for a NUL byte in the first 8000 bytes only', () => {
    expect(isBinary(text('plain\ntext\n'))).toBe(false);
    expect(isBinary(Buffer.alloc(0))).toBe(false);
    expect(isBinary(Buffer.from([0x61, 0x00, 0x62]))).toBe(true);
    const late = Buffer.alloc(9000, 0x61);
    late[7999] = 0;
    expect(isBinary(late)).toBe(true);
    late[7999] = 0x61;
    late[8000] = 0;
    expect(isBinary(late)).toBe(false);
  });

  it('agrees with git on which blobs get no line counts', () => {
    const dir = join(workDir, 'binary');
    mkdirSync(dir);
    const cases = [Buffer.from('a\0b\n'), Buffer.concat([Buffer.alloc(7999, 0x61), Buffer.from([0])]), Buffer.concat([Buffer.alloc(8000, 0x61), Buffer.from([0])])];
    for (const data of cases) {
      writeFileSync(join(dir, 'a'), text('x\n'));
      writeFileSync(join(dir, 'b'), data);
      const out = git(['diff', '--no-index', '--numstat', '--', 'a', 'b'], dir).toString();
      expect({ size: data.length, binary: out.startsWith('-\t-\t') }).toEqual({ size: data.length, binary: isBinary(data) });
    }
  });
});

describe('addedLineNumbers', () => {
  it('gives the lines of the new file that git diff -U0 shows as added', () => {
    const old = Buffer.from('a\nb\nc\nd\ne\n');
    const now = Buffer.from('a\nB\nc\nnew 1\nnew 2\nd\ne\nlast\n');
    const dir = join(workDir, 'positions');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'old'), old);
    writeFileSync(join(dir, 'new'), now);
    const hunks = git(['diff', '--no-index', '-U0', '--', 'old', 'new'], dir).toString();
    const fromGit = [...hunks.matchAll(/^@@ -\S+ \+(\d+)(?:,(\d+))? @@/gm)]
      .flatMap((m) => Array.from({ length: m[2] === undefined ? 1 : Number(m[2]) }, (_, i) => Number(m[1]) + i));
    expect(fromGit).toEqual([2, 4, 5, 8]);
    expect(addedLineNumbers(old, now)).toEqual(fromGit);
  });

  it('slides an appended function below the closing brace it shares with the one before, as git does', () => {
    const old = Buffer.from('function a() {\n  return 1;\n}\n');
    const now = Buffer.from('function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n\nfunction c() {\n}\n');
    expect(addedLineNumbers(old, now)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    const inserted = Buffer.from('function b() {\n  return 2;\n}\n\nfunction a() {\n  return 1;\n}\n');
    expect(addedLineNumbers(old, inserted)).toEqual([1, 2, 3, 4]);
  });

  it('is empty for identical blobs and every line for a new one', () => {
    expect(addedLineNumbers(Buffer.from('x\n'), Buffer.from('x\n'))).toEqual([]);
    expect(addedLineNumbers(Buffer.alloc(0), Buffer.from('x\ny'))).toEqual([1, 2]);
  });
});

describe('countLineChanges', () => {
  it('matches git on hand-picked edge cases', () => {
    const abc = 'a\nb\nc\n';
    expectSameAsGit([
      pair('both empty', '', ''),
      pair('empty to lines', '', abc),
      pair('lines to empty', abc, ''),
      pair('empty to one line without newline', '', 'x'),
      pair('empty to a lone newline', '', '\n'),
      pair('identical', abc, abc),
      pair('newline added at end', 'a\nb', 'a\nb\n'),
      pair('newline removed at end', 'a\nb\n', 'a\nb'),
      pair('last line changed, no newline', 'a\nb', 'a\nc'),
      pair('line appended after unterminated line', 'a\nb', 'a\nb\nc'),
      pair('only newlines', '\n\n\n', '\n\n'),
      pair('CRLF to LF', 'a\r\nb\r\nc\r\n', abc),
      pair('one line to CRLF', abc, 'a\nb\r\nc\n'),
      pair('lone CR is not a line end', 'a\rb\rc\n', 'a\rb\nc\n'),
      pair('trailing whitespace', abc, 'a \nb\nc\t\n'),
      pair('indentation', '  a\n  b\n', '\ta\n    b\n'),
      pair('blank lines inserted', abc, 'a\n\nb\n\n\nc\n'),
      pair('block moved down', '1\n2\n3\n4\n5\n6\n7\n8\n', '4\n5\n6\n7\n1\n2\n3\n8\n'),
      pair('block moved up', '1\n2\n3\n4\n5\n6\n7\n8\n', '1\n6\n7\n8\n2\n3\n4\n5\n'),
      pair('swap halves', 'a\nb\nc\nd\ne\nf\n', 'd\ne\nf\na\nb\nc\n'),
      pair('reversed', '1\n2\n3\n4\n5\n', '5\n4\n3\n2\n1\n'),
      pair('repeated lines', 'x\nx\nx\nx\n', 'x\nx\n'),
      pair('repeated lines interleaved', 'x\ny\nx\ny\nx\ny\n', 'y\nx\ny\nx\n'),
      pair('braces everywhere', '{\n}\n{\n}\n{\n}\n', '{\na\n}\n{\n}\nb\n'),
      pair('all lines replaced', abc, 'd\ne\nf\n'),
      pair('utf-8 and invalid bytes', Buffer.from([0xc3, 0xa9, 0x0a, 0xff, 0xfe, 0x0a]), Buffer.from([0xc3, 0xa9, 0x0a, 0xff, 0x0a])),
      pair('common head and tail', 'h\nh\nx\ny\nt\nt\n', 'h\nh\ny\nx\nt\nt\n'),
      pair('long identical lines differing at the end', `${'z'.repeat(500)}1\n`, `${'z'.repeat(500)}2\n`),
    ]);
  });

  it('matches git on a few hundred random small pairs with many repeated lines', () => {
    expectSameAsGit(generate('small', 400, 20240601, (next) => {
      // Mostly a few repeated lines; some lines unique, so runs of unmatched lines occur too.
      const alphabet = 2 + Math.floor(next() * 10);
      const makeLine = (): string => (next() < 0.2 ? uniqueLine() : letterLine(next, alphabet));
      const old = Array.from({ length: Math.floor(next() * 80) }, makeLine);
      const now = edit(old, Math.floor(next() * 12), 6, next, makeLine);
      let oldText = old.join('');
      let newText = now.join('');
      if (next() < 0.15) oldText = oldText.replace(/\n$/, '');
      if (next() < 0.15) newText = newText.replace(/\n$/, '');
      if (next() < 0.1) newText = newText.replace(/\n/g, () => (next() < 0.3 ? '\r\n' : '\n'));
      return [oldText, newText];
    }));
  });

  // Each family below was kept because it catches a deliberate one-token change of the
  // implementation (a constant, a comparison, a tie-break) that the others let through.

  it('matches git where frequent lines sit among unmatched ones', () => {
    // Line counts land on git's "frequent" threshold, a power of two near the square root of the
    // length, in stretches where most lines have no match.
    expectSameAsGit(generate('threshold', 1000, 5, (next) => {
      const alphabet = 1 + Math.floor(next() * 4);
      const unique = 0.4 + next() * 0.5;
      const makeLine = (): string => (next() < unique ? uniqueLine() : letterLine(next, alphabet));
      const old = Array.from({ length: 10 + Math.floor(next() * 300) }, makeLine);
      return [old.join(''), edit(old, Math.floor(next() * 20), 10, next, makeLine).join('')];
    }));
  });

  it('matches git on a small change inside a long unchanged file', () => {
    // The frequent-line threshold follows the whole file's length, not the changed part's.
    expectSameAsGit(generate('localized', 80, 6, (next) => {
      const alphabet = 1 + Math.floor(next() * 6);
      const unique = next() * 0.8;
      const makeLine = (): string => (next() < unique ? uniqueLine() : letterLine(next, alphabet));
      const filler = (): string => (next() < 0.3 ? letterLine(next, alphabet) : `filler ${Math.floor(next() * 1e9)}\n`);
      const n = 2000 + Math.floor(next() * 20_000);
      const head = Array.from({ length: Math.floor(next() * n) }, filler).join('');
      const tail = Array.from({ length: Math.floor(next() * n) }, filler).join('');
      const middle = Array.from({ length: 5 + Math.floor(next() * 300) }, makeLine);
      const changed = edit(middle, 1 + Math.floor(next() * 20), 10, next, makeLine);
      return [head + middle.join('') + tail, head + changed.join('') + tail];
    }));
  });

  it('matches git on medium files where the search hits its cost limit', () => {
    expectSameAsGit(generate('medium', 100, 77, (next) => {
      const n = 1000 + Math.floor(next() * 6000);
      const vocabulary = 5 + Math.floor(next() * n);
      const unique = next() * 0.3;
      const boilerplate = next() * 0.4;
      const makeLine = (): string => {
        const r = next();
        return r < unique ? uniqueLine() : r < unique + boilerplate ? commonLine(next) : `v${Math.floor(next() * vocabulary)}\n`;
      };
      const old = Array.from({ length: n }, makeLine);
      return [old.join(''), edit(old, Math.floor(next() * n / 10), 1 + Math.floor(next() * 20), next, makeLine).join('')];
    }));
    expectSameAsGit(generate('periodic', 80, 8, (next) => {
      const period = 2 + Math.floor(next() * 40);
      const n = 500 + Math.floor(next() * 8000);
      const old = Array.from({ length: n }, (_, i) => `p${i % period}\n`);
      const makeLine = (): string => (next() < 0.5 ? `p${Math.floor(next() * period)}\n` : `q${Math.floor(next() * 5)}\n`);
      return [old.join(''), edit(old, Math.floor(next() * n / 15), 1 + Math.floor(next() * 6), next, makeLine).join('')];
    }));
  });

  it('matches git on big files where xdiff stops being minimal', () => {
    const pairs: Pair[] = [];
    const shapes: Array<{ lines: number; edits: number; run: number; blocks: number; vocabulary: number }> = [
      { lines: 20_000, edits: 300, run: 8, blocks: 0, vocabulary: 4000 },
      { lines: 30_000, edits: 2000, run: 5, blocks: 5, vocabulary: 3000 },
      { lines: 50_000, edits: 1500, run: 20, blocks: 10, vocabulary: 20_000 },
      { lines: 40_000, edits: 4000, run: 3, blocks: 0, vocabulary: 300 },
      { lines: 25_000, edits: 50, run: 400, blocks: 20, vocabulary: 50 },
      { lines: 20_000, edits: 800, run: 30, blocks: 3, vocabulary: 8 },
    ];
    shapes.forEach((shape, s) => {
      const next = seededRandom(1000 + s);
      // Code-like text: frequent boilerplate lines, and lines drawn from a vocabulary of its size.
      const makeLine = (): string => (next() < 0.25 ? commonLine(next) : `  let v${Math.floor(next() * shape.vocabulary)} = f(x);\n`);
      const old = Array.from({ length: shape.lines }, makeLine);
      let now = edit(old, shape.edits, shape.run, next, makeLine);
      for (let b = 0; b < shape.blocks; b++) {
        // New code: lines never seen before, which git discards before the search, and among them
        // boilerplate lines, frequent in the other file, which git discards too when few enough.
        const at = Math.floor(next() * now.length);
        const block = Array.from({ length: 100 + Math.floor(next() * 1500) }, (_, i) =>
          next() < 0.15 ? COMMON_LINES[i % COMMON_LINES.length]! : `fresh ${s}.${b}.${i} ${Math.floor(next() * 1e9)}\n`);
        now = [...now.slice(0, at), ...block, ...now.slice(at + Math.floor(next() * 800))];
      }
      pairs.push(pair(`big #${s} (${shape.lines} lines, ${shape.edits} edits)`, old.join(''), now.join('')));
    });
    expectSameAsGit(pairs);

    // The cases are only worth their time if git's answer is not the minimal one for some of them.
    const minimal = gitNumstat(pairs, ['--minimal']);
    const ours = pairs.map((p) => countLineChanges(p.old, p.new));
    expect(ours.filter((c, i) => c.additions !== minimal[i]!.additions).length).toBeGreaterThan(0);
  });

  it('matches git on files big enough for the early split heuristics', () => {
    // Only past about 65k lines in all does xdiff's cost limit leave room for its "good enough
    // diagonal" heuristic; changes come in bursts between runs of more than 20 unchanged lines.
    const bursts = (next: () => number, old: string[], makeLine: () => string): string[] => {
      const now: string[] = [];
      const gap = 15 + Math.floor(next() * 40);
      const density = next();
      for (let i = 0; i < old.length; ) {
        const keep = Math.floor(next() * gap * 2);
        now.push(...old.slice(i, i + keep));
        i += keep;
        for (let j = Math.floor(next() * 30 * density); j > 0; j--) {
          const r = next();
          if (r < 0.4) now.push(makeLine());
          else if (r < 0.8) i++;
          else now.push(makeLine()), i++;
        }
      }
      return now;
    };
    const size = (next: () => number): number => 34_000 + Math.floor(next() * 30_000);
    expectSameAsGit([
      ...generate('bursty', 10, 10, (next) => {
        const vocabulary = 10 + Math.floor(next() * 3000);
        const makeLine = (): string => `v${Math.floor(next() * vocabulary)}\n`;
        const old = Array.from({ length: size(next) }, makeLine);
        return [old.join(''), bursts(next, old, makeLine).join('')];
      }),
      ...generate('moved blocks', 10, 11, (next) => {
        const vocabulary = 100 + Math.floor(next() * 30_000);
        const makeLine = (): string => `v${Math.floor(next() * vocabulary)}\n`;
        const old = Array.from({ length: size(next) }, makeLine);
        const chunks: string[][] = [];
        for (let i = 0; i < old.length; i += chunks[chunks.length - 1]!.length) chunks.push(old.slice(i, i + 10 + Math.floor(next() * 200)));
        for (let k = chunks.length * next() * 0.5; k > 0; k--) {
          const a = Math.floor(next() * chunks.length);
          const b = Math.floor(next() * chunks.length);
          [chunks[a], chunks[b]] = [chunks[b]!, chunks[a]!];
        }
        return [old.join(''), edit(chunks.flat(), Math.floor(old.length / 100), 3, next, makeLine).join('')];
      }),
      // Periodic text makes diagonals tie, which exercises the tie-breaks.
      ...generate('periodic bursty', 12, 12, (next) => {
        const period = 2 + Math.floor(next() * 60);
        const old = Array.from({ length: size(next) }, (_, i) => `p${i % period}\n`);
        const makeLine = (): string => (next() < 0.7 ? `p${Math.floor(next() * period)}\n` : `q${Math.floor(next() * 1000)}\n`);
        return [old.join(''), bursts(next, old, makeLine).join('')];
      }),
    ]);
  });

  it('matches git past a million lines, where the frequent-line threshold stops growing', () => {
    const next = seededRandom(14);
    uniqueCount = 0;
    const old = Array.from({ length: 1_100_000 }, () => (next() < 0.0015 ? 'x\n' : `v${Math.floor(next() * 2e6)}\n`));
    const now: string[] = [];
    for (let i = 0; i < old.length; i += Math.floor(next() * 60)) {
      const keep = Math.floor(next() * 2000);
      now.push(...old.slice(i, i + keep));
      i += keep;
      for (let j = Math.floor(next() * 60); j > 0; j--) now.push(next() < 0.1 ? 'x\n' : uniqueLine());
    }
    expectSameAsGit([pair('1.1M lines', old.join(''), now.join(''))]);
  });

  it('matches git on related real files installed with the project', () => {
    // The same module built as ESM and CommonJS, or typed for both: real code with real
    // differences. Found by globbing node_modules, so the list follows what is installed.
    const pairs = siblingBuilds(join(PROJECT_ROOT, 'node_modules'));
    expect(pairs.length).toBeGreaterThan(20);
    expectSameAsGit(pairs);
  });

  it('matches git on real file pairs of this checkout and of LINE_DIFF_REPO', () => {
    // LINE_DIFF_REPO=/path/to/any/repo (LINE_DIFF_COMMITS=n, 300 by default) adds a bigger history.
    const repos = [PROJECT_ROOT, ...(process.env.LINE_DIFF_REPO ? [process.env.LINE_DIFF_REPO] : [])];
    let compared = 0;
    for (const repo of repos) {
      const pairs = historyPairs(repo, Number(process.env.LINE_DIFF_COMMITS ?? 300));
      expectCounts(pairs, pairs.map((p) => p.git));
      compared += pairs.length;
    }
    expect(compared).toBeGreaterThan(0);
  });
});

interface HistoryPair extends Pair {
  git: Counts;
}

/**
 * Text files added, deleted or modified by the last `commits` commits of a repository, with the
 * counts `git log --numstat` printed for them. Blob ids come from `--raw`, contents from one
 * `cat-file --batch`.
 */
function historyPairs(repo: string, commits: number): HistoryPair[] {
  const log = git(['log', `-n${commits}`, '--no-merges', '--no-renames', '--diff-algorithm=myers', '--raw', '--numstat', '--abbrev=40', '-z', '--format=%x01%H'], repo).toString();
  const found: Array<{ name: string; oldOid: string; newOid: string; counts: Counts }> = [];
  for (const commit of log.split('\x01').slice(1)) {
    const fields = commit.split('\0').map((f) => f.replace(/^\n/, ''));
    const oid = fields[0]!;
    const raws: Array<{ oldOid: string; newOid: string; path: string; submodule: boolean }> = [];
    let i = 1;
    for (; fields[i]?.startsWith(':'); i += 2) {
      const [oldMode, newMode, oldOid, newOid] = fields[i]!.split(' ');
      raws.push({ oldOid: oldOid!, newOid: newOid!, path: fields[i + 1]!, submodule: oldMode === ':160000' || newMode === '160000' });
    }
    for (const raw of raws) {
      const [added, deleted] = fields[i++]!.split('\t');
      // Submodule entries name commits, not blobs; binary files have no line counts.
      if (raw.submodule || added === '-') continue;
      found.push({ name: `${oid.slice(0, 10)}:${raw.path}`, oldOid: raw.oldOid, newOid: raw.newOid, counts: { additions: Number(added), deletions: Number(deleted) } });
    }
  }
  const blobs = readBlobs(repo, found.flatMap((f) => [f.oldOid, f.newOid]));
  return found.map((f) => ({ name: f.name, old: blobs.get(f.oldOid)!, new: blobs.get(f.newOid)!, git: f.counts }));
}

function readBlobs(repo: string, oids: string[]): Map<string, Buffer> {
  // An added or deleted file shows the null id on its missing side.
  const unique = [...new Set(oids)].filter((oid) => !/^0+$/.test(oid));
  const out = git(['cat-file', '--batch'], repo, Buffer.from(unique.map((o) => `${o}\n`).join('')));
  const blobs = new Map<string, Buffer>(oids.filter((oid) => /^0+$/.test(oid)).map((oid) => [oid, Buffer.alloc(0)]));
  let at = 0;
  for (const oid of unique) {
    const headerEnd = out.indexOf(0x0a, at);
    const size = Number(out.subarray(at, headerEnd).toString().split(' ')[2]);
    blobs.set(oid, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
}
