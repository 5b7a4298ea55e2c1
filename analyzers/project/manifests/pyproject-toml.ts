/**
 * pyproject.toml in its three dependency dialects: PEP 621 `[project]`, PEP 735
 * `[dependency-groups]`, and Poetry's `[tool.poetry]` tables (Poetry 1 and 2).
 * Specs: https://packaging.python.org/en/latest/specifications/pyproject-toml/
 *        https://packaging.python.org/en/latest/specifications/dependency-groups/
 *        https://python-poetry.org/docs/pyproject/
 */
import type { DeclaredDependency, DeclaredRuntime, ParsedManifest } from './parsed-manifest.js';
import { parseRequirement } from './pep508.js';
import { asRecord, parseTomlTable, recordAt, stringAt, stringItems, type UnknownRecord } from './structured-text.js';

export function parsePyprojectToml(text: string): ParsedManifest {
  const toml = parseTomlTable(text);
  const project = recordAt(toml, 'project');
  const poetry = recordAt(toml, 'tool', 'poetry');
  return {
    ecosystem: 'pypi',
    name: stringAt(project, 'name') ?? stringAt(poetry, 'name'),
    // PEP 621 projects often declare `dynamic = ["version"]`: then no version is written here.
    version: stringAt(project, 'version') ?? stringAt(poetry, 'version'),
    description: stringAt(project, 'description') ?? stringAt(poetry, 'description'),
    license: licenseOf(project) ?? stringAt(poetry, 'license'),
    dependencies: [...projectDependencies(project), ...dependencyGroups(toml), ...poetryDependencies(poetry)],
    scripts: [],
    runtime: pythonRuntime(project, poetry),
  };
}

/** PEP 639 SPDX string, or the older `{ text = "MIT" }` table; `{ file = ... }` names no license. */
function licenseOf(project: UnknownRecord | null): string | null {
  return stringAt(project, 'license') ?? stringAt(recordAt(project, 'license'), 'text');
}

function projectDependencies(project: UnknownRecord | null): DeclaredDependency[] {
  const main = requirements(stringItems(project?.['dependencies']), 'project.dependencies');
  const extras = Object.entries(recordAt(project, 'optional-dependencies') ?? {}).flatMap(([extra, list]) =>
    requirements(stringItems(list), `project.optional-dependencies.${extra}`),
  );
  return [...main, ...extras];
}

/** Items are requirement strings or `{ include-group = "..." }` tables, which repeat another group. */
function dependencyGroups(toml: UnknownRecord): DeclaredDependency[] {
  return Object.entries(recordAt(toml, 'dependency-groups') ?? {}).flatMap(([group, list]) =>
    requirements(stringItems(list), `dependency-groups.${group}`),
  );
}

function requirements(lines: string[], type: string): DeclaredDependency[] {
  return lines.flatMap((line) => {
    const requirement = parseRequirement(line);
    return requirement ? [{ ...requirement, type }] : [];
  });
}

function poetryDependencies(poetry: UnknownRecord | null): DeclaredDependency[] {
  const sections: Array<[string, UnknownRecord | null]> = [
    ['tool.poetry.dependencies', recordAt(poetry, 'dependencies')],
    // Poetry 1.0 form, still common.
    ['tool.poetry.dev-dependencies', recordAt(poetry, 'dev-dependencies')],
    ...Object.keys(recordAt(poetry, 'group') ?? {}).map((group): [string, UnknownRecord | null] => [
      `tool.poetry.group.${group}.dependencies`,
      recordAt(poetry, 'group', group, 'dependencies'),
    ]),
  ];
  return sections.flatMap(([type, table]) =>
    Object.entries(table ?? {})
      // `python` is the interpreter constraint, reported as the runtime rather than as a library.
      .filter(([name]) => name.toLowerCase() !== 'python')
      .map(([name, spec]) => ({ name, version: poetryVersion(spec), type })),
  );
}

/**
 * `"^2.0"`, or a table such as `{ version = "^2.0", extras = ["x"] }`; git, path and url tables and
 * multiple-constraint arrays give null.
 */
function poetryVersion(spec: unknown): string | null {
  if (typeof spec === 'string') return spec;
  return stringAt(asRecord(spec), 'version');
}

function pythonRuntime(project: UnknownRecord | null, poetry: UnknownRecord | null): DeclaredRuntime | null {
  const requiresPython = stringAt(project, 'requires-python');
  if (requiresPython) return { name: 'Python', version: requiresPython, field: 'requires-python' };
  const poetryPython = poetryVersion(recordAt(poetry, 'dependencies')?.['python']);
  return poetryPython ? { name: 'Python', version: poetryPython, field: 'tool.poetry.dependencies.python' } : null;
}
