import { describe, expect, it } from 'vitest';
import { goRouteExtractor } from '../../../analyzers/routes/extractors/go.js';
import type { DeclaredRoute, Mount } from '../../../analyzers/routes/model.js';

const lines = (...text: string[]): string => text.join('\n') + '\n';
const extract = (text: string) => goRouteExtractor.extract(text, 'cmd/server/main.go');

/** A Go route with no middleware and no group unless given. */
const route = (framework: string, method: string, path: string, line: number, handler: string | null, more: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method,
  path,
  dynamic: false,
  framework,
  line,
  handler,
  auth: [],
  middleware: [],
  group: null,
  ...more,
});

describe('go routes', () => {
  it('reads net/http: package functions, a ServeMux, Go 1.22 method patterns and auth wrappers', () => {
    const text = lines(
      'package main',
      '',
      'import (',
      '\t"log"',
      '\t"net/http"',
      ')',
      '',
      'func main() {',
      '\thttp.HandleFunc("/healthz", healthz)',
      '\tmux := http.NewServeMux()',
      '\tmux.HandleFunc("GET /items/{id}", getItem)',
      '\tmux.HandleFunc("POST /items", createItem)',
      '\tmux.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("public"))))',
      '\tmux.Handle("DELETE /items/{id}", requireAuth(http.HandlerFunc(deleteItem)))',
      '\tmux.HandleFunc("example.com/about", about)',
      '\tlog.Fatal(http.ListenAndServe(":8080", mux))',
      '}',
    );
    expect(extract(text)).toEqual({
      routes: [
        route('go', 'ALL', '/healthz', 9, 'healthz'),
        route('go', 'GET', '/items/{id}', 11, 'getItem'),
        route('go', 'POST', '/items', 12, 'createItem'),
        // A handler longer than a reader scans is shortened to its callee.
        route('go', 'ALL', '/static/', 13, 'http.StripPrefix(…)'),
        route('go', 'DELETE', '/items/{id}', 14, 'deleteItem', { auth: ['requireAuth'] }),
        route('go', 'ALL', '/about', 15, 'about'),
      ],
      mounts: [],
      exports: {},
    });
  });

  it('applies gin groups, and Use to the routes declared after it', () => {
    const text = lines(
      'package main',
      '',
      'import "github.com/gin-gonic/gin"',
      '',
      'func main() {',
      '\trouter := gin.Default()',
      '\trouter.GET("/ping", func(c *gin.Context) { c.JSON(200, gin.H{"message": "pong"}) })',
      '\tv1 := router.Group("/v1")',
      '\t{',
      '\t\tv1.POST("/login", loginEndpoint)',
      '\t\tv1.Use(AuthRequired())',
      '\t\tv1.POST("/submit", submitEndpoint)',
      '\t\tv1.Any("/read", readEndpoint)',
      '\t}',
      '\tadmin := router.Group("/admin", gin.BasicAuth(gin.Accounts{"foo": "bar"}))',
      '\tadmin.GET("", rateLimit(), dashboard)',
      '\trouter.Handle("PURGE", "/cache", purge)',
      '\trouter.Run(":8080")',
      '}',
    );
    const gin = (method: string, path: string, line: number, handler: string | null, more: Partial<DeclaredRoute> = {}) => route('gin', method, path, line, handler, more);
    expect(extract(text).routes).toEqual([
      gin('GET', '/ping', 7, null),
      gin('POST', '/v1/login', 10, 'loginEndpoint'),
      gin('POST', '/v1/submit', 12, 'submitEndpoint', { auth: ['AuthRequired()'] }),
      gin('ALL', '/v1/read', 13, 'readEndpoint', { auth: ['AuthRequired()'] }),
      gin('GET', '/admin', 16, 'dashboard', { auth: ['gin.BasicAuth(gin.Accounts{"foo": "bar"})'], middleware: ['rateLimit()'] }),
      gin('PURGE', '/cache', 17, 'purge'),
    ]);
  });

  it('reads echo routes, groups with middleware, and route-level middleware after the handler', () => {
    const text = lines(
      'package main',
      '',
      'import (',
      '\t"github.com/labstack/echo/v4"',
      '\t"github.com/labstack/echo/v4/middleware"',
      ')',
      '',
      'func main() {',
      '\te := echo.New()',
      '\te.Use(middleware.Logger())',
      '\te.GET("/users/:id", getUser)',
      '\te.PUT("/users/:id", updateUser, middleware.BodyLimit("2M"))',
      '\tg := e.Group("/admin", middleware.BasicAuth(func(username, password string, c echo.Context) (bool, error) {',
      '\t\treturn username == "joe" && password == "secret", nil',
      '\t}))',
      '\tg.DELETE("/users/:id", deleteUser)',
      '\te.Match([]string{http.MethodGet, "POST"}, "/search", search)',
      '\te.Logger.Fatal(e.Start(":1323"))',
      '}',
    );
    const echo = (method: string, path: string, line: number, handler: string | null, more: Partial<DeclaredRoute> = {}) => route('echo', method, path, line, handler, more);
    expect(extract(text).routes).toEqual([
      echo('GET', '/users/:id', 11, 'getUser', { middleware: ['middleware.Logger()'] }),
      echo('PUT', '/users/:id', 12, 'updateUser', { middleware: ['middleware.Logger()', 'middleware.BodyLimit("2M")'] }),
      echo('DELETE', '/admin/users/:id', 16, 'deleteUser', { auth: ['middleware.BasicAuth(…)'], middleware: ['middleware.Logger()'] }),
      echo('GET', '/search', 17, 'search', { middleware: ['middleware.Logger()'] }),
      echo('POST', '/search', 17, 'search', { middleware: ['middleware.Logger()'] }),
    ]);
  });

  it('applies chi Route closures, Group, With, and Mount of a router built in the same file', () => {
    const text = lines(
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '',
      '\t"github.com/go-chi/chi/v5"',
      '\t"github.com/go-chi/chi/v5/middleware"',
      ')',
      '',
      'func main() {',
      '\tr := chi.NewRouter()',
      '\tr.Use(middleware.Logger)',
      '\tr.Get("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("welcome")) })',
      '\tr.Route("/articles", func(r chi.Router) {',
      '\t\tr.With(paginate).Get("/", listArticles)',
      '\t\tr.Route("/{articleID}", func(r chi.Router) {',
      '\t\t\tr.Use(ArticleCtx)',
      '\t\t\tr.Get("/", getArticle)',
      '\t\t\tr.Put("/", updateArticle)',
      '\t\t})',
      '\t})',
      '\tr.Group(func(r chi.Router) {',
      '\t\tr.Use(jwtauth.Authenticator)',
      '\t\tr.Post("/admin/reindex", reindex)',
      '\t})',
      '\tr.Mount("/admin", adminRouter())',
      '\tfiles := chi.NewRouter()',
      '\tfiles.Get("/{name}", serveFile)',
      '\tr.Mount("/files", files)',
      '\thttp.ListenAndServe(":3333", r)',
      '}',
      '',
      'func adminRouter() http.Handler {',
      '\tr := chi.NewRouter()',
      '\tr.Use(AdminOnly)',
      '\tr.Get("/", adminIndex)',
      '\treturn r',
      '}',
    );
    const chi = (method: string, path: string, line: number, handler: string | null, more: Partial<DeclaredRoute> = {}) =>
      route('chi', method, path, line, handler, { middleware: ['middleware.Logger'], ...more });
    const mount: Mount = { parent: null, prefix: '/admin', dynamic: false, target: { kind: 'local', name: 'adminRouter' }, line: 26, auth: [] };
    expect(extract(text)).toEqual({
      routes: [
        chi('GET', '/', 13, null),
        chi('GET', '/articles', 15, 'listArticles', { middleware: ['middleware.Logger', 'paginate'] }),
        chi('GET', '/articles/{articleID}', 18, 'getArticle', { middleware: ['middleware.Logger', 'ArticleCtx'] }),
        chi('PUT', '/articles/{articleID}', 19, 'updateArticle', { middleware: ['middleware.Logger', 'ArticleCtx'] }),
        chi('POST', '/admin/reindex', 24, 'reindex', { auth: ['jwtauth.Authenticator'] }),
        chi('GET', '/files/{name}', 28, 'serveFile'),
        chi('GET', '/', 36, 'adminIndex', { auth: ['AdminOnly'], middleware: [], group: 'adminRouter' }),
      ],
      mounts: [mount],
      exports: {},
    });
  });

  it('gives routes on a router parameter the function as group, and mounts the calls that pass a router', () => {
    const routesFile = lines(
      'package routes',
      '',
      'import "github.com/gin-gonic/gin"',
      '',
      'func RegisterUserRoutes(rg *gin.RouterGroup) {',
      '\tusers := rg.Group("/users")',
      '\tusers.GET("/:id", getUser)',
      '}',
    );
    expect(extract(routesFile)).toEqual({
      routes: [route('gin', 'GET', '/users/:id', 7, 'getUser', { group: 'RegisterUserRoutes' })],
      mounts: [],
      exports: { RegisterUserRoutes: 'RegisterUserRoutes' },
    });

    const mainFile = lines(
      'package main',
      '',
      'import (',
      '\t"github.com/gin-gonic/gin"',
      '\t"github.com/acme/shop/internal/routes"',
      ')',
      '',
      'func main() {',
      '\tr := gin.New()',
      '\tapi := r.Group("/api/v1")',
      '\tapi.Use(JWTMiddleware())',
      '\troutes.RegisterUserRoutes(api)',
      '\tregisterOrderRoutes(api)',
      '\tr.Run()',
      '}',
    );
    const mount = (target: Mount['target'], line: number): Mount => ({ parent: null, prefix: '/api/v1', dynamic: false, target, line, auth: ['JWTMiddleware()'] });
    expect(extract(mainFile)).toEqual({
      routes: [],
      mounts: [
        mount({ kind: 'import', module: 'github.com/acme/shop/internal/routes', name: 'RegisterUserRoutes' }, 12),
        mount({ kind: 'import', module: '.', name: 'registerOrderRoutes' }, 13),
      ],
      exports: {},
    });
  });

  it('keeps the literal parts of computed paths and marks them dynamic', () => {
    const text = lines(
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"github.com/gin-gonic/gin"',
      ')',
      '',
      'const apiVersion = "v2"',
      '',
      'func main() {',
      '\tr := gin.Default()',
      '\tr.GET("/api/"+apiVersion+"/items", listItems)',
      '\tr.GET(fmt.Sprintf("/%s/health", apiVersion), health)',
      '\tg := r.Group(prefix)',
      '\tg.POST("/upload", upload)',
      '\tr.GET(`/raw/:name`, raw)',
      '}',
    );
    expect(extract(text).routes).toEqual([
      route('gin', 'GET', '/api/{…}/items', 12, 'listItems', { dynamic: true }),
      route('gin', 'GET', '/{…}/health', 13, 'health', { dynamic: true }),
      route('gin', 'POST', '/{…}/upload', 15, 'upload', { dynamic: true }),
      route('gin', 'GET', '/raw/:name', 16, 'raw'),
    ]);
  });

  it('ignores HTTP clients, non-router receivers, comments and strings', () => {
    const text = lines(
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '',
      '\t"github.com/gin-gonic/gin"',
      '\t"github.com/go-resty/resty/v2"',
      ')',
      '',
      '// r.GET("/commented", h)',
      '/* http.HandleFunc("/block", h) */',
      'func main() {',
      '\tresp, _ := http.Get("https://example.com/users")',
      '\tclient := &http.Client{}',
      '\tclient.Get("https://example.com/orders")',
      '\trc := resty.New()',
      '\trc.R().Get("/remote")',
      '\tcache := newCache()',
      '\tcache.GET("/not-a-route", h)',
      '\tdoc := "r.GET(\\"/in-string\\", h)"',
      '\traw := `http.HandleFunc("/in-raw", h)`',
      '\tr := gin.New()',
      '\tr.GET("/real", real)',
      '\t_, _, _ = resp, doc, raw',
      '}',
      '',
      'func other() {',
      '\tr := resty.New()',
      '\tr.R().Get("/elsewhere")',
      '}',
    );
    expect(extract(text).routes).toEqual([route('gin', 'GET', '/real', 23, 'real')]);
  });

  it('reads methods given as strings or http.Method constants, and a computed method as {…}', () => {
    const text = lines(
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '\t"github.com/go-chi/chi/v5"',
      ')',
      '',
      'func main() {',
      '\tr := chi.NewRouter()',
      '\tr.Method(http.MethodPost, "/orders", createOrder)',
      '\tr.MethodFunc("REPORT", "/orders", reportOrders)',
      '\tr.Method(verb, "/any", anyOrder)',
      '\thttp.ListenAndServe(":8080", r)',
      '}',
    );
    expect(extract(text).routes).toEqual([
      route('chi', 'POST', '/orders', 10, 'createOrder'),
      route('chi', 'REPORT', '/orders', 11, 'reportOrders'),
      route('chi', '{…}', '/any', 12, 'anyOrder'),
    ]);
  });

  it('matches Go sources but not tests', () => {
    expect(['main.go', 'internal/http/routes.go', 'routes_test.go', 'go.mod'].map(goRouteExtractor.matches)).toEqual([true, true, false, false]);
  });
});
