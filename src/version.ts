import { readFileSync } from 'node:fs';

/** The package version, read from package.json next to src/ or dist/src/. */
export function toolVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'impl-draft' && pkg.version) return pkg.version;
    } catch {
      // Try the next location: the layout differs between the sources and the build.
    }
  }
  return '0.0.0';
}
