/**
 * Template variables: the values facts cannot know (phase, step, feature name, ticket links, team
 * roles), from the config file's `vars`, a `--vars FILE` (JSON or YAML) and `--set key=value`
 * flags, later ones winning. Templates see them as `vars`.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';

export type Variables = Record<string, unknown>;

const KEY = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;

/** `--set phase=2 --set team.lead="Ann Lee"`: dotted keys nest; values stay text. */
export function variablesFromFlags(flags: readonly string[]): Variables {
  const vars: Variables = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    const key = equals === -1 ? flag : flag.slice(0, equals);
    if (equals === -1 || !KEY.test(key)) {
      throw new UsageError(`--set ${flag}: expected key=value with a key of letters, digits, _ and - (dots nest), such as --set phase=2`);
    }
    setPath(vars, key.split('.'), flag.slice(equals + 1));
  }
  return vars;
}

/** A `--vars` file: a JSON or YAML object (YAML reads JSON too). */
export function variablesFromFile(path: string): Variables {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--vars ${path}: no such file; give a JSON or YAML file of template variables`);
  }
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : parseYaml(text);
  } catch (error) {
    throw new UsageError(`--vars ${path} does not parse: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(value)) throw new UsageError(`--vars ${path}: expected an object of variables, such as { "phase": "2", "feature": "Checkout" }`);
  return value;
}

/** Later layers win, key by key, nested objects merged. */
export function mergeVariables(...layers: Variables[]): Variables {
  const merged: Variables = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const current = merged[key];
      merged[key] = isObject(current) && isObject(value) ? mergeVariables(current, value) : value;
    }
  }
  return merged;
}

function setPath(vars: Variables, keys: string[], value: string): void {
  let node = vars;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Variables;
  }
  node[keys[keys.length - 1]!] = value;
}

function isObject(value: unknown): value is Variables {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
