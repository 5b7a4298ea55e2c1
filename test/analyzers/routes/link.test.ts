/** Linking declared routes into served ones: mounts across files, double mounts, cycles and global prefixes. */
import { describe, expect, it } from 'vitest';
import { linkRoutes } from '../../../analyzers/routes/link.js';
import { noRoutes, type DeclaredRoute, type RouteExtraction } from '../../../analyzers/routes/model.js';

const route = (path: string, group: string | null, framework = 'express'): DeclaredRoute => ({
  method: 'GET', path, dynamic: false, framework, line: 1, handler: null, auth: [], middleware: [], group,
});
const extraction = (more: Partial<RouteExtraction>): RouteExtraction => ({ ...noRoutes(), moduleStyle: 'javascript', ...more });
const served = (files: Record<string, RouteExtraction>) => linkRoutes(new Map(Object.entries(files))).routes.map((r) => `${r.path}${r.dynamic ? ' (dynamic)' : ''} ${r.auth.join(',')}`.trim());

describe('linkRoutes', () => {
  it('serves a router under every prefix it is mounted at, with the auth in front of each mount', () => {
    expect(served({
      'src/app.ts': extraction({
        mounts: [
          { parent: 'app', prefix: '/v1', dynamic: false, target: { kind: 'import', module: './users.js', name: 'default' }, line: 2, auth: [] },
          { parent: 'app', prefix: '/v2', dynamic: false, target: { kind: 'import', module: './users.js', name: 'default' }, line: 3, auth: ['requireAuth'] },
        ],
      }),
      'src/users.ts': extraction({ routes: [route('/users', 'router')], exports: { default: 'router' } }),
    })).toEqual(['/v1/users', '/v2/users requireAuth']);
  });

  it('keeps a router whose mount it cannot see at its own paths, and survives a mount cycle', () => {
    expect(served({
      'a.js': extraction({ routes: [route('/a', 'a')], mounts: [{ parent: 'a', prefix: '/b', dynamic: false, target: { kind: 'local', name: 'b' }, line: 1, auth: [] }] }),
      'b.js': extraction({ routes: [route('/orphan', 'router')] }),
    })).toEqual(['/a', '/orphan']);
    const cycle = extraction({
      routes: [route('/x', 'a')],
      mounts: [
        { parent: 'a', prefix: '/b', dynamic: false, target: { kind: 'local', name: 'b' }, line: 1, auth: [] },
        { parent: 'b', prefix: '/a', dynamic: false, target: { kind: 'local', name: 'a' }, line: 2, auth: [] },
      ],
    });
    expect(served({ 'c.js': cycle })).toEqual(['/x']);
  });

  it("applies the nearest application's global prefix to its framework's routes, and marks a computed one dynamic", () => {
    expect(served({
      'apps/api/src/main.ts': extraction({ globalPrefix: { framework: 'nestjs', prefix: '/api', line: 3 } }),
      'apps/admin/src/main.ts': extraction({ globalPrefix: { framework: 'nestjs', prefix: '/{…}', line: 3 } }),
      'apps/api/src/cats.controller.ts': extraction({ routes: [route('/cats', null, 'nestjs')] }),
      'apps/admin/src/users.controller.ts': extraction({ routes: [route('/users', null, 'nestjs')] }),
      'apps/web/server.js': extraction({ routes: [route('/health', 'app')] }),
    })).toEqual(['/{…}/users (dynamic)', '/api/cats', '/health']);
  });
});
