// The arithmetic the KPI definitions share. Null means "no value" (shown as "—"): a KPI is never
// 0 or Infinity for want of data.

/** Two decimals, halves away from zero: enough for a percent and free of binary noise (0.29 × 100). */
export function round2(n: number): number {
  const r = Math.round(Math.abs(n) * 100 + 1e-9) / 100;
  return n < 0 ? -r : r;
}

/**
 * Issue 12: (current − previous) / previous × 100 against the window just before, null when the
 * previous value is 0 or either value is missing. Divided by the previous value's size, so a rise
 * is positive also from a negative NPS (−50 to −25 is +50 %); for counts that is the same thing.
 */
export function changePct(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return round2(((current - previous) / Math.abs(previous)) * 100);
}

/** `part` as a percent of `whole`, null when there is no whole. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? round2((part / whole) * 100) : null;
}

export interface NpsCounts {
  responses: number;
  /** Scores 9 and 10. */
  promoters: number;
  /** Scores 0 to 6. */
  detractors: number;
}

/** Net Promoter Score in points (−100 to 100): % promoters − % detractors; null with no response. */
export function npsScore(c: NpsCounts): number | null {
  return c.responses > 0 ? round2(((c.promoters - c.detractors) / c.responses) * 100) : null;
}
