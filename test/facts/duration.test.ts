import { describe, expect, it } from 'vitest';
import { durationDays } from '../../src/facts/duration.js';

describe('durationDays', () => {
  it('counts days between two recorded dates with one decimal, across time zones, never negative', () => {
    expect(durationDays('2024-01-01T09:00:00+00:00', '2024-01-03T21:00:00+00:00')).toBe(2.5);
    expect(durationDays('2024-01-01T09:00:00+02:00', '2024-01-01T09:00:00+00:00')).toBe(0.1);
    expect(durationDays('2024-01-02T09:00:00+00:00', '2024-01-01T09:00:00+00:00')).toBe(0);
  });
});
