/**
 * The header facts of the project at TO: the tags pointing at it (annotated tags peeled), the
 * branch the report is about, and TO's committer date, for branch, tag and detached revisions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../../helpers/repo-builder.js';
import { analyzeProject, committerDate, ENGINES } from './analyze-project.js';

let repo: TestRepo;
let detachedCommit: string;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('chore: start', { 'package.json': '{ "name": "tagged", "version": "0.9.0" }\n' });
  repo.commit('chore: release 1.0.0', { 'package.json': '{ "name": "tagged", "version": "1.0.0" }\n' });
  repo.tag('v1.0.0', { annotated: true, message: 'Release 1.0.0' });
  repo.tag('release-candidate');
  repo.git('branch', 'release/1.0');
  repo.commit('feat: after the release', { 'src/index.js': 'export {};\n' });
  // A commit no branch holds, then HEAD detached at the first commit of main.
  repo.git('checkout', '-q', '--detach');
  detachedCommit = repo.commit('chore: experiment on a detached HEAD', { 'experiment.js': 'export {};\n' });
  repo.tag('nightly-2024-01-01');
  repo.git('checkout', '-q', '--detach', 'main~2');
});

afterAll(() => repo.remove());

const header = (project: { branch: string | null; tags: string[]; date: string }) => ({ branch: project.branch, tags: project.tags, date: project.date });

describe.each(ENGINES)('the project analyzer with the %s engine', (engine) => {
  it('lists the tags at a tagged TO and the branch whose tip it is', async () => {
    const { project } = await analyzeProject(repo, engine, { to: 'v1.0.0' });
    expect(header(project)).toEqual({ branch: 'release/1.0', tags: ['release-candidate', 'v1.0.0'], date: committerDate(repo, 'v1.0.0') });
    expect(project.version).toBe('1.0.0');
  });

  it('takes the branch TO names', async () => {
    expect(header((await analyzeProject(repo, engine, { to: 'main' })).project)).toEqual({ branch: 'main', tags: [], date: committerDate(repo, 'main') });
    expect(header((await analyzeProject(repo, engine, { to: 'release/1.0' })).project)).toEqual({
      branch: 'release/1.0',
      tags: ['release-candidate', 'v1.0.0'],
      date: committerDate(repo, 'release/1.0'),
    });
  });

  it('gives no branch for a commit no branch holds', async () => {
    const { project } = await analyzeProject(repo, engine, { to: detachedCommit });
    expect(header(project)).toEqual({ branch: null, tags: ['nightly-2024-01-01'], date: committerDate(repo, detachedCommit) });
  });

  it('finds the branch whose history holds a detached HEAD', async () => {
    const { project } = await analyzeProject(repo, engine, { to: 'HEAD' });
    expect(header(project)).toEqual({ branch: 'main', tags: [], date: committerDate(repo, 'HEAD') });
    expect(project.version).toBe('0.9.0');
  });
});
