import { describe, expect, it } from 'vitest';
import { fileSystemRouteExtractor } from '../../../analyzers/routes/extractors/file-system.js';
import { RouteSyntaxError, type DeclaredRoute } from '../../../analyzers/routes/model.js';

const lines = (...text: string[]): string => text.join('\n') + '\n';
const { extract, matches } = fileSystemRouteExtractor;

/** A route as every file-system route is: final, static, no middleware. */
function route(framework: string, method: string, path: string, line: number, handler: string, auth: string[] = []): DeclaredRoute {
  return { method, path, dynamic: false, framework, line, handler, auth, middleware: [], group: null };
}

/** The paths a minimal handler module gives at each file path. */
function pathsOf(files: string[], source: string): Record<string, string[]> {
  return Object.fromEntries(files.map((file) => [file, extract(source, file).routes.map((found) => found.path)]));
}

describe('Next.js App Router route handlers', () => {
  it('takes the path from the folders: dynamic segments kept, groups dropped, %5F decoded', () => {
    const source = 'export async function GET() { return Response.json([]); }\n';
    expect(pathsOf([
      'app/route.ts',
      'app/api/users/route.ts',
      'src/app/api/users/[id]/route.ts',
      'app/(marketing)/api/newsletter/route.js',
      'app/docs/[...slug]/route.tsx',
      'app/shop/[[...slug]]/route.jsx',
      'apps/web/app/(api)/v1/health/route.ts',
      'app/%5Finternal/status/route.ts',
    ], source)).toEqual({
      'app/route.ts': ['/'],
      'app/api/users/route.ts': ['/api/users'],
      'src/app/api/users/[id]/route.ts': ['/api/users/[id]'],
      'app/(marketing)/api/newsletter/route.js': ['/api/newsletter'],
      'app/docs/[...slug]/route.tsx': ['/docs/[...slug]'],
      'app/shop/[[...slug]]/route.jsx': ['/shop/[[...slug]]'],
      'apps/web/app/(api)/v1/health/route.ts': ['/v1/health'],
      'app/%5Finternal/status/route.ts': ['/_internal/status'],
    });
  });

  it('reads the methods from every export form, each on its own line', () => {
    const source = lines(
      "import { NextResponse } from 'next/server';",                  // 1
      "import { handlers } from '@/auth';",                            // 2
      "export const runtime = 'edge';",                                // 3
      'export async function GET(request: Request) {',                 // 4
      '  return NextResponse.json({ users: [] });',                    // 5
      '}',                                                             // 6
      'export const POST = async (request: Request) => {',             // 7
      '  return NextResponse.json({}, { status: 201 });',              // 8
      '};',                                                            // 9
      'function update(request: Request) { return new Response(); }',  // 10
      'export { update as PUT, update as PATCH };',                    // 11
      "export { DELETE } from './delete';",                            // 12
      'export const { HEAD, OPTIONS } = handlers;',                    // 13
      'export type TRACE = string;',                                   // 14
      'export function get() {}',                                      // 15
      'export default function handler() {}',                          // 16
    );
    expect(extract(source, 'app/api/users/route.ts').routes).toEqual([
      route('nextjs', 'GET', '/api/users', 4, 'GET'),
      route('nextjs', 'POST', '/api/users', 7, 'POST'),
      route('nextjs', 'PATCH', '/api/users', 11, 'PATCH'),
      route('nextjs', 'PUT', '/api/users', 11, 'PUT'),
      route('nextjs', 'DELETE', '/api/users', 12, 'DELETE'),
      route('nextjs', 'HEAD', '/api/users', 13, 'HEAD'),
      route('nextjs', 'OPTIONS', '/api/users', 13, 'OPTIONS'),
    ]);
  });

  it('names auth wrappers around the handler, directly or through a local binding', () => {
    const source = lines(
      "import { withAuth, withLogging } from '@/lib/api';",
      'export const GET = withAuth(withLogging(async () => Response.json([])));',
      'const create = requireSession(async (request: Request) => Response.json({}));',
      'export { create as POST };',
      'export const DELETE = withLogging(async () => new Response(null, { status: 204 }));',
    );
    expect(extract(source, 'app/api/orders/route.ts').routes).toEqual([
      route('nextjs', 'GET', '/api/orders', 2, 'GET', ['withAuth']),
      route('nextjs', 'POST', '/api/orders', 4, 'POST', ['requireSession']),
      route('nextjs', 'DELETE', '/api/orders', 5, 'DELETE'),
    ]);
  });

  it('ignores route files in private folders, parallel slots and intercepting routes', () => {
    const source = 'export function GET() {}\n';
    for (const path of ['app/_lib/route.ts', 'app/api/_utils/route.ts', 'app/@modal/route.ts', 'app/feed/(.)photo/[id]/route.ts', 'app/(..)(..)login/route.ts']) {
      expect(extract(source, path).routes, path).toEqual([]);
    }
  });
});

describe('Next.js Pages Router API routes', () => {
  it('gives one ALL route for the default export, index being the folder', () => {
    const source = lines(
      "import type { NextApiRequest, NextApiResponse } from 'next';",
      'export const config = { api: { bodyParser: false } };',
      'export default async function handler(req: NextApiRequest, res: NextApiResponse) {',
      '  res.status(200).json({ ok: true });',
      '}',
    );
    expect(extract(source, 'pages/api/users/index.ts').routes).toEqual([route('nextjs', 'ALL', '/api/users', 3, 'default')]);
    expect(extract(source, 'src/pages/api/posts/[pid].ts').routes).toEqual([route('nextjs', 'ALL', '/api/posts/[pid]', 3, 'default')]);
    expect(extract(source, 'pages/api/index.js').routes).toEqual([route('nextjs', 'ALL', '/api', 3, 'default')]);
  });

  it('reads CommonJS handlers and auth wrappers, but not the auth endpoint itself', () => {
    expect(extract("const { withApiAuthRequired } = require('@auth0/nextjs-auth0');\nmodule.exports = withApiAuthRequired(function me(req, res) {});\n", 'pages/api/me.js').routes)
      .toEqual([route('nextjs', 'ALL', '/api/me', 2, 'default', ['withApiAuthRequired'])]);
    const nextAuth = lines(
      "import NextAuth from 'next-auth';",
      "import GitHub from 'next-auth/providers/github';",
      'export default NextAuth({ providers: [GitHub] });',
    );
    expect(extract(nextAuth, 'pages/api/auth/[...nextauth].ts').routes).toEqual([route('nextjs', 'ALL', '/api/auth/[...nextauth]', 3, 'default')]);
  });

  it('gives nothing for a module with no default export', () => {
    expect(extract('export function helper() {}\n', 'pages/api/lib/helper.ts').routes).toEqual([]);
  });
});

describe('SvelteKit +server endpoints', () => {
  it('reads the method exports, fallback as ALL', () => {
    const source = lines(
      "import { json, error } from '@sveltejs/kit';",                            // 1
      "import type { RequestHandler } from './$types';",                         // 2
      'export const GET: RequestHandler = async ({ params }) => json(params);',  // 3
      'export async function POST({ request }) {',                              // 4
      '  return json(await request.json(), { status: 201 });',                  // 5
      '}',                                                                      // 6
      'const remove: RequestHandler = async () => new Response(null);',         // 7
      'export { remove as DELETE };',                                           // 8
      'export const fallback: RequestHandler = async ({ request }) => error(405);', // 9
      'export const prerender = false;',                                        // 10
    );
    expect(extract(source, 'src/routes/api/todos/[id]/+server.ts').routes).toEqual([
      route('sveltekit', 'GET', '/api/todos/[id]', 3, 'GET'),
      route('sveltekit', 'POST', '/api/todos/[id]', 4, 'POST'),
      route('sveltekit', 'DELETE', '/api/todos/[id]', 8, 'DELETE'),
      route('sveltekit', 'ALL', '/api/todos/[id]', 9, 'fallback'),
    ]);
  });

  it('keeps rest, optional and matched parameters, drops groups, decodes escapes', () => {
    const source = 'export function GET() { return new Response(); }\n';
    expect(pathsOf([
      'src/routes/+server.js',
      'src/routes/(api)/v1/files/[...path]/+server.ts',
      'src/routes/[[lang]]/feed/+server.ts',
      'src/routes/items/[id=integer]/+server.ts',
      'src/routes/.well-known/security[x+2e]txt/+server.ts',
      'apps/site/src/routes/(app)/(admin)/stats/+server.js',
    ], source)).toEqual({
      'src/routes/+server.js': ['/'],
      'src/routes/(api)/v1/files/[...path]/+server.ts': ['/v1/files/[...path]'],
      'src/routes/[[lang]]/feed/+server.ts': ['/[[lang]]/feed'],
      'src/routes/items/[id=integer]/+server.ts': ['/items/[id=integer]'],
      'src/routes/.well-known/security[x+2e]txt/+server.ts': ['/.well-known/security.txt'],
      'apps/site/src/routes/(app)/(admin)/stats/+server.js': ['/stats'],
    });
  });
});

describe('Nuxt / Nitro server routes', () => {
  it('takes the method from the file name suffix, ALL without one', () => {
    const source = lines(
      '// list users',
      'export default defineEventHandler(async (event) => {',
      '  return [];',
      '});',
    );
    const found = (path: string) => extract(source, path).routes;
    expect(found('server/api/users.get.ts')).toEqual([route('nuxt', 'GET', '/api/users', 2, 'default')]);
    expect(found('server/api/users/[id].delete.ts')).toEqual([route('nuxt', 'DELETE', '/api/users/[id]', 2, 'default')]);
    expect(found('server/api/index.ts')).toEqual([route('nuxt', 'ALL', '/api', 2, 'default')]);
    expect(found('server/api/orders/index.post.js')).toEqual([route('nuxt', 'POST', '/api/orders', 2, 'default')]);
    expect(found('server/routes/sitemap.xml.ts')).toEqual([route('nuxt', 'ALL', '/sitemap.xml', 2, 'default')]);
    expect(found('server/routes/docs/[...slug].get.ts')).toEqual([route('nuxt', 'GET', '/docs/[...slug]', 2, 'default')]);
    expect(found('server/api/(admin)/reports.get.ts')).toEqual([route('nuxt', 'GET', '/api/reports', 2, 'default')]);
    expect(found('server/api/debug.get.dev.ts')).toEqual([route('nuxt', 'GET', '/api/debug', 2, 'default')]);
    expect(found('apps/shop/server/api/cart/[...].ts')).toEqual([route('nuxt', 'ALL', '/api/cart/[...]', 2, 'default')]);
  });

  it('names an auth wrapper and gives nothing for a module without a default export', () => {
    expect(extract('export default requireUserSession(defineEventHandler(() => ({})));\n', 'server/api/me.get.ts').routes)
      .toEqual([route('nuxt', 'GET', '/api/me', 1, 'default', ['requireUserSession'])]);
    expect(extract('export const helper = () => 1;\n', 'server/api/helper.ts').routes).toEqual([]);
  });
});

describe('Remix / React Router resource routes', () => {
  const resource = 'export async function loader() { return Response.json({}); }\n';

  it('turns flat-route names into React Router paths', () => {
    expect(pathsOf([
      'app/routes/api.users.$id.ts',
      'app/routes/_index.ts',
      'app/routes/api._index.ts',
      'app/routes/files.$.ts',
      'app/routes/($lang).api.search.ts',
      'app/routes/_auth.api.session.ts',
      'app/routes/api.posts_.$slug.ts',
      'app/routes/sitemap[.]xml.ts',
      'app/routes/reports.$id[.pdf].tsx',
      'app/routes/api.webhooks.stripe/route.ts',
    ], resource)).toEqual({
      'app/routes/api.users.$id.ts': ['/api/users/:id'],
      'app/routes/_index.ts': ['/'],
      'app/routes/api._index.ts': ['/api'],
      'app/routes/files.$.ts': ['/files/*'],
      'app/routes/($lang).api.search.ts': ['/:lang?/api/search'],
      'app/routes/_auth.api.session.ts': ['/api/session'],
      'app/routes/api.posts_.$slug.ts': ['/api/posts/:slug'],
      'app/routes/sitemap[.]xml.ts': ['/sitemap.xml'],
      'app/routes/reports.$id[.pdf].tsx': ['/reports/:id.pdf'],
      'app/routes/api.webhooks.stripe/route.ts': ['/api/webhooks/stripe'],
    });
  });

  it('gives loader as GET and action as ALL for a module without a component', () => {
    const source = lines(
      "import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';", // 1
      'export async function loader({ params }: LoaderFunctionArgs) {',                // 2
      '  return Response.json({ id: params.id });',                                    // 3
      '}',                                                                             // 4
      'export const action = async ({ request }: ActionFunctionArgs) => {',            // 5
      '  return new Response(null, { status: request.method === "DELETE" ? 204 : 200 });', // 6
      '};',                                                                            // 7
    );
    expect(extract(source, 'app/routes/api.users.$id.ts').routes).toEqual([
      route('remix', 'GET', '/api/users/:id', 2, 'loader'),
      route('remix', 'ALL', '/api/users/:id', 5, 'action'),
    ]);
  });

  it('gives nothing for a page: a module with a default component', () => {
    const page = lines(
      'export async function loader() { return { users: [] }; }',
      'export async function action() { return null; }',
      'export default function Users() { return <ul />; }',
    );
    expect(extract(page, 'app/routes/users.tsx').routes).toEqual([]);
    expect(extract("export { loader } from './users.server';\nexport { default } from './users-page';\n", 'app/routes/users.ts').routes).toEqual([]);
  });

  it('tells a Remix folder route from a Next.js route handler by its exports', () => {
    expect(extract(resource, 'app/routes/api.health/route.ts').routes).toEqual([route('remix', 'GET', '/api/health', 1, 'loader')]);
    expect(extract('export function GET() {}\n', 'app/routes/api.health/route.ts').routes).toEqual([route('nextjs', 'GET', '/routes/api.health', 1, 'GET')]);
  });
});

describe('which files are routes', () => {
  it('matches route modules of each framework', () => {
    for (const path of [
      'app/api/users/route.ts', 'src/app/route.js', 'pages/api/hello.js', 'src/pages/api/users/[id].tsx',
      'src/routes/api/+server.ts', 'server/api/users.get.ts', 'server/routes/rss.xml.ts', 'app/routes/api.users.ts',
      'app/routes/api.users/route.tsx',
    ]) {
      expect(matches(path), path).toBe(true);
    }
  });

  it('does not match the traps', () => {
    for (const path of [
      'lib/route.ts', 'src/server/route.ts', 'app/api/users/route.test.ts', 'app/api/_utils/helper.ts', 'app/api/users/handlers.ts',
      'app/page.tsx', 'middleware.ts', 'src/middleware.ts', 'pages/about.tsx', 'pages/api', 'pages/api/users.test.ts',
      'pages/api/__tests__/users.ts', 'src/routes/+page.server.ts', 'src/routes/+layout.server.ts', 'src/routes/api/+server.test.ts',
      'server/middleware/auth.ts', 'server/utils/db.ts', 'server/api/users.d.ts', 'app/routes/api.users/utils.ts', 'app/routes/users.md',
      'node_modules/pkg/app/api/route.ts', '.next/server/app/api/route.js', 'app/api/users/route.py',
    ]) {
      expect(matches(path), path).toBe(false);
    }
  });
});

describe('unreadable files', () => {
  it('throws RouteSyntaxError with the line for a module Babel cannot recover', () => {
    expect(() => extract('export async function GET( {\n  return 1;\n', 'app/api/route.ts')).toThrow(RouteSyntaxError);
    expect(() => extract('export async function GET( {\n  return 1;\n', 'app/api/route.ts')).toThrow(/line \d/);
  });
});
