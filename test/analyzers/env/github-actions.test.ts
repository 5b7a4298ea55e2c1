import { describe, expect, it } from 'vitest';
import { githubActionsExtractor } from '../../../analyzers/env/extractors/github-actions.js';
import { EnvSyntaxError } from '../../../analyzers/env/model.js';
import { declared, expectClean, lines } from './extractor-cases.js';

const extract = (text: string) => githubActionsExtractor.extract(text, '.github/workflows/ci.yml');

describe('github actions workflows', () => {
  const source = lines(
    'name: ci',
    'on: push',
    'env:',
    '  NODE_VERSION: 20',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    "    if: env.RUN_TESTS == 'true'",
    '    env:',
    '      DATABASE_URL: postgres://ci:hunter2@localhost/ci',
    '    container:',
    '      image: node:20',
    '      env:',
    '        IN_CONTAINER: 1',
    '    services:',
    '      db:',
    '        image: postgres',
    '        env:',
    '          POSTGRES_PASSWORD: hunter2',
    '    steps:',
    '      - run: npm test',
    '        env:',
    '          API_TOKEN: ${{ secrets.API_TOKEN }}',
    '          REGION: ${{ vars.REGION }}',
    `      - run: echo "\${{ env.NODE_VERSION }} \${{ env['CACHE_KEY'] }}"`,
    '      # ${{ env.IN_COMMENT }}',
    '      - run: echo "$SHELL_ONLY env.NOT_IN_EXPRESSION"',
  );

  it('declares env keys at every level and reads env context, with lines and no values', () => {
    expect(extract(source).references).toEqual([
      declared('NODE_VERSION', 'ci', 4),
      declared('RUN_TESTS', 'ci', 8),
      declared('DATABASE_URL', 'ci', 10),
      declared('IN_CONTAINER', 'ci', 14),
      declared('POSTGRES_PASSWORD', 'ci', 19),
      declared('API_TOKEN', 'ci', 23),
      declared('REGION', 'ci', 24),
      declared('NODE_VERSION', 'ci', 25),
      declared('CACHE_KEY', 'ci', 25),
    ]);
    expectClean(extract(source), ['hunter2', 'postgres://', 'secrets.', 'vars.']);
  });

  it('reads the steps of a composite action', () => {
    const text = lines('name: setup', 'runs:', '  using: composite', '  steps:', '    - run: ./setup.sh', '      shell: bash', '      env:', '        SETUP_MODE: fast');
    expect(githubActionsExtractor.extract(text, 'actions/setup/action.yml').references).toEqual([declared('SETUP_MODE', 'ci', 8)]);
  });

  it('throws EnvSyntaxError for a workflow that is not YAML', () => {
    expect(() => extract(lines('jobs:', '  test: [', 'env: {'))).toThrow(EnvSyntaxError);
  });

  it('matches workflow files and composite actions', () => {
    const yes = ['.github/workflows/ci.yml', '.github/workflows/release.yaml', 'action.yml', '.github/actions/setup/action.yaml'];
    const no = ['.github/workflows/nested/x.yml', '.github/dependabot.yml', 'workflows/ci.yml', '.github/workflows/README.md'];
    expect(yes.filter((path) => !githubActionsExtractor.matches(path))).toEqual([]);
    expect(no.filter((path) => githubActionsExtractor.matches(path))).toEqual([]);
  });
});
