// Record outcomes in the order the run page lists them: what needs fixing first.
// "failed" (we or the vendor broke), "rejected" (the vendor refused the write), "invalid" (we refused
// to send it, e.g. a duplicate key) all need someone to act; "skipped" and "succeeded" do not.
export const OUTCOMES = ["failed", "rejected", "invalid", "skipped", "succeeded"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const FAILURE_OUTCOMES: readonly string[] = ["failed", "rejected", "invalid"];

export const isFailure = (outcome: string): boolean => FAILURE_OUTCOMES.includes(outcome);

/** Known outcomes in OUTCOMES order; any outcome a newer worker writes comes after them, by name. */
export function rankOutcomes<T extends { outcome: string }>(rows: readonly T[]): T[] {
  const rank = (o: string) => {
    const i = (OUTCOMES as readonly string[]).indexOf(o);
    return i === -1 ? OUTCOMES.length : i;
  };
  return [...rows].sort((a, b) => rank(a.outcome) - rank(b.outcome) || a.outcome.localeCompare(b.outcome));
}
