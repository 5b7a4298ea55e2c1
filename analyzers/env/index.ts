/**
 * Environment variables: every variable the code reads and the example, compose, Kubernetes and
 * CI files declare, at TO (the inventory) and at the FROM side of the range, compared by name.
 * Only files that changed are read twice: an unchanged file says the same at both ends. See
 * README.md for the patterns, the fields and the choices.
 */
import type { Analyzer, AnalyzerResult, ExtractionCache } from '../../src/analyzer.js';
import { cachedExtraction } from '../../src/cache/cached-extraction.js';
import type { EnvVar } from '../../src/facts/schema.js';
import type { Repository } from '../../src/git/repository.js';
import type { Oid } from '../../src/git/types.js';
import { redactSecrets } from '../../src/redact.js';
import { decodeText } from '../project/manifests/index.js';
import { listingBefore, pathsOfChanges, regularFilesAt } from '../shared/range-ends.js';
import { comparePaths, pathRules, resolveRelative, type PathRules } from '../project/path-rules.js';
import { dotenvExtractor } from './extractors/dotenv-files.js';
import { OTHER_EXTRACTORS } from './extractors/index.js';
import { javascriptExtractor } from './extractors/javascript.js';
import { EnvSyntaxError, type EnvExtraction, type EnvExtractor, type EnvReference } from './model.js';
import { readGuarded, type Unread } from '../shared/guarded.js';
import { cappedWarnings } from '../shared/warnings.js';

type EnvWarning = AnalyzerResult['warnings'][number];

export const ENV_EXTRACTORS: readonly EnvExtractor[] = [javascriptExtractor, ...OTHER_EXTRACTORS];

/** The version of what one file's reading gives (EnvExtraction, or why it was not read): bump it when an extractor changes. */
const EXTRACTION_VERSION = 1;

export function envExtractorOf(path: string): EnvExtractor | null {
  return ENV_EXTRACTORS.find((extractor) => extractor.matches(path)) ?? null;
}

/** A file read at one end: its path there and what it references. */
interface ReadFile {
  path: string;
  extraction: EnvExtraction;
}

export const envAnalyzer: Analyzer = {
  id: 'env',
  title: 'Environment variables read and declared',
  async analyze(range, { repo, paths, cache }) {
    // Vendored trees, build output, fixtures and examples are not the project's configuration.
    const rules = pathRules([], paths);
    const reader = new ExtractionReader(repo, rules, cache);
    const toListing = await regularFilesAt(repo, range.toOid);
    const fromListing = range.mergeBase ? listingBefore(toListing, range.changes) : new Map<string, Oid>();
    // Each blob is read once: FROM's unchanged files come from the reads of TO.
    const [toFiles, fromFiles] = await Promise.all([reader.readEnd(toListing), reader.readEnd(fromListing)]);
    // A changed file unreadable at one end would make its variables look added or removed: leave it out at both.
    const unreadChanged = pathsOfChanges(range.changes, (path) => reader.unread.has(path));
    const readable = (file: ReadFile) => !unreadChanged.has(file.path);

    const env = compareEnds(inventoryOf(fromFiles.filter(readable)), inventoryOf(toFiles.filter(readable)));
    const changedAtTo = new Set(range.changes.filter((c) => c.status !== 'deleted').map((c) => c.path));
    const dynamic = toFiles
      .filter((file) => changedAtTo.has(file.path))
      .flatMap((file) => file.extraction.dynamic.map((read) => ({ path: file.path, ...read })));
    return { facts: { env }, warnings: [...dynamicWarnings(dynamic), ...unreadWarnings(reader.unread)] };
  },
};

/**
 * The files compose loads with `env_file:` are dotenv files whatever their name
 * (`envs/production`): their keys are the service's declarations, like its `environment:`.
 */
const composeEnvFileExtractor: EnvExtractor = {
  id: 'compose-env-file',
  matches: () => false,
  extract(text, path) {
    const { references, dynamic } = dotenvExtractor.extract(text, path);
    return { references: references.map((reference) => ({ ...reference, source: 'compose' })), dynamic };
  },
};

/** Reads and extracts blobs, each once however many paths and ends hold it. */
class ExtractionReader {
  /** By extractor and blob: one content read by two extractors (`a.js`, `a.sh`) gives two readings. */
  private readonly byBlob = new Map<string, Promise<EnvExtraction | Unread>>();
  /** Paths that could not be read, with the cause. */
  readonly unread = new Map<string, string>();

  constructor(
    private readonly repo: Repository,
    private readonly rules: PathRules,
    private readonly cache: ExtractionCache | undefined,
  ) {}

  /** Every file of one end an extractor reads, then the env files its compose files load. */
  async readEnd(listing: ReadonlyMap<string, Oid>): Promise<ReadFile[]> {
    const wanted = [...listing].flatMap(([path, oid]) => {
      const extractor = this.rules.isProjectSource(path) ? envExtractorOf(path) : null;
      return extractor ? [{ path, oid, extractor }] : [];
    });
    const files = await this.readAll(wanted);
    const envFiles = new Set(files.flatMap((file) => (file.extraction.envFiles ?? []).map((envFile) => resolveRelative(file.path, envFile))));
    const loaded = [...envFiles].flatMap((path) => {
      // A file an extractor already reads (`.env`, `web.env`) is in the inventory once, as what it is.
      const oid = path !== null && !envExtractorOf(path) && this.rules.isProjectSource(path) ? listing.get(path) : undefined;
      return oid ? [{ path: path!, oid, extractor: composeEnvFileExtractor }] : [];
    });
    return [...files, ...(await this.readAll(loaded))].sort((a, b) => comparePaths(a.path, b.path));
  }

  /** The files that could be read; the others go to `unread`. */
  private async readAll(files: Array<{ path: string; oid: Oid; extractor: EnvExtractor }>): Promise<ReadFile[]> {
    const read: ReadFile[] = [];
    await Promise.all(
      files.map(async ({ path, oid, extractor }) => {
        const extraction = await this.read(path, oid, extractor);
        if ('unread' in extraction) this.unread.set(path, extraction.unread);
        else read.push({ path, extraction });
      }),
    );
    return read;
  }

  private read(path: string, oid: Oid, extractor: EnvExtractor): Promise<EnvExtraction | Unread> {
    const key = `${extractor.id} ${oid}`;
    let extraction = this.byBlob.get(key);
    if (!extraction) {
      // The path is part of the key: the JavaScript extractor parses by extension and knows next.config files by name.
      extraction = cachedExtraction(this.cache, { analyzer: 'env', version: EXTRACTION_VERSION, oid, parts: [extractor.id, path] }, async () => {
        const bytes = await this.repo.readBlob(oid);
        return readGuarded(() => extractor.extract(decodeText(bytes), path), EnvSyntaxError);
      });
      this.byBlob.set(key, extraction);
    }
    return extraction;
  }
}

/** Everything known of one variable at one end. */
interface Inventory {
  references: Array<EnvReference & { path: string }>;
}

function inventoryOf(files: ReadFile[]): Map<string, Inventory> {
  const byName = new Map<string, Inventory>();
  const buildDefined = new Set(files.flatMap((file) => file.extraction.buildDefined ?? []));
  for (const { path, extraction } of files) {
    for (const reference of extraction.references) {
      // Code reading a name the build defines reads the build's value; a declaration still counts.
      if (reference.source === 'code' && buildDefined.has(reference.name)) continue;
      const entry = byName.get(reference.name) ?? { references: [] };
      entry.references.push({ ...reference, path });
      byName.set(reference.name, entry);
    }
  }
  // Where code reads it first, then where it is declared: the first location says where it is used.
  const codeFirst = (a: EnvReference, b: EnvReference) => Number(a.source !== 'code') - Number(b.source !== 'code');
  for (const entry of byName.values()) entry.references.sort((a, b) => codeFirst(a, b) || comparePaths(a.path, b.path) || a.line - b.line);
  return byName;
}

const CHANGE_ORDER = { added: 0, removed: 1, unchanged: 2 } as const;

function compareEnds(before: Map<string, Inventory>, after: Map<string, Inventory>): EnvVar[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const vars = names.map((name): EnvVar => {
    const now = after.get(name);
    const change = !now ? 'removed' : before.has(name) ? 'unchanged' : 'added';
    return describe(name, change, (now ?? before.get(name))!);
  });
  return vars.sort((a, b) => CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A variable as the end it is at shows it: TO for added and unchanged, FROM for removed. */
function describe(name: string, change: EnvVar['change'], inventory: Inventory): EnvVar {
  const { references } = inventory;
  const code = references.filter((r) => r.source === 'code');
  const sources = [...new Set(references.map((r) => r.source))].sort();
  const seen = new Set<string>();
  const locations = references.map((r) => ({ path: r.path, line: r.line })).filter((l) => !seen.has(`${l.path}:${l.line}`) && seen.add(`${l.path}:${l.line}`));
  return {
    name,
    change,
    sources,
    locations,
    default: safeDefault(name, code.find((r) => r.default !== null)?.default ?? null),
    // Required as soon as one place reads it with no fallback: the program needs it there.
    required: code.some((r) => r.required),
    documented: references.some((r) => r.source !== 'code'),
  };
}

const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH/i;

/**
 * A literal default written in code is shown, since it is the program's own text, unless it could
 * be a credential: by the variable's name, or by its shape.
 */
function safeDefault(name: string, value: string | null): string | null {
  if (value === null) return null;
  if (SECRET_NAME.test(name) && value !== '') return '[redacted]';
  return redactSecrets(value);
}

function dynamicWarnings(reads: Array<{ path: string; line: number; expression: string }>): EnvWarning[] {
  return cappedWarnings(
    reads,
    (read) => ({ message: `${read.path}:${read.line} reads an environment variable whose name is computed (${redactSecrets(read.expression)}); it is not in the facts.`, path: read.path }),
    (count) => `${count} more reads of computed variable names in changed files are not listed.`,
  );
}

function unreadWarnings(unread: Map<string, string>): EnvWarning[] {
  return cappedWarnings(
    [...unread].sort(([a], [b]) => comparePaths(a, b)),
    ([path, cause]) => ({ message: `${path} was not read: ${cause}. The environment variables it names are missing from the report.`, path }),
    (count) => `${count} more files were not read for environment variables.`,
  );
}
