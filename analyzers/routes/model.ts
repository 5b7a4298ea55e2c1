/**
 * The contract between the route extractors and the route analyzer. An extractor reads one file's
 * text and returns the routes it declares and, for frameworks whose routers are mounted under a
 * prefix elsewhere (an Express router in another module, a Django `include`, a Flask blueprint),
 * the groups those routes hang on and the mounts that join groups. The analyzer links groups
 * across files, applies prefixes, and compares the two ends of the range.
 */

/** Methods are upper-case HTTP methods; `ALL` is a route that answers every method (`app.all`, `@All()`, Django's `path()`). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ALL' | (string & {});

export interface DeclaredRoute {
  method: HttpMethod;
  /**
   * The path as this file knows it, its own prefixes applied (a class-level `@RequestMapping`, a
   * `Router({ prefix })`), beginning with `/`. Parameters keep the framework's own spelling
   * (`:id`, `{id}`, `<int:id>`, `[id]`): the analyzer normalises them for comparison.
   * A part computed at run time is written `{…}` and `dynamic` is true.
   */
  path: string;
  dynamic: boolean;
  /** `express`, `koa`, `fastify`, `hapi`, `hono`, `nestjs`, `nextjs`, `sveltekit`, `nuxt`, `remix`, `flask`, `fastapi`, `django`, `rails`, `spring`, `go`, `gin`, `echo`, `chi`, `openapi`. */
  framework: string;
  /** 1-based line of the declaration. */
  line: number;
  /** The handler as written: a function or method name, `UsersController.findOne`, `users#show`; null for an inline anonymous function. */
  handler: string | null;
  /** Auth middleware or guards visible in the declaration (`requireAuth`, `passport.authenticate('jwt')`, `JwtAuthGuard`), in order. */
  auth: string[];
  /** Other middleware named in the declaration, in order: a change to them makes the route modified. */
  middleware: string[];
  /**
   * The group (router, blueprint, plugin, URLconf) the route hangs on, when a prefix may be added
   * by a mount elsewhere; null when `path` is final (file-system routes, OpenAPI, Rails, Spring).
   */
  group: string | null;
}

/** Where a mounted group is defined: in the same file, or exported by another module. */
export type GroupRef =
  | { kind: 'local'; name: string }
  /**
   * `module` as written (`./routes/users`, `app.users.urls`, `@/server/users`); `name` is the
   * exported name, `default` for a default export / `module.exports` / a Python module's own
   * URLconf (`urlpatterns`).
   */
  | { kind: 'import'; module: string; name: string };

export interface Mount {
  /** The group mounted into; null for the application root. */
  parent: string | null;
  /** The prefix, as written, `{…}` for computed parts. */
  prefix: string;
  dynamic: boolean;
  target: GroupRef;
  line: number;
  /** Auth middleware on the mount (`app.use('/admin', requireAuth, adminRouter)`): every route below inherits it. */
  auth: string[];
}

export interface RouteExtraction {
  routes: DeclaredRoute[];
  /** Mounts of groups under prefixes. */
  mounts: Mount[];
  /** Exported name → the local group it is (`module.exports = router` gives `default` → `router`). */
  exports: Record<string, string>;
  /**
   * Groups this file adds routes to but imports from another module (Flask's `from . import main`
   * then `@main.route('/')`): their routes are served wherever the imported group is mounted.
   */
  aliases?: Record<string, GroupRef>;
  /**
   * Groups that are meant to be mounted (an Express or Koa router, a Fastify plugin, a Flask
   * blueprint, a FastAPI router), unlike an application: one that no mount reaches is reported,
   * since its routes are then shown without the prefix they are served under.
   */
  routers?: string[];
  /**
   * A prefix every route of the application gets, wherever it is declared (NestJS
   * `app.setGlobalPrefix('api')`): applied by the analyzer to routes of the same framework.
   */
  globalPrefix?: { framework: string; prefix: string; line: number };
  /**
   * How `module` strings of imports are resolved to paths: JavaScript specifiers, Python dotted
   * modules, or Go import paths (`.` for the file's own package, whose other files share its names).
   */
  moduleStyle?: 'javascript' | 'python' | 'go';
}

export interface RouteExtractor {
  /** Short name for warnings and docs: `express`, `python`, `openapi`, ... */
  id: string;
  /** True when the file at this path (from the repository root) is this extractor's to read. */
  matches(path: string): boolean;
  /**
   * Every route the file declares. Throws RouteSyntaxError when the file cannot be read at all;
   * a source file with syntax errors is read as far as the parser recovers.
   */
  extract(text: string, path: string): RouteExtraction;
}

/** A file an extractor cannot read; the message is the cause, to follow "<path> was not read: ". */
export class RouteSyntaxError extends Error {
  override name = 'RouteSyntaxError';
}

/** Several extractions of one file (its script blocks, or several extractors) as one. */
export function mergeExtractions(extractions: readonly RouteExtraction[]): RouteExtraction {
  const merged = noRoutes();
  for (const extraction of extractions) {
    merged.routes.push(...extraction.routes);
    merged.mounts.push(...extraction.mounts);
    Object.assign(merged.exports, extraction.exports);
    if (extraction.aliases) merged.aliases = { ...merged.aliases, ...extraction.aliases };
    if (extraction.routers) merged.routers = [...(merged.routers ?? []), ...extraction.routers];
    merged.globalPrefix ??= extraction.globalPrefix;
    merged.moduleStyle ??= extraction.moduleStyle;
  }
  return merged;
}

/** An extraction with nothing in it. */
export function noRoutes(): RouteExtraction {
  return { routes: [], mounts: [], exports: {} };
}

/** A path's computed part, as written into `path` and `prefix`. */
export const DYNAMIC_SEGMENT = '{…}';
