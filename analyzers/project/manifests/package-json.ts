/**
 * package.json: identity, the four dependency sections, scripts and `engines.node`.
 * Spec: https://docs.npmjs.com/cli/v10/configuring-npm/package-json
 */
import type { ParsedManifest } from './parsed-manifest.js';
import { parseJsonObject, recordAt, stringAt, stringEntries, type UnknownRecord } from './structured-text.js';

const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

export function parsePackageJson(text: string): ParsedManifest {
  const json = parseJsonObject(text);
  const node = stringAt(recordAt(json, 'engines'), 'node');
  return {
    ecosystem: 'npm',
    name: stringAt(json, 'name'),
    version: stringAt(json, 'version'),
    description: stringAt(json, 'description'),
    license: licenseOf(json),
    dependencies: DEPENDENCY_SECTIONS.flatMap((section) => stringEntries(json[section]).map(([name, version]) => ({ name, version, type: section }))),
    scripts: stringEntries(json['scripts']).map(([name, command]) => ({ name, command })),
    runtime: node ? { name: 'Node.js', version: node, field: 'engines.node' } : null,
  };
}

/** An SPDX string, or the deprecated `{ "type": "MIT" }` object older packages still carry. */
function licenseOf(json: UnknownRecord): string | null {
  return stringAt(json, 'license') ?? stringAt(recordAt(json, 'license'), 'type');
}
