/**
 * Files created, modified, deleted, renamed and type-changed between the diff base and TO, with
 * git's line counts; binary files, symlinks and submodules marked as such; each with its category,
 * security topic, a description from the commit that introduced or last changed it, and how many
 * commits of the range changed it. A pure function of the range: no further git reads.
 */
import type { Analyzer } from '../../src/analyzer.js';
import type { FileFact } from '../../src/facts/schema.js';
import type { FileMode, TreeChange } from '../../src/git/types.js';
import { categorize } from './categories.js';
import { PathHistory } from './path-history.js';
import { securityTopic } from './security.js';

export const filesAnalyzer: Analyzer = {
  id: 'files',
  title: 'Files changed',
  async analyze(range) {
    const history = new PathHistory(range.commits);
    return { facts: { files: range.changes.map((change) => toFileFact(change, history)) }, warnings: [] };
  },
};

function toFileFact(change: TreeChange, history: PathHistory): FileFact {
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
    category: categorize(change.path, { binary: change.binary }),
    security: securityTopic(change.path),
    description: history.describe(change),
    commits: history.countCommits(change),
  };
}

function kindOf(mode: FileMode | null): FileFact['kind'] {
  if (mode === '120000') return 'symlink';
  if (mode === '160000') return 'submodule';
  return 'file';
}
