/**
 * Reading JUnit XML reports: the counts of the real reports in test/fixtures/junit (as its README
 * lists them), the shapes the tools differ in, and the one-line causes of files that are not
 * reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JUnitFormatError, mergeJUnit, readJUnit, type JUnitResults } from '../../../analyzers/tests/junit.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/junit/', import.meta.url));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const HAND_MADE = ['empty.xml', 'malformed.xml', 'not-junit.xml'];

/** The "Expected counts" table of the fixtures' README: file name to counts. */
function expectedCounts(): Map<string, JUnitResults> {
  const section = fixture('README.md').split('## Expected counts')[1]!.split('\n## ')[0]!;
  const rows = section.split('\n').filter((line) => /^\| [\w.-]+\.xml \|/.test(line));
  return new Map(
    rows.map((row) => {
      const [file, total, passed, failed, skipped] = row.split('|').slice(1, 6).map((cell) => cell.trim());
      return [file!, { total: Number(total), passed: Number(passed), failed: Number(failed), skipped: Number(skipped) }];
    }),
  );
}

const EXPECTED = expectedCounts();

describe('real JUnit reports', () => {
  it('has README counts for exactly the tool-written reports in the folder', () => {
    const onDisk = readdirSync(FIXTURES).filter((name) => name.endsWith('.xml') && !HAND_MADE.includes(name));
    expect([...EXPECTED.keys()].sort()).toEqual(onDisk.sort());
    expect(onDisk.length).toBeGreaterThanOrEqual(6);
  });

  it.each([...EXPECTED])('counts %s as its README says', (file, counts) => {
    expect(readJUnit(fixture(file))).toEqual(counts);
  });

  it('reads a root <testsuite> alone (Surefire writes one per test class)', () => {
    const text = fixture('maven-surefire.xml');
    expect(text).toMatch(/^<\?xml[^>]*>\s*<testsuite /);
    expect(readJUnit(text)).toEqual({ total: 5, passed: 2, failed: 2, skipped: 1 });
  });
});

describe('shapes the tools differ in', () => {
  const read = (xml: string) => readJUnit(xml);

  it('counts the cases of a small root <testsuite>, <failure> and <error> both as failed', () => {
    const xml = '<testsuite name="a" tests="4"><testcase name="1"/><testcase name="2"><failure/></testcase><testcase name="3"><error message="x"/></testcase><testcase name="4"><skipped/></testcase></testsuite>';
    expect(read(xml)).toEqual({ total: 4, passed: 1, failed: 2, skipped: 1 });
  });

  it('counts cases directly under <testsuites>, in nested suites, and in <testsuites> nested in a suite', () => {
    const xml = [
      '<testsuites>',
      '  <testcase name="top"/>',
      '  <testsuite name="outer"><testsuite name="inner"><testcase name="deep"><failure/></testcase></testsuite></testsuite>',
      '  <testsuite name="group"><testsuites><testsuite name="x"><testcase name="x1"><skipped/></testcase></testsuite></testsuites></testsuite>',
      '</testsuites>',
    ].join('\n');
    expect(read(xml)).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1 });
  });

  it('trusts the cases over the suite attributes', () => {
    expect(read('<testsuite tests="9" failures="5" skipped="3"><testcase/><testcase><failure/></testcase></testsuite>')).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
  });

  it('takes a failure over a skip in the same case', () => {
    expect(read('<testsuite><testcase><skipped/><error message="teardown"/></testcase></testsuite>')).toEqual({ total: 1, passed: 0, failed: 1, skipped: 0 });
  });

  it('does not take a failure attribute (node --test writes one) or a rerun failure (Surefire) for a failed case', () => {
    expect(read('<testsuite><testcase failure="x"/><testcase><flakyFailure message="first run"/></testcase></testsuite>')).toEqual({ total: 2, passed: 2, failed: 0, skipped: 0 });
  });

  it('gives zeros for empty suites with no attributes', () => {
    expect(read('<?xml version="1.0"?>\n<testsuites><testsuite name="empty"></testsuite><testsuite/></testsuites>')).toEqual({ total: 0, passed: 0, failed: 0, skipped: 0 });
    expect(read('<testsuites/>')).toEqual({ total: 0, passed: 0, failed: 0, skipped: 0 });
  });

  describe('without any <testcase>, the attributes of the top-level suites', () => {
    it('of a root <testsuite>', () => {
      expect(read('<testsuite tests="7" failures="1" errors="2" skipped="1"/>')).toEqual({ total: 7, passed: 3, failed: 3, skipped: 1 });
    });

    it('summed over the suites of <testsuites>, nested suites not counted again', () => {
      const xml = '<testsuites><testsuite tests="3" failures="1"><testsuite tests="2" failures="1"/></testsuite><testsuite tests="4" skipped="4"/></testsuites>';
      expect(read(xml)).toEqual({ total: 7, passed: 2, failed: 1, skipped: 4 });
    });

    it('of <testsuites> itself when it has totals', () => {
      expect(read('<testsuites tests="5" failures="2" skipped="1"><testsuite tests="5" failures="2"/></testsuites>')).toEqual({ total: 5, passed: 2, failed: 2, skipped: 1 });
    });

    it('raising the total when a tool counts errors outside `tests`', () => {
      expect(read('<testsuite tests="2" failures="1" errors="3"/>')).toEqual({ total: 4, passed: 0, failed: 4, skipped: 0 });
    });
  });

  it('reads past a byte order mark, comments and a DOCTYPE whose internal subset holds `>`', () => {
    const doctype = '<!DOCTYPE testsuite [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>';
    const xml = `\uFEFF<?xml version="1.0"?>\n<!-- written by hand -->\n${doctype}\n<testsuite name="&b;"><testcase name="&b;&b;"/><testcase><skipped/></testcase></testsuite>`;
    expect(read(xml)).toEqual({ total: 2, passed: 1, failed: 0, skipped: 1 });
  });
});

describe('files that are not JUnit reports', () => {
  const causeOf = (text: string, path = 'reports/junit.xml'): string => {
    try {
      readJUnit(text);
    } catch (error) {
      expect(error).toBeInstanceOf(JUnitFormatError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).not.toContain(path);
      return message;
    }
    throw new Error('readJUnit did not throw');
  };

  it('names an empty file', () => {
    expect(fixture('empty.xml')).toBe('');
    expect(causeOf(fixture('empty.xml'))).toBe('empty file, expected <testsuites> or <testsuite> as the root element of JUnit XML');
    expect(causeOf(' \n\t\n')).toMatch(/^empty file/);
  });

  it('names the root element of an HTML page, though the page is not well-formed XML', () => {
    expect(causeOf(fixture('not-junit.xml'))).toBe('not JUnit XML: the root element is <html>, expected <testsuites> or <testsuite>');
  });

  it('names the root element of another XML report', () => {
    expect(causeOf('<?xml version="1.0"?>\n<!DOCTYPE coverage SYSTEM "x.dtd">\n<coverage line-rate="0.5"/>')).toBe(
      'not JUnit XML: the root element is <coverage>, expected <testsuites> or <testsuite>',
    );
  });

  it('names a truncated report, the line it ends on and the elements left open', () => {
    expect(causeOf(fixture('malformed.xml'))).toBe(
      'malformed XML at line 21: the text ends inside <testsuites> > <testsuite> > <testcase> > <failure> (a truncated or partly written report?)',
    );
  });

  it('gives the line of a mismatched closing tag', () => {
    expect(causeOf('<testsuites>\n  <testsuite>\n    <testcase>\n  </testsuite>\n</testsuites>')).toMatch(/^malformed XML at line 4: .*'testcase'/);
  });

  it('names a report cut right after its root tag', () => {
    expect(causeOf('<?xml version="1.0"?>\n\n<testsuites name="x">\n')).toBe("malformed XML at line 3: Unclosed tag 'testsuites'.");
  });

  it('quotes the start of text that is not XML', () => {
    expect(causeOf('{"numTotalTests": 3,\n "numFailedTests": 1, "testResults": []}')).toBe(
      'not XML: the text starts with "{\\"numTotalTests\\": 3, \\"numFailedTests\\": 1...", expected <testsuites> or <testsuite> as the root element of JUnit XML',
    );
    expect(causeOf('<?xml version="1.0"?>\n')).toMatch(/^not XML: the text starts with "<\?xml/);
  });
});

describe('mergeJUnit', () => {
  it('sums the reports of several jobs', () => {
    const results = ['vitest.xml', 'pytest.xml', 'maven-surefire.xml'].map((file) => readJUnit(fixture(file)));
    expect(mergeJUnit(results)).toEqual({ total: 23, passed: 8, failed: 8, skipped: 7 });
  });

  it('gives zeros for no reports', () => {
    expect(mergeJUnit([])).toEqual({ total: 0, passed: 0, failed: 0, skipped: 0 });
  });
});
