/** Days from one ISO 8601 date to another, to one decimal: the unit of every duration in the facts. 0 when clocks disagree. */
export function durationDays(start: string, end: string): number {
  return Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 8_640_000) / 10);
}
