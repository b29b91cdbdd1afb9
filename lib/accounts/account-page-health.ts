import { db } from "@/lib/db";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { currentHealth } from "@/lib/health/latest-health";
import type { ColourBands, HealthColour } from "@/lib/health/model";
import type { ShownHealth } from "@/lib/health/override";
import type { GroupScore, MeasureScore } from "@/lib/health/score-account";
import { summariseTrend, versionMarkers, type TrendPoint, type TrendSummary, type VersionMarker } from "@/lib/accounts/account-page-trend";
import { addDays, utcDay, type Day } from "@/lib/usage/days";

// The account's health as the page shows it: the score shown now (an override in force applied,
// by currentHealth, the same read the push and the list use), the computed score beneath it, and
// the detail the scoring kept with the newest day (lib/health/score-health.ts storedDetail).

/** What score-health.ts storedDetail() writes into HealthScore.measures. */
export interface StoredHealthDetail {
  measures: MeasureScore[];
  groups: GroupScore[];
  reason: string;
  critical: boolean;
  atRisk: boolean;
  segment: string | null;
  bands: ColourBands;
  redMeasures: string[];
  usageSource: "pendo" | "px" | null;
  kpiDay: Day | null;
}

export interface HealthSection {
  day: Day;
  modelVersion: number;
  /** Shown: the override's where one is in force. */
  score: number | null;
  colour: HealthColour | null;
  /** Red and below the critical bound of the account's bands (seed 004: escalate below 25). */
  critical: boolean;
  atRisk: boolean;
  computed: { score: number | null; colour: HealthColour | null; critical: boolean };
  override: ShownHealth["override"];
  reason: string;
  segment: string | null;
  bands: ColourBands;
  measures: MeasureScore[];
  groups: GroupScore[];
  /** Measures left out for want of a value, by name. */
  missing: { key: string; label: string }[];
  redMeasures: string[];
  /** The tool whose KPIs fed the usage measures. */
  usageSource: { system: "PENDO" | "PX"; label: string } | null;
  kpiDay: Day | null;
  computedAt: Date;
}

export async function healthSection(accountId: string, now: Date): Promise<HealthSection | null> {
  const shown = (await currentHealth([accountId], now)).get(accountId);
  if (!shown) return null;
  const row = await db.healthScore.findUnique({ where: { accountId_day: { accountId, day: shown.day } } });
  if (!row) return null;
  const detail = row.measures as unknown as StoredHealthDetail;
  const labelOf = new Map(detail.measures.map((m) => [m.key, m.label]));
  const criticalAt = (score: number | null, colour: HealthColour | null) => colour === "red" && score !== null && detail.bands.critical !== undefined && score < detail.bands.critical;
  const system = detail.usageSource === "pendo" ? "PENDO" : detail.usageSource === "px" ? "PX" : null;
  return {
    day: utcDay(row.day),
    modelVersion: row.modelVersion,
    score: shown.score,
    colour: shown.colour,
    critical: criticalAt(shown.score, shown.colour),
    atRisk: shown.atRisk,
    computed: { ...shown.computed, critical: detail.critical },
    override: shown.override,
    reason: detail.reason,
    segment: detail.segment,
    bands: detail.bands,
    measures: detail.measures,
    groups: detail.groups ?? [],
    missing: row.missing.map((key) => ({ key, label: labelOf.get(key) ?? key })),
    redMeasures: detail.redMeasures ?? [],
    usageSource: system ? { system, label: SYSTEM_LABEL[system] } : null,
    kpiDay: detail.kpiDay,
    computedAt: row.computedAt,
  };
}

export const TREND_DAYS = 90;

export interface TrendSection {
  from: Day;
  to: Day;
  /** Scored days, oldest first: computed scores, never an override. */
  points: TrendPoint[];
  markers: VersionMarker[];
  summary: TrendSummary;
}

/** The 90 days ending on `newest`, the account's newest scored day. One index range read. */
export async function trendSection(accountId: string, newest: Day): Promise<TrendSection> {
  const from = addDays(newest, -(TREND_DAYS - 1));
  const rows = await db.healthScore.findMany({
    where: { accountId, day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${newest}T00:00:00Z`) } },
    select: { day: true, score: true, colour: true, modelVersion: true },
    orderBy: { day: "asc" },
  });
  const points = rows.map((r): TrendPoint => ({ day: utcDay(r.day), score: r.score, colour: r.colour as HealthColour | null, modelVersion: r.modelVersion }));
  return { from, to: newest, points, markers: versionMarkers(points), summary: summariseTrend(points) };
}
