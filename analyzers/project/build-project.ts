/**
 * Assembles the `project` fact from what the analyzer read. Pure: no I/O.
 */
import type { z } from 'zod';
import type { DeclaredDependencySchema, Project } from '../../src/facts/schema.js';
import { countDirectories } from './directories.js';
import { countLanguages } from './languages.js';
import type { TreeLayout } from './layout.js';
import { ROOT_MANIFEST_PRECEDENCE } from './manifests/index.js';
import type { Ecosystem, ParsedManifest } from './manifests/index.js';
import { comparePaths } from './path-rules.js';
import { recogniseStack, type ManifestAtPath } from './stack.js';

export interface ReadManifest {
  path: string;
  ecosystem: Ecosystem;
  /** Null when the file could not be parsed (a warning says why). */
  manifest: ParsedManifest | null;
}

export interface ProjectInputs {
  layout: TreeLayout;
  manifests: ReadManifest[];
  /** Root version files' contents, by file name. */
  versionFiles: ReadonlyMap<string, string>;
  repositoryName: string;
  branch: string | null;
  tags: string[];
  date: string;
}

type Dependency = z.infer<typeof DeclaredDependencySchema>;

export function buildProject(inputs: ProjectInputs): Project {
  const manifests = [...inputs.manifests].sort((a, b) => comparePaths(a.path, b.path));
  const readable = manifests.filter((m): m is ManifestAtPath & ReadManifest => m.manifest !== null);
  const root = rootManifest(readable, inputs.layout.roots);
  const languages = countLanguages(inputs.layout.sourcePaths);
  return {
    name: root?.name ?? inputs.repositoryName,
    version: root?.version ?? null,
    description: root?.description ?? null,
    license: root?.license ?? null,
    branch: inputs.branch,
    tags: inputs.tags,
    date: inputs.date,
    manifests: manifests.map(({ path, ecosystem, manifest }) => ({ path, ecosystem, name: manifest?.name ?? null, version: manifest?.version ?? null })),
    languages: languages.map(({ name, files }) => ({ name, files })),
    stack: recogniseStack({ languages, manifests: readable, paths: inputs.layout.sourcePaths, versionFiles: inputs.versionFiles }),
    dependencies: readable
      .flatMap(({ path, manifest }): Dependency[] => manifest.dependencies.map((d) => ({ manifest: path, name: d.name, version: d.version, type: d.type })))
      .sort((a, b) => comparePaths(a.manifest, b.manifest) || compareText(a.type, b.type) || compareText(a.name, b.name)),
    scripts: readable.flatMap(({ path, manifest }) => manifest.scripts.map((s) => ({ manifest: path, name: s.name, command: s.command }))),
    directories: countDirectories(inputs.layout.countedPaths),
  };
}

/**
 * The manifest at the root that names the project: the first in ROOT_MANIFEST_PRECEDENCE that has
 * a name (a private monorepo root or a Cargo workspace may have none), else the first at all.
 * With `--path`, the roots are its folders, in order: a workspace package names itself.
 */
function rootManifest(manifests: ManifestAtPath[], roots: readonly string[]): ParsedManifest | null {
  const atRoot = roots.flatMap((root) =>
    ROOT_MANIFEST_PRECEDENCE.flatMap((fileName) => manifests.filter((m) => m.path === (root === '' ? fileName : `${root}/${fileName}`)).map((m) => m.manifest)),
  );
  return atRoot.find((manifest) => manifest.name !== null) ?? atRoot[0] ?? null;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
