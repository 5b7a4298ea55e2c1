/**
 * Environment variables read by JavaScript and TypeScript, and by the script blocks of Vue, Svelte
 * and Astro components, parsed by ../../shared/javascript-source.ts and read by ./js-env-reads.ts.
 * Minified and generated bundles are skipped (see looksMinified).
 */
import { isJavaScriptPath, looksMinified, parseScripts } from '../../shared/javascript-source.js';
import { EnvSyntaxError, type EnvExtraction, type EnvExtractor } from '../model.js';
import { buildDefinedNames } from './js-build-defined.js';
import { findEnvReads } from './js-env-reads.js';

export { looksMinified } from '../../shared/javascript-source.js';

/**
 * Every read this extractor knows names `env` (`process.env`, `import.meta.env`, `Bun.env`,
 * `$env/…`, `cleanEnv`, `createEnv`, env-var) or `config` (`configService.get`): a file with
 * neither word is not parsed, which spares Babel most components of a front end.
 */
const MAY_READ_ENV = /env|config/i;

export const javascriptExtractor: EnvExtractor = {
  id: 'javascript',
  matches: isJavaScriptPath,
  extract(text, path) {
    const extraction: EnvExtraction = { references: [], dynamic: [] };
    if (!MAY_READ_ENV.test(text) || looksMinified(text, path)) return extraction;
    for (const { file, code } of parseScripts(text, path, EnvSyntaxError)) {
      const found = findEnvReads(file, code);
      extraction.references.push(...found.references);
      extraction.dynamic.push(...found.dynamic);
      const defined = buildDefinedNames(file, path);
      if (defined.length > 0) extraction.buildDefined = defined;
    }
    return extraction;
  },
};
