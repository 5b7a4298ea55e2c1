/**
 * The stack table: well-known packages per ecosystem and what they say about the project.
 * A row is a package name (or a prefix ending in `*`, for families such as `@sentry/*`) and the
 * stack entries it is evidence for. Names are matched after the ecosystem's own normalisation
 * (PEP 503 for PyPI, `_` = `-` for crates, major-version suffix dropped for Go modules).
 * Add a row here to recognise a package; nothing else needs to change.
 */
import type { StackEntry } from '../../src/facts/schema.js';
import type { Ecosystem } from './manifests/index.js';
import { normalisePythonName } from './manifests/pep508.js';

export type StackCategory = StackEntry['category'];

export interface KnownPackage {
  category: StackCategory;
  name: string;
  /**
   * Whether the package's declared version is the named thing's version. It is not for a client
   * or driver (pg for PostgreSQL, ioredis for Redis) nor for one of a family of independently
   * versioned packages (@testing-library/react, @opentelemetry/api): those entries carry no version.
   */
  carriesVersion: boolean;
}

type Row = [pattern: string, ...entries: KnownPackage[]];

/** The package is the thing itself. */
const is = (category: StackCategory, name: string): KnownPackage => ({ category, name, carriesVersion: true });
/** The package is evidence for the thing through a client, a driver or a family of packages. */
const via = (category: StackCategory, name: string): KnownPackage => ({ category, name, carriesVersion: false });

const NPM: Row[] = [
  ['express', is('framework', 'Express')],
  ['fastify', is('framework', 'Fastify')],
  ['koa', is('framework', 'Koa')],
  ['@nestjs/core', is('framework', 'NestJS')],
  ['hono', is('framework', 'Hono')],
  ['@hapi/hapi', is('framework', 'hapi')],
  ['next', is('framework', 'Next.js')],
  ['nuxt', is('framework', 'Nuxt')],
  ['@sveltejs/kit', is('framework', 'SvelteKit')],
  ['@remix-run/node', is('framework', 'Remix')],
  ['astro', is('framework', 'Astro')],
  ['react', is('frontend', 'React')],
  ['react-native', is('frontend', 'React Native')],
  ['vue', is('frontend', 'Vue')],
  ['svelte', is('frontend', 'Svelte')],
  ['@angular/core', is('frontend', 'Angular')],
  ['solid-js', is('frontend', 'Solid')],
  ['preact', is('frontend', 'Preact')],
  ['pg', via('database', 'PostgreSQL')],
  ['postgres', via('database', 'PostgreSQL')],
  ['@neondatabase/serverless', via('database', 'PostgreSQL')],
  ['@vercel/postgres', via('database', 'PostgreSQL')],
  ['mysql2', via('database', 'MySQL')],
  ['mysql', via('database', 'MySQL')],
  ['sqlite3', via('database', 'SQLite')],
  ['better-sqlite3', via('database', 'SQLite')],
  ['mongodb', via('database', 'MongoDB')],
  ['mongoose', via('database', 'MongoDB'), is('orm', 'Mongoose')],
  ['redis', via('database', 'Redis')],
  ['ioredis', via('database', 'Redis')],
  ['prisma', is('orm', 'Prisma')],
  ['@prisma/client', is('orm', 'Prisma')],
  ['drizzle-orm', is('orm', 'Drizzle ORM')],
  ['typeorm', is('orm', 'TypeORM')],
  ['sequelize', is('orm', 'Sequelize')],
  ['knex', is('orm', 'Knex')],
  ['kysely', is('orm', 'Kysely')],
  ['@mikro-orm/core', is('orm', 'MikroORM')],
  ['objection', is('orm', 'Objection.js')],
  ['vitest', is('testing', 'Vitest')],
  ['jest', is('testing', 'Jest')],
  ['mocha', is('testing', 'Mocha')],
  ['ava', is('testing', 'AVA')],
  ['supertest', is('testing', 'SuperTest')],
  ['@testing-library/*', via('testing', 'Testing Library')],
  ['@playwright/test', is('e2e-testing', 'Playwright')],
  ['playwright', is('e2e-testing', 'Playwright')],
  ['cypress', is('e2e-testing', 'Cypress')],
  ['webdriverio', is('e2e-testing', 'WebdriverIO')],
  ['winston', is('logging', 'Winston')],
  ['pino', is('logging', 'Pino')],
  ['morgan', is('logging', 'morgan')],
  ['bunyan', is('logging', 'Bunyan')],
  ['zod', is('validation', 'Zod')],
  ['joi', is('validation', 'Joi')],
  ['@hapi/joi', is('validation', 'Joi')],
  ['yup', is('validation', 'Yup')],
  ['class-validator', is('validation', 'class-validator')],
  ['ajv', is('validation', 'Ajv')],
  ['valibot', is('validation', 'Valibot')],
  ['@sinclair/typebox', is('validation', 'TypeBox')],
  ['passport', is('auth', 'Passport')],
  ['jsonwebtoken', is('auth', 'jsonwebtoken')],
  ['jose', is('auth', 'jose')],
  ['next-auth', is('auth', 'NextAuth.js')],
  ['@auth/core', is('auth', 'Auth.js')],
  ['bcrypt', is('auth', 'bcrypt')],
  ['bcryptjs', is('auth', 'bcrypt.js')],
  ['argon2', is('auth', 'Argon2')],
  ['@sentry/*', is('monitoring', 'Sentry')],
  ['newrelic', is('monitoring', 'New Relic')],
  ['dd-trace', is('monitoring', 'Datadog APM')],
  ['prom-client', via('monitoring', 'Prometheus')],
  ['@opentelemetry/*', via('monitoring', 'OpenTelemetry')],
  ['vite', is('build', 'Vite')],
  ['webpack', is('build', 'webpack')],
  ['esbuild', is('build', 'esbuild')],
  ['rollup', is('build', 'Rollup')],
  ['parcel', is('build', 'Parcel')],
  ['tsup', is('build', 'tsup')],
  ['@swc/core', is('build', 'SWC')],
  ['@babel/core', is('build', 'Babel')],
  ['turbo', is('build', 'Turborepo')],
  // The compiler, as opposed to the language entry, which comes from files.
  ['typescript', is('build', 'TypeScript compiler')],
  ['tsx', is('build', 'tsx')],
];

const PYPI: Row[] = [
  ['django', is('framework', 'Django')],
  ['djangorestframework', is('framework', 'Django REST framework')],
  ['flask', is('framework', 'Flask')],
  ['fastapi', is('framework', 'FastAPI')],
  ['starlette', is('framework', 'Starlette')],
  ['tornado', is('framework', 'Tornado')],
  // Background-job frameworks have no category of their own; they shape the code like a framework.
  ['celery', is('framework', 'Celery')],
  ['psycopg', via('database', 'PostgreSQL')],
  ['psycopg2', via('database', 'PostgreSQL')],
  ['psycopg2-binary', via('database', 'PostgreSQL')],
  ['asyncpg', via('database', 'PostgreSQL')],
  ['pymysql', via('database', 'MySQL')],
  ['mysqlclient', via('database', 'MySQL')],
  ['pymongo', via('database', 'MongoDB')],
  ['motor', via('database', 'MongoDB')],
  ['redis', via('database', 'Redis')],
  ['sqlalchemy', is('orm', 'SQLAlchemy')],
  ['sqlmodel', is('orm', 'SQLModel')],
  // SQLAlchemy's migration tool: part of the data-access layer.
  ['alembic', is('orm', 'Alembic')],
  ['peewee', is('orm', 'peewee')],
  ['tortoise-orm', is('orm', 'Tortoise ORM')],
  ['pytest', is('testing', 'pytest')],
  ['hypothesis', is('testing', 'Hypothesis')],
  ['playwright', is('e2e-testing', 'Playwright')],
  ['pytest-playwright', via('e2e-testing', 'Playwright')],
  ['selenium', is('e2e-testing', 'Selenium')],
  ['structlog', is('logging', 'structlog')],
  ['loguru', is('logging', 'Loguru')],
  ['pydantic', is('validation', 'Pydantic')],
  ['marshmallow', is('validation', 'marshmallow')],
  ['pyjwt', is('auth', 'PyJWT')],
  ['authlib', is('auth', 'Authlib')],
  ['sentry-sdk', is('monitoring', 'Sentry')],
  ['ddtrace', is('monitoring', 'Datadog APM')],
  ['prometheus-client', via('monitoring', 'Prometheus')],
  ['opentelemetry-*', via('monitoring', 'OpenTelemetry')],
];

const GO: Row[] = [
  ['github.com/gin-gonic/gin', is('framework', 'Gin')],
  ['github.com/labstack/echo', is('framework', 'Echo')],
  ['github.com/go-chi/chi', is('framework', 'chi')],
  ['github.com/gofiber/fiber', is('framework', 'Fiber')],
  ['github.com/gorilla/mux', is('framework', 'Gorilla Mux')],
  ['google.golang.org/grpc', is('framework', 'gRPC')],
  ['github.com/jackc/pgx', via('database', 'PostgreSQL')],
  ['github.com/lib/pq', via('database', 'PostgreSQL')],
  ['gorm.io/driver/postgres', via('database', 'PostgreSQL')],
  ['github.com/go-sql-driver/mysql', via('database', 'MySQL')],
  ['gorm.io/driver/mysql', via('database', 'MySQL')],
  ['github.com/mattn/go-sqlite3', via('database', 'SQLite')],
  ['modernc.org/sqlite', via('database', 'SQLite')],
  ['gorm.io/driver/sqlite', via('database', 'SQLite')],
  ['go.mongodb.org/mongo-driver', via('database', 'MongoDB')],
  ['github.com/redis/go-redis', via('database', 'Redis')],
  ['github.com/go-redis/redis', via('database', 'Redis')],
  ['gorm.io/gorm', is('orm', 'GORM')],
  ['entgo.io/ent', is('orm', 'ent')],
  ['github.com/jmoiron/sqlx', is('orm', 'sqlx')],
  ['github.com/stretchr/testify', is('testing', 'Testify')],
  ['github.com/onsi/ginkgo', is('testing', 'Ginkgo')],
  ['go.uber.org/zap', is('logging', 'zap')],
  ['github.com/sirupsen/logrus', is('logging', 'Logrus')],
  ['github.com/rs/zerolog', is('logging', 'zerolog')],
  ['github.com/go-playground/validator', is('validation', 'validator')],
  ['github.com/golang-jwt/jwt', is('auth', 'golang-jwt')],
  ['github.com/getsentry/sentry-go', is('monitoring', 'Sentry')],
  ['github.com/prometheus/client_golang', via('monitoring', 'Prometheus')],
  ['go.opentelemetry.io/otel', via('monitoring', 'OpenTelemetry')],
];

const RUBYGEMS: Row[] = [
  ['rails', is('framework', 'Ruby on Rails')],
  ['sinatra', is('framework', 'Sinatra')],
  ['sidekiq', is('framework', 'Sidekiq')],
  ['pg', via('database', 'PostgreSQL')],
  ['mysql2', via('database', 'MySQL')],
  ['sqlite3', via('database', 'SQLite')],
  ['redis', via('database', 'Redis')],
  ['mongoid', via('database', 'MongoDB'), is('orm', 'Mongoid')],
  ['activerecord', is('orm', 'Active Record')],
  ['sequel', is('orm', 'Sequel')],
  ['rspec', is('testing', 'RSpec')],
  ['rspec-rails', is('testing', 'RSpec')],
  ['minitest', is('testing', 'Minitest')],
  ['capybara', is('e2e-testing', 'Capybara')],
  ['lograge', is('logging', 'Lograge')],
  ['dry-validation', is('validation', 'dry-validation')],
  ['devise', is('auth', 'Devise')],
  ['omniauth', is('auth', 'OmniAuth')],
  ['sentry-ruby', is('monitoring', 'Sentry')],
  ['newrelic_rpm', is('monitoring', 'New Relic')],
  ['datadog', is('monitoring', 'Datadog APM')],
  ['ddtrace', is('monitoring', 'Datadog APM')],
];

const CARGO: Row[] = [
  ['axum', is('framework', 'Axum')],
  ['actix-web', is('framework', 'Actix Web')],
  ['rocket', is('framework', 'Rocket')],
  ['warp', is('framework', 'warp')],
  // An async runtime is what "runtime" means in Rust: the language has no default one.
  ['tokio', is('runtime', 'Tokio')],
  ['async-std', is('runtime', 'async-std')],
  ['tokio-postgres', via('database', 'PostgreSQL')],
  ['postgres', via('database', 'PostgreSQL')],
  ['rusqlite', via('database', 'SQLite')],
  ['mongodb', via('database', 'MongoDB')],
  ['redis', via('database', 'Redis')],
  ['diesel', is('orm', 'Diesel')],
  ['sqlx', is('orm', 'SQLx')],
  ['sea-orm', is('orm', 'SeaORM')],
  // Typed (de)serialisation: what Pydantic is to Python, the nearest of the categories.
  ['serde', is('validation', 'Serde')],
  ['validator', is('validation', 'validator')],
  ['tracing', is('logging', 'tracing')],
  ['log', is('logging', 'log')],
  ['sentry', is('monitoring', 'Sentry')],
];

const COMPOSER: Row[] = [
  ['laravel/framework', is('framework', 'Laravel')],
  // Only the full-stack packages: single symfony/* components are used by Laravel and others too.
  ['symfony/framework-bundle', is('framework', 'Symfony')],
  ['symfony/symfony', is('framework', 'Symfony')],
  ['slim/slim', is('framework', 'Slim')],
  ['doctrine/orm', is('orm', 'Doctrine ORM')],
  ['phpunit/phpunit', is('testing', 'PHPUnit')],
  ['pestphp/pest', is('testing', 'Pest')],
  ['laravel/dusk', is('e2e-testing', 'Laravel Dusk')],
  ['monolog/monolog', is('logging', 'Monolog')],
  ['laravel/sanctum', is('auth', 'Laravel Sanctum')],
  ['sentry/*', is('monitoring', 'Sentry')],
];

interface Lookup {
  exact: ReadonlyMap<string, KnownPackage[]>;
  prefixes: ReadonlyArray<[prefix: string, entries: KnownPackage[]]>;
}

function lookup(rows: Row[]): Lookup {
  const exact = new Map<string, KnownPackage[]>();
  const prefixes: Array<[string, KnownPackage[]]> = [];
  for (const [pattern, ...entries] of rows) {
    if (pattern.endsWith('*')) prefixes.push([pattern.slice(0, -1), entries]);
    else exact.set(pattern, entries);
  }
  return { exact, prefixes };
}

const TABLES: Partial<Record<Ecosystem, Lookup>> = {
  npm: lookup(NPM),
  pypi: lookup(PYPI),
  go: lookup(GO),
  rubygems: lookup(RUBYGEMS),
  cargo: lookup(CARGO),
  composer: lookup(COMPOSER),
};

const NORMALISE: Partial<Record<Ecosystem, (name: string) => string>> = {
  pypi: normalisePythonName,
  cargo: (name) => name.replace(/_/g, '-'),
  go: (path) => path.replace(/\/v\d+$/, ''),
  composer: (name) => name.toLowerCase(),
};

/** The stack entries a declared package is evidence for; empty for packages the table does not know. */
export function recognisePackage(ecosystem: Ecosystem, name: string): KnownPackage[] {
  const table = TABLES[ecosystem];
  if (!table) return [];
  const key = NORMALISE[ecosystem]?.(name) ?? name;
  return table.exact.get(key) ?? table.prefixes.find(([prefix]) => key.startsWith(prefix))?.[1] ?? [];
}
