import { describe, expect, it } from 'vitest';
import type { DeclaredRoute, Mount } from '../../../analyzers/routes/model.js';
import { pythonRouteExtractor } from '../../../analyzers/routes/extractors/python.js';

const lines = (...text: string[]) => text.join('\n');
const extract = (text: string, path = 'polls/urls.py') => pythonRouteExtractor.extract(text, path);
const route = (path: string, line: number, fields: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method: 'ALL',
  path,
  dynamic: false,
  framework: 'django',
  line,
  handler: null,
  auth: [],
  middleware: [],
  group: 'urlpatterns',
  ...fields,
});
const mount = (fields: Pick<Mount, 'prefix' | 'target' | 'line'> & Partial<Mount>): Mount => ({ parent: 'urlpatterns', dynamic: false, auth: [], ...fields });

describe('python routes: Django', () => {
  it('reads an app URLconf: path converters, class-based views, and urlpatterns as the default group', () => {
    // polls/urls.py of the Django tutorial, part 4.
    const text = lines(
      'from django.urls import path',
      '',
      'from . import views',
      '',
      'app_name = "polls"',
      'urlpatterns = [',
      '    path("", views.IndexView.as_view(), name="index"),',
      '    path("<int:pk>/", views.DetailView.as_view(), name="detail"),',
      '    path("<int:pk>/results/", views.ResultsView.as_view(), name="results"),',
      '    path("<int:question_id>/vote/", views.vote, name="vote"),',
      ']',
    );
    const extraction = extract(text);
    expect(extraction.routes).toEqual([
      route('/', 7, { handler: 'views.IndexView' }),
      route('/<int:pk>/', 8, { handler: 'views.DetailView' }),
      route('/<int:pk>/results/', 9, { handler: 'views.ResultsView' }),
      route('/<int:question_id>/vote/', 10, { handler: 'views.vote' }),
    ]);
    expect(extraction.mounts).toEqual([]);
    expect(extraction.exports).toEqual({ urlpatterns: 'urlpatterns', default: 'urlpatterns' });
    expect(extraction.moduleStyle).toBe('python');
  });

  it('mounts included URLconfs: by dotted name, as a tuple, through an import, and a local list', () => {
    const text = lines(
      'from django.contrib import admin',
      'from django.urls import include, path',
      'from blog import urls as blog_urls',
      'from credit import views as credit_views',
      '',
      'extra_patterns = [',
      '    path("reports/", credit_views.report),',
      '    path("charge/", credit_views.charge),',
      ']',
      '',
      'urlpatterns = [',
      '    path("polls/", include("polls.urls")),',
      '    path("api/v1/", include(("api.urls", "api"), namespace="v1")),',
      '    path("blog/", include(blog_urls)),',
      '    path("credit/", include(extra_patterns)),',
      '    path("", include("pages.urls")),',
      '    path("admin/", admin.site.urls),',
      ']',
    );
    const extraction = extract(text, 'mysite/urls.py');
    expect(extraction.mounts).toEqual([
      mount({ prefix: '/polls', target: { kind: 'import', module: 'polls.urls', name: 'default' }, line: 12 }),
      mount({ prefix: '/api/v1', target: { kind: 'import', module: 'api.urls', name: 'default' }, line: 13 }),
      mount({ prefix: '/blog', target: { kind: 'import', module: 'blog.urls', name: 'default' }, line: 14 }),
      mount({ prefix: '/credit', target: { kind: 'local', name: 'extra_patterns' }, line: 15 }),
      mount({ prefix: '', target: { kind: 'import', module: 'pages.urls', name: 'default' }, line: 16 }),
    ]);
    expect(extraction.routes).toEqual([
      route('/reports/', 7, { handler: 'credit_views.report', group: 'extra_patterns' }),
      route('/charge/', 8, { handler: 'credit_views.charge', group: 'extra_patterns' }),
      route('/admin/', 17, { handler: 'admin.site.urls' }),
    ]);
    expect(extraction.exports).toEqual({ extra_patterns: 'extra_patterns', urlpatterns: 'urlpatterns', default: 'urlpatterns' });
  });

  it('reads re_path and url regexes without their anchors, and inline includes under their prefix', () => {
    const text = lines(
      'from django.conf.urls import url',
      'from django.urls import include, path, re_path',
      'from . import views',
      '',
      'urlpatterns = [',
      '    re_path(r"^articles/(?P<year>[0-9]{4})/$", views.year_archive),',
      '    url(r"^$", views.home),',
      '    re_path(r"^weblog/", include("blog.urls")),',
      '    path(',
      '        "<page_slug>-<page_id>/",',
      '        include(',
      '            [',
      '                path("history/", views.history),',
      '                path("edit/", views.edit),',
      '            ]',
      '        ),',
      '    ),',
      ']',
    );
    const extraction = extract(text, 'wiki/urls.py');
    expect(extraction.routes).toEqual([
      route('/articles/(?P<year>[0-9]{4})/', 6, { handler: 'views.year_archive' }),
      route('/', 7, { handler: 'views.home' }),
      route('/<page_slug>-<page_id>/history/', 13, { handler: 'views.history' }),
      route('/<page_slug>-<page_id>/edit/', 14, { handler: 'views.edit' }),
    ]);
    expect(extraction.mounts).toEqual([mount({ prefix: '/weblog', target: { kind: 'import', module: 'blog.urls', name: 'default' }, line: 8 })]);
  });

  it('splits view wrappers into auth and middleware', () => {
    const text = lines(
      'from django.contrib.auth.decorators import login_required, permission_required',
      'from django.views.decorators.cache import cache_page',
      'from django.views.generic import TemplateView',
      '',
      'urlpatterns = [',
      '    path("secret/", login_required(TemplateView.as_view(template_name="secret.html"))),',
      '    path("foo/<int:code>/", cache_page(60 * 15)(views.my_view)),',
      '    path("choices/add/", permission_required("polls.add_choice")(views.add_choice)),',
      '    path("health/", lambda request: HttpResponse("ok")),',
      ']',
    );
    expect(extract(text, 'shop/urls.py').routes).toEqual([
      route('/secret/', 6, { handler: 'TemplateView', auth: ['login_required'] }),
      route('/foo/<int:code>/', 7, { handler: 'views.my_view', middleware: ['cache_page(60 * 15)'] }),
      route('/choices/add/', 8, { handler: 'views.add_choice', auth: ['permission_required("polls.add_choice")'] }),
      route('/health/', 9, { handler: null }),
    ]);
  });

  it('reads urlpatterns added to later, i18n patterns, and a URLconf that is not named urls.py', () => {
    const text = lines(
      'from django.conf import settings',
      'from django.conf.urls.i18n import i18n_patterns',
      '',
      'urlpatterns = [',
      '    path("sitemap.xml", sitemap),',
      ']',
      'urlpatterns += i18n_patterns(',
      '    path("about/", about_views.main, name="about"),',
      ')',
      'urlpatterns.append(path("robots.txt", robots_txt))',
      'if settings.DEBUG:',
      '    urlpatterns += [path("__debug__/", include("debug_toolbar.urls"))]',
    );
    const extraction = extract(text, 'config/routing.py');
    expect(extraction.routes).toEqual([
      route('/sitemap.xml', 5, { handler: 'sitemap' }),
      route('/{…}/about/', 8, { handler: 'about_views.main', dynamic: true }),
      route('/robots.txt', 10, { handler: 'robots_txt' }),
    ]);
    expect(extraction.mounts).toEqual([mount({ prefix: '/__debug__', target: { kind: 'import', module: 'debug_toolbar.urls', name: 'default' }, line: 12 })]);
  });

  it('reads path() calls only in the lists of a URLconf', () => {
    const views = lines(
      'import os',
      'from django.urls import path',
      '',
      'ROUTES = [path("not-a-urlconf/", view)]',
      'location = os.path.join("media", "x")',
    );
    expect(extract(views, 'shop/views.py').routes).toEqual([]);
    const urls = lines(
      'from django.urls import path',
      '',
      'thumbnail = path("thumb/", view)',
      'urlpatterns = [',
      '    # path("old/", views.old),',
      '    path("new/", views.new),  # path("inline/", views.inline)',
      ']',
      'notes = """',
      'urlpatterns = [path("in-docstring/", views.nope)]',
      '"""',
    );
    expect(extract(urls, 'shop/urls.py').routes).toEqual([route('/new/', 6, { handler: 'views.new' })]);
  });
});
