/**
 * HTTP routes: what the application serves at TO (the inventory) and at the FROM side of the
 * range, read from the code and the OpenAPI specs without running anything, and compared. Files
 * are read once per blob; groups are linked across files at each end (./link.ts), then compared
 * (./diff.ts). See README.md for the frameworks, the rules and the choices.
 */
import type { Analyzer, AnalyzerResult } from '../../src/analyzer.js';
import type { Repository } from '../../src/git/repository.js';
import type { Oid } from '../../src/git/types.js';
import { redactSecrets } from '../../src/redact.js';
import { decodeText } from '../project/manifests/index.js';
import { comparePaths, pathRules, type PathRules } from '../project/path-rules.js';
import { listingBefore, pathsOfChanges, regularFilesAt } from '../shared/range-ends.js';
import { compareRoutes } from './diff.js';
import { ROUTE_EXTRACTORS } from './extractors/index.js';
import { linkRoutes, type UnmountedRouter } from './link.js';
import { noRoutes, RouteSyntaxError, type RouteExtraction } from './model.js';
import { cappedWarnings } from '../shared/warnings.js';

type RouteWarning = AnalyzerResult['warnings'][number];


export const routesAnalyzer: Analyzer = {
  id: 'routes',
  title: 'HTTP routes declared in code and API specs',
  async analyze(range, { repo, paths }) {
    const reader = new RouteReader(repo, pathRules([], paths));
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

/** Reads files with every extractor that wants them, each blob once per extractor. */
class RouteReader {
  private readonly byBlob = new Map<string, Promise<RouteExtraction | { unread: string }>>();
  readonly unread = new Map<string, string>();

  constructor(
    private readonly repo: Repository,
    private readonly rules: PathRules,
  ) {}

  /** The extractions of one end, merged per file, for the files any extractor reads. */
  async readEnd(listing: ReadonlyMap<string, Oid>): Promise<Map<string, RouteExtraction>> {
    const wanted = [...listing].filter(([path]) => this.rules.isProjectSource(path) && ROUTE_EXTRACTORS.some((e) => e.matches(path)));
    const read = await Promise.all(wanted.map(async ([path, oid]) => [path, await this.readFile(path, oid)] as const));
    const files = new Map<string, RouteExtraction>();
    for (const [path, extraction] of read.sort(([a], [b]) => comparePaths(a, b))) if (extraction) files.set(path, extraction);
    return files;
  }

  private async readFile(path: string, oid: Oid): Promise<RouteExtraction | null> {
    const merged = noRoutes();
    for (const extractor of ROUTE_EXTRACTORS.filter((e) => e.matches(path))) {
      const extraction = await this.extract(extractor.id, path, oid);
      if ('unread' in extraction) {
        this.unread.set(path, extraction.unread);
        return null;
      }
      merged.routes.push(...extraction.routes);
      merged.mounts.push(...extraction.mounts);
      Object.assign(merged.exports, extraction.exports);
      if (extraction.aliases) merged.aliases = { ...merged.aliases, ...extraction.aliases };
      if (extraction.routers) merged.routers = [...(merged.routers ?? []), ...extraction.routers];
      merged.globalPrefix ??= extraction.globalPrefix;
      merged.moduleStyle ??= extraction.moduleStyle;
    }
    return merged;
  }

  private extract(extractorId: string, path: string, oid: Oid): Promise<RouteExtraction | { unread: string }> {
    const key = `${extractorId} ${oid} ${path}`;
    let extraction = this.byBlob.get(key);
    if (!extraction) {
      const extractor = ROUTE_EXTRACTORS.find((e) => e.id === extractorId)!;
      extraction = this.repo.readBlob(oid).then((bytes) => {
        try {
          return extractor.extract(decodeText(bytes), path);
        } catch (error) {
          // Anything an extractor throws is about this file; it costs the file's routes, not the report.
          const cause = error instanceof RouteSyntaxError ? error.message : `reading it failed unexpectedly (${(error as Error).message})`;
          return { unread: redactSecrets(cause) };
        }
      });
      this.byBlob.set(key, extraction);
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
