/**
 * Chooses and opens an engine. `auto` takes the native git executable when there is one, for
 * speed, and the embedded engine otherwise; both give identical facts. Engines are imported on
 * demand so that a run loads only the one it uses.
 */
import { UsageError } from '../errors.js';
import { hasGitExecutable } from './native/git-executable.js';
import { Repository } from './repository.js';
import type { EngineName, GitBackend } from './types.js';

export type EngineChoice = EngineName | 'auto';

export async function openRepository(dir: string, engine: EngineChoice = 'auto'): Promise<Repository> {
  const chosen: EngineName = engine === 'auto' ? (hasGitExecutable() ? 'git' : 'isomorphic') : engine;
  if (chosen === 'git' && !hasGitExecutable()) throw new UsageError('--engine git needs the git executable on PATH; install git or use --engine isomorphic');
  let backend: GitBackend;
  if (chosen === 'git') backend = await (await import('./native/index.js')).openNativeBackend(dir);
  else backend = await (await import('./isomorphic/backend.js')).openIsomorphicBackend(dir);
  return new Repository(backend);
}
