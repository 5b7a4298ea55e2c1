/**
 * Test results from a JUnit XML report: how many test cases passed, failed and were skipped.
 *
 * JUnit XML has no single spec. The shapes followed are Maven Surefire's
 * (https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd) and
 * the one Jenkins reads (https://github.com/jenkinsci/xunit-plugin/blob/master/src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd);
 * test/fixtures/junit/README.md shows what vitest, jest-junit, mocha-junit-reporter, pytest,
 * `node --test` and Surefire really write.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface JUnitResults {
  /** Test cases in the report: passed + failed + skipped. */
  total: number;
  passed: number;
  /** Test cases with a <failure> or an <error>: tools differ on which one an exception gets. */
  failed: number;
  /** Test cases with <skipped/>: skipped, disabled, todo, and pytest's expected failures. */
  skipped: number;
}

/** A file that is not a JUnit XML report; the message names the cause, the caller names the file. */
export class JUnitFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

type XmlNode = Record<string, unknown>;

const ROOT_NAMES = ['testsuites', 'testsuite'];
const EXPECTED_ROOT = 'expected <testsuites> or <testsuite>';

// Attributes get a prefix so that node --test's `failure="..."` attribute on a <testcase> is not
// taken for a <failure> element. Entities stay unexpanded: nothing counted needs them, and a
// DOCTYPE that defines entities (billion laughs) then costs nothing.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name, _jpath, _isLeaf, isAttribute) => !isAttribute && (name === 'testsuites' || name === 'testsuite' || name === 'testcase'),
});

/**
 * Counts the test cases of one JUnit XML report. Throws a JUnitFormatError when the text is empty,
 * not XML, malformed, or XML of another kind; the caller's warning names the file.
 */
export function readJUnit(text: string): JUnitResults {
  const xml = text.replace(/^\uFEFF/, '');
  if (xml.trim() === '') throw new JUnitFormatError(`empty file, ${EXPECTED_ROOT} as the root element of JUnit XML`);
  // The root is checked before well-formedness: an HTML page saved in place of a report is rarely
  // well-formed, and "the root element is <html>" says more than its first unclosed tag.
  const rootName = rootElementName(xml);
  if (rootName === null) throw new JUnitFormatError(`not XML: the text starts with ${quoteStart(xml)}, ${EXPECTED_ROOT} as the root element of JUnit XML`);
  if (!ROOT_NAMES.includes(rootName)) throw new JUnitFormatError(`not JUnit XML: the root element is <${rootName}>, ${EXPECTED_ROOT}`);
  const validation = XMLValidator.validate(xml);
  if (validation !== true) throw new JUnitFormatError(malformedMessage(xml, validation.err));
  const root = parseRoot(xml, rootName);
  const counted = countTestCases(root);
  return counted.total > 0 ? counted : countFromAttributes(root, rootName);
}

/** Sums results of several reports, e.g. one per test job. */
export function mergeJUnit(results: JUnitResults[]): JUnitResults {
  const sum: JUnitResults = { total: 0, passed: 0, failed: 0, skipped: 0 };
  for (const result of results) {
    sum.total += result.total;
    sum.passed += result.passed;
    sum.failed += result.failed;
    sum.skipped += result.skipped;
  }
  return sum;
}

/** The name of the first element after the XML declaration, comments and DOCTYPE, or null when the text does not start like XML. */
function rootElementName(xml: string): string | null {
  let at = 0;
  for (;;) {
    while (at < xml.length && /\s/.test(xml[at]!)) at += 1;
    if (xml.startsWith('<?', at)) at = endOf(xml, '?>', at);
    else if (xml.startsWith('<!--', at)) at = endOf(xml, '-->', at);
    else if (xml.slice(at, at + 9).toUpperCase() === '<!DOCTYPE') at = endOfDoctype(xml, at);
    else break;
  }
  return /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(at, at + 256))?.[1] ?? null;
}

function endOf(xml: string, terminator: string, from: number): number {
  const end = xml.indexOf(terminator, from);
  return end === -1 ? xml.length : end + terminator.length;
}

// An internal subset `[ ... ]` may hold `>` of its own declarations.
function endOfDoctype(xml: string, from: number): number {
  const close = xml.indexOf('>', from);
  const subset = xml.indexOf('[', from);
  if (subset === -1 || (close !== -1 && close < subset)) return close === -1 ? xml.length : close + 1;
  return endOf(xml, '>', endOf(xml, ']', subset));
}

// fast-xml-parser 5 reports a text that ends with several elements open, the usual truncated
// report, as "Invalid '[ "testsuites", ... ]' found." at line 1; the line that matters is the last.
const OPEN_AT_END = /^Invalid '(\[.*\])' found\.$/s;

function malformedMessage(xml: string, error: { msg: string; line: number }): string {
  const openAtEnd = OPEN_AT_END.exec(error.msg);
  if (openAtEnd) {
    const names = (JSON.parse(openAtEnd[1]!) as string[]).map((name) => `<${name}>`).join(' > ');
    return `malformed XML at line ${lastLineOf(xml)}: the text ends inside ${names} (a truncated or partly written report?)`;
  }
  return `malformed XML at line ${error.line}: ${oneLine(error.msg)}`;
}

function lastLineOf(text: string): number {
  return text.trimEnd().split('\n').length;
}

function parseRoot(xml: string, rootName: string): XmlNode {
  let document: XmlNode;
  try {
    document = parser.parse(xml) as XmlNode;
  } catch (error) {
    // The validator passed, so this is one of the parser's own limits (nesting depth, for one).
    throw new JUnitFormatError(`XML not read: ${oneLine((error as Error).message)}`);
  }
  return nodesOf(document, rootName)[0] ?? {};
}

/** Counts the <testcase> elements at any depth: vitest and jest put them in file suites, node --test also directly under <testsuites> and in nested suites. */
function countTestCases(suite: XmlNode, into: JUnitResults = { total: 0, passed: 0, failed: 0, skipped: 0 }): JUnitResults {
  for (const testCase of nodesOf(suite, 'testcase')) {
    into.total += 1;
    into[outcomeOf(testCase)] += 1;
  }
  for (const child of [...nodesOf(suite, 'testsuite'), ...nodesOf(suite, 'testsuites')]) countTestCases(child, into);
  return into;
}

// A failure wins over a skip: a case that reports both (a skip in the test, an error in its
// teardown) needs someone to look at it. Surefire's <flakyFailure> and <rerunFailure> sit in
// cases that passed on a rerun, so they count as passed.
function outcomeOf(testCase: XmlNode): 'passed' | 'failed' | 'skipped' {
  if ('failure' in testCase || 'error' in testCase) return 'failed';
  if ('skipped' in testCase) return 'skipped';
  return 'passed';
}

/**
 * For a report without test cases, e.g. mocha-junit-reporter's when every test is pending (it
 * leaves pending tests out unless includePending is set). The <testsuites> totals come first
 * when present: mocha writes `skipped` there only, so its suites alone would count pending tests
 * as passed. Only top-level suites are summed, as nested suites are counted in their parents.
 */
function countFromAttributes(root: XmlNode, rootName: string): JUnitResults {
  if (rootName === 'testsuite' || '@_tests' in root) return resultsOfAttributes(root);
  return mergeJUnit(nodesOf(root, 'testsuite').map(resultsOfAttributes));
}

// `tests` should include failures, errors and skips, but not every tool counts errors in it; the
// total is raised so that passed + failed + skipped always adds up.
function resultsOfAttributes(suite: XmlNode): JUnitResults {
  const failed = countAttribute(suite, 'failures') + countAttribute(suite, 'errors');
  const skipped = countAttribute(suite, 'skipped');
  const total = Math.max(countAttribute(suite, 'tests'), failed + skipped);
  return { total, passed: total - failed - skipped, failed, skipped };
}

function countAttribute(node: XmlNode, name: string): number {
  const value = Number(node[`@_${name}`]);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/** The child elements of one name; an element with neither attributes nor children parses as '' and becomes {}. */
function nodesOf(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : {}));
}

function quoteStart(text: string): string {
  const start = oneLine(text.trim());
  return JSON.stringify(start.length > 40 ? `${start.slice(0, 40)}...` : start);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
