/**
 * The routes analyzer on tag ranges of real public applications, read in place from local mirrors
 * (see test/helpers/mirrors.ts; skipped where a mirror is absent, as in CI). The expected lists
 * were made by reading each range's diff and the route files and mounting code at both ends, not
 * by running the analyzer: umami (Next.js App Router), node-express-boilerplate (Express routers
 * mounted from a table), the realworld example (Express routers built in chains, parameters
 * renamed) and Reactive-Resume (NestJS, a global prefix set in bootstrap()).
 */
import { describe, expect, it } from 'vitest';
import { routesAnalyzer } from '../../../analyzers/routes/index.js';
import type { Route } from '../../../src/facts/schema.js';
import { locateMirror } from '../../helpers/mirrors.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

interface VerifiedRange {
  repository: string;
  from: string;
  to: string;
  /** `METHOD /path`, as the application serves them. */
  added: string[];
  removed: string[];
  modified: string[];
}

const each = (method: string, ...paths: string[]) => paths.map((path) => `${method} ${path}`);

const RANGES: VerifiedRange[] = [
  {
    repository: 'umami-software/umami',
    from: 'v3.0.3',
    to: 'v3.1.0',
    added: [
      ...each('GET', '/api/boards', '/api/boards/[boardId]', '/api/boards/[boardId]/shares', '/api/dashboard', '/api/links/[linkId]/shares', '/api/pixels/[pixelId]/shares',
        '/api/share/id/[shareId]', '/api/teams/[teamId]/boards', '/api/websites/[websiteId]/event-data', '/api/websites/[websiteId]/events/stats',
        '/api/websites/[websiteId]/replays', '/api/websites/[websiteId]/replays/[replayId]', '/api/websites/[websiteId]/replays/saved',
        '/api/websites/[websiteId]/replays/saved/[replayId]', '/api/websites/[websiteId]/revenue/sessions',
        '/api/websites/[websiteId]/sessions/[sessionId]/replays', '/api/websites/[websiteId]/shares'),
      ...each('POST', '/api/boards', '/api/boards/[boardId]', '/api/boards/[boardId]/shares', '/api/dashboard', '/api/links/[linkId]/shares', '/api/pixels/[pixelId]/shares',
        '/api/record', '/api/reports/performance', '/api/share', '/api/share/id/[shareId]', '/api/websites/[websiteId]/replays/saved/[replayId]',
        '/api/websites/[websiteId]/shares'),
      ...each('DELETE', '/api/boards/[boardId]', '/api/share/id/[shareId]'),
    ],
    removed: [],
    // share/[shareId]/route.ts became share/[slug]/route.ts.
    modified: ['GET /api/share/[slug]'],
  },
  {
    repository: 'hagopj13/node-express-boilerplate',
    from: 'v1.0.0',
    to: 'v1.7.0',
    added: ['POST /v1/auth/logout', 'POST /v1/auth/send-verification-email', 'POST /v1/auth/verify-email', 'GET /v1/docs'],
    removed: [],
    modified: [],
  },
  {
    repository: 'gothinkster/node-express-realworld-example-app',
    from: 'ba04b70',
    to: '30b68e1',
    added: ['GET /'],
    removed: [],
    // :article became :slug (and :comment :id); /api/tags gained auth.optional.
    modified: [
      ...each('GET', '/api/articles/:slug', '/api/articles/:slug/comments', '/api/tags'),
      ...each('PUT', '/api/articles/:slug'),
      ...each('POST', '/api/articles/:slug/comments', '/api/articles/:slug/favorite'),
      ...each('DELETE', '/api/articles/:slug', '/api/articles/:slug/comments/:id', '/api/articles/:slug/favorite'),
    ],
  },
  {
    repository: 'AmruthPillai/Reactive-Resume',
    from: 'v3.8.4',
    to: 'v4.0.0',
    added: [
      ...each('POST', '/api/auth/register', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/auth/2fa/setup', '/api/auth/2fa/enable',
        '/api/auth/2fa/disable', '/api/auth/2fa/verify', '/api/auth/2fa/backup', '/api/auth/forgot-password', '/api/auth/reset-password',
        '/api/auth/verify-email', '/api/auth/verify-email/resend', '/api/resume', '/api/resume/import'),
      ...each('GET', '/api/auth/providers', '/api/auth/github', '/api/auth/github/callback', '/api/auth/google', '/api/auth/google/callback',
        '/api/contributors/github', '/api/contributors/crowdin', '/api/health', '/api/health/environment', '/api/resume/schema', '/api/resume',
        '/api/resume/:id', '/api/resume/:id/statistics', '/api/resume/public/:username/:slug', '/api/resume/print/:id', '/api/resume/print/:id/preview',
        '/api/translation/languages', '/api/user/me'),
      ...each('PATCH', '/api/auth/password', '/api/resume/:id', '/api/resume/:id/lock', '/api/user/me'),
      ...each('DELETE', '/api/resume/:id', '/api/user/me'),
      ...each('PUT', '/api/storage/image'),
    ],
    removed: [
      ...each('GET', '/auth', '/fonts', '/health', '/printer/:username/:slug', '/resume', '/resume/short/:shortId', '/resume/:username/:slug', '/resume/:id'),
      ...each('POST', '/auth/google', '/auth/register', '/auth/login', '/auth/forgot-password', '/auth/reset-password', '/integrations/linkedin',
        '/integrations/json-resume', '/integrations/reactive-resume', '/integrations/reactive-resume-v2', '/resume', '/resume/:id/duplicate',
        '/resume/:id/sample', '/resume/:id/reset'),
      ...each('PATCH', '/auth/update-profile', '/resume/:id'),
      ...each('DELETE', '/auth', '/resume/all', '/resume/:id', '/resume/:id/photo'),
      ...each('PUT', '/resume/:id/photo'),
    ],
    modified: [],
  },
];

const sorted = (items: string[]) => [...items].sort();

for (const range of RANGES) {
  const located = locateMirror(range.repository);
  const title = `${range.repository} ${range.from}..${range.to}`;
  describe.skipIf('skip' in located)('skip' in located ? `${title} (${located.skip})` : title, () => {
    it('reports exactly the routes the range added, removed and modified, and nothing it could not place', async () => {
      const { gitDir } = located as { gitDir: string };
      const { facts, warnings } = await runAnalyzer(routesAnalyzer, gitDir, { from: range.from, to: range.to });
      const named = (change: Route['change']) => sorted(facts.routes!.filter((r) => r.change === change).map((r) => `${r.method} ${r.path}`));
      expect(named('added')).toEqual(sorted(range.added));
      expect(named('removed')).toEqual(sorted(range.removed));
      expect(named('modified')).toEqual(sorted(range.modified));
      expect(warnings).toEqual([]);
    });
  });
}
