/**
 * A TypeScript Express API on PostgreSQL, tested with Vitest: the project as it stands at TO,
 * read from git objects (not the working tree), identical with both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../../helpers/repo-builder.js';
import { analyzeProject, committerDate, ENGINES } from './analyze-project.js';

const PACKAGE_JSON_V1_3 = {
  name: 'orders-api',
  version: '1.3.0',
  description: 'Order management REST API',
  license: 'MIT',
  type: 'module',
  engines: { node: '>=20.11' },
  scripts: { build: 'tsc -p tsconfig.build.json', test: 'vitest run' },
  dependencies: { express: '^4.19.2', pg: '^8.11.5' },
  devDependencies: { typescript: '^5.4.5', vitest: '^1.6.0' },
};

const PACKAGE_JSON_V1_4 = {
  name: 'orders-api',
  version: '1.4.0',
  description: 'Order management REST API',
  license: 'MIT',
  type: 'module',
  main: 'dist/server.js',
  engines: { node: '>=20.11' },
  scripts: {
    build: 'tsc -p tsconfig.build.json',
    dev: 'tsx watch src/server.ts',
    start: 'node dist/server.js',
    test: 'vitest run',
    lint: 'eslint .',
    migrate: 'node-pg-migrate up',
  },
  dependencies: { express: '^4.19.2', pg: '^8.11.5', pino: '^9.1.0', zod: '^3.23.8', dotenv: '^16.4.5' },
  devDependencies: {
    '@types/express': '^4.17.21',
    '@types/node': '^20.12.12',
    '@types/pg': '^8.11.6',
    supertest: '^7.0.0',
    tsx: '^4.11.0',
    typescript: '^5.4.5',
    vitest: '^1.6.0',
  },
};

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, outDir: 'dist' }, include: ['src'] }, null, 2);

let repo: TestRepo;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: scaffold the orders API', {
    'package.json': JSON.stringify(PACKAGE_JSON_V1_3, null, 2) + '\n',
    'tsconfig.json': TSCONFIG,
    '.nvmrc': '20.11.1\n',
    'src/server.ts': "import { app } from './app.js';\napp.listen(3000);\n",
    'src/app.ts': "import express from 'express';\nexport const app = express();\n",
  });
  repo.commit('feat: orders endpoints with validation and logging', {
    'package.json': JSON.stringify(PACKAGE_JSON_V1_4, null, 2) + '\n',
    'package-lock.json': '{\n  "name": "orders-api",\n  "lockfileVersion": 3\n}\n',
    'tsconfig.build.json': '{ "extends": "./tsconfig.json", "exclude": ["test"] }\n',
    'vitest.config.ts': "import { defineConfig } from 'vitest/config';\nexport default defineConfig({});\n",
    'src/config.ts': 'export const port = Number(process.env.PORT ?? 3000);\n',
    'src/routes/orders.ts': "import { Router } from 'express';\nexport const orders = Router();\n",
    'src/routes/health.ts': "import { Router } from 'express';\nexport const health = Router();\n",
    'src/db/pool.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n",
    'src/db/orders-repository.ts': "import { pool } from './pool.js';\nexport const list = () => pool.query('select * from orders');\n",
    'test/orders.test.ts': "import request from 'supertest';\n",
    'test/health.test.ts': "import request from 'supertest';\n",
    'migrations/001_create_orders.sql': 'create table orders (id serial primary key);\n',
    'scripts/seed.sh': { content: '#!/bin/sh\npsql -f seed.sql\n', executable: true },
    'README.md': '# orders-api\n',
    '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    // Committed by mistake: build output and editor settings are not the project.
    'dist/server.js': 'console.log("built");\n',
    '.vscode/settings.json': '{}\n',
  });
  // An uncommitted edit: the facts describe TO, never the working tree.
  repo.write({ 'package.json': JSON.stringify({ ...PACKAGE_JSON_V1_4, version: '9.9.9', dependencies: { koa: '^2.15.0' } }) });
});

afterAll(() => repo.remove());

describe.each(ENGINES)('the project analyzer with the %s engine', (engine) => {
  it('describes the Express API at TO exactly', async () => {
    const { project, warnings } = await analyzeProject(repo, engine, { to: 'main' });
    expect(warnings).toEqual([]);
    expect(project).toEqual({
      name: 'orders-api',
      version: '1.4.0',
      description: 'Order management REST API',
      license: 'MIT',
      branch: 'main',
      tags: [],
      date: committerDate(repo, 'main'),
      manifests: [{ path: 'package.json', ecosystem: 'npm', name: 'orders-api', version: '1.4.0' }],
      languages: [
        { name: 'TypeScript', files: 10 },
        { name: 'SQL', files: 1 },
        { name: 'Shell', files: 1 },
      ],
      stack: [
        { category: 'language', name: 'TypeScript', evidence: 'tsconfig.json, *.ts files', version: null },
        { category: 'runtime', name: 'Node.js', evidence: '.nvmrc', version: '20.11.1' },
        { category: 'framework', name: 'Express', evidence: 'package.json: express', version: '^4.19.2' },
        // pg's version is the driver's, not PostgreSQL's.
        { category: 'database', name: 'PostgreSQL', evidence: 'package.json: pg', version: null },
        { category: 'testing', name: 'SuperTest', evidence: 'package.json: supertest', version: '^7.0.0' },
        { category: 'testing', name: 'Vitest', evidence: 'package.json: vitest', version: '^1.6.0' },
        { category: 'logging', name: 'Pino', evidence: 'package.json: pino', version: '^9.1.0' },
        { category: 'validation', name: 'Zod', evidence: 'package.json: zod', version: '^3.23.8' },
        { category: 'build', name: 'TypeScript compiler', evidence: 'package.json: typescript', version: '^5.4.5' },
        { category: 'build', name: 'tsx', evidence: 'package.json: tsx', version: '^4.11.0' },
      ],
      dependencies: [
        { manifest: 'package.json', name: 'dotenv', version: '^16.4.5', type: 'dependencies' },
        { manifest: 'package.json', name: 'express', version: '^4.19.2', type: 'dependencies' },
        { manifest: 'package.json', name: 'pg', version: '^8.11.5', type: 'dependencies' },
        { manifest: 'package.json', name: 'pino', version: '^9.1.0', type: 'dependencies' },
        { manifest: 'package.json', name: 'zod', version: '^3.23.8', type: 'dependencies' },
        { manifest: 'package.json', name: '@types/express', version: '^4.17.21', type: 'devDependencies' },
        { manifest: 'package.json', name: '@types/node', version: '^20.12.12', type: 'devDependencies' },
        { manifest: 'package.json', name: '@types/pg', version: '^8.11.6', type: 'devDependencies' },
        { manifest: 'package.json', name: 'supertest', version: '^7.0.0', type: 'devDependencies' },
        { manifest: 'package.json', name: 'tsx', version: '^4.11.0', type: 'devDependencies' },
        { manifest: 'package.json', name: 'typescript', version: '^5.4.5', type: 'devDependencies' },
        { manifest: 'package.json', name: 'vitest', version: '^1.6.0', type: 'devDependencies' },
      ],
      scripts: [
        { manifest: 'package.json', name: 'build', command: 'tsc -p tsconfig.build.json' },
        { manifest: 'package.json', name: 'dev', command: 'tsx watch src/server.ts' },
        { manifest: 'package.json', name: 'start', command: 'node dist/server.js' },
        { manifest: 'package.json', name: 'test', command: 'vitest run' },
        { manifest: 'package.json', name: 'lint', command: 'eslint .' },
        { manifest: 'package.json', name: 'migrate', command: 'node-pg-migrate up' },
      ],
      directories: [
        { path: '.github', files: 1 },
        { path: '.github/workflows', files: 1 },
        { path: 'migrations', files: 1 },
        { path: 'scripts', files: 1 },
        { path: 'src', files: 7 },
        { path: 'src/db', files: 2 },
        { path: 'src/routes', files: 2 },
        { path: 'test', files: 2 },
      ],
    });
  });

  it('describes an older TO as it stood then', async () => {
    const { project } = await analyzeProject(repo, engine, { to: 'main~1' });
    expect(project.version).toBe('1.3.0');
    expect(project.date).toBe(committerDate(repo, 'main~1'));
    expect(project.dependencies.map((d) => d.name)).toEqual(['express', 'pg', 'typescript', 'vitest']);
    expect(project.stack.map((s) => s.name)).toEqual(['TypeScript', 'Node.js', 'Express', 'PostgreSQL', 'Vitest', 'TypeScript compiler']);
    expect(project.directories).toEqual([{ path: 'src', files: 2 }]);
  });
});
