/**
 * Names a build writes into `process.env` itself. Next.js's `env` option
 * (https://nextjs.org/docs/app/api-reference/config/next-config-js/env) inlines
 * `process.env.<key>` at build time with the value the config computes, so code reading
 * `process.env.selfTrack` reads the config, not the environment: the config's own
 * `process.env.UMAMI_SELF_TRACK` is the variable a deployment sets.
 */
import type { File, Node } from '@babel/types';
import { keyName, walk } from '../../shared/js-ast.js';

const NEXT_CONFIG = /(?:^|\/)next\.config\.[cm]?[jt]s$/i;

/** The keys of a Next.js config's `env` object; none for any other file. */
export function buildDefinedNames(file: File, path: string): string[] {
  if (!NEXT_CONFIG.test(path)) return [];
  const names = new Set<string>();
  for (const { node } of walk(file.program)) {
    if (node.type !== 'ObjectExpression') continue;
    const env = node.properties.find((property) => keyName(property) === 'env');
    if (env?.type !== 'ObjectProperty' || env.value.type !== 'ObjectExpression') continue;
    for (const property of env.value.properties as Node[]) {
      const name = keyName(property);
      if (name !== null) names.add(name);
    }
  }
  return [...names].sort();
}
