import type { Day, DayRange } from "@/lib/usage/days";

// The rows one batch of days contributes to the rollups, at user grain (the tables at account grain
// are added up from these in SQL, in the same transaction). Account ids are the tool's; "" where
// the tool recorded none. Nothing here is a raw event: each tool's reader rolls events up per day.

export interface UserDay {
  day: Day;
  accountId: string;
  userId: string;
  events: number;
  minutes: number;
}

export interface UserFeatureDay {
  day: Day;
  accountId: string;
  featureId: string;
  userId: string;
  clicks: number;
}

export interface UserEngagementDay {
  day: Day;
  accountId: string;
  engagementId: string;
  userId: string;
  views: number;
}

export interface NpsResponse {
  responseId: string;
  surveyId: string;
  day: Day;
  accountId: string;
  userId: string;
  respondedAt: number;
  score: number;
  comment: string | null;
}

export interface UsageBatch {
  range: DayRange;
  userDays: UserDay[];
  userFeatureDays: UserFeatureDay[];
  userEngagementDays: UserEngagementDay[];
  nps: NpsResponse[];
}

export function emptyBatch(range: DayRange): UsageBatch {
  return { range, userDays: [], userFeatureDays: [], userEngagementDays: [], nps: [] };
}

/** Adds rows that share a key (a visitor seen from two browsers is one user-day), keeping the first row's other fields. */
export function sumByKey<R>(rows: Iterable<R>, keyOf: (r: R) => string, add: (into: R, more: R) => void): R[] {
  const out = new Map<string, R>();
  for (const r of rows) {
    const k = keyOf(r);
    const cur = out.get(k);
    if (cur) add(cur, r);
    else out.set(k, { ...r });
  }
  return [...out.values()];
}

/** Keeps rows whose day lies in `range` (a reader may see a little past it, e.g. a late NPS reason). */
export function inRange<R extends { day: Day }>(rows: R[], range: DayRange): R[] {
  return rows.filter((r) => r.day >= range.from && r.day <= range.to);
}

/**
 * An NPS answer as an integer 0–10, or null: Pendo sends numbers or numeric strings, PX numbers;
 * anything else is not an NPS rating and is not counted.
 */
export function npsScore(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : null;
}

export const userDayKey = (r: { day: Day; accountId: string; userId: string }) => `${r.day}\u0000${r.accountId}\u0000${r.userId}`;
