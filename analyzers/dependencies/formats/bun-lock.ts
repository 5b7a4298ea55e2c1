/**
 * bun's text lockfile `bun.lock` (bun 1.1.39 and later, lockfile versions 0 to 2; JSONC with trailing commas).
 * `workspaces` maps each workspace folder (`""` for the root) to its declarations; `packages` maps
 * install paths (`ms`, `debug/ms` for a nested copy) to a tuple whose first item is the resolved
 * `name@version`. The binary `bun.lockb` of older bun has no public format and is reported unread.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { rejectConflictMarkers } from '../lockfile-text.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { DECLARATION_SECTIONS, isRecord, nameOfDescriptor, rangeOfDescriptor, recordOf, unaliased, versionOfTarball, workspacePath } from './npm-shared.js';

export const bunLockFormat: LockfileFormat = {
  ecosystem: 'npm',
  matches: (path) => ['bun.lock', 'bun.lockb'].includes(fileNameOf(path)),
  async parse(source) {
    if (source.path.endsWith('.lockb')) throw new LockfileError('it is the binary bun.lockb, which has no public format; run `bun install --save-text-lockfile` to write bun.lock');
    rejectConflictMarkers(source.text);
    const errors: ParseError[] = [];
    const lockfile = parse(source.text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length) throw new LockfileError(`it is not valid JSON with trailing commas (${printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset})`);
    if (!isRecord(lockfile)) throw new LockfileError('it is not a JSON object');
    const version = lockfile['lockfileVersion'];
    if (typeof version !== 'number' || version > 2) throw new LockfileError(`lockfileVersion ${JSON.stringify(version)} is not one bun 1.x writes (0, 1 or 2)`);

    const packages: LockedPackage[] = [];
    const installed = new Map<string, string>();
    for (const [installPath, tuple] of Object.entries(recordOf(lockfile['packages']))) {
      const resolution = Array.isArray(tuple) && typeof tuple[0] === 'string' ? tuple[0] : null;
      if (resolution === null) continue;
      const reference = rangeOfDescriptor(resolution) ?? '';
      // Workspace members and links are the project's own packages.
      if (/^(workspace|link|file):/.test(reference)) continue;
      installed.set(installPath, reference);
      packages.push({ name: nameOfDescriptor(resolution), version: versionOfTarball(reference.replace(/^npm:/, '')), license: null });
    }

    const direct: DirectDependency[] = [];
    for (const [folder, workspace] of Object.entries(recordOf(lockfile['workspaces']))) {
      const name = typeof recordOf(workspace)['name'] === 'string' ? String(recordOf(workspace)['name']) : null;
      for (const type of DECLARATION_SECTIONS) {
        for (const [installedAs, range] of Object.entries(recordOf(recordOf(workspace)[type]))) {
          // A workspace's own copy is installed under its package name (`a/ms`), else the hoisted one.
          const version = (name && installed.get(`${name}/${installedAs}`)) ?? installed.get(installedAs) ?? null;
          const target = unaliased(installedAs, String(range));
          if (String(range).startsWith('workspace:')) continue;
          direct.push({ workspace: workspacePath(source.path, folder), name: target.name, type, range: target.range, version: version === null ? null : versionOfTarball(version.replace(/^npm:/, '')) });
        }
      }
    }
    return { format: `bun.lock v${version}`, packages, direct };
  },
};
