/**
 * Python routes: Flask, FastAPI and Django in one pass over a `.py` file, each route labelled with
 * its framework. Comments are blanked and string literals (docstrings included) are never read as
 * code, by the same scanner the env extractor uses.
 *
 * - Flask and FastAPI: ./python-app-routes.ts (decorators, registration calls, blueprints,
 *   routers), ./python-dependencies.ts (FastAPI dependencies as auth).
 * - Django: ./python-django.ts (URLconf lists), read only in a `urls.py` or a module defining
 *   `urlpatterns`.
 * - Imports name the modules mounted groups come from, written as dotted modules (`moduleStyle:
 *   'python'`); relative ones keep their dots (`.routers.users`).
 */
import { noRoutes, RouteSyntaxError, type RouteExtraction, type RouteExtractor } from '../model.js';
import { pythonSyntax } from '../../env/extractors/python.js';
import { scanSource } from '../../env/extractors/source-scan.js';
import { extractAppRoutes } from './python-app-routes.js';
import { extractDjangoRoutes, isUrlconf } from './python-django.js';
import { readModuleScope } from './python-module.js';

/** Words without which a file declares no route this extractor reads: most files are skipped unscanned. */
const MENTIONS_ROUTES = /\.\s*(?:route|api_route|websocket|get|post|put|patch|delete|head|options|trace|add_url_rule|add_api_route|register_blueprint|include_router|mount)\s*\(|urlpatterns|\b(?:re_)?path\s*\(|\burl\s*\(/;

export function extractPythonRoutes(text: string, path: string): RouteExtraction {
  if (text.includes('\u0000')) throw new RouteSyntaxError('it is a binary file, not Python source');
  if (!MENTIONS_ROUTES.test(text)) return { ...noRoutes(), moduleStyle: 'python' };
  const source = scanSource(text, pythonSyntax);
  const scope = readModuleScope(source);
  const app = extractAppRoutes(source, scope);
  const django = isUrlconf(source, path) ? extractDjangoRoutes(source, scope) : noRoutes();
  const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;
  return {
    routes: [...app.routes, ...django.routes].sort(byLine),
    mounts: [...app.mounts, ...django.mounts].sort(byLine),
    exports: { ...app.exports, ...django.exports },
    ...(Object.keys(app.aliases).length > 0 ? { aliases: app.aliases } : {}),
    ...(app.routers.length > 0 ? { routers: app.routers.sort() } : {}),
    moduleStyle: 'python',
  };
}

export const pythonRouteExtractor: RouteExtractor = {
  id: 'python',
  matches: (path) => path.endsWith('.py'),
  extract: extractPythonRoutes,
};
