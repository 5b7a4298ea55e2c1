/**
 * Routes declared by method calls in JavaScript and TypeScript: Express, Koa, Fastify, Hapi and
 * Hono (see ./js-route-calls.ts). Test files are left out: they build apps to exercise them, and
 * their routes are not the product's. Files that mention no route-shaped call are not parsed.
 */
import { isJavaScriptPath, looksMinified, parseScripts } from '../../shared/javascript-source.js';
import { mergeExtractions, noRoutes, RouteSyntaxError, type RouteExtractor } from '../model.js';
import { findRouteCalls } from './js-route-calls.js';

const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__)\/|\.(?:test|spec|e2e-spec|e2e)\.[cm]?[jt]sx?$/;
/** Every declaration this extractor reads is a call of one of these methods, or hands an app built by one of these frameworks to a function. */
const MAY_DECLARE_ROUTES = /\.\s*(?:get|post|put|patch|delete|del|head|options|all|on|route|use|register)\s*\(|express|koa|fastify|hapi|hono/;

export const javascriptRouteExtractor: RouteExtractor = {
  id: 'javascript',
  matches: (path) => isJavaScriptPath(path) && !TEST_FILE.test(path),
  extract(text, path) {
    if (!MAY_DECLARE_ROUTES.test(text) || looksMinified(text, path)) return noRoutes();
    const scripts = parseScripts(text, path, RouteSyntaxError);
    return { ...mergeExtractions(scripts.map(({ file, code }) => findRouteCalls(file, code))), moduleStyle: 'javascript' };
  },
};
