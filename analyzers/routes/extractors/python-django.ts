/**
 * Django URLconfs: the lists of `path()`, `re_path()` and `url()` in a module named `urls.py` or
 * one that defines `urlpatterns`.
 * Spec: https://docs.djangoproject.com/en/stable/topics/http/urls/,
 *       https://docs.djangoproject.com/en/stable/ref/urls/
 *
 * - Each list (`urlpatterns = [...]`, `+= [...]`, `.extend([...])`, `.append(path(...))`, or
 *   another name a list of routes is assigned to) is a group named after its variable, exported
 *   under that name; `urlpatterns` is also the module's `default`, the group an `include()` of the
 *   module mounts. The ROOT_URLCONF's `urlpatterns` is mounted nowhere, so it is the root.
 * - A route answers every method (`ALL`): Django hands every method to the view.
 * - A route gets a leading `/`; a `re_path` / `url` regex loses its `^` and `$` and keeps the rest.
 * - `include('blog.urls')` mounts that module's `default`; `include(extra_patterns)` a list of
 *   this file; `include(blog_urls)` the module an import names; `include([...])` is read in place,
 *   its routes under the prefix in the same group.
 * - `i18n_patterns(...)` routes are under a language prefix, written `{…}`.
 * - The handler is the view as written, `ArticleView` for `ArticleView.as_view()`; wrappers
 *   (`login_required(...)`, `cache_page(60)(...)`) are auth or middleware.
 */
import type { DeclaredRoute, GroupRef, Mount } from '../model.js';
import { DYNAMIC_SEGMENT } from '../model.js';
import { codeMatches, readArguments, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';
import {
  addGuard,
  argument,
  displayItems,
  isStringLiteral,
  mountPrefix,
  noGuards,
  pathValue,
  positionalArguments,
  readCall,
  readView,
  splitTopLevel,
  withLeadingSlash,
  type PathValue,
} from './python-expressions.js';
import { importedGroup, type ModuleScope } from './python-module.js';

const URLCONF_PATH = /(?:^|\/)urls\.py$/;
const DEFINES_URLPATTERNS = /^[ \t]*urlpatterns[ \t]*(?::[^=\n]*)?\+?=(?!=)/gm;
const ASSIGNMENT = /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?\+?=(?!=)[ \t]*/gm;
const LIST_CALL = /^[ \t]*([A-Za-z_]\w*)[ \t]*\.[ \t]*(extend|append)[ \t]*\(/gm;
const ROUTE_FUNCTION = /^(?:(?:django\.)?(?:conf\.)?urls\.)?(path|re_path|url)$/;
const NO_PREFIX: PathValue = { path: '', dynamic: false };

interface PatternList {
  name: string;
  items: Argument[];
  prefix: PathValue;
}

export interface DjangoRoutes {
  routes: DeclaredRoute[];
  mounts: Mount[];
  exports: Record<string, string>;
}

export function isUrlconf(source: ScannedSource, path: string): boolean {
  return URLCONF_PATH.test(path) || !codeMatches(source, DEFINES_URLPATTERNS).next().done;
}

export function extractDjangoRoutes(source: ScannedSource, scope: ModuleScope): DjangoRoutes {
  const lists = readPatternLists(source);
  const groups = new Set(lists.filter((list) => list.name === 'urlpatterns' || list.items.some((item) => routeCall(source, item))).map((list) => list.name));
  const found: DjangoRoutes = { routes: [], mounts: [], exports: {} };
  const reader = new PatternReader(source, scope, groups, found);
  for (const list of lists) if (groups.has(list.name)) for (const item of list.items) reader.read(item, list.name, list.prefix);
  for (const group of groups) found.exports[group] = group;
  if (groups.has('urlpatterns')) found.exports.default = 'urlpatterns';
  return found;
}

/** Offset of the end of the statement that goes on from `from`: the first newline outside brackets. */
function statementEnd(source: ScannedSource, from: number): number {
  const { code } = source;
  let depth = 0;
  for (let i = from; i < code.length; i++) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '\n' && depth <= 0 && code[i - 1] !== '\\') return i;
  }
  return code.length;
}

function readPatternLists(source: ScannedSource): PatternList[] {
  const lists: PatternList[] = [];
  for (const match of codeMatches(source, ASSIGNMENT)) {
    const start = match.index + match[0].length;
    const expression = source.code.slice(start, statementEnd(source, start));
    // `urlpatterns = [...] + static(...)`, `urlpatterns = urlpatterns + i18n_patterns(...)`
    for (const term of splitTopLevel(expression, '+')) {
      const part = { text: term.text, start: start + term.start };
      const items = displayItems(source, part);
      if (items && term.text.startsWith('[')) lists.push({ name: match[1]!, items, prefix: NO_PREFIX });
      const call = items ? null : readCall(source, part);
      if (call && /(?:^|\.)i18n_patterns$/.test(call.callee)) {
        lists.push({ name: match[1]!, items: positionalArguments(call.args), prefix: { path: `${DYNAMIC_SEGMENT}/`, dynamic: true } });
      }
    }
  }
  for (const match of codeMatches(source, LIST_CALL)) {
    const [first] = readArguments(source, match.index + match[0].length - 1).args;
    if (!first) continue;
    const items = match[2] === 'extend' ? displayItems(source, first) : [first];
    if (items) lists.push({ name: match[1]!, items, prefix: NO_PREFIX });
  }
  return lists.sort((a, b) => (a.items[0]?.start ?? 0) - (b.items[0]?.start ?? 0));
}

function routeCall(source: ScannedSource, item: Argument) {
  const call = readCall(source, item);
  const kind = call && ROUTE_FUNCTION.exec(call.callee.replace(/\s+/g, ''))?.[1];
  return kind ? { kind, args: call.args } : null;
}

class PatternReader {
  constructor(
    private readonly source: ScannedSource,
    private readonly scope: ModuleScope,
    private readonly groups: Set<string>,
    private readonly found: DjangoRoutes,
  ) {}

  read(item: Argument, group: string, prefix: PathValue): void {
    const route = routeCall(this.source, item);
    const routeArgument = route && argument(route.args, 0, 'route', 'regex');
    const viewArgument = route && argument(route.args, 1, 'view');
    if (!route || !routeArgument || !viewArgument) return;
    const own = pathValue(routeArgument.text, this.scope.constants);
    const written = route.kind === 'path' ? own.path : own.path.replace(/^\^/, '').replace(/\$$/, '');
    const path = { path: prefix.path + written, dynamic: prefix.dynamic || own.dynamic };
    const line = this.source.lineAt(item.start);
    const view = readCall(this.source, viewArgument);
    if (view && /(?:^|\.)include$/.test(view.callee)) {
      this.include(argument(view.args, 0, 'arg'), group, path, line);
      return;
    }
    const { handler, wrappers } = readView(this.source, viewArgument);
    const guards = noGuards();
    for (const wrapper of wrappers) addGuard(guards, wrapper);
    this.found.routes.push({
      method: 'ALL',
      path: withLeadingSlash(path.path),
      dynamic: path.dynamic,
      framework: 'django',
      line,
      handler,
      auth: guards.auth,
      middleware: guards.middleware,
      group,
    });
  }

  private include(target: Argument | undefined, group: string, prefix: PathValue, line: number): void {
    if (!target) return;
    const items = displayItems(this.source, target);
    // `include((patterns, 'app_name'))` names the URLconf first.
    if (items && target.text.startsWith('(')) return this.include(items[0], group, prefix, line);
    if (items) {
      for (const item of items) this.read(item, group, prefix);
      return;
    }
    this.found.mounts.push({ parent: group, prefix: mountPrefix(prefix.path), dynamic: prefix.dynamic, target: this.groupRef(target.text), line, auth: [] });
  }

  private groupRef(expression: string): GroupRef {
    if (isStringLiteral(expression)) return { kind: 'import', module: pathValue(expression).path, name: 'default' };
    const name = expression.replace(/\s+/g, '');
    if (this.groups.has(name)) return { kind: 'local', name };
    // `from blog import urls as blog_urls`: a name ending in `urls` is a URLconf module.
    return importedGroup(this.scope, name, (last) => /urls$/.test(last)) ?? { kind: 'local', name };
  }
}
