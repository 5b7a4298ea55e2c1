/** The lockfile formats of the Cargo, Python, Go, Ruby and PHP ecosystems, one module each. */
import type { LockfileFormat } from '../model.js';
import { cargoLockFormat } from './cargo-lock.js';
import { composerLockFormat } from './composer-lock.js';
import { gemfileLockFormat } from './gemfile-lock.js';
import { goModFormat } from './go-mod.js';
import { poetryLockFormat } from './poetry-lock.js';
import { requirementsTxtFormat } from './requirements-txt.js';
import { uvLockFormat } from './uv-lock.js';

export const NON_JS_FORMATS: LockfileFormat[] = [
  cargoLockFormat,
  poetryLockFormat,
  uvLockFormat,
  requirementsTxtFormat,
  goModFormat,
  gemfileLockFormat,
  composerLockFormat,
];
