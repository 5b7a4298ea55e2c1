/**
 * pip requirements files (requirements.txt, requirements-dev.txt, requirements/base.txt).
 * Spec: https://pip.pypa.io/en/stable/reference/requirements-file-format/
 * Lines are PEP 508 requirements; options (`-r`, `-c`, `-e`, `--index-url`), per-requirement
 * options such as pip-compile's `--hash=...`, local paths and bare URLs are not dependencies with a
 * name and are skipped.
 */
import type { DeclaredDependency, ParsedManifest } from './parsed-manifest.js';
import { unreadManifest } from './parsed-manifest.js';
import { parseRequirement } from './pep508.js';
import { rejectConflictMarkers } from './structured-text.js';

/** A comment starts at a `#` at the line start or after whitespace (a URL fragment `#egg=` is not one). */
const COMMENT = /(?:^|\s)#.*$/;
/** Per-requirement options follow the requirement after whitespace: `pkg==1.0 --hash=sha256:...`. */
const TRAILING_OPTIONS = /\s+--?[A-Za-z].*$/s;
/** A path (`./pkg`, `/abs/pkg.whl`) or a URL without a name (`git+https://...`). */
const NAMELESS = /^(?:[./~]|[A-Za-z][A-Za-z0-9+.-]*:\/\/|[A-Za-z]+\+)/;

export function parseRequirementsTxt(text: string): ParsedManifest {
  rejectConflictMarkers(text);
  const dependencies: DeclaredDependency[] = [];
  // A backslash at the end of a line continues it on the next one.
  for (const rawLine of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = rawLine.replace(COMMENT, '').trim();
    if (line === '' || line.startsWith('-') || NAMELESS.test(line)) continue;
    const requirement = parseRequirement(line.replace(TRAILING_OPTIONS, ''));
    if (requirement) dependencies.push({ ...requirement, type: 'requirements' });
  }
  return { ...unreadManifest('pypi'), dependencies };
}
