/** The registry of non-JavaScript extractors: one module each, and which one a path goes to when several could match. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OTHER_EXTRACTORS } from '../../../analyzers/env/extractors/index.js';

const folder = fileURLToPath(new URL('../../../analyzers/env/extractors/', import.meta.url));
/** Shared helpers, and the JavaScript extractor's files, which are registered by the analyzer itself. */
const NOT_EXTRACTORS = new Set(['index.ts', 'source-scan.ts', 'yaml-source.ts', 'javascript.ts', 'python-settings.ts']);

const firstMatch = (path: string) => OTHER_EXTRACTORS.find((extractor) => extractor.matches(path))?.id ?? null;

describe('other env extractors', () => {
  it('registers one extractor per module in the folder, each with its own id', () => {
    const modules = readdirSync(folder).filter((file) => file.endsWith('.ts') && !NOT_EXTRACTORS.has(file) && !file.startsWith('js-'));
    expect(OTHER_EXTRACTORS).toHaveLength(modules.length);
    expect(new Set(OTHER_EXTRACTORS.map((e) => e.id)).size).toBe(OTHER_EXTRACTORS.length);
    expect(OTHER_EXTRACTORS.map((e) => e.id)).not.toContain('javascript');
  });

  it('sends each path to the extractor that reads it', () => {
    const expected: Record<string, string | null> = {
      'app/settings.py': 'python',
      'main.go': 'go',
      'config/puma.rb': 'ruby',
      'src/main.rs': 'rust',
      'App.java': 'jvm',
      'build.gradle.kts': 'jvm',
      'bin/deploy.sh': 'shell',
      '.env.example': 'dotenv',
      'Dockerfile': 'dockerfile',
      'turbo.json': 'turbo-vercel',
      '.github/workflows/deployment.yml': 'github-actions',
      'deploy/docker-compose.yml': 'compose',
      'k8s/deployment.yaml': 'kubernetes',
      'src/index.ts': null,
      'README.md': null,
      'config/settings.yaml': null,
    };
    expect(Object.fromEntries(Object.keys(expected).map((path) => [path, firstMatch(path)]))).toEqual(expected);
  });
});
