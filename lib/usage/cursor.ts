import { db } from "@/lib/db";
import type { Sql } from "@/lib/sync/sql";
import { utcDay, type Day, type DayRange } from "@/lib/usage/days";

// How far one tool's usage is ingested. The rollups hold every day from firstDay to lastDay; KPI
// windows reaching before firstDay have missing data, not zero usage.

export interface UsageCoverage {
  firstDay: Day;
  lastDay: Day;
}

export async function readUsageCoverage(integrationId: string): Promise<UsageCoverage | null> {
  const row = await db.usageCursor.findUnique({ where: { integrationId } });
  return row ? { firstDay: utcDay(row.firstDay), lastDay: utcDay(row.lastDay) } : null;
}

/**
 * Records that `range` is in the rollups, in the transaction that wrote it. A range that leaves a
 * gap after lastDay (the tool was not ingested for longer than the backfill) starts the coverage
 * again at its first day; otherwise coverage only grows.
 */
export async function extendUsageCoverage(sql: Sql, integrationId: string, range: DayRange): Promise<void> {
  await sql.query(
    `INSERT INTO "UsageCursor" ("integrationId", "firstDay", "lastDay", "updatedAt") VALUES ($1, $2::date, $3::date, $4::timestamp)
     ON CONFLICT ("integrationId") DO UPDATE SET
       "firstDay" = CASE WHEN EXCLUDED."firstDay" > "UsageCursor"."lastDay" + 1 THEN EXCLUDED."firstDay" ELSE LEAST("UsageCursor"."firstDay", EXCLUDED."firstDay") END,
       "lastDay" = CASE WHEN EXCLUDED."firstDay" > "UsageCursor"."lastDay" + 1 THEN EXCLUDED."lastDay" ELSE GREATEST("UsageCursor"."lastDay", EXCLUDED."lastDay") END,
       "updatedAt" = EXCLUDED."updatedAt"`,
    [integrationId, range.from, range.to, new Date().toISOString()],
  );
}
