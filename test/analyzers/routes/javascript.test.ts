/**
 * The call-based JavaScript route extractor on files shaped like each framework's own examples:
 * routes, groups, mounts and exports, the auth middleware visible in a declaration, dynamic paths,
 * and the calls that look like routes but are not. Expected values are read off each input.
 */
import { describe, expect, it } from 'vitest';
import { javascriptRouteExtractor } from '../../../analyzers/routes/extractors/javascript.js';
import { RouteSyntaxError, type DeclaredRoute, type Mount } from '../../../analyzers/routes/model.js';

const lines = (...text: string[]) => text.join('\n') + '\n';
const extract = (text: string, path = 'src/app.js') => javascriptRouteExtractor.extract(text, path);
const route = (method: string, path: string, framework: string, group: string, line: number, more: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method, path, dynamic: false, framework, line, handler: null, auth: [], middleware: [], group, ...more,
});
const mount = (parent: string, prefix: string, target: Mount['target'], line: number, more: Partial<Mount> = {}): Mount => ({
  parent, prefix, dynamic: false, target, line, auth: [], ...more,
});

describe('express', () => {
  const app = lines(
    "const express = require('express');",
    "const { requireAuth } = require('./auth');",
    "const users = require('./routes/users');",
    "import * as orders from './routes/orders';",
    'const app = express();',
    'const router = express.Router();',
    'app.use(express.json());',
    "app.get('/health', (req, res) => res.send('ok'));",
    "app.set('env', 'production'); app.get('env');",
    "router.get('/:id', requireAuth, getUser);",
    "router.route('/items').get(listItems).post(validate(itemSchema), createItem);",
    "app.use('/api', router);",
    "app.use('/users', passport.authenticate('jwt', { session: false }), users);",
    "app.use('/orders', orders.router);",
    'app.post(`/v${version}/sync`, sync);',
    "app.delete('/cache/' + region, purge);",
    "function handler(req, res) { res.get('Content-Type'); axios.get('/not-a-route'); request(app).get('/nor-this'); }",
    "// app.get('/commented-out', h);",
    "const text = \"app.get('/in-a-string', h)\";",
    'module.exports = app;',
  );

  it('reads routes on the app and on routers, with handler, middleware and auth', () => {
    expect(extract(app).routes).toEqual([
      route('GET', '/health', 'express', 'app', 8),
      route('GET', '/:id', 'express', 'router', 10, { handler: 'getUser', auth: ['requireAuth'] }),
      route('GET', '/items', 'express', 'router', 11, { handler: 'listItems' }),
      route('POST', '/items', 'express', 'router', 11, { handler: 'createItem', middleware: ['validate()'] }),
      route('POST', '/v{…}/sync', 'express', 'app', 15, { handler: 'sync', dynamic: true }),
      route('DELETE', '/cache/{…}', 'express', 'app', 16, { handler: 'purge', dynamic: true }),
    ]);
  });

  it('reads mounts of local and imported routers, with the auth middleware in front of them', () => {
    expect(extract(app).mounts).toEqual([
      mount('app', '/api', { kind: 'local', name: 'router' }, 12),
      mount('app', '/users', { kind: 'import', module: './routes/users', name: 'default' }, 13, { auth: ["passport.authenticate('jwt')"] }),
      mount('app', '/orders', { kind: 'import', module: './routes/orders', name: 'router' }, 14),
    ]);
    expect(extract(app).exports).toEqual({ default: 'app' });
  });

  it('exports a router by every module form', () => {
    const esm = lines("import { Router } from 'express';", 'export const users = Router();', 'const admin = Router();', "users.get('/', list);", 'export { admin as adminRouter };', 'export default users;');
    expect(extract(esm, 'src/users.ts').exports).toEqual({ users: 'users', adminRouter: 'admin', default: 'users' });
    const cjs = lines("const router = require('express').Router();", "router.get('/', list);", 'module.exports = { router };', 'exports.other = router;');
    expect(extract(cjs).exports).toEqual({ router: 'router', other: 'router' });
    expect(extract(cjs).routes).toEqual([route('GET', '/', 'express', 'router', 2, { handler: 'list' })]);
  });
});

describe('route registration functions', () => {
  it("takes a function handed the app as the app's routes, as Express's by default", () => {
    const routes = lines('export function registerUserRoutes(app) {', "  app.get('/api/users', listUsers);", '}');
    expect(extract(routes, 'src/routes/users.js').routes).toEqual([route('GET', '/api/users', 'express', 'registerUserRoutes', 2, { handler: 'listUsers' })]);
    expect(extract(routes, 'src/routes/users.js').exports).toEqual({ registerUserRoutes: 'registerUserRoutes' });
    const app = lines(
      "import express from 'express';",
      "import { registerUserRoutes } from './routes/users.js';",
      'const app = express();',
      'registerUserRoutes(app);',
      "require('./routes/orders')(app, db);",
      'log(app);',
    );
    expect(extract(app).mounts).toEqual([
      mount('app', '', { kind: 'import', module: './routes/users.js', name: 'registerUserRoutes' }, 4),
      mount('app', '', { kind: 'import', module: './routes/orders', name: 'default' }, 5),
    ]);
  });
});

describe('express: routers built in place and mount tables', () => {
  it('names a router built in a chain after its variable, or after its line when exported directly', () => {
    const text = lines(
      "import { Router } from 'express';",
      "import tags from './tag/tag.controller';",
      "import articles from './article/article.controller';",
      'const api = Router().use(tags).use(articles);',
      "export default Router().use('/api', api);",
    );
    const found = extract(text, 'src/app/routes/routes.ts');
    expect(found.mounts).toEqual([
      mount('api', '/', { kind: 'import', module: './tag/tag.controller', name: 'default' }, 4),
      mount('api', '/', { kind: 'import', module: './article/article.controller', name: 'default' }, 4),
      mount('router@5', '/api', { kind: 'local', name: 'api' }, 5),
    ]);
    expect(found.exports).toEqual({ default: 'router@5' });
    const routes = extract(lines("const express = require('express');", "module.exports = express.Router().get('/tags', listTags);"), 'src/tags.js');
    expect(routes.routes).toEqual([route('GET', '/tags', 'express', 'router@2', 2, { handler: 'listTags' })]);
    expect(routes.exports).toEqual({ default: 'router@2' });
  });

  it('mounts each row of a table of { path, route } walked by forEach or for...of', () => {
    const text = lines(
      "const express = require('express');",
      "const authRoute = require('./auth.route');",
      "const userRoute = require('./user.route');",
      'const router = express.Router();',
      'const defaultRoutes = [',
      "  { path: '/auth', route: authRoute },",
      "  { path: '/users', route: userRoute },",
      '];',
      'defaultRoutes.forEach((route) => {',
      '  router.use(route.path, route.route);',
      '});',
      'for (const { path, route } of defaultRoutes) router.use(`/v0${path}`, route);',
      'module.exports = router;',
    );
    expect(extract(text, 'src/routes/v1/index.js').mounts).toEqual([
      mount('router', '/auth', { kind: 'import', module: './auth.route', name: 'default' }, 10),
      mount('router', '/users', { kind: 'import', module: './user.route', name: 'default' }, 10),
      mount('router', '/v0{…}', { kind: 'import', module: './auth.route', name: 'default' }, 12, { dynamic: true }),
      mount('router', '/v0{…}', { kind: 'import', module: './user.route', name: 'default' }, 12, { dynamic: true }),
    ]);
  });
});

describe('koa', () => {
  it('applies a router prefix, skips route names, and reads nested and app mounts', () => {
    const text = lines(
      "const Koa = require('koa');",
      "const Router = require('@koa/router');",
      'const app = new Koa();',
      "const router = new Router({ prefix: '/api' });",
      'const nested = new Router();',
      "nested.get('/comments', listComments);",
      "router.get('user', '/users/:id', loadUser, showUser);",
      "router.del('/users/:id', requireLogin, removeUser);",
      "router.use('/posts/:pid', nested.routes(), nested.allowedMethods());",
      'app.use(router.routes()).use(router.allowedMethods());',
    );
    const found = extract(text);
    expect(found.routes).toEqual([
      route('GET', '/comments', 'koa', 'nested', 6, { handler: 'listComments' }),
      route('GET', '/api/users/:id', 'koa', 'router', 7, { handler: 'showUser', middleware: ['loadUser'] }),
      route('DELETE', '/api/users/:id', 'koa', 'router', 8, { handler: 'removeUser', auth: ['requireLogin'] }),
    ]);
    expect(found.mounts).toEqual([
      mount('router', '/api/posts/:pid', { kind: 'local', name: 'nested' }, 9),
      mount('app', '/', { kind: 'local', name: 'router' }, 10),
    ]);
  });
});

describe('fastify', () => {
  it('reads shorthand and full declarations, hooks as auth, and plugins registered with a prefix', () => {
    const text = lines(
      "import Fastify from 'fastify';",
      "import fp from 'fastify-plugin';",
      "import userRoutes from './routes/users.js';",
      'const fastify = Fastify({ logger: true });',
      "fastify.get('/', async () => ({ hello: 'world' }));",
      "fastify.route({ method: ['GET', 'HEAD'], url: '/items/:id', preHandler: [fastify.authenticate], handler: getItem });",
      "fastify.register(userRoutes, { prefix: '/users' });",
      "fastify.register(async function admin(instance) { instance.get('/stats', stats); }, { prefix: '/admin' });",
      "export default fp(async function health(app, opts) { app.get('/ping', { onRequest: [verifyJwt] }, ping); });",
    );
    const found = extract(text, 'src/server.js');
    expect(found.routes).toEqual([
      route('GET', '/', 'fastify', 'fastify', 5),
      route('GET', '/items/:id', 'fastify', 'fastify', 6, { handler: 'getItem', auth: ['fastify.authenticate'] }),
      route('HEAD', '/items/:id', 'fastify', 'fastify', 6, { handler: 'getItem', auth: ['fastify.authenticate'] }),
      route('GET', '/stats', 'fastify', 'admin', 8, { handler: 'stats' }),
      route('GET', '/ping', 'fastify', 'health', 9, { handler: 'ping', auth: ['verifyJwt'] }),
    ]);
    expect(found.mounts).toEqual([
      mount('fastify', '/users', { kind: 'import', module: './routes/users.js', name: 'default' }, 7),
      mount('fastify', '/admin', { kind: 'local', name: 'admin' }, 8),
    ]);
    expect(found.exports).toEqual({ default: 'health' });
  });

  it('reads a plugin module that never imports fastify, and not a handler that calls get on its request', () => {
    const text = lines(
      "module.exports = async function (fastify, opts) {",
      "  fastify.get('/users/:id', async (request, reply) => { request.get('host'); return {}; });",
      "  fastify.post('/users', { schema: bodySchema }, createUser);",
      '};',
    );
    const found = extract(text, 'routes/users.js');
    expect(found.routes).toEqual([
      route('GET', '/users/:id', 'fastify', 'plugin@1', 2),
      route('POST', '/users', 'fastify', 'plugin@1', 3, { handler: 'createUser' }),
    ]);
    expect(found.exports).toEqual({ default: 'plugin@1' });
  });
});

describe('hapi', () => {
  it('reads route objects and arrays, their auth option, and plugins', () => {
    const text = lines(
      "'use strict';",
      "const Hapi = require('@hapi/hapi');",
      'const routes = [',
      "  { method: 'GET', path: '/users/{id}', handler: getUser, options: { auth: 'jwt' } },",
      "  { method: ['PUT', 'PATCH'], path: '/users/{id}', handler: updateUser, options: { auth: { strategy: 'session' } } },",
      '];',
      'const init = async () => {',
      '  const server = Hapi.server({ port: 3000 });',
      "  server.route({ method: 'GET', path: '/', handler: (request, h) => 'Hello' });",
      '  server.route(routes);',
      "  await server.register({ plugin: require('./plugins/orders'), routes: { prefix: '/v1' } });",
      '};',
      "exports.plugin = { name: 'inventory', register: async (server, options) => { server.route({ method: '*', path: '/stock', handler: addStock }); } };",
    );
    const found = extract(text, 'server.js');
    expect(found.routes).toEqual([
      route('GET', '/users/{id}', 'hapi', 'server', 4, { handler: 'getUser', auth: ['auth: jwt'] }),
      route('PUT', '/users/{id}', 'hapi', 'server', 5, { handler: 'updateUser', auth: ['auth: session'] }),
      route('PATCH', '/users/{id}', 'hapi', 'server', 5, { handler: 'updateUser', auth: ['auth: session'] }),
      route('GET', '/', 'hapi', 'server', 9),
      route('ALL', '/stock', 'hapi', 'plugin@13', 13, { handler: 'addStock' }),
    ]);
    expect(found.mounts).toEqual([mount('server', '/v1', { kind: 'import', module: './plugins/orders', name: 'default' }, 11)]);
    expect(found.exports).toEqual({ plugin: 'plugin@13' });
  });
});

describe('hono', () => {
  it('reads chained routes, on() with methods, basePath and app.route mounts', () => {
    const text = lines(
      "import { Hono } from 'hono';",
      "import { jwt } from 'hono/jwt';",
      "import books from './books';",
      'const app = new Hono();',
      "const api = new Hono().basePath('/api');",
      "app.get('/', (c) => c.text('Hello'));",
      "api.get('/posts/:id', jwt({ secret: 'x' }), (c) => c.json({})).post('/posts', createPost);",
      "app.on(['PUT', 'DELETE'], '/post/:id', handlePost);",
      "app.route('/books', books);",
      "app.route('/', api);",
      'export default app;',
    );
    const found = extract(text, 'src/index.ts');
    expect(found.routes).toEqual([
      route('GET', '/', 'hono', 'app', 6),
      route('GET', '/api/posts/:id', 'hono', 'api', 7, { auth: ['jwt()'] }),
      route('POST', '/api/posts', 'hono', 'api', 7, { handler: 'createPost' }),
      route('PUT', '/post/:id', 'hono', 'app', 8, { handler: 'handlePost' }),
      route('DELETE', '/post/:id', 'hono', 'app', 8, { handler: 'handlePost' }),
    ]);
    expect(found.mounts).toEqual([
      mount('app', '/books', { kind: 'import', module: './books', name: 'default' }, 9),
      mount('app', '/', { kind: 'local', name: 'api' }, 10),
    ]);
  });
});

describe('javascript route extractor: files and errors', () => {
  it('leaves test files, declaration files and bundles alone', () => {
    for (const path of ['src/app.test.ts', 'src/__tests__/app.js', 'test/app.e2e-spec.ts', 'src/types.d.ts', 'public/app.min.js']) {
      expect(javascriptRouteExtractor.matches(path)).toBe(false);
    }
    expect(javascriptRouteExtractor.matches('src/routes/users.ts')).toBe(true);
  });

  it('throws RouteSyntaxError with the line for a file Babel cannot recover', () => {
    expect(() => extract("const app = express();\napp.get('/x', (req, res) => {\n")).toThrow(RouteSyntaxError);
  });
});
