import { describe, expect, it } from 'vitest';
import { openApiRouteExtractor } from '../../../analyzers/routes/extractors/openapi.js';
import { RouteSyntaxError, type DeclaredRoute } from '../../../analyzers/routes/model.js';

const lines = (...text: string[]): string => text.join('\n') + '\n';
const { extract, matches } = openApiRouteExtractor;

function route(method: string, path: string, line: number, handler: string | null, auth: string[] = [], dynamic = false): DeclaredRoute {
  return { method, path, dynamic, framework: 'openapi', line, handler, auth, middleware: [], group: null };
}

/** The Petstore example's shape, with a document-wide key and operations that override it. */
const petstore = lines(
  'openapi: "3.0.0"',                          // 1
  'info:',                                     // 2
  '  version: 1.0.0',                          // 3
  '  title: Swagger Petstore',                 // 4
  'servers:',                                  // 5
  '  - url: http://petstore.swagger.io/v1',    // 6
  '  - url: http://localhost:8080/v2',         // 7
  'security:',                                 // 8
  '  - api_key: []',                           // 9
  'paths:',                                    // 10
  '  /pets:',                                  // 11
  '    parameters:',                           // 12
  '      - name: tenant',                      // 13
  '        in: header',                        // 14
  '    get:',                                  // 15
  '      summary: List all pets',              // 16
  '      operationId: listPets',               // 17
  '      tags: [pets]',                        // 18
  '    post:',                                 // 19
  '      operationId: createPets',             // 20
  '      security:',                           // 21
  '        - petstore_auth: [write:pets]',     // 22
  '        - api_key: []',                     // 23
  '  /pets/{petId}:',                          // 24
  '    get:',                                  // 25
  '      operationId: showPetById',            // 26
  '    delete:',                               // 27
  '      security: []',                        // 28
  '    x-internal: true',                      // 29
  '  x-extension:',                            // 30
  '    get: {}',                               // 31
  'components:',                               // 32
  '  securitySchemes:',                        // 33
  '    api_key: { type: apiKey, name: api_key, in: header }', // 34
);

describe('OpenAPI 3 documents', () => {
  it('gives one route per operation, prefixed by the first server path, with the security that applies', () => {
    expect(extract(petstore, 'openapi.yaml').routes).toEqual([
      route('GET', '/v1/pets', 15, 'listPets', ['api_key']),
      route('POST', '/v1/pets', 19, 'createPets', ['petstore_auth', 'api_key']),
      route('GET', '/v1/pets/{petId}', 25, 'showPetById', ['api_key']),
      route('DELETE', '/v1/pets/{petId}', 27, null, []),
    ]);
  });

  it('takes a server path from a relative URL, a URL with variables, and nothing from a host alone', () => {
    const withServer = (...server: string[]) => lines(
      'openapi: 3.1.0',
      'servers:',
      ...server,
      'paths:',
      '  /:',
      '    get: { operationId: root }',
      '  /orders:',
      '    get: { operationId: listOrders }',
    ).trimEnd();
    const paths = (text: string) => extract(text, 'api/openapi.yml').routes.map((found) => [found.path, found.dynamic]);
    expect(paths(withServer('  - url: /api/v3/'))).toEqual([['/api/v3', false], ['/api/v3/orders', false]]);
    expect(paths(withServer('  - url: https://api.example.com'))).toEqual([['/', false], ['/orders', false]]);
    expect(paths(withServer('  - url: v1'))).toEqual([['/', false], ['/orders', false]]);
    expect(paths(withServer(
      '  - url: "{scheme}://{host}/{basePath}"',
      '    variables:',
      '      scheme: { default: https }',
      '      host: { default: api.example.com }',
      '      basePath: { default: v2, enum: [v1, v2] }',
    ))).toEqual([['/v2', false], ['/v2/orders', false]]);
    expect(paths(withServer('  - url: "https://api.example.com/{tenant}"', '    variables:', '      tenant: { enum: [a, b] }')))
      .toEqual([['/{…}', true], ['/{…}/orders', true]]);
  });

  it('lets an operation or path item name its own servers', () => {
    const text = lines(
      'openapi: 3.0.3',
      'servers: [{ url: "https://api.example.com/v1" }]',
      'paths:',
      '  /uploads:',
      '    servers: [{ url: "https://files.example.com/storage" }]',
      '    post: { operationId: upload }',
      '  /reports:',
      '    get:',
      '      operationId: report',
      '      servers: [{ url: /legacy }]',
      '  /users:',
      '    get: { operationId: users }',
    );
    expect(extract(text, 'openapi.yaml').routes.map((found) => `${found.method} ${found.path}`)).toEqual([
      'POST /storage/uploads', 'GET /legacy/reports', 'GET /v1/users',
    ]);
  });

  it('follows path items referenced inside the document, not those in other files', () => {
    const text = lines(
      'openapi: 3.1.0',                           // 1
      'paths:',                                   // 2
      '  /pets:',                                 // 3
      "    $ref: '#/components/pathItems/Pets'",  // 4
      '  /owners:',                               // 5
      "    $ref: './paths/owners.yaml'",          // 6
      '  /a~1b:',                                 // 7
      "    $ref: '#/x-items/a~1b'",               // 8
      'components:',                              // 9
      '  pathItems:',                             // 10
      '    Pets:',                                // 11
      '      get:',                               // 12
      '        operationId: listPets',            // 13
      'x-items:',                                 // 14
      '  a/b:',                                   // 15
      '    put: { operationId: putAB }',          // 16
    );
    expect(extract(text, 'openapi.yaml').routes).toEqual([
      route('GET', '/pets', 12, 'listPets'),
      route('PUT', '/a~1b', 16, 'putAB'),
    ]);
  });
});

describe('Swagger 2 documents', () => {
  it('reads a JSON document with its basePath, operationIds and security, on the lines of the operation keys', () => {
    const text = lines(
      '{',                                                              // 1
      '  "swagger": "2.0",',                                            // 2
      '  "info": { "title": "Swagger Petstore", "version": "1.0.7" },', // 3
      '  "host": "petstore.swagger.io",',                               // 4
      '  "basePath": "/v2/",',                                          // 5
      '  "schemes": ["https"],',                                        // 6
      '  "paths": {',                                                   // 7
      '    "/pet": {',                                                  // 8
      '      "post": {',                                                // 9
      '        "operationId": "addPet",',                               // 10
      '        "security": [{ "petstore_auth": ["write:pets", "read:pets"] }]', // 11
      '      },',                                                       // 12
      '      "put": { "operationId": "updatePet" }',                    // 13
      '    },',                                                         // 14
      '    "/store/inventory": {',                                      // 15
      '      "get": { "summary": "Returns pet inventories", "security": [{ "api_key": [] }] }', // 16
      '    },',                                                         // 17
      '    "/user/login": { "get": { "operationId": "loginUser", "security": [] } }', // 18
      '  },',                                                           // 19
      '  "securityDefinitions": { "api_key": { "type": "apiKey", "name": "api_key", "in": "header" } },', // 20
      '  "security": [{ "api_key": [] }, {}]',                          // 21
      '}',                                                              // 22
    );
    expect(extract(text, 'docs/api/swagger.json').routes).toEqual([
      route('POST', '/v2/pet', 9, 'addPet', ['petstore_auth']),
      route('PUT', '/v2/pet', 13, 'updatePet', ['api_key']),
      route('GET', '/v2/store/inventory', 16, null, ['api_key']),
      route('GET', '/v2/user/login', 18, 'loginUser', []),
    ]);
  });

  it('reads an unquoted version and no basePath', () => {
    const text = lines('swagger: 2.0', 'paths:', '  /health:', '    get:', '      operationId: health');
    expect(extract(text, 'swagger.yml').routes).toEqual([route('GET', '/health', 4, 'health')]);
  });
});

describe('documents that are not specs', () => {
  it('gives no routes for other YAML and JSON, and for other spec versions', () => {
    expect(extract(lines('version: 2', 'jobs:', '  build:', '    paths: [src]'), 'spec/fixtures/ci.yml').routes).toEqual([]);
    expect(extract(lines('swagger:', '  enabled: true', 'paths:', '  /x:', '    get: {}'), 'spec/config.yml').routes).toEqual([]);
    expect(extract(lines('openapi: 4.0.0', 'paths:', '  /x:', '    get: {}'), 'openapi.yaml').routes).toEqual([]);
    expect(extract('{"name": "fixture", "paths": {"/x": {"get": {}}}}', 'specs/fixture.json').routes).toEqual([]);
  });

  it('does not parse a broken file that is not a spec', () => {
    expect(extract(lines('a: [1', 'b: {'), 'spec/fixtures/broken.yml').routes).toEqual([]);
  });
});

describe('unreadable specs', () => {
  it('throws RouteSyntaxError with the line for invalid YAML', () => {
    const text = lines('openapi: 3.0.0', 'paths:', '  /pets:', '    get: [unclosed', '  /owners: {');
    expect(() => extract(text, 'openapi.yaml')).toThrow(RouteSyntaxError);
    expect(() => extract(text, 'openapi.yaml')).toThrow(/not valid YAML \(line \d+/);
  });

  it('throws RouteSyntaxError with the line for invalid JSON the YAML parser would accept', () => {
    const text = lines('{', '  "openapi": "3.0.0",', '  "paths": {', '    "/pets": { "get": }', '  }', '}');
    expect(() => extract(text, 'openapi.json')).toThrow(/not valid JSON \(ValueExpected at line 4\)/);
  });
});

describe('which files are specs', () => {
  it('matches spec names and files in spec folders', () => {
    for (const path of [
      'openapi.yaml', 'openapi.json', 'swagger.yml', 'docs/openapi-v2.yaml', 'api/petstore.openapi.json', 'billing.swagger.yaml',
      'api-spec.yaml', 'api-spec.v1.json', 'api-docs.json', 'openapi/root.yml', 'swagger/v1/swagger.json', 'spec/api.yaml',
      'docs/api/orders.yaml', 'services/api/api.yml',
    ]) {
      expect(matches(path), path).toBe(true);
    }
  });

  it('does not match other files', () => {
    for (const path of [
      'package.json', 'config/settings.yaml', '.github/workflows/ci.yml', 'openapi.ts', 'docs/openapi.md', 'swagger-ui.css',
      'node_modules/pkg/openapi.yaml', 'src/spec/helpers.ts', 'docs/guide.yaml',
    ]) {
      expect(matches(path), path).toBe(false);
    }
  });
});
