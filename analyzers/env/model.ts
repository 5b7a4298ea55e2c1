/**
 * The contract between the env extractors and the env diff. An extractor reads one file's text
 * and returns every environment variable it references or declares, with the line; the analyzer
 * decides which files to read and compares the two ends of the range.
 */

/** Where a variable was found: read by code, or declared by an example, compose, Kubernetes or CI file. */
export type EnvSource = 'code' | 'example' | 'compose' | 'k8s' | 'ci';

export interface EnvReference {
  name: string;
  source: EnvSource;
  /** 1-based line of the reference. */
  line: number;
  /**
   * A literal default written in code (`process.env.PORT ?? '3000'`, `os.getenv("X", "d")`), as
   * written; null when there is none. Never a value read from a declaration file: .env, example,
   * compose and CI values are not recorded at all.
   */
  default: string | null;
  /**
   * True when code reads it with no default and no optional reading (`process.env?.X`,
   * `os.environ.get`, `os.LookupEnv`, `ENV.fetch` with a default); always false for declarations.
   */
  required: boolean;
}

/** A read whose variable name is computed at run time (`process.env[name]`): reported, not guessed. */
export interface DynamicEnvRead {
  line: number;
  /** The expression as written, cut to 80 characters. */
  expression: string;
}

export interface EnvExtraction {
  references: EnvReference[];
  dynamic: DynamicEnvRead[];
  /**
   * Names the build itself puts into the environment (the keys of Next.js's `env` option): code
   * reading them reads the build's value, so they are not variables a deployment sets.
   */
  buildDefined?: string[];
  /** Files a compose service loads with `env_file:`, as written (relative to the compose file's folder). */
  envFiles?: string[];
}

export interface EnvExtractor {
  /** Short name for warnings and docs: `javascript`, `python`, `compose`, ... */
  id: string;
  /** True when the file at this path (from the repository root) is this extractor's to read. */
  matches(path: string): boolean;
  /**
   * Every reference in the file. Throws EnvSyntaxError when the file cannot be read at all (a YAML
   * file that does not parse); a source file with syntax errors is read as far as it goes.
   */
  extract(text: string, path: string): EnvExtraction;
}

/** A file an extractor cannot read; the message is the cause, to follow "<path> was not read: ". */
export class EnvSyntaxError extends Error {
  override name = 'EnvSyntaxError';
}

/** Names a variable can have: what POSIX shells accept, which every platform's environment allows. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
