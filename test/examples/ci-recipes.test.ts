/**
 * The CI recipes of examples/ci/: valid YAML with the structure each CI needs (full history, the
 * trigger, the impl-draft step), impl-draft flags that exist, shell that parses, and the steps the
 * README and docs/ci.md document, in the workflow's order.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECIPES = globSync(['examples/ci/**/*.yml'], { cwd: ROOT, dot: true }).sort();
const CLI_SOURCE = readFileSync(join(ROOT, 'src/cli.ts'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

function load(path: string): unknown {
  const document = parseDocument(readFileSync(join(ROOT, path), 'utf8'));
  expect(document.errors.map(String), path).toEqual([]);
  expect(document.warnings.map(String), path).toEqual([]);
  return document.toJS();
}

function steps(path: string): Step[] {
  const workflow = load(path) as Workflow;
  const jobs = Object.values(workflow.jobs);
  expect(jobs, `${path} has one job`).toHaveLength(1);
  return jobs[0]!.steps;
}

/** The impl-draft command lines of a shell script, continuation lines joined. */
function implDraftCommands(script: string): string[] {
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => /\bnpx impl-draft\b/.test(line));
}

function expectKnownFlags(command: string): void {
  for (const [, flag] of command.matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)) {
    if (flag === 'coverage') continue; // `npm test -- --coverage` is the test runner's
    expect(CLI_SOURCE, `impl-draft has a --${flag} option`).toContain(`.option('${flag}'`);
  }
}

/** Parses the script with the shell, as the runner will: a syntax error fails here, not in CI. */
function expectShellSyntax(script: string, where: string): void {
  const result = spawnSync('bash', ['-n', '-c', script], { encoding: 'utf8' });
  expect(result.stderr, where).toBe('');
  expect(result.status, where).toBe(0);
}

function checkout(list: Step[]): Step {
  const step = list.find((s) => s.uses?.startsWith('actions/checkout@'));
  expect(step, 'an actions/checkout step').toBeDefined();
  return step!;
}

describe('the CI recipes', () => {
  it('are the three documented, each valid YAML', () => {
    expect(RECIPES).toEqual(['examples/ci/github/pr-check.yml', 'examples/ci/github/release-report.yml', 'examples/ci/gitlab/.gitlab-ci.yml']);
    for (const path of RECIPES) expect(load(path)).toBeTypeOf('object');
  });

  it('name every step of the GitHub workflows, and their shell steps parse', () => {
    for (const path of RECIPES.filter((p) => p.includes('/github/'))) {
      for (const step of steps(path)) {
        expect(step.name, `${path}: a step without a name`).toMatch(/\S/);
        expect(Boolean(step.uses) !== Boolean(step.run), `${path}: "${step.name}" either uses an action or runs a script`).toBe(true);
        if (step.run) expectShellSyntax(step.run, `${path}: ${step.name}`);
        // Expressions belong in env: spliced into a script, a value could inject shell code.
        if (step.run) expect(step.run, `${path}: ${step.name}`).not.toContain('${{');
      }
    }
  });
});

describe('the GitHub release workflow', () => {
  const path = 'examples/ci/github/release-report.yml';

  it('runs on pushed tags, with the full history and the tags, and may write releases', () => {
    const workflow = load(path) as Workflow;
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
    expect(workflow.permissions).toEqual({ contents: 'write' });
    const { with: options } = checkout(steps(path));
    expect(options).toMatchObject({ 'fetch-depth': 0, 'fetch-tags': true });
    expect(steps(path).find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({ 'node-version': 20 });
  });

  it('drafts the report of the tag since the previous one, the Markdown and the facts side by side, with known flags', () => {
    const draft = steps(path).filter((s) => s.run?.includes('impl-draft'));
    expect(draft).toHaveLength(1);
    const [command] = implDraftCommands(draft[0]!.run!);
    expect(command).toContain('${PREVIOUS_TAG:+--from "$PREVIOUS_TAG"} --to "$GITHUB_REF_NAME"');
    expect(command).toContain('--format md,json --out-dir reports');
    expect(command).toContain('--lcov coverage/lcov.info');
    expectKnownFlags(command!);
    expect(draft[0]!.env).toEqual({ PREVIOUS_TAG: '${{ steps.previous.outputs.tag }}' });
    expect(steps(path).find((s) => s.name === 'Find the previous tag')?.run).toContain('git describe --tags --abbrev=0 "${GITHUB_REF_NAME}^"');
  });

  it('uploads reports/ as an artefact and attaches both files to the release', () => {
    const list = steps(path);
    expect(list.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with).toMatchObject({ path: 'reports/' });
    const attach = list[list.length - 1]!;
    expect(attach.run).toContain('gh release upload "$GITHUB_REF_NAME" reports/report.md reports/facts.json --clobber');
    expect(attach.run).toContain('gh release create "$GITHUB_REF_NAME" reports/report.md reports/facts.json');
    expect(attach.env).toEqual({ GH_TOKEN: '${{ github.token }}' });
  });

  it("has the steps the README's \"In CI\" section lists, in order, and docs/ci.md explains each", () => {
    const names = steps(path).map((s) => s.name);
    expect(numberedSteps(section(readFileSync(join(ROOT, 'README.md'), 'utf8'), '## In CI'))).toEqual(names);
    const guide = section(readFileSync(join(ROOT, 'docs/ci.md'), 'utf8'), '## A report for every release');
    expect(numberedSteps(guide)).toEqual(names);
  });
});

describe('the GitHub pull request gate', () => {
  const path = 'examples/ci/github/pr-check.yml';

  it("runs on pull requests, on the branch itself with the full history, and fails on --check's exit code", () => {
    const workflow = load(path) as Workflow;
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(checkout(steps(path)).with).toMatchObject({ 'fetch-depth': 0, ref: '${{ github.head_ref }}' });
    const check = steps(path).filter((s) => s.run?.includes('impl-draft'));
    expect(check.map((s) => s.run!.trim())).toEqual(['npx impl-draft --check docs/implementation-report.md --require-narrative']);
    // Nothing may swallow the exit code 3.
    expect(check[0]).not.toHaveProperty('continue-on-error');
    expectKnownFlags(check[0]!.run!);
  });

  it('has the steps docs/ci.md explains, in order', () => {
    const guide = section(readFileSync(join(ROOT, 'docs/ci.md'), 'utf8'), '## A pull request gate');
    expect(numberedSteps(guide)).toEqual(steps(path).map((s) => s.name));
  });
});

describe('the GitLab CI jobs', () => {
  const path = 'examples/ci/gitlab/.gitlab-ci.yml';
  type Job = { image: string; rules: Array<{ if: string }>; before_script: string[]; script: string[]; artifacts?: { paths: string[] } };
  const config = () => load(path) as Record<string, unknown>;
  const job = (name: string) => config()[name] as Job;

  it('clone the whole history', () => {
    expect(config().variables).toEqual({ GIT_DEPTH: 0 });
  });

  it('draft the report of each tag into reports/, kept as artefacts', () => {
    const report = job('implementation-report');
    expect(report.rules).toEqual([{ if: '$CI_COMMIT_TAG' }]);
    expect(report.artifacts?.paths).toEqual(['reports/']);
    const commands = report.script.flatMap(implDraftCommands);
    expect(commands).toEqual(['npx impl-draft ${PREVIOUS_TAG:+--from "$PREVIOUS_TAG"} --to "$CI_COMMIT_TAG" --template implementation-summary --format md,json --out-dir reports --lcov coverage/lcov.info']);
    expectKnownFlags(commands[0]!);
  });

  it('check the committed report in merge requests', () => {
    const check = job('implementation-report-check');
    expect(check.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(check.script).toEqual(['npx impl-draft --check docs/implementation-report.md --require-narrative']);
  });

  it('have scripts the shell parses', () => {
    const names = Object.keys(config()).filter((name) => name !== 'variables');
    expect(names).toEqual(['implementation-report', 'implementation-report-check']);
    for (const name of names) expectShellSyntax([...job(name).before_script, ...job(name).script].join('\n'), `${path}: ${name}`);
  });
});

/** A Markdown section: from its heading line to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const start = markdown.split('\n').findIndex((line) => line.startsWith(heading));
  expect(start, `a section "${heading}"`).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(heading)![0].length;
  const lines = markdown.split('\n').slice(start + 1);
  const end = lines.findIndex((line) => new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(0, end === -1 ? undefined : end).join('\n');
}

/** The bold names of a numbered list: `1. **Step name**: …`. */
function numberedSteps(markdown: string): string[] {
  return [...markdown.matchAll(/^\d+\. \*\*([^*]+)\*\*/gm)].map((m) => m[1]!);
}
