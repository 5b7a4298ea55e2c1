import { describe, expect, it } from 'vitest';
import { joinPaths, parameterNames, pathShape } from '../../../analyzers/routes/paths.js';

describe('route paths', () => {
  it('joins prefixes with exactly one slash and no trailing slash but the root', () => {
    expect(joinPaths('/api', '/users')).toBe('/api/users');
    expect(joinPaths('/api/', 'users/')).toBe('/api/users');
    expect(joinPaths('', '')).toBe('/');
    expect(joinPaths('/api', '/')).toBe('/api');
    expect(joinPaths('v1', '//x')).toBe('/v1/x');
  });

  it("gives every framework's parameter spelling one shape, and keeps the names apart", () => {
    const spellings = ['/users/:id', '/users/{id}', '/users/<int:id>', '/users/[id]', '/users/$id', '/users/{id:[0-9]+}', '/users/:id(\\d+)'];
    expect(new Set(spellings.map(pathShape))).toEqual(new Set(['/users/{}']));
    expect(pathShape('/docs/[...slug]')).toBe('/docs/{*}');
    expect(pathShape('/files/{path...}')).toBe('/files/{*}');
    expect(pathShape('/api/cart/[...]')).toBe('/api/cart/{*}');
    expect(pathShape('/static/<path:rest>')).toBe('/static/{*}');
    expect(pathShape('/users/me')).toBe('/users/me');
    expect(parameterNames('/orgs/:org/users/{user}/[...rest]')).toEqual(['org', 'user', 'rest']);
  });
});
