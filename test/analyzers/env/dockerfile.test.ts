import { describe, expect, it } from 'vitest';
import { dockerfileExtractor } from '../../../analyzers/env/extractors/dockerfile.js';
import { declared, expectClean, lines } from './extractor-cases.js';

describe('dockerfiles', () => {
  const source = lines(
    '# syntax=docker/dockerfile:1',
    'FROM node:20 AS build',
    'ARG NODE_ENV=production',
    'ARG BUILD_SHA',
    'ENV PORT=3000 HOST="0.0.0.0"',
    'ENV LEGACY_VAR some value with spaces',
    'env lower_case_instruction=1',
    'RUN echo "ENV NOT_AN_INSTRUCTION=1"',
    'ENV MULTI_A=1 \\',
    '    MULTI_B=2',
    'RUN <<EOF',
    'ENV IN_HEREDOC=1',
    'EOF',
    '# ENV IN_COMMENT=1',
  );

  it('declares ENV names as container configuration and ARG names as build input, never values', () => {
    const extraction = dockerfileExtractor.extract(source, 'Dockerfile');
    expect(extraction.references).toEqual([
      declared('NODE_ENV', 'ci', 3),
      declared('BUILD_SHA', 'ci', 4),
      declared('PORT', 'compose', 5),
      declared('HOST', 'compose', 5),
      declared('LEGACY_VAR', 'compose', 6),
      declared('lower_case_instruction', 'compose', 7),
      declared('MULTI_A', 'compose', 9),
      declared('MULTI_B', 'compose', 10),
    ]);
    expectClean(extraction, ['production', '0.0.0.0', 'some value', '3000']);
  });

  it('honours the escape directive', () => {
    const text = lines('# escape=`', 'FROM windows', 'ENV A=1 `', '    B=2');
    expect(dockerfileExtractor.extract(text, 'Dockerfile').references).toEqual([declared('A', 'compose', 3), declared('B', 'compose', 4)]);
  });

  it('matches Dockerfile names', () => {
    const yes = ['Dockerfile', 'docker/Dockerfile.prod', 'api.Dockerfile', 'Containerfile', 'web.dockerfile'];
    const no = ['Dockerfile.md.txt~', 'dockerfile-notes.md', '.dockerignore'];
    expect(yes.filter((path) => !dockerfileExtractor.matches(path))).toEqual([]);
    expect(no.filter((path) => dockerfileExtractor.matches(path))).toEqual([]);
  });
});
