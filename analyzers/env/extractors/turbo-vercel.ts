/**
 * Turborepo's `turbo.json` and Vercel's `vercel.json`: the environment variables they list, as
 * `source: 'ci'` (build and deployment configuration). Names only, never values.
 * Spec: https://turborepo.com/docs/reference/configuration, https://vercel.com/docs/project-configuration
 *
 * - turbo.json: `globalEnv`, `globalPassThroughEnv`, and each task's `env` and `passThroughEnv`,
 *   under `tasks` (turbo 2) or `pipeline` (turbo 1); turbo 1's `$X` entries in `dependsOn` and
 *   `globalDependencies` are variables too. A leading `$` is dropped; wildcards (`NEXT_PUBLIC_*`)
 *   and exclusions (`!X`) name no single variable and are skipped. Comments are allowed (turbo
 *   reads JSONC). Workspace `turbo.json` files are read the same way.
 * - vercel.json: the keys of `env` and `build.env`.
 * A file that is not valid JSON throws EnvSyntaxError.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ENV_NAME, EnvSyntaxError, type EnvExtraction, type EnvExtractor, type EnvReference } from '../model.js';
import { lineLocator } from './source-scan.js';

const fileNameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function parseJson(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error) throw new EnvSyntaxError(`it is not valid JSON (${printParseErrorCode(error.error)} at line ${lineLocator(text)(error.offset)})`);
  return root;
}

/** String entries of an array node, with their offsets. */
function arrayStrings(node: Node | undefined): Array<{ value: string; offset: number }> {
  if (node?.type !== 'array') return [];
  return (node.children ?? []).filter((item) => item.type === 'string').map((item) => ({ value: item.value as string, offset: item.offset }));
}

/** Keys of an object node, with their offsets. */
function objectKeys(node: Node | undefined): Array<{ value: string; offset: number }> {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((property) => {
    const key = property.children?.[0];
    return key?.type === 'string' ? [{ value: key.value as string, offset: key.offset }] : [];
  });
}

export function extractTurbo(text: string): EnvExtraction {
  const root = parseJson(text);
  const entries: Array<{ value: string; offset: number; dollarOnly?: boolean }> = [];
  if (root) {
    entries.push(...arrayStrings(findNodeAtLocation(root, ['globalEnv'])), ...arrayStrings(findNodeAtLocation(root, ['globalPassThroughEnv'])));
    entries.push(...arrayStrings(findNodeAtLocation(root, ['globalDependencies'])).map((e) => ({ ...e, dollarOnly: true })));
    for (const section of ['tasks', 'pipeline']) {
      const tasks = findNodeAtLocation(root, [section]);
      for (const task of tasks?.type === 'object' ? (tasks.children ?? []) : []) {
        const body = task.children?.[1];
        if (!body) continue;
        entries.push(...arrayStrings(findNodeAtLocation(body, ['env'])), ...arrayStrings(findNodeAtLocation(body, ['passThroughEnv'])));
        entries.push(...arrayStrings(findNodeAtLocation(body, ['dependsOn'])).map((e) => ({ ...e, dollarOnly: true })));
      }
    }
  }
  const names = entries.flatMap((entry) => {
    if (entry.dollarOnly && !entry.value.startsWith('$')) return [];
    const name = entry.value.replace(/^\$/, '');
    return ENV_NAME.test(name) ? [{ name, offset: entry.offset }] : [];
  });
  return declarations(text, names);
}

export function extractVercel(text: string): EnvExtraction {
  const root = parseJson(text);
  const keys = root ? [...objectKeys(findNodeAtLocation(root, ['env'])), ...objectKeys(findNodeAtLocation(root, ['build', 'env']))] : [];
  return declarations(
    text,
    keys.filter((key) => ENV_NAME.test(key.value)).map((key) => ({ name: key.value, offset: key.offset })),
  );
}

function declarations(text: string, names: Array<{ name: string; offset: number }>): EnvExtraction {
  const lineAt = lineLocator(text);
  const references: EnvReference[] = names.map(({ name, offset }) => ({ name, source: 'ci', line: lineAt(offset), default: null, required: false }));
  return { references: references.sort((a, b) => a.line - b.line), dynamic: [] };
}

export const turboVercelExtractor: EnvExtractor = {
  id: 'turbo-vercel',
  matches: (path) => fileNameOf(path) === 'turbo.json' || fileNameOf(path) === 'vercel.json',
  extract: (text, path) => (fileNameOf(path) === 'vercel.json' ? extractVercel(text) : extractTurbo(text)),
};
