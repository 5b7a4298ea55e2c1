/**
 * An npm workspaces monorepo: the workspace package.json files are the project's, while a test
 * fixture, an example app and committed node_modules are not. Build output is skipped next to a
 * manifest, but a source folder that happens to be called `build` is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../../helpers/repo-builder.js';
import { analyzeProject, ENGINES } from './analyze-project.js';

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

let repo: TestRepo;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: shopfront monorepo', {
    'package.json': json({
      name: 'shopfront',
      private: true,
      workspaces: ['apps/*', 'packages/*'],
      scripts: { build: 'turbo run build', test: 'turbo run test', lint: 'eslint .' },
      devDependencies: { eslint: '^9.4.0', turbo: '^2.0.4', typescript: '^5.4.5' },
      packageManager: 'npm@10.8.1',
    }),
    'tsconfig.json': json({ files: [], references: [{ path: 'apps/api' }, { path: 'apps/web' }] }),
    'turbo.json': json({ tasks: { build: { outputs: ['dist/**'] } } }),
    'apps/web/package.json': json({
      name: '@shopfront/web',
      version: '0.1.0',
      private: true,
      scripts: { dev: 'next dev', build: 'next build', 'test:e2e': 'playwright test' },
      dependencies: { '@shopfront/ui': '*', next: '14.2.3', react: '^18.3.1', 'react-dom': '^18.3.1' },
      devDependencies: { '@playwright/test': '^1.44.1' },
    }),
    'apps/web/app/page.tsx': 'export default function Page() { return null; }\n',
    'apps/web/app/layout.tsx': 'export default function Layout() { return null; }\n',
    'apps/web/e2e/home.spec.ts': "import { test } from '@playwright/test';\n",
    'apps/web/.next/server/app/page.js': '// next build output\n',
    'apps/api/package.json': json({
      name: '@shopfront/api',
      version: '0.1.0',
      engines: { node: '>=20' },
      scripts: { build: 'tsc', test: 'node --import tsx --test test/*.test.ts' },
      dependencies: { '@prisma/client': '^5.14.0', fastify: '^4.27.0', pino: '^9.1.0' },
      devDependencies: { prisma: '^5.14.0', tsx: '^4.11.0' },
    }),
    'apps/api/prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
    'apps/api/src/server.ts': "import Fastify from 'fastify';\n",
    'apps/api/src/routes/products.ts': 'export {};\n',
    'apps/api/test/products.test.ts': "import { test } from 'node:test';\n",
    'apps/api/dist/server.js': '// tsc output\n',
    'packages/ui/package.json': json({
      name: '@shopfront/ui',
      version: '0.3.0',
      peerDependencies: { react: '^18.0.0' },
      devDependencies: { vitest: '^1.6.0' },
      scripts: { test: 'vitest run' },
    }),
    'packages/ui/src/button.tsx': 'export const Button = () => null;\n',
    'packages/ui/src/button.test.tsx': "import { it } from 'vitest';\n",
    'packages/cli/package.json': json({ name: '@shopfront/cli', version: '0.2.0', bin: { shopfront: 'dist/index.js' } }),
    'packages/cli/src/index.ts': 'export {};\n',
    'packages/cli/src/commands/build/index.ts': 'export const build = () => {};\n',
    'packages/cli/dist/index.js': '// tsc output\n',
    // Not the project: a fixture app the tests run against, an example, and a committed dependency.
    'test/fixtures/legacy-app/package.json': json({ name: 'fixture-app', version: '1.0.0', dependencies: { express: '4.0.0', mongoose: '^8.4.0' } }),
    'test/fixtures/legacy-app/index.js': "require('express')\n",
    'test/smoke.test.ts': 'export {};\n',
    'examples/with-koa/package.json': json({ name: 'example-koa', dependencies: { koa: '^2.15.0' } }),
    'examples/with-koa/server.js': "require('koa')\n",
    'node_modules/left-pad/package.json': json({ name: 'left-pad', version: '1.3.0' }),
    'node_modules/left-pad/index.js': 'module.exports = leftPad;\n',
  });
});

afterAll(() => repo.remove());

describe.each(ENGINES)('the project analyzer with the %s engine', (engine) => {
  it('takes the workspace manifests and leaves fixtures, examples and node_modules out', async () => {
    const { project, warnings } = await analyzeProject(repo, engine, { to: 'HEAD' });
    expect(warnings).toEqual([]);
    expect([project.name, project.version]).toEqual(['shopfront', null]);
    expect(project.manifests).toEqual([
      { path: 'apps/api/package.json', ecosystem: 'npm', name: '@shopfront/api', version: '0.1.0' },
      { path: 'apps/web/package.json', ecosystem: 'npm', name: '@shopfront/web', version: '0.1.0' },
      { path: 'package.json', ecosystem: 'npm', name: 'shopfront', version: null },
      { path: 'packages/cli/package.json', ecosystem: 'npm', name: '@shopfront/cli', version: '0.2.0' },
      { path: 'packages/ui/package.json', ecosystem: 'npm', name: '@shopfront/ui', version: '0.3.0' },
    ]);
    expect(project.dependencies.filter((d) => d.manifest === 'packages/ui/package.json')).toEqual([
      { manifest: 'packages/ui/package.json', name: 'vitest', version: '^1.6.0', type: 'devDependencies' },
      { manifest: 'packages/ui/package.json', name: 'react', version: '^18.0.0', type: 'peerDependencies' },
    ]);
    expect(project.dependencies.map((d) => d.name)).not.toContain('express');
    expect(project.scripts.map((s) => `${s.manifest} ${s.name}`)).toEqual([
      'apps/api/package.json build',
      'apps/api/package.json test',
      'apps/web/package.json dev',
      'apps/web/package.json build',
      'apps/web/package.json test:e2e',
      'package.json build',
      'package.json test',
      'package.json lint',
      'packages/ui/package.json test',
    ]);
    expect(project.languages).toEqual([{ name: 'TypeScript', files: 11 }]);
    expect(project.stack).toEqual([
      { category: 'language', name: 'TypeScript', evidence: 'tsconfig.json, *.ts, *.tsx files', version: null },
      { category: 'runtime', name: 'Node.js', evidence: 'apps/api/package.json: engines.node', version: '>=20' },
      { category: 'framework', name: 'Fastify', evidence: 'apps/api/package.json: fastify', version: '^4.27.0' },
      { category: 'framework', name: 'Next.js', evidence: 'apps/web/package.json: next', version: '14.2.3' },
      { category: 'frontend', name: 'React', evidence: 'apps/web/package.json: react', version: '^18.3.1' },
      { category: 'orm', name: 'Prisma', evidence: 'apps/api/package.json: @prisma/client', version: '^5.14.0' },
      { category: 'testing', name: 'Node.js test runner', evidence: 'apps/api/package.json: scripts.test', version: null },
      { category: 'testing', name: 'Vitest', evidence: 'packages/ui/package.json: vitest', version: '^1.6.0' },
      { category: 'e2e-testing', name: 'Playwright', evidence: 'apps/web/package.json: @playwright/test', version: '^1.44.1' },
      { category: 'logging', name: 'Pino', evidence: 'apps/api/package.json: pino', version: '^9.1.0' },
      { category: 'build', name: 'Turborepo', evidence: 'package.json: turbo', version: '^2.0.4' },
      { category: 'build', name: 'TypeScript compiler', evidence: 'package.json: typescript', version: '^5.4.5' },
      { category: 'build', name: 'tsx', evidence: 'apps/api/package.json: tsx', version: '^4.11.0' },
    ]);
    expect(project.directories).toEqual([
      { path: 'apps', files: 9 },
      { path: 'apps/api', files: 5 },
      { path: 'apps/web', files: 4 },
      { path: 'examples', files: 2 },
      { path: 'examples/with-koa', files: 2 },
      { path: 'packages', files: 6 },
      { path: 'packages/cli', files: 3 },
      { path: 'packages/ui', files: 3 },
      { path: 'test', files: 3 },
      { path: 'test/fixtures', files: 2 },
    ]);
  });
});
