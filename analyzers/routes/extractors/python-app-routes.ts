/**
 * Flask and FastAPI routes: route decorators on functions and classes, `add_url_rule` /
 * `add_api_route`, and the blueprints and routers they hang on, joined by `register_blueprint`,
 * `include_router` and `mount`.
 * Flask: https://flask.palletsprojects.com/en/stable/api/#flask.Flask.route,
 *        https://flask.palletsprojects.com/en/stable/blueprints/,
 *        https://flask.palletsprojects.com/en/stable/views/ (class-based views)
 * FastAPI: https://fastapi.tiangolo.com/reference/apirouter/,
 *          https://fastapi.tiangolo.com/tutorial/bigger-applications/
 *
 * - An application (`Flask(...)`, `FastAPI(...)`) is the root: its routes have group null. A
 *   blueprint or router assigned in the file is a group named after its variable, its
 *   `url_prefix` / `prefix` already in the routes' paths, and exported under that name.
 * - A decorator `@x.route(...)`, `@x.get(...)`, ... on a `def` or a `class` is a route whatever `x`
 *   is (a blueprint imported from the package, `from . import bp`, is the usual Flask layout). To
 *   keep `@mock.patch('app.x')` out, the path must begin with `/`; an empty or computed path needs
 *   `x` to be an application, blueprint or router of the file, or the file to import flask or fastapi.
 * - A call is a route or a mount only through the names that only route tables have
 *   (`add_url_rule`, `register_blueprint`, `include_router`, ...): `requests.get('/x')` is not one.
 * - Other decorators of the function are its auth or middleware, in written order.
 */
import type { DeclaredRoute, GroupRef, Mount } from '../model.js';
import { DYNAMIC_SEGMENT } from '../model.js';
import { codeMatches, readArguments, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';
import { dependencyListGuards, readDependencyAliases, signatureAuth } from './python-dependencies.js';
import {
  addGuard,
  argument,
  asWritten,
  displayItems,
  isStringLiteral,
  joinGuards,
  keywordArgument,
  noGuards,
  pathValue,
  readView,
  type Guards,
  type PathValue,
  mountPrefix,
  withLeadingSlash,
} from './python-expressions.js';
import { classViewMethods, importedGroup, importedName, type ModuleScope } from './python-module.js';

type Framework = 'flask' | 'fastapi';

interface AppObject {
  framework: Framework;
  /** `Flask(...)` or `FastAPI(...)`: its routes are the application's own. */
  isApplication: boolean;
  /** `Blueprint(url_prefix=...)`, `APIRouter(prefix=...)`: written into its routes' paths. */
  prefix: PathValue;
  /** `dependencies=[...]` of the router or application: every route on it has them. */
  guards: Guards;
}

const CONSTRUCTORS: Record<string, { framework: Framework; isApplication: boolean; prefixKeyword: string | null }> = {
  Flask: { framework: 'flask', isApplication: true, prefixKeyword: null },
  Blueprint: { framework: 'flask', isApplication: false, prefixKeyword: 'url_prefix' },
  FastAPI: { framework: 'fastapi', isApplication: true, prefixKeyword: null },
  APIRouter: { framework: 'fastapi', isApplication: false, prefixKeyword: 'prefix' },
};

/** Route decorators by name; `listed` reads a `methods=[...]` argument. */
const ROUTE_DECORATORS: Record<string, { methods: string[] | 'listed'; framework?: Framework }> = {
  route: { methods: 'listed', framework: 'flask' },
  api_route: { methods: 'listed', framework: 'fastapi' },
  websocket: { methods: ['WEBSOCKET'], framework: 'fastapi' },
  get: { methods: ['GET'] },
  post: { methods: ['POST'] },
  put: { methods: ['PUT'] },
  patch: { methods: ['PATCH'] },
  delete: { methods: ['DELETE'] },
  head: { methods: ['HEAD'], framework: 'fastapi' },
  options: { methods: ['OPTIONS'], framework: 'fastapi' },
  trace: { methods: ['TRACE'], framework: 'fastapi' },
};

const OBJECT_ASSIGNMENT = /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*([A-Za-z_][\w.]*)[ \t]*\(/gm;
const DECORATOR = /^[ \t]*@[ \t]*([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]*/gm;
const DEFINITION = /\s*(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)\s*/y;
const NEXT_DECORATOR = /\s*@/y;
const REGISTRATION = /(?<![\w.])([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\.\s*(register_blueprint|include_router|mount|add_url_rule|add_api_route)\s*\(/g;

interface Decorator {
  at: number;
  /** `app.route`, `login_required`. */
  callee: string;
  args: Argument[] | null;
  written: string;
}

interface Definition {
  kind: 'def' | 'class';
  name: string;
  /** Offset of the parameter list's `(` (or the class's). */
  open: number;
  decorators: Decorator[];
}

export interface AppRoutes {
  routes: DeclaredRoute[];
  mounts: Mount[];
  exports: Record<string, string>;
  aliases: Record<string, GroupRef>;
  routers: string[];
}

export function extractAppRoutes(source: ScannedSource, scope: ModuleScope): AppRoutes {
  const objects = readAppObjects(source, scope);
  const frameworks = new Set<Framework>();
  for (const module of scope.importedModules) {
    const framework = /^(flask|fastapi)(?:$|[._])/.exec(module)?.[1];
    if (framework) frameworks.add(framework as Framework);
  }
  const reader = new AppRouteReader(source, scope, objects, frameworks);
  reader.readRegistrations();
  reader.readDecoratedDefinitions();
  return reader.result();
}

function readAppObjects(source: ScannedSource, scope: ModuleScope): Map<string, AppObject> {
  const objects = new Map<string, AppObject>();
  for (const match of codeMatches(source, OBJECT_ASSIGNMENT)) {
    const constructor = CONSTRUCTORS[importedName(scope, match[2]!)];
    if (!constructor) continue;
    const { args } = readArguments(source, match.index + match[0].length - 1);
    const prefix = constructor.prefixKeyword ? keywordArgument(args, constructor.prefixKeyword) : undefined;
    objects.set(match[1]!, {
      framework: constructor.framework,
      isApplication: constructor.isApplication,
      prefix: prefix ? pathValue(prefix.text, scope.constants) : { path: '', dynamic: false },
      guards: dependencyListGuards(source, keywordArgument(args, 'dependencies')),
    });
  }
  return objects;
}

/** Flask joins a blueprint's prefix and a rule with exactly one slash; an empty rule is the prefix itself. */
function joinFlaskRule(prefix: string, rule: string): string {
  if (prefix === '') return rule;
  return rule === '' ? prefix : `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`;
}

class AppRouteReader {
  private readonly routes: DeclaredRoute[] = [];
  private readonly mounts: Mount[] = [];
  /** Applications mounted under another one (`app.mount('/v2', v2)`): a group, not the root. */
  private readonly mountedApplications = new Set<string>();
  private readonly aliases: ReturnType<typeof readDependencyAliases>;

  constructor(
    private readonly source: ScannedSource,
    private readonly scope: ModuleScope,
    private readonly objects: Map<string, AppObject>,
    private readonly frameworks: Set<Framework>,
  ) {
    this.aliases = readDependencyAliases(source);
  }

  result(): AppRoutes {
    const exports: Record<string, string> = {};
    for (const [name, object] of this.objects) if (!object.isApplication || this.mountedApplications.has(name)) exports[name] = name;
    // Routes on an imported blueprint or router belong to it, wherever it is mounted.
    const aliases: Record<string, GroupRef> = {};
    for (const group of new Set(this.routes.map((route) => route.group))) {
      const imported = group !== null && !this.objects.has(group) ? importedGroup(this.scope, group) : null;
      if (imported) aliases[group!] = imported;
    }
    const routers = [...this.objects].filter(([name, object]) => !object.isApplication && this.routes.some((route) => route.group === name)).map(([name]) => name);
    return { routes: this.routes, mounts: this.mounts, exports, aliases, routers };
  }

  /** The group routes on `object` hang on: null for the application itself. */
  private groupOf(object: string): string | null {
    const known = this.objects.get(object);
    return known?.isApplication && !this.mountedApplications.has(object) ? null : object;
  }

  private groupRef(expression: string): GroupRef {
    const name = expression.replace(/\s+/g, '');
    if (this.objects.has(name)) return { kind: 'local', name };
    return importedGroup(this.scope, name) ?? { kind: 'local', name };
  }

  /** Whether a path on `object` is a route path rather than, say, the target of `mock.patch`. */
  private isRoutePath(object: string, path: PathValue): boolean {
    if (/(?:^|\.)(?:mock|mocker)$/.test(object)) return false;
    if (path.path.startsWith('/')) return true;
    const trusted = this.objects.has(object) || this.frameworks.has('flask') || this.frameworks.has('fastapi');
    return trusted && (path.path === '' || path.path.startsWith(DYNAMIC_SEGMENT));
  }

  private frameworkOf(object: string, decorator: string | null, path: PathValue): Framework {
    const known = this.objects.get(object)?.framework ?? (decorator ? ROUTE_DECORATORS[decorator]?.framework : undefined);
    if (known) return known;
    if (this.frameworks.has('fastapi') !== this.frameworks.has('flask')) return this.frameworks.has('flask') ? 'flask' : 'fastapi';
    return path.path.includes('<') ? 'flask' : 'fastapi';
  }

  private declare(route: {
    object: string;
    framework: Framework;
    methods: string[];
    path: PathValue;
    at: number;
    handler: string | null;
    guards: Guards;
  }): void {
    const known = this.objects.get(route.object);
    const prefix = known?.prefix ?? { path: '', dynamic: false };
    const joined = route.framework === 'flask' ? joinFlaskRule(prefix.path, route.path.path) : prefix.path + route.path.path;
    const guards = joinGuards(known?.guards ?? noGuards(), route.guards);
    for (const method of route.methods) {
      this.routes.push({
        method,
        path: withLeadingSlash(joined),
        dynamic: prefix.dynamic || route.path.dynamic || method === DYNAMIC_SEGMENT,
        framework: route.framework,
        line: this.source.lineAt(route.at),
        handler: route.handler,
        auth: guards.auth,
        middleware: guards.middleware,
        group: this.groupOf(route.object),
      });
    }
  }

  /** `methods=[...]` upper-cased; an item or list computed at run time is `{…}`. */
  private listedMethods(args: Argument[], fallback: string[]): string[] {
    const listed = keywordArgument(args, 'methods');
    if (!listed) return fallback;
    const items = displayItems(this.source, listed);
    if (!items) return [DYNAMIC_SEGMENT];
    return items.map((item) => (isStringLiteral(item.text) ? pathValue(item.text).path.toUpperCase() : DYNAMIC_SEGMENT));
  }

  /** Methods of a class-based view of this file; `ALL` when they cannot be seen (it dispatches by its own methods). */
  private classMethods(className: string): string[] {
    const simple = /^[A-Za-z_]\w*$/.test(className) ? classViewMethods(this.source, className) : [];
    return simple.length ? simple : ['ALL'];
  }

  readDecoratedDefinitions(): void {
    for (const definition of readDefinitions(this.source)) {
      const routeDecorators = definition.decorators.filter((decorator) => this.isRouteDecorator(decorator));
      if (routeDecorators.length === 0) continue;
      const decoratorGuards = noGuards();
      for (const decorator of definition.decorators) if (!routeDecorators.includes(decorator)) addGuard(decoratorGuards, decorator.written);
      const signature = definition.kind === 'def' ? signatureAuth(this.source, definition.open, this.aliases) : [];
      for (const decorator of routeDecorators) {
        const args = decorator.args!;
        const dot = decorator.callee.lastIndexOf('.');
        const object = decorator.callee.slice(0, dot);
        const name = decorator.callee.slice(dot + 1);
        const path = pathValue(argument(args, 0, 'rule', 'path')!.text, this.scope.constants);
        const declared = ROUTE_DECORATORS[name]!.methods;
        const unlisted = definition.kind === 'class' ? this.classMethods(definition.name) : ['GET'];
        const routeGuards = dependencyListGuards(this.source, keywordArgument(args, 'dependencies'));
        this.declare({
          object,
          framework: this.frameworkOf(object, name, path),
          methods: declared === 'listed' ? this.listedMethods(args, unlisted) : declared,
          path,
          at: decorator.at,
          handler: definition.name,
          guards: joinGuards(decoratorGuards, routeGuards, { auth: signature, middleware: [] }),
        });
      }
    }
  }

  private isRouteDecorator(decorator: Decorator): boolean {
    const dot = decorator.callee.lastIndexOf('.');
    if (dot < 0 || decorator.args === null || !ROUTE_DECORATORS[decorator.callee.slice(dot + 1)]) return false;
    const pathArgument = argument(decorator.args, 0, 'rule', 'path');
    return pathArgument !== undefined && this.isRoutePath(decorator.callee.slice(0, dot), pathValue(pathArgument.text, this.scope.constants));
  }

  readRegistrations(): void {
    for (const match of codeMatches(this.source, REGISTRATION)) {
      const object = match[1]!.replace(/\s+/g, '');
      const { args } = readArguments(this.source, match.index + match[0].length - 1);
      const at = match.index;
      switch (match[2]) {
        case 'register_blueprint':
          this.mount(object, argument(args, 0, 'blueprint'), keywordArgument(args, 'url_prefix'), noGuards(), at);
          break;
        case 'include_router':
          this.mount(object, argument(args, 0, 'router'), keywordArgument(args, 'prefix'), dependencyListGuards(this.source, keywordArgument(args, 'dependencies')), at);
          break;
        case 'mount':
          this.mountApplication(object, args, at);
          break;
        case 'add_url_rule':
          this.addUrlRule(object, args, at);
          break;
        case 'add_api_route':
          this.addApiRoute(object, args, at);
          break;
      }
    }
  }

  private mount(parent: string, target: Argument | undefined, prefixArgument: Argument | undefined, guards: Guards, at: number): void {
    if (!target) return;
    const prefix = prefixArgument ? pathValue(prefixArgument.text, this.scope.constants) : { path: '', dynamic: false };
    this.mounts.push({
      parent: this.groupOf(parent),
      prefix: mountPrefix(prefix.path),
      dynamic: prefix.dynamic,
      target: this.groupRef(target.text),
      line: this.source.lineAt(at),
      // A router's (or application's) own dependencies run for every route included into it.
      auth: [...(this.objects.get(parent)?.guards.auth ?? []), ...guards.auth],
    });
  }

  /** `app.mount('/v2', v2_app)`: a FastAPI sub-application; `StaticFiles(...)` and other calls are not route groups. */
  private mountApplication(parent: string, args: Argument[], at: number): void {
    const target = argument(args, 1, 'app');
    if (this.objects.get(parent)?.framework !== 'fastapi' || !target || !/^[A-Za-z_][\w.]*$/.test(target.text)) return;
    if (this.objects.get(target.text)?.isApplication) this.mountedApplications.add(target.text);
    this.mount(parent, target, argument(args, 0, 'path'), noGuards(), at);
  }

  /** Flask `add_url_rule(rule, endpoint=None, view_func=None, **options)`. */
  private addUrlRule(object: string, args: Argument[], at: number): void {
    const rule = argument(args, 0, 'rule');
    const path = rule && pathValue(rule.text, this.scope.constants);
    if (!path || !this.isRoutePath(object, path)) return;
    const viewArgument = argument(args, 2, 'view_func');
    const view = viewArgument ? readView(this.source, viewArgument) : null;
    const endpoint = argument(args, 1, 'endpoint');
    const isClassView = viewArgument !== undefined && /\.\s*as_view\s*\(/.test(viewArgument.text);
    const guards = noGuards();
    for (const wrapper of view?.wrappers ?? []) addGuard(guards, wrapper);
    this.declare({
      object,
      framework: 'flask',
      methods: this.listedMethods(args, isClassView && view?.handler ? this.classMethods(view.handler) : ['GET']),
      path,
      at,
      // Without a view function the rule names an endpoint a view is attached to elsewhere.
      handler: view ? view.handler : endpoint && isStringLiteral(endpoint.text) ? pathValue(endpoint.text).path : null,
      guards,
    });
  }

  /** FastAPI `add_api_route(path, endpoint, *, methods=None, dependencies=None, ...)`. */
  private addApiRoute(object: string, args: Argument[], at: number): void {
    const pathArgument = argument(args, 0, 'path');
    const path = pathArgument && pathValue(pathArgument.text, this.scope.constants);
    if (!path || !this.isRoutePath(object, path)) return;
    const endpoint = argument(args, 1, 'endpoint');
    this.declare({
      object,
      framework: 'fastapi',
      methods: this.listedMethods(args, ['GET']),
      path,
      at,
      handler: endpoint ? asWritten(endpoint.text) : null,
      guards: dependencyListGuards(this.source, keywordArgument(args, 'dependencies')),
    });
  }
}

/** Every decorated `def` and `class`, with its decorators in written order. */
function readDefinitions(source: ScannedSource): Definition[] {
  const { code } = source;
  const definitions: Definition[] = [];
  let pending: Decorator[] = [];
  let readUntil = 0;
  for (const match of codeMatches(source, DECORATOR)) {
    const at = match.index + match[0].indexOf('@');
    if (match.index < readUntil || !source.isCode(at)) continue;
    let end = match.index + match[0].length;
    let args: Argument[] | null = null;
    if (code[end] === '(') {
      const call = readArguments(source, end);
      args = call.args;
      end = call.end;
    }
    readUntil = end;
    pending.push({ at, callee: match[1]!.replace(/\s+/g, ''), args, written: asWritten(code.slice(at + 1, end)) });
    NEXT_DECORATOR.lastIndex = end;
    if (NEXT_DECORATOR.test(code)) continue;
    DEFINITION.lastIndex = end;
    const definition = DEFINITION.exec(code);
    if (definition) {
      const kind = definition[1] === 'class' ? 'class' : 'def';
      definitions.push({ kind, name: definition[2]!, open: end + definition[0].length, decorators: pending });
    }
    pending = [];
  }
  return definitions;
}
