/**
 * A package.json whose declared dependencies changed while the lockfile that governs it did not:
 * the next `npm ci` installs what the old lockfile pins, or fails. Worth a warning in the report.
 */
import type { AnalyzerResult, ResolvedRange } from '../../src/analyzer.js';
import type { Repository } from '../../src/git/repository.js';
import type { Oid } from '../../src/git/types.js';
import { decodeText } from '../project/manifests/index.js';
import { parsePackageJson } from '../project/manifests/package-json.js';
import { folderOf, type PathRules } from '../project/path-rules.js';

const JS_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

export async function packageJsonsChangedWithoutLockfile(
  repo: Repository,
  range: ResolvedRange,
  changedLockfiles: ReadonlySet<string>,
  rules: PathRules,
): Promise<AnalyzerResult['warnings']> {
  const manifests = range.changes.filter(
    (c) => (c.path === 'package.json' || c.path.endsWith('/package.json')) && c.status !== 'deleted' && c.newOid && rules.isProjectSource(c.path),
  );
  if (manifests.length === 0) return [];
  const pathsAtTo = new Set((await repo.listFiles(range.toOid)).map((entry) => entry.path));
  const warnings: AnalyzerResult['warnings'] = [];
  for (const manifest of manifests) {
    const [before, after] = await Promise.all([declarationsOf(repo, manifest.oldOid), declarationsOf(repo, manifest.newOid)]);
    if (before === null || after === null || before === after) continue;
    const lockfile = governingLockfile(manifest.path, pathsAtTo);
    if (lockfile === null || changedLockfiles.has(lockfile)) continue;
    warnings.push({
      message: `${manifest.path} changed its dependencies but ${lockfile} did not change: run the package manager's install and commit the lockfile, or installs keep the old versions.`,
      path: manifest.path,
    });
  }
  return warnings;
}

/** The declared dependencies as one comparable string; null when the file cannot be read (the project analyzer warns about that). */
async function declarationsOf(repo: Repository, oid: Oid | null): Promise<string | null> {
  if (oid === null) return '[]';
  try {
    const manifest = parsePackageJson(decodeText(await repo.readBlob(oid)));
    return JSON.stringify(manifest.dependencies.map((d) => [d.type, d.name, d.version]).sort());
  } catch {
    return null;
  }
}

/** The nearest lockfile in the manifest's folder or above it: a workspace member is governed by the root's. */
function governingLockfile(manifestPath: string, paths: ReadonlySet<string>): string | null {
  let folder = folderOf(manifestPath);
  for (;;) {
    const found = JS_LOCKFILES.map((name) => (folder ? `${folder}/${name}` : name)).find((path) => paths.has(path));
    if (found) return found;
    if (folder === '') return null;
    folder = folderOf(folder);
  }
}
