/**
 * Every route extractor. Unlike environment variables, one file can hold routes of several kinds
 * (a Next.js `route.ts` that also builds a Hono app, a NestJS `main.ts` with Express middleware),
 * so every extractor whose `matches` accepts a path reads it; each skips cheaply what is not its.
 */
import type { RouteExtractor } from '../model.js';
import { fileSystemRouteExtractor } from './file-system.js';
import { goRouteExtractor } from './go.js';
import { javascriptRouteExtractor } from './javascript.js';
import { nestRouteExtractor } from './nestjs.js';
import { openApiRouteExtractor } from './openapi.js';
import { pythonRouteExtractor } from './python.js';
import { railsRouteExtractor } from './rails.js';
import { springRouteExtractor } from './spring.js';

export const ROUTE_EXTRACTORS: readonly RouteExtractor[] = [
  openApiRouteExtractor,
  fileSystemRouteExtractor,
  nestRouteExtractor,
  javascriptRouteExtractor,
  pythonRouteExtractor,
  railsRouteExtractor,
  springRouteExtractor,
  goRouteExtractor,
];
