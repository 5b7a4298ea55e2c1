/**
 * The manifest formats, recognised by file name. Every parser returns a ParsedManifest and throws
 * ManifestSyntaxError for a file it cannot read.
 */
import { parseCargoToml } from './cargo-toml.js';
import { parseComposerJson } from './composer-json.js';
import { parseGemfile } from './gemfile.js';
import { parseGoMod } from './go-mod.js';
import { listGradleBuild, listMavenPom } from './jvm-build-files.js';
import { parsePackageJson } from './package-json.js';
import type { Ecosystem, ParsedManifest } from './parsed-manifest.js';
import { parsePyprojectToml } from './pyproject-toml.js';
import { parseRequirementsTxt } from './requirements-txt.js';

export { ManifestSyntaxError, decodeText } from './structured-text.js';
export type { DeclaredDependency, DeclaredRuntime, Ecosystem, ParsedManifest } from './parsed-manifest.js';

export interface ManifestFormat {
  ecosystem: Ecosystem;
  parse(text: string): ParsedManifest;
}

const BY_FILE_NAME: ReadonlyMap<string, ManifestFormat> = new Map([
  ['package.json', { ecosystem: 'npm', parse: parsePackageJson }],
  ['pyproject.toml', { ecosystem: 'pypi', parse: parsePyprojectToml }],
  ['Cargo.toml', { ecosystem: 'cargo', parse: parseCargoToml }],
  ['go.mod', { ecosystem: 'go', parse: parseGoMod }],
  ['Gemfile', { ecosystem: 'rubygems', parse: parseGemfile }],
  ['composer.json', { ecosystem: 'composer', parse: parseComposerJson }],
  ['pom.xml', { ecosystem: 'maven', parse: listMavenPom }],
  ['build.gradle', { ecosystem: 'gradle', parse: listGradleBuild }],
  ['build.gradle.kts', { ecosystem: 'gradle', parse: listGradleBuild }],
]);

const REQUIREMENTS: ManifestFormat = { ecosystem: 'pypi', parse: parseRequirementsTxt };

/**
 * The format of a path, or null when it is not a manifest. pip has no fixed file name: take
 * `requirements*.txt` anywhere and any `.txt` in a `requirements/` folder (Django's
 * `requirements/base.txt`, `requirements/dev.txt` layout).
 */
export function manifestFormatOf(path: string): ManifestFormat | null {
  const segments = path.split('/');
  const fileName = segments[segments.length - 1]!;
  const known = BY_FILE_NAME.get(fileName);
  if (known) return known;
  if (/^requirements.*\.txt$/.test(fileName)) return REQUIREMENTS;
  if (fileName.endsWith('.txt') && segments[segments.length - 2] === 'requirements') return REQUIREMENTS;
  return null;
}

/** Which root manifest names the project, most specific first (see README). */
export const ROOT_MANIFEST_PRECEDENCE = ['package.json', 'pyproject.toml', 'Cargo.toml', 'composer.json', 'go.mod'] as const;
