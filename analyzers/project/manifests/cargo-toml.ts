/**
 * Cargo.toml: `[package]` identity and the dependency tables, including workspace-wide and
 * platform-specific ones.
 * Spec: https://doc.rust-lang.org/cargo/reference/manifest.html
 *       https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html
 */
import type { DeclaredDependency, ParsedManifest } from './parsed-manifest.js';
import { asRecord, parseTomlTable, recordAt, stringAt } from './structured-text.js';

const SECTIONS = ['dependencies', 'dev-dependencies', 'build-dependencies'] as const;

export function parseCargoToml(text: string): ParsedManifest {
  const toml = parseTomlTable(text);
  // A workspace root may have no [package]; members may inherit fields (`version.workspace = true`),
  // which are tables, not strings, and read as null here.
  const pkg = recordAt(toml, 'package');
  return {
    ecosystem: 'cargo',
    name: stringAt(pkg, 'name'),
    version: stringAt(pkg, 'version'),
    description: stringAt(pkg, 'description'),
    license: stringAt(pkg, 'license'),
    dependencies: [
      ...SECTIONS.flatMap((section) => dependencyTable(toml[section], section)),
      ...dependencyTable(recordAt(toml, 'workspace', 'dependencies'), 'workspace.dependencies'),
      ...Object.entries(recordAt(toml, 'target') ?? {}).flatMap(([platform, table]) =>
        SECTIONS.flatMap((section) => dependencyTable(asRecord(table)?.[section], `target.${platform}.${section}`)),
      ),
    ],
    scripts: [],
    runtime: null,
  };
}

/** `name = "1.0"`, or `name = { version = "1.0", features = [...] }`; git, path and workspace-inherited entries give null. */
function dependencyTable(value: unknown, type: string): DeclaredDependency[] {
  return Object.entries(asRecord(value) ?? {}).map(([name, spec]) => ({
    name,
    version: typeof spec === 'string' ? spec : stringAt(asRecord(spec), 'version'),
    type,
  }));
}
