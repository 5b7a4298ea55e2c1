import { describe, expect, it } from 'vitest';
import { composeExtractor } from '../../../analyzers/env/extractors/compose.js';
import { EnvSyntaxError } from '../../../analyzers/env/model.js';
import { declared, expectClean, lines } from './extractor-cases.js';

const extract = (text: string) => composeExtractor.extract(text, 'docker-compose.yml');

describe('compose files', () => {
  const source = lines(
    'x-common-env: &common-env',
    '  LOG_LEVEL: info',
    'services:',
    '  web:',
    '    image: "app:${TAG:-latest}"',
    '    environment:',
    '      - DATABASE_URL=postgres://app:hunter2@db/app',
    '      - DEBUG',
    '      - "API_URL=${API_BASE}/v1"',
    '    env_file:',
    '      - .env',
    '      - path: ./web.env',
    '  worker:',
    '    environment:',
    '      <<: *common-env',
    '      QUEUE: jobs',
    '      SECRET: hunter2',
    '    command: echo $$NOT_INTERPOLATED ${WORKER_COUNT:?set it} $PLAIN',
    'secrets:',
    '  token:',
    '    environment: OAUTH_TOKEN',
    '# ${IN_COMMENT}',
  );

  it('declares environment names and reads interpolations, with lines and no values', () => {
    expect(extract(source).references).toEqual([
      declared('LOG_LEVEL', 'compose', 2),
      declared('TAG', 'compose', 5),
      declared('DATABASE_URL', 'compose', 7),
      declared('DEBUG', 'compose', 8),
      declared('API_URL', 'compose', 9),
      declared('API_BASE', 'compose', 9),
      declared('QUEUE', 'compose', 16),
      declared('SECRET', 'compose', 17),
      declared('WORKER_COUNT', 'compose', 18),
      declared('PLAIN', 'compose', 18),
      declared('OAUTH_TOKEN', 'compose', 21),
    ]);
    expectClean(extract(source), ['hunter2', 'postgres', 'latest', 'info', 'jobs', 'set it']);
  });

  it('lists env_file paths for the analyzer to read', () => {
    expect(extract(source).envFiles).toEqual(['.env', './web.env']);
  });

  it('throws EnvSyntaxError for a file that is not YAML', () => {
    expect(() => extract(lines('services:', '  web:', '    environment: [A', '  db: {'))).toThrow(EnvSyntaxError);
  });

  it('matches compose file names only', () => {
    const yes = ['docker-compose.yml', 'docker-compose.override.yaml', 'deploy/docker-compose.prod.yml', 'compose.yaml', 'compose.dev.yml'];
    const no = ['docker-compose.md', 'composer.json', 'k8s/compose-thing.json', 'src/compose.ts'];
    expect(yes.map(composeExtractor.matches)).toEqual(yes.map(() => true));
    expect(no.map(composeExtractor.matches)).toEqual(no.map(() => false));
  });
});
