/**
 * Go: net/http (`http.HandleFunc`, `http.NewServeMux`, Go 1.22 "METHOD /path" patterns), gin, echo and chi.
 * Spec: https://pkg.go.dev/net/http#ServeMux, https://gin-gonic.com/en/docs/examples/grouping-routes/,
 * https://echo.labstack.com/docs/routing, https://go-chi.io/#/pages/routing
 *
 * - Only calls on a router count: a variable bound to `gin.Default()`/`gin.New()`, `echo.New()`,
 *   `chi.NewRouter()`/`chi.NewMux()`, `http.NewServeMux()`, to a group or sub-router of one
 *   (`Group`, `Route`, `With`, the closure parameter of `Route`/`Group`), or a function parameter
 *   typed as a router (`*gin.RouterGroup`, `*echo.Group`, `chi.Router`, `*http.ServeMux`…); and
 *   the `http` package's own `HandleFunc`/`Handle`. `http.Get(url)` or `client.Get(…)` are not routes.
 * - Prefixes of groups, `Route` closures and `Mount`s of routers built in the same file are applied
 *   here. `Use` applies to the routes declared after it on that router and its later groups
 *   (on an echo root, to all of them); `With`, group arguments and gin's leading handlers are
 *   middleware of their routes. Auth and other middleware are told apart by name.
 * - `group` is the function a router comes from when a prefix may be added elsewhere: a function
 *   whose parameter is a router, or one that returns the router it builds. Such a function that is
 *   exported is in `exports`. `r.Mount("/admin", adminRouter())`, `r.Route("/x", routes)` and
 *   `RegisterRoutes(v1)` are mounts: `local` when the function is in this file, `import` with the
 *   package's import path when it is `pkg.Func`, and `import` with module `.` (this package) when
 *   it is a function of the same package defined in another file.
 * - A computed path (`prefix + "/x"`, `fmt.Sprintf("/%s/x", v)`, a variable) keeps its literal
 *   parts and is marked dynamic. A host in a net/http pattern (`example.com/x`) is dropped.
 * Not read: routers reached through struct fields or method receivers (`h.Register(r)`,
 * `s.router.GET`), gin's `Static*`, gorilla/mux and other routers, `*_test.go` files.
 */
import { goString, goSyntax } from '../../env/extractors/go.js';
import { codeMatches, readArguments, scanSource, skipSpace, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';
import { isAuthName } from '../auth.js';
import {
  DYNAMIC_SEGMENT,
  type DeclaredRoute,
  type GroupRef,
  type Mount,
  type RouteExtraction,
  type RouteExtractor,
} from '../model.js';

type Framework = 'go' | 'gin' | 'echo' | 'chi';

interface Router {
  framework: Framework;
  parent: Router | null;
  /** This router's own prefix below its parent. */
  prefix: string;
  /** Where it was attached to its parent: the parent's middleware declared before this applies. */
  attachedAt: number;
  /** Middleware given when it was made (`Group("/v1", mw)`, `With(mw)`). */
  own: string[];
  uses: Array<{ offset: number; names: string[] }>;
  /** Roots only: the function it comes from, when a prefix may be added elsewhere. */
  group: string | null;
}

interface Binding {
  name: string;
  router: Router;
  scopeStart: number;
  from: number;
  to: number;
}

interface GoFunction {
  name: string;
  exported: boolean;
  body: { start: number; end: number };
}

interface PendingRoute {
  router: Router;
  method: string;
  path: string;
  offset: number;
  handler: string | null;
  auth: string[];
  middleware: string[];
}

interface PendingMount {
  router: Router;
  prefix: string;
  offset: number;
  target: GroupRef;
}

interface Link {
  method: string;
  args: Argument[];
  start: number;
  end: number;
}

const FRAMEWORK_IMPORTS: Array<[RegExp, Framework]> = [
  [/^net\/http$/, 'go'],
  [/^github\.com\/gin-gonic\/gin$/, 'gin'],
  [/^github\.com\/labstack\/echo(?:\/v\d+)?$/, 'echo'],
  [/^github\.com\/go-chi\/chi(?:\/v\d+)?$/, 'chi'],
];
const CONVENTIONAL_ALIASES: Record<string, Framework> = { http: 'go', gin: 'gin', echo: 'echo', chi: 'chi' };
const CONSTRUCTORS: Record<Framework, string[]> = { go: ['NewServeMux'], gin: ['Default', 'New'], echo: ['New'], chi: ['NewRouter', 'NewMux'] };
const ROUTER_TYPES: Record<Framework, string[]> = {
  go: ['*ServeMux'],
  gin: ['*Engine', '*RouterGroup', 'IRouter', 'IRoutes'],
  echo: ['*Echo', '*Group'],
  chi: ['Router', '*Mux'],
};
const VERB_METHODS: Record<Framework, Record<string, string>> = {
  go: {},
  gin: { GET: 'GET', POST: 'POST', PUT: 'PUT', PATCH: 'PATCH', DELETE: 'DELETE', HEAD: 'HEAD', OPTIONS: 'OPTIONS', Any: 'ALL' },
  echo: {
    GET: 'GET', POST: 'POST', PUT: 'PUT', PATCH: 'PATCH', DELETE: 'DELETE', HEAD: 'HEAD', OPTIONS: 'OPTIONS',
    CONNECT: 'CONNECT', TRACE: 'TRACE', Any: 'ALL',
  },
  chi: {
    Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS',
    Connect: 'CONNECT', Trace: 'TRACE',
  },
};
const KEYWORDS = new Set(['func', 'if', 'for', 'switch', 'return', 'go', 'defer', 'select', 'case', 'range', 'make', 'new', 'append', 'len', 'cap', 'panic', 'print', 'println', 'copy', 'delete', 'close']);

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A middleware or handler as a reader would name it: long calls and closures shortened to `callee(…)`. */
function nameOf(text: string): string {
  const written = collapse(text);
  if (!/\bfunc\s*\(/.test(written) && written.length <= 60) return written;
  const callee = /^[\w.]+/.exec(written)?.[0];
  return callee ? `${callee}(…)` : written.slice(0, 60);
}

/** Splits at `+` outside strings and brackets. */
function concatenated(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '+' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** A path expression: literal parts kept, names, calls and `fmt.Sprintf` verbs as `{…}`. */
function pathOf(text: string | undefined): string {
  if (text === undefined) return DYNAMIC_SEGMENT;
  return concatenated(text)
    .map((part) => {
      const literal = goString(part);
      if (literal !== null) return literal;
      const sprintf = /^fmt\s*\.\s*Sprintf\s*\(\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)/.exec(part);
      const format = sprintf ? goString(sprintf[1]!) : null;
      if (format !== null) return format.replace(/%[-+# 0-9.*]*[a-zA-Z]/g, DYNAMIC_SEGMENT).replace(/%%/g, '%');
      return DYNAMIC_SEGMENT;
    })
    .join('');
}

/** A net/http (and chi `Handle`) pattern: `[METHOD ][HOST]/PATH`. */
function patternOf(text: string | undefined): { method: string; path: string } {
  const pattern = pathOf(text);
  const withMethod = /^([A-Z]+)\s+(.*)$/s.exec(pattern);
  const method = withMethod ? withMethod[1]! : 'ALL';
  const rest = withMethod ? withMethod[2]!.trim() : pattern;
  const slash = rest.indexOf('/');
  return { method, path: slash > 0 && !rest.startsWith(DYNAMIC_SEGMENT) ? rest.slice(slash) : rest };
}

function joinPath(prefix: string, path: string): string {
  if (path === '' || (path === '/' && prefix !== '')) return prefix;
  return `${prefix.replace(/\/+$/, '')}${path.startsWith('/') || path.startsWith(DYNAMIC_SEGMENT) ? '' : '/'}${path}`;
}

/** `"GET"` or `http.MethodGet`; `{…}` when computed. */
function methodOf(text: string | undefined): string {
  const constant = /^http\s*\.\s*Method([A-Z][a-z]+)$/.exec(text ?? '');
  return (constant ? constant[1]! : goString(text ?? '') ?? DYNAMIC_SEGMENT).toUpperCase();
}

const rooted = (path: string) => (path.startsWith('/') ? path : `/${path}`);

const literalFunction = (text: string) => /^func\s*\(/.test(text);

/** The handler of a route and the auth wrappers around it: `requireAuth(http.HandlerFunc(admin))`. */
function unwrapHandler(text: string | undefined): { handler: string | null; auth: string[] } {
  const auth: string[] = [];
  let current = collapse(text ?? '');
  for (;;) {
    const call = /^([\w.]+)\s*\(([\s\S]*)\)$/.exec(current);
    if (!call || concatenated(call[2]!).length > 1 || /,/.test(call[2]!.replace(/\([^()]*\)/g, ''))) break;
    if (call[1] === 'http.HandlerFunc') current = call[2]!.trim();
    else if (isAuthName(call[1]!)) {
      auth.push(call[1]!);
      current = call[2]!.trim();
    } else break;
  }
  return { handler: current === '' || literalFunction(current) ? null : nameOf(current), auth };
}

/** The `.Method(args)` links after an expression, with their offsets. */
function readChain(source: ScannedSource, at: number): Link[] {
  const { code } = source;
  const links: Link[] = [];
  let i = at;
  while (links.length < 8) {
    i = skipSpace(code, i);
    if (code[i] !== '.' || !source.isCode(i)) break;
    const name = /^\.\s*([A-Za-z_]\w*)\s*/.exec(code.slice(i, i + 200));
    if (!name || code[i + name[0].length] !== '(') break;
    const start = i + name[0].indexOf(name[1]!);
    const call = readArguments(source, i + name[0].length);
    links.push({ method: name[1]!, args: call.args, start, end: call.end });
    i = call.end;
  }
  return links;
}

function importsOf(source: ScannedSource): Map<string, string> {
  const imports = new Map<string, string>();
  const add = (alias: string | undefined, path: string) => {
    const segments = path.split('/');
    const last = /^v\d+$/.test(segments[segments.length - 1]!) && segments.length > 1 ? segments[segments.length - 2]! : segments[segments.length - 1]!;
    const name = alias ?? last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[^\w]/g, '_');
    if (name !== '_' && name !== '.') imports.set(name, path);
  };
  for (const match of codeMatches(source, /\bimport\s*(?:\(([^)]*)\)|([A-Za-z_.]\w*\s+)?("[^"\n]*"))/g)) {
    const specs = match[1] !== undefined ? match[1] : `${match[2] ?? ''}${match[3]}`;
    for (const spec of specs.matchAll(/(?:([A-Za-z_.]\w*)\s+)?"([^"\n]+)"/g)) add(spec[1], spec[2]!);
  }
  return imports;
}

export function extractGo(text: string): RouteExtraction {
  const source = scanSource(text, goSyntax);
  const { code } = source;
  const imports = importsOf(source);

  const frameworkOfAlias = (alias: string): Framework | null => {
    const path = imports.get(alias);
    if (path === undefined) return CONVENTIONAL_ALIASES[alias] ?? null;
    return FRAMEWORK_IMPORTS.find(([pattern]) => pattern.test(path))?.[1] ?? null;
  };

  const blocks: Array<{ start: number; end: number }> = [];
  const open: number[] = [];
  for (let i = 0; i < code.length; i++) {
    if (!source.isCode(i)) continue;
    if (code[i] === '{') open.push(i);
    else if (code[i] === '}' && open.length) blocks.push({ start: open.pop()!, end: i });
  }
  const blockAt = (offset: number) =>
    blocks.filter((b) => b.start < offset && offset < b.end).reduce<{ start: number; end: number } | null>((inner, b) => (!inner || b.start > inner.start ? b : inner), null);

  const bindings: Binding[] = [];
  const resolve = (name: string, offset: number): Router | null => {
    let best: Binding | null = null;
    for (const b of bindings) {
      if (b.name !== name || offset < b.from || offset >= b.to) continue;
      if (!best || b.scopeStart > best.scopeStart || (b.scopeStart === best.scopeStart && b.from > best.from)) best = b;
    }
    return best?.router ?? null;
  };
  const isShadowed = (name: string, offset: number) => bindings.some((b) => b.name === name && b.from <= offset && offset < b.to);

  const newRouter = (framework: Framework, parent: Router | null, prefix: string, attachedAt: number, own: string[] = []): Router => ({
    framework,
    parent,
    prefix,
    attachedAt,
    own,
    uses: [],
    group: null,
  });

  // Functions, their router parameters, and the functions that may be mounted.
  const functions: GoFunction[] = [];
  const FUNC = /\bfunc\s*(?:\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*([A-Za-z_]\w*)[^)]*\)\s*)?([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?\(/g;
  for (const match of codeMatches(source, FUNC)) {
    const params = readArguments(source, match.index + match[0].length - 1);
    const body = bodyAfter(source, params.end);
    if (!body) continue;
    const name = match[1] ? `${match[1]}.${match[2]}` : match[2]!;
    functions.push({ name, exported: !match[1] && /^[A-Z]/.test(name), body });
    for (const param of params.args) bindParameter(param.text, body, name);
  }

  function bindParameter(param: string, body: { start: number; end: number }, group: string | null): Router | null {
    const typed = /^([A-Za-z_]\w*)\s+(\*?)\s*([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)$/.exec(param.trim());
    if (!typed) return null;
    const framework = frameworkOfAlias(typed[3]!);
    if (!framework || !ROUTER_TYPES[framework].includes(`${typed[2]}${typed[4]}`)) return null;
    const router = newRouter(framework, null, '', body.start);
    router.group = group;
    bindings.push({ name: typed[1]!, router, scopeStart: body.start, from: body.start, to: body.end });
    return router;
  }

  const routes: PendingRoute[] = [];
  const mounts: PendingMount[] = [];
  const constructed = new Map<Router, number>();
  let defaultMux: Router | null = null;
  const chains = new Map<number, Router | null>();

  /** A `func(r chi.Router) { … }` argument: its parameter becomes `router` inside its body. */
  function bindClosure(arg: Argument | undefined, router: Router): boolean {
    if (!arg || !literalFunction(arg.text)) return false;
    const params = readArguments(source, code.indexOf('(', arg.start));
    const body = bodyAfter(source, params.end);
    const name = /^\s*([A-Za-z_]\w*)/.exec(params.args[0]?.text ?? '')?.[1];
    if (body && name) bindings.push({ name, router, scopeStart: body.start, from: body.start, to: body.end });
    return true;
  }

  /** Where a function argument that is not a closure comes from: this file, another package, or this package. */
  function targetOf(text: string): GroupRef | null {
    const call = /^(?:([A-Za-z_]\w*)\s*\.\s*)?([A-Za-z_]\w*)\s*(?:\([\s\S]*\))?$/.exec(text);
    if (!call) return null;
    const [, qualifier, name] = call;
    if (qualifier) {
      const module = imports.get(qualifier);
      return module === undefined ? null : { kind: 'import', module, name: name! };
    }
    if (functions.some((f) => f.name === name)) return { kind: 'local', name: name! };
    return /^[A-Za-z_]\w*\s*\(/.test(text) ? { kind: 'import', module: '.', name: name! } : null;
  }

  function route(router: Router, method: string, path: string, link: Link, handlerText: string | undefined, middleware: string[]): void {
    const { handler, auth } = unwrapHandler(handlerText);
    routes.push({ router, method, path, offset: link.start, handler, auth, middleware: [...middleware, ...auth] });
  }

  /** Follows the calls on the expression at `at` (an identifier); returns the router it evaluates to. */
  function followChain(at: number, identifier: string, end: number): Router | null {
    if (chains.has(at)) return chains.get(at)!;
    chains.set(at, null);
    const links = readChain(source, end);
    let current = resolve(identifier, at);
    let rest = links;
    if (!current && !isShadowed(identifier, at)) {
      const framework = frameworkOfAlias(identifier);
      const first = links[0];
      if (!framework || !first) return null;
      if (CONSTRUCTORS[framework].includes(first.method)) {
        current = newRouter(framework, null, '', first.start);
        constructed.set(current, at);
        rest = links.slice(1);
      } else if (framework === 'go' && (first.method === 'HandleFunc' || first.method === 'Handle')) {
        defaultMux ??= newRouter('go', null, '', 0);
        current = defaultMux;
      } else return null;
    }
    if (!current) return null;
    for (const link of rest) {
      const next = followLink(current, link);
      if (next === undefined) {
        chains.set(at, null);
        return null;
      }
      current = next;
    }
    chains.set(at, current);
    return current;
  }

  /** One call on a router: the router it returns, or undefined when it returns none (a route, a mount). */
  function followLink(router: Router, link: Link): Router | undefined {
    const { framework } = router;
    const { method, args } = link;
    const texts = args.map((a) => a.text);
    const names = (from: number) => texts.slice(from).map(nameOf);
    const verb = VERB_METHODS[framework][method];
    if (verb) {
      if (framework === 'gin') route(router, verb, pathOf(texts[0]), link, texts[texts.length - 1], names(1).slice(0, -1));
      else route(router, verb, pathOf(texts[0]), link, texts[1], names(2));
      return undefined;
    }
    switch (`${framework}.${method}`) {
      case 'go.Handle':
      case 'go.HandleFunc':
      case 'chi.Handle':
      case 'chi.HandleFunc': {
        const pattern = patternOf(texts[0]);
        route(router, pattern.method, pattern.path, link, texts[1], []);
        return undefined;
      }
      case 'gin.Handle':
      case 'echo.Add':
      case 'chi.Method':
      case 'chi.MethodFunc': {
        const method = methodOf(texts[0]);
        if (framework === 'gin') route(router, method, pathOf(texts[1]), link, texts[texts.length - 1], names(2).slice(0, -1));
        else route(router, method, pathOf(texts[1]), link, texts[2], names(3));
        return undefined;
      }
      case 'gin.Match':
      case 'echo.Match': {
        const methods = [...(texts[0] ?? '').matchAll(/"[A-Za-z]+"|http\s*\.\s*Method[A-Z][a-z]+/g)].map((m) => methodOf(m[0]));
        for (const each of methods.length ? methods : [DYNAMIC_SEGMENT]) {
          if (framework === 'gin') route(router, each, pathOf(texts[1]), link, texts[texts.length - 1], names(2).slice(0, -1));
          else route(router, each, pathOf(texts[1]), link, texts[2], names(3));
        }
        return undefined;
      }
      case 'gin.Use':
      case 'echo.Use':
      case 'chi.Use':
        router.uses.push({ offset: link.start, names: names(0) });
        return router;
      case 'chi.With':
        return newRouter('chi', router, '', link.start, names(0));
      case 'gin.Group':
      case 'echo.Group':
        return newRouter(framework, router, pathOf(texts[0]), link.start, names(1));
      case 'chi.Group': {
        const child = newRouter('chi', router, '', link.start);
        bindClosure(args[0], child);
        return child;
      }
      case 'chi.Route': {
        const child = newRouter('chi', router, pathOf(texts[0]), link.start);
        if (!bindClosure(args[1], child)) {
          const target = targetOf(texts[1] ?? '');
          if (target) mounts.push({ router: child, prefix: '', offset: link.start, target });
        }
        return child;
      }
      case 'chi.Mount': {
        const prefix = pathOf(texts[0]);
        const targetText = texts[1] ?? '';
        const local = /^[A-Za-z_]\w*$/.test(targetText) ? resolve(targetText, link.start) : null;
        if (local && !local.parent && local !== router) {
          Object.assign(local, { parent: router, prefix, attachedAt: link.start });
          local.group = null;
          return undefined;
        }
        const target = /\(/.test(targetText) ? targetOf(targetText) : null;
        if (target) mounts.push({ router, prefix, offset: link.start, target });
        else route(router, 'ALL', prefix, link, targetText, []);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  // Assignments and calls, in the order they are written.
  const ASSIGN = /(?<![\w.])(?:var\s+)?([A-Za-z_]\w*)(?:\s+[*\w.]+)?\s*(?::=|=(?!=))\s*(?=[A-Za-z_])/g;
  const CALL = /(?<![\w.])([A-Za-z_]\w*)(?=\s*\.\s*[A-Za-z_]\w*\s*\()/g;
  const PLAIN_CALL = /(?<![\w.])([A-Za-z_]\w*)\s*\(/g;
  const events = [
    ...[...codeMatches(source, ASSIGN)].map((m) => ({ kind: 'assign' as const, at: m.index, match: m })),
    ...[...codeMatches(source, CALL)].map((m) => ({ kind: 'call' as const, at: m.index, match: m })),
    ...[...codeMatches(source, PLAIN_CALL)].map((m) => ({ kind: 'plain' as const, at: m.index, match: m })),
  ].sort((a, b) => a.at - b.at || (a.kind === 'assign' ? -1 : 1));

  for (const event of events) {
    const { match } = event;
    if (event.kind === 'assign') {
      const rhs = match.index + match[0].length;
      const identifier = /^[A-Za-z_]\w*/.exec(code.slice(rhs))![0];
      const router = followChain(rhs, identifier, rhs + identifier.length);
      if (!router) continue;
      const block = blockAt(match.index);
      bindings.push({ name: match[1]!, router, scopeStart: block?.start ?? -1, from: rhs, to: block?.end ?? code.length });
    } else if (event.kind === 'call') {
      if (followChain(match.index, match[1]!, match.index + match[1]!.length)) continue;
      // `routes.Register(v1)`: a router handed to a function of another package.
      const link = readChain(source, match.index + match[1]!.length)[0];
      const module = imports.get(match[1]!);
      if (link && module !== undefined && !frameworkOfAlias(match[1]!) && module.includes('.') && !isShadowed(match[1]!, match.index)) {
        mountByCall(link.args, link.start, { kind: 'import', module, name: link.method });
      }
    } else if (!KEYWORDS.has(match[1]!) && !/\bfunc\s*$/.test(code.slice(Math.max(0, match.index - 10), match.index))) {
      const call = readArguments(source, match.index + match[0].length - 1);
      const local = functions.some((f) => f.name === match[1]);
      mountByCall(call.args, match.index, local ? { kind: 'local', name: match[1]! } : { kind: 'import', module: '.', name: match[1]! });
    }
  }

  /** `RegisterRoutes(v1, db)`: the router in first place is where the function's routes hang. */
  function mountByCall(args: Argument[], offset: number, target: GroupRef): void {
    const first = args[0]?.text ?? '';
    if (!/^[A-Za-z_]\w*$/.test(first)) return;
    const router = resolve(first, offset);
    if (router) mounts.push({ router, prefix: '', offset, target });
  }

  // A router built in a function that returns it may be mounted elsewhere: it is that function's group.
  for (const [router, at] of constructed) {
    const owner = functions.find((f) => f.body.start < at && at < f.body.end);
    const names = bindings.filter((b) => b.router === router).map((b) => b.name);
    if (!owner || router.parent) continue;
    const body = code.slice(owner.body.start, owner.body.end);
    if (names.some((name) => new RegExp(`\\breturn\\s+${name}\\b`).test(body)) || /\breturn\s+[\w.]+\s*\.\s*(?:Default|New\w*)\s*\(/.test(body)) {
      router.group = owner.name;
    }
  }

  const rootOf = (router: Router): Router => (router.parent ? rootOf(router.parent) : router);
  const prefixOf = (router: Router, depth = 0): string =>
    router.parent && depth < 32 ? joinPath(prefixOf(router.parent, depth + 1), router.prefix) : router.prefix;
  const middlewareAt = (router: Router, offset: number, depth = 0): string[] => [
    ...(router.parent && depth < 32 ? middlewareAt(router.parent, router.attachedAt, depth + 1) : []),
    ...router.own,
    ...router.uses.filter((use) => use.offset < offset || (router.framework === 'echo' && !router.parent)).flatMap((use) => use.names),
  ];

  const declared: DeclaredRoute[] = routes.map((pending) => {
    const path = rooted(joinPath(prefixOf(pending.router), pending.path));
    const inherited = middlewareAt(pending.router, pending.offset);
    const all = [...inherited, ...pending.middleware];
    return {
      method: pending.method,
      path,
      dynamic: path.includes(DYNAMIC_SEGMENT),
      framework: pending.router.framework,
      line: source.lineAt(pending.offset),
      handler: pending.handler,
      auth: all.filter(isAuthName),
      middleware: all.filter((name) => !isAuthName(name)),
      group: rootOf(pending.router).group,
    };
  });

  const declaredMounts: Mount[] = mounts.map((pending) => {
    const joined = joinPath(prefixOf(pending.router), pending.prefix);
    const prefix = joined === '' ? '' : rooted(joined);
    return {
      parent: rootOf(pending.router).group,
      prefix,
      dynamic: prefix.includes(DYNAMIC_SEGMENT),
      target: pending.target,
      line: source.lineAt(pending.offset),
      auth: middlewareAt(pending.router, pending.offset).filter(isAuthName),
    };
  });

  const groups = new Set([...declared.map((r) => r.group), ...declaredMounts.map((m) => m.parent)]);
  const exports: Record<string, string> = {};
  for (const f of functions) if (f.exported && groups.has(f.name)) exports[f.name] = f.name;
  return { routes: declared, mounts: declaredMounts, exports };
}

/** The `{ … }` body after a parameter list (results, which may be parenthesised, skipped). */
function bodyAfter(source: ScannedSource, at: number): { start: number; end: number } | null {
  const { code } = source;
  let depth = 0;
  for (let i = at; i < code.length; i++) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '{' && depth === 0) {
      // `interface{}` and `struct{ … }` in a result type are not the body.
      if (/\b(?:interface|struct)\s*$/.test(code.slice(Math.max(0, i - 12), i))) {
        i = readArguments(source, i).end - 1;
        continue;
      }
      return { start: i, end: readArguments(source, i).end };
    } else if ((c === ';' || c === '}') && depth === 0) return null;
  }
  return null;
}

export const goRouteExtractor: RouteExtractor = {
  id: 'go',
  matches: (path) => path.endsWith('.go') && !path.endsWith('_test.go'),
  extract: (text) => extractGo(text),
};
