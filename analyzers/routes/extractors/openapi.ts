/**
 * OpenAPI 3.x and Swagger 2.0 documents: every operation of `paths` is a route.
 * Spec: https://spec.openapis.org/oas/v3.1.0#paths-object, https://spec.openapis.org/oas/v3.0.3#server-object,
 * https://spec.openapis.org/oas/v3.0.3#security-requirement-object, https://swagger.io/specification/v2/
 *
 * - Which files: `openapi.*`, `swagger.*` (and `openapi-v2.yaml`, `openapi.public.json`),
 *   `*.openapi.*`, `*.swagger.*`, `api-spec*`, `api-docs*`, `api.*`, and every file under an
 *   `openapi/`, `swagger/`, `spec/`, `specs/`, `api-spec/`, `api-docs/` or `docs/api/` folder, as
 *   `.json`, `.yaml` or `.yml`. A file with no `openapi` / `swagger` key is not parsed; a parsed
 *   document whose root has neither `openapi: 3.x` nor `swagger: "2.0"` gives no routes.
 * - Each `paths` entry × operation (`get`, `put`, `post`, `delete`, `options`, `head`, `patch`,
 *   `trace`) is one route (framework `openapi`, group null): the path as written (`/pets/{petId}`),
 *   `handler` the `operationId` or null, `line` the operation key's line, `middleware` `[]`.
 * - Prefix: Swagger 2's `basePath`; OpenAPI 3's first server URL of the operation, else of the
 *   path item, else of the document, when it has a path: `https://api.example.com/v1` and `/v1`
 *   give `/v1`, `https://api.example.com` gives none, and so does a URL relative to the document
 *   (`v1`, `./v1`: where the document is served from is unknown). Server variables take their
 *   `default`; one without a default is `{…}` and the route is `dynamic`. A prefix on the path
 *   `/` gives the prefix itself (`/v1`, not `/v1/`).
 * - `auth`: the scheme names of the operation's `security`, else the document's; `security: []`
 *   is none, an empty requirement `{}` (anonymous allowed) names nothing.
 * - A path item that is a `$ref` is followed inside the document (`#/components/pathItems/Pets`,
 *   `#/x-paths/pets`); a reference to another file (`./paths/pets.yaml`) is not followed, and the
 *   contract has no place for a warning, so its operations are missing. Path-level `parameters`,
 *   `callbacks` and 3.1 `webhooks` (requests the API sends, not routes it serves) are not read.
 * - A file that is not valid YAML or JSON throws RouteSyntaxError with the line. JSON files are
 *   checked by jsonc-parser first: the YAML parser reads JSON but also accepts text JSON rejects.
 */
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { EnvSyntaxError } from '../../env/model.js';
import { lineLocator } from '../../env/extractors/source-scan.js';
import { asSeq, child, mapKeys, parseYaml, resolved, stringScalar, type YamlSource } from '../../env/extractors/yaml-source.js';
import { DYNAMIC_SEGMENT, noRoutes, RouteSyntaxError, type DeclaredRoute, type RouteExtraction, type RouteExtractor } from '../model.js';

const OPERATIONS: ReadonlySet<string> = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const SPEC_EXTENSION = /\.(?:json|ya?ml)$/i;
const SPEC_NAMES: readonly RegExp[] = [
  /^(?:openapi|swagger)(?:[-_.][\w.-]*)?\.(?:json|ya?ml)$/i,
  /[-_.](?:openapi|swagger)\.(?:json|ya?ml)$/i,
  /^api[-_.]?(?:spec|docs?|definition)/i,
  /^api\.(?:json|ya?ml)$/i,
];
const SPEC_FOLDERS: ReadonlySet<string> = new Set(['openapi', 'swagger', 'spec', 'specs', 'api-spec', 'api-specs', 'api-docs']);
/** The version key, in YAML or JSON: a file without it is not a spec and is not parsed. */
const VERSION_KEY = /(?:^|[\s{,])["']?(?:openapi|swagger)["']?\s*:/;
/** `https://host/v1`, `//host/v1`: the path after the authority. */
const ABSOLUTE_URL = /^(?:[a-z][a-z\d+.-]*:)?\/\/[^/?#]*([^?#]*)/i;

export const openApiRouteExtractor: RouteExtractor = {
  id: 'openapi',
  matches: isOpenApiPath,
  extract: extractOpenApi,
};

export function isOpenApiPath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.at(-1)!;
  if (!SPEC_EXTENSION.test(name) || segments.includes('node_modules')) return false;
  const folders = segments.slice(0, -1).map((folder) => folder.toLowerCase());
  return SPEC_NAMES.some((pattern) => pattern.test(name))
    || folders.some((folder, index) => SPEC_FOLDERS.has(folder) || (folder === 'docs' && folders[index + 1] === 'api'));
}

export function extractOpenApi(text: string, path: string): RouteExtraction {
  if (!VERSION_KEY.test(text)) return noRoutes();
  const yaml = parseSpec(text, path);
  for (const document of yaml.documents) {
    const version = specVersion(document);
    if (version !== null) return { ...noRoutes(), routes: specRoutes(yaml, document, version) };
  }
  return noRoutes();
}

function parseSpec(text: string, path: string): YamlSource {
  if (/\.json$/i.test(path)) {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    const error = errors[0];
    if (error) throw new RouteSyntaxError(`it is not valid JSON (${printParseErrorCode(error.error)} at line ${lineLocator(text)(error.offset)})`);
  }
  try {
    return parseYaml(text, { duplicateKeys: true });
  } catch (error) {
    if (error instanceof EnvSyntaxError) throw new RouteSyntaxError(error.message, { cause: error });
    throw error;
  }
}

function specVersion(document: Document.Parsed): 'openapi' | 'swagger' | null {
  const openapi = scalarText(child(document.contents, 'openapi', document));
  if (openapi !== null && /^3(?:\.|$)/.test(openapi)) return 'openapi';
  const swagger = scalarText(child(document.contents, 'swagger', document));
  if (swagger !== null && /^2(?:\.0)?$/.test(swagger)) return 'swagger';
  return null;
}

/** A scalar's value as text: `openapi: 3.0` is read by YAML as the number 3. */
function scalarText(node: unknown): string | null {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : null;
}

/** A prefix to put before every path of the document, and whether it has a part known only at run time. */
interface Prefix {
  text: string;
  dynamic: boolean;
}

function specRoutes(yaml: YamlSource, document: Document.Parsed, version: 'openapi' | 'swagger'): DeclaredRoute[] {
  const root = document.contents;
  const documentPrefix = version === 'swagger' ? basePathPrefix(child(root, 'basePath', document)) : serversPrefix(child(root, 'servers', document), document);
  const documentSecurity = securityNames(child(root, 'security', document), document);
  const paths = resolved(child(root, 'paths', document), document);
  const routes: DeclaredRoute[] = [];
  if (!isMap(paths)) return routes;
  for (const entry of paths.items) {
    const key = stringScalar(entry.key);
    if (!key || key.value.startsWith('x-')) continue;
    const item = pathItem(entry.value, document);
    if (!item) continue;
    const itemPrefix = version === 'openapi' ? serversPrefix(child(item, 'servers', document), document) : null;
    for (const operationEntry of item.items) {
      const method = stringScalar(operationEntry.key);
      if (!method || !OPERATIONS.has(method.value)) continue;
      const operation = resolved(operationEntry.value, document);
      const operationPrefix = version === 'openapi' ? serversPrefix(child(operation, 'servers', document), document) : null;
      const prefix = operationPrefix ?? itemPrefix ?? documentPrefix ?? { text: '', dynamic: false };
      const operationId = stringScalar(child(operation, 'operationId', document));
      routes.push({
        method: method.value.toUpperCase(),
        path: joinPrefix(prefix.text, key.value),
        dynamic: prefix.dynamic,
        framework: 'openapi',
        line: yaml.lineAt(method.offset),
        handler: operationId?.value ?? null,
        auth: securityNames(child(operation, 'security', document), document) ?? documentSecurity ?? [],
        middleware: [],
        group: null,
      });
    }
  }
  return routes;
}

/** The path item, through `$ref`s inside the document; null for one in another file. */
function pathItem(node: unknown, document: Document.Parsed): YAMLMap | null {
  let current = resolved(node, document);
  for (let hops = 0; hops < 8 && isMap(current); hops++) {
    const reference = stringScalar(child(current, '$ref', document))?.value;
    if (reference === undefined) return current;
    if (!reference.startsWith('#/')) return null;
    current = pointerTarget(reference, document);
  }
  return null;
}

/** `#/components/pathItems/Pets` in this document (JSON Pointer: `~1` is `/`, `~0` is `~`). */
function pointerTarget(reference: string, document: Document.Parsed): unknown {
  let target: unknown = document.contents;
  for (const raw of reference.slice(2).split('/')) {
    const token = decodeURIComponentSafely(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    const list = asSeq(target);
    target = list ? resolved(list.items[Number(token)], document) : child(target, token, document);
    if (target === undefined) return undefined;
  }
  return target;
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function basePathPrefix(node: unknown): Prefix | null {
  const basePath = stringScalar(node)?.value;
  return basePath === undefined ? null : { text: trimPrefix(basePath), dynamic: false };
}

/** The path part of the first server's URL, its variables replaced by their defaults; null when there is no server. */
function serversPrefix(node: unknown, document: Document.Parsed): Prefix | null {
  const first = resolved(asSeq(node)?.items[0], document);
  const url = stringScalar(child(first, 'url', document))?.value;
  if (url === undefined) return null;
  const variables = child(first, 'variables', document);
  let dynamic = false;
  const expanded = url.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    const value = stringScalar(child(child(variables, name, document), 'default', document))?.value;
    if (value !== undefined) return value;
    dynamic = true;
    return DYNAMIC_SEGMENT;
  });
  const absolute = ABSOLUTE_URL.exec(expanded);
  const pathPart = absolute ? absolute[1]! : expanded.startsWith('/') ? expanded.replace(/[?#].*$/, '') : '';
  const text = trimPrefix(pathPart);
  return { text, dynamic: dynamic && text.includes(DYNAMIC_SEGMENT) };
}

/** `/v1/` → `/v1`, `v1` → `/v1`, `/` → ``. */
function trimPrefix(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function joinPrefix(prefix: string, path: string): string {
  const rooted = path.startsWith('/') ? path : `/${path}`;
  if (prefix === '') return rooted;
  return rooted === '/' ? prefix : prefix + rooted;
}

/** The scheme names a `security` list requires, in order; null when the list is absent. */
function securityNames(node: unknown, document: Document.Parsed): string[] | null {
  if (!isSeq(node)) return null;
  const names = node.items.flatMap((requirement) => mapKeys(requirement, document).map((key) => key.value));
  return [...new Set(names)];
}
