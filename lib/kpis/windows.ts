import { addDays, isDay, type Day, type DayRange } from "@/lib/usage/days";
import type { UsageCoverage } from "@/lib/usage/cursor";

// The day windows every KPI reads, as of one day. Days are the rollups' own day names (the tool's
// days: Pendo's subscription time zone, PX's UTC), so a window is plain calendar arithmetic on
// them and never looks at an instant: the time-zone boundary was drawn once, at ingestion.

/** Rolling windows end with the as-of day; calendar ones are the last whole week, month or quarter. */
export const WINDOW_NAMES = [
  "d7",
  "d7Before",
  "d30",
  "d30Before",
  "d90",
  "d90Before",
  "lastWeek",
  "weekBefore",
  "lastMonth",
  "monthBefore",
  "lastQuarter",
  "quarterBefore",
] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];
export type KpiWindows = Record<WindowName, DayRange>;

function parts(day: Day): { y: number; m: number; d: number } {
  if (!isDay(day)) throw new Error(`not a day: ${JSON.stringify(day)}`);
  return { y: Number(day.slice(0, 4)), m: Number(day.slice(5, 7)), d: Number(day.slice(8, 10)) };
}

function dayOf(y: number, m: number, d: number): Day {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** The `days` days ending with `asOf`. */
export function rollingWindow(asOf: Day, days: number): DayRange {
  return { from: addDays(asOf, 1 - days), to: asOf };
}

/** The window of the same length just before `range`. */
export function windowBefore(range: DayRange): DayRange {
  const length = Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** The last whole Monday-to-Sunday week ending on or before `asOf` (the week ending `asOf` when it is a Sunday). */
export function lastWholeWeek(asOf: Day): DayRange {
  const weekday = new Date(`${asOf}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const sunday = addDays(asOf, -weekday);
  return { from: addDays(sunday, -6), to: sunday };
}

/** The last whole calendar month ending on or before `asOf` (the month of `asOf` when it is its last day). */
export function lastWholeMonth(asOf: Day): DayRange {
  const { y, m } = parts(addDays(asOf, 1));
  // The day after asOf opens month m; the month before it is the last whole one.
  return { from: dayOf(y, m - 1, 1), to: dayOf(y, m, 0) };
}

/** The calendar month before the one `range` starts in. */
function monthBefore(range: DayRange): DayRange {
  const { y, m } = parts(range.from);
  return { from: dayOf(y, m - 1, 1), to: dayOf(y, m, 0) };
}

/** The last whole calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) ending on or before `asOf`. */
export function lastWholeQuarter(asOf: Day): DayRange {
  const { y, m } = parts(addDays(asOf, 1));
  const opening = m - ((m - 1) % 3); // first month of the quarter the next day is in
  return { from: dayOf(y, opening - 3, 1), to: dayOf(y, opening, 0) };
}

function quarterBefore(range: DayRange): DayRange {
  const { y, m } = parts(range.from);
  return { from: dayOf(y, m - 3, 1), to: dayOf(y, m, 0) };
}

export function kpiWindows(asOf: Day): KpiWindows {
  const d7 = rollingWindow(asOf, 7);
  const d30 = rollingWindow(asOf, 30);
  const d90 = rollingWindow(asOf, 90);
  const lastWeek = lastWholeWeek(asOf);
  const lastMonth = lastWholeMonth(asOf);
  const lastQuarter = lastWholeQuarter(asOf);
  return {
    d7,
    d7Before: windowBefore(d7),
    d30,
    d30Before: windowBefore(d30),
    d90,
    d90Before: windowBefore(d90),
    lastWeek,
    weekBefore: windowBefore(lastWeek),
    lastMonth,
    monthBefore: monthBefore(lastMonth),
    lastQuarter,
    quarterBefore: quarterBefore(lastQuarter),
  };
}

/** Whether every day of `range` is in the rollups; a window reaching outside them has missing data. */
export function windowCovered(range: DayRange, coverage: UsageCoverage | null): boolean {
  return coverage !== null && range.from >= coverage.firstDay && range.to <= coverage.lastDay;
}

/** The smallest range holding every window in `names` (what one query scans). */
export function spanOf(windows: KpiWindows, names: readonly WindowName[]): DayRange {
  const ranges = names.map((n) => windows[n]);
  return { from: ranges.map((r) => r.from).sort()[0]!, to: ranges.map((r) => r.to).sort().at(-1)! };
}
