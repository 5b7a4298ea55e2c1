/**
 * A realistic history in one repository, shared by the engine tests: merges (one an octopus),
 * renames with edits, tags of both kinds, binary files, symlinks, a submodule entry, an executable
 * bit, a type change, a remote-tracking branch and a commit with a skewed clock.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALICE, BOB, TestRepo, type Person } from './repo-builder.js';

const CAROL: Person = { name: 'Carol Coder', email: 'carol@example.net' };

function lines(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `${prefix} line ${i + 1}`).join('\n') + '\n';
}

function png(seed: number): Buffer {
  const bytes = Buffer.alloc(300);
  bytes.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
  for (let i = 8; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 17) % 256;
  return bytes;
}

export interface Scenario {
  repo: TestRepo;
  /** Named points of the history. */
  points: Record<'root' | 'v1' | 'featureTip' | 'mergePr' | 'octopus' | 'v11' | 'skewed' | 'head', string>;
}

export function buildScenario(): Scenario {
  const repo = new TestRepo();
  const root = repo.commit('chore: initial import', {
    'README.md': lines('readme', 20),
    'src/app.js': lines('app', 60),
    'lib/util.js': lines('util', 40),
    'assets/logo.png': png(1),
    'scripts/build.sh': '#!/bin/sh\necho build\n',
    'docs/link.md': { symlink: '../README.md' },
    'config/settings.json': '{\n  "port": 8080\n}\n',
    'notes.txt': 'no newline at end',
  });
  repo.tag('v1.0.0', { annotated: true, message: 'First release' });
  const v1 = repo.head();

  repo.git('checkout', '-q', '-b', 'feature/helpers');
  repo.write({ 'lib/util.js': null });
  repo.commit('refactor(lib): rename util to helpers\n\nMoves the helpers.', {
    'lib/helpers.js': lines('util', 38) + 'export const extra = 1;\n',
  }, { author: BOB });
  const featureTip = repo.commit('feat: add orders module\n\nCo-authored-by: Carol Coder <carol@example.net>', {
    'src/orders.js': lines('orders', 25),
  }, { author: BOB });

  repo.git('checkout', '-q', 'main');
  repo.commit('docs: expand readme', { 'README.md': lines('readme', 18) + 'More words.\n' }, { author: CAROL });
  repo.write({ 'scripts/build.sh': { content: '#!/bin/sh\necho build\n', executable: true } });
  repo.commit('chore: make build script executable');
  repo.write({ 'docs/link.md': '# Now a real file\n', 'docs/café menu.md': 'Crème brûlée\n' });
  repo.commit('docs: replace the link with a page');
  // An empty folder at the gitlink's path keeps `git add -A` from staging its removal.
  mkdirSync(join(repo.dir, 'vendor/sub'), { recursive: true });
  repo.git('update-index', '--add', '--cacheinfo', `160000,${v1},vendor/sub`);
  repo.commit('chore: add vendored submodule');
  const mergePr = repo.merge(['feature/helpers'], 'Merge pull request #12 from team/feature-helpers', { author: ALICE });

  repo.git('checkout', '-q', '-b', 'b1');
  repo.commit('fix: first octopus leg', { 'src/leg1.js': 'one\n' }, { author: CAROL });
  repo.git('checkout', '-q', 'main');
  repo.git('checkout', '-q', '-b', 'b2');
  repo.commit('fix: second octopus leg', { 'src/leg2.js': 'two\n' }, { author: BOB });
  repo.git('checkout', '-q', 'main');
  const octopus = repo.merge(['b1', 'b2'], 'Merge branches b1 and b2');
  repo.tag('v1.1.0');
  const v11 = repo.head();

  repo.commit('feat!: new config format (#15)\n\nBREAKING CHANGE: settings.json keys moved', {
    'config/settings.json': '{\n  "http": { "port": 8080 }\n}\n',
    'assets/logo.png': png(2),
    'notes.txt': 'no newline at end\n',
  });
  // A commit whose committer clock is behind its parent's, as happens with skewed machines.
  const skewed = repo.commit('fix: clock skew on this machine', { 'src/app.js': lines('app', 61) }, { date: '1704067200 +0100', author: BOB });
  repo.write({ 'src/leg2.js': null });
  const head = repo.commit('chore: remove leg two', {}, { author: CAROL, date: '1704500000 -0500' });
  repo.git('update-ref', 'refs/remotes/origin/main', v11);
  return { repo, points: { root, v1, featureTip, mergePr, octopus, v11, skewed, head } };
}
