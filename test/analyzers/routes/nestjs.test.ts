/**
 * The NestJS route extractor on controllers shaped like the ones in docs.nestjs.com: controller
 * prefixes, every mapping decorator, versioning, guards and other enhancers, the global prefix,
 * constants, computed paths and the traps. Expected routes are written out from each input.
 */
import { Project } from 'ts-morph';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nestRouteExtractor } from '../../../analyzers/routes/extractors/nestjs.js';
import { DYNAMIC_SEGMENT, RouteSyntaxError, type DeclaredRoute } from '../../../analyzers/routes/model.js';

const lines = (...text: string[]): string => text.join('\n') + '\n';
const extract = (text: string, path = 'src/cats/cats.controller.ts') => nestRouteExtractor.extract(text, path);
const routes = (text: string) => extract(text).routes;
/** A route with the defaults most cases share; override the rest. */
const route = (method: string, path: string, line: number, handler: string, more: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method,
  path,
  dynamic: false,
  framework: 'nestjs',
  line,
  handler,
  auth: [],
  middleware: [],
  group: null,
  ...more,
});

describe('nestjs extractor: which files', () => {
  it.each(['src/cats/cats.controller.ts', 'src/main.ts', 'lib/app.mts', 'lib/app.cts', 'SRC/UPPER.TS', 'src/ab-test.ts', 'src/contest.ts'])('reads %s', (path) => {
    expect(nestRouteExtractor.matches(path)).toBe(true);
  });

  it.each([
    'src/types.d.ts', 'src/env.d.mts', 'src/cats/cats.controller.spec.ts', 'src/cats/cats.test.ts', 'test/app.e2e-spec.ts',
    'src/app.tsx', 'src/app.js', 'src/cats.controller.py',
  ])('leaves %s alone', (path) => {
    expect(nestRouteExtractor.matches(path)).toBe(false);
  });

  it('is named nestjs', () => {
    expect(nestRouteExtractor.id).toBe('nestjs');
  });
});

describe('nestjs extractor: controller prefixes', () => {
  it('joins a string prefix and every mapping decorator, parameters as written', () => {
    const text = lines(
      "import { All, Body, Controller, Delete, Get, Head, Options, Param, Patch, Post, Put, Search } from '@nestjs/common';",
      '',
      "@Controller('cats')",
      'export class CatsController {',
      '  @Post()',
      '  create(@Body() createCatDto: CreateCatDto) {}',
      '  @Get()',
      '  findAll() {}',
      "  @Get(':id')",
      "  findOne(@Param('id') id: string) {}",
      "  @Put(':id')",
      '  update() {}',
      "  @Patch(':id')",
      '  patch() {}',
      "  @Delete(':id')",
      '  remove() {}',
      '  @Options()',
      '  preflight() {}',
      '  @Head()',
      '  probe() {}',
      "  @Search('lookup')",
      '  lookup() {}',
      "  @All('legacy/*splat')",
      '  legacy() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('POST', '/cats', 5, 'CatsController.create'),
      route('GET', '/cats', 7, 'CatsController.findAll'),
      route('GET', '/cats/:id', 9, 'CatsController.findOne'),
      route('PUT', '/cats/:id', 11, 'CatsController.update'),
      route('PATCH', '/cats/:id', 13, 'CatsController.patch'),
      route('DELETE', '/cats/:id', 15, 'CatsController.remove'),
      route('OPTIONS', '/cats', 17, 'CatsController.preflight'),
      route('HEAD', '/cats', 19, 'CatsController.probe'),
      route('SEARCH', '/cats/lookup', 21, 'CatsController.lookup'),
      route('ALL', '/cats/legacy/*splat', 23, 'CatsController.legacy'),
    ]);
  });

  it('gives the root for an empty controller and route, and one slash between parts', () => {
    const text = lines(
      '@Controller()',
      'export class AppController {',
      '  @Get()',
      '  getHello(): string {',
      "    return 'Hello World!';",
      '  }',
      '}',
      "@Controller('/admin/')",
      'export class AdminController {',
      "  @Get('/users/:id/')",
      '  user() {}',
      "  @Get('//')",
      '  home() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('GET', '/', 3, 'AppController.getHello'),
      route('GET', '/admin/users/:id', 10, 'AdminController.user'),
      route('GET', '/admin', 12, 'AdminController.home'),
    ]);
  });

  it('gives one route per prefix of an array and per path of a route array', () => {
    const text = lines(
      "@Controller(['cats', 'kittens'])",
      'export class CatsController {',
      "  @Get(['', 'all'])",
      '  findAll() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('GET', '/cats', 3, 'CatsController.findAll'),
      route('GET', '/cats/all', 3, 'CatsController.findAll'),
      route('GET', '/kittens', 3, 'CatsController.findAll'),
      route('GET', '/kittens/all', 3, 'CatsController.findAll'),
    ]);
  });

  it('reads path and version from an options object and ignores host', () => {
    const text = lines(
      "@Controller({ host: ':account.example.com', path: 'cats', version: '1' })",
      'export class CatsController {',
      "  @Get(':id')",
      '  findOne() {}',
      '}',
      '@Controller({',
      "  path: ['dogs', 'puppies'],",
      "  version: ['1', '2'],",
      '})',
      'export class DogsController {',
      '  @Post()',
      '  create() {}',
      '}',
      "@Controller({ host: 'admin.example.com' })",
      'export class AdminController {',
      '  @Get()',
      '  index() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('GET', '/v1/cats/:id', 3, 'CatsController.findOne'),
      route('POST', '/v1/dogs', 11, 'DogsController.create'),
      route('POST', '/v2/dogs', 11, 'DogsController.create'),
      route('POST', '/v1/puppies', 11, 'DogsController.create'),
      route('POST', '/v2/puppies', 11, 'DogsController.create'),
      route('GET', '/', 16, 'AdminController.index'),
    ]);
  });
});

describe('nestjs extractor: versioning', () => {
  it('lets @Version on a method override the controller and VERSION_NEUTRAL add nothing', () => {
    const text = lines(
      "import { Controller, Get, Version, VERSION_NEUTRAL } from '@nestjs/common';",
      "@Controller({ path: 'cats', version: '1' })",
      'export class CatsController {',
      '  @Get()',
      '  findAllV1() {}',
      '',
      "  @Version('2')",
      '  @Get()',
      '  findAllV2() {}',
      '',
      "  @Version(['3', VERSION_NEUTRAL])",
      "  @Get('latest')",
      '  findLatest() {}',
      '}',
      '@Controller({ version: VERSION_NEUTRAL })',
      'export class HealthController {',
      "  @Get('health')",
      '  check() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('GET', '/v1/cats', 4, 'CatsController.findAllV1'),
      route('GET', '/v2/cats', 8, 'CatsController.findAllV2'),
      route('GET', '/v3/cats/latest', 12, 'CatsController.findLatest'),
      route('GET', '/cats/latest', 12, 'CatsController.findLatest'),
      route('GET', '/health', 17, 'HealthController.check'),
    ]);
  });

  it('puts a version in the path only where one is declared', () => {
    const text = lines(
      '@Controller()',
      'export class CatsController {',
      "  @Version('1')",
      "  @Get('cats')",
      '  findAllV1() {}',
      "  @Get('dogs')",
      '  dogs() {}',
      '}',
    );
    expect(routes(text)).toEqual([route('GET', '/v1/cats', 4, 'CatsController.findAllV1'), route('GET', '/dogs', 6, 'CatsController.dogs')]);
  });
});

describe('nestjs extractor: guards and other enhancers', () => {
  it('puts class guards before method guards, on every method', () => {
    const text = lines(
      "@Controller('cats')",
      '@UseGuards(JwtAuthGuard, RolesGuard)',
      'export class CatsController {',
      '  @Get()',
      '  findAll() {}',
      '',
      '  @Post()',
      "  @Roles('admin')",
      "  @UseGuards(AuthGuard('jwt'))",
      '  create() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('GET', '/cats', 4, 'CatsController.findAll', { auth: ['JwtAuthGuard', 'RolesGuard'] }),
      route('POST', '/cats', 7, 'CatsController.create', { auth: ['JwtAuthGuard', 'RolesGuard', "Roles('admin')", "AuthGuard('jwt')"] }),
    ]);
  });

  it('lists interceptors, pipes and filters as middleware, and Swagger security as auth', () => {
    const text = lines(
      "@ApiTags('cats')",
      '@ApiBearerAuth()',
      "@Controller('cats')",
      '@UseInterceptors(LoggingInterceptor)',
      'export class CatsController {',
      "  @Post('upload')",
      '  @HttpCode(204)',
      "  @Header('WWW-Authenticate', 'Bearer')",
      "  @ApiOperation({ summary: 'Upload a cat picture' })",
      "  @ApiUnauthorizedResponse({ description: 'No token' })",
      '  @UseInterceptors(',
      "    FileInterceptor('file'),",
      '  )',
      '  @UsePipes(new ValidationPipe({ transform: true }))',
      '  @UseFilters(HttpExceptionFilter)',
      '  upload(@UploadedFile() file: Express.Multer.File, @Body() body: UploadDto) {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('POST', '/cats/upload', 6, 'CatsController.upload', {
        auth: ['ApiBearerAuth()'],
        middleware: ['LoggingInterceptor', "FileInterceptor('file')", 'new ValidationPipe({transform: true})', 'HttpExceptionFilter'],
      }),
    ]);
  });

  it('writes a multi-line guard list on one line', () => {
    const text = lines(
      "@Controller('admin')",
      'export class AdminController {',
      '  @Delete(":id")',
      '  @UseGuards(',
      "    AuthGuard('jwt'),",
      '    PermissionsGuard,',
      '  )',
      '  remove() {}',
      '}',
    );
    expect(routes(text)).toEqual([route('DELETE', '/admin/:id', 3, 'AdminController.remove', { auth: ["AuthGuard('jwt')", 'PermissionsGuard'] })]);
  });

  it('empties auth under a public marker on the method or the class, and lists the marker', () => {
    const text = lines(
      "@Controller('auth')",
      '@UseGuards(JwtAuthGuard)',
      'export class AuthController {',
      '  @Public()',
      "  @Post('login')",
      '  signIn() {}',
      '',
      "  @Get('profile')",
      '  getProfile() {}',
      '}',
      '@Public()',
      "@Controller('status')",
      'export class StatusController {',
      '  @Get()',
      "  @Roles('admin')",
      '  status() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('POST', '/auth/login', 5, 'AuthController.signIn', { middleware: ['Public()'] }),
      route('GET', '/auth/profile', 8, 'AuthController.getProfile', { auth: ['JwtAuthGuard'] }),
      route('GET', '/status', 14, 'StatusController.status', { middleware: ['Public()'] }),
    ]);
  });
});

describe('nestjs extractor: global prefix', () => {
  it('reads setGlobalPrefix in main.ts, whatever the receiver, and its exclude option is not applied', () => {
    const text = lines(
      "import { NestFactory } from '@nestjs/core';",
      "import { AppModule } from './app.module';",
      '',
      'async function bootstrap() {',
      '  const nestApp = await NestFactory.create(AppModule);',
      "  nestApp.setGlobalPrefix('api/', {",
      "    exclude: [{ path: 'health', method: RequestMethod.GET }],",
      '  });',
      '  nestApp.enableVersioning({ type: VersioningType.URI });',
      '  await nestApp.listen(process.env.PORT ?? 3000);',
      '}',
      'bootstrap();',
    );
    expect(extract(text, 'src/main.ts')).toEqual({
      routes: [],
      mounts: [],
      exports: {},
      globalPrefix: { framework: 'nestjs', prefix: '/api', line: 6 },
    });
  });

  it('takes the last call, resolves a constant and marks a computed prefix', () => {
    const text = lines(
      "const API_PREFIX = 'api/v2';",
      "app.setGlobalPrefix('api');",
      'app.setGlobalPrefix(API_PREFIX);',
    );
    expect(extract(text, 'src/main.ts').globalPrefix).toEqual({ framework: 'nestjs', prefix: '/api/v2', line: 3 });
    expect(extract("app.setGlobalPrefix(config.get('PREFIX'));\n", 'src/main.ts').globalPrefix).toEqual({
      framework: 'nestjs',
      prefix: `/${DYNAMIC_SEGMENT}`,
      line: 1,
    });
  });

  it('resolves a constant declared inside bootstrap(), but not a name declared twice', () => {
    const local = lines('async function bootstrap() {', '  const app = await NestFactory.create(AppModule);', "  const globalPrefix = 'api';", '  app.setGlobalPrefix(globalPrefix);', '}');
    expect(extract(local, 'apps/server/src/main.ts').globalPrefix).toEqual({ framework: 'nestjs', prefix: '/api', line: 4 });
    const twice = lines("function a() { const p = 'one'; }", "function b() { const p = 'two'; app.setGlobalPrefix(p); }");
    expect(extract(twice, 'src/main.ts').globalPrefix).toEqual({ framework: 'nestjs', prefix: `/${DYNAMIC_SEGMENT}`, line: 2 });
  });

  it('takes a decorator as auth by its name, not by words in its arguments', () => {
    const text = lines(
      "@Controller('users')",
      "@SerializeOptions({ groups: ['admin'] })",
      'export class UsersController {',
      "  @Roles('admin')",
      '  @Get()',
      '  findAll() {}',
      '}',
    );
    expect(extract(text, 'src/users/users.controller.ts').routes.map((r) => [r.auth, r.middleware])).toEqual([[["Roles('admin')"], []]]);
  });

  it('has no global prefix when setGlobalPrefix is only mentioned', () => {
    const text = lines("// app.setGlobalPrefix('api') is done in main.ts", "const note = 'app.setGlobalPrefix(\"v1\")';");
    expect(extract(text, 'src/app.module.ts')).toEqual({ routes: [], mounts: [], exports: {} });
  });
});

describe('nestjs extractor: constants and computed paths', () => {
  it('resolves top-level constants, constant objects, enums and templates over them', () => {
    const text = lines(
      "const CATS = 'cats';",
      "const ROUTES = { byId: ':id', search: 'search' } as const;",
      "enum Paths { Stats = 'stats' }",
      "const VERSION = '3';",
      "const ALIASES = ['felines', 'kitties'];",
      'const options = { path: CATS, version: VERSION };',
      '',
      '@Controller(options)',
      'export class CatsController {',
      '  @Get(ROUTES.byId)',
      '  findOne() {}',
      '  @Get(Paths.Stats)',
      '  stats() {}',
      '  @Get(`${ROUTES.search}/:term`)',
      '  search() {}',
      "  @Get('by-' + ROUTES.byId)",
      '  byId() {}',
      '}',
      '@Controller(ALIASES)',
      'export class AliasController {',
      '  @Get()',
      '  findAll() {}',
      '}',
    );
    expect(routes(text)).toEqual([
      route('GET', '/v3/cats/:id', 10, 'CatsController.findOne'),
      route('GET', '/v3/cats/stats', 12, 'CatsController.stats'),
      route('GET', '/v3/cats/search/:term', 14, 'CatsController.search'),
      route('GET', '/v3/cats/by-:id', 16, 'CatsController.byId'),
      route('GET', '/felines', 21, 'AliasController.findAll'),
      route('GET', '/kitties', 21, 'AliasController.findAll'),
    ]);
  });

  it('writes what cannot be known as a computed part and keeps the route', () => {
    const text = lines(
      "import { CATS_PATH, API_VERSION } from './paths';",
      "let mutable = 'dogs';",
      '',
      '@Controller(CATS_PATH)',
      'export class CatsController {',
      '  @Get(`${prefixFor(this)}/list`)',
      '  list() {}',
      '  @Get(mutable)',
      '  dogs() {}',
      '  @Version(API_VERSION)',
      "  @Get(':id')",
      '  findOne() {}',
      '}',
    );
    const unknown = DYNAMIC_SEGMENT;
    expect(routes(text)).toEqual([
      route('GET', `/${unknown}/${unknown}/list`, 6, 'CatsController.list', { dynamic: true }),
      route('GET', `/${unknown}/${unknown}`, 8, 'CatsController.dogs', { dynamic: true }),
      route('GET', `/v${unknown}/${unknown}/:id`, 11, 'CatsController.findOne', { dynamic: true }),
    ]);
  });

  it('reads a controller built by a factory, its prefix a parameter', () => {
    const text = lines(
      'export function createCrudController(resource: string) {',
      '  @Controller(resource)',
      '  class CrudController {',
      '    @Get()',
      '    findAll() {}',
      '  }',
      '  return CrudController;',
      '}',
    );
    expect(routes(text)).toEqual([route('GET', `/${DYNAMIC_SEGMENT}`, 4, 'CrudController.findAll', { dynamic: true })]);
  });
});

describe('nestjs extractor: traps', () => {
  it('ignores route decorators on classes that are not controllers', () => {
    const text = lines(
      '@Resolver(() => Cat)',
      'export class CatsResolver {',
      "  @Get('cats')",
      '  cats() {}',
      '}',
      '@WebSocketGateway()',
      'export class EventsGateway {',
      "  @Post('events')",
      "  @SubscribeMessage('events')",
      '  handleEvent() {}',
      '}',
      'export abstract class BaseController {',
      "  @Get('base')",
      '  base() {}',
      '}',
      "@Controller('real')",
      'export class RealController extends BaseController {}',
    );
    expect(routes(text)).toEqual([]);
  });

  it('ignores decorators in comments and strings, and methods named like a verb', () => {
    const text = lines(
      "// @Controller('commented') on a class that moved",
      "/* @Get('old') */",
      "const example = \"@Controller('string') @Get('x')\";",
      '@Injectable()',
      'export class CatsService {',
      '  get(id: string) {}',
      '  post() {}',
      '}',
      "@Controller('cats')",
      'export class CatsController {',
      '  // @Get(\'commented\')',
      '  get() {}',
      "  @Get('real')",
      '  real() {',
      "    const text = \"@Get('inside')\";",
      '  }',
      '}',
    );
    expect(routes(text)).toEqual([route('GET', '/cats/real', 13, 'CatsController.real')]);
  });

  it('reads a Controller decorator whatever it was imported from, and a namespaced one', () => {
    const text = lines(
      "import { Controller, Get } from '@app/common/decorators';",
      "import * as common from '@nestjs/common';",
      "@Controller('cats')",
      'export class CatsController {',
      '  @Get()',
      '  findAll() {}',
      '}',
      "@common.Controller('dogs')",
      'export class DogsController {',
      "  @common.Get(':id')",
      '  findOne() {}',
      '}',
    );
    expect(routes(text)).toEqual([route('GET', '/cats', 5, 'CatsController.findAll'), route('GET', '/dogs/:id', 10, 'DogsController.findOne')]);
  });

  it('takes the topmost of two mapping decorators, as Nest does', () => {
    const text = lines(
      "@Controller('cats')",
      'export class CatsController {',
      "  @Post('b')",
      "  @Get('a')",
      '  both() {}',
      '}',
    );
    expect(routes(text)).toEqual([route('POST', '/cats/b', 3, 'CatsController.both')]);
  });

  it('names the handler of an anonymous default-exported controller default', () => {
    const text = lines("@Controller('cats')", 'export default class {', '  @Get()', '  findAll() {}', '}');
    expect(routes(text)).toEqual([route('GET', '/cats', 3, 'default.findAll')]);
  });
});

describe('nestjs extractor: files that do not parse', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads a file with syntax errors as far as the parser recovers', () => {
    const text = lines("@Controller('cats')", 'export class CatsController {', "  @Get(':id')", '  findOne( {', '}');
    expect(() => extract(text)).not.toThrow();
  });

  it('does not parse a file that names neither a controller nor a global prefix', () => {
    const parse = vi.spyOn(Project.prototype, 'createSourceFile');
    const text = lines('@Injectable()', 'export class CatsService {', "  @Get('cats')", '  findAll() {}', '}');
    expect(extract(text, 'src/cats/cats.service.ts')).toEqual({ routes: [], mounts: [], exports: {} });
    expect(parse).not.toHaveBeenCalled();
    extract("@Controller('cats')\nexport class CatsController {}\n");
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('throws RouteSyntaxError with the cause when the parser gives up', () => {
    vi.spyOn(Project.prototype, 'createSourceFile').mockImplementation(() => {
      throw new Error('Maximum call stack size exceeded');
    });
    expect(() => extract("@Controller('cats')\nexport class CatsController {}\n")).toThrow(new RouteSyntaxError('Maximum call stack size exceeded'));
  });

  it('keeps reading files after one failed', () => {
    const text = lines("@Controller('cats')", 'export class CatsController {', '  @Get()', '  findAll() {}', '}');
    expect(routes(text)).toEqual([route('GET', '/cats', 3, 'CatsController.findAll')]);
    expect(routes(text)).toEqual([route('GET', '/cats', 3, 'CatsController.findAll')]);
  });
});
