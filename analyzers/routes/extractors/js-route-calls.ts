/**
 * Routes declared by calls in one parsed JavaScript or TypeScript program, for the frameworks whose
 * routes are method calls on an application or router object:
 *
 * - Express 4 and 5 (https://expressjs.com/en/guide/routing.html): `app.get|post|…|all(path,
 *   ...middleware, handler)`, `app.route(path).get(h).post(h)`, `express.Router()` / `Router()`,
 *   mounted with `app.use(prefix?, ...middleware, router)`.
 * - Koa with @koa/router or koa-router (https://github.com/koajs/router): `new Router({ prefix })`,
 *   `router.get(name?, path, ...)`, `router.del`, nested `router.use(prefix, other.routes())`,
 *   `app.use(router.routes())`.
 * - Fastify (https://fastify.dev/docs/latest/Reference/Routes/): shorthand methods,
 *   `fastify.route({ method, url, handler, preHandler })`, plugins registered with
 *   `fastify.register(plugin, { prefix })`; a plugin is a function whose first parameter receives
 *   the routes, passed to `register` or exported (also wrapped in `fastify-plugin`'s `fp()`).
 * - Hapi (https://hapi.dev/api/#-serverrouteroute): `server.route({ method, path, handler,
 *   options: { auth } })` and arrays of them (also a `const` array of the same file); plugins
 *   (`{ name, register(server) {} }`) registered with `routes: { prefix }`.
 * - Hono (https://hono.dev/docs/api/routing): `app.get|post|…|all|on(...)`, chained calls,
 *   `app.route(prefix, subApp)`, `new Hono().basePath(prefix)`.
 *
 * A receiver counts only when this file shows what it is: bound to one of those constructors, or
 * the first parameter of a plugin function. `res.get('Content-Type')`, `axios.get('/x')` and
 * `request(app).get('/x')` are not routes. Each binding is a group named by its local name; a
 * mount joins the group it is called on to the group it mounts, here or in an imported module.
 */
import type { File, Node } from '@babel/types';
import { bindingNames, calledMethod, keyName, lineOf, propertyName, staticString, unwrap, walk } from '../../shared/js-ast.js';
import { isAuthName } from '../auth.js';
import { DYNAMIC_SEGMENT, type DeclaredRoute, type GroupRef, type Mount, type RouteExtraction } from '../model.js';
import { joinPaths } from '../paths.js';

type Framework = 'express' | 'koa' | 'fastify' | 'hapi' | 'hono';

/** The modules whose imports tell what a constructor builds. */
const FRAMEWORK_MODULES: Readonly<Record<string, Framework>> = {
  express: 'express',
  '@koa/router': 'koa',
  'koa-router': 'koa',
  koa: 'koa',
  fastify: 'fastify',
  '@hapi/hapi': 'hapi',
  hapi: 'hapi',
  hono: 'hono',
  'hono/tiny': 'hono',
  'hono/quick': 'hono',
};
const FASTIFY_PLUGIN_MODULES: ReadonlySet<string> = new Set(['fastify-plugin']);

const SHORTHAND_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);
/** Calls that return their receiver, so a chain of them is still the router it started with. */
const CHAIN_METHODS: ReadonlySet<string> = new Set([...SHORTHAND_METHODS, 'use', 'on']);
/** Plugin parameters are only trusted with a path that looks like one: `req.get('host')` is not a route. */
const PATH_LIKE = /^(?:\/|\*|$)/;
/** Fastify's documentation names a plugin's parameter `fastify` (or `instance`): evidence enough. */
const FASTIFY_PARAMETER = /^(?:fastify|instance)$/i;
const HANDLER_KEYS = ['handler'];
const MIDDLEWARE_KEYS = ['preHandler', 'onRequest', 'preValidation', 'preParsing', 'middleware', 'pre'];

/** A local name for a framework's export: `express`, `Router` (of express or @koa/router), `Koa`, `Fastify`, `Hono`, `Hapi`. */
interface FrameworkName {
  framework: Framework;
  module: string;
  /** The export it names: `default`, `Router`, `Hono`, `server`, or `*` for a namespace. */
  imported: string;
}

/** What a local name is bound to. */
interface Binding {
  framework: Framework;
  /** True for an application (`express()`, `new Koa()`): not a router, still a group. */
  app: boolean;
  /** `new Router({ prefix })`, `new Hono().basePath(p)`: applied to the binding's own routes. */
  prefix: string;
  dynamicPrefix: boolean;
}

/** Modules a local name was imported from. */
interface ImportedName {
  module: string;
  /** `default`, an export name, or `*` for a namespace (`import * as users`, `const users = require()`). */
  name: string;
}

export function findRouteCalls(file: File, source: string): RouteExtraction {
  return new RouteCallFinder(file, source).find();
}

class RouteCallFinder {
  private readonly visits: ReturnType<typeof walk>;
  private readonly parents = new Map<Node, Node | null>();
  /** Local names of framework exports: `express`, `Router`, `Fastify`, `Hono`, `Hapi`, `Koa`. */
  private readonly frameworkNames = new Map<string, FrameworkName>();
  private readonly pluginWrappers = new Set<string>();
  private readonly bindings = new Map<string, Binding>();
  private readonly imports = new Map<string, ImportedName>();
  /** `const routes = [...]` and the like, for Hapi's `server.route(routes)`. */
  private readonly constants = new Map<string, Node>();
  /** Plugin functions: their group name and framework, by the function node and by parameter name within it. */
  private readonly pluginGroups = new Map<Node, { group: string; framework: Framework }>();
  private readonly routes: DeclaredRoute[] = [];
  /** Where each route and mount was written: the method name's offset. */
  private readonly positions = new Map<object, number>();
  private position = 0;
  private readonly mounts: Mount[] = [];
  private readonly exports: Record<string, string> = {};

  constructor(
    file: File,
    private readonly source: string,
  ) {
    this.visits = walk(file.program);
    for (const visit of this.visits) this.parents.set(visit.node, visit.parent);
  }

  find(): RouteExtraction {
    for (const { node } of this.visits) this.collectImport(node);
    for (const { node } of this.visits) this.collectBinding(node);
    for (const { node } of this.visits) this.collectExport(node);
    for (const { node } of this.visits) this.collectPlugin(node);
    for (const { node } of this.visits) this.collectCall(node);
    // Source order: the walk meets a chain's last call first (`route('/x').get().post()`).
    const bySource = (a: { line: number }, b: { line: number }) => a.line - b.line || this.positions.get(a)! - this.positions.get(b)!;
    const routers = new Set(this.routes.map((route) => route.group).filter((group): group is string => group !== null && this.isRouter(group)));
    return {
      routes: this.routes.sort(bySource),
      mounts: this.mounts.sort(bySource),
      exports: this.exports,
      moduleStyle: 'javascript',
      ...(routers.size > 0 ? { routers: [...routers].sort() } : {}),
    };
  }

  // ---- what names mean

  private collectImport(node: Node): void {
    if (node.type === 'ImportDeclaration') {
      const module = node.source.value;
      const framework = FRAMEWORK_MODULES[module];
      for (const specifier of node.specifiers) {
        const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : importedName(specifier.imported);
        if (framework) this.frameworkNames.set(specifier.local.name, { framework, module, imported });
        else if (FASTIFY_PLUGIN_MODULES.has(module)) this.pluginWrappers.add(specifier.local.name);
        else this.imports.set(specifier.local.name, { module, name: imported });
      }
      return;
    }
    if (node.type !== 'VariableDeclarator' || !node.init) return;
    const required = requiredModule(node.init);
    if (required === null) return;
    const framework = FRAMEWORK_MODULES[required.module];
    if (node.id.type === 'Identifier') {
      const name = node.id.name;
      if (framework) this.frameworkNames.set(name, { framework, module: required.module, imported: required.property ?? 'default' });
      else if (FASTIFY_PLUGIN_MODULES.has(required.module)) this.pluginWrappers.add(name);
      // `require()` of a module is its module.exports: `default`, or the whole namespace when members are used.
      else this.imports.set(name, { module: required.module, name: required.property ?? '*' });
    } else if (node.id.type === 'ObjectPattern') {
      for (const property of node.id.properties) {
        if (property.type !== 'ObjectProperty' || property.value.type !== 'Identifier') continue;
        const imported = keyName(property);
        if (imported === null) continue;
        if (framework) this.frameworkNames.set(property.value.name, { framework, module: required.module, imported });
        else this.imports.set(property.value.name, { module: required.module, name: imported });
      }
    }
  }

  private collectBinding(node: Node): void {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      const binding = this.constructed(node.init);
      if (binding) this.bindings.set(node.id.name, binding);
      else this.constants.set(node.id.name, node.init);
    } else if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') {
      const binding = this.constructed(node.right);
      if (binding) this.bindings.set(node.left.name, binding);
    }
  }

  /** What `express()`, `express.Router()`, `new Router({ prefix })`, `Fastify()`, `new Hono().basePath('/api')`, `Hapi.server()` build. */
  private constructed(expression: Node): Binding | null {
    const node = unwrap(expression);
    // `Router().use(a).get('/x', h)`: route and mount calls return the router itself.
    const chained = node.type === 'CallExpression' ? calledMethod(node) : null;
    if (chained && CHAIN_METHODS.has(chained.method)) return this.constructed(chained.object);
    if (node.type === 'CallExpression' && calledMethod(node)?.method === 'basePath') {
      const base = this.constructed(calledMethod(node)!.object);
      const prefix = node.arguments[0] ? pathText(node.arguments[0]) : null;
      if (base?.framework === 'hono' && prefix) return { ...base, prefix: joinPaths(base.prefix, prefix.path), dynamicPrefix: base.dynamicPrefix || prefix.dynamic };
      return base;
    }
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return null;
    const callee = unwrap(node.callee);
    let name: FrameworkName | undefined;
    let member: string | null = null;
    if (callee.type === 'Identifier') name = this.frameworkNames.get(callee.name);
    else if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'Identifier') {
      name = this.frameworkNames.get((unwrap(callee.object) as { name: string }).name);
      member = propertyName(callee);
    } else if (callee.type === 'MemberExpression' && requiredModule(callee.object) !== null) {
      // `require('express').Router()`.
      const module = requiredModule(callee.object)!.module;
      const framework = FRAMEWORK_MODULES[module];
      if (framework) name = { framework, module, imported: 'default' };
      member = propertyName(callee);
    } else if (callee.type === 'CallExpression' && requiredModule(callee) !== null) {
      // `require('fastify')()`, `require('express').Router()` written inline.
      const module = requiredModule(callee)!.module;
      const framework = FRAMEWORK_MODULES[module];
      if (framework) name = { framework, module, imported: 'default' };
    }
    if (!name) return null;
    const what = member ?? name.imported;
    const options = node.arguments[0] ? unwrap(node.arguments[0]) : null;
    switch (name.framework) {
      case 'express':
        if (what === 'Router') return plainBinding('express', false);
        return what === 'default' || what === '*' ? plainBinding('express', true) : null;
      case 'koa': {
        // @koa/router's default export is the Router class; koa's is the application.
        if (what !== 'default' && what !== 'Router' && what !== '*') return null;
        if (name.module === 'koa') return plainBinding('koa', true);
        const prefix = options?.type === 'ObjectExpression' ? valueOf(options, 'prefix') : null;
        const text = prefix ? pathText(prefix) : null;
        return { framework: 'koa', app: false, prefix: text?.path ?? '', dynamicPrefix: text?.dynamic ?? false };
      }
      case 'fastify':
        return what === 'default' || what === '*' || what === 'fastify' || what === 'Fastify' ? plainBinding('fastify', true) : null;
      case 'hapi':
        return what === 'server' || what === 'Server' ? plainBinding('hapi', true) : null;
      case 'hono':
        return what === 'Hono' ? plainBinding('hono', false) : null;
    }
  }

  private collectExport(node: Node): void {
    if (node.type === 'ExportDefaultDeclaration') {
      const name = this.groupOfExpression(node.declaration);
      if (name) this.exports['default'] = name;
    } else if (node.type === 'ExportNamedDeclaration') {
      if (node.declaration?.type === 'VariableDeclaration') {
        for (const declarator of node.declaration.declarations) for (const name of bindingNames(declarator.id)) this.exports[name] = name;
      } else if (node.declaration?.type === 'FunctionDeclaration' && node.declaration.id) {
        this.exports[node.declaration.id.name] = node.declaration.id.name;
      }
      for (const specifier of node.specifiers) {
        if (specifier.type === 'ExportSpecifier') this.exports[importedName(specifier.exported)] = specifier.local.name;
      }
    } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const target = memberPath(node.left);
      if (target === 'module.exports') {
        const right = unwrap(node.right);
        if (right.type === 'ObjectExpression') {
          for (const property of right.properties) {
            const key = keyName(property);
            const value = property.type === 'ObjectProperty' ? this.groupOfExpression(property.value) : null;
            if (key && value) this.exports[key] = value;
          }
        } else {
          const name = this.groupOfExpression(right);
          if (name) this.exports['default'] = name;
        }
      } else if (target?.startsWith('exports.') || target?.startsWith('module.exports.')) {
        const key = target.slice(target.lastIndexOf('.') + 1);
        const name = this.groupOfExpression(node.right);
        if (name) this.exports[key] = name;
      }
    }
  }

  /** The group an exported expression is: a local name, or a plugin function (named or not). */
  private groupOfExpression(expression: Node): string | null {
    const node = this.unwrapPlugin(expression);
    if (node.type === 'Identifier') return node.name;
    const constructor = this.chainConstructor(node);
    if (constructor) return this.anonymousGroup(constructor);
    if (isFunction(node)) return functionGroupName(node);
    if (node.type === 'ObjectExpression') {
      // A Hapi plugin object: `{ name, register(server) {} }`.
      const register = node.properties.find((property) => keyName(property) === 'register');
      if (register?.type === 'ObjectMethod') return functionGroupName(register);
      if (register?.type === 'ObjectProperty') return this.groupOfExpression(register.value);
    }
    return null;
  }

  /** `fp(fn)`, `fastifyPlugin(fn, opts)`: the function inside. */
  private unwrapPlugin(expression: Node): Node {
    const node = unwrap(expression);
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && this.pluginWrappers.has(node.callee.name) && node.arguments[0]) {
      return unwrap(node.arguments[0]);
    }
    return node;
  }

  /** Functions whose first parameter receives routes: exported, registered, or Hapi's `register`. */
  private collectPlugin(node: Node): void {
    if (!isFunction(node) || node.params.length === 0 || node.params[0]!.type !== 'Identifier') return;
    const group = functionGroupName(node);
    if (!this.isPluginPosition(node)) return;
    const parameter = (node.params[0] as { name: string }).name;
    const framework = this.pluginFramework(node, parameter, this.isRegistered(node));
    if (framework) this.pluginGroups.set(node, { group, framework });
  }

  private isPluginPosition(fn: Node): boolean {
    const group = functionGroupName(fn);
    if (Object.values(this.exports).includes(group)) return true;
    const parent = this.parents.get(fn) ?? null;
    // `fp(fn)`, `register(fn, opts)`, `{ register: fn }`, `{ register(server) {} }`.
    if (fn.type === 'ObjectMethod' && keyName(fn) === 'register') return true;
    if (parent?.type === 'ObjectProperty' && keyName(parent) === 'register') return true;
    if (this.isRegistered(fn)) return true;
    // `registerRoutes(app)`: a function of this file handed an application or router.
    return this.visits.some(({ node }) => this.appliedFunction(node) === group);
  }

  /** Passed to `register` (here or by name) or wrapped in `fp()`: a Fastify (or Hapi) plugin for certain. */
  private isRegistered(fn: Node): boolean {
    const group = functionGroupName(fn);
    const parent = this.parents.get(fn) ?? null;
    if (parent?.type === 'CallExpression' && parent.callee.type === 'Identifier' && this.pluginWrappers.has(parent.callee.name)) return true;
    if (parent?.type === 'CallExpression' && calledMethod(parent)?.method === 'register' && parent.arguments[0] === fn) return true;
    return this.visits.some(({ node }) => {
      if (node.type !== 'CallExpression' || calledMethod(node)?.method !== 'register') return false;
      const first = node.arguments[0] ? this.unwrapPlugin(node.arguments[0]) : null;
      return first?.type === 'Identifier' && first.name === group;
    });
  }

  /** For `f(app, ...)` with `app` a known application or router: the name `f`, else null. */
  private appliedFunction(node: Node): string | null {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return null;
    const first = node.arguments[0] ? unwrap(node.arguments[0]) : null;
    return first?.type === 'Identifier' && this.bindings.has(first.name) ? node.callee.name : null;
  }

  /**
   * The framework of a plugin function's routes, from how its parameter is used: `server.route({
   * path })` is Hapi; `route({ url })`, `register`, `fp()` and a parameter named `fastify` are
   * Fastify; shorthand routes alone
   * take the framework the file imports, else Express's, the commonest `registerRoutes(app)` style.
   * Null when the parameter declares no route.
   */
  private pluginFramework(fn: Node, parameter: string, registered: boolean): Framework | null {
    let framework: Framework | null = null;
    for (const { node } of walk(fn)) {
      const call = calledMethod(node);
      if (!call || unwrap(call.object).type !== 'Identifier' || (unwrap(call.object) as { name: string }).name !== parameter) continue;
      const args = (node as { arguments: Node[] }).arguments;
      if (call.method === 'route') {
        const first = args[0] ? this.resolveConstant(args[0]) : null;
        const object = first?.type === 'ArrayExpression' ? first.elements[0] : first;
        if (object?.type === 'ObjectExpression' && valueOf(object, 'path')) return 'hapi';
        if (object?.type === 'ObjectExpression' && valueOf(object, 'url')) framework = 'fastify';
      } else if (call.method === 'register') {
        // A plugin that only registers others (`admin` registering `stats` under `/stats`) is one too.
        framework ??= 'fastify';
      } else if (SHORTHAND_METHODS.has(call.method) && args[0] && PATH_LIKE.test(staticString(args[0]) ?? '/')) {
        framework ??= registered || FASTIFY_PARAMETER.test(parameter) ? 'fastify' : (this.importedFramework() ?? 'express');
      }
    }
    return framework;
  }

  /** The one framework this file imports, if it imports one. */
  private importedFramework(): Framework | null {
    const frameworks = new Set([...this.frameworkNames.values()].map((name) => name.framework));
    return frameworks.size === 1 ? [...frameworks][0]! : null;
  }

  // ---- routes and mounts

  private collectCall(node: Node): void {
    this.mountApplied(node);
    const call = calledMethod(node);
    if (!call) return;
    this.position = unwrap((node as { callee: Node }).callee).end ?? 0;
    const args = (node as { arguments: Node[] }).arguments;
    const receiver = this.receiverOf(call.object, node);
    if (!receiver) return;
    const { group, binding } = receiver;
    const method = call.method;
    if (method === 'use') this.mountUse(group, binding, args, node);
    else if (method === 'route' && binding.framework === 'hono') this.mountHonoRoute(group, args, node);
    else if (method === 'register') this.mountRegister(group, binding, args, node);
    else if (method === 'route' && (binding.framework === 'fastify' || binding.framework === 'hapi')) this.routeObjects(group, binding, args[0], node);
    else if (method === 'route' && binding.framework === 'express') return; // `app.route(path)`: its chained calls declare the routes
    else if (SHORTHAND_METHODS.has(method) || (method === 'on' && binding.framework === 'hono')) this.shorthand(group, binding, method, args, node, receiver.chainPath);
  }

  /**
   * The group a call's receiver is, or null when it is not a known application, router or plugin
   * parameter. Chains are followed: `app.route('/x').get()` (Express, with its path) and Hono's
   * `app.get(...).post(...)`.
   */
  private receiverOf(object: Node, call: Node): { group: string; binding: Binding; chainPath: { path: string; dynamic: boolean } | null } | null {
    const node = unwrap(object);
    if (node.type === 'Identifier') {
      // A plugin's parameter hides a module-level binding of the same name (`server` in Hapi's `register(server)`).
      const plugin = this.pluginOfParameter(node.name, call);
      if (plugin) return { group: plugin.group, binding: plainBinding(plugin.framework, false), chainPath: null };
      const binding = this.bindings.get(node.name);
      return binding ? { group: node.name, binding, chainPath: null } : null;
    }
    if ((node.type === 'CallExpression' || node.type === 'NewExpression') && this.isConstructor(node)) {
      return { group: this.anonymousGroup(node), binding: this.constructed(node)!, chainPath: null };
    }
    if (node.type === 'CallExpression') {
      const inner = calledMethod(node);
      if (!inner) return null;
      const receiver = this.receiverOf(inner.object, node);
      if (!receiver) return null;
      if (inner.method === 'route' && receiver.binding.framework === 'express' && node.arguments[0]) {
        return { ...receiver, chainPath: pathText(node.arguments[0]) };
      }
      // Hono and Express return the app (or route) itself from a route call.
      if (SHORTHAND_METHODS.has(inner.method) || inner.method === 'use' || inner.method === 'on') return receiver;
      return null;
    }
    return null;
  }

  /** An Express or Koa router or a registered plugin: something mounted, not the application. Hono apps are both. */
  private isRouter(group: string): boolean {
    const binding = this.bindings.get(group);
    if (binding) return !binding.app && (binding.framework === 'express' || binding.framework === 'koa');
    if (group.startsWith('router@')) return true;
    return [...this.pluginGroups.entries()].some(([fn, plugin]) => plugin.group === group && this.isRegistered(fn));
  }

  /** `Router()`, `new Router()`, `express()` itself, not a chain of calls on one. */
  private isConstructor(node: Node): boolean {
    const chained = calledMethod(node);
    return (chained === null || !CHAIN_METHODS.has(chained.method)) && this.constructed(node) !== null;
  }

  /**
   * The group of a router built without a name of its own: the variable its chain is assigned to
   * (`const api = Router().use(...)`), else `router@<line>`.
   */
  private anonymousGroup(constructor: Node): string {
    let top: Node = constructor;
    for (;;) {
      const member = this.parents.get(top);
      const call = member ? this.parents.get(member) : null;
      if (member?.type !== 'MemberExpression' || member.object !== top || call?.type !== 'CallExpression' || call.callee !== member) break;
      if (!CHAIN_METHODS.has(propertyName(member) ?? '')) break;
      top = call;
    }
    const holder = this.parents.get(top);
    if (holder?.type === 'VariableDeclarator' && holder.init === top && holder.id.type === 'Identifier') return holder.id.name;
    return `router@${lineOf(constructor)}`;
  }

  /** The router a chain of route and mount calls starts from, when it is built right there. */
  private chainConstructor(expression: Node): Node | null {
    let node = unwrap(expression);
    for (let chained = calledMethod(node); chained && CHAIN_METHODS.has(chained.method); chained = calledMethod(node)) node = unwrap(chained.object);
    return (node.type === 'CallExpression' || node.type === 'NewExpression') && this.isConstructor(node) ? node : null;
  }

  private record<T extends object>(list: T[], item: T): void {
    list.push(item);
    this.positions.set(item, this.position);
  }

  /** The plugin function whose first parameter `name` is, around `node`. */
  private pluginOfParameter(name: string, node: Node): { group: string; framework: Framework } | null {
    for (let current: Node | null | undefined = node; current; current = this.parents.get(current)) {
      if (!isFunction(current)) continue;
      const first = current.params[0];
      if (first?.type === 'Identifier' && first.name === name) return this.pluginGroups.get(current) ?? null;
      // An inner function with its own parameter of that name hides the plugin's.
      if (current.params.some((param) => bindingNames(param).includes(name))) return null;
    }
    return null;
  }

  private shorthand(group: string, binding: Binding, method: string, args: Node[], node: Node, chainPath: { path: string; dynamic: boolean } | null): void {
    let rest = args;
    let methods = [method === 'del' ? 'DELETE' : method.toUpperCase()];
    if (method === 'on') {
      // Hono: `app.on('PURGE', '/cache', h)`, `app.on(['GET', 'POST'], '/x', h)`.
      const listed = args[0] ? stringList(args[0]) : null;
      if (!listed) return;
      methods = listed.map((m) => m.toUpperCase());
      rest = args.slice(1);
    }
    let path = chainPath;
    if (!path) {
      // Koa's named routes: `router.get('user', '/users/:id', h)`.
      if (binding.framework === 'koa' && rest.length >= 2 && staticString(rest[0]!) !== null && staticString(rest[1]!) !== null && !PATH_LIKE.test(staticString(rest[0]!)!)) rest = rest.slice(1);
      const first = rest[0];
      if (!first) return;
      if (isFunction(unwrap(first))) {
        // Express's `app.get(handler)` has no path: it is not a route (nor is `app.get('setting')`).
        return;
      }
      path = pathText(first);
      if (!path) return;
      // A plugin parameter is only trusted with a path that looks like one.
      if (!this.bindings.has(group) && !path.dynamic && !PATH_LIKE.test(path.path)) return;
      // `app.get('env')` reads an Express setting; a route's path begins with `/` or `*`.
      if (binding.framework === 'express' && rest.length === 1) return;
      rest = rest.slice(1);
    }
    const { handler, auth, middleware } = this.handlersOf(rest);
    for (const httpMethod of methods) {
      this.record(this.routes, {
        method: httpMethod,
        path: joinPaths(binding.prefix, path.path),
        dynamic: path.dynamic || binding.dynamicPrefix,
        framework: binding.framework,
        line: lineOf(node),
        handler,
        auth,
        middleware,
        group,
      });
    }
  }

  /** Fastify's `route({ method, url, handler, preHandler })` and Hapi's `route({ method, path, handler, options })`, one or an array. */
  private routeObjects(group: string, binding: Binding, argument: Node | undefined, node: Node): void {
    if (!argument) return;
    const value = this.resolveConstant(argument);
    const objects = value.type === 'ArrayExpression' ? elementsOf(value).map((e) => this.resolveConstant(e)) : [value];
    for (const object of objects) {
      if (object.type !== 'ObjectExpression') continue;
      const pathNode = valueOf(object, binding.framework === 'hapi' ? 'path' : 'url') ?? valueOf(object, 'path');
      const path = pathNode ? pathText(pathNode) : null;
      const methodNode = valueOf(object, 'method');
      const methods = methodNode ? stringList(methodNode) : null;
      if (!path || !methods) continue;
      const handlerNode = HANDLER_KEYS.map((key) => valueOf(object, key)).find(Boolean) ?? valueOf(valueOf(object, 'options') ?? object, 'handler');
      const handler = handlerNode ? this.handlerName(handlerNode) : null;
      const hooks = MIDDLEWARE_KEYS.flatMap((key) => {
        const hook = valueOf(object, key) ?? valueOf(valueOf(object, 'options') ?? object, key);
        if (!hook) return [];
        const unwrapped = unwrap(hook);
        return unwrapped.type === 'ArrayExpression' ? elementsOf(unwrapped).map((e) => this.expressionName(e)) : [this.expressionName(hook)];
      });
      const hapiAuth = binding.framework === 'hapi' ? this.hapiAuth(object) : [];
      const line = lineOf(object === unwrap(argument) ? node : object);
      for (const method of methods) {
        this.record(this.routes, {
          method: method === '*' ? 'ALL' : method.toUpperCase(),
          path: joinPaths(binding.prefix, path.path),
          dynamic: path.dynamic,
          framework: binding.framework,
          line,
          handler,
          auth: [...hapiAuth, ...hooks.filter(isAuthName)],
          middleware: hooks.filter((hook) => !isAuthName(hook)),
          group,
        });
      }
    }
  }

  /** Hapi's `options.auth` (or `config.auth`): a strategy name, `{ strategy }`, `{ strategies }`; `false` is none. */
  private hapiAuth(route: Node & { type: 'ObjectExpression' }): string[] {
    const options = valueOf(route, 'options') ?? valueOf(route, 'config');
    const auth = options?.type === 'ObjectExpression' ? valueOf(options, 'auth') : null;
    if (!auth) return [];
    const text = staticString(auth);
    if (text !== null) return [`auth: ${text}`];
    if (auth.type === 'ObjectExpression') {
      const strategy = valueOf(auth, 'strategy') ?? valueOf(auth, 'strategies');
      const names = strategy ? stringList(strategy) : null;
      return names ? [`auth: ${names.join(', ')}`] : ['auth'];
    }
    return auth.type === 'BooleanLiteral' ? [] : ['auth'];
  }

  /** `app.use('/api', auth, router)`, `app.use(router)`, `router.use('/x', nested.routes())`, `app.use(router.routes())`. */
  private mountUse(group: string, binding: Binding, args: Node[], node: Node): void {
    // `routes.forEach((route) => router.use(route.path, route.route))`: one mount per element of the table.
    const loop = this.loopOver(node);
    if (loop && args.some((arg) => loop.reads(arg))) {
      for (const element of loop.elements) this.mountUse(group, binding, args.map((arg) => loop.value(arg, element) ?? arg), node);
      return;
    }
    let rest = args;
    let prefix = { path: '', dynamic: false };
    const first = args[0] ? pathText(args[0]) : null;
    if (first && args.length > 1) {
      prefix = first;
      rest = args.slice(1);
    }
    const target = rest.length > 0 ? this.groupRef(rest[rest.length - 1]!) : null;
    // Koa's `router.use(a.routes(), a.allowedMethods())`: the mounted router is the first.
    const koaTarget = binding.framework === 'koa' ? rest.map((arg) => this.groupRef(arg)).find(Boolean) ?? null : null;
    const mounted = koaTarget ?? target;
    if (!mounted) return;
    const before = rest.slice(0, koaTarget ? 0 : -1).map((arg) => this.expressionName(arg));
    this.record(this.mounts, {
      parent: group,
      prefix: joinPaths(binding.prefix, prefix.path),
      dynamic: prefix.dynamic,
      target: mounted,
      line: lineOf(node),
      auth: before.filter(isAuthName),
    });
  }

  /**
   * The table a call runs over, when it sits in `table.forEach((item) => ...)` or `for (const item
   * of table)` and `table` is an array of object literals of this file: how to read an argument
   * written in terms of the item (`item.path`, or `path` destructured from it) for each element.
   */
  private loopOver(node: Node): { elements: Array<Node & { type: 'ObjectExpression' }>; reads(arg: Node): boolean; value(arg: Node, element: Node): Node | null } | null {
    for (let current: Node | null | undefined = this.parents.get(node); current; current = this.parents.get(current)) {
      let item: Node | undefined;
      let table: Node | undefined;
      if (isFunction(current)) {
        const call = this.parents.get(current);
        if (call?.type !== 'CallExpression' || call.arguments[0] !== current || !['forEach', 'map'].includes(calledMethod(call)?.method ?? '')) return null;
        item = current.params[0];
        table = calledMethod(call)!.object;
      } else if (current.type === 'ForOfStatement' && current.left.type === 'VariableDeclaration') {
        item = current.left.declarations[0]?.id;
        table = current.right;
      } else continue;
      const array = item && table ? this.resolveConstant(table) : null;
      if (!item || array?.type !== 'ArrayExpression') return null;
      const elements = elementsOf(array).map((e) => this.resolveConstant(e)).filter((e): e is Node & { type: 'ObjectExpression' } => e.type === 'ObjectExpression');
      const keyOf = (arg: Node): string | null => {
        const inner = unwrap(arg);
        if (item!.type === 'Identifier' && inner.type === 'MemberExpression' && unwrap(inner.object).type === 'Identifier' && (unwrap(inner.object) as { name: string }).name === item!.name) return propertyName(inner);
        if (item!.type === 'ObjectPattern' && inner.type === 'Identifier') {
          const property = item!.properties.find((p) => p.type === 'ObjectProperty' && p.value.type === 'Identifier' && p.value.name === inner.name);
          return property ? keyName(property) : null;
        }
        return null;
      };
      return {
        elements,
        reads: (arg) => keyOf(arg) !== null,
        value: (arg, element) => {
          const key = keyOf(arg);
          return key === null ? null : valueOf(element, key);
        },
      };
    }
    return null;
  }

  /** `registerUserRoutes(app)`, `require('./routes')(app)`: the function's routes are the app's. */
  private mountApplied(node: Node): void {
    if (node.type !== 'CallExpression') return;
    const first = node.arguments[0] ? unwrap(node.arguments[0]) : null;
    if (first?.type !== 'Identifier' || !this.bindings.has(first.name)) return;
    const callee = unwrap(node.callee);
    if (callee.type !== 'Identifier' && requiredModule(callee) === null && callee.type !== 'MemberExpression') return;
    if (callee.type === 'MemberExpression' && calledMethod(node) !== null && this.receiverOf(calledMethod(node)!.object, node) !== null) return;
    const target = this.groupRef(callee);
    if (!target) return;
    this.position = callee.end ?? 0;
    this.record(this.mounts, { parent: first.name, prefix: '', dynamic: false, target, line: lineOf(node), auth: [] });
  }

  /** Hono's `app.route('/books', books)`. */
  private mountHonoRoute(group: string, args: Node[], node: Node): void {
    const prefix = args[0] ? pathText(args[0]) : null;
    const target = args[1] ? this.groupRef(args[1]) : null;
    if (!prefix || !target) return;
    this.record(this.mounts, { parent: group, prefix: prefix.path, dynamic: prefix.dynamic, target, line: lineOf(node), auth: [] });
  }

  /** Fastify's `register(plugin, { prefix })`, Hapi's `register(plugin, { routes: { prefix } })` and `register({ plugin, routes })`. */
  private mountRegister(group: string, binding: Binding, args: Node[], node: Node): void {
    const first = args[0] ? unwrap(args[0]) : null;
    if (!first) return;
    const registered = first.type === 'ArrayExpression' ? elementsOf(first) : [first];
    for (const item of registered) {
      let plugin: Node = item;
      let options = args[1] ? unwrap(args[1]) : null;
      const unwrapped = unwrap(item);
      if (unwrapped.type === 'ObjectExpression' && valueOf(unwrapped, 'plugin')) {
        plugin = valueOf(unwrapped, 'plugin')!;
        options = unwrapped;
      }
      const prefixNode = options?.type === 'ObjectExpression' ? (valueOf(options, 'prefix') ?? nestedValue(options, 'routes', 'prefix')) : null;
      const prefix = prefixNode ? pathText(prefixNode) : { path: '', dynamic: false };
      const target = this.groupRef(plugin);
      if (!target || !prefix) continue;
      this.record(this.mounts, { parent: group, prefix: prefix.path, dynamic: prefix.dynamic, target, line: lineOf(node), auth: [] });
    }
  }

  /** What a mounted expression refers to: a local group, a plugin function, or an import. */
  private groupRef(expression: Node): GroupRef | null {
    let node = this.unwrapPlugin(expression);
    // `router.routes()`, `router.middleware()` (Koa) give the router's middleware: the router is the group.
    if (node.type === 'CallExpression' && ['routes', 'middleware'].includes(calledMethod(node)?.method ?? '')) node = unwrap(calledMethod(node)!.object);
    if (isFunction(node)) return this.pluginGroups.has(node) ? { kind: 'local', name: this.pluginGroups.get(node)!.group } : null;
    const constructor = this.chainConstructor(node);
    if (constructor) return { kind: 'local', name: this.anonymousGroup(constructor) };
    const required = requiredModule(node);
    if (required) return { kind: 'import', module: required.module, name: required.property ?? 'default' };
    if (node.type === 'Identifier') {
      const imported = this.imports.get(node.name);
      if (imported) return { kind: 'import', module: imported.module, name: imported.name === '*' ? 'default' : imported.name };
      if (this.bindings.has(node.name) || this.isLocalPlugin(node.name)) return { kind: 'local', name: node.name };
      return null;
    }
    if (node.type === 'MemberExpression' && unwrap(node.object).type === 'Identifier') {
      // `users.router` of `import * as users` / `const users = require('./users')`.
      const namespace = this.imports.get((unwrap(node.object) as { name: string }).name);
      const property = propertyName(node);
      if (namespace && property) return { kind: 'import', module: namespace.module, name: namespace.name === '*' || namespace.name === 'default' ? property : `${namespace.name}.${property}` };
    }
    return null;
  }

  private isLocalPlugin(name: string): boolean {
    return [...this.pluginGroups.values()].some((plugin) => plugin.group === name);
  }

  /** A `const` of this file, followed once: Hapi's `server.route(routes)` with `const routes = [...]`. */
  private resolveConstant(node: Node): Node {
    const inner = unwrap(node);
    if (inner.type === 'Identifier') return unwrap(this.constants.get(inner.name) ?? inner);
    return inner;
  }

  // ---- handlers and middleware

  /** The last argument is the handler; the ones before it are middleware. */
  private handlersOf(args: Node[]): { handler: string | null; auth: string[]; middleware: string[] } {
    const flat = args.flatMap((arg) => {
      const node = unwrap(arg);
      return node.type === 'ArrayExpression' ? elementsOf(node) : [node];
    });
    // Fastify's shorthand options object: `fastify.get('/x', { preHandler: [auth] }, handler)`.
    const options = flat.filter((arg) => arg.type === 'ObjectExpression') as Array<Node & { type: 'ObjectExpression' }>;
    const callables = flat.filter((arg) => arg.type !== 'ObjectExpression');
    const handlerNode = callables[callables.length - 1] ?? options.map((o) => valueOf(o, 'handler')).find(Boolean) ?? null;
    const before = callables.slice(0, -1).map((arg) => this.expressionName(arg));
    const hooks = options.flatMap((o) =>
      MIDDLEWARE_KEYS.flatMap((key) => {
        const hook = valueOf(o, key);
        if (!hook) return [];
        const unwrapped = unwrap(hook);
        return unwrapped.type === 'ArrayExpression' ? elementsOf(unwrapped).map((e) => this.expressionName(e)) : [this.expressionName(hook)];
      }),
    );
    const named = [...before, ...hooks];
    return { handler: handlerNode ? this.handlerName(handlerNode) : null, auth: named.filter(isAuthName), middleware: named.filter((name) => !isAuthName(name)) };
  }

  /** A handler's name: `listUsers`, `users.list`, a named function expression; null for an anonymous function. */
  private handlerName(node: Node): string | null {
    const inner = unwrap(node);
    if (isFunction(inner)) return 'id' in inner && inner.id ? inner.id.name : null;
    const path = memberPath(inner);
    if (path) return path;
    if (inner.type === 'CallExpression') return this.expressionName(inner);
    return null;
  }

  /** Middleware as written, shortened: `requireAuth`, `passport.authenticate('jwt')`, `validate(schema)`. */
  private expressionName(node: Node): string {
    const inner = unwrap(node);
    const path = memberPath(inner);
    if (path) return path;
    if (inner.type === 'CallExpression') {
      const callee = memberPath(unwrap(inner.callee)) ?? this.source.slice(inner.callee.start!, inner.callee.end!);
      const first = inner.arguments[0] ? staticString(inner.arguments[0]) : null;
      return first !== null ? `${callee}('${first}')` : `${callee}()`;
    }
    if (isFunction(inner)) return '(inline)';
    return this.source.slice(inner.start!, inner.end!).replace(/\s+/g, ' ').slice(0, 60);
  }
}

// ---- helpers

/** The elements of an array literal that are there: holes and spreads' absence skipped. */
function elementsOf(array: Node & { type: 'ArrayExpression' }): Node[] {
  return array.elements.filter((element) => element !== null) as Node[];
}

function plainBinding(framework: Framework, app: boolean): Binding {
  return { framework, app, prefix: '', dynamicPrefix: false };
}

type FunctionNode = Node & { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' | 'ObjectMethod' | 'ClassMethod'; params: Node[] };

function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ObjectMethod';
}

/** A plugin function's group: its own name, or `plugin@<line>` for an anonymous one. */
function functionGroupName(node: Node): string {
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
  return `plugin@${lineOf(node)}`;
}

function importedName(node: Node): string {
  return node.type === 'Identifier' ? node.name : node.type === 'StringLiteral' ? node.value : 'default';
}

/** `require('x')` and `require('x').y`: the module and the property read. */
function requiredModule(expression: Node): { module: string; property: string | null } | null {
  let node = unwrap(expression);
  let property: string | null = null;
  if (node.type === 'MemberExpression') {
    property = propertyName(node);
    node = unwrap(node.object);
  }
  if (node.type === 'AwaitExpression') node = unwrap(node.argument);
  // `await import('./x')` is the namespace.
  if (node.type === 'ImportExpression' || (node.type === 'CallExpression' && node.callee.type === 'Import')) {
    const source = node.type === 'ImportExpression' ? node.source : node.arguments[0];
    const module = source ? staticString(source) : null;
    return module === null ? null : { module, property };
  }
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return null;
  const module = node.arguments[0] ? staticString(node.arguments[0]) : null;
  return module === null ? null : { module, property };
}

/** `a`, `a.b.c` for identifiers and non-computed members; null otherwise. */
function memberPath(node: Node): string | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'ThisExpression') return 'this';
  if (inner.type === 'MemberExpression' && !inner.computed && inner.property.type === 'Identifier') {
    const object = memberPath(inner.object);
    return object === null ? null : `${object}.${inner.property.name}`;
  }
  return null;
}

function valueOf(object: Node, key: string): Node | null {
  if (object.type !== 'ObjectExpression') return null;
  for (const property of object.properties) {
    if (keyName(property) !== key) continue;
    if (property.type === 'ObjectProperty') return unwrap(property.value);
    if (property.type === 'ObjectMethod') return property;
  }
  return null;
}

function nestedValue(object: Node, outer: string, inner: string): Node | null {
  const value = valueOf(object, outer);
  return value ? valueOf(value, inner) : null;
}

/** A string or an array of strings: `'GET'`, `['GET', 'POST']`. */
function stringList(node: Node): string[] | null {
  const inner = unwrap(node);
  const single = staticString(inner);
  if (single !== null) return [single];
  if (inner.type !== 'ArrayExpression') return null;
  const items = inner.elements.map((e) => (e ? staticString(e) : null));
  return items.every((item): item is string => item !== null) && items.length > 0 ? items : null;
}

/**
 * A path argument: a literal as written, or the literal parts of a template or concatenation with
 * `{…}` for each computed part. Null for anything with no literal part at all that is not a name
 * (a call, a member): those are reported as a whole `{…}`.
 */
export function pathText(node: Node): { path: string; dynamic: boolean } | null {
  const inner = unwrap(node);
  const literal = staticString(inner);
  if (literal !== null) return { path: literal, dynamic: false };
  if (inner.type === 'TemplateLiteral') {
    let path = '';
    inner.quasis.forEach((quasi, index) => {
      path += quasi.value.cooked ?? quasi.value.raw;
      if (index < inner.expressions.length) path += DYNAMIC_SEGMENT;
    });
    return { path, dynamic: true };
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+') {
    const left = pathText(inner.left as Node) ?? { path: DYNAMIC_SEGMENT, dynamic: true };
    const right = pathText(inner.right) ?? { path: DYNAMIC_SEGMENT, dynamic: true };
    return { path: left.path + right.path, dynamic: true };
  }
  if (inner.type === 'Identifier' || inner.type === 'MemberExpression' || inner.type === 'CallExpression') return { path: DYNAMIC_SEGMENT, dynamic: true };
  if (inner.type === 'RegExpLiteral') return { path: `/${inner.pattern}/`, dynamic: false };
  return null;
}
