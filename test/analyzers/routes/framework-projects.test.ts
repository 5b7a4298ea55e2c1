/**
 * One small project per framework family, built as a real repository and changed between two tags
 * the way such projects change: a NestJS app whose global prefix is set in main.ts, a Next.js app
 * with dynamic segments and route groups, a Fastify app whose plugins live in other files and are
 * registered with prefixes, and a Django project whose URLconfs include each other.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routesAnalyzer } from '../../../analyzers/routes/index.js';
import { TestRepo } from '../../helpers/repo-builder.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

const lines = (...text: string[]) => text.join('\n') + '\n';

async function changes(v1: Record<string, string>, v2: Record<string, string | null>): Promise<{ routes: string[]; warnings: unknown[] }> {
  const repo = new TestRepo();
  try {
    repo.commit('v1', v1);
    repo.tag('v1');
    repo.commit('v2', v2);
    const { facts, warnings } = await runAnalyzer(routesAnalyzer, repo.dir, { from: 'v1' });
    return { routes: facts.routes!.map((r) => `${r.change} ${r.method} ${r.path}${r.auth ? ` [${r.auth}]` : ''}${r.dynamic ? ' (dynamic)' : ''}`), warnings };
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

describe('route fixtures per framework family', () => {
  it('NestJS: controllers under the global prefix main.ts sets, guards, a removed route and a dynamic path', async () => {
    const cats = (extra: string) => lines(
      "import { Controller, Get, Post, Delete, Param, UseGuards } from '@nestjs/common';",
      "import { AuthGuard } from '@nestjs/passport';",
      "@Controller('cats')",
      'export class CatsController {',
      '  @Get()',
      '  findAll() {}',
      "  @Get(':id')",
      '  findOne(@Param(\'id\') id: string) {}',
      extra,
      '}',
    );
    const result = await changes(
      {
        'src/main.ts': lines('async function bootstrap() {', '  const app = await NestFactory.create(AppModule);', "  app.setGlobalPrefix('api');", '  await app.listen(3000);', '}', 'bootstrap();'),
        'src/cats/cats.controller.ts': cats("  @Delete(':id')\n  remove() {}"),
      },
      {
        'src/cats/cats.controller.ts': cats("  @Post()\n  @UseGuards(AuthGuard('jwt'))\n  create() {}\n  @Get(`${SECTION}/latest`)\n  latest() {}"),
      },
    );
    expect(result.routes).toEqual([
      "added POST /api/cats [AuthGuard('jwt')]",
      'added GET /api/cats/{…}/latest (dynamic)',
      'removed DELETE /api/cats/:id',
      'unchanged GET /api/cats',
      'unchanged GET /api/cats/:id',
    ]);
  });

  it('Next.js: route handlers in route groups and dynamic segments, and a removed pages/api route', async () => {
    const result = await changes(
      {
        'app/(shop)/api/products/route.ts': lines('export async function GET() { return Response.json([]); }'),
        'pages/api/legacy.ts': lines('export default function handler(req, res) { res.status(200).end(); }'),
      },
      {
        'app/(shop)/api/products/route.ts': lines('export async function GET() { return Response.json([]); }', 'export async function POST(request: Request) {}'),
        'app/(shop)/api/products/[id]/route.ts': lines('export const GET = async () => Response.json({});', 'const remove = async () => new Response(null);', 'export { remove as DELETE };'),
        'app/docs/[...slug]/route.ts': lines('export function GET() {}'),
        'pages/api/legacy.ts': null,
      },
    );
    expect(result.routes).toEqual([
      'added POST /api/products',
      'added DELETE /api/products/[id]',
      'added GET /api/products/[id]',
      'added GET /docs/[...slug]',
      'removed ALL /api/legacy',
      'unchanged GET /api/products',
    ]);
  });

  it('Fastify: plugins in other files registered with prefixes, nested, with a preHandler', async () => {
    const result = await changes(
      {
        'src/app.js': lines("import Fastify from 'fastify';", "import users from './routes/users.js';", 'const app = Fastify();', "app.register(users, { prefix: '/users' });"),
        'src/routes/users.js': lines('export default async function users(fastify) {', "  fastify.get('/', list);", "  fastify.get('/:id', show);", '}'),
      },
      {
        'src/app.js': lines(
          "import Fastify from 'fastify';",
          "import users from './routes/users.js';",
          "import admin from './routes/admin/index.js';",
          'const app = Fastify();',
          "app.register(users, { prefix: '/users' });",
          "app.register(admin, { prefix: '/admin' });",
        ),
        'src/routes/users.js': lines('export default async function users(fastify) {', "  fastify.get('/', list);", "  fastify.get('/:userId', { preHandler: [fastify.verifyJwt] }, show);", '}'),
        'src/routes/admin/index.js': lines("import stats from './stats.js';", 'export default async function admin(fastify) {', "  fastify.register(stats, { prefix: '/stats' });", '}'),
        'src/routes/admin/stats.js': lines('module.exports = async function (fastify) {', "  fastify.get('/daily', daily);", '};'),
      },
    );
    expect(result.routes).toEqual(['added GET /admin/stats/daily', 'modified GET /users/:userId [fastify.verifyJwt]', 'unchanged GET /users']);
    expect(result.warnings).toEqual([]);
  });

  it('Django: URLconfs that include each other, with converters and a removed view', async () => {
    const result = await changes(
      {
        'mysite/urls.py': lines('from django.urls import include, path', '', 'urlpatterns = [', "    path('polls/', include('polls.urls')),", ']'),
        'polls/urls.py': lines('from django.urls import path', 'from . import views', '', 'urlpatterns = [', "    path('', views.index, name='index'),", "    path('<int:question_id>/vote/', views.vote, name='vote'),", ']'),
      },
      {
        'mysite/urls.py': lines('from django.urls import include, path', '', 'urlpatterns = [', "    path('polls/', include('polls.urls')),", "    path('api/', include('api.urls')),", ']'),
        'polls/urls.py': lines('from django.urls import path', 'from . import views', '', 'urlpatterns = [', "    path('', views.index, name='index'),", "    path('<int:question_id>/results/', views.results, name='results'),", ']'),
        'api/urls.py': lines('from django.urls import path', 'from . import views', '', 'urlpatterns = [', "    path('questions/<slug:slug>/', views.QuestionView.as_view()),", ']'),
      },
    );
    expect(result.routes).toEqual([
      'added ALL /api/questions/<slug:slug>',
      'added ALL /polls/<int:question_id>/results',
      'removed ALL /polls/<int:question_id>/vote',
      'unchanged ALL /polls',
    ]);
  });
});
