/**
 * HTTP routes: what the application serves at TO (the inventory) and at the FROM side of the
 * range, read from the code and the OpenAPI specs without running anything, and compared. Files
 * are read once per blob; groups are linked across files at each end (./link.ts), then compared
 * (./diff.ts). See README.md for the frameworks, the rules and the choices.
 */
import { DEFAULT_PATH_CHOICES, NO_LOCATIONS, type Analyzer, type AnalyzerResult, type ExtractionCache } from '../../src/analyzer.js';
import { cachedExtraction } from '../../src/cache/cached-extraction.js';
import type { Repository } from '../../src/git/repository.js';
import type { Oid } from '../../src/git/types.js';
import { decodeText } from '../project/manifests/index.js';
import { comparePaths, pathRules, type PathRules } from '../project/path-rules.js';
import { listingBefore, pathsOfChanges, regularFilesAt } from '../shared/range-ends.js';
import { compareRoutes } from './diff.js';
import { ROUTE_EXTRACTORS } from './extractors/index.js';
import { linkRoutes, type UnmountedRouter } from './link.js';
import { mergeExtractions, RouteSyntaxError, type RouteExtraction } from './model.js';
import { readGuarded, type Unread } from '../shared/guarded.js';
import { cappedWarnings } from '../shared/warnings.js';

type RouteWarning = AnalyzerResult['warnings'][number];

/** The version of what one file's reading gives (RouteExtraction, or why it was not read): bump it when an extractor changes. */
const EXTRACTION_VERSION = 1;


export const routesAnalyzer: Analyzer = {
  id: 'routes',
  title: 'HTTP routes declared in code and API specs',
  async analyze(range, { repo, paths = DEFAULT_PATH_CHOICES, locations = NO_LOCATIONS, cache }) {
    // Route files the user pointed at are read even where paths are skipped by default.
    const reader = new RouteReader(repo, pathRules([], { ...paths, include: [...paths.include, ...locations.routes] }), cache);
    const toListing = await regularFilesAt(repo, range.toOid);
    const fromListing = range.mergeBase ? listingBefore(toListing, range.changes) : new Map<string, Oid>();
    const [atTo, atFrom] = await Promise.all([reader.readEnd(toListing), reader.readEnd(fromListing)]);
    // A changed file unreadable at one end would make its routes look added or removed: leave it out at both.
    const unreadChanged = pathsOfChanges(range.changes, (path) => reader.unread.has(path));
    const readable = (files: Map<string, RouteExtraction>) => new Map([...files].filter(([path]) => !unreadChanged.has(path)));
    const before = linkRoutes(readable(atFrom));
    const after = linkRoutes(readable(atTo));
    const routes = compareRoutes(before.routes, after.routes);
    return { facts: { routes }, warnings: [...unreadWarnings(reader.unread), ...unmountedWarnings(after.unmounted)] };
  },
};

/** Reads files with every extractor that wants them: each file once, however many extractors and ends want it. */
class RouteReader {
  /** By blob and path (a file-system route comes from the path): an unchanged file is read once for both ends. */
  private readonly byFile = new Map<string, Promise<RouteExtraction | Unread>>();
  readonly unread = new Map<string, string>();

  constructor(
    private readonly repo: Repository,
    private readonly rules: PathRules,
    private readonly cache: ExtractionCache | undefined,
  ) {}

  /** The extractions of one end, merged per file, for the files any extractor reads. */
  async readEnd(listing: ReadonlyMap<string, Oid>): Promise<Map<string, RouteExtraction>> {
    const wanted = [...listing].filter(([path]) => this.rules.isProjectSource(path) && ROUTE_EXTRACTORS.some((e) => e.matches(path)));
    const read = await Promise.all(wanted.map(async ([path, oid]) => [path, await this.readFile(path, oid)] as const));
    const files = new Map<string, RouteExtraction>();
    for (const [path, extraction] of read.sort(([a], [b]) => comparePaths(a, b))) {
      if ('unread' in extraction) this.unread.set(path, extraction.unread);
      else files.set(path, extraction);
    }
    return files;
  }

  private readFile(path: string, oid: Oid): Promise<RouteExtraction | Unread> {
    const key = `${oid} ${path}`;
    let extraction = this.byFile.get(key);
    if (!extraction) {
      const extractors = ROUTE_EXTRACTORS.filter((e) => e.matches(path));
      extraction = cachedExtraction(this.cache, { analyzer: 'routes', version: EXTRACTION_VERSION, oid, parts: [path] }, async () => {
        const text = decodeText(await this.repo.readBlob(oid));
        return readGuarded(() => mergeExtractions(extractors.map((extractor) => extractor.extract(text, path))), RouteSyntaxError);
      });
      this.byFile.set(key, extraction);
    }
    return extraction;
  }
}

/** At TO only: the same router unmounted at both ends would say the same thing twice. */
function unmountedWarnings(unmounted: UnmountedRouter[]): RouteWarning[] {
  return cappedWarnings(
    unmounted,
    ({ file, group, routes }) => ({
      message: `${file}: ${group} (${routes} ${routes === 1 ? 'route' : 'routes'}) is not mounted anywhere this analysis can follow; its routes are listed without the prefix they are served under.`,
      path: file,
    }),
    (count) => `${count} more routers are not mounted anywhere this analysis can follow.`,
  );
}

function unreadWarnings(unread: Map<string, string>): RouteWarning[] {
  return cappedWarnings(
    [...unread].sort(([a], [b]) => comparePaths(a, b)),
    ([path, cause]) => ({ message: `${path} was not read for routes: ${cause}. The routes it declares are missing from the report.`, path }),
    (count) => `${count} more files were not read for routes.`,
  );
}
