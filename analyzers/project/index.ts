/**
 * The repository as it stands at TO: name and version, branch and tags, manifests and their
 * declared dependencies and scripts, languages, the tech stack and the folder layout. What the
 * plan report and every report header describe. See README.md for what is read and skipped.
 */
import type { Analyzer, AnalyzerResult } from '../../src/analyzer.js';
import type { Repository } from '../../src/git/repository.js';
import { buildProject, type ReadManifest } from './build-project.js';
import { layoutOf, type ManifestEntry } from './layout.js';
import { decodeText, ManifestSyntaxError } from './manifests/index.js';
import { fileNameOf } from './path-rules.js';

type ProjectWarning = AnalyzerResult['warnings'][number];

export const projectAnalyzer: Analyzer = {
  id: 'project',
  title: 'Project at TO',
  async analyze(range, { repo, paths }) {
    // One read of the whole tree; beyond it, only the manifest and version-file blobs.
    const [entries, commit, branch, tags] = await Promise.all([
      repo.listFiles(range.toOid),
      repo.readCommit(range.toOid),
      repo.branchOf(range.to, range.toOid),
      repo.tagsAt(range.toOid),
    ]);
    const layout = layoutOf(entries, paths);
    const [reads, versionFiles] = await Promise.all([
      Promise.all(layout.manifests.map((entry) => readManifest(repo, entry))),
      Promise.all(layout.versionFiles.map(async (entry) => [fileNameOf(entry.path), decodeText(await repo.readBlob(entry.oid))] as const)),
    ]);
    const manifests = reads.map((read) => read.manifest);
    const warnings = reads.flatMap((read) => (read.warning ? [read.warning] : []));
    const project = buildProject({
      layout,
      manifests,
      // By file name; with several roots (`--path a --path b`), the first root's file.
      versionFiles: new Map(versionFiles.reverse()),
      repositoryName: repo.name,
      branch,
      tags,
      date: commit.committer.date,
    });
    return { facts: { project }, warnings };
  },
};

/** A manifest that cannot be parsed costs its own facts only: listed, unread, with a warning saying why. */
async function readManifest(repo: Repository, entry: ManifestEntry): Promise<{ manifest: ReadManifest; warning: ProjectWarning | null }> {
  const text = decodeText(await repo.readBlob(entry.oid));
  const { path, format } = entry;
  try {
    return { manifest: { path, ecosystem: format.ecosystem, manifest: format.parse(text) }, warning: null };
  } catch (error) {
    // Anything a parser throws is about this file's contents; an unexpected error must not end the report either.
    const cause = error instanceof ManifestSyntaxError ? error.message : `reading it failed unexpectedly (${(error as Error).message})`;
    return {
      manifest: { path, ecosystem: format.ecosystem, manifest: null },
      warning: { message: `${path} was not read: ${cause}. Its name, version, dependencies and scripts are missing from the project facts.`, path },
    };
  }
}
