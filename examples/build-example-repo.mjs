#!/usr/bin/env node
/**
 * Builds examples/.demo-repo: the history of a small Express API ("acme-shop-api") from v1.0.0 to
 * v1.1.0 and one commit beyond, with everything impl-draft reports on: several authors in several
 * time zones, a pull request merged with a merge commit, a squash-merged pull request, conventional
 * commits (feat, fix, chore, docs, refactor, test, a `feat!:` and a `BREAKING CHANGE:` footer), a
 * Co-authored-by trailer, a rename with edits, a deleted file, a binary file, a dependency change
 * with its lockfile, a SQL migration, a new route, a new environment variable and a test file.
 *
 *   node examples/build-example-repo.mjs [--dir PATH]     (prints the repository path)
 *   node examples/build-example-repo.mjs --refresh-lockfiles   (asks npm for new lockfiles first)
 *
 * The repository is deleted and rebuilt on every run. Identities, author and committer dates and
 * their time zones are pinned and config files are ignored, so the commit ids are the same on every
 * run, on any machine, offline.
 * package-lock.json was written by npm itself (`npm install --package-lock-only`) and is kept in
 * examples/demo-lockfiles/, one file per commit that changes package.json; `--refresh-lockfiles`
 * runs npm again (it needs the npm registry) and rewrites them.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
/** npm's lockfiles for the commits that change package.json, in history order. */
const LOCKFILES = join(HERE, 'demo-lockfiles');

// ---------------------------------------------------------------------------------------------
// People. Offsets follow each person's local time, daylight saving included (Paris moves to
// +02:00 and California to -07:00 during this history; São Paulo has no DST).

const ALICE = { name: 'Alice Martin', email: 'alice.martin@acme.example' };
const BOB = { name: 'Bob Chen', email: 'bob.chen@acme.example' };
const CARLA = { name: 'Carla Souza', email: 'carla.souza@acme.example' };
const DEV = { name: 'Dev Patel', email: 'dev.patel@acme.example' };
/** What GitHub records as committer of merges and squash merges done in its web interface. */
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };

/**
 * npm resolves version ranges against what the registry has now; `--before` pins the resolution
 * to what it had at this date, so a rebuild does not pick up releases made since.
 */
const NPM_BEFORE = '2025-06-01T00:00:00Z';

// ---------------------------------------------------------------------------------------------
// File contents, by version.

const packageJson = ({ version, dependencies }) =>
  `${JSON.stringify(
    {
      name: 'acme-shop-api',
      version,
      private: true,
      description: 'Users and orders API of the Acme shop',
      type: 'module',
      main: 'src/server.js',
      scripts: { start: 'node src/server.js', test: 'node --test test/' },
      engines: { node: '>=20' },
      dependencies,
    },
    null,
    2,
  )}\n`;

const DEPENDENCIES_V1 = { express: '~4.18.2', pg: '^8.11.3' };
const DEPENDENCIES_V2 = { express: '^4.19.2', helmet: '^7.1.0', pg: '^8.11.3' };

const GITIGNORE = `node_modules/
.env
coverage/
*.log
`;

const ENV_EXAMPLE_V1 = `# Copy to .env and adjust.
PORT=3000
DATABASE_URL=postgres://shop:shop@localhost:5432/shop
`;

const ENV_EXAMPLE_V2 = `${ENV_EXAMPLE_V1}# Base URL of the orders service that GET /api/orders reads from.
ORDERS_API_URL=http://localhost:4000
`;

const README_V1 = `# acme-shop-api

The users API of the Acme shop.

\`\`\`sh
npm ci
cp .env.example .env
npm start
\`\`\`
`;

const README_V2 = `${README_V1}
## Local setup

You need Node.js 20 and PostgreSQL 15. Create the database and apply the migrations in order:

\`\`\`sh
createdb shop
for f in migrations/*.sql; do psql shop -f "$f"; done
\`\`\`

\`npm test\` runs the tests with Node's built-in test runner; they need no database.
`;

const README_V3 = `${README_V2}
## Architecture

![architecture](docs/architecture.png)
`;

const README_V4 = `${README_V3}
## Orders API

\`GET /api/orders?userId=7&limit=20\` returns the orders of a user as the orders service (at
\`ORDERS_API_URL\`) has them. \`limit\` is 1 to 200 and defaults to 50.
`;

const LEGACY_SETUP = `# Legacy setup (Vagrant)

Before Docker we ran the API in a Vagrant box:

1. \`vagrant up\`
2. \`vagrant ssh -c "cd /srv/api && npm start"\`

This box is no longer maintained.
`;

const SERVER_V1 = `import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const app = createApp();

app.listen(port, () => {
  console.log(\`acme-shop-api listening on port \${port}\`);
});
`;

const SERVER_V2 = `import { createApp } from './app.js';
import { pool } from './db.js';

const port = Number(process.env.PORT ?? 3000);
const app = createApp();

const server = app.listen(port, () => {
  console.log(\`acme-shop-api listening on port \${port}\`);
});

// Kubernetes sends SIGTERM before killing the pod: finish the requests in flight first.
process.on('SIGTERM', () => {
  server.close(() => pool.end().then(() => process.exit(0)));
});
`;

/** app.js as a list of optional lines, so each commit switches its own lines on. */
const appJs = ({ users = false, helmet = false, orders = false, logger = false } = {}) =>
  [
    `import express from 'express';`,
    helmet && `import helmet from 'helmet';`,
    logger && `import { requestLogger } from './middleware/request-logger.js';`,
    `import { registerHealthRoutes } from './routes/health.js';`,
    users && `import { registerUserRoutes } from './routes/users.js';`,
    orders && `import { registerOrderRoutes } from './routes/orders.js';`,
    ``,
    `export function createApp() {`,
    `  const app = express();`,
    helmet && `  app.use(helmet());`,
    `  app.use(express.json());`,
    logger && `  app.use(requestLogger({ skip: ['/healthz'] }));`,
    `  registerHealthRoutes(app);`,
    users && `  registerUserRoutes(app);`,
    orders && `  registerOrderRoutes(app);`,
    `  return app;`,
    `}`,
    ``,
  ]
    .filter((line) => line !== false)
    .join('\n');

const HEALTH_ROUTES = `export function registerHealthRoutes(app) {
  app.get('/healthz', (req, res) => {
    res.json({ status: 'ok' });
  });
}
`;

const DB = `import pg from 'pg';

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

const USER_COLUMNS = 'id, name, email, extract(epoch from created_at)::int AS "createdAt"';

export async function listUsers() {
  const { rows } = await pool.query(\`SELECT \${USER_COLUMNS} FROM users ORDER BY id\`);
  return rows;
}

export async function findUser(id) {
  const { rows } = await pool.query(\`SELECT \${USER_COLUMNS} FROM users WHERE id = $1\`, [id]);
  return rows[0] ?? null;
}

export async function createUser({ name, email }) {
  const { rows } = await pool.query(
    \`INSERT INTO users (name, email) VALUES ($1, $2) RETURNING \${USER_COLUMNS}\`,
    [name, email],
  );
  return rows[0];
}
`;

const usersRoutes = ({ formatModule = '../lib/format.js', notFound = false, legacy = true } = {}) =>
  [
    `import { createUser, findUser, listUsers } from '../db.js';`,
    `import { formatUser } from '${formatModule}';`,
    ``,
    `export function registerUserRoutes(app) {`,
    `  app.get('/api/users', async (req, res) => {`,
    `    const users = await listUsers();`,
    `    res.json(users.map(formatUser));`,
    `  });`,
    ``,
    `  app.get('/api/users/:id', async (req, res) => {`,
    `    const user = await findUser(Number(req.params.id));`,
    ...(notFound ? [`    if (!user) {`, `      res.status(404).json({ error: 'user not found' });`, `      return;`, `    }`] : []),
    `    res.json(formatUser(user));`,
    `  });`,
    ``,
    `  app.post('/api/users', async (req, res) => {`,
    `    const { name, email } = req.body ?? {};`,
    `    if (typeof name !== 'string' || typeof email !== 'string') {`,
    `      res.status(400).json({ error: 'name and email are required' });`,
    `      return;`,
    `    }`,
    `    res.status(201).json(formatUser(await createUser({ name, email })));`,
    `  });`,
    ...(legacy
      ? [
          ``,
          `  // Kept for the mobile app 2.x, which still calls the unversioned path.`,
          `  app.get('/api/v0/users', async (req, res) => {`,
          `    const users = await listUsers();`,
          `    res.json({ users: users.map(formatUser) });`,
          `  });`,
        ]
      : []),
    `}`,
    ``,
  ].join('\n');

const FORMAT_V1 = `/** The public shape of a user: no internal columns. */
export function formatUser(user) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    createdAt: user.createdAt,
  };
}

export function formatMoney(cents, currency = 'USD') {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}

/** "Ada Lovelace" -> "A. Lovelace", for lists where space is short. */
export function shortName(name) {
  const parts = String(name).trim().split(/\\s+/);
  if (parts.length < 2) return parts[0] ?? '';
  const last = parts.pop();
  return \`\${parts.map((part) => \`\${part[0]}.\`).join(' ')} \${last}\`;
}

/** Cuts text to at most max characters, ending with an ellipsis when it had to cut. */
export function truncate(text, max = 80) {
  const value = String(text);
  return value.length <= max ? value : \`\${value.slice(0, max - 1)}…\`;
}

/** Masks the local part of an e-mail address: ada@example.com -> a**@example.com. */
export function maskEmail(email) {
  const [local, domain] = String(email).split('@');
  if (!domain) return '***';
  return \`\${local[0]}\${'*'.repeat(Math.max(local.length - 1, 2))}@\${domain}\`;
}
`;

/** After the move to src/utils/: formatMoney takes an options object. */
const FORMAT_V2 = FORMAT_V1.replace(
  `export function formatMoney(cents, currency = 'USD') {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}`,
  `export function formatMoney(cents, { currency = 'USD', locale = 'en-US' } = {}) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}`,
);

/** createdAt becomes an ISO 8601 string (the breaking change). */
const FORMAT_V3 = FORMAT_V2.replace('    createdAt: user.createdAt,', '    createdAt: new Date(user.createdAt * 1000).toISOString(),');

const ordersRoutes = ({ limit = false, offset = false } = {}) =>
  [
    `const ORDERS_API_URL = process.env.ORDERS_API_URL ?? 'http://localhost:4000';`,
    ``,
    `export function registerOrderRoutes(app) {`,
    `  app.get('/api/orders', async (req, res, next) => {`,
    `    try {`,
    `      const url = new URL('/orders', ORDERS_API_URL);`,
    `      if (req.query.userId) url.searchParams.set('userId', String(req.query.userId));`,
    ...(limit
      ? [
          `      const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);`,
          `      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {`,
          `        res.status(400).json({ error: 'limit must be an integer between 1 and 200' });`,
          `        return;`,
          `      }`,
          `      url.searchParams.set('limit', String(limit));`,
        ]
      : []),
    ...(offset
      ? [
          `      const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);`,
          `      if (!Number.isInteger(offset) || offset < 0) {`,
          `        res.status(400).json({ error: 'offset must be a non-negative integer' });`,
          `        return;`,
          `      }`,
          `      url.searchParams.set('offset', String(offset));`,
        ]
      : []),
    `      const response = await fetch(url);`,
    `      if (!response.ok) {`,
    `        res.status(502).json({ error: \`orders service answered \${response.status}\` });`,
    `        return;`,
    `      }`,
    `      res.json(await response.json());`,
    `    } catch (error) {`,
    `      next(error);`,
    `    }`,
    `  });`,
    `}`,
    ``,
  ].join('\n');

const INVOICES_ROUTES = `import { pool } from '../db.js';

export function registerInvoiceRoutes(app) {
  app.get('/api/invoices/:id', async (req, res) => {
    const { rows } = await pool.query('SELECT id, order_id, total_cents, issued_at FROM invoices WHERE id = $1', [req.params.id]);
    if (!rows[0]) {
      res.status(404).json({ error: 'invoice not found' });
      return;
    }
    res.json(rows[0]);
  });
}
`;

const REQUEST_LOGGER = `/** Logs one line per request: method, path, status and duration. */
export function requestLogger({ skip = [], log = console.log } = {}) {
  return (req, res, next) => {
    if (skip.includes(req.path)) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(\`\${req.method} \${req.originalUrl} \${res.statusCode} \${ms.toFixed(1)}ms\`);
    });
    next();
  };
}
`;

const MIGRATION_001 = `-- 001_create_users.sql
CREATE TABLE users (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT NOT NULL,
  email      TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`;

const MIGRATION_002 = `-- 002_add_orders.sql: local copy of the orders synced from the orders service
CREATE TABLE orders (
  id          BIGSERIAL PRIMARY KEY,
  user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  external_id TEXT NOT NULL UNIQUE,
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  status      TEXT NOT NULL DEFAULT 'pending',
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX orders_user_id_idx ON orders (user_id);
`;

const HEALTH_TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../src/app.js';

test('GET /healthz answers ok', async (t) => {
  const server = createApp().listen(0);
  t.after(() => server.close());
  const response = await fetch(\`http://127.0.0.1:\${server.address().port}/healthz\`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});
`;

const USERS_TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatUser } from '../src/lib/format.js';

test('formatUser keeps only the public fields', () => {
  const user = { id: 7, name: 'Ada', email: 'ada@example.com', createdAt: 1709542320, passwordHash: 'x' };
  assert.deepEqual(Object.keys(formatUser(user)), ['id', 'name', 'email', 'createdAt']);
});
`;

/** The orders test; `query` is what the route is expected to send on to the orders service. */
const ordersTest = (query) => `import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';

test('GET /api/orders forwards to the orders service', async (t) => {
  const seen = [];
  const ordersService = createServer((req, res) => {
    seen.push(req.url);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify([{ id: 'ord_1', totalCents: 1299 }]));
  }).listen(0);
  t.after(() => ordersService.close());

  process.env.ORDERS_API_URL = \`http://127.0.0.1:\${ordersService.address().port}\`;
  const { createApp } = await import('../src/app.js');
  const server = createApp().listen(0);
  t.after(() => server.close());

  const response = await fetch(\`http://127.0.0.1:\${server.address().port}/api/orders?userId=7\`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), [{ id: 'ord_1', totalCents: 1299 }]);
  assert.deepEqual(seen, ['/orders?${query}']);
});
`;

const CHANGELOG = `# Changelog

## 1.1.0 (2024-04-19)

### Features

- Orders API: \`GET /api/orders\`, read from the orders service (\`ORDERS_API_URL\`) (#12)
- Request logging middleware (#15)

### Breaking changes

- \`/api/v0/users\` is gone; call \`/api/users\`
- \`createdAt\` in user payloads is an ISO 8601 string

## 1.0.0 (2024-03-11)

First release: users API and health check.
`;

// ---------------------------------------------------------------------------------------------
// A small PNG (16 × 16, RGB): three boxes joined by a line, the "architecture diagram".
// Format: https://www.w3.org/TR/png-3/ (signature, IHDR, IDAT = zlib of filtered rows, IEND).

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function architecturePng() {
  const size = 16;
  const boxes = [
    { x: 1, y: 2, w: 4, h: 4, rgb: [0x2b, 0x6c, 0xb0] },
    { x: 11, y: 2, w: 4, h: 4, rgb: [0x2f, 0x85, 0x5a] },
    { x: 6, y: 10, w: 4, h: 4, rgb: [0xc0, 0x56, 0x21] },
  ];
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0]; // filter type 0 (None)
    for (let x = 0; x < size; x++) {
      const box = boxes.find((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h);
      const onLine = (y === 4 && x > 4 && x < 11) || (x === 8 && y > 4 && y < 10);
      row.push(...(box ? box.rgb : onLine ? [0x44, 0x44, 0x44] : [0xff, 0xff, 0xff]));
    }
    rows.push(...row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The history. Each step is a commit (`write`: path -> content, null deletes; `move`: [from, to]
// before writing; `lock`: let npm rewrite package-lock.json), or a branch / merge / tag action.

const HISTORY = [
  {
    author: ALICE, date: '2024-03-04T09:12:00+01:00',
    message: 'chore: initial commit',
    write: {
      '.gitignore': GITIGNORE,
      '.env.example': ENV_EXAMPLE_V1,
      'README.md': README_V1,
      'package.json': packageJson({ version: '1.0.0', dependencies: DEPENDENCIES_V1 }),
      'src/server.js': SERVER_V1,
      'src/app.js': appJs(),
      'src/db.js': DB,
      'src/routes/health.js': HEALTH_ROUTES,
      'src/lib/format.js': FORMAT_V1,
      'migrations/001_create_users.sql': MIGRATION_001,
      'docs/legacy-setup.md': LEGACY_SETUP,
      'test/health.test.js': HEALTH_TEST,
    },
    lock: true,
  },
  {
    author: BOB, date: '2024-03-05T17:40:00-08:00',
    message: 'feat: add the users endpoints\n\nGET /api/users, GET /api/users/:id and POST /api/users, plus the\nunversioned /api/v0/users that the mobile app 2.x still calls.',
    write: { 'src/routes/users.js': usersRoutes(), 'src/app.js': appJs({ users: true }), 'test/users.test.js': USERS_TEST },
  },
  {
    author: CARLA, date: '2024-03-07T11:05:00-03:00',
    message: 'docs: describe the local setup',
    write: { 'README.md': README_V2 },
  },
  {
    author: ALICE, date: '2024-03-08T16:20:00+01:00',
    message: 'fix: drain requests and close the pool on SIGTERM',
    write: { 'src/server.js': SERVER_V2 },
  },
  { tag: 'v1.0.0', tagger: ALICE, date: '2024-03-11T09:30:00+01:00', message: 'Release 1.0.0\n\nUsers API and health check.' },

  {
    author: BOB, date: '2024-03-13T10:02:00-07:00',
    message: 'fix: answer 404 for unknown user ids',
    write: { 'src/routes/users.js': usersRoutes({ notFound: true }) },
  },
  { branch: 'feature-x' },
  {
    author: CARLA, date: '2024-03-18T14:31:00-03:00',
    message: 'feat(orders): add the orders table',
    write: { 'migrations/002_add_orders.sql': MIGRATION_002 },
  },
  {
    author: CARLA, date: '2024-03-19T15:47:00-03:00',
    message: 'feat(orders): add GET /api/orders\n\nReads the orders of a user from the orders service; its address comes\nfrom ORDERS_API_URL.',
    write: {
      'src/routes/orders.js': ordersRoutes(),
      'src/app.js': appJs({ users: true, orders: true }),
      '.env.example': ENV_EXAMPLE_V2,
    },
  },
  {
    author: CARLA, date: '2024-03-20T09:58:00-03:00',
    message: 'test(orders): cover GET /api/orders against a fake orders service',
    write: { 'test/orders.test.js': ordersTest('userId=7') },
  },
  { checkout: 'main' },
  {
    author: BOB, date: '2024-04-02T08:15:00-07:00',
    message: 'chore(deps): bump express to ^4.19.2 and add helmet\n\nexpress 4.19.2 fixes the open redirect of CVE-2024-29041; helmet sets the\nusual security headers.',
    write: { 'package.json': packageJson({ version: '1.0.0', dependencies: DEPENDENCIES_V2 }), 'src/app.js': appJs({ users: true, helmet: true }) },
    lock: true,
  },
  {
    merge: 'feature-x', author: ALICE, committer: GITHUB, date: '2024-04-03T11:24:00+02:00',
    message: 'Merge pull request #12 from team/feature-x\n\nOrders API backed by the orders service',
  },
  {
    author: BOB, committer: GITHUB, date: '2024-04-05T13:37:00-07:00',
    message: 'feat: add request logging middleware (#15)\n\n* add a request logger middleware\n* log method, path, status and duration\n* skip /healthz to keep the logs quiet',
    write: { 'src/middleware/request-logger.js': REQUEST_LOGGER, 'src/app.js': appJs({ users: true, helmet: true, orders: true, logger: true }) },
  },
  {
    author: CARLA, date: '2024-04-08T10:12:00-03:00',
    message: 'refactor: move the format helpers to src/utils/format.js',
    move: [['src/lib/format.js', 'src/utils/format.js']],
    write: {
      'src/utils/format.js': FORMAT_V2,
      'src/routes/users.js': usersRoutes({ formatModule: '../utils/format.js', notFound: true }),
      'test/users.test.js': USERS_TEST.replace('../src/lib/format.js', '../src/utils/format.js'),
    },
  },
  {
    author: ALICE, date: '2024-04-09T09:03:00+02:00',
    message: 'chore: remove the Vagrant setup guide',
    write: { 'docs/legacy-setup.md': null },
  },
  {
    author: CARLA, date: '2024-04-10T16:44:00-03:00',
    message: 'docs: add the architecture diagram',
    write: { 'docs/architecture.png': architecturePng(), 'README.md': README_V3 },
  },
  {
    author: BOB, date: '2024-04-12T11:20:00-07:00',
    message: 'feat!: drop the /api/v0/users route\n\nThe mobile app 2.x, its last caller, reached end of life on 2024-04-01.\nClients call /api/users instead.',
    write: { 'src/routes/users.js': usersRoutes({ formatModule: '../utils/format.js', notFound: true, legacy: false }) },
  },
  {
    author: CARLA, date: '2024-04-15T13:05:00-03:00',
    message: 'fix(api): return ISO 8601 dates in user payloads\n\ncreatedAt was a Unix timestamp in seconds, which the web client showed in\nUTC.\n\nBREAKING CHANGE: `createdAt` in /api/users responses is now an ISO 8601\nstring instead of a number of seconds.',
    write: { 'src/utils/format.js': FORMAT_V3 },
  },
  {
    author: ALICE, date: '2024-04-16T17:48:00+02:00',
    message: `fix(orders): validate the limit query parameter\n\nReject limits outside 1..200 instead of passing them to the orders service.\n\nCo-authored-by: ${DEV.name} <${DEV.email}>`,
    write: { 'src/routes/orders.js': ordersRoutes({ limit: true }), 'test/orders.test.js': ordersTest('userId=7&limit=50') },
  },
  {
    author: CARLA, date: '2024-04-17T10:30:00-03:00',
    message: 'docs: document the orders API',
    write: { 'README.md': README_V4 },
  },
  {
    author: BOB, date: '2024-04-19T09:00:00-07:00',
    message: 'chore(release): 1.1.0',
    write: { 'package.json': packageJson({ version: '1.1.0', dependencies: DEPENDENCIES_V2 }), 'CHANGELOG.md': CHANGELOG },
    lock: true,
  },
  { tag: 'v1.1.0', tagger: BOB, date: '2024-04-19T09:30:00-07:00', message: 'Release 1.1.0\n\nOrders API, request logging; drops /api/v0/users.' },

  {
    author: ALICE, date: '2024-04-24T14:10:00+02:00',
    message: 'feat(orders): paginate GET /api/orders with offset',
    write: { 'src/routes/orders.js': ordersRoutes({ limit: true, offset: true }), 'test/orders.test.js': ordersTest('userId=7&limit=50&offset=0') },
  },

  // An open pull request, never merged: branched before v1.1.0, so v1.1.0 is not its ancestor and
  // `--from v1.1.0 --to feature/invoices` diffs from the merge base.
  { branch: 'feature/invoices', startPoint: 'v1.1.0~3' },
  {
    author: DEV, date: '2024-04-22T18:05:00+05:30',
    message: 'feat(invoices): add GET /api/invoices/:id',
    write: {
      'src/routes/invoices.js': INVOICES_ROUTES,
      'src/app.js': appJs({ users: true, helmet: true, orders: true, logger: true }).replace(
        "  registerOrderRoutes(app);\n",
        "  registerOrderRoutes(app);\n  registerInvoiceRoutes(app);\n",
      ).replace(
        "import { registerOrderRoutes } from './routes/orders.js';\n",
        "import { registerOrderRoutes } from './routes/orders.js';\nimport { registerInvoiceRoutes } from './routes/invoices.js';\n",
      ),
    },
  },
  { checkout: 'main' },
];

// ---------------------------------------------------------------------------------------------
// Assembly.

/** Git sees no system or global config: no signing, hooks paths, autocrlf or templates of the user. */
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', TZ: 'UTC', GIT_TERMINAL_PROMPT: '0' };

function git(dir, args, { env = {}, input } = {}) {
  const result = spawnSync('git', args, { cwd: dir, env: { ...GIT_ENV, ...env }, input, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run git: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function identityEnv(author, committer, date) {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: date,
  };
}

function writeFiles(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) {
      rmSync(full);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Lets npm write package-lock.json for the package.json in `dir`; false when npm cannot. */
function writeLockfile(dir) {
  const result = spawnSync(
    'npm',
    // No `resolved` URLs: they name the registry of whoever runs this, which would change the commits.
    ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--omit-lockfile-registry-resolved', `--before=${NPM_BEFORE}`, '--loglevel=error'],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  if (result.status === 0 && existsSync(join(dir, 'package-lock.json'))) return { ok: true };
  const lines = (result.stderr || result.stdout || '').split('\n').map((line) => line.trim());
  const why = result.error?.message ?? lines.find((line) => /^npm error/.test(line) && !/complete log|Unknown user config/.test(line));
  return { ok: false, why: why || `npm exited with ${result.status}` };
}

function build(dir, { refreshLockfiles }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);

  let lockIndex = 0;
  for (const step of HISTORY) {
    if (step.branch) {
      git(dir, ['checkout', '-q', '-b', step.branch, ...(step.startPoint ? [step.startPoint] : [])]);
    } else if (step.checkout) {
      git(dir, ['checkout', '-q', step.checkout]);
    } else if (step.tag) {
      git(dir, ['tag', '-a', '-F', '-', step.tag], { input: `${step.message}\n`, env: identityEnv(step.tagger, step.tagger, step.date) });
    } else if (step.merge) {
      const env = identityEnv(step.author, step.committer ?? step.author, step.date);
      // git merge reads -F from a file only (no `-` for stdin).
      const messageFile = join(dir, '.git', 'DEMO_MERGE_MSG');
      writeFileSync(messageFile, `${step.message}\n`);
      git(dir, ['merge', '-q', '--no-ff', '--no-edit', '-F', messageFile, step.merge], { env });
      rmSync(messageFile);
      git(dir, ['branch', '-q', '-d', step.merge]);
    } else {
      for (const [from, to] of step.move ?? []) {
        mkdirSync(dirname(join(dir, to)), { recursive: true });
        renameSync(join(dir, from), join(dir, to));
      }
      writeFiles(dir, step.write ?? {});
      if (step.lock) {
        const kept = join(LOCKFILES, `package-lock-${++lockIndex}.json`);
        if (refreshLockfiles) {
          const wrote = writeLockfile(dir);
          if (!wrote.ok) throw new Error(`npm could not write package-lock.json: ${wrote.why}`);
          mkdirSync(LOCKFILES, { recursive: true });
          copyFileSync(join(dir, 'package-lock.json'), kept);
        } else {
          if (!existsSync(kept)) throw new Error(`${kept} is missing; run node examples/build-example-repo.mjs --refresh-lockfiles`);
          copyFileSync(kept, join(dir, 'package-lock.json'));
        }
      }
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '--no-verify', '-F', '-'], { input: `${step.message}\n`, env: identityEnv(step.author, step.committer ?? step.author, step.date) });
    }
  }
}

function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, 'refresh-lockfiles': { type: 'boolean', default: false } } });
  const dir = resolve(values.dir ?? join(HERE, '.demo-repo'));
  build(dir, { refreshLockfiles: values['refresh-lockfiles'] });
  process.stdout.write(`${dir}\n`);
}

main();
