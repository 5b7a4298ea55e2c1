/**
 * The project's configuration file, found the way npm tools find theirs: `impl-draft.config.json`,
 * `.mjs`, `.cjs` or `.js`, `.impl-draftrc` (JSON or YAML, also with those extensions), or an
 * `"impl-draft"` key in package.json; from the repository folder up to the working tree's root.
 * Validated here, so that a mistake names the key and the form it expects.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { defaultLoaders, lilconfig, type Loader } from 'lilconfig';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.js';

export const CONFIG_FILES = [
  'package.json',
  '.impl-draftrc',
  '.impl-draftrc.json',
  '.impl-draftrc.yaml',
  '.impl-draftrc.yml',
  'impl-draft.config.json',
  'impl-draft.config.mjs',
  'impl-draft.config.cjs',
  'impl-draft.config.js',
];

const paths = z.union([z.string().min(1), z.array(z.string().min(1))]).transform((v) => (Array.isArray(v) ? v : [v]));

const ConfigSchema = z.strictObject({
  template: z.string().min(1),
  partials: z.string().min(1),
  out: z.string().min(1),
  outDir: z.string().min(1),
  format: z.union([z.enum(['md', 'json']), z.array(z.enum(['md', 'json'])).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
  analyzers: z.record(z.string(), z.boolean()),
  ignore: paths,
  include: paths,
  coverage: z.strictObject({ lcov: paths, baseLcov: paths, root: z.string().min(1) }).partial(),
  junit: paths,
  migrations: z.strictObject({ paths }).partial(),
  routes: z.strictObject({ paths }).partial(),
  project: z.record(z.string(), z.unknown()),
  vars: z.record(z.string(), z.unknown()),
  engine: z.enum(['auto', 'git', 'isomorphic']),
  charts: z.boolean(),
  cache: z.boolean(),
}).partial();

export type ConfigValues = z.infer<typeof ConfigSchema>;

/** What each key expects, for error messages. */
const EXPECTED: Record<string, string> = {
  template: 'a built-in template name or a path to a .hbs file, such as "step-report"',
  partials: 'a folder of .hbs partials, such as "docs/partials"',
  out: 'an output path pattern, such as "docs/releases/{{to}}.md"',
  outDir: 'a folder, such as "reports"',
  format: '"md", "json" or a list of both, such as ["md", "json"]',
  analyzers: 'an object of analyzer names and true or false, such as { "routes": false }',
  ignore: 'a glob or a list of globs from the repository root, such as ["legacy/**"]',
  include: 'a glob or a list of globs from the repository root, such as ["examples/api/**"]',
  coverage: 'an object with lcov, baseLcov and root, such as { "lcov": "coverage/lcov.info" }',
  'coverage.lcov': 'a tracefile path or glob, or a list of them, such as "coverage/lcov.info"',
  'coverage.baseLcov': 'a tracefile path or glob, or a list of them, such as "base/lcov.info"',
  'coverage.root': 'the folder the tests ran in, such as "/home/runner/work/app/app"',
  junit: 'a JUnit XML path or glob, or a list of them, such as "reports/junit.xml"',
  migrations: 'an object with paths, such as { "paths": ["db/changes"] }',
  'migrations.paths': 'a folder or a list of folders from the repository root, such as ["db/changes"]',
  routes: 'an object with paths, such as { "paths": ["examples/api/**"] }',
  'routes.paths': 'a glob or a list of globs from the repository root, such as ["examples/api/**"]',
  project: 'an object of project metadata, such as { "name": "Shop API", "team": "Payments" }',
  vars: 'an object of template variables, such as { "phase": "2", "feature": "Checkout" }',
  engine: '"auto", "git" or "isomorphic"',
  charts: 'true or false',
  cache: 'true or false',
};

export interface ConfigFile {
  /** The file read, relative to the current folder when inside it. */
  path: string;
  values: ConfigValues;
}

/** A config file that does not parse or does not validate: names the file, the key and the form expected. */
export class ConfigError extends UsageError {}

const yamlLoader: Loader = (_path, content) => (content.trim() === '' ? {} : parseYaml(content));

/** lilconfig's errors do not say which file failed to load: these do. */
function naming(loader: Loader): Loader {
  return async (path, content) => {
    try {
      return await loader(path, content);
    } catch (error) {
      throw new ConfigError(`${shown(path)} does not parse: ${oneLine((error as Error).message)}`);
    }
  };
}

const LOADERS = Object.fromEntries(
  Object.entries({ ...defaultLoaders, noExt: yamlLoader, '.yaml': yamlLoader, '.yml': yamlLoader }).map(([extension, loader]) => [extension, naming(loader)]),
);

function searcher(stopDir: string | undefined) {
  return lilconfig('impl-draft', { searchPlaces: CONFIG_FILES, packageProp: 'impl-draft', ...(stopDir ? { stopDir } : {}), loaders: LOADERS });
}

/**
 * The configuration for a repository folder: `explicit` when given (`--config FILE`), else the
 * nearest file from `folder` up to the working tree's root; null when there is none.
 * Paths in it are resolved from the file's own folder.
 */
export async function loadConfig(folder: string, explicit?: string): Promise<ConfigFile | null> {
  const start = resolve(folder);
  // A folder that does not exist is the repository layer's error to explain.
  if (!explicit && !existsSync(start)) return null;
  let found;
  try {
    if (explicit) {
      if (!existsSync(explicit)) throw new UsageError(`--config ${explicit}: no such file; check the path, or drop --config to use impl-draft.config.json or package.json's "impl-draft" key`);
      found = await searcher(undefined).load(resolve(explicit));
    } else {
      found = await searcher(workingTreeRoot(start)).search(start);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new ConfigError(`the configuration file ${explicit ?? `near ${shown(start)}`} could not be read: ${oneLine((error as Error).message)}`);
  }
  if (!found || found.isEmpty) return null;
  const path = shown(found.filepath);
  return { path, values: resolvePaths(validate(path, found.config), dirname(found.filepath)) };
}

function validate(path: string, raw: unknown): ConfigValues {
  const config = raw && typeof raw === 'object' && 'default' in raw && Object.keys(raw).length === 1 ? (raw as { default: unknown }).default : raw;
  const result = ConfigSchema.safeParse(config);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
    const known = issue.path.length > 0 ? Object.keys(EXPECTED).filter((k) => k.startsWith(`${issue.path.join('.')}.`)).map((k) => k.split('.').pop()) : Object.keys(EXPECTED).filter((k) => !k.includes('.'));
    throw new ConfigError(`${path}: unknown key \`${where}${issue.keys[0]}\`; the keys are ${known.join(', ')}`);
  }
  if (issue.path.length === 0) throw new ConfigError(`${path}: the configuration must be an object of settings, such as { "template": "step-report" }`);
  const key = issue.path.filter((p) => typeof p === 'string').join('.');
  const expected = EXPECTED[key] ?? EXPECTED[String(issue.path[0])] ?? 'another form';
  throw new ConfigError(`${path}: \`${issue.path.join('.')}\` must be ${expected}`);
}

/** Relative file paths in the file mean "from the file's folder", wherever impl-draft runs. */
function resolvePaths(values: ConfigValues, base: string): ConfigValues {
  const from = (path: string) => (isAbsolute(path) ? path : join(base, path));
  const isTemplatePath = (template: string) => template.includes('/') || template.endsWith('.hbs');
  return {
    ...values,
    ...(values.template !== undefined && isTemplatePath(values.template) ? { template: from(values.template) } : {}),
    ...(values.partials !== undefined ? { partials: from(values.partials) } : {}),
    ...(values.out !== undefined ? { out: from(values.out) } : {}),
    ...(values.outDir !== undefined ? { outDir: from(values.outDir) } : {}),
    ...(values.junit !== undefined ? { junit: values.junit.map(from) } : {}),
    ...(values.coverage !== undefined
      ? {
          coverage: {
            ...values.coverage,
            ...(values.coverage.lcov ? { lcov: values.coverage.lcov.map(from) } : {}),
            ...(values.coverage.baseLcov ? { baseLcov: values.coverage.baseLcov.map(from) } : {}),
          },
        }
      : {}),
  };
}

/** The nearest folder at or above `start` that holds `.git`: the search stops there. */
function workingTreeRoot(start: string): string | undefined {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, '.git'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
