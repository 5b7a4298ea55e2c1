import { describe, expect, it } from 'vitest';
import type { DeclaredRoute, Mount } from '../../../analyzers/routes/model.js';
import { pythonRouteExtractor } from '../../../analyzers/routes/extractors/python.js';

const lines = (...text: string[]) => text.join('\n');
const extract = (text: string, path = 'flaskr/views.py') => pythonRouteExtractor.extract(text, path);
const route = (method: string, path: string, line: number, fields: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method,
  path,
  dynamic: false,
  framework: 'flask',
  line,
  handler: null,
  auth: [],
  middleware: [],
  group: null,
  ...fields,
});
const mount = (fields: Pick<Mount, 'parent' | 'prefix' | 'target' | 'line'> & Partial<Mount>): Mount => ({ dynamic: false, auth: [], ...fields });

describe('python routes: Flask', () => {
  it('reads one route per listed method, GET without a list, and the Flask 2 method decorators', () => {
    const text = lines(
      'from flask import Flask, request',
      '',
      'app = Flask(__name__)',
      '',
      "@app.route('/')",
      'def index():',
      "    return 'Index Page'",
      '',
      "@app.route('/login', methods=['GET', 'POST'])",
      'def login():',
      '    pass',
      '',
      "@app.route('/post/<int:post_id>', methods=('get', 'delete'))",
      'def show_post(post_id):',
      '    pass',
      '',
      "@app.post('/logout')",
      'async def logout():',
      '    pass',
      '',
      "@app.route('/user/<username>')",
      "@app.route('/profile/<path:subpath>')",
      'def profile(username=None, subpath=None):',
      '    pass',
    );
    expect(extract(text).routes).toEqual([
      route('GET', '/', 5, { handler: 'index' }),
      route('GET', '/login', 9, { handler: 'login' }),
      route('POST', '/login', 9, { handler: 'login' }),
      route('GET', '/post/<int:post_id>', 13, { handler: 'show_post' }),
      route('DELETE', '/post/<int:post_id>', 13, { handler: 'show_post' }),
      route('POST', '/logout', 17, { handler: 'logout' }),
      route('GET', '/user/<username>', 21, { handler: 'profile' }),
      route('GET', '/profile/<path:subpath>', 22, { handler: 'profile' }),
    ]);
  });

  it('writes a blueprint url_prefix into its routes, hangs them on the blueprint and exports it', () => {
    // The Flask tutorial's flaskr/auth.py and flaskr/blog.py, shortened.
    const text = lines(
      'import functools',
      'from flask import Blueprint, g, redirect',
      'from flask_jwt_extended import jwt_required',
      'from .extensions import cache',
      '',
      "bp = Blueprint('auth', __name__, url_prefix='/auth')",
      '',
      "@bp.route('/register', methods=('GET', 'POST'))",
      'def register():',
      '    pass',
      '',
      "@bp.route('/')",
      '@login_required',
      "@cache.cached(timeout=50, key_prefix='user_session')",
      'def index():',
      '    pass',
      '',
      "@bp.route('/<int:id>/update', methods=('GET', 'POST'))",
      '@jwt_required()',
      'def update(id):',
      '    pass',
      '',
      "@bp.route('')",
      'def root():',
      '    pass',
    );
    const extraction = extract(text, 'flaskr/auth.py');
    expect(extraction.routes).toEqual([
      route('GET', '/auth/register', 8, { handler: 'register', group: 'bp' }),
      route('POST', '/auth/register', 8, { handler: 'register', group: 'bp' }),
      route('GET', '/auth/', 12, { handler: 'index', group: 'bp', auth: ['login_required'], middleware: ["cache.cached(timeout=50, key_prefix='user_session')"] }),
      route('GET', '/auth/<int:id>/update', 18, { handler: 'update', group: 'bp', auth: ['jwt_required()'] }),
      route('POST', '/auth/<int:id>/update', 18, { handler: 'update', group: 'bp', auth: ['jwt_required()'] }),
      // Flask: an empty rule is the prefix itself, without the slash `/` would add.
      route('GET', '/auth', 23, { handler: 'root', group: 'bp' }),
    ]);
    expect(extraction.exports).toEqual({ bp: 'bp' });
    expect(extraction.mounts).toEqual([]);
    expect(extraction.moduleStyle).toBe('python');
  });

  it('mounts local, imported and nested blueprints with register_blueprint', () => {
    const text = lines(
      'from flask import Flask, Blueprint',
      'from .views import admin_bp',
      '',
      "simple_page = Blueprint('simple_page', __name__, template_folder='templates')",
      "parent = Blueprint('parent', __name__, url_prefix='/parent')",
      "child = Blueprint('child', __name__)",
      '',
      'def create_app():',
      '    app = Flask(__name__, instance_relative_config=True)',
      '    from . import auth, blog',
      '    app.register_blueprint(auth.bp)',
      '    app.register_blueprint(blog.bp)',
      "    app.add_url_rule('/', endpoint='index')",
      "    app.register_blueprint(simple_page, url_prefix='/pages')",
      "    app.register_blueprint(admin_bp, url_prefix='/admin/')",
      "    parent.register_blueprint(child, url_prefix='/child')",
      '    app.register_blueprint(parent)',
      '    return app',
    );
    const extraction = extract(text, 'flaskr/__init__.py');
    expect(extraction.mounts).toEqual([
      mount({ parent: null, prefix: '', target: { kind: 'import', module: '.auth', name: 'bp' }, line: 11 }),
      mount({ parent: null, prefix: '', target: { kind: 'import', module: '.blog', name: 'bp' }, line: 12 }),
      mount({ parent: null, prefix: '/pages', target: { kind: 'local', name: 'simple_page' }, line: 14 }),
      mount({ parent: null, prefix: '/admin', target: { kind: 'import', module: '.views', name: 'admin_bp' }, line: 15 }),
      mount({ parent: 'parent', prefix: '/child', target: { kind: 'local', name: 'child' }, line: 16 }),
      mount({ parent: null, prefix: '', target: { kind: 'local', name: 'parent' }, line: 17 }),
    ]);
    // An endpoint without a view function is named by the endpoint.
    expect(extraction.routes).toEqual([route('GET', '/', 13, { handler: 'index' })]);
    expect(extraction.exports).toEqual({ simple_page: 'simple_page', parent: 'parent', child: 'child' });
  });

  it('hangs routes of a blueprint imported from its package on the name it is used by', () => {
    // The usual blueprint package: app/main/__init__.py defines `main`, app/main/views.py imports it.
    const text = lines(
      'from flask import render_template',
      'from . import main',
      '',
      "@main.route('/', methods=['GET', 'POST'])",
      'def index():',
      "    return render_template('index.html')",
    );
    expect(extract(text, 'app/main/views.py').routes).toEqual([
      route('GET', '/', 4, { handler: 'index', group: 'main' }),
      route('POST', '/', 4, { handler: 'index', group: 'main' }),
    ]);
  });

  it('reads add_url_rule with view functions, wrappers and class-based views', () => {
    const text = lines(
      'from flask import Flask',
      'from flask.views import MethodView',
      '',
      'app = Flask(__name__)',
      '',
      'class UserAPI(MethodView):',
      '    init_every_request = False',
      '',
      '    def get(self, id):',
      '        pass',
      '',
      '    def patch(self, id):',
      '        pass',
      '',
      '    def delete(self, id):',
      '        pass',
      '',
      "app.add_url_rule('/users/<int:id>', view_func=UserAPI.as_view('user'))",
      "app.add_url_rule('/secret', 'secret', login_required(secret_page))",
      "app.add_url_rule('/ping', view_func=ping, methods=['GET', 'HEAD'])",
      "app.add_url_rule('/items', view_func=ItemAPI.as_view('items'))",
    );
    expect(extract(text, 'app.py').routes).toEqual([
      route('GET', '/users/<int:id>', 18, { handler: 'UserAPI' }),
      route('PATCH', '/users/<int:id>', 18, { handler: 'UserAPI' }),
      route('DELETE', '/users/<int:id>', 18, { handler: 'UserAPI' }),
      route('GET', '/secret', 19, { handler: 'secret_page', auth: ['login_required'] }),
      route('GET', '/ping', 20, { handler: 'ping' }),
      route('HEAD', '/ping', 20, { handler: 'ping' }),
      // A class-based view defined elsewhere answers the methods it defines: not visible here.
      route('ALL', '/items', 21, { handler: 'ItemAPI' }),
    ]);
  });

  it('reads a route decorator on a resource class with the methods the class defines', () => {
    // Flask-RESTX: a Namespace routes a Resource class.
    const text = lines(
      'from flask_restx import Namespace, Resource',
      '',
      "ns = Namespace('todos', description='TODO operations')",
      '',
      "@ns.route('/<int:id>')",
      "@ns.response(404, 'Todo not found')",
      'class Todo(Resource):',
      '    def get(self, id):',
      '        pass',
      '',
      '    def delete(self, id):',
      '        pass',
    );
    expect(extract(text, 'api/todos.py').routes).toEqual([
      route('GET', '/<int:id>', 5, { handler: 'Todo', group: 'ns', middleware: ["ns.response(404, 'Todo not found')"] }),
      route('DELETE', '/<int:id>', 5, { handler: 'Todo', group: 'ns', middleware: ["ns.response(404, 'Todo not found')"] }),
    ]);
  });
});
