/**
 * Recognises the tech stack from facts already gathered (languages counted, manifests parsed,
 * a few marker and version files), by tables: languages by share of files, runtimes by version
 * files and manifest fields, packages by known-packages.ts. Pure: no I/O.
 * One entry per (category, name); where several things are evidence for it, the first wins, in
 * this order: version file at the root, then manifests root first (shallower, then tree order),
 * within a manifest by section and package name.
 */
import type { StackEntry } from '../../src/facts/schema.js';
import { STACK_CATEGORIES } from '../../src/facts/stack-categories.js';
import { recognisePackage } from './known-packages.js';
import type { LanguageCount } from './languages.js';
import type { DeclaredRuntime, Ecosystem, ParsedManifest } from './manifests/index.js';
import { compareByDepth } from './path-rules.js';

export interface ManifestAtPath {
  path: string;
  manifest: ParsedManifest;
}

export interface StackInputs {
  languages: LanguageCount[];
  /** The project's own manifests (no sample code), in any order. */
  manifests: ManifestAtPath[];
  /** The project's own file paths, for marker files such as tsconfig.json. */
  paths: string[];
  /** Contents of the version files at the root (`.nvmrc`, ...), by file name. */
  versionFiles: ReadonlyMap<string, string>;
}

/** A code language with at least this share of the counted source files is part of the stack. */
const LANGUAGE_SHARE = 0.1;

const RUNTIMES: ReadonlyArray<{ name: DeclaredRuntime['name']; versionFiles: string[]; ecosystem: Ecosystem }> = [
  { name: 'Node.js', versionFiles: ['.nvmrc', '.node-version'], ecosystem: 'npm' },
  { name: 'Python', versionFiles: ['.python-version'], ecosystem: 'pypi' },
  { name: 'Go', versionFiles: [], ecosystem: 'go' },
  { name: 'Ruby', versionFiles: ['.ruby-version'], ecosystem: 'rubygems' },
  { name: 'PHP', versionFiles: [], ecosystem: 'composer' },
];

/** Root version files the analyzer reads for RUNTIMES. */
export const VERSION_FILES: ReadonlySet<string> = new Set(RUNTIMES.flatMap((runtime) => runtime.versionFiles));

/** Files whose presence alone names a runtime with no manifest of its own. */
const RUNTIME_MARKERS: ReadonlyArray<{ name: string; fileNames: string[] }> = [
  { name: 'Deno', fileNames: ['deno.json', 'deno.jsonc'] },
  { name: 'Bun', fileNames: ['bun.lock', 'bun.lockb', 'bunfig.toml'] },
];

const MARKER_FILE_NAMES: ReadonlySet<string> = new Set(['tsconfig.json', ...RUNTIME_MARKERS.flatMap((marker) => marker.fileNames)]);

const CATEGORY_ORDER: readonly string[] = STACK_CATEGORIES;

export function recogniseStack(inputs: StackInputs): StackEntry[] {
  const manifests = [...inputs.manifests].sort((a, b) => compareByDepth(a.path, b.path));
  // Only a handful of file names matter; picking them first keeps a large tree from being sorted.
  const paths = inputs.paths.filter((path) => MARKER_FILE_NAMES.has(fileNameOf(path))).sort(compareByDepth);
  const candidates = [
    ...languageEntries(inputs.languages, paths),
    ...runtimeEntries(manifests, inputs.versionFiles),
    ...markerEntries(paths),
    ...packageEntries(manifests),
    ...nodeTestRunnerEntries(manifests),
  ];
  const chosen = new Map<string, StackEntry>();
  for (const entry of candidates) {
    const key = `${entry.category}\u0000${entry.name}`;
    if (!chosen.has(key)) chosen.set(key, entry);
  }
  return [...chosen.values()].sort(
    (a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** The most common code language, every other with a real share, and TypeScript when configured. */
function languageEntries(languages: LanguageCount[], paths: string[]): StackEntry[] {
  const total = languages.reduce((sum, language) => sum + language.files, 0);
  const code = languages.filter((language) => language.kind === 'code');
  const tsconfig = paths.find((path) => fileNameOf(path) === 'tsconfig.json');
  const entries: StackEntry[] = code
    .filter((language, index) => index === 0 || language.files / total >= LANGUAGE_SHARE || (language.name === 'TypeScript' && tsconfig))
    .map((language) => ({
      category: 'language',
      name: language.name,
      evidence: [...(language.name === 'TypeScript' && tsconfig ? [tsconfig] : []), `${language.extensions.map((ext) => `*.${ext}`).join(', ')} files`].join(', '),
      version: null,
    }));
  if (tsconfig && !code.some((language) => language.name === 'TypeScript')) entries.push({ category: 'language', name: 'TypeScript', evidence: tsconfig, version: null });
  return entries;
}

/**
 * A runtime's version comes from a root version file (the exact version developers and CI run),
 * else from the nearest manifest that declares one (`engines.node`, `requires-python`, the go
 * directive); a runtime whose ecosystem has manifests but no declared version gets null.
 */
function runtimeEntries(manifests: ManifestAtPath[], versionFiles: ReadonlyMap<string, string>): StackEntry[] {
  return RUNTIMES.flatMap(({ name, versionFiles: fileNames, ecosystem }): StackEntry[] => {
    for (const fileName of fileNames) {
      const version = firstLine(versionFiles.get(fileName));
      if (version) return [{ category: 'runtime', name, evidence: fileName, version }];
    }
    const declared = manifests.find(({ manifest }) => manifest.runtime?.name === name);
    if (declared) return [{ category: 'runtime', name, evidence: `${declared.path}: ${declared.manifest.runtime!.field}`, version: declared.manifest.runtime!.version }];
    const any = manifests.find(({ manifest }) => manifest.ecosystem === ecosystem);
    return any ? [{ category: 'runtime', name, evidence: any.path, version: null }] : [];
  });
}

function markerEntries(paths: string[]): StackEntry[] {
  return RUNTIME_MARKERS.flatMap(({ name, fileNames }): StackEntry[] => {
    const marker = paths.find((path) => fileNames.includes(fileNameOf(path)));
    return marker ? [{ category: 'runtime', name, evidence: marker, version: null }] : [];
  });
}

function packageEntries(manifests: ManifestAtPath[]): StackEntry[] {
  return manifests.flatMap(({ path, manifest }) =>
    [...manifest.dependencies]
      .sort((a, b) => compareText(a.type, b.type) || compareText(a.name, b.name))
      .flatMap((dependency) =>
        recognisePackage(manifest.ecosystem, dependency.name).map((known) => ({
          category: known.category,
          name: known.name,
          evidence: `${path}: ${dependency.name}`,
          version: known.carriesVersion ? dependency.version : null,
        })),
      ),
  );
}

/** Node's built-in runner has no package to declare: a script running `node --test` is the evidence. */
function nodeTestRunnerEntries(manifests: ManifestAtPath[]): StackEntry[] {
  return manifests.flatMap(({ path, manifest }) =>
    manifest.scripts
      .filter((script) => runsNodeTestRunner(script.command))
      .map((script): StackEntry => ({ category: 'testing', name: 'Node.js test runner', evidence: `${path}: scripts.${script.name}`, version: null })),
  );
}

/** `node --test`, `NODE_ENV=test node --import tsx --test`, `tsx --test` (which runs node:test), in any step of a chain. */
export function runsNodeTestRunner(command: string): boolean {
  return command.split(/&&|\|\||[;|]/).some((step) => {
    const words = step.trim().split(/\s+/);
    const program = words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) && word !== 'cross-env');
    return (program === 'node' || program === 'tsx') && words.includes('--test');
  });
}

function firstLine(text: string | undefined): string | null {
  const line = text?.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  return line ?? null;
}

function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
