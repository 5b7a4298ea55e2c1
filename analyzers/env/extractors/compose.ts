/**
 * Docker Compose files: the variables services declare and the ones the file itself reads.
 * Spec: https://docs.docker.com/reference/compose-file/services/#environment,
 * https://docs.docker.com/reference/compose-file/interpolation/
 *
 * - `environment:` of every service, as a list (`- X=v`, `- X`) or a map (`X: v`), also inside
 *   `x-` extension blocks, through anchors (`*env`) and merge keys (`<<: *base`): the names,
 *   never the values.
 * - `${X}`, `${X:-d}`, `${X-d}`, `${X:?err}`, `${X:+r}` and `$X` anywhere in the file are read by
 *   compose from the shell environment or the project's `.env`: references too, with no default
 *   and not required (the contract records no value and no requirement from declaration files).
 *   `$$` is a literal dollar. Nested defaults (`${X:-${Y}}`) read both.
 * - `secrets:` / `configs:` entries with `environment: NAME` read NAME.
 * - `env_file:` entries are paths, not variables: they go to `envFiles`, for the analyzer to read
 *   the keys of those files as the service's declarations.
 * A file that is not valid YAML throws EnvSyntaxError.
 */
import { isMap, isScalar, isSeq, visit, type Document } from 'yaml';
import { ENV_NAME, type EnvExtraction, type EnvExtractor, type EnvReference } from '../model.js';
import { asMap, child, mapKeys, parseYaml, resolved, stringScalar, type YamlSource } from './yaml-source.js';

export function isComposePath(path: string): boolean {
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(path.slice(path.lastIndexOf('/') + 1));
}

export function extractCompose(text: string): EnvExtraction {
  const yaml = parseYaml(text);
  const envFiles = composeEnvFiles(yaml);
  const found = new Map<string, EnvReference>();
  const add = (name: string, offset: number) => {
    if (!ENV_NAME.test(name)) return;
    const reference: EnvReference = { name, source: 'compose', line: yaml.lineAt(offset), default: null, required: false };
    found.set(`${name} ${reference.line}`, reference);
  };
  for (const document of yaml.documents) {
    for (const declared of declaredNames(document)) add(declared.value, declared.offset);
    for (const top of ['secrets', 'configs']) {
      for (const entry of asMap(child(document.contents, top, document))?.items ?? []) {
        const source = stringScalar(child(resolved(entry.value, document), 'environment', document));
        if (source) add(source.value, source.offset);
      }
    }
    for (const read of interpolations(yaml, document)) add(read.name, read.offset);
  }
  const extraction: EnvExtraction = { references: [...found.values()].sort((a, b) => a.line - b.line), dynamic: [] };
  if (envFiles.length > 0) extraction.envFiles = envFiles;
  return extraction;
}

/** Names under every `environment:` mapping or list of the document. */
function declaredNames(document: Document.Parsed): Array<{ value: string; offset: number }> {
  const names: Array<{ value: string; offset: number }> = [];
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'environment') return;
      const value = resolved(pair.value, document);
      if (isMap(value)) names.push(...mapKeys(value, document));
      if (isSeq(value)) {
        for (const item of value.items) {
          const entry = stringScalar(resolved(item, document));
          // `- X=v` or `- X`: the name ends at `=`; what follows is a value and is not kept.
          if (entry) names.push({ value: entry.value.split('=')[0]!.trim(), offset: entry.offset });
        }
      }
    },
  });
  return names;
}

/** `${X…}` and `$X` in every scalar, keys included, placed by their offset in the raw source. */
function interpolations(yaml: YamlSource, document: Document.Parsed): Array<{ name: string; offset: number }> {
  const reads: Array<{ name: string; offset: number }> = [];
  visit(document, {
    Scalar(_, node) {
      if (!node.range || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const raw = yaml.text.slice(node.range[0], node.range[1]);
      for (const match of raw.matchAll(/\$(?:\$|\{([A-Za-z_]\w*)|([A-Za-z_]\w*))/g)) {
        const name = match[1] ?? match[2];
        if (name) reads.push({ name, offset: node.range[0] + match.index });
      }
    },
  });
  return reads;
}

/** The `env_file:` paths of every service, as written (relative to the compose file's folder). */
function composeEnvFiles(yaml: YamlSource): string[] {
  const paths: string[] = [];
  for (const document of yaml.documents) {
    visit(document, {
      Pair(_, pair) {
        if (!isScalar(pair.key) || pair.key.value !== 'env_file') return;
        const value = resolved(pair.value, document);
        const entries = isSeq(value) ? value.items.map((item) => resolved(item, document)) : [value];
        for (const entry of entries) {
          const file = stringScalar(entry) ?? stringScalar(child(entry, 'path', document));
          if (file) paths.push(file.value);
        }
      },
    });
  }
  return paths;
}

export const composeExtractor: EnvExtractor = {
  id: 'compose',
  matches: isComposePath,
  extract: (text) => extractCompose(text),
};
