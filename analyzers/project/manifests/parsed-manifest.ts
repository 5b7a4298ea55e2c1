/**
 * The one shape every manifest parser returns, whatever the ecosystem: the facts the project
 * analyzer needs, each either read from the file or null/empty.
 */
import type { z } from 'zod';
import type { ManifestFactSchema } from '../../../src/facts/schema.js';

export type Ecosystem = z.infer<typeof ManifestFactSchema>['ecosystem'];

export interface DeclaredDependency {
  name: string;
  /** The version or range as written; null when the manifest declares none (a git or path dependency). */
  version: string | null;
  /** The section the dependency is declared in, as the manifest names it (see README). */
  type: string;
}

/** A runtime version the manifest itself declares: `engines.node`, `requires-python`, the go directive. */
export interface DeclaredRuntime {
  name: 'Node.js' | 'Python' | 'Go' | 'Ruby' | 'PHP';
  version: string;
  /** Where in the manifest, for evidence: `engines.node`, `requires-python`, `go`. */
  field: string;
}

export interface ParsedManifest {
  ecosystem: Ecosystem;
  name: string | null;
  version: string | null;
  description: string | null;
  license: string | null;
  dependencies: DeclaredDependency[];
  /** npm scripts in file order; empty for other ecosystems. */
  scripts: Array<{ name: string; command: string }>;
  runtime: DeclaredRuntime | null;
}

/** A manifest that is listed but not read (Maven, Gradle), or whose contents could not be parsed. */
export function unreadManifest(ecosystem: Ecosystem): ParsedManifest {
  return { ecosystem, name: null, version: null, description: null, license: null, dependencies: [], scripts: [], runtime: null };
}
