/**
 * Which files are tests, by the conventions of each ecosystem, and their level. JavaScript and
 * TypeScript: `*.test.*`, `*.spec.*`, files under `__tests__/`, and code under a `test/` or `tests/`
 * folder; Python: `test_*.py` and `*_test.py`; Go: `*_test.go`; Java and Kotlin: `src/test/**`;
 * Ruby: `spec/**_spec.rb` and `test/**_test.rb`. Fixtures, snapshots and helpers inside test
 * folders are not tests (`test/fixtures/`, `__snapshots__`, `conftest.py`, `test/helpers/`).
 */

export type TestLevel = 'unit' | 'integration' | 'e2e';
export type TestLanguage = 'javascript' | 'python' | 'go' | 'jvm' | 'ruby';

const JS = /\.(?:[cm]?[jt]sx?)$/;
const NOT_TESTS = /(?:^|\/)(?:fixtures?|__fixtures__|__snapshots__|__mocks__|testdata|helpers?|support|utils?|mocks?)\//;

/** The language of a test file, or null when the path is not a test by any convention. */
export function testLanguageOf(path: string): TestLanguage | null {
  if (NOT_TESTS.test(path) || /\.d\.[cm]?ts$/.test(path)) return null;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (JS.test(name)) {
    if (/\.(?:test|spec|e2e|e2e-spec|cy)\.[cm]?[jt]sx?$/.test(name) || /(?:^|\/)__tests__\//.test(path)) return 'javascript';
    return /(?:^|\/)(?:test|tests|e2e)\//.test(path) && !/(?:^|\/)(?:setup|config|global-setup|vitest\.config|jest\.config)\.[cm]?[jt]s$/.test(name) ? 'javascript' : null;
  }
  if (name.endsWith('.py')) return /^test_.*\.py$|_test\.py$/.test(name) ? 'python' : null;
  if (name.endsWith('_test.go')) return 'go';
  if (/\.(?:java|kt)$/.test(name)) return /(?:^|\/)src\/(?:test|integrationTest|it)\//.test(path) && /(?:Test|Tests|IT|Spec)\.(?:java|kt)$/.test(name) ? 'jvm' : null;
  if (name.endsWith('.rb')) return /(?:^|\/)spec\/.*_spec\.rb$|(?:^|\/)test\/.*_test\.rb$/.test(path) ? 'ruby' : null;
  return null;
}

/**
 * End-to-end when the path says so (`e2e`, `cypress`, `playwright`, `*.e2e-spec.ts`, `*.cy.ts`,
 * `acceptance`, `system` specs), integration when it says `integration` or `it` (`src/it/`,
 * `*IT.java`, `*.int.test.ts`), unit otherwise.
 */
export function testLevelOf(path: string): TestLevel {
  const lower = path.toLowerCase();
  if (/(?:^|[/._-])(?:e2e|end-to-end|cypress|playwright|acceptance|system)(?:[/._-]|$)|\.cy\.[cm]?[jt]sx?$/.test(lower)) return 'e2e';
  if (/(?:^|[/._-])(?:integration|integrationtest|int|it|functional|api-tests?)(?:[/._-]|$)/.test(lower) || /IT\.(?:java|kt)$/.test(path)) return 'integration';
  return 'unit';
}
