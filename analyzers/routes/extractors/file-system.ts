/**
 * File-system routers: the file's path is the route path, its exports are the methods.
 * Spec: https://nextjs.org/docs/app/api-reference/file-conventions/route,
 * https://nextjs.org/docs/app/getting-started/project-structure,
 * https://nextjs.org/docs/pages/building-your-application/routing/api-routes,
 * https://svelte.dev/docs/kit/routing#server, https://svelte.dev/docs/kit/advanced-routing,
 * https://nuxt.com/docs/guide/directory-structure/server, https://nitro.build/guide/routing,
 * https://remix.run/docs/en/main/file-conventions/routes, https://reactrouter.com/how-to/file-route-conventions,
 * https://remix.run/docs/en/main/guides/resource-routes
 *
 * - Every route is final (`group: null`), never computed (`dynamic: false`); `handler` is the
 *   exported name (`GET`, `default`, `loader`, `action`) and `line` the line of its export.
 * - `auth` lists the wrappers around the exported handler whose names are about authentication
 *   (`export const GET = withAuth(async () => …)`, `export default requireAuth(handler)`),
 *   outermost first, following a local binding (`export { handler as GET }`). Other wrappers are
 *   not reported: most are the framework's own (`defineEventHandler`), so `middleware` is `[]`.
 * - A framework's root folder is found anywhere in the path (`apps/web/app/…` in a monorepo): its
 *   first occurrence. Files under `node_modules/` and build output folders (`.next/`,
 *   `.svelte-kit/`, `.nuxt/`, `.output/`, `.vercel/`, `.netlify/`) are not routes, nor are
 *   test files (`*.test.ts`, `*.spec.ts`, `__tests__/`, `__mocks__/`), although some routers
 *   would serve them.
 * - Parameters keep each framework's spelling (`[id]`, `[...slug]`, `[[...slug]]`,
 *   `[id=integer]`); the analyzer normalises them. Remix file names are not URL syntax, so its
 *   routes are written in React Router's path syntax (`:id`, `:lang?`, `*`).
 *
 * Next.js App Router (`nextjs`): `app/**\/route.{js,jsx,ts,tsx}` (also `src/app/`), one route per
 * exported `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`, in any export form
 * (function, `const`, `export { h as GET }`, `export { GET } from`, `export const { GET, POST } =
 * handlers`). Route groups `(marketing)` leave the path; a `%5F` prefix is a literal `_`. A file
 * under a private folder (`_lib`), a parallel-route slot (`@modal`) or an intercepting route
 * (`(.)photo`, `(..)photo`, `(...)photo`) is not reported: those are not addressable URLs of their own.
 * `middleware.ts` / `proxy.ts`, pages and layouts are not routes.
 * Next.js Pages Router API routes (`nextjs`): `pages/api/**\/*.{js,jsx,ts,tsx}` (also
 * `src/pages/api/`), one `ALL` route for the default export; `index` is the folder's path.
 * SvelteKit (`sveltekit`): `src/routes/**\/+server.{js,ts}`, one route per exported `GET`, `POST`,
 * `PUT`, `PATCH`, `DELETE`, `OPTIONS`, `HEAD`, and `fallback` as `ALL`. Groups `(app)` leave the
 * path; `[x+2f]` / `[u+00e9]` escapes are decoded. `+page.server.ts` (load and form actions) is
 * a page, not an endpoint.
 * Nuxt / Nitro (`nuxt`): `server/api/**` under `/api`, `server/routes/**` under `/`, the default
 * export as the handler; a method suffix (`users.get.ts`, `[id].delete.ts`) sets the method,
 * otherwise `ALL`; an environment suffix (`.dev`, `.prod`, `.prerender`) is dropped; `index` is the
 * folder's path; groups `(admin)` leave the path. Standalone Nitro's root `routes/` and `api/` are
 * not recognised (a path alone cannot tell them from any other folder of that name).
 * Remix v2 / React Router v7 flat routes (`remix`): `app/routes/<id>.{js,jsx,ts,tsx}` or
 * `app/routes/<id>/route.{…}` (or `index.{…}`); `.` is `/`, `_index` is the parent's path, `$id`
 * is `:id`, a lone `$` is `*`, `($lang)` is `:lang?`, a leading `_` segment (pathless layout) leaves
 * the path, a trailing `_` is dropped, `[…]` escapes (`sitemap[.]xml`). Only resource routes
 * count: a module with a default export is a page. `loader` is `GET`; `action` is `ALL` (it
 * answers every method but GET and HEAD: POST, PUT, PATCH, DELETE). Routes configured in code
 * (`app/routes.ts` with `route()` calls, `remix.config.js` `routes`) are not read.
 */
import type { Node, Program } from '@babel/types';
import { parseScripts } from '../../shared/javascript-source.js';
import { bindingNames, lineOf, staticString, unwrap } from '../../shared/js-ast.js';
import { isAuthName } from '../auth.js';
import { noRoutes, RouteSyntaxError, type DeclaredRoute, type HttpMethod, type RouteExtractor } from '../model.js';

/** What a file's path says about it, for one framework. */
interface FileRoute {
  framework: 'nextjs' | 'sveltekit' | 'nuxt' | 'remix';
  path: string;
  /** Exported name → the method it answers. */
  methods: ReadonlyMap<string, HttpMethod>;
  /** Remix: a default export (a component) makes the module a page, not an endpoint. */
  resourceOnly: boolean;
}

const NEXT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const NEXT_APP_METHODS: ReadonlyMap<string, HttpMethod> = new Map(NEXT_METHODS.map((method) => [method, method]));
const SVELTEKIT_METHODS: ReadonlyMap<string, HttpMethod> = new Map<string, HttpMethod>([...NEXT_APP_METHODS, ['fallback', 'ALL']]);
const DEFAULT_ANSWERS_ALL: ReadonlyMap<string, HttpMethod> = new Map([['default', 'ALL']]);
const REMIX_METHODS: ReadonlyMap<string, HttpMethod> = new Map([['loader', 'GET'], ['action', 'ALL']]);
const NITRO_METHOD_SUFFIXES: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'connect', 'trace']);
const NITRO_ENV_SUFFIXES: ReadonlySet<string> = new Set(['dev', 'prod', 'prerender']);

const NEXT_ROUTE_FILE = /^route\.(?:js|jsx|ts|tsx)$/;
const NEXT_PAGE_EXTENSION = /\.(?:js|jsx|ts|tsx)$/;
const SVELTEKIT_SERVER_FILE = /^\+server\.(?:js|ts)$/;
const NITRO_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const REMIX_EXTENSION = /\.(?:js|jsx|ts|tsx)$/;
const REMIX_FOLDER_MODULE = /^(?:route|index)\.(?:js|jsx|ts|tsx)$/;

const IGNORED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.next', '.svelte-kit', '.nuxt', '.output', '.vercel', '.netlify', '__tests__', '__mocks__']);
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/** `(marketing)`, `(admin)`: a folder that organises without entering the URL. Not `(.)x`. */
const ROUTE_GROUP = /^\([^.()][^()]*\)$/;
/** Next.js intercepting routes: `(.)photo`, `(..)photo`, `(..)(..)photo`, `(...)photo`. */
const INTERCEPTING_ROUTE = /^\(\.{1,3}\)/;

export const fileSystemRouteExtractor: RouteExtractor = {
  id: 'file-system',
  matches: (path) => fileRoutesOf(path).length > 0,
  extract(text, path) {
    const candidates = fileRoutesOf(path);
    if (candidates.length === 0 || !/\bexport\b|\bexports\b/.test(text)) return noRoutes();
    const exported = exportsOf(text, path);
    const routes: DeclaredRoute[] = [];
    for (const candidate of candidates) {
      if (candidate.resourceOnly && exported.some((entry) => entry.name === 'default')) continue;
      for (const entry of exported) {
        const method = candidate.methods.get(entry.name);
        if (method === undefined) continue;
        routes.push({
          method, path: candidate.path, dynamic: false, framework: candidate.framework, line: entry.line,
          handler: entry.name, auth: entry.auth, middleware: [], group: null,
        });
      }
    }
    return { ...noRoutes(), routes: routes.sort((a, b) => a.line - b.line || a.method.localeCompare(b.method)) };
  },
};

/** Every framework's reading of the path; usually none or one (`app/routes/x/route.ts` is both Next.js and Remix, told apart by its exports). */
function fileRoutesOf(path: string): FileRoute[] {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const name = segments.at(-1) ?? '';
  if (segments.some((segment) => IGNORED_FOLDERS.has(segment)) || TEST_FILE.test(name) || DECLARATION_FILE.test(name)) return [];
  return [nextAppRoute(segments), nextApiRoute(segments), svelteKitRoute(segments), nitroRoute(segments), remixRoute(segments)]
    .filter((route): route is FileRoute => route !== null);
}

function nextAppRoute(segments: string[]): FileRoute | null {
  const root = segments.indexOf('app');
  if (root === -1 || !NEXT_ROUTE_FILE.test(segments.at(-1)!)) return null;
  const parts: string[] = [];
  for (const folder of segments.slice(root + 1, -1)) {
    if (folder.startsWith('_') || folder.startsWith('@') || INTERCEPTING_ROUTE.test(folder)) return null;
    if (ROUTE_GROUP.test(folder)) continue;
    parts.push(folder.replace(/^%5F/i, '_'));
  }
  return { framework: 'nextjs', path: joinPath(parts), methods: NEXT_APP_METHODS, resourceOnly: false };
}

function nextApiRoute(segments: string[]): FileRoute | null {
  const root = indexOfPair(segments, 'pages', 'api');
  const name = segments.at(-1)!;
  if (root === -1 || root + 2 >= segments.length || !NEXT_PAGE_EXTENSION.test(name)) return null;
  const parts = [...segments.slice(root + 1, -1), name.replace(NEXT_PAGE_EXTENSION, '')];
  if (parts.at(-1) === 'index') parts.pop();
  return { framework: 'nextjs', path: joinPath(parts), methods: DEFAULT_ANSWERS_ALL, resourceOnly: false };
}

function svelteKitRoute(segments: string[]): FileRoute | null {
  const root = indexOfPair(segments, 'src', 'routes');
  if (root === -1 || !SVELTEKIT_SERVER_FILE.test(segments.at(-1)!)) return null;
  const parts = segments.slice(root + 2, -1).filter((folder) => !ROUTE_GROUP.test(folder)).map(decodeSvelteKitEscapes);
  return { framework: 'sveltekit', path: joinPath(parts), methods: SVELTEKIT_METHODS, resourceOnly: false };
}

/** `[x+2f]` is `/`, `[u+00e9]` is `é`: characters a file name cannot hold. */
function decodeSvelteKitEscapes(segment: string): string {
  return segment.replace(/\[(?:x\+([0-9a-f]{2})|u\+([0-9a-f]{4,6}))\]/gi, (_, hex: string | undefined, code: string | undefined) =>
    String.fromCodePoint(Number.parseInt(hex ?? code!, 16)));
}

function nitroRoute(segments: string[]): FileRoute | null {
  const api = indexOfPair(segments, 'server', 'api');
  const plain = indexOfPair(segments, 'server', 'routes');
  const root = api !== -1 && (plain === -1 || api < plain) ? api : plain;
  const name = segments.at(-1)!;
  if (root === -1 || root + 2 >= segments.length || !NITRO_EXTENSION.test(name)) return null;
  const nameParts = name.replace(NITRO_EXTENSION, '').split('.');
  if (nameParts.length > 1 && NITRO_ENV_SUFFIXES.has(nameParts.at(-1)!)) nameParts.pop();
  let method: HttpMethod = 'ALL';
  if (nameParts.length > 1 && NITRO_METHOD_SUFFIXES.has(nameParts.at(-1)!)) method = nameParts.pop()!.toUpperCase();
  const parts = [...segments.slice(root + 2, -1), nameParts.join('.')].filter((part) => !ROUTE_GROUP.test(part));
  if (parts.at(-1) === 'index') parts.pop();
  const prefix = root === api ? ['api'] : [];
  return { framework: 'nuxt', path: joinPath([...prefix, ...parts]), methods: new Map([['default', method]]), resourceOnly: false };
}

function remixRoute(segments: string[]): FileRoute | null {
  const root = indexOfPair(segments, 'app', 'routes');
  if (root === -1) return null;
  const below = segments.slice(root + 2);
  let routeId: string;
  if (below.length === 1 && REMIX_EXTENSION.test(below[0]!)) routeId = below[0]!.replace(REMIX_EXTENSION, '');
  else if (below.length === 2 && REMIX_FOLDER_MODULE.test(below[1]!)) routeId = below[0]!;
  else return null;
  return { framework: 'remix', path: remixPath(routeId), methods: REMIX_METHODS, resourceOnly: true };
}

/** A flat-routes id (`api.users.$id`, `($lang)._index`, `sitemap[.]xml`) as a React Router path. */
function remixPath(routeId: string): string {
  const segments = splitOutsideBrackets(routeId, '.');
  const parts: string[] = [];
  segments.forEach((raw, index) => {
    if (raw === '_index' && index === segments.length - 1) return;
    // `[_]x` starts with a bracket, so only an unescaped underscore makes a pathless layout.
    if (raw.startsWith('_')) return;
    let segment = raw.endsWith('_') ? raw.slice(0, -1) : raw;
    const optional = segment.startsWith('(') && segment.endsWith(')');
    if (optional) segment = segment.slice(1, -1);
    let part: string;
    if (segment === '$') part = '*';
    else if (segment.startsWith('$')) part = `:${removeEscapes(segment.slice(1))}`;
    else part = removeEscapes(segment);
    parts.push(optional ? `${part}?` : part);
  });
  return joinPath(parts);
}

function splitOutsideBrackets(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (const character of text) {
    if (character === '[') depth++;
    else if (character === ']') depth = Math.max(0, depth - 1);
    if (character === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts.filter((part) => part !== '');
}

const removeEscapes = (segment: string) => segment.replace(/[[\]]/g, '');

function indexOfPair(segments: string[], first: string, second: string): number {
  return segments.findIndex((segment, index) => segment === first && segments[index + 1] === second);
}

function joinPath(parts: string[]): string {
  return `/${parts.join('/')}`;
}

/** One exported name of the module, where it is exported, and the auth wrappers around it. */
interface ExportedHandler {
  name: string;
  line: number;
  auth: string[];
}

function exportsOf(text: string, path: string): ExportedHandler[] {
  const scripts = parseScripts(text, path, RouteSyntaxError);
  const found = new Map<string, ExportedHandler>();
  for (const { file } of scripts) {
    for (const entry of exportedValues(file.program)) {
      if (!found.has(entry.name)) found.set(entry.name, entry);
    }
  }
  return [...found.values()];
}

/** Top-level names the module exports at run time: ESM exports and CommonJS assignments; types are skipped. */
function exportedValues(program: Program): ExportedHandler[] {
  const bindings = topLevelBindings(program);
  const exported: ExportedHandler[] = [];
  const add = (name: string, node: Node, value: Node | null) =>
    exported.push({ name, line: lineOf(node), auth: value ? authWrappers(value, bindings) : [] });
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      if (statement.exportKind === 'type') continue;
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') {
        if (declaration.id && !declaration.declare) add(declaration.id.name, statement, null);
      } else if (declaration?.type === 'VariableDeclaration' && !declaration.declare) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === 'Identifier') add(declarator.id.name, declarator, declarator.init ?? null);
          else for (const name of bindingNames(declarator.id)) add(name, declarator, null);
        }
      }
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ExportSpecifier' && specifier.exportKind === 'type') continue;
        const name = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
        const local = specifier.type === 'ExportSpecifier' && !statement.source ? bindings.get(specifier.local.name) ?? null : null;
        add(name, specifier, local);
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration;
      // Babel's types leave it out, but `export default interface Props {}` parses to one.
      if ((declaration.type as string) === 'TSInterfaceDeclaration' || declaration.type === 'TSDeclareFunction') continue;
      add('default', statement, declaration);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression' && statement.expression.operator === '=') {
      const name = commonJsExportName(statement.expression.left);
      if (name !== null) add(name, statement, statement.expression.right);
    }
  }
  return exported;
}

/** `module.exports = …` is `default`; `exports.GET = …` and `module.exports.GET = …` are `GET`. */
function commonJsExportName(target: Node): string | null {
  const dotted = dottedName(target);
  if (dotted === 'module.exports') return 'default';
  const named = dotted === null ? null : /^(?:module\.)?exports\.([\w$]+)$/.exec(dotted);
  return named ? named[1]! : null;
}

/** Top-level names bound to a value: `const h = …` → its initialiser, `function h() {}` → the function. */
function topLevelBindings(program: Program): Map<string, Node> {
  const bindings = new Map<string, Node>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (declaration.type === 'FunctionDeclaration' && declaration.id) bindings.set(declaration.id.name, declaration);
    if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && declarator.init) bindings.set(declarator.id.name, declarator.init);
      }
    }
  }
  return bindings;
}

const DATA_LITERALS: ReadonlySet<string> = new Set([
  'ObjectExpression', 'ArrayExpression', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'TemplateLiteral',
]);
/** Deep enough for any hand-written chain of wrappers; stops a cycle of aliases. */
const MAX_WRAPPER_DEPTH = 8;

/**
 * The auth-named wrappers around a handler, outermost first: `withAuth(withLogging(handler))` gives
 * `withAuth`. A call counts as a wrapper when it is given a handler (a function, a call, or a name
 * not bound to data), so `NextAuth({ providers })`, which builds the auth endpoint itself, does not.
 */
function authWrappers(value: Node, bindings: Map<string, Node>): string[] {
  const names = wrapperNames(value, bindings, 0).filter(isAuthName);
  return [...new Set(names)];
}

function wrapperNames(node: Node, bindings: Map<string, Node>, depth: number): string[] {
  if (depth > MAX_WRAPPER_DEPTH) return [];
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const bound = bindings.get(inner.name);
    return bound ? wrapperNames(bound, bindings, depth + 1) : [];
  }
  if (inner.type !== 'CallExpression') return [];
  const handlers = inner.arguments.filter((argument) => isHandlerLike(argument, bindings));
  if (handlers.length === 0) return [];
  const name = calleeName(inner.callee);
  return [...(name === null ? [] : [name]), ...handlers.flatMap((handler) => wrapperNames(handler, bindings, depth + 1))];
}

function isHandlerLike(argument: Node, bindings: Map<string, Node>): boolean {
  const inner = unwrap(argument);
  switch (inner.type) {
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'CallExpression':
      return true;
    case 'Identifier': {
      const bound = bindings.get(inner.name);
      return bound === undefined || !DATA_LITERALS.has(unwrap(bound).type);
    }
    default:
      return false;
  }
}

/** `withAuth`, `auth.protect`; a curried `withRole('admin')(h)` is named by its inner callee. */
function calleeName(callee: Node): string | null {
  const inner = unwrap(callee);
  if (inner.type === 'CallExpression') return calleeName(inner.callee);
  return dottedName(inner);
}

function dottedName(node: Node): string | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type !== 'MemberExpression') return null;
  const object = dottedName(inner.object);
  const property = inner.computed ? staticString(inner.property) : inner.property.type === 'Identifier' ? inner.property.name : null;
  return object === null || property === null ? null : `${object}.${property}`;
}
