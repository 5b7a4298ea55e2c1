/**
 * Manifests that do not parse cost their own facts only: each gives a warning naming the file and
 * the cause, is still listed, and everything else about the project is still produced.
 */
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../../helpers/repo-builder.js';
import { analyzeProject, ENGINES } from './analyze-project.js';

const TRUNCATED_PACKAGE_JSON = `{
  "name": "billing",
  "version": "2.0.0",
  "dependencies": {
    "express": "^4.19.2",
`;

const INVALID_PYPROJECT = `[project]
name = "billing-worker"
version = "1.1.0"
dependencies = ["celery>=5.4", "redis>=5.0"
`;

const CONFLICTED_REQUIREMENTS = `celery==5.4.0
<<<<<<< HEAD
redis==5.0.4
=======
redis==5.0.6
>>>>>>> upgrade-redis
`;

const VALID_PYPROJECT = `[project]
name = "billing-reports"
version = "0.2.0"
requires-python = ">=3.12"
dependencies = ["jinja2>=3.1"]
`;

let repo: TestRepo;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: half-finished migration', {
    'package.json': TRUNCATED_PACKAGE_JSON,
    '.nvmrc': 'v20.14.0\n',
    'src/index.js': "require('express');\n",
    'src/invoices.js': 'module.exports = {};\n',
    'services/worker/pyproject.toml': INVALID_PYPROJECT,
    'services/worker/requirements.txt': CONFLICTED_REQUIREMENTS,
    'services/worker/tasks.py': 'from celery import Celery\n',
    'services/reports/pyproject.toml': VALID_PYPROJECT,
    'services/reports/render.py': 'import jinja2\n',
  });
});

afterAll(() => repo.remove());

describe.each(ENGINES)('the project analyzer with the %s engine', (engine) => {
  it('warns per broken manifest and still describes the project', async () => {
    const { project, warnings } = await analyzeProject(repo, engine, { to: 'HEAD' });
    const leftOut = 'Its name, version, dependencies and scripts are missing from the project facts.';
    expect(warnings).toEqual([
      // The JSON cause is V8's own wording, which changes between Node versions; the line is ours.
      { path: 'package.json', message: expect.stringMatching(/^package\.json was not read: it is not valid JSON: .+ \(line 6\)\. Its name, version, dependencies and scripts are missing/) },
      {
        path: 'services/worker/pyproject.toml',
        message: `services/worker/pyproject.toml was not read: it is not valid TOML: expected comma or end of structure (line 5, column 1). ${leftOut}`,
      },
      { path: 'services/worker/requirements.txt', message: `services/worker/requirements.txt was not read: it contains merge conflict markers (line 2). ${leftOut}` },
    ]);
    // No root manifest could be read, so the repository's folder names the project.
    expect([project.name, project.version, project.description, project.license]).toEqual([basename(repo.dir), null, null, null]);
    expect(project.manifests).toEqual([
      { path: 'package.json', ecosystem: 'npm', name: null, version: null },
      { path: 'services/reports/pyproject.toml', ecosystem: 'pypi', name: 'billing-reports', version: '0.2.0' },
      { path: 'services/worker/pyproject.toml', ecosystem: 'pypi', name: null, version: null },
      { path: 'services/worker/requirements.txt', ecosystem: 'pypi', name: null, version: null },
    ]);
    expect(project.dependencies).toEqual([{ manifest: 'services/reports/pyproject.toml', name: 'jinja2', version: '>=3.1', type: 'project.dependencies' }]);
    expect(project.languages).toEqual([
      { name: 'JavaScript', files: 2 },
      { name: 'Python', files: 2 },
    ]);
    expect(project.stack).toEqual([
      { category: 'language', name: 'JavaScript', evidence: '*.js files', version: null },
      { category: 'language', name: 'Python', evidence: '*.py files', version: null },
      { category: 'runtime', name: 'Node.js', evidence: '.nvmrc', version: 'v20.14.0' },
      { category: 'runtime', name: 'Python', evidence: 'services/reports/pyproject.toml: requires-python', version: '>=3.12' },
    ]);
    expect(project.directories).toEqual([
      { path: 'services', files: 5 },
      { path: 'services/reports', files: 2 },
      { path: 'services/worker', files: 3 },
      { path: 'src', files: 2 },
    ]);
  });
});
