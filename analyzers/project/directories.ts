/** Folders two levels deep with the number of files (and symlinks) anywhere below each. */
import { comparePaths } from './path-rules.js';

const DEPTH = 2;

/** `paths` are the files to count, already without excluded folders. */
export function countDirectories(paths: Iterable<string>): Array<{ path: string; files: number }> {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const folders = path.split('/').slice(0, -1);
    for (let depth = 1; depth <= Math.min(DEPTH, folders.length); depth++) {
      const folder = folders.slice(0, depth).join('/');
      counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
  }
  return [...counts].map(([path, files]) => ({ path, files })).sort((a, b) => comparePaths(a.path, b.path));
}
