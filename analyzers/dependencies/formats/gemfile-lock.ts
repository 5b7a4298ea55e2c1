/**
 * Bundler's Gemfile.lock (and gems.locked, its name beside a gems.rb).
 * Spec: https://bundler.io/guides/gemfile_lock.html ; the grammar is Bundler's own
 * `Bundler::LockfileParser` (lib/bundler/lockfile_parser.rb).
 *
 * Sections start at column 0. Source sections (GEM, GIT, PATH, PLUGIN SOURCE) list their gems
 * under `specs:` as 4-space `name (version)` lines, with the gem's own requirements at 6 spaces.
 * A gem built per platform is listed once per platform (`nokogiri (1.19.4-x86_64-linux-gnu)`,
 * `nokogiri (1.19.4-arm64-darwin)`): like Bundler, the version ends at the first `-` and the rest
 * is the platform, so these are one package at one version. DEPENDENCIES lists what the Gemfile
 * declares (`name (constraint)`, `name!` for a gem from a GIT or PATH source): the direct
 * dependencies, typed by their Gemfile groups as the project analyzer reads them (`default`,
 * `development, test`), or `dependencies` for a gem the Gemfile does not declare readably.
 *
 * @snyk/gemfile is not used: it keys specs by name, so of a gem's platform variants only the last
 * survives (with the platform left in its version), and it accepts a truncated file, only warning
 * on the console.
 */
import { parseGemfile } from '../../project/manifests/gemfile.js';
import { rejectConflictMarkers } from '../lockfile-text.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { fileIn, folderOf, readManifest, versionPinnedFor } from './non-js-shared.js';

const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
/** The type of a direct dependency whose Gemfile group is not known. */
const UNGROUPED_TYPE = 'dependencies';
/** `    name (version[-platform])`, as Bundler's parser reads it. */
const SPEC = /^ {4}(?! )(\S+) \(([^-)]*)(?:-([^)]*))?\)$/;
/** `  name`, `  name (>= 1, < 2)`, `  name!`. */
const DEPENDENCY = /^ {2}(?! )([^\s!(]+)(?: \(([^)]*)\))?(!)?$/;

export const gemfileLockFormat: LockfileFormat = {
  ecosystem: 'rubygems',
  matches: (path) => ['Gemfile.lock', 'gems.locked'].includes(fileNameOf(path)),
  async parse(source) {
    rejectConflictMarkers(source.text);
    const { packages, dependencies, bundler } = readLockfile(source.text);
    const folder = folderOf(source.path);
    const gemfileName = source.path.endsWith('gems.locked') ? 'gems.rb' : 'Gemfile';
    const gemfile = await readManifest(source, fileIn(folder, gemfileName), parseGemfile);
    const groups = new Map(gemfile?.dependencies.map((d) => [d.name, d.type]) ?? []);
    const direct: DirectDependency[] = dependencies.map(({ name, constraint }) => ({
      workspace: folder,
      name,
      type: groups.get(name) ?? UNGROUPED_TYPE,
      range: constraint,
      version: versionPinnedFor(packages, name),
    }));
    return { format: bundler ? `Gemfile.lock (bundler ${bundler})` : 'Gemfile.lock', packages, direct };
  },
};

function readLockfile(text: string): { packages: LockedPackage[]; dependencies: Array<{ name: string; constraint: string | null }>; bundler: string | null } {
  const packages: LockedPackage[] = [];
  const seen = new Set<string>();
  const dependencies: Array<{ name: string; constraint: string | null }> = [];
  let section: string | null = null;
  let hasDependencies = false;
  let bundler: string | null = null;
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    if (!line.startsWith(' ')) {
      section = line.trim();
      if (section === 'DEPENDENCIES') hasDependencies = true;
      return;
    }
    const fail = (expected: string) => {
      throw new LockfileError(`line ${index + 1} in ${section ?? 'no section'} is not ${expected}: ${JSON.stringify(line.trim())}`);
    };
    if (section === null) fail('inside a section');
    if (SOURCE_SECTIONS.has(section!)) {
      // `  remote:`, `  specs:`, ... at 2 spaces; a spec's own requirements at 6.
      if (!/^ {4}(?! )/.test(line)) return;
      const spec = SPEC.exec(line) ?? fail('a gem spec such as `    rack (3.1.8)`');
      const [, name, version] = spec!;
      if (!version) fail('a gem spec with a version');
      if (seen.has(`${name} ${version}`)) return;
      seen.add(`${name} ${version}`);
      packages.push({ name: name!, version: version!, license: null });
    } else if (section === 'DEPENDENCIES') {
      const dependency = DEPENDENCY.exec(line) ?? fail('a dependency such as `  rails (~> 7.1)` or `  rails`');
      dependencies.push({ name: dependency![1]!, constraint: dependency![2] ?? null });
    } else if (section === 'BUNDLED WITH') {
      bundler = line.trim();
    }
  });
  if (!hasDependencies) throw new LockfileError('it has no DEPENDENCIES section, which Bundler writes in every Gemfile.lock; the file looks truncated');
  return { packages, dependencies, bundler };
}
