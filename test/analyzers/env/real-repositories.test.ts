/**
 * The env analyzer on tag ranges of real public repositories, read in place from local mirrors
 * (see test/helpers/mirrors.ts; skipped where a mirror is absent, as in CI). The expected lists were
 * made by reading each range's diff (`git diff FROM TO`, every code, compose, Dockerfile, workflow
 * and .env change) and the tree at both ends, not by running the analyzer; what each variable is
 * is said beside it. The analyzer must report exactly these added and removed variables.
 */
import { describe, expect, it } from 'vitest';
import { envAnalyzer } from '../../../analyzers/env/index.js';
import { locateMirror } from '../../helpers/mirrors.js';
import { runAnalyzer } from '../../helpers/run-analyzer.js';

interface VerifiedRange {
  repository: string;
  from: string;
  to: string;
  added: Record<string, string>;
  removed: Record<string, string>;
}

const RANGES: VerifiedRange[] = [
  {
    repository: 'umami-software/umami',
    from: 'v3.0.3',
    to: 'v3.1.0',
    added: {
      COLLECT_REPLAY_ENDPOINT: 'rollup.recorder.config.js, new: the recorder build',
      DEFAULT_CURRENCY: 'next.config.ts, passed on as the build-defined defaultCurrency',
      SALT_ROTATION: 'src/app/api/send/route.ts, with the default month',
      SKIP_BUILD_GEO: 'scripts/build-geo.js',
      UMAMI_SELF_RECORD: 'next.config.ts, passed on as selfRecord',
      UMAMI_SELF_TRACK: 'next.config.ts, passed on as selfTrack',
    },
    // Nothing stopped being read: NODE_ENV left package.json scripts but is read in next.config.ts.
    removed: {},
  },
  {
    repository: 'fastapi/full-stack-fastapi-template',
    from: '0.11.0',
    to: '0.12.0',
    added: {
      DATABASE_URL: 'the pydantic Settings field replacing the POSTGRES_* ones; .env, compose.yml, deploy.yml',
      FASTAPI_CLOUD_APP_ID: 'env of the new deploy.yml workflow',
      FASTAPI_CLOUD_TOKEN: 'env of the new deploy.yml workflow',
    },
    removed: {
      POSTGRES_PORT: 'Settings field, removed',
      POSTGRES_SERVER: 'Settings field, .env and compose.yml, removed',
      POSTGRES_USER: 'Settings field, .env and compose.yml, removed',
      // POSTGRES_DB left Settings and .env, but compose.yml still sets it for the postgres container.
    },
  },
  {
    repository: 'fastapi/full-stack-fastapi-template',
    from: '0.9.0',
    to: '0.10.0',
    added: { HAS_SECRETS: 'workflow-level env of pre-commit.yml' },
    removed: {
      FRONTEND_ENV: 'scripts/build.sh and build-push.sh, removed',
      PYTHONPATH: 'ENV in backend/Dockerfile, removed',
      VIRTUAL_ENV: 'step env of generate-client.yml and playwright.yml, removed',
    },
  },
];

for (const range of RANGES) {
  const located = locateMirror(range.repository);
  const title = `${range.repository} ${range.from}..${range.to}`;
  describe.skipIf('skip' in located)('skip' in located ? `${title} (${located.skip})` : title, () => {
    it('reports exactly the variables the range started and stopped reading or declaring', async () => {
      const { gitDir } = located as { gitDir: string };
      const { facts } = await runAnalyzer(envAnalyzer, gitDir, { from: range.from, to: range.to });
      const named = (change: string) => facts.env!.filter((v) => v.change === change).map((v) => v.name);
      expect(named('added')).toEqual(Object.keys(range.added).sort());
      expect(named('removed')).toEqual(Object.keys(range.removed).sort());
    });
  });
}
