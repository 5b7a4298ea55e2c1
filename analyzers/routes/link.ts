/**
 * From what each file declares to the routes an application serves: groups are linked across
 * files by their mounts, prefixes are applied from the application root down, and a framework's
 * global prefix is added. All of one end of the range at a time.
 *
 * - A group no resolved mount reaches is a root: its routes keep their own paths. That is the
 *   application itself, and also a router whose mount this analysis cannot see (a mount built at
 *   run time, or in a file that was not read): its routes are still reported, without the prefix.
 * - A group mounted twice serves its routes under both prefixes.
 * - Imports are resolved as the module style says: JavaScript specifiers relative to the file
 *   (extensions and `index` files tried, `./x.js` also as `./x.ts`, `@/` and `~/` as `src/` or the
 *   root), Python dotted modules relative to the package or found by their path suffix.
 */
import { comparePaths, folderOf, resolveRelative } from '../project/path-rules.js';
import { DYNAMIC_SEGMENT, type DeclaredRoute, type GroupRef, type RouteExtraction } from './model.js';
import { joinPaths } from './paths.js';

/** A route as the application serves it. */
export interface ServedRoute extends Omit<DeclaredRoute, 'group'> {
  file: string;
}

/** Prefixes, auth and dynamic-ness a group inherits from the mounts above it. */
interface Inherited {
  prefix: string;
  dynamic: boolean;
  auth: string[];
}

const ROOT = '';
/** Mount chains deeper than this are cycles or generated code: stop there. */
const MAX_DEPTH = 16;
/** A group mounted under more prefixes than this is reported under the first ones only. */
const MAX_PREFIXES = 32;
const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** A router with routes that no mount this analysis can follow reaches. */
export interface UnmountedRouter {
  file: string;
  group: string;
  routes: number;
}

/** The served routes, and the routers whose prefix could not be found. */
export function linkRoutes(files: ReadonlyMap<string, RouteExtraction>): { routes: ServedRoute[]; unmounted: UnmountedRouter[] } {
  const paths = [...files.keys()].sort(comparePaths);
  const resolver = new ModuleResolver(paths);
  // A group imported from another module is that module's group.
  const nodeOf = (path: string, group: string | null) => {
    const extraction = files.get(path)!;
    const alias = group === null ? undefined : extraction.aliases?.[group];
    return (alias && resolveGroup(path, alias, extraction, files, resolver)) || `${path}#${group ?? ROOT}`;
  };

  // Edges: parent group → mounted group, with the mount's prefix and auth.
  const edges = new Map<string, Array<{ child: string; prefix: string; dynamic: boolean; auth: string[] }>>();
  const mounted = new Set<string>();
  for (const path of paths) {
    const extraction = files.get(path)!;
    for (const mount of extraction.mounts) {
      const child = resolveGroup(path, mount.target, extraction, files, resolver);
      if (child === null) continue;
      const parent = nodeOf(path, mount.parent);
      if (parent === child) continue;
      const list = edges.get(parent) ?? [];
      list.push({ child, prefix: mount.prefix, dynamic: mount.dynamic, auth: mount.auth });
      edges.set(parent, list);
      mounted.add(child);
    }
  }

  // Every group that declares routes or mounts; the ones nothing mounts are roots.
  const groups = new Set<string>();
  for (const path of paths) {
    const extraction = files.get(path)!;
    for (const route of extraction.routes) groups.add(nodeOf(path, route.group));
    for (const mount of extraction.mounts) groups.add(nodeOf(path, mount.parent));
  }
  const inherited = new Map<string, Inherited[]>();
  const visit = (node: string, from: Inherited, depth: number, chain: Set<string>) => {
    const list = inherited.get(node) ?? [];
    if (list.length >= MAX_PREFIXES || list.some((i) => i.prefix === from.prefix && i.auth.join() === from.auth.join())) return;
    list.push(from);
    inherited.set(node, list);
    if (depth >= MAX_DEPTH) return;
    for (const edge of edges.get(node) ?? []) {
      if (chain.has(edge.child)) continue;
      const next = { prefix: joinPaths(from.prefix, edge.prefix), dynamic: from.dynamic || edge.dynamic, auth: [...from.auth, ...edge.auth] };
      visit(edge.child, next, depth + 1, new Set([...chain, edge.child]));
    }
  };
  for (const node of [...groups].sort()) if (!mounted.has(node)) visit(node, { prefix: '', dynamic: false, auth: [] }, 0, new Set([node]));
  // A cycle with no way in: its groups are roots too.
  for (const node of [...groups].sort()) if (!inherited.has(node)) visit(node, { prefix: '', dynamic: false, auth: [] }, 0, new Set([node]));

  const globalPrefixes = paths.flatMap((path) => {
    const global = files.get(path)!.globalPrefix;
    return global ? [{ ...global, path }] : [];
  });
  const served: ServedRoute[] = [];
  for (const path of paths) {
    for (const route of files.get(path)!.routes) {
      const { group, ...rest } = route;
      const global = nearest(globalPrefixes.filter((g) => g.framework === route.framework), path);
      for (const from of inherited.get(nodeOf(path, group)) ?? [{ prefix: '', dynamic: false, auth: [] }]) {
        const prefixed = joinPaths(from.prefix, route.path);
        served.push({
          ...rest,
          path: global ? joinPaths(global.prefix, prefixed) : prefixed,
          dynamic: route.dynamic || from.dynamic || (global?.prefix.includes(DYNAMIC_SEGMENT) ?? false),
          auth: unique([...from.auth, ...route.auth]),
          file: path,
        });
      }
    }
  }
  const unmounted: UnmountedRouter[] = [];
  for (const path of paths) {
    const extraction = files.get(path)!;
    for (const group of extraction.routers ?? []) {
      if (extraction.aliases?.[group] || mounted.has(nodeOf(path, group))) continue;
      const routes = extraction.routes.filter((route) => route.group === group).length;
      if (routes > 0) unmounted.push({ file: path, group, routes });
    }
  }
  return { routes: served, unmounted };
}

/** The group node a mount's target is, or null when its module is not among the files read. */
function resolveGroup(path: string, target: GroupRef, extraction: RouteExtraction, files: ReadonlyMap<string, RouteExtraction>, resolver: ModuleResolver): string | null {
  if (target.kind === 'local') {
    const alias = extraction.aliases?.[target.name];
    return alias ? resolveGroup(path, alias, extraction, files, resolver) : `${path}#${target.name}`;
  }
  if (extraction.moduleStyle === 'go') {
    // A Go package is a folder: any of its files may define the name.
    const folder = resolver.goPackage(path, target.module);
    const file = folder === null ? undefined : [...files.keys()].sort(comparePaths).find((p) => folderOf(p) === folder && p.endsWith('.go') && files.get(p)!.exports[target.name] !== undefined);
    return file ? `${file}#${files.get(file)!.exports[target.name]}` : null;
  }
  const module = extraction.moduleStyle === 'python' ? resolver.python(path, target.module) : resolver.javascript(path, target.module);
  if (module === null) return null;
  const exported = files.get(module)!.exports;
  const group = exported[target.name] ?? (target.name === 'default' ? null : target.name);
  return group === null ? null : `${module}#${group}`;
}

class ModuleResolver {
  private readonly known: Set<string>;

  constructor(private readonly paths: readonly string[]) {
    this.known = new Set(paths);
  }

  /** A JavaScript specifier from a file: relative, or `@/`, `~/`, `src/` from the root; packages are not read. */
  javascript(from: string, specifier: string): string | null {
    let bases: string[];
    if (specifier.startsWith('.')) {
      const base = resolveRelative(from, specifier);
      bases = base === null ? [] : [base];
    } else if (/^[@~]\//.test(specifier)) {
      bases = [`src/${specifier.slice(2)}`, specifier.slice(2)];
    } else {
      bases = [specifier];
    }
    for (const base of bases) {
      // TypeScript's ESM style writes `./users.js` for `./users.ts`.
      const stem = base.replace(/\.[cm]?js$/, '');
      const candidates = [base, ...JS_EXTENSIONS.map((ext) => stem + ext), ...JS_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
      const found = candidates.find((candidate) => this.known.has(candidate));
      if (found) return found;
    }
    return null;
  }

  /** A Go import path's folder: `.` is the file's own; otherwise the longest folder the path ends with (the module path in go.mod is not read). */
  goPackage(from: string, module: string): string | null {
    if (module === '.') return folderOf(from);
    const folders = [...new Set(this.paths.filter((p) => p.endsWith('.go')).map(folderOf))];
    const matching = folders.filter((folder) => folder !== '' && (module === folder || module.endsWith(`/${folder}`)));
    return matching.sort((a, b) => b.length - a.length)[0] ?? null;
  }

  /** A Python module: `.views` / `..api.urls` relative to the file's package; `app.urls` by the file that ends with `app/urls.py`, nearest first. */
  python(from: string, module: string): string | null {
    const leadingDots = /^\.*/.exec(module)![0].length;
    const rest = module.slice(leadingDots).split('.').filter(Boolean).join('/');
    if (leadingDots > 0) {
      let folder = folderOf(from);
      for (let i = 1; i < leadingDots; i++) folder = folderOf(folder);
      const base = folder === '' ? rest : rest === '' ? folder : `${folder}/${rest}`;
      return [`${base}.py`, `${base}/__init__.py`].find((candidate) => this.known.has(candidate)) ?? null;
    }
    const suffixes = [`${rest}.py`, `${rest}/__init__.py`];
    const matches = this.paths.filter((path) => suffixes.some((suffix) => path === suffix || path.endsWith(`/${suffix}`)));
    return nearestPath(matches, from);
  }
}

/** Of several declarations (a global prefix per app of a monorepo), the one whose file shares the longest folder prefix with `path`. */
function nearest<T extends { path: string }>(candidates: T[], path: string): T | null {
  const chosen = nearestPath(candidates.map((c) => c.path), path);
  return chosen === null ? null : candidates.find((c) => c.path === chosen)!;
}

function nearestPath(candidates: string[], path: string): string | null {
  let best: string | null = null;
  let bestShared = -1;
  for (const candidate of candidates) {
    const shared = sharedFolders(candidate, path);
    if (shared > bestShared) {
      best = candidate;
      bestShared = shared;
    }
  }
  return best;
}

function sharedFolders(a: string, b: string): number {
  const left = a.split('/').slice(0, -1);
  const right = b.split('/').slice(0, -1);
  let count = 0;
  while (count < left.length && count < right.length && left[count] === right[count]) count++;
  return count;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
