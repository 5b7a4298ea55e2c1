/**
 * Composer's composer.lock.
 * Spec: https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control
 * (the entries are composer.json schemas of each installed package:
 * https://getcomposer.org/doc/04-schema.md)
 *
 * `packages` and `packages-dev` list every installed package with its version as Composer names
 * it: with or without a `v` (`v5.4.0`, `2.1.0`), or a branch (`dev-main`, `3.8.x-dev`); versions are
 * kept as written. A `license` array means any of its licenses, joined with ` OR `. The lockfile
 * does not record which packages the project requires: those come from the composer.json beside
 * it (`require`, `require-dev`, platform packages left out), read by the project analyzer's parser.
 */
import { parseComposerJson } from '../../project/manifests/composer-json.js';
import { asRecord, stringAt } from '../../project/manifests/structured-text.js';
import { parseJsonLockfile } from '../lockfile-text.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { fileIn, folderOf, readManifest, versionPinnedFor } from './non-js-shared.js';

export const composerLockFormat: LockfileFormat = {
  ecosystem: 'composer',
  matches: (path) => fileNameOf(path) === 'composer.lock',
  async parse(source) {
    const json = parseJsonLockfile(source.text);
    if (!Array.isArray(json['packages'])) throw new LockfileError('it has no "packages" array, which Composer writes in every composer.lock');
    const packages = [...packagesOf(json['packages'], 'packages'), ...packagesOf(json['packages-dev'] ?? [], 'packages-dev')];
    const folder = folderOf(source.path);
    const manifest = await readManifest(source, fileIn(folder, 'composer.json'), parseComposerJson);
    const direct: DirectDependency[] | null =
      manifest?.dependencies.map(({ name, version, type }) => {
        // Composer package names are case-insensitive and locked in lower case.
        const locked = name.toLowerCase();
        return { workspace: folder, name: locked, type, range: version, version: versionPinnedFor(packages, locked) };
      }) ?? null;
    const pluginApi = stringAt(json, 'plugin-api-version');
    return { format: pluginApi ? `composer.lock (plugin API ${pluginApi})` : 'composer.lock', packages, direct };
  },
};

function packagesOf(list: unknown, key: string): LockedPackage[] {
  if (!Array.isArray(list)) throw new LockfileError(`its "${key}" is not an array`);
  return list.map((item, index) => {
    const entry = asRecord(item);
    const name = stringAt(entry, 'name');
    const version = stringAt(entry, 'version');
    if (!name || !version) throw new LockfileError(`entry ${index + 1} of "${key}"${name ? ` (${name})` : ''} has no ${name ? 'version' : 'name'}`);
    return { name: name.toLowerCase(), version, license: licenseOf(entry!['license']) };
  });
}

/** An array of SPDX ids (any of them applies), or, in old files, a plain string. */
function licenseOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (!Array.isArray(value)) return null;
  const licenses = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
  return licenses.length > 0 ? licenses.join(' OR ') : null;
}
