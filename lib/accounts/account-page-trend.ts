import type { HealthColour } from "@/lib/health/model";
import type { Day } from "@/lib/usage/days";

// The 90-day history of an account's computed score, and the words that stand in for the chart
// for anyone who cannot see it. Overrides are not in the history: it shows what the model said.

export interface TrendPoint {
  day: Day;
  score: number | null;
  colour: HealthColour | null;
  modelVersion: number;
}

export interface VersionMarker {
  /** The first day scored by `to`. */
  day: Day;
  from: number;
  to: number;
}

/** Where the model version changes between consecutive scored days; `points` oldest first. Cost: O(n). */
export function versionMarkers(points: readonly TrendPoint[]): VersionMarker[] {
  const markers: VersionMarker[] = [];
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    if (cur.modelVersion !== prev.modelVersion) markers.push({ day: cur.day, from: prev.modelVersion, to: cur.modelVersion });
  }
  return markers;
}

export interface TrendSummary {
  scored: number;
  first: TrendPoint | null;
  last: TrendPoint | null;
  lowest: TrendPoint | null;
  highest: TrendPoint | null;
}

/** The figures the chart's text alternative states: first and last score, lowest and highest (earliest on ties). */
export function summariseTrend(points: readonly TrendPoint[]): TrendSummary {
  const scored = points.filter((p) => p.score !== null);
  let lowest: TrendPoint | null = null;
  let highest: TrendPoint | null = null;
  for (const p of scored) {
    if (lowest === null || p.score! < lowest.score!) lowest = p;
    if (highest === null || p.score! > highest.score!) highest = p;
  }
  return { scored: scored.length, first: scored[0] ?? null, last: scored.at(-1) ?? null, lowest, highest };
}

export interface SeriesPoint {
  day: Day;
  value: number | null;
}

/** A KPI's values as a series: numbers only (a day-valued or missing KPI is a gap), oldest first. */
export function kpiSeries(rows: readonly { day: Day; values: Record<string, unknown> }[], key: string): SeriesPoint[] {
  return rows.map((r) => {
    const v = r.values[key];
    return { day: r.day, value: typeof v === "number" && Number.isFinite(v) ? v : null };
  });
}
