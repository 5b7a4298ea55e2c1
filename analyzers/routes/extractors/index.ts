/**
 * Every route extractor. Unlike environment variables, one file can hold routes of several kinds
 * (a Next.js `route.ts` that also builds a Hono app, a NestJS `main.ts` with Express middleware),
 * so every extractor whose `matches` accepts a path reads it; each skips cheaply what is not its.
 */
import type { RouteExtractor } from '../model.js';
import { fileSystemRouteExtractor } from './file-system.js';
import { javascriptRouteExtractor } from './javascript.js';
import { openApiRouteExtractor } from './openapi.js';

export const ROUTE_EXTRACTORS: readonly RouteExtractor[] = [openApiRouteExtractor, fileSystemRouteExtractor, javascriptRouteExtractor];
