/**
 * Tests: the test files a range added, modified, deleted or renamed (./conventions.ts), their level
 * (unit, integration, e2e), and the test cases each gained and lost (./cases.ts), compared by name
 * between the two ends of the range; and, from `--junit` reports, how the test run went (./junit.ts).
 */
import { readFileSync } from 'node:fs';
import { NO_TEST_OUTPUTS, type Analyzer, type AnalyzerResult } from '../../src/analyzer.js';
import { cachedExtraction } from '../../src/cache/cached-extraction.js';
import type { Tests } from '../../src/facts/schema.js';
import type { Oid } from '../../src/git/types.js';
import { redactSecrets } from '../../src/redact.js';
import { decodeText } from '../project/manifests/index.js';
import { comparePaths, pathRules } from '../project/path-rules.js';
import { isFileSystemError, namedInputFiles } from '../shared/input-files.js';
import { testCasesOf } from './cases.js';
import { JUnitFormatError, mergeJUnit, readJUnit, type JUnitResults } from './junit.js';
import { testLanguageOf, testLevelOf, type TestLanguage } from './conventions.js';

type TestWarning = AnalyzerResult['warnings'][number];
type TestFile = Tests['files'][number];

/** The version of what one file's reading gives (its test cases, or why it was not read): bump it when ./cases.ts changes. */
const EXTRACTION_VERSION = 1;

export const testsAnalyzer: Analyzer = {
  id: 'tests',
  title: 'Test files and the test cases they gained and lost',
  async analyze(range, { repo, paths, testOutputs = NO_TEST_OUTPUTS, cache }) {
    // Vendored code, build output, fixtures and examples hold tests that are not the project's.
    const rules = pathRules([], paths);
    const warnings: TestWarning[] = [];
    const files: TestFile[] = [];
    const casesAt = async (oid: Oid | null, path: string, language: TestLanguage): Promise<string[]> => {
      if (!oid) return [];
      // A blob that cannot be read is warned about but not kept (.catch): it says nothing about the file.
      const key = { analyzer: 'tests', version: EXTRACTION_VERSION, oid, parts: [language, path] };
      const read = await cachedExtraction(cache, key, async (): Promise<{ cases: string[] } | { unread: string }> => {
        const bytes = await repo.readBlob(oid);
        try {
          return { cases: testCasesOf(decodeText(bytes), path, language) };
        } catch (error) {
          return { unread: redactSecrets((error as Error).message) };
        }
      }).catch((error: Error) => ({ unread: redactSecrets(error.message) }));
      if ('cases' in read) return read.cases;
      warnings.push({ message: `${path} was not read for test cases: ${read.unread}.`, path });
      return [];
    };
    for (const change of range.changes) {
      if (!rules.isProjectSource(change.path)) continue;
      const language = testLanguageOf(change.path) ?? (change.oldPath ? testLanguageOf(change.oldPath) : null);
      if (!language) continue;
      const [before, after] = await Promise.all([
        casesAt(change.status === 'added' ? null : change.oldOid, change.oldPath ?? change.path, language),
        casesAt(change.status === 'deleted' ? null : change.newOid, change.path, language),
      ]);
      files.push({
        path: change.path,
        change: change.status === 'renamed' ? 'renamed' : change.status === 'added' ? 'added' : change.status === 'deleted' ? 'deleted' : 'modified',
        level: testLevelOf(change.path),
        casesAdded: missingFrom(after, before),
        casesRemoved: missingFrom(before, after),
      });
    }
    files.sort((a, b) => comparePaths(a.path, b.path));
    const results = testResults(testOutputs.junit, repo.workdir, warnings);
    return { facts: { tests: { files, results } }, warnings };
  },
};

/** The summed counts of the JUnit reports named; null when none was given or none could be read. */
function testResults(patterns: readonly string[], workdir: string | null, warnings: TestWarning[]): Tests['results'] {
  const read: Array<{ shown: string; results: JUnitResults }> = [];
  for (const file of namedInputFiles('--junit', patterns, workdir, 'run the tests with a JUnit reporter first')) {
    try {
      read.push({ shown: file.shown, results: readJUnit(readFileSync(file.absolute, 'utf8')) });
    } catch (error) {
      if (!(error instanceof JUnitFormatError) && !isFileSystemError(error)) throw error;
      warnings.push({ message: `${file.shown} was not read for test results: ${redactSecrets((error as Error).message)}.`, path: file.shown });
    }
  }
  return read.length === 0 ? null : { ...mergeJUnit(read.map((r) => r.results)), sources: read.map((r) => r.shown) };
}

/** The names of `list` that `other` lacks, counted: a case declared twice and now once lost one. */
function missingFrom(list: string[], other: string[]): string[] {
  const left = new Map<string, number>();
  for (const name of other) left.set(name, (left.get(name) ?? 0) + 1);
  return list.filter((name) => {
    const count = left.get(name) ?? 0;
    if (count === 0) return true;
    left.set(name, count - 1);
    return false;
  });
}
