/**
 * Spring MVC / WebFlux annotated controllers, in Java and Kotlin.
 * Spec: https://docs.spring.io/spring-framework/reference/web/webmvc/mvc-controller/ann-requestmapping.html
 *
 * - Classes annotated `@RestController` or `@Controller`; a class-level `@RequestMapping` gives the
 *   prefix (`value =`, `path =`, arrays: one route per path).
 * - Methods annotated `@GetMapping`, `@PostMapping`, `@PutMapping`, `@PatchMapping`,
 *   `@DeleteMapping` or `@RequestMapping` (`method = RequestMethod.POST`, an array of methods: one
 *   route each, none: ALL). A mapping without a path is the class prefix. Handler `Class.method`.
 * - Auth: `@PreAuthorize`, `@PostAuthorize`, `@Secured`, `@RolesAllowed`, `@PermitAll`, `@DenyAll`
 *   and any other annotation whose name reads as auth, on the class then on the method, as written.
 *   `@CrossOrigin` is middleware.
 * - A path built from constants or Kotlin templates keeps its literal parts and is marked dynamic.
 * Not read: mappings inherited from a superclass or an interface (a Feign client's interface is
 * not a controller), functional routing (`RouterFunctions.route()`, Kotlin's `router { }`).
 */
import { codeMatches, quotedContent, readArguments, scanSource, skipSpace, type ScannedSource } from '../../env/extractors/source-scan.js';
import { jvmSyntax } from '../../env/extractors/jvm.js';
import { isAuthName } from '../auth.js';
import { DYNAMIC_SEGMENT, noRoutes, type DeclaredRoute, type RouteExtraction, type RouteExtractor } from '../model.js';

const MAPPINGS: Record<string, string | null> = {
  GetMapping: 'GET',
  PostMapping: 'POST',
  PutMapping: 'PUT',
  PatchMapping: 'PATCH',
  DeleteMapping: 'DELETE',
  RequestMapping: null,
};
const CONTROLLERS = new Set(['RestController', 'Controller']);
const AUTH_ANNOTATIONS = new Set(['PreAuthorize', 'PostAuthorize', 'Secured', 'RolesAllowed', 'PermitAll', 'DenyAll']);
/** Spring annotations whose names look like auth but are not. */
const NOT_AUTH = new Set(['SessionAttributes', 'SessionAttribute', 'SessionScope', 'RequestScope']);
const MIDDLEWARE_ANNOTATIONS = new Set(['CrossOrigin']);

interface Annotation {
  /** The simple name: `RequestMapping` for `@org.springframework.web.bind.annotation.RequestMapping`. */
  name: string;
  args: string[];
  /** As written, whitespace collapsed. */
  text: string;
  start: number;
}

interface Declaration {
  kind: 'class' | 'method';
  name: string;
  annotations: Annotation[];
  /** The class body's braces (classes only). */
  body: { start: number; end: number } | null;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Consecutive annotations from `at`; returns them and where the declaration after them begins. */
function readAnnotations(source: ScannedSource, at: number): { annotations: Annotation[]; end: number } {
  const { code } = source;
  const annotations: Annotation[] = [];
  let i = at;
  for (;;) {
    i = skipSpace(code, i);
    const match = /^@((?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*))/.exec(code.slice(i, i + 200));
    if (!match || !source.isCode(i)) break;
    let end = i + match[0].length;
    let args: string[] = [];
    const open = skipSpace(code, end);
    if (code[open] === '(') {
      const call = readArguments(source, open);
      args = call.args.map((a) => a.text);
      end = call.end;
    }
    annotations.push({ name: match[2]!, args, text: collapse(code.slice(i, end)), start: i });
    i = end;
  }
  return { annotations, end: i };
}

/** What the annotations at `end` annotate: a class (with its body), a method, or something else. */
function readDeclaration(source: ScannedSource, end: number, kotlin: boolean): Omit<Declaration, 'annotations'> | null {
  const { code } = source;
  const head = /^[^{};=()@]*/.exec(code.slice(end, end + 400))![0];
  const stop = code[end + head.length];
  const type = /\b(?:class|interface|object)\s+([A-Za-z_]\w*)/.exec(head);
  if (type) return { kind: 'class', name: type[1]!, body: classBody(source, end + type.index + type[0].length) };
  if (stop !== '(') return null;
  const words = head.replace(/<[^()]*>/g, ' ').trim().split(/\s+/);
  const name = /([A-Za-z_]\w*)$/.exec(head.trim())?.[1];
  if (!name) return null;
  if (kotlin ? !words.includes('fun') : words.length < 2) return null;
  return { kind: 'method', name, body: null };
}

/** The braces of the class body after a class name (a Kotlin primary constructor and supertypes skipped). */
function classBody(source: ScannedSource, at: number): { start: number; end: number } | null {
  const { code } = source;
  let depth = 0;
  for (let i = at; i < code.length; i++) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if (c === '(' || c === '<') depth++;
    else if (c === ')' || c === '>') depth--;
    else if (c === '{' && depth <= 0) return { start: i, end: readArguments(source, i).end };
    else if ((c === ';' || c === '@' || c === '}') && depth <= 0) break;
  }
  return null;
}

/** One path expression: literal parts kept, constants and templates as `{…}`. */
function pathOf(text: string, kotlin: boolean): string {
  const parts = splitTopLevel(text, '+');
  return parts
    .map((part) => {
      const content = quotedContent(part, '"');
      if (content === null) return DYNAMIC_SEGMENT;
      return kotlin ? content.replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, DYNAMIC_SEGMENT) : content;
    })
    .join('');
}

/** `"/a"`, `{"/a", "/b"}`, `["/a", "/b"]`, `arrayOf("/a")`: each element. */
function elementsOf(text: string): string[] {
  const array = /^(?:\{([\s\S]*)\}|\[([\s\S]*)\]|arrayOf\s*\(([\s\S]*)\))$/.exec(text.trim());
  if (!array) return [text.trim()];
  return splitTopLevel(array[1] ?? array[2] ?? array[3] ?? '', ',').filter((element) => element !== '');
}

/** Splits at `separator` outside strings and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** The paths of a mapping annotation; `['']` when it names none. */
function mappingPaths(annotation: Annotation, kotlin: boolean): string[] {
  let value: string | undefined;
  for (const arg of annotation.args) {
    const named = /^(\w+)\s*=\s*([\s\S]*)$/.exec(arg);
    if (!named) value ??= arg;
    else if (named[1] === 'value' || named[1] === 'path') value = named[2]!;
  }
  if (value === undefined) return [''];
  const paths = elementsOf(value).map((element) => pathOf(element, kotlin));
  return paths.length === 0 ? [''] : paths;
}

/** `RequestMethod.POST`, `{RequestMethod.GET, RequestMethod.POST}`, `[GET]`; ALL when absent. */
function mappingMethods(annotation: Annotation): string[] {
  const fixed = MAPPINGS[annotation.name];
  if (fixed) return [fixed];
  const method = annotation.args.map((arg) => /^method\s*=\s*([\s\S]*)$/.exec(arg)?.[1]).find((m) => m !== undefined);
  if (method === undefined) return ['ALL'];
  const methods = elementsOf(method).map((element) => /(\w+)$/.exec(element)?.[1] ?? DYNAMIC_SEGMENT);
  return methods.length === 0 ? ['ALL'] : methods;
}

function joinPath(prefix: string, path: string): string {
  const head = prefix.replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '');
  const joined = tail === '' ? head : `${head}/${tail}`;
  return joined.startsWith('/') ? joined : `/${joined}`;
}

function isAuthAnnotation(annotation: Annotation): boolean {
  return AUTH_ANNOTATIONS.has(annotation.name) || (!NOT_AUTH.has(annotation.name) && !(annotation.name in MAPPINGS) && isAuthName(annotation.name));
}

export function extractSpring(text: string, kotlin: boolean): RouteExtraction {
  const source = scanSource(text, jvmSyntax(kotlin));
  const { code } = source;
  const declarations: Declaration[] = [];
  for (let i = code.indexOf('@'); i !== -1; i = code.indexOf('@', i + 1)) {
    if (!source.isCode(i) || /[\w@]/.test(code[i - 1] ?? '')) continue;
    const { annotations, end } = readAnnotations(source, i);
    if (annotations.length === 0) continue;
    const declaration = readDeclaration(source, end, kotlin);
    if (declaration) declarations.push({ ...declaration, annotations });
    i = end - 1;
  }

  // Every class body, annotated or not, so that a method belongs to its innermost class.
  const annotated = declarations.filter((d) => d.kind === 'class' && d.body);
  const classes: Declaration[] = [];
  for (const match of codeMatches(source, /\b(?:class|interface|object)\s+([A-Za-z_]\w*)/g)) {
    const body = classBody(source, match.index + match[0].length);
    if (body) classes.push(annotated.find((d) => d.body!.start === body.start) ?? { kind: 'class', name: match[1]!, annotations: [], body });
  }
  /** The innermost class whose body holds `offset`. */
  const classAt = (offset: number) =>
    classes.filter((c) => c.body!.start < offset && offset < c.body!.end).sort((a, b) => b.body!.start - a.body!.start)[0];

  const routes: DeclaredRoute[] = [];
  for (const method of declarations) {
    if (method.kind !== 'method') continue;
    const owner = classAt(method.annotations[0]!.start);
    if (!owner || !owner.annotations.some((a) => CONTROLLERS.has(a.name))) continue;
    const classMapping = owner.annotations.find((a) => a.name === 'RequestMapping');
    const prefixes = classMapping ? mappingPaths(classMapping, kotlin) : [''];
    const both = [...owner.annotations, ...method.annotations];
    const auth = both.filter(isAuthAnnotation).map((a) => a.text);
    const middleware = both.filter((a) => MIDDLEWARE_ANNOTATIONS.has(a.name)).map((a) => a.text);
    for (const mapping of method.annotations.filter((a) => a.name in MAPPINGS)) {
      const line = source.lineAt(mapping.start);
      for (const prefix of prefixes) {
        for (const path of mappingPaths(mapping, kotlin)) {
          const full = joinPath(prefix, path);
          for (const verb of mappingMethods(mapping)) {
            routes.push({
              method: verb,
              path: full,
              dynamic: full.includes(DYNAMIC_SEGMENT),
              framework: 'spring',
              line,
              handler: `${owner.name}.${method.name}`,
              auth,
              middleware,
              group: null,
            });
          }
        }
      }
    }
  }
  return { ...noRoutes(), routes };
}

export const springRouteExtractor: RouteExtractor = {
  id: 'spring',
  matches: (path) => /\.(?:java|kt)$/.test(path),
  extract: (text, path) => extractSpring(text, path.endsWith('.kt')),
};
