import { describe, expect, it } from 'vitest';
import { DYNAMIC_SEGMENT, RouteSyntaxError, type DeclaredRoute, type Mount } from '../../../analyzers/routes/model.js';
import { pythonRouteExtractor } from '../../../analyzers/routes/extractors/python.js';

const lines = (...text: string[]) => text.join('\n');
const extract = (text: string, path = 'app/views.py') => pythonRouteExtractor.extract(text, path);
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

describe('python routes: the extractor', () => {
  it('matches .py files only and reads dotted modules', () => {
    expect(['app.py', 'blog/urls.py', 'app.pyc', 'app.pyi', 'py/routes.ts'].map(pythonRouteExtractor.matches)).toEqual([true, true, false, false, false]);
    expect(pythonRouteExtractor.id).toBe('python');
    expect(extract('import os\nprint(os.getcwd())\n')).toEqual({ routes: [], mounts: [], exports: {}, moduleStyle: 'python' });
  });

  it('refuses a binary file', () => {
    expect(() => extract('\u0000\u0001binary')).toThrow(RouteSyntaxError);
  });
});

describe('python routes: false positives', () => {
  it('does not read routes in comments, docstrings or strings', () => {
    const text = lines(
      'from flask import Flask',
      'app = Flask(__name__)',
      '',
      "# @app.route('/commented')",
      '# def commented(): pass',
      'def helper():',
      '    """Register like this:',
      '',
      "    @app.route('/in-docstring')",
      '    def view():',
      '        pass',
      "    app.add_url_rule('/also-in-docstring', view_func=view)",
      '    """',
      `    example = "app.register_blueprint(bp, url_prefix='/in-string')"`,
      `    other = '@app.get("/in-string")'`,
      '',
      "@app.route('/real')  # @app.route('/trailing-comment')",
      'def real():',
      '    pass',
    );
    const extraction = extract(text);
    expect(extraction.routes).toEqual([route('GET', '/real', 17, { handler: 'real' })]);
    expect(extraction.mounts).toEqual([]);
  });

  it('does not take HTTP clients, test clients or mock.patch for routes', () => {
    const text = lines(
      'import requests',
      'from unittest import mock',
      'from myapp import create_app',
      '',
      'app = create_app()',
      'client = app.test_client()',
      '',
      "@mock.patch('myapp.views.send_mail')",
      'def test_login(send_mail):',
      "    response = client.post('/login', data={'user': 'a'})",
      "    client.get('/logout')",
      "    requests.get('https://example.com/api/users')",
      "    requests.delete('/items/1')",
      "    app.get('/health')",
      '',
      '@mock.patch(TARGET)',
      'def test_other(target):',
      '    pass',
    );
    expect(extract(text, 'tests/test_views.py')).toEqual({ routes: [], mounts: [], exports: {}, moduleStyle: 'python' });
    // A test module of a Flask app imports flask, which trusts computed paths, but mock targets stay out.
    const flaskTests = lines('import flask', 'from unittest import mock', '', '@mock.patch(TARGET)', 'def test_other(target):', '    pass');
    expect(extract(flaskTests, 'tests/test_views.py')).toEqual({ routes: [], mounts: [], exports: {}, moduleStyle: 'python' });
  });

  it('takes a decorator with a route path on a def for a route even when the object is imported', () => {
    // Without an import of flask or fastapi only a literal path beginning with `/` is trusted.
    const text = lines('from .core import api', '', "@api.get('/status')", 'def status():', '    pass', '', '@api.get(STATUS_PATH)', 'def status2():', '    pass');
    expect(extract(text).routes).toEqual([route('GET', '/status', 3, { handler: 'status', group: 'api', framework: 'fastapi' })]);
  });
});

describe('python routes: computed paths', () => {
  it('keeps literal parts and writes {…} for computed ones', () => {
    const text = lines(
      'from fastapi import APIRouter',
      'from app.core.config import settings',
      '',
      "API_PREFIX = '/api/v1'",
      "LEGACY = '/old'",
      'router = APIRouter()',
      '',
      "@router.get(API_PREFIX + '/users')",
      'def users(): pass',
      '',
      "@router.get(settings.API_V1_STR + '/items')",
      'def items(): pass',
      '',
      "@router.get(f'/v{VERSION}/items/{{item_id}}')",
      'def item(item_id: int): pass',
      '',
      "@router.get('/files/%s' % kind)",
      'def files(): pass',
      '',
      "@router.get('/reports/{}/{{report_id}}'.format(year))",
      'def report(report_id: int): pass',
      '',
      '@router.get(ROUTE)',
      'def computed(): pass',
      '',
      "@router.api_route('/any', methods=ALLOWED_METHODS)",
      'def any_method(): pass',
      '',
      'router.include_router(other.router, prefix=settings.ADMIN_PREFIX)',
      '',
      "@router.get(LEGACY + '/users')",
      'def legacy_users(): pass',
      "LEGACY = '/older'",
    );
    const onRouter = { framework: 'fastapi', group: 'router' };
    const extraction = extract(text, 'app/api/routes.py');
    expect(extraction.routes).toEqual([
      route('GET', '/api/v1/users', 8, { handler: 'users', ...onRouter }),
      route('GET', `/${DYNAMIC_SEGMENT}/items`, 11, { handler: 'items', dynamic: true, ...onRouter }),
      route('GET', `/v${DYNAMIC_SEGMENT}/items/{item_id}`, 14, { handler: 'item', dynamic: true, ...onRouter }),
      route('GET', `/files/${DYNAMIC_SEGMENT}`, 17, { handler: 'files', dynamic: true, ...onRouter }),
      route('GET', `/reports/${DYNAMIC_SEGMENT}/{report_id}`, 20, { handler: 'report', dynamic: true, ...onRouter }),
      route('GET', `/${DYNAMIC_SEGMENT}`, 23, { handler: 'computed', dynamic: true, ...onRouter }),
      route(DYNAMIC_SEGMENT, '/any', 26, { handler: 'any_method', dynamic: true, ...onRouter }),
      // A name assigned twice has no one value.
      route('GET', `/${DYNAMIC_SEGMENT}/users`, 31, { handler: 'legacy_users', dynamic: true, ...onRouter }),
    ]);
    const computedMount: Mount = {
      parent: 'router',
      prefix: `/${DYNAMIC_SEGMENT}`,
      dynamic: true,
      // `other` is bound by no import: a name of this module as written.
      target: { kind: 'local', name: 'other.router' },
      line: 29,
      auth: [],
    };
    expect(extraction.mounts).toEqual([computedMount]);
  });

  it('reads a computed blueprint prefix and a computed Django route', () => {
    const flask = lines(
      'from flask import Blueprint',
      '',
      "bp = Blueprint('api', __name__, url_prefix=config.PREFIX)",
      '',
      "@bp.route('/ping')",
      'def ping(): pass',
    );
    expect(extract(flask).routes).toEqual([route('GET', `/${DYNAMIC_SEGMENT}/ping`, 5, { handler: 'ping', group: 'bp', dynamic: true })]);
    const django = lines('urlpatterns = [', '    path(f"{settings.ADMIN_URL}/", admin.site.urls),', ']');
    expect(extract(django, 'config/urls.py').routes).toEqual([
      route('ALL', `/${DYNAMIC_SEGMENT}/`, 2, { handler: 'admin.site.urls', framework: 'django', group: 'urlpatterns', dynamic: true }),
    ]);
  });
});
