/**
 * NestJS controllers (https://docs.nestjs.com/controllers), read with ts-morph because the routes
 * live in decorators:
 * - `@Controller()`, `@Controller('cats')`, `@Controller(['a', 'b'])` (one route per prefix) and
 *   `@Controller({ path, version })` (`host` is ignored: sub-domain routing does not change the
 *   path); a class without `@Controller` (a GraphQL resolver, a WebSocket gateway, a base class)
 *   declares no routes, whatever decorates its methods.
 * - `@Get`, `@Post`, `@Put`, `@Patch`, `@Delete`, `@Options`, `@Head`, `@Search` and `@All` (ALL),
 *   each with a path, a path array or none. The WebDAV decorators of Nest 11 (`@Copy`, `@Lock`, …)
 *   are not read: their names are too common for custom decorators.
 * - Versioning (https://docs.nestjs.com/techniques/versioning): a version declared by the
 *   controller, or by `@Version()` on the method (which overrides it), is written into the path as
 *   `/v{version}`, as URI versioning (the default type) does; `VERSION_NEUTRAL` adds nothing. The
 *   versioning type, a custom URI `prefix` and a `defaultVersion` are set by `enableVersioning` in
 *   another file, so header and media-type versioning are not told apart from URI versioning.
 * - `app.setGlobalPrefix('api')` (https://docs.nestjs.com/faq/global-prefix), on any receiver,
 *   gives the extraction's `globalPrefix` (the last call in the file wins, as at run time); its
 *   `exclude` option is not read, so excluded routes get the prefix too.
 * - Guards, interceptors, pipes and filters (https://docs.nestjs.com/guards): each argument of
 *   `@UseGuards`, `@UseInterceptors`, `@UsePipes`, `@UseFilters` is auth when isAuthName says so and
 *   middleware otherwise; any other decorator whose text isAuthName takes (`@Roles('admin')`,
 *   `@ApiBearerAuth()`, a custom `@Auth()`) is auth. Class decorators come first and apply to
 *   every method. Swagger's `@Api…` decorators other than its security ones, and `@HttpCode`,
 *   `@Header`, `@Redirect`, `@Render`, `@Sse`, are neither.
 * - A public marker (`@Public()`, `@AllowAnonymous()`, `@SkipAuth()`, the docs' recipe for opting
 *   out of a global guard, https://docs.nestjs.com/security/authentication#enable-authentication-globally)
 *   on the class or the method empties `auth` and is listed in `middleware`, so that a route
 *   becoming public shows as a change even when the guard it skips is global and unseen here.
 * - A path, prefix or version that is not a literal is looked up among the file's top-level
 *   `const`s (strings, arrays, object properties, `as const`) and enums; what stays unknown is
 *   written DYNAMIC_SEGMENT and the route is dynamic.
 * Routes of a base class inherited by a controller in another file are not seen.
 */
import { Node, Project, SyntaxKind, ts, VariableDeclarationKind, type ClassDeclaration, type Decorator, type SourceFile } from 'ts-morph';
import { isAuthName } from '../auth.js';
import { DYNAMIC_SEGMENT, noRoutes, RouteSyntaxError, type DeclaredRoute, type HttpMethod, type RouteExtraction, type RouteExtractor } from '../model.js';

/** Only a file naming one of these can declare routes or a prefix: the rest are never parsed. */
const MAY_DECLARE_CONTROLLER = /@\s*(?:[\w$]+\s*\.\s*)*Controller\b/;
const MAY_SET_PREFIX = /\bsetGlobalPrefix\b/;

const SOURCE_PATH = /\.[mc]?ts$/i;
/** Declarations and tests: an e2e test's `app.setGlobalPrefix` must not become the application's. */
const NOT_SOURCE_PATH = /\.d\.[mc]?ts$|\.(?:e2e-)?(?:spec|test)\.[mc]?ts$/i;

const ROUTE_DECORATORS: Record<string, HttpMethod> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
  Options: 'OPTIONS',
  Head: 'HEAD',
  Search: 'SEARCH',
  All: 'ALL',
};

/** Decorators whose every argument is a guard, interceptor, pipe or filter. */
const ENHANCER_DECORATORS = new Set(['UseGuards', 'UseInterceptors', 'UsePipes', 'UseFilters']);
const PUBLIC_DECORATORS = new Set(['Public', 'IsPublic', 'AllowAnonymous', 'SkipAuth', 'NoAuth']);
const SWAGGER_AUTH_DECORATORS = new Set(['ApiBearerAuth', 'ApiBasicAuth', 'ApiCookieAuth', 'ApiOAuth2', 'ApiSecurity']);
/** Nest decorators whose arguments may contain auth words (`@Header('WWW-Authenticate', …)`) without being auth. */
const NEVER_AUTH_DECORATORS = new Set(['Controller', 'Version', 'HttpCode', 'Header', 'Redirect', 'Render', 'Sse', ...Object.keys(ROUTE_DECORATORS)]);

/** How far `const A = B`, `B = C.d`, … chains are followed: a cycle must end. */
const MAX_RESOLVE_DEPTH = 8;

/** A path part: its text and whether some of it was computed at run time. */
interface PathText {
  text: string;
  dynamic: boolean;
}

const EMPTY: PathText = { text: '', dynamic: false };
const UNKNOWN: PathText = { text: DYNAMIC_SEGMENT, dynamic: true };

interface Enhancers {
  auth: string[];
  middleware: string[];
  isPublic: boolean;
}

export const nestRouteExtractor: RouteExtractor = {
  id: 'nestjs',
  matches: (path) => SOURCE_PATH.test(path) && !NOT_SOURCE_PATH.test(path),
  extract(text) {
    const hasController = MAY_DECLARE_CONTROLLER.test(text);
    const hasPrefix = MAY_SET_PREFIX.test(text);
    if (!hasController && !hasPrefix) return noRoutes();
    return withSourceFile(text, (file) => {
      const extraction = noRoutes();
      if (hasController) {
        for (const declaration of file.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) extraction.routes.push(...readController(declaration, file));
      }
      if (hasPrefix) {
        const globalPrefix = findGlobalPrefix(file);
        if (globalPrefix) extraction.globalPrefix = globalPrefix;
      }
      return extraction;
    });
  },
};

let sharedProject: Project | undefined;

/**
 * One in-memory project for the whole process, created on first use; each file is removed after it
 * is read, so memory stays flat however many files pass through.
 */
function withSourceFile(text: string, read: (file: SourceFile) => RouteExtraction): RouteExtraction {
  sharedProject ??= new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, experimentalDecorators: true, noLib: true, noResolve: true, types: [] },
  });
  let file: SourceFile;
  try {
    file = sharedProject.createSourceFile('/nest-controller.ts', text, { overwrite: true });
  } catch (error) {
    throw new RouteSyntaxError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  try {
    return read(file);
  } finally {
    sharedProject.removeSourceFile(file);
  }
}

function readController(declaration: ClassDeclaration, file: SourceFile): DeclaredRoute[] {
  const decorators = declaration.getDecorators();
  const controller = decorators.find((decorator) => decorator.getName() === 'Controller');
  if (!controller) return [];
  const options = readControllerOptions(controller.getArguments()[0], file);
  const classEnhancers = readEnhancers(decorators);
  const className = declaration.getName() ?? 'default';
  const routes: DeclaredRoute[] = [];
  for (const method of declaration.getMethods()) {
    const methodDecorators = method.getDecorators();
    // Decorators apply bottom-up and each mapping decorator overwrites the path and method the one
    // below it stored: the topmost is the route Nest registers.
    const mapping = methodDecorators.find((decorator) => Object.hasOwn(ROUTE_DECORATORS, decorator.getName()));
    if (!mapping) continue;
    const httpMethod = ROUTE_DECORATORS[mapping.getName()] as HttpMethod;
    const paths = resolvePathTexts(mapping.getArguments()[0], file);
    const versionDecorator = methodDecorators.find((decorator) => decorator.getName() === 'Version');
    const versions = versionDecorator ? readVersions(versionDecorator.getArguments()[0], file) : options.versions;
    const { auth, middleware } = combineEnhancers(classEnhancers, readEnhancers(methodDecorators));
    for (const prefix of options.prefixes) {
      for (const path of paths) {
        for (const version of versions) {
          const parts = version ? [{ text: `v${version.text}`, dynamic: version.dynamic }, prefix, path] : [prefix, path];
          routes.push({
            method: httpMethod,
            path: joinPath(parts.map((part) => part.text)),
            dynamic: parts.some((part) => part.dynamic),
            framework: 'nestjs',
            line: mapping.getStartLineNumber(),
            handler: `${className}.${method.getName()}`,
            auth: [...auth],
            middleware: [...middleware],
            group: null,
          });
        }
      }
    }
  }
  return routes;
}

/** The prefixes and versions of `@Controller(…)`; a version of null is no version (none declared, or VERSION_NEUTRAL). */
function readControllerOptions(argument: Node | undefined, file: SourceFile): { prefixes: PathText[]; versions: (PathText | null)[] } {
  const options = argument && followConstants(argument, file);
  if (options && Node.isObjectLiteralExpression(options)) {
    return {
      prefixes: resolvePathTexts(readProperty(options, 'path'), file),
      versions: readVersions(readProperty(options, 'version'), file),
    };
  }
  return { prefixes: resolvePathTexts(argument, file), versions: [null] };
}

function readVersions(argument: Node | undefined, file: SourceFile): (PathText | null)[] {
  if (!argument) return [null];
  const value = followConstants(argument, file);
  if (isVersionNeutral(value)) return [null];
  if (Node.isArrayLiteralExpression(value)) {
    const versions = value.getElements().flatMap((element) => readVersions(element, file));
    return versions.length > 0 ? versions : [null];
  }
  return [singleText(resolvePathTexts(value, file))];
}

function isVersionNeutral(node: Node): boolean {
  return (Node.isIdentifier(node) || Node.isPropertyAccessExpression(node)) && /\bVERSION_NEUTRAL$/.test(node.getText());
}

/** Every path an argument stands for: one per array element, DYNAMIC_SEGMENT where it cannot be known. */
function resolvePathTexts(argument: Node | undefined, file: SourceFile, depth = 0): PathText[] {
  if (!argument) return [EMPTY];
  if (depth > MAX_RESOLVE_DEPTH) return [UNKNOWN];
  const value = followConstants(argument, file);
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) return [{ text: value.getLiteralText(), dynamic: false }];
  if (Node.isIdentifier(value) && value.getText() === 'undefined') return [EMPTY];
  if (Node.isArrayLiteralExpression(value)) {
    const texts = value.getElements().flatMap((element) => resolvePathTexts(element, file, depth + 1));
    return texts.length > 0 ? texts : [EMPTY];
  }
  if (Node.isTemplateExpression(value)) {
    const parts: PathText[] = [{ text: value.getHead().getLiteralText(), dynamic: false }];
    for (const span of value.getTemplateSpans()) {
      parts.push(singleText(resolvePathTexts(span.getExpression(), file, depth + 1)));
      parts.push({ text: span.getLiteral().getLiteralText(), dynamic: false });
    }
    return [concatTexts(parts)];
  }
  if (Node.isBinaryExpression(value) && value.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = singleText(resolvePathTexts(value.getLeft(), file, depth + 1));
    const right = singleText(resolvePathTexts(value.getRight(), file, depth + 1));
    return [concatTexts([left, right])];
  }
  return [UNKNOWN];
}

/** A list inside a template or a concatenation cannot be spelled out: it is a computed part. */
function singleText(texts: PathText[]): PathText {
  return texts.length === 1 ? (texts[0] as PathText) : UNKNOWN;
}

function concatTexts(parts: PathText[]): PathText {
  return { text: parts.map((part) => part.text).join(''), dynamic: parts.some((part) => part.dynamic) };
}

/**
 * The expression a node stands for, through parentheses, `as const`, `satisfies`, the file's
 * top-level `const` declarations, properties of constant object literals and enum members; the
 * node itself when it goes nowhere known.
 */
function followConstants(node: Node, file: SourceFile): Node {
  let current = node;
  for (let depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
    const next = stepToValue(current, file);
    if (!next) return current;
    current = next;
  }
  return current;
}

function stepToValue(node: Node, file: SourceFile): Node | undefined {
  if (isTypeOnlyWrapper(node)) return node.getExpression();
  if (Node.isIdentifier(node)) return findConstant(file, node.getText());
  if (Node.isPropertyAccessExpression(node)) {
    const owner = node.getExpression();
    const member = node.getName();
    if (Node.isIdentifier(owner)) {
      const enumMember = file.getEnum(owner.getText())?.getMember(member);
      if (enumMember) return enumMember.getInitializer();
    }
    const object = followConstants(owner, file);
    return Node.isObjectLiteralExpression(object) ? readProperty(object, member) : undefined;
  }
  return undefined;
}

function isTypeOnlyWrapper(node: Node) {
  return Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isTypeAssertion(node) || Node.isNonNullExpression(node);
}

/**
 * A `const` of the file: top-level first, else the only declaration of that name anywhere in it
 * (`main.ts` often writes `const globalPrefix = 'api'` inside `bootstrap()`).
 */
function findConstant(file: SourceFile, name: string): Node | undefined {
  const topLevel = file.getVariableDeclaration(name);
  const candidates = topLevel ? [topLevel] : file.getDescendantsOfKind(SyntaxKind.VariableDeclaration).filter((d) => d.getName() === name);
  const declaration = candidates.length === 1 ? candidates[0] : undefined;
  if (declaration?.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const) return undefined;
  return declaration.getInitializer();
}

/** The value written for a property of an object literal: `path: 'cats'`, or the identifier of a shorthand `{ path }`. */
function readProperty(object: Node, name: string): Node | undefined {
  if (!Node.isObjectLiteralExpression(object)) return undefined;
  const property = object.getProperty(name);
  if (Node.isPropertyAssignment(property)) return property.getInitializer();
  if (Node.isShorthandPropertyAssignment(property)) return property.getNameNode();
  return undefined;
}

/** `/` + the non-empty parts, one `/` between segments, no trailing `/` except for the root. */
function joinPath(parts: string[]): string {
  return '/' + parts.flatMap((part) => part.split('/')).filter((segment) => segment !== '').join('/');
}

function readEnhancers(decorators: Decorator[]): Enhancers {
  const found: Enhancers = { auth: [], middleware: [], isPublic: false };
  for (const decorator of decorators) {
    const name = decorator.getName();
    if (ENHANCER_DECORATORS.has(name)) {
      for (const argument of decorator.getArguments()) {
        const text = compactText(argument.getText());
        (isAuthName(text) ? found.auth : found.middleware).push(text);
      }
    } else if (PUBLIC_DECORATORS.has(name)) {
      found.isPublic = true;
      found.middleware.push(decoratorText(decorator));
    } else if (isAuthDecorator(decorator)) {
      found.auth.push(decoratorText(decorator));
    }
  }
  return found;
}

function isAuthDecorator(decorator: Decorator): boolean {
  const name = decorator.getName();
  if (NEVER_AUTH_DECORATORS.has(name)) return false;
  // Swagger's decorators document responses and parameters: `@ApiUnauthorizedResponse()` says
  // "auth" without guarding anything; only its security decorators tell a reader the route needs it.
  if (/^Api[A-Z0-9]/.test(name)) return SWAGGER_AUTH_DECORATORS.has(name);
  // By name: `@Roles('admin')` is auth, `@SerializeOptions({ groups: ['admin'] })` is not.
  return isAuthName(name);
}

/** Class enhancers run before the method's; a public marker on either leaves no auth. */
function combineEnhancers(onClass: Enhancers, onMethod: Enhancers): { auth: string[]; middleware: string[] } {
  const isPublic = onClass.isPublic || onMethod.isPublic;
  return {
    auth: isPublic ? [] : [...onClass.auth, ...onMethod.auth],
    middleware: [...onClass.middleware, ...onMethod.middleware],
  };
}

/** A decorator as written, without `@`, on one line. */
function decoratorText(decorator: Decorator): string {
  return compactText(decorator.getExpression().getText());
}

function compactText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([([{]) /g, '$1')
    .replace(/,? ([)\]}])/g, '$1');
}

function findGlobalPrefix(file: SourceFile): RouteExtraction['globalPrefix'] {
  let globalPrefix: RouteExtraction['globalPrefix'];
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'setGlobalPrefix') continue;
    const prefix = singleText(resolvePathTexts(call.getArguments()[0], file));
    globalPrefix = { framework: 'nestjs', prefix: joinPath([prefix.text]), line: call.getStartLineNumber() };
  }
  return globalPrefix;
}
