/**
 * Where the extraction cache lives: `$IMPL_DRAFT_CACHE_DIR`; else `node_modules/.cache/impl-draft`
 * of the nearest folder, from the current one upward, that has a node_modules folder (where
 * Babel, ESLint and Vite keep theirs, so that `rm -rf node_modules` clears it too); else the
 * user's cache folder, `$XDG_CACHE_HOME/impl-draft` or `~/.cache/impl-draft`
 * (https://specifications.freedesktop.org/basedir-spec/latest/).
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface CacheLocationInputs {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
}

export function cacheRootFor({ env = process.env, cwd = process.cwd(), home = homedir() }: CacheLocationInputs = {}): string {
  const chosen = env['IMPL_DRAFT_CACHE_DIR'];
  if (chosen) return resolve(cwd, chosen);
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    if (isDirectory(join(folder, 'node_modules'))) return join(folder, 'node_modules', '.cache', 'impl-draft');
    if (dirname(folder) === folder) break;
  }
  // The specification says a relative XDG_CACHE_HOME is invalid and to be ignored.
  const xdg = env['XDG_CACHE_HOME'];
  return xdg && isAbsolute(xdg) ? join(xdg, 'impl-draft') : join(home, '.cache', 'impl-draft');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
