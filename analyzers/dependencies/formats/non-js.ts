/** The lockfile formats beyond JavaScript: Cargo, PyPI, Go, RubyGems and Composer (next commit). */
import type { LockfileFormat } from '../model.js';

export const NON_JS_FORMATS: LockfileFormat[] = [];
