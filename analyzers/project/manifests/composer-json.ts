/**
 * composer.json: identity and `require` / `require-dev`. Platform packages (`php`, `ext-*`,
 * `lib-*`, `composer-*`) are requirements on the environment, not libraries; `php` becomes the runtime.
 * Spec: https://getcomposer.org/doc/04-schema.md
 */
import type { ParsedManifest } from './parsed-manifest.js';
import { parseJsonObject, stringAt, stringEntries, stringItems, type UnknownRecord } from './structured-text.js';

const PLATFORM_PACKAGE = /^(?:php(?:-64bit|-ipv6|-zts|-debug)?|hhvm|composer(?:-plugin-api|-runtime-api)?|ext-.+|lib-.+)$/i;

export function parseComposerJson(text: string): ParsedManifest {
  const json = parseJsonObject(text);
  const php = stringEntries(json['require']).find(([name]) => name.toLowerCase() === 'php')?.[1] ?? null;
  return {
    ecosystem: 'composer',
    name: stringAt(json, 'name'),
    version: stringAt(json, 'version'),
    description: stringAt(json, 'description'),
    license: licenseOf(json),
    dependencies: (['require', 'require-dev'] as const).flatMap((section) =>
      stringEntries(json[section])
        .filter(([name]) => !PLATFORM_PACKAGE.test(name))
        .map(([name, version]) => ({ name, version, type: section })),
    ),
    scripts: [],
    runtime: php ? { name: 'PHP', version: php, field: 'require.php' } : null,
  };
}

/** A string, or an array meaning "any of these" (dual licensing). */
function licenseOf(json: UnknownRecord): string | null {
  const list = stringItems(json['license']);
  return stringAt(json, 'license') ?? (list.length > 0 ? list.join(' OR ') : null);
}
