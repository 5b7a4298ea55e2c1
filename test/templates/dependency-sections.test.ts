/**
 * The dependency sections of the built-in templates, drafted from a real repository whose
 * lockfile npm rewrote (test/fixtures/lockfiles/js/npm-11-v3): direct changes listed with their
 * versions and ranges, transitive ones collapsed into one line, major bumps hinted at.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/repo-builder.js';
import { runCli } from '../helpers/run-cli.js';

const CASE = fileURLToPath(new URL('../fixtures/lockfiles/js/npm-11-v3/', import.meta.url));
const files = (side: string) => Object.fromEntries(['package.json', 'package-lock.json'].map((path) => [path, readFileSync(join(CASE, side, path), 'utf8')]));

let repo: TestRepo;
const draft = (template: string) => {
  const result = runCli(['--repo', repo.dir, '--from', 'before', '--template', template, '-q']);
  expect(result.stderr).toBe('');
  return result.stdout;
};
const section = (report: string, heading: string) => report.slice(report.indexOf(`${heading}\n`)).split(/\n#{2,3} /)[0]!;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: dependencies before', files('before'));
  repo.tag('before');
  repo.commit('chore: upgrade dependencies', files('after'));
});
afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

describe('dependency sections', () => {
  it('implementation-summary lists the direct changes by kind, then the transitive ones on one line', () => {
    const report = draft('implementation-summary');
    const added = section(report, '### Added');
    expect(added).toContain('- `kleur` `4.1.5` — dependencies `^4.1.0`, `package-lock.json`, MIT');
    const updated = section(report, '### Updated');
    expect(updated).toContain('- `debug` `2.6.9` → `4.4.1` (major) — dependencies `4.4.1`, `package-lock.json`, MIT');
    expect(updated).toContain('- `picocolors` `0.1.0` → `0.2.1` (major)');
    expect(updated).toContain('- `ansi-regex` `5.0.1` → `5.0.0` (patch)');
    expect(updated).toContain('- `is-plain-obj` `3.0.0` → `4.1.0` (major) — devDependencies `4.1.0`');
    const removed = section(report, '### Removed');
    expect(removed).toContain('- `escape-string-regexp` (was `4.0.0`) — dependencies `4.0.0`, `package-lock.json`');
    expect(removed).toMatch(/- Transitive \(\d+\): .*`ms` \(was 2\.0\.0\)/);
    // The direct list comes before the transitive line, and nothing transitive is listed as direct.
    expect(removed.indexOf('- Transitive')).toBeGreaterThan(removed.lastIndexOf('— dependencies'));
    expect(updated).not.toContain('`ms` (was');
    expect(report).toMatch(/Major version changes of direct dependencies[^\n]*\n- `debug` 2\.6\.9 → 4\.4\.1/);
  });

  it('implementation-notes fills the added and updated tables with direct dependencies', () => {
    const report = draft('implementation-notes');
    expect(report).toContain('| `kleur` | 4.1.5 | dependencies | MIT |');
    expect(report).toContain('| `debug` | 2.6.9 | 4.4.1 | major |');
    expect(report).toContain('| `escape-string-regexp` | 4.0.0 | removed | |');
  });
});
