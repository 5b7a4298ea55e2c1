/** Distinct strings in code-unit order: the order both engines report path lists in. */
export function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
