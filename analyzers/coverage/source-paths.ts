/**
 * Mapping the `SF:` paths of a tracefile onto the repository's paths at TO. Path mismatch is the
 * most common failure of coverage tooling: tracefiles are written on CI machines (absolute paths
 * under another checkout folder, Windows separators), relative to whatever folder the test runner
 * started in, or with `./` prefixes.
 */
import { posix } from 'node:path';

export interface SourcePathContext {
  /** Every file of the tree at TO. */
  files: ReadonlySet<string>;
  /** The working tree's absolute path, when there is one. */
  workdir: string | null;
  /** The tracefile's folder relative to the repository root, when it lies inside the working tree. */
  tracefileFolder: string | null;
  /** The folder the paths were written from, as given by `--coverage-root`. */
  root: string | null;
}

export class SourcePathMapper {
  /** Files by base name, for matching the tail of a path written on another machine. */
  private readonly byName = new Map<string, string[]>();

  constructor(private readonly context: SourcePathContext) {
    for (const file of context.files) {
      const name = posix.basename(file);
      const list = this.byName.get(name);
      if (list) list.push(file);
      else this.byName.set(name, [file]);
    }
  }

  /** The repository path an `SF:` path names, or null when none can be told apart. */
  map(source: string): string | null {
    const path = normalise(source);
    for (const candidate of this.candidates(path)) {
      if (this.context.files.has(candidate)) return candidate;
    }
    return this.byTail(path);
  }

  private *candidates(path: string): Generator<string> {
    const { root, workdir, tracefileFolder } = this.context;
    const relativeTo = (folder: string | null): string | null => {
      if (folder === null) return null;
      const prefix = normalise(folder).replace(/\/+$/, '') + '/';
      return path.startsWith(prefix) ? path.slice(prefix.length) : null;
    };
    if (root !== null) {
      // An absolute root is the checkout folder of the machine that ran the tests; a relative one
      // is the repository folder the runner started in (a package of a monorepo).
      if (isAbsolutePath(root)) {
        const fromRoot = relativeTo(root);
        if (fromRoot !== null) yield fromRoot;
      } else if (!isAbsolutePath(path)) yield posix.normalize(posix.join(normalise(root), path));
    }
    if (isAbsolutePath(path)) {
      const fromWorkdir = relativeTo(workdir);
      if (fromWorkdir !== null) yield fromWorkdir;
      return;
    }
    // Runners write paths relative to the folder they started in: usually the tracefile's parent
    // (`coverage/lcov.info`), sometimes its own folder, a package root above it, or the repository root.
    if (tracefileFolder !== null) {
      for (let folder = tracefileFolder; ; folder = posix.dirname(folder)) {
        const joined = posix.normalize(posix.join(folder === '.' ? '' : folder, path));
        if (!joined.startsWith('../')) yield joined;
        if (folder === '.' || folder === '') break;
      }
    }
    yield posix.normalize(path);
  }

  /**
   * A path from another machine: the file at TO whose path ends with the most of its folders. One
   * shared folder at least, unless the base name is unique in the repository; a tie is no match.
   */
  private byTail(path: string): string | null {
    const segments = path.split('/').filter(Boolean);
    const candidates = this.byName.get(segments[segments.length - 1] ?? '') ?? [];
    if (candidates.length === 1) return candidates[0]!;
    let best: string | null = null;
    let bestLength = 1;
    let tied = false;
    for (const candidate of candidates) {
      const length = sharedTail(segments, candidate.split('/'));
      if (length > bestLength) [best, bestLength, tied] = [candidate, length, false];
      else if (length === bestLength) tied = true;
    }
    return tied ? null : best;
  }
}

/** Forward slashes, no `file://`, no `./` segments. */
function normalise(path: string): string {
  const slashed = path.trim().replace(/^file:\/\//, '').replace(/\\/g, '/');
  return slashed.replace(/(^|\/)(\.\/)+/g, '$1').replace(/\/{2,}/g, '/');
}

/** A path from the root of a file system, POSIX or Windows, in any of the forms tracefiles write. */
export function isAbsolutePath(path: string): boolean {
  return /^(\/|[A-Za-z]:\/)/.test(normalise(path));
}

function sharedTail(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
