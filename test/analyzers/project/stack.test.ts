/**
 * The stack recogniser on its own: the package table with each ecosystem's name normalisation,
 * which languages make the stack, where runtime versions come from, and which evidence wins.
 */
import { describe, expect, it } from 'vitest';
import { recognisePackage } from '../../../analyzers/project/known-packages.js';
import { countLanguages } from '../../../analyzers/project/languages.js';
import { unreadManifest, type ParsedManifest } from '../../../analyzers/project/manifests/parsed-manifest.js';
import { recogniseStack, runsNodeTestRunner, type ManifestAtPath } from '../../../analyzers/project/stack.js';

function npmManifest(path: string, fields: Partial<ParsedManifest>): ManifestAtPath {
  return { path, manifest: { ...unreadManifest('npm'), ...fields } };
}

const noVersionFiles = new Map<string, string>();

describe('recognisePackage', () => {
  it("matches names after each ecosystem's normalisation", () => {
    const names = (ecosystem: Parameters<typeof recognisePackage>[0], name: string) => recognisePackage(ecosystem, name).map((k) => `${k.category}:${k.name}`);
    expect(names('pypi', 'SQLAlchemy')).toEqual(['orm:SQLAlchemy']);
    expect(names('pypi', 'psycopg2_binary')).toEqual(['database:PostgreSQL']);
    expect(names('go', 'github.com/labstack/echo/v4')).toEqual(['framework:Echo']);
    expect(names('cargo', 'actix_web')).toEqual(['framework:Actix Web']);
    expect(names('composer', 'Laravel/Framework')).toEqual(['framework:Laravel']);
    expect(names('npm', '@sentry/node')).toEqual(['monitoring:Sentry']);
    expect(names('npm', 'mongoose')).toEqual(['database:MongoDB', 'orm:Mongoose']);
    expect(names('npm', 'left-pad')).toEqual([]);
    expect(names('maven', 'org.springframework:spring-core')).toEqual([]);
  });

  it('gives drivers and package families no version of the thing they stand for', () => {
    expect(recognisePackage('npm', 'ioredis')[0]!.carriesVersion).toBe(false);
    expect(recognisePackage('npm', '@opentelemetry/api')[0]!.carriesVersion).toBe(false);
    expect(recognisePackage('npm', 'express')[0]!.carriesVersion).toBe(true);
  });
});

describe('runsNodeTestRunner', () => {
  it.each([
    ['node --test', true],
    ['node --import tsx --test test/*.test.ts', true],
    ['NODE_ENV=test node --test --experimental-test-coverage', true],
    ['cross-env CI=1 node --test', true],
    ['tsc && node --test dist/test', true],
    ['tsx --test src/**/*.test.ts', true],
    ['vitest run', false],
    ['node scripts/test.js --test-only-flag', false],
    ['jest --testPathPattern node', false],
    ['mocha --test', false],
  ])('%s → %s', (command, expected) => {
    expect(runsNodeTestRunner(command)).toBe(expected);
  });
});

describe('recogniseStack', () => {
  it('takes the most common code language and others with at least a tenth of the files, never markup', () => {
    const languages = countLanguages([
      ...Array.from({ length: 12 }, (_, i) => `src/module-${i}.py`),
      'scripts/deploy.sh',
      'scripts/backup.sh',
      'db/schema.sql',
      ...Array.from({ length: 6 }, (_, i) => `templates/page-${i}.html`),
    ]);
    expect(languages.map((l) => [l.name, l.files])).toEqual([
      ['Python', 12],
      ['HTML', 6],
      ['Shell', 2],
      ['SQL', 1],
    ]);
    const stack = recogniseStack({ languages, manifests: [], paths: [], versionFiles: noVersionFiles });
    // Shell has 2 of 21 files (9.5%): below the share.
    expect(stack).toEqual([{ category: 'language', name: 'Python', evidence: '*.py files', version: null }]);
  });

  it('names TypeScript from a tsconfig.json alone, and skips minified bundles', () => {
    const languages = countLanguages(['lib/index.js', 'lib/util.cjs', 'public/vendor.min.js']);
    expect(languages).toEqual([{ name: 'JavaScript', kind: 'code', files: 2, extensions: ['cjs', 'js'] }]);
    const stack = recogniseStack({ languages, manifests: [], paths: ['lib/index.js', 'tsconfig.json'], versionFiles: noVersionFiles });
    expect(stack).toEqual([
      { category: 'language', name: 'JavaScript', evidence: '*.cjs, *.js files', version: null },
      { category: 'language', name: 'TypeScript', evidence: 'tsconfig.json', version: null },
    ]);
  });

  it('prefers a root version file to engines.node, and names Bun and Deno from their files', () => {
    const manifests = [npmManifest('package.json', { runtime: { name: 'Node.js', version: '>=18', field: 'engines.node' } })];
    const paths = ['package.json', 'bun.lockb', 'tools/deno.json'];
    const withNvmrc = recogniseStack({ languages: [], manifests, paths, versionFiles: new Map([['.node-version', '\n20.12.2\n']]) });
    expect(withNvmrc).toEqual([
      { category: 'runtime', name: 'Bun', evidence: 'bun.lockb', version: null },
      { category: 'runtime', name: 'Deno', evidence: 'tools/deno.json', version: null },
      { category: 'runtime', name: 'Node.js', evidence: '.node-version', version: '20.12.2' },
    ]);
    const withoutNvmrc = recogniseStack({ languages: [], manifests, paths: [], versionFiles: noVersionFiles });
    expect(withoutNvmrc).toEqual([{ category: 'runtime', name: 'Node.js', evidence: 'package.json: engines.node', version: '>=18' }]);
  });

  it('takes the evidence of the manifest nearest the root first, then by section and package name', () => {
    const manifests = [
      npmManifest('packages/web/package.json', { dependencies: [{ name: 'react', version: '^18.3.1', type: 'dependencies' }] }),
      npmManifest('package.json', {
        dependencies: [
          { name: 'react', version: '^18.2.0', type: 'devDependencies' },
          { name: 'pg', version: '^8.11.0', type: 'dependencies' },
          { name: 'postgres', version: '^3.4.4', type: 'dependencies' },
        ],
      }),
    ];
    expect(recogniseStack({ languages: [], manifests, paths: [], versionFiles: noVersionFiles })).toEqual([
      { category: 'runtime', name: 'Node.js', evidence: 'package.json', version: null },
      { category: 'frontend', name: 'React', evidence: 'package.json: react', version: '^18.2.0' },
      { category: 'database', name: 'PostgreSQL', evidence: 'package.json: pg', version: null },
    ]);
  });
});
