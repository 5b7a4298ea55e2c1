/**
 * One Python requirement string, as written in pyproject.toml and requirements files:
 * `name[extras] specifier ; markers` or `name @ url`.
 * Spec: https://packaging.python.org/en/latest/specifications/dependency-specifiers/
 */

const NAME_EXTRAS_REST = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/s;

/** The name as written and the version specifier (null when none, or for a URL requirement). */
export function parseRequirement(text: string): { name: string; version: string | null } | null {
  // Environment markers (`; python_version < "3.11"`) say when, not which version: drop them.
  const withoutMarkers = text.split(';')[0]!.trim();
  const match = NAME_EXTRAS_REST.exec(withoutMarkers);
  if (!match) return null;
  const rest = match[2]!.trim();
  if (rest.startsWith('@')) return { name: match[1]!, version: null };
  // The old form `name (>=1.0)` wraps the specifier in parentheses.
  const specifier = rest.replace(/^\((.*)\)$/s, '$1').trim();
  return { name: match[1]!, version: specifier === '' ? null : specifier };
}

/** PEP 503 normalised form, for matching names written as `Flask`, `flask` or `Flask_SQLAlchemy`. */
export function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
