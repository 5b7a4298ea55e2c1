/**
 * Files created, modified, deleted, renamed and type-changed between the diff base and TO, with
 * git's line counts; binary files, symlinks and submodules marked as such.
 */
import type { Analyzer } from '../../src/analyzer.js';
import type { FileFact } from '../../src/facts/schema.js';
import type { FileMode, TreeChange } from '../../src/git/types.js';

export const filesAnalyzer: Analyzer = {
  id: 'files',
  title: 'Files changed',
  async analyze(range) {
    return { facts: { files: range.changes.map(toFileFact) }, warnings: [] };
  },
};

function toFileFact(change: TreeChange): FileFact {
  return {
    path: change.path,
    oldPath: change.oldPath ?? null,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    binary: change.binary,
    kind: kindOf(change.newMode ?? change.oldMode),
    oldMode: change.oldMode,
    newMode: change.newMode,
    similarity: change.similarity ?? null,
  };
}

function kindOf(mode: FileMode | null): FileFact['kind'] {
  if (mode === '120000') return 'symlink';
  if (mode === '160000') return 'submodule';
  return 'file';
}
