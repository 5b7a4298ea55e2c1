/**
 * YAML documents with their node positions, for the compose, Kubernetes and GitHub Actions
 * extractors. Lines come from the nodes' source ranges through yaml's LineCounter, so a name is
 * placed on the line it is written on, whatever the quoting or flow style.
 * Spec: https://eemeli.org/yaml/#documents
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { EnvSyntaxError } from '../model.js';

export interface YamlSource {
  text: string;
  documents: Document.Parsed[];
  lineAt(offset: number): number;
}

/**
 * Every document of the file; a document that does not parse makes the file unreadable.
 * `duplicateKeys` accepts a key written twice (both branches of a template's if/else).
 */
export function parseYaml(text: string, options: { duplicateKeys?: boolean } = {}): YamlSource {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: !options.duplicateKeys });
  const documents = Array.isArray(parsed) ? parsed : [];
  const error = documents.flatMap((document) => document.errors)[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
    throw new EnvSyntaxError(`it is not valid YAML (line ${line}: ${error.message.split('\n')[0]})`);
  }
  return { text, documents, lineAt: (offset) => lineCounter.linePos(offset).line };
}

/** Follows an alias (`*anchor`) to the node it names. */
export function resolved(node: unknown, document: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** The value node under `key` in a mapping, aliases followed; undefined when absent or not a mapping. */
export function child(node: unknown, key: string, document: Document.Parsed): unknown {
  const map = resolved(node, document);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair ? resolved(pair.value, document) : undefined;
}

export function asMap(node: unknown): YAMLMap | null {
  return isMap(node) ? node : null;
}

export function asSeq(node: unknown): YAMLSeq | null {
  return isSeq(node) ? node : null;
}

/** A scalar node holding a string, with its start offset in the file. */
export function stringScalar(node: unknown): { value: string; offset: number; source: Scalar } | null {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return null;
  return { value: node.value, offset: node.range[0], source: node };
}

/** A mapping's keys that are strings, with their offsets; merge keys (`<<: *base`) are followed. */
export function mapKeys(node: unknown, document: Document.Parsed, seen = new Set<Node>()): Array<{ value: string; offset: number }> {
  const map = resolved(node, document);
  if (!isMap(map) || seen.has(map)) return [];
  seen.add(map);
  return map.items.flatMap((pair) => {
    const key = stringScalar(pair.key);
    if (!key) return [];
    if (key.value === '<<') {
      const merged = resolved(pair.value, document);
      return isSeq(merged) ? merged.items.flatMap((item) => mapKeys(item, document, seen)) : mapKeys(merged, document, seen);
    }
    return [{ value: key.value, offset: key.offset }];
  });
}

/** The raw source of a scalar (quotes and escapes as written), for finding `${X}` on the right line. */
export function scalarSource(text: string, node: Scalar): { raw: string; offset: number } | null {
  return node.range ? { raw: text.slice(node.range[0], node.range[1]), offset: node.range[0] } : null;
}
