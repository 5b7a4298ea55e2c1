/**
 * Languages by file extension. Only source languages count: prose and data formats (Markdown,
 * JSON, YAML, TOML, XML, CSV), lockfiles, images and other assets have no entry, so they are
 * left out without a separate binary check. Minified bundles (`*.min.js`) are build output.
 */

/** `code` languages may appear in the stack; `markup` ones (HTML, styles, templates) only in the counts. */
export type LanguageKind = 'code' | 'markup';

interface LanguageSpec {
  name: string;
  kind: LanguageKind;
  extensions: string[];
}

const LANGUAGES: LanguageSpec[] = [
  { name: 'TypeScript', kind: 'code', extensions: ['ts', 'tsx', 'mts', 'cts'] },
  { name: 'JavaScript', kind: 'code', extensions: ['js', 'jsx', 'mjs', 'cjs'] },
  { name: 'Python', kind: 'code', extensions: ['py', 'pyi'] },
  { name: 'Go', kind: 'code', extensions: ['go'] },
  { name: 'Ruby', kind: 'code', extensions: ['rb', 'rake'] },
  { name: 'Rust', kind: 'code', extensions: ['rs'] },
  { name: 'Java', kind: 'code', extensions: ['java'] },
  { name: 'Kotlin', kind: 'code', extensions: ['kt', 'kts'] },
  { name: 'Scala', kind: 'code', extensions: ['scala'] },
  { name: 'PHP', kind: 'code', extensions: ['php'] },
  { name: 'C#', kind: 'code', extensions: ['cs'] },
  { name: 'C', kind: 'code', extensions: ['c', 'h'] },
  { name: 'C++', kind: 'code', extensions: ['cc', 'cpp', 'cxx', 'hh', 'hpp', 'hxx'] },
  { name: 'Swift', kind: 'code', extensions: ['swift'] },
  { name: 'Dart', kind: 'code', extensions: ['dart'] },
  { name: 'Elixir', kind: 'code', extensions: ['ex', 'exs'] },
  { name: 'Lua', kind: 'code', extensions: ['lua'] },
  { name: 'Shell', kind: 'code', extensions: ['sh', 'bash', 'zsh'] },
  { name: 'PowerShell', kind: 'code', extensions: ['ps1', 'psm1'] },
  { name: 'SQL', kind: 'code', extensions: ['sql'] },
  { name: 'HTML', kind: 'markup', extensions: ['html', 'htm'] },
  { name: 'CSS', kind: 'markup', extensions: ['css'] },
  { name: 'SCSS', kind: 'markup', extensions: ['scss', 'sass'] },
  { name: 'Less', kind: 'markup', extensions: ['less'] },
  { name: 'Vue', kind: 'markup', extensions: ['vue'] },
  { name: 'Svelte', kind: 'markup', extensions: ['svelte'] },
  { name: 'Astro', kind: 'markup', extensions: ['astro'] },
  { name: 'Handlebars', kind: 'markup', extensions: ['hbs', 'handlebars'] },
];

const BY_EXTENSION: ReadonlyMap<string, LanguageSpec> = new Map(LANGUAGES.flatMap((spec) => spec.extensions.map((ext) => [ext, spec] as const)));

export interface LanguageCount {
  name: string;
  kind: LanguageKind;
  files: number;
  /** The extensions seen, sorted: evidence for the stack. */
  extensions: string[];
}

/** The extension (lower-cased) when the path is a source file of a known language, else null. */
function sourceExtension(path: string): string | null {
  const fileName = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/\.min\.(?:js|css)$/.test(fileName)) return null;
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = fileName.slice(dot + 1);
  return BY_EXTENSION.has(extension) ? extension : null;
}

/** Counts the given files (already filtered to the project's own), most files first, then name. */
export function countLanguages(paths: Iterable<string>): LanguageCount[] {
  const counts = new Map<string, { spec: LanguageSpec; files: number; extensions: Set<string> }>();
  for (const path of paths) {
    const extension = sourceExtension(path);
    if (!extension) continue;
    const spec = BY_EXTENSION.get(extension)!;
    const count = counts.get(spec.name) ?? { spec, files: 0, extensions: new Set<string>() };
    count.files++;
    count.extensions.add(extension);
    counts.set(spec.name, count);
  }
  return [...counts.values()]
    .map(({ spec, files, extensions }) => ({ name: spec.name, kind: spec.kind, files, extensions: [...extensions].sort() }))
    .sort((a, b) => b.files - a.files || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
