/**
 * The routes of the two ends compared. Routes are matched by method and path shape (parameter
 * names aside, trailing slash aside); matched routes whose handler, auth, middleware or parameter
 * names differ are modified, and say how. A file move alone is not a modification.
 */
import type { Route } from '../../src/facts/schema.js';
import { comparePaths } from '../project/path-rules.js';
import type { ServedRoute } from './link.js';
import { parameterNames, pathShape } from './paths.js';

const CHANGE_ORDER: Readonly<Record<Route['change'], number>> = { added: 0, removed: 1, modified: 2, unchanged: 3 };

export function compareRoutes(before: readonly ServedRoute[], after: readonly ServedRoute[]): Route[] {
  const earlier = byKey(before);
  const routes: Route[] = [];
  for (const [key, now] of byKey(after)) {
    const then = earlier.get(key) ?? [];
    earlier.delete(key);
    now.forEach((route, index) => {
      const old = then[index];
      if (!old) return routes.push(fact(route, 'added', []));
      const modifications = differences(old, route);
      routes.push(fact(route, modifications.length > 0 ? 'modified' : 'unchanged', modifications));
    });
    for (const old of then.slice(now.length)) routes.push(fact(old, 'removed', []));
  }
  for (const gone of earlier.values()) for (const old of gone) routes.push(fact(old, 'removed', []));
  return routes.sort(
    (a, b) => CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || comparePathText(a.path, b.path) || compareText(a.method, b.method) || comparePaths(a.file, b.file) || a.line - b.line,
  );
}

/** Routes by method and shape; several with one key (two frameworks, a route declared twice) keep their file order. */
function byKey(routes: readonly ServedRoute[]): Map<string, ServedRoute[]> {
  const map = new Map<string, ServedRoute[]>();
  const sorted = [...routes].sort((a, b) => comparePaths(a.file, b.file) || a.line - b.line);
  for (const route of sorted) {
    const key = `${route.method} ${pathShape(route.path)}`;
    const list = map.get(key) ?? [];
    list.push(route);
    map.set(key, list);
  }
  return map;
}

/** What changed between two declarations of one route, one phrase each. */
function differences(old: ServedRoute, now: ServedRoute): string[] {
  const found: string[] = [];
  const oldNames = parameterNames(old.path);
  const newNames = parameterNames(now.path);
  if (oldNames.join() !== newNames.join()) found.push(`path parameters ${oldNames.join(', ')} → ${newNames.join(', ')}`);
  if (old.handler !== now.handler) found.push(`handler ${old.handler ?? '(inline)'} → ${now.handler ?? '(inline)'}`);
  for (const [what, was, is] of [['auth', old.auth, now.auth], ['middleware', old.middleware, now.middleware]] as const) {
    const added = is.filter((name) => !was.includes(name));
    const removed = was.filter((name) => !is.includes(name));
    if (added.length > 0) found.push(`${what} added: ${added.join(', ')}`);
    if (removed.length > 0) found.push(`${what} removed: ${removed.join(', ')}`);
  }
  return found;
}

function fact(route: ServedRoute, change: Route['change'], modifications: string[]): Route {
  return {
    method: route.method,
    path: route.path,
    change,
    framework: route.framework,
    file: route.file,
    line: route.line,
    handler: route.handler,
    auth: route.auth.length > 0 ? route.auth.join(', ') : null,
    dynamic: route.dynamic,
    modifications,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Paths segment by segment, so `/users/:id` follows `/users`. */
function comparePathText(a: string, b: string): number {
  return comparePaths(a.replace(/^\//, ''), b.replace(/^\//, ''));
}
