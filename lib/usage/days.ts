// Days as the rollups store them: "YYYY-MM-DD" in the tool's own days (Pendo: its subscription's
// time zone; PX: UTC). Arithmetic on these names is plain calendar arithmetic, whatever the zone.

export type Day = string;

const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day ("2026-02-30" is not one, though Date.parse rolls it over). */
export function isDay(value: unknown): value is Day {
  if (typeof value !== "string" || !DAY_RE.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

function ms(day: Day): number {
  if (!isDay(day)) throw new Error(`not a day: ${JSON.stringify(day)}`);
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function addDays(day: Day, n: number): Day {
  return new Date(ms(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysIn(from: Day, to: Day): number {
  return Math.max(0, Math.round((ms(to) - ms(from)) / DAY_MS) + 1);
}

/** The UTC day of an instant (PX's days; also how a `date` column reads back). */
export function utcDay(at: Date | number): Day {
  return new Date(at).toISOString().slice(0, 10);
}

export interface DayRange {
  from: Day;
  to: Day;
}

export interface WindowPlan {
  /** Days read the first time: the backfill length (180 by default). */
  backfillDays: number;
  /** Days already ingested that are read again for late data (3 by default). */
  rereadDays: number;
}

/**
 * The days one ingestion reads: everything after the last ingested day, plus the last `rereadDays`
 * ingested days again (late events change recent days; spec A5), up to the tool's yesterday (today
 * is not over). The first ingestion, or one after a gap longer than the backfill, reads the
 * `backfillDays` days up to yesterday. Null when there is nothing to read.
 */
export function planWindow(lastDay: Day | null, yesterday: Day, plan: WindowPlan): DayRange | null {
  const earliest = addDays(yesterday, -(plan.backfillDays - 1));
  let from = lastDay === null ? earliest : addDays(lastDay, 1 - plan.rereadDays);
  if (from < earliest) from = earliest;
  if (from > yesterday) return null;
  return { from, to: yesterday };
}

/** `range` cut into consecutive batches of at most `size` days, oldest first. */
export function dayBatches(range: DayRange, size: number): DayRange[] {
  const out: DayRange[] = [];
  for (let from = range.from; from <= range.to; from = addDays(from, size)) {
    const end = addDays(from, size - 1);
    out.push({ from, to: end < range.to ? end : range.to });
  }
  return out;
}
