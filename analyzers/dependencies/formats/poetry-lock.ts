/**
 * poetry.lock, from Poetry 1.0 (no lock-version) to lock-version 2.1 (Poetry 2).
 * Spec: https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control
 * (Poetry documents no format; `poetry/packages/locker.py` writes it.)
 *
 * Every `[[package]]` is one pinned distribution. Old files say `category = "main" | "dev"`, files
 * from lock-version 2.1 say `groups = [...]`; both describe the whole tree, not what the project
 * declares, so the direct dependencies come from the pyproject.toml beside the lockfile (Poetry 1
 * and 2 tables and PEP 621/735 lists, read by the project analyzer's parser), each resolved to the
 * version the lockfile pins for it. Names are PEP 503-normalised on both sides.
 */
import { normalisePythonName } from '../../project/manifests/pep508.js';
import { parsePyprojectToml } from '../../project/manifests/pyproject-toml.js';
import { asRecord, recordAt, stringAt } from '../../project/manifests/structured-text.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { fileIn, folderOf, parseTomlLockfile, readManifest, versionPinnedFor } from './non-js-shared.js';

/** The newest lock-version major Poetry writes; a newer one may change what the fields mean. */
const NEWEST_MAJOR = 2;

export const poetryLockFormat: LockfileFormat = {
  ecosystem: 'pypi',
  matches: (path) => fileNameOf(path) === 'poetry.lock',
  async parse(source) {
    const toml = parseTomlLockfile(source.text);
    // Poetry writes [metadata] last: a file without it was cut short (or is not a poetry.lock).
    const metadata = recordAt(toml, 'metadata');
    if (!metadata) throw new LockfileError('it has no [metadata] table, which Poetry writes at the end of every poetry.lock; the file looks truncated');
    const lockVersion = stringAt(metadata, 'lock-version');
    if (lockVersion && Number(lockVersion.split('.')[0]) > NEWEST_MAJOR) {
      throw new LockfileError(`lock-version ${lockVersion} is not supported (Poetry 1 and 2 write 1.0 to 2.1)`);
    }
    const packages = packagesOf(toml['package']);
    const folder = folderOf(source.path);
    const manifest = await readManifest(source, fileIn(folder, 'pyproject.toml'), parsePyprojectToml);
    const direct: DirectDependency[] | null =
      manifest?.dependencies.map(({ name, version, type }) => {
        const normalised = normalisePythonName(name);
        return { workspace: folder, name: normalised, type, range: version, version: versionPinnedFor(packages, normalised) };
      }) ?? null;
    return { format: `poetry.lock ${lockVersion ?? '(before lock-version 1.0)'}`, packages, direct };
  },
};

function packagesOf(list: unknown): LockedPackage[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new LockfileError('its `package` key is not an array of [[package]] tables');
  return list.map((item, index) => {
    const table = asRecord(item);
    const name = stringAt(table, 'name');
    const version = stringAt(table, 'version');
    if (!name || !version) throw new LockfileError(`[[package]] number ${index + 1}${name ? ` (${name})` : ''} has no ${name ? 'version' : 'name'}`);
    // A git, path or URL dependency also records its version (read from its metadata): that is the version kept.
    return { name: normalisePythonName(name), version, license: null };
  });
}
