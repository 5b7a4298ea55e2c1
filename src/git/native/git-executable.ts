/**
 * Whether the git executable is installed. Kept apart from the engine so that choosing an engine
 * does not load it.
 */
import { spawnSync } from 'node:child_process';

let gitExecutableFound: boolean | undefined;

/** True when `git --version` runs; checked once per process. */
export function hasGitExecutable(): boolean {
  if (gitExecutableFound === undefined) {
    const result = spawnSync('git', ['--version'], { stdio: 'ignore', windowsHide: true });
    gitExecutableFound = !result.error && result.status === 0;
  }
  return gitExecutableFound;
}
