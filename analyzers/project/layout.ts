/**
 * Sorts the tree at TO into what the analyzer reads (manifests, root version files) and what it
 * only counts, by the path rules. Pure: it sees paths and modes, no contents.
 */
import type { TreeEntry } from '../../src/git/tree-diff.js';
import type { PathChoices } from '../../src/analyzer.js';
import { manifestFormatOf, type ManifestFormat } from './manifests/index.js';
import { fileNameOf, folderOf, pathRules, type PathRules } from './path-rules.js';
import { VERSION_FILES } from './stack.js';

export interface ManifestEntry extends TreeEntry {
  format: ManifestFormat;
}

export interface TreeLayout {
  rules: PathRules;
  /** The folders whose manifest speaks for the project: the root, or with `--path` its folders. */
  roots: string[];
  /** The project's own manifests, to read. */
  manifests: ManifestEntry[];
  /** Version files at the roots (`.nvmrc`, ...), to read. */
  versionFiles: TreeEntry[];
  /** Files and symlinks outside excluded folders: what `directories` counts. */
  countedPaths: string[];
  /** Of those, the ones outside sample code: what languages and marker files come from. */
  sourcePaths: string[];
}

export function layoutOf(entries: readonly TreeEntry[], choices?: PathChoices): TreeLayout {
  // Submodules are other repositories: their contents are not in this tree, and the gitlink is not a file.
  const present = entries.filter((entry) => entry.mode !== '160000');
  const manifestFolders = present.filter((entry) => manifestFormatOf(entry.path)).map((entry) => folderOf(entry.path));
  const rules = pathRules(manifestFolders, choices);
  const roots = choices?.scope?.length ? [...choices.scope] : [''];
  const counted = present.filter((entry) => !rules.isExcluded(entry.path));
  const source = counted.filter((entry) => !rules.isSampleCode(entry.path));
  // A symlinked manifest would be read as its link target's path, not its contents.
  const regular = source.filter((entry) => entry.mode === '100644' || entry.mode === '100755');
  return {
    rules,
    roots,
    manifests: regular.flatMap((entry) => {
      const format = manifestFormatOf(entry.path);
      return format ? [{ ...entry, format }] : [];
    }),
    versionFiles: regular
      .filter((entry) => roots.includes(folderOf(entry.path)) && VERSION_FILES.has(fileNameOf(entry.path)))
      .sort((a, b) => roots.indexOf(folderOf(a.path)) - roots.indexOf(folderOf(b.path))),
    countedPaths: counted.map((entry) => entry.path),
    sourcePaths: source.map((entry) => entry.path),
  };
}
