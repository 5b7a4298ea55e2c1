/**
 * Route paths: joining a prefix to a path, and the shape two spellings of one route share. Each
 * framework writes parameters its own way (`:id`, `{id}`, `<int:id>`, `[id]`, `$id`); a route is
 * the same route when only the parameter names differ, and then it is modified, not replaced.
 */

/** `/api` + `/users` → `/api/users`; `''` + `users` → `/users`; `/api` + `/` → `/api`; never a trailing `/` but the root's. */
export function joinPaths(prefix: string, path: string): string {
  const parts = [prefix, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part !== '');
  return `/${parts.join('/')}`.replace(/\/{2,}/g, '/');
}

/** One path segment's parameter, in any framework's spelling: its name, and whether it takes the rest of the path. */
function parameterOf(segment: string): { name: string; rest: boolean } | null {
  let match: RegExpExecArray | null;
  // Express, Koa, Hono, Fastify, Rails: `:id`, `:id?`, `:id(\d+)`, `*path`; Remix `$id`, `$`.
  if ((match = /^[:$]([A-Za-z_]\w*)\??(?:\(.*\))?$/.exec(segment))) return { name: match[1]!, rest: false };
  if ((match = /^\*([A-Za-z_]\w*)?$/.exec(segment)) || segment === '$') return { name: match?.[1] ?? '', rest: true };
  // OpenAPI, FastAPI, Spring, Hapi, Go 1.22, chi: `{id}`, `{id:int}`, `{id:[0-9]+}`, `{path...}`, `{p*}`.
  if ((match = /^\{([A-Za-z_]\w*)(\.\.\.|\*)?(?::.*)?\??\}$/.exec(segment))) return { name: match[1]!, rest: match[2] !== undefined };
  // Flask, Django: `<id>`, `<int:id>`, `<path:rest>`.
  if ((match = /^<(?:(\w+):)?([A-Za-z_]\w*)>$/.exec(segment))) return { name: match[2]!, rest: match[1] === 'path' };
  // Next.js, SvelteKit, Nuxt: `[id]`, `[...slug]`, `[[...slug]]`, `[[lang]]`.
  if ((match = /^\[{1,2}(\.\.\.)?([A-Za-z_]\w*)(?:=\w+)?\]{1,2}$/.exec(segment))) return { name: match[2]!, rest: match[1] !== undefined };
  // Nitro's unnamed catch-all `[...]`.
  if (segment === '[...]') return { name: '', rest: true };
  return null;
}

/** The route's shape: its segments with every parameter as `{}` (`{*}` for the rest of the path). */
export function pathShape(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  return '/' + segments.map((segment) => {
    const parameter = parameterOf(segment);
    return parameter === null ? segment : parameter.rest ? '{*}' : '{}';
  }).join('/');
}

/** The names of the path's parameters, in order. */
export function parameterNames(path: string): string[] {
  return path.split('/').flatMap((segment) => {
    const parameter = parameterOf(segment);
    return parameter === null ? [] : [parameter.name];
  });
}
