/**
 * go.mod as the lockfile of a Go module: since Go 1.17 it lists every module of the build
 * (`// indirect` marking those the module does not import itself), and minimal version selection
 * makes the listed versions the ones built. go.sum holds checksums of more versions than are
 * built, so it is not read.
 * Spec: https://go.dev/ref/mod#go-mod-file
 *
 * Every `require` is a package, direct unless marked `// indirect`, of type `require`. A `replace`
 * pointing at another module version (`old => fork v1.2.3`) changes what is built: the package
 * keeps its name and takes the replacement's version. A replacement by a local folder
 * (`old => ./path`) keeps the required version, the only one the file records. The project
 * analyzer's go.mod reader skips indirect requirements and replacements, so this one is separate.
 */
import { rejectConflictMarkers } from '../lockfile-text.js';
import { fileNameOf, LockfileError, type DirectDependency, type LockedPackage, type LockfileFormat } from '../model.js';
import { folderOf } from './non-js-shared.js';

/** Every directive the go command accepts; anything else makes `go` refuse the file. */
const DIRECTIVES = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);

interface Requirement {
  path: string;
  version: string;
  indirect: boolean;
}

interface Replacement {
  path: string;
  /** Only this version is replaced; null for every version. */
  version: string | null;
  /** The replacement's version; null for a local folder, which has none. */
  newVersion: string | null;
}

export const goModFormat: LockfileFormat = {
  ecosystem: 'go',
  matches: (path) => fileNameOf(path) === 'go.mod',
  async parse(source) {
    rejectConflictMarkers(source.text);
    const { goVersion, requirements, replacements } = readGoMod(source.text);
    const workspace = folderOf(source.path);
    const packages: LockedPackage[] = [];
    const direct: DirectDependency[] = [];
    for (const requirement of requirements) {
      const replacement = replacements.find((r) => r.path === requirement.path && (r.version === null || r.version === requirement.version));
      const version = replacement?.newVersion ?? requirement.version;
      packages.push({ name: requirement.path, version, license: null });
      if (!requirement.indirect) direct.push({ workspace, name: requirement.path, type: 'require', range: requirement.version, version });
    }
    return { format: goVersion ? `go.mod (go ${goVersion})` : 'go.mod', packages, direct };
  },
};

function readGoMod(text: string): { goVersion: string | null; requirements: Requirement[]; replacements: Replacement[] } {
  let hasModule = false;
  let goVersion: string | null = null;
  const requirements: Requirement[] = [];
  const replacements: Replacement[] = [];
  let block: { verb: string; line: number } | null = null;

  const onDirective = (verb: string, tokens: string[], comment: string, line: number) => {
    const fail = (expected: string) => {
      throw new LockfileError(`line ${line}: ${verb} ${tokens.join(' ')} is not ${expected}`);
    };
    if (verb === 'module') {
      if (tokens.length !== 1) fail('`module <path>`');
      hasModule = true;
    } else if (verb === 'go') {
      goVersion = tokens[0] ?? fail('`go <version>`');
    } else if (verb === 'require') {
      if (tokens.length !== 2) fail('`require <module path> <version>`');
      // `// indirect` may be followed by more comment after a semicolon.
      requirements.push({ path: tokens[0]!, version: tokens[1]!, indirect: /^\s*indirect\s*(?:;|$)/.test(comment) });
    } else if (verb === 'replace') {
      const arrow = tokens.indexOf('=>');
      const [left, right] = [tokens.slice(0, arrow), tokens.slice(arrow + 1)];
      if (arrow < 0 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) fail('`replace <module> [version] => <module> <version> | <folder>`');
      replacements.push({ path: left[0]!, version: left[1] ?? null, newVersion: right.length === 2 ? right[1]! : null });
    }
  };

  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const number = index + 1;
    const commentAt = rawLine.indexOf('//');
    const comment = commentAt >= 0 ? rawLine.slice(commentAt + 2) : '';
    const line = (commentAt >= 0 ? rawLine.slice(0, commentAt) : rawLine).trim();
    if (line === '') return;
    if (block) {
      if (line === ')') block = null;
      else onDirective(block.verb, tokensOf(line), comment, number);
      return;
    }
    const [verb, ...rest] = tokensOf(line);
    if (!DIRECTIVES.has(verb!)) throw new LockfileError(`line ${number}: ${JSON.stringify(verb)} is not a go.mod directive (expected one of ${[...DIRECTIVES].join(', ')})`);
    if (rest.length === 1 && rest[0] === '(') block = { verb: verb!, line: number };
    else if (!(rest.length === 2 && rest[0] === '(' && rest[1] === ')')) onDirective(verb!, rest, comment, number);
  });
  const open = block as { verb: string; line: number } | null;
  if (open) throw new LockfileError(`the ${open.verb} block opened at line ${open.line} is never closed; the file looks truncated`);
  if (!hasModule) throw new LockfileError('it has no module directive, which every go.mod starts with');
  return { goVersion, requirements, replacements };
}

/** Whitespace-separated tokens; `"quoted"` and `` `raw` `` strings are one token each, unquoted; `(` and `)` stand alone. */
function tokensOf(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|([()])|([^\s()"`]+)/g;
  for (const match of line.matchAll(pattern)) {
    tokens.push(match[1] !== undefined ? JSON.parse(`"${match[1]}"`) : (match[2] ?? match[3] ?? match[4]!));
  }
  return tokens;
}
