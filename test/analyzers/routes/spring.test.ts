import { describe, expect, it } from 'vitest';
import { springRouteExtractor } from '../../../analyzers/routes/extractors/spring.js';
import type { DeclaredRoute } from '../../../analyzers/routes/model.js';

const lines = (...text: string[]): string => text.join('\n') + '\n';
const java = (text: string) => springRouteExtractor.extract(text, 'src/main/java/com/example/web/Controller.java');
const kotlin = (text: string) => springRouteExtractor.extract(text, 'src/main/kotlin/com/example/web/Controller.kt');

/** A Spring route: final path, no group. */
const route = (method: string, path: string, line: number, handler: string, more: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method,
  path,
  dynamic: false,
  framework: 'spring',
  line,
  handler,
  auth: [],
  middleware: [],
  group: null,
  ...more,
});

describe('spring routes', () => {
  it('joins the class-level @RequestMapping with each method mapping', () => {
    const text = lines(
      'package com.example.web;',
      '',
      'import org.springframework.web.bind.annotation.*;',
      '',
      '@RestController',
      '@RequestMapping("/api/users")',
      'public class UserController {',
      '',
      '    private final UserService service;',
      '',
      '    @GetMapping',
      '    public List<User> all() { return service.findAll(); }',
      '',
      '    @GetMapping("/{id}")',
      '    public User one(@PathVariable Long id) { return service.find(id); }',
      '',
      '    @PostMapping(consumes = "application/json")',
      '    public ResponseEntity<User> create(@RequestBody @Valid User user) { return null; }',
      '',
      '    @PutMapping(value = "/{id}")',
      '    public User replace(@RequestBody User user, @PathVariable Long id) { return user; }',
      '',
      '    @PatchMapping(path = "{id}/")',
      '    public User patch(@PathVariable Long id) { return null; }',
      '',
      '    @DeleteMapping("/{id}")',
      '    @ResponseStatus(HttpStatus.NO_CONTENT)',
      '    void delete(@PathVariable Long id) { service.delete(id); }',
      '',
      '    @RequestMapping(value = "/search", method = RequestMethod.POST)',
      '    public List<User> search(@RequestParam String q) { return null; }',
      '',
      '    @RequestMapping("/ping")',
      '    public String ping() { return "pong"; }',
      '',
      '    public String notMapped() { return "x"; }',
      '}',
    );
    expect(java(text).routes).toEqual([
      route('GET', '/api/users', 11, 'UserController.all'),
      route('GET', '/api/users/{id}', 14, 'UserController.one'),
      route('POST', '/api/users', 17, 'UserController.create'),
      route('PUT', '/api/users/{id}', 20, 'UserController.replace'),
      route('PATCH', '/api/users/{id}/', 23, 'UserController.patch'),
      route('DELETE', '/api/users/{id}', 26, 'UserController.delete'),
      route('POST', '/api/users/search', 30, 'UserController.search'),
      route('ALL', '/api/users/ping', 33, 'UserController.ping'),
    ]);
  });

  it('gives one route per path of an array and per method of a method array', () => {
    const text = lines(
      '@Controller',
      '@RequestMapping(path = {"/v1/orders", "/v2/orders"})',
      'public class OrderController {',
      '    @GetMapping({"", "/all"})',
      '    public String list(Model model) { return "orders"; }',
      '',
      '    @RequestMapping(value = "/export", method = {RequestMethod.GET, RequestMethod.HEAD})',
      '    public void export(HttpServletResponse response) {}',
      '}',
    );
    expect(java(text).routes).toEqual([
      route('GET', '/v1/orders', 4, 'OrderController.list'),
      route('GET', '/v1/orders/all', 4, 'OrderController.list'),
      route('GET', '/v2/orders', 4, 'OrderController.list'),
      route('GET', '/v2/orders/all', 4, 'OrderController.list'),
      route('GET', '/v1/orders/export', 7, 'OrderController.export'),
      route('HEAD', '/v1/orders/export', 7, 'OrderController.export'),
      route('GET', '/v2/orders/export', 7, 'OrderController.export'),
      route('HEAD', '/v2/orders/export', 7, 'OrderController.export'),
    ]);
  });

  it('takes @PreAuthorize, @Secured and @RolesAllowed on the class and the method as auth, @CrossOrigin as middleware', () => {
    const text = lines(
      '@RestController',
      '@RequestMapping("/admin")',
      '@PreAuthorize("hasRole(\'ADMIN\')")',
      'public class AdminController {',
      '    @GetMapping("/stats")',
      '    public Stats stats() { return null; }',
      '',
      '    @Secured({"ROLE_SUPER"})',
      '    @CrossOrigin(origins = "https://admin.example.com")',
      '    @PostMapping("/reset")',
      '    public void reset() {}',
      '',
      '    @RolesAllowed("AUDITOR")',
      '    @GetMapping("/audit")',
      '    public List<Entry> audit() { return null; }',
      '}',
    );
    const classAuth = '@PreAuthorize("hasRole(\'ADMIN\')")';
    expect(java(text).routes).toEqual([
      route('GET', '/admin/stats', 5, 'AdminController.stats', { auth: [classAuth] }),
      route('POST', '/admin/reset', 10, 'AdminController.reset', {
        auth: [classAuth, '@Secured({"ROLE_SUPER"})'],
        middleware: ['@CrossOrigin(origins = "https://admin.example.com")'],
      }),
      route('GET', '/admin/audit', 14, 'AdminController.audit', { auth: [classAuth, '@RolesAllowed("AUDITOR")'] }),
    ]);
  });

  it('reads Kotlin controllers: arrays in brackets, fun declarations, templates as dynamic parts', () => {
    const text = lines(
      'package com.example.web',
      '',
      '@RestController',
      '@RequestMapping(value = ["/api/articles"])',
      'class ArticleController(private val repository: ArticleRepository) {',
      '',
      '    @GetMapping("/{slug}")',
      '    fun findOne(@PathVariable slug: String): Article =',
      '        repository.findBySlug(slug) ?: throw ResponseStatusException(HttpStatus.NOT_FOUND)',
      '',
      '    @PreAuthorize("isAuthenticated()")',
      '    @PostMapping',
      '    suspend fun create(@RequestBody article: Article): Article = repository.save(article)',
      '',
      '    @GetMapping(path = ["/by-author/${AUTHOR_PARAM}", "/feed"])',
      '    fun byAuthor(): List<Article> = emptyList()',
      '}',
    );
    expect(kotlin(text).routes).toEqual([
      route('GET', '/api/articles/{slug}', 7, 'ArticleController.findOne'),
      route('POST', '/api/articles', 12, 'ArticleController.create', { auth: ['@PreAuthorize("isAuthenticated()")'] }),
      route('GET', '/api/articles/by-author/{…}', 15, 'ArticleController.byAuthor', { dynamic: true }),
      route('GET', '/api/articles/feed', 15, 'ArticleController.byAuthor'),
    ]);
  });

  it('keeps the literal parts of paths built from constants and marks them dynamic', () => {
    const text = lines(
      '@RestController',
      '@RequestMapping(ApiPaths.BASE + "/items")',
      'public class ItemController {',
      '    private static final String ID = "/{id}";',
      '    @GetMapping(ID)',
      '    public Item get(@PathVariable long id) { return null; }',
      '}',
    );
    expect(java(text).routes).toEqual([route('GET', '/{…}/items/{…}', 5, 'ItemController.get', { dynamic: true })]);
  });

  it('ignores clients, Feign interfaces, other classes, comments and strings', () => {
    const text = lines(
      '@FeignClient(name = "users")',
      'public interface UsersClient {',
      '    @GetMapping("/users/{id}")',
      '    User find(@PathVariable("id") Long id);',
      '}',
      '',
      '@Service',
      'public class ReportService {',
      '    @GetMapping("/not-a-controller")',
      '    public String report() { return restTemplate.getForObject("/api/report", String.class); }',
      '}',
      '',
      '@RestController',
      'public class ProxyController {',
      '    // @GetMapping("/commented")',
      '    /** @PostMapping("/javadoc") */',
      '    private final String help = "@GetMapping(\\"/in-string\\")";',
      '',
      '    @GetMapping("/proxy")',
      '    public Mono<String> proxy() {',
      '        return webClient.get().uri("/upstream").retrieve().bodyToMono(String.class);',
      '    }',
      '',
      '    static class Helper {',
      '        @GetMapping("/nested-helper")',
      '        public String nested() { return ""; }',
      '    }',
      '}',
    );
    expect(java(text).routes).toEqual([route('GET', '/proxy', 19, 'ProxyController.proxy')]);
  });

  it('matches Java and Kotlin sources only', () => {
    expect(['A.java', 'src/B.kt', 'build.gradle.kts', 'C.groovy'].map(springRouteExtractor.matches)).toEqual([true, true, false, false]);
  });
});
