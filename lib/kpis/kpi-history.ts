import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { snapshotKpis } from "@/lib/kpis/snapshot-kpis";
import { withIntegrationLocks } from "@/lib/sync/locks";
import { readUsageCoverage, type UsageCoverage } from "@/lib/usage/cursor";
import { addDays, isDay, utcDay, type Day } from "@/lib/usage/days";

// KPI history for days no KPI step ran on (issue 13, backtest): a run snapshots only the tool's
// last ingested day, so the days between runs, and every day before the first one, have no
// snapshot. Each missing day is computed by snapshotKpis, the code of the daily step, from the
// rollups, links and KPI settings as they are now: the KPIs of that day as the hub sees them today,
// which can differ from what a step on that day would have written (late usage, links made since).
// Days that already have a snapshot are kept as written.

export interface KpiHistoryResult {
  integrationId: string;
  /** Usage in the rollups; days outside it have no KPIs. Null when nothing is ingested yet. */
  coverage: UsageCoverage | null;
  /** Days computed now, oldest first. */
  computed: Day[];
  /** Days that already had a snapshot. */
  present: Day[];
  skipped: { day: Day; reason: string }[];
}

/**
 * How long a backfill waits for the tool's run lock: a usage step rewrites rollups and the KPI
 * step a snapshot, so a history day is not computed beside them (two writers of one day would
 * collide on its rows).
 */
const LOCK_WAIT_SECONDS = 60;

/**
 * The days among `days` that have a snapshot of the tool (any account, either scope): one index
 * probe per day, not a read of the day's rows (100,000 accounts have 200,000 rows a day).
 */
export async function kpiSnapshotDays(toolId: string, days: readonly Day[]): Promise<Set<Day>> {
  if (days.length === 0) return new Set();
  const rows = await db.$queryRaw<{ day: Date }[]>`
    SELECT d AS "day" FROM unnest(${[...new Set(days)]}::date[]) AS d
     WHERE EXISTS (SELECT 1 FROM "KpiSnapshot" k WHERE k."integrationId" = ${toolId} AND k."day" = d)`;
  return new Set(rows.map((r) => utcDay(r.day)));
}

/**
 * Computes the snapshot of each of `days` that the tool does not have yet, one day per transaction
 * (a backfill stopped halfway keeps the days it finished). Cost: one snapshotKpis per missing day,
 * each O(the tool's accounts and their usage over 90 days).
 */
export async function backfillKpiHistory(toolId: string, days: readonly Day[]): Promise<KpiHistoryResult> {
  const tool = await db.integration.findUnique({ where: { id: toolId }, select: { id: true, system: true } });
  if (!tool || (tool.system !== "PENDO" && tool.system !== "PX")) throw new AppError("NOT_FOUND", "KPI history is kept for a connected Pendo or Gainsight PX integration only.");
  const bad = days.find((d) => !isDay(d));
  if (bad !== undefined) throw new AppError("INVALID_INPUT", `"${bad}" is not a day: give days as YYYY-MM-DD.`);
  const wanted = [...new Set(days)].sort();
  const coverage = await readUsageCoverage(toolId);
  const skipped: KpiHistoryResult["skipped"] = [];
  const inRange: Day[] = [];
  for (const day of wanted) {
    if (!coverage) skipped.push({ day, reason: "No usage is ingested yet: run a sync first." });
    else if (day < coverage.firstDay || day > coverage.lastDay) skipped.push({ day, reason: `Outside the ingested usage (${coverage.firstDay} to ${coverage.lastDay}).` });
    else inRange.push(day);
  }
  const have = await kpiSnapshotDays(toolId, inRange);
  const present = inRange.filter((d) => have.has(d));
  const missing = inRange.filter((d) => !have.has(d));
  const computed: Day[] = [];
  if (missing.length > 0) {
    await withIntegrationLocks(
      [{ id: toolId, label: SYSTEM_LABEL[tool.system] }],
      async () => {
        // Another backfill may have written some of them while this one waited for the lock.
        const since = await kpiSnapshotDays(toolId, missing);
        for (const day of missing) {
          if (since.has(day)) {
            present.push(day);
            continue;
          }
          await snapshotKpis(toolId, day);
          computed.push(day);
        }
      },
      { waitSeconds: LOCK_WAIT_SECONDS },
    );
  }
  return { integrationId: toolId, coverage, computed, present: present.sort(), skipped };
}

/** The last `n` ingested days of the tool (fewer when less is ingested), oldest first. */
export async function lastIngestedDays(toolId: string, n: number): Promise<Day[]> {
  const coverage = await readUsageCoverage(toolId);
  if (!coverage) return [];
  const out: Day[] = [];
  for (let day = coverage.lastDay; out.length < n && day >= coverage.firstDay; day = addDays(day, -1)) out.push(day);
  return out.reverse();
}
