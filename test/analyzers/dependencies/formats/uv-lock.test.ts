/**
 * uv.lock. uv cannot be installed where these fixtures are made (Debian 12 and 13 do not package
 * it, and no npm package ships it), so unlike the other formats these files were NOT written by
 * the tool: they are small texts written for this test in the uv.lock layout uv documents
 * (https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile) and writes, with the fixture
 * package names of make-non-js-lockfiles.mjs and placeholder hashes. Nothing is copied from any
 * repository's lockfile. One project (`editable = "."`, an extra, a dev group, a resolution forked
 * by Python version), and a workspace whose root is not a project (`[manifest]` members, root
 * dependency groups).
 */
import { describe, expect, it } from 'vitest';
import { uvLockFormat } from '../../../../analyzers/dependencies/formats/uv-lock.js';
import type { LockfileContents } from '../../../../analyzers/dependencies/model.js';
import { inlineSource, lockfileErrorOf, withConflictMarkers } from './lockfile-fixtures.js';

const HASH = `sha256:${'0'.repeat(64)}`;
const REGISTRY = 'source = { registry = "https://pypi.org/simple" }';

/** A registry [[package]] as uv writes it: name, version, source, its dependencies, then sdist and wheels. */
function registryPackage(name: string, version: string, { dependencies = [] as string[], markers = [] as string[] } = {}): string {
  return [
    '[[package]]',
    `name = "${name}"`,
    `version = "${version}"`,
    REGISTRY,
    ...(markers.length ? ['resolution-markers = [', ...markers.map((m) => `    "${m}",`), ']'] : []),
    ...(dependencies.length ? ['dependencies = [', ...dependencies.map((d) => `    { name = "${d}" },`), ']'] : []),
    `sdist = { url = "https://files.example/${name}-${version}.tar.gz", hash = "${HASH}", size = 1024 }`,
    'wheels = [',
    `    { url = "https://files.example/${name.replace(/-/g, '_')}-${version}-py3-none-any.whl", hash = "${HASH}", size = 1024 },`,
    ']',
    '',
  ].join('\n');
}

/** A single project at the lockfile's folder: `editable = "."`. */
const PROJECT = [
  'version = 1',
  'revision = 2',
  'requires-python = ">=3.12"',
  'resolution-markers = [',
  `    "python_full_version >= '3.13'",`,
  `    "python_full_version < '3.13'",`,
  ']',
  '',
  registryPackage('alpha', '1.0.1'),
  registryPackage('bravo', '1.3.0', { dependencies: ['india'] }),
  registryPackage('hotel', '0.2.3'),
  registryPackage('india', '1.1.0'),
  registryPackage('juliet-utils', '1.0.0'),
  registryPackage('kilo', '0.9.0', { markers: [`python_full_version < '3.13'`] }),
  registryPackage('kilo', '1.1.0', { markers: [`python_full_version >= '3.13'`] }),
  '[[package]]',
  'name = "service"',
  'version = "0.1.0"',
  'source = { editable = "." }',
  'dependencies = [',
  '    { name = "alpha" },',
  '    { name = "bravo" },',
  `    { name = "kilo", version = "0.9.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.13'" },`,
  `    { name = "kilo", version = "1.1.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.13'" },`,
  ']',
  '',
  '[package.optional-dependencies]',
  'docs = [',
  '    { name = "juliet-utils" },',
  ']',
  '',
  '[package.dev-dependencies]',
  'dev = [',
  '    { name = "hotel" },',
  ']',
  '',
  '[package.metadata]',
  'requires-dist = [',
  '    { name = "alpha", specifier = ">=1.0" },',
  '    { name = "bravo", specifier = ">=1.3,<2" },',
  `    { name = "juliet-utils", marker = "extra == 'docs'", specifier = ">=1.0" },`,
  `    { name = "kilo", marker = "python_full_version < '3.13'", specifier = "<1" },`,
  `    { name = "kilo", marker = "python_full_version >= '3.13'", specifier = ">=1.1" },`,
  ']',
  'provides-extras = ["docs"]',
  '',
  '[package.metadata.requires-dev]',
  'dev = [{ name = "hotel", specifier = ">=0.2.3" }]',
  '',
].join('\n');

/** A workspace whose root has no [project]: members under packages/, dependency groups kept in [manifest]. */
const WORKSPACE = [
  'version = 1',
  'revision = 3',
  'requires-python = ">=3.12"',
  '',
  '[manifest]',
  'members = [',
  '    "api",',
  '    "worker",',
  ']',
  '',
  '[manifest.dependency-groups]',
  'lint = [{ name = "hotel", specifier = ">=0.2" }]',
  '',
  '[[package]]',
  'name = "api"',
  'version = "0.1.0"',
  'source = { editable = "packages/api" }',
  'dependencies = [',
  '    { name = "charlie" },',
  '    { name = "worker" },',
  ']',
  '',
  '[package.metadata]',
  'requires-dist = [',
  '    { name = "charlie", specifier = ">=2" },',
  '    { name = "worker", editable = "packages/worker" },',
  ']',
  '',
  registryPackage('charlie', '2.0.0'),
  registryPackage('delta', '0.4.0'),
  registryPackage('hotel', '0.2.3'),
  '[[package]]',
  'name = "worker"',
  'version = "0.1.0"',
  'source = { editable = "packages/worker" }',
  'dependencies = [',
  '    { name = "delta" },',
  ']',
  '',
  '[package.metadata]',
  'requires-dist = [{ name = "delta", specifier = "~=0.4.0" }]',
  '',
].join('\n');

const parse = (path: string, text: string): Promise<LockfileContents> => uvLockFormat.parse(inlineSource(path, text));
const pins = (contents: LockfileContents) => contents.packages.map((p) => `${p.name} ${p.version}`).sort();

describe('uv.lock of one project', () => {
  it('names the version and revision, and pins every [[package]] but the project itself, both forks of a forked one included', async () => {
    const contents = await parse('uv.lock', PROJECT);
    expect(contents.format).toBe('uv.lock v1 revision 2');
    expect(pins(contents)).toEqual(['alpha 1.0.1', 'bravo 1.3.0', 'hotel 0.2.3', 'india 1.1.0', 'juliet-utils 1.0.0', 'kilo 0.9.0', 'kilo 1.1.0']);
    expect(contents.packages.every((p) => p.license === null)).toBe(true);
  });

  it('types the direct dependencies by the pyproject.toml list they come from, with the specifiers uv recorded', async () => {
    const { direct } = await parse('uv.lock', PROJECT);
    const workspace = '.';
    expect(direct!.filter((d) => d.name !== 'kilo')).toEqual([
      { workspace, name: 'alpha', type: 'project.dependencies', range: '>=1.0', version: '1.0.1' },
      { workspace, name: 'bravo', type: 'project.dependencies', range: '>=1.3,<2', version: '1.3.0' },
      { workspace, name: 'juliet-utils', type: 'project.optional-dependencies.docs', range: '>=1.0', version: '1.0.0' },
      { workspace, name: 'hotel', type: 'dependency-groups.dev', range: '>=0.2.3', version: '0.2.3' },
    ]);
  });

  it('resolves each reference of a forked resolution to the version it names, with the specifier of its own fork', async () => {
    const kilo = async (text: string) => (await parse('uv.lock', text)).direct!.filter((d) => d.name === 'kilo').map((d) => [d.type, d.range, d.version]);
    const expected = [
      ['project.dependencies', '<1', '0.9.0'],
      ['project.dependencies', '>=1.1', '1.1.0'],
    ];
    // The declarations carry the markers of the references: matched by marker.
    expect(await kilo(PROJECT)).toEqual(expected);
    // Declared with other markers than the fork markers uv names the references with: matched by the version each specifier admits.
    const declaredOtherwise = PROJECT.replace(/(\{ name = "kilo", marker = ")python_full_version/g, '$1python_version');
    expect(declaredOtherwise).not.toEqual(PROJECT);
    expect(await kilo(declaredOtherwise)).toEqual(expected);
  });

  it('reports a project beside its lockfile in a subfolder under that folder', async () => {
    const { direct } = await parse('backend/uv.lock', PROJECT);
    expect(new Set(direct!.map((d) => d.workspace))).toEqual(new Set(['backend']));
  });

  it('reads a file without `revision`, as uv wrote it before revisions', async () => {
    const contents = await parse('uv.lock', PROJECT.replace('revision = 2\n', ''));
    expect(contents.format).toBe('uv.lock v1');
    expect(pins(contents)).toEqual(pins(await parse('uv.lock', PROJECT)));
  });
});

describe('uv.lock of a workspace', () => {
  it('leaves every member out of the packages', async () => {
    const contents = await parse('uv.lock', WORKSPACE);
    expect(contents.format).toBe('uv.lock v1 revision 3');
    expect(pins(contents)).toEqual(['charlie 2.0.0', 'delta 0.4.0', 'hotel 0.2.3']);
  });

  it("reports each member's dependencies under its folder, another member not among them, and the root's groups under the root", async () => {
    const { direct } = await parse('uv.lock', WORKSPACE);
    expect(direct).toEqual([
      { workspace: 'packages/api', name: 'charlie', type: 'project.dependencies', range: '>=2', version: '2.0.0' },
      { workspace: 'packages/worker', name: 'delta', type: 'project.dependencies', range: '~=0.4.0', version: '0.4.0' },
      { workspace: '.', name: 'hotel', type: 'dependency-groups.lint', range: '>=0.2', version: '0.2.3' },
    ]);
  });

  it('places the folders from the repository root when the workspace is in a subfolder', async () => {
    const { direct } = await parse('python/uv.lock', WORKSPACE);
    expect([...new Set(direct!.map((d) => d.workspace))].sort()).toEqual(['python', 'python/packages/api', 'python/packages/worker']);
  });
});

describe('broken uv.lock files', () => {
  const errorOf = (broken: string) => lockfileErrorOf(uvLockFormat.parse(inlineSource('uv.lock', broken)));

  it('says a file cut inside a [[package]] looks truncated', async () => {
    const cut = PROJECT.slice(0, PROJECT.indexOf('\n', PROJECT.lastIndexOf('\nversion = ') + 1));
    expect((await errorOf(cut)).message).toBe('[[package]] number 8 (service) has no source; the file looks truncated');
  });

  it('names conflict markers with their line, and refuses another lockfile version or a file without one', async () => {
    expect((await errorOf(withConflictMarkers(PROJECT, 2, 2))).message).toMatch(/merge conflict markers \(line 2\)/);
    expect((await errorOf(PROJECT.replace(/^version = 1$/m, 'version = 2'))).message).toBe('uv.lock version 2 is not supported (uv writes version 1)');
    expect((await errorOf(PROJECT.replace(/^version = 1\n/m, ''))).message).toBe('it has no `version` field, which uv writes first in every uv.lock');
  });
});
