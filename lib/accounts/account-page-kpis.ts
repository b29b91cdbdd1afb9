import { db } from "@/lib/db";
import { ACCOUNT_KPIS, type KpiUnit } from "@/lib/kpis/catalogue";
import { kpiSeries, type SeriesPoint } from "@/lib/accounts/account-page-trend";
import type { AccountUsageTool } from "@/lib/accounts/account-page-usage-tool";
import { addDays, utcDay, type Day } from "@/lib/usage/days";

// The KPIs the account page draws as sparklines: the daily snapshots (KpiSnapshot, scope
// "salesforce": the tool's accounts linked to this one combined) of the usage tool the page shows,
// over the 90 days ending on its newest snapshot of the account.

export const SPARKLINE_KPIS = ["activeUsers30d", "activeDays30d", "featureBreadth30d", "coreFeatureAdoption30d", "npsScore90d"] as const;
export const KPI_HISTORY_DAYS = 90;

export interface KpiSparkline {
  key: string;
  name: string;
  unit: KpiUnit;
  definition: string;
  /** Oldest first; null where the snapshot has no value (the KPI's window was not ingested, no NPS answer…). */
  points: SeriesPoint[];
  /** The newest snapshot's value. */
  latest: SeriesPoint | null;
}

export interface KpiSection {
  from: Day;
  to: Day;
  /** Days with a snapshot in the 90 days. */
  snapshots: number;
  sparklines: KpiSparkline[];
}

export async function kpiSection(tool: AccountUsageTool, accountId: string): Promise<KpiSection | null> {
  const newest = await db.kpiSnapshot.findFirst({ where: { integrationId: tool.integrationId, scope: "salesforce", accountId }, select: { day: true }, orderBy: { day: "desc" } });
  if (!newest) return null;
  const to = utcDay(newest.day);
  const from = addDays(to, -(KPI_HISTORY_DAYS - 1));
  const rows = await db.kpiSnapshot.findMany({
    where: { integrationId: tool.integrationId, scope: "salesforce", accountId, day: { gte: new Date(`${from}T00:00:00Z`), lte: newest.day } },
    select: { day: true, values: true },
    orderBy: { day: "asc" },
  });
  const days = rows.map((r) => ({ day: utcDay(r.day), values: (r.values ?? {}) as Record<string, unknown> }));
  const sparklines = SPARKLINE_KPIS.map((key): KpiSparkline => {
    const definition = ACCOUNT_KPIS.find((k) => k.key === key)!;
    const points = kpiSeries(days, key);
    return { key, name: definition.name, unit: definition.unit, definition: definition.definition, points, latest: points.at(-1) ?? null };
  });
  return { from, to, snapshots: rows.length, sparklines };
}
