/**
 * Rails: the routing DSL in `config/routes.rb` and in the files `draw(:name)` loads from `config/routes/`.
 * Spec: https://guides.rubyonrails.org/routing.html
 *
 * - Only statements inside a `….routes.draw do … end` block are read; a file under `config/routes/`
 *   without such a block is read whole, because `draw(:admin)` evaluates it inside the mapper.
 * - Verbs (`get`, `post`, `put`, `patch`, `delete`, `options`, `match … via:`), `root`, `mount`,
 *   `resources` / `resource` (the seven actions, `only:` / `except:`, `controller:`, `path:`,
 *   `module:`, `param:`, `path_names:`, nested blocks, `member` / `collection` / `on:`),
 *   `namespace`, `scope`, `controller`, `concern` / `concerns`, `constraints` and Devise's
 *   `authenticate` / `authenticated` blocks. Every path is final (`group` null).
 * - A route's line is the line of the statement that declares it: for `resources`, that statement.
 * - An interpolated or computed path keeps its literal parts and is marked dynamic.
 * Not read: `draw(:name)` (the drawn file is read on its own, without the enclosing scope),
 * `shallow` nesting, `devise_for` and other gems' route macros. Blocks may be `do … end` or `{ … }`.
 */
import { rubyLiteral, rubyNameList, rubySyntax } from '../../env/extractors/ruby.js';
import { readRubyStatements, type RubyStatement } from '../../shared/ruby-statements.js';
import { readArguments, scanSource, type ScannedSource } from '../../env/extractors/source-scan.js';
import { isAuthName } from '../auth.js';
import { DYNAMIC_SEGMENT, noRoutes, type DeclaredRoute, type RouteExtraction, type RouteExtractor } from '../model.js';

interface Call {
  name: string;
  positional: string[];
  options: Map<string, string>;
  /** `get 'photos/:id' => 'photos#show'`: the path and the target of a leading hash pair. */
  pair: { key: string; value: string } | null;
}

interface Resource {
  controller: string;
  collection: string;
  member: string;
  nested: string;
}

interface Scope {
  path: string;
  module: string;
  controller: string | null;
  auth: string[];
  resource: Resource | null;
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'match']);
const ROOT_SCOPE: Scope = { path: '', module: '', controller: null, auth: [], resource: null };

/** Top-level commas between `from` and `to`, outside strings and brackets. */
function splitArguments(source: ScannedSource, from: number, to: number): string[] {
  const { code } = source;
  const args: string[] = [];
  let depth = 0;
  let argStart = from;
  for (let i = from; i < to; i++) {
    if (!source.isCode(i)) continue;
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(code.slice(argStart, i).trim());
      argStart = i + 1;
    }
  }
  const last = code.slice(argStart, to).trim();
  if (last !== '' || args.length > 0) args.push(last);
  return args;
}

/** The `=>` of a hash pair at the top level of an argument, outside strings. */
function pairArrow(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && text.startsWith('=>', i)) return i;
  }
  return -1;
}

function parseCall(source: ScannedSource, statement: RubyStatement): Call | null {
  const name = /^([a-z_]\w*[!?]?)(?=[\s(]|$)/.exec(statement.text);
  if (!name) return null;
  const after = statement.start + name[0].length;
  const texts =
    source.code[after] === '('
      ? readArguments(source, after).args.map((a) => a.text)
      : /^\s/.test(source.code[after] ?? '') || after >= statement.end
        ? splitArguments(source, after, statement.end)
        : null;
  if (texts === null || /^\s*(?:=[^=>~]|\.)/.test(statement.text.slice(name[0].length))) return null;
  const call: Call = { name: name[1]!, positional: [], options: new Map(), pair: null };
  for (const text of texts) {
    const keyword = /^([a-z_]\w*):(?!:)\s*([\s\S]*)$/.exec(text);
    const arrow = keyword ? -1 : pairArrow(text);
    if (keyword) call.options.set(keyword[1]!, keyword[2]!.trim());
    else if (arrow !== -1) {
      const key = text.slice(0, arrow).trim();
      const value = text.slice(arrow + 2).trim();
      const symbol = /^:(\w+)$/.exec(key);
      if (symbol) call.options.set(symbol[1]!, value);
      else if (call.pair === null) call.pair = { key, value };
    } else call.positional.push(text);
  }
  return call;
}

/** A path argument: a literal as written, interpolations and computed values as `{…}`. */
function pathPart(text: string): string {
  const known = rubyLiteral(text);
  if (known !== null) return known;
  if (/^"(?:[^"\\]|\\.)*"$/s.test(text)) return interpolated(text.slice(1, -1));
  return DYNAMIC_SEGMENT;
}

/** `admin/#{name}/x` with every `#{…}` replaced by `{…}`. */
function interpolated(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body.startsWith('#{', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < body.length; j++) {
        if (body[j] === '{') depth++;
        else if (body[j] === '}' && --depth === 0) break;
      }
      out += DYNAMIC_SEGMENT;
      i = j;
    } else out += body[i];
  }
  return out;
}

function joinPath(base: string, segment: string): string {
  const trimmed = segment.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? base : `${base}/${trimmed}`;
}

function joinModule(base: string, module: string): string {
  const trimmed = module.replace(/^\/+|\/+$/g, '');
  return base === '' ? trimmed : trimmed === '' ? base : `${base}/${trimmed}`;
}

const inModule = (module: string, controller: string) => (module === '' ? controller : `${module}/${controller}`);

function singularize(word: string): string {
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(?:ss|x|ch|sh|zz)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

function pluralize(word: string): string {
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|ch|sh|z)$/.test(word)) return word + 'es';
  return word + 's';
}

/** The action a bare `get 'preview'` names inside a resource or controller scope. */
function actionOf(segment: string): string | null {
  const action = segment.replace(/^\/+|\/+$/g, '');
  return /^[\w-]+$/.test(action) ? action.replace(/-/g, '_') : null;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

class RailsRoutes {
  readonly routes: DeclaredRoute[] = [];
  private readonly concerns = new Map<string, RubyStatement[]>();

  constructor(private readonly source: ScannedSource) {}

  evaluate(statements: RubyStatement[], scope: Scope): void {
    for (const statement of statements) {
      const call = parseCall(this.source, statement);
      if (call) this.evaluateCall(call, statement, scope);
      else if (statement.children) this.evaluate(statement.children, scope);
    }
  }

  private evaluateCall(call: Call, statement: RubyStatement, scope: Scope): void {
    const { children, line } = statement;
    const inside = (inner: Scope) => children && this.evaluate(children, inner);
    const first = call.positional[0];
    switch (call.name) {
      case 'root':
        this.add('GET', scope.path || '/', this.targetHandler(call.options.get('to') ?? first ?? call.pair?.value, scope), line, scope);
        return;
      case 'mount': {
        const at = call.options.get('at') ?? call.pair?.value;
        const app = call.pair?.key ?? first;
        this.add('ALL', joinPath(scope.path, at === undefined ? '' : pathPart(at)) || '/', app === undefined ? null : collapse(app), line, scope);
        return;
      }
      case 'resources':
      case 'resource':
        this.resources(call, statement, scope, call.name === 'resource');
        return;
      case 'namespace': {
        const name = rubyLiteral(first) ?? DYNAMIC_SEGMENT;
        const path = call.options.has('path') ? pathPart(call.options.get('path')!) : name;
        const module = rubyLiteral(call.options.get('module')) ?? name;
        inside({ ...scope, path: joinPath(scope.path, path), module: joinModule(scope.module, module), controller: null, resource: null });
        return;
      }
      case 'scope': {
        const pathText = call.options.get('path') ?? first;
        const module = rubyLiteral(call.options.get('module'));
        const controller = rubyLiteral(call.options.get('controller'));
        const moduleName = module === null ? scope.module : joinModule(scope.module, module);
        inside({
          ...scope,
          path: pathText === undefined ? scope.path : joinPath(scope.path, pathPart(pathText)),
          module: moduleName,
          controller: controller === null ? scope.controller : inModule(moduleName, controller),
        });
        return;
      }
      case 'controller': {
        const controller = rubyLiteral(first);
        inside(controller === null ? scope : { ...scope, controller: inModule(scope.module, controller) });
        return;
      }
      case 'member':
      case 'collection': {
        const resource = scope.resource;
        if (!resource) inside(scope);
        else inside({ ...scope, path: call.name === 'member' ? resource.member : resource.collection });
        return;
      }
      case 'concern':
        if (first !== undefined && children) this.concerns.set(rubyLiteral(first) ?? first, children);
        return;
      case 'concerns':
        for (const name of call.positional.flatMap((arg) => rubyNameList(arg))) this.useConcern(name, scope);
        return;
      case 'authenticate':
      case 'authenticated':
        inside({ ...scope, auth: [...scope.auth, collapse(statement.text)] });
        return;
      case 'constraints': {
        const guard = first !== undefined && !/^\{/.test(first) && isAuthName(first);
        inside(guard ? { ...scope, auth: [...scope.auth, collapse(statement.text)] } : scope);
        return;
      }
      default:
        if (VERBS.has(call.name)) this.verb(call, line, scope);
        else inside(scope);
    }
  }

  private verb(call: Call, line: number, scope: Scope): void {
    const pathText = call.pair?.key ?? call.positional[0];
    const to = call.options.get('to') ?? call.pair?.value;
    const segment = pathText === undefined ? '' : pathPart(pathText);
    const on = rubyLiteral(call.options.get('on'));
    const resource = scope.resource;
    let base = scope.path;
    if (resource && on === 'member') base = resource.member;
    else if (resource && on === 'collection') base = resource.collection;
    else if (resource && on === 'new') base = `${resource.collection}/new`;
    const path = joinPath(base, segment) || '/';

    const action = rubyLiteral(call.options.get('action')) ?? actionOf(segment);
    const controller = rubyLiteral(call.options.get('controller'));
    let handler: string | null;
    if (to !== undefined) handler = this.targetHandler(to, scope);
    else if (controller !== null) handler = action === null ? null : `${inModule(scope.module, controller)}#${action}`;
    else if (resource ?? scope.controller) handler = action === null ? null : `${resource ? resource.controller : scope.controller}#${action}`;
    else {
      // `get 'photos/search'` alone routes to photos#search.
      const inferred = /^\/?([\w/]+)\/(\w+)$/.exec(segment);
      handler = inferred ? `${inModule(scope.module, inferred[1]!)}#${inferred[2]}` : null;
    }

    const methods = call.name === 'match' ? this.via(call.options.get('via')) : [call.name.toUpperCase()];
    for (const method of methods) this.add(method, path, handler, line, scope);
  }

  private via(text: string | undefined): string[] {
    const methods = rubyNameList(text).map((m) => m.toUpperCase());
    return methods.length === 0 || methods.includes('ALL') ? ['ALL'] : methods;
  }

  /** `'photos#show'` gets the scope's module; a Rack app or `redirect(…)` is kept as written. */
  private targetHandler(text: string | undefined, scope: Scope): string | null {
    if (text === undefined) return null;
    const target = rubyLiteral(text);
    if (target === null) return collapse(text);
    return target.includes('#') ? inModule(scope.module, target) : target;
  }

  private resources(call: Call, statement: RubyStatement, scope: Scope, singular: boolean): void {
    const options = call.options;
    const only = options.has('only') ? new Set(rubyNameList(options.get('only'))) : null;
    const except = new Set(rubyNameList(options.get('except')));
    const has = (action: string) => (only === null || only.has(action)) && !except.has(action);
    const module = options.has('module') ? joinModule(scope.module, rubyLiteral(options.get('module')) ?? '') : scope.module;
    const param = rubyLiteral(options.get('param')) ?? 'id';
    const pathNames = options.get('path_names') ?? '';
    const pathName = (action: string) => rubyLiteral(new RegExp(`(?:^|[{,\\s])${action}:\\s*([^,}\\s]+)`).exec(pathNames)?.[1]) ?? action;

    for (const nameText of call.positional) {
      const name = rubyLiteral(nameText);
      if (name === null) continue;
      const collection = joinPath(scope.path, options.has('path') ? pathPart(options.get('path')!) : name);
      const controller = inModule(module, rubyLiteral(options.get('controller')) ?? (singular ? pluralize(name) : name));
      const member = singular ? collection : `${collection}/:${param}`;
      const nested = singular ? collection : `${collection}/:${singularize(name)}_${param}`;
      const handler = (action: string) => `${controller}#${action}`;
      const table: Array<[string, string, string]> = [
        ['index', 'GET', collection],
        ['create', 'POST', collection],
        ['new', 'GET', `${collection}/${pathName('new')}`],
        ['edit', 'GET', `${member}/${pathName('edit')}`],
        ['show', 'GET', member],
        ['update', 'PATCH', member],
        ['update', 'PUT', member],
        ['destroy', 'DELETE', member],
      ];
      for (const [action, method, path] of table) {
        if (singular && action === 'index') continue;
        if (has(action)) this.add(method, path, handler(action), statement.line, scope);
      }
      const inner: Scope = { ...scope, path: nested, module, controller: null, resource: { controller, collection, member, nested } };
      if (statement.children) this.evaluate(statement.children, inner);
      for (const concern of rubyNameList(options.get('concerns'))) this.useConcern(concern, inner);
    }
  }

  private useConcern(name: string, scope: Scope): void {
    const body = this.concerns.get(name);
    if (body) this.evaluate(body, scope);
  }

  private add(method: string, path: string, handler: string | null, line: number, scope: Scope): void {
    this.routes.push({
      method,
      path: path.startsWith('/') ? path : `/${path}`,
      dynamic: path.includes(DYNAMIC_SEGMENT),
      framework: 'rails',
      line,
      handler,
      auth: [...scope.auth],
      middleware: [],
      group: null,
    });
  }
}

/** The bodies of `….routes.draw do … end` blocks, wherever they are nested. */
function drawBlocks(statements: RubyStatement[]): RubyStatement[][] {
  return statements.flatMap((statement) => {
    if (!statement.children) return [];
    if (/\.\s*draw\b/.test(statement.text)) return [statement.children];
    return drawBlocks(statement.children);
  });
}

export function extractRails(text: string, path: string): RouteExtraction {
  const source = scanSource(text, rubySyntax);
  const statements = readRubyStatements(source);
  const blocks = drawBlocks(statements);
  const drawnFile = /(?:^|\/)config\/routes\/.+\.rb$/.test(path);
  const found = new RailsRoutes(source);
  for (const block of blocks.length === 0 && drawnFile ? [statements] : blocks) found.evaluate(block, ROOT_SCOPE);
  return { ...noRoutes(), routes: found.routes };
}

export const railsRouteExtractor: RouteExtractor = {
  id: 'rails',
  matches: (path) => /(?:^|\/)config\/routes(?:\.rb|\/.+\.rb)$/.test(path),
  extract: (text, path) => extractRails(text, path),
};
