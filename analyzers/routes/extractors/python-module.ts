/**
 * What the names of one Python module are bound to, as far as routes need it: imports (so a
 * blueprint, router or URLconf mounted here can be found in the module that defines it), string
 * constants (`API_PREFIX = '/api/v1'`), and the HTTP methods a class-based view defines.
 * Spec: https://docs.python.org/3/reference/simple_stmts.html#the-import-statement
 */
import { DYNAMIC_SEGMENT, type GroupRef } from '../model.js';
import { codeMatches, type ScannedSource } from '../../env/extractors/source-scan.js';
import { pathValue, splitTopLevel, type PathValue } from './python-expressions.js';

/**
 * A local name bound by an import: the module as written and the attributes below it.
 * `from .routers import users` binds `users` to {module: '.routers', names: ['users']};
 * `import app.api as api` binds `api` to {module: 'app.api', names: []}; `import app.api` binds `app`.
 */
interface ImportBinding {
  module: string;
  names: string[];
}

export interface ModuleScope {
  imports: Map<string, ImportBinding>;
  /** Every module the file imports from, as written (`flask`, `.views`, `fastapi.security`). */
  importedModules: string[];
  /** Module-level names assigned once to a string (`API_PREFIX = '/api/v1'`). */
  constants: Map<string, PathValue>;
}

const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|(?:[^\n\\]|\\\n)*)/gm;
const IMPORT = /^[ \t]*import[ \t]+((?:[^\n\\]|\\\n)*)/gm;
const MODULE_ASSIGNMENT = /^([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*([^\n]*)$/gm;

export function readModuleScope(source: ScannedSource): ModuleScope {
  const imports = new Map<string, ImportBinding>();
  const importedModules: string[] = [];
  for (const match of codeMatches(source, FROM_IMPORT)) {
    const module = match[1]!;
    importedModules.push(module);
    for (const item of match[2]!.replace(/[()\\]/g, ' ').split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (name && name !== '*') imports.set(alias ?? name, { module, names: [name] });
    }
  }
  for (const match of codeMatches(source, IMPORT)) {
    for (const item of match[1]!.replace(/\\/g, ' ').split(',')) {
      const [module, alias] = item.trim().split(/\s+as\s+/);
      if (!module) continue;
      importedModules.push(module);
      if (alias) imports.set(alias, { module, names: [] });
      else imports.set(module.split('.')[0]!, { module: module.split('.')[0]!, names: [] });
    }
  }
  return { imports, importedModules, constants: readConstants(source) };
}

function readConstants(source: ScannedSource): Map<string, PathValue> {
  const constants = new Map<string, PathValue>();
  const assigned = new Set<string>();
  for (const match of codeMatches(source, MODULE_ASSIGNMENT)) {
    const [, name, value] = match;
    // A name assigned twice has no one value to read.
    if (assigned.has(name!)) constants.delete(name!);
    else if (splitTopLevel(value!, '+').some((term) => /^[rRuUfF]{0,2}['"]/.test(term.text))) {
      const read = pathValue(value!, constants);
      if (read.path !== DYNAMIC_SEGMENT) constants.set(name!, read);
    }
    assigned.add(name!);
  }
  return constants;
}

function joinModule(module: string, names: string[]): string {
  if (names.length === 0) return module;
  return module.endsWith('.') ? module + names.join('.') : [module, ...names].join('.');
}

/**
 * The group an expression names in another module: `users.router` after `from .routers import users`
 * is `router` of `.routers.users`. When `isModule` says the last name is itself a module (a Django
 * `include(blog.urls)`), the group is that module's `default`. Null when no import binds it.
 */
export function importedGroup(scope: ModuleScope, expression: string, isModule: (lastName: string) => boolean = () => false): GroupRef | null {
  const [head, ...attributes] = expression.split('.').map((part) => part.trim());
  const binding = scope.imports.get(head!);
  if (!binding) return null;
  const names = [...binding.names, ...attributes];
  const last = names[names.length - 1];
  if (last === undefined || isModule(last)) return { kind: 'import', module: joinModule(binding.module, names), name: 'default' };
  return { kind: 'import', module: joinModule(binding.module, names.slice(0, -1)), name: last };
}

/** The name an expression resolves to through the imports: `BP` after `from flask import Blueprint as BP` is `Blueprint`. */
export function importedName(scope: ModuleScope, expression: string): string {
  const parts = expression.split('.').map((part) => part.trim());
  const binding = parts.length === 1 ? scope.imports.get(parts[0]!) : undefined;
  return binding?.names[binding.names.length - 1] ?? parts[parts.length - 1]!;
}

const HTTP_METHOD_NAMES = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * The HTTP methods a class-based view of this file answers, in written order: its `get`, `post`, ...
 * methods (Flask `MethodView`, Flask-RESTX `Resource`), or a `methods = [...]` class attribute.
 * Empty when the class is not in the file.
 */
export function classViewMethods(source: ScannedSource, className: string): string[] {
  const header = new RegExp(`^([ \\t]*)class[ \\t]+${className}\\b[^\\n]*:[ \\t]*$`, 'm').exec(source.code);
  if (!header || !source.isCode(header.index + header[1]!.length)) return [];
  const methods: string[] = [];
  let bodyIndent = -1;
  for (let offset = header.index + header[0].length + 1; offset > 0 && offset < source.code.length; ) {
    const end = source.code.indexOf('\n', offset);
    const line = source.code.slice(offset, end < 0 ? undefined : end);
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '' && source.isCode(offset + indent)) {
      if (indent <= header[1]!.length) break;
      if (bodyIndent < 0) bodyIndent = indent;
      const method = /^(?:async\s+)?def\s+([a-z]+)\s*\(/.exec(line.trim());
      if (indent === bodyIndent && method && HTTP_METHOD_NAMES.has(method[1]!)) methods.push(method[1]!.toUpperCase());
      const attribute = /^methods\s*=\s*[[({](.*)[\])}]\s*$/.exec(line.trim());
      if (indent === bodyIndent && attribute) {
        return [...attribute[1]!.matchAll(/['"](\w+)['"]/g)].map((m) => m[1]!.toUpperCase());
      }
    }
    if (end < 0) break;
    offset = end + 1;
  }
  return methods;
}
