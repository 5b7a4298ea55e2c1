/**
 * The routes analyzer on a real repository: an Express application whose routers live in other
 * modules and are mounted under prefixes, changed between two tags in every way the diff tells
 * apart (added, removed, modified by handler, auth or parameter name, unchanged), plus a file
 * that does not parse.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesAnalyzer } from '../../../analyzers/routes/index.js';
import type { Route } from '../../../src/facts/schema.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer, type AnalyzerRun } from '../../helpers/run-analyzer.js';

let repo: TestRepo;
let run: AnalyzerRun;
const lines = (...text: string[]) => text.join('\n') + '\n';
const summary = (routes: Route[]) => routes.map((r) => `${r.change} ${r.method} ${r.path}`);

const APP_V1 = lines(
  "const express = require('express');",
  "const users = require('./routes/users');",
  "const { ordersRouter } = require('./routes/orders');",
  'const app = express();',
  "app.get('/health', health);",
  "app.use('/api/users', users);",
  "app.use('/api/orders', ordersRouter);",
  'module.exports = app;',
);
const USERS_V1 = lines(
  "const router = require('express').Router();",
  "router.get('/', listUsers);",
  "router.get('/:id', getUser);",
  "router.delete('/:id', deleteUser);",
  'module.exports = router;',
);
const ORDERS_V1 = lines(
  "import { Router } from 'express';",
  'export const ordersRouter = Router();',
  "ordersRouter.get('/', listOrders);",
  "ordersRouter.post('/', createOrder);",
);

beforeAll(async () => {
  repo = new TestRepo();
  repo.commit('feat: api', { 'src/app.js': APP_V1, 'src/routes/users.js': USERS_V1, 'src/routes/orders.ts': ORDERS_V1 });
  repo.tag('v1');
  repo.commit('feat: admin and order lookups', {
    'src/app.js': APP_V1.replace("app.use('/api/orders', ordersRouter);", "app.use('/api/orders', requireAuth, ordersRouter);\napp.use('/admin', require('./admin').default);"),
    'src/routes/users.js': USERS_V1.replace("router.get('/:id', getUser);", "router.get('/:userId', findUser);").replace("router.delete('/:id', deleteUser);\n", ''),
    'src/admin/index.ts': lines("import { Router } from 'express';", 'const admin = Router();', "admin.get('/stats', stats);", 'export default admin;'),
    'src/broken.js': "const app = require('express')();\napp.get('/x', (req, res) => {\n",
  });
  run = await runAnalyzer(routesAnalyzer, repo.dir, { from: 'v1' });
});
afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

describe('routes analyzer', () => {
  it('serves each router under the prefixes it is mounted at, across modules, and compares the two ends', () => {
    expect(summary(run.facts.routes!)).toEqual([
      'added GET /admin/stats',
      'removed DELETE /api/users/:id',
      'modified GET /api/orders',
      'modified POST /api/orders',
      'modified GET /api/users/:userId',
      'unchanged GET /api/users',
      'unchanged GET /health',
    ]);
  });

  it('says what changed in a modified route, and where each route is declared', () => {
    const byPath = (method: string, path: string) => run.facts.routes!.find((r) => r.method === method && r.path === path)!;
    expect(byPath('GET', '/api/users/:userId')).toEqual({
      method: 'GET', path: '/api/users/:userId', change: 'modified', framework: 'express', file: 'src/routes/users.js', line: 3,
      handler: 'findUser', auth: null, dynamic: false, modifications: ['path parameters id → userId', 'handler getUser → findUser'],
    });
    expect(byPath('GET', '/api/orders')).toMatchObject({ auth: 'requireAuth', modifications: ['auth added: requireAuth'], file: 'src/routes/orders.ts', line: 3 });
    expect(byPath('DELETE', '/api/users/:id')).toMatchObject({ change: 'removed', handler: 'deleteUser', file: 'src/routes/users.js', line: 4 });
  });

  it('warns about a file that does not parse and keeps the rest of the report', () => {
    expect(run.warnings).toEqual([{ path: 'src/broken.js', message: expect.stringMatching(/^src\/broken\.js was not read for routes: syntax error at line \d+ \(JavaScript\)/) }]);
  });

  it('warns about a router no mount reaches, whose routes lack their prefix', async () => {
    const orphan = new TestRepo();
    try {
      orphan.commit('a', {
        'src/app.js': lines("const express = require('express');", 'const app = express();', "app.get('/health', health);", "app.use('/api', require(`./${name}`));"),
        'src/routes/users.js': lines("const router = require('express').Router();", "router.get('/users', list);", 'module.exports = router;'),
      });
      const { facts, warnings } = await runAnalyzer(routesAnalyzer, orphan.dir);
      expect(facts.routes!.map((r) => r.path)).toEqual(['/health', '/users']);
      expect(warnings).toEqual([{ path: 'src/routes/users.js', message: 'src/routes/users.js: router (1 route) is not mounted anywhere this analysis can follow; its routes are listed without the prefix they are served under.' }]);
    } finally {
      rmSync(orphan.dir, { recursive: true, force: true });
    }
  });

  it('gives the same facts with the embedded engine', async () => {
    const embedded = await runAnalyzer(routesAnalyzer, repo.dir, { from: 'v1', engine: 'isomorphic' });
    expect(embedded.facts).toEqual(run.facts);
  });
});

describe('routes analyzer: a Flask application factory with blueprints in packages', () => {
  it('serves routes added to an imported blueprint under the prefix it is registered with', async () => {
    const flask = new TestRepo();
    try {
      flask.commit('app', {
        'app/__init__.py': lines(
          'from flask import Flask',
          '',
          'def create_app():',
          '    app = Flask(__name__)',
          '    from .main import main as main_blueprint',
          '    app.register_blueprint(main_blueprint)',
          '    from .api import api as api_blueprint',
          "    app.register_blueprint(api_blueprint, url_prefix='/api/v1')",
          '    return app',
        ),
        'app/main/__init__.py': lines('from flask import Blueprint', '', "main = Blueprint('main', __name__)", '', 'from . import views'),
        'app/main/views.py': lines('from . import main', '', "@main.route('/', methods=['GET', 'POST'])", 'def index():', "    return 'hi'"),
        'app/api/__init__.py': lines('from flask import Blueprint', '', "api = Blueprint('api', __name__)", '', 'from . import posts'),
        'app/api/posts.py': lines('from . import api', 'from ..auth import token_required', '', "@api.route('/posts/<int:id>')", '@token_required', 'def get_post(id):', '    return {}'),
      });
      const { facts } = await runAnalyzer(routesAnalyzer, flask.dir);
      expect(facts.routes!.map((r) => `${r.method} ${r.path} ${r.handler} ${r.auth}`)).toEqual([
        'GET / index null',
        'POST / index null',
        'GET /api/v1/posts/<int:id> get_post token_required',
      ]);
    } finally {
      rmSync(flask.dir, { recursive: true, force: true });
    }
  });
});
