import { computeKpis } from "@/lib/kpis/compute-kpis";
import { listKpiAccounts, loadKpiContext } from "@/lib/kpis/kpi-accounts";
import { AppError } from "@/lib/errors";
import { inTransaction, type Sql } from "@/lib/sync/sql";
import type { Day } from "@/lib/usage/days";

// The daily KPI snapshot of every account of one tool: the history trends and the health backtest
// read. The day is deleted and written again in one transaction, so computing it twice leaves the
// same rows, and a reader sees the old day or the new one, never a mix.

/** Accounts per batch: bounds the statements' member arrays and the values held in memory. */
const BATCH = 2_000;

export interface KpiSnapshotCounts {
  asOf: Day;
  analytics: number;
  salesforce: number;
}

export interface SnapshotOptions {
  /** Runs inside the snapshot's transaction after its rows are written (the step saves its progress here). */
  beforeCommit?: (sql: Sql, counts: KpiSnapshotCounts) => Promise<void>;
}

export async function snapshotKpis(toolId: string, asOf: Day, options: SnapshotOptions = {}): Promise<KpiSnapshotCounts> {
  return inTransaction(async (sql) => {
    const ctx = await loadKpiContext(sql, toolId, asOf);
    if (!ctx.coverage || asOf < ctx.coverage.firstDay || asOf > ctx.coverage.lastDay) {
      const ingested = ctx.coverage ? `from ${ctx.coverage.firstDay} to ${ctx.coverage.lastDay}` : "for no day yet";
      throw new AppError("INVALID_INPUT", `KPIs cannot be computed as of ${asOf}: this tool's usage is ingested ${ingested}. Run a sync first, or choose a day in that range.`);
    }
    await sql.query(`DELETE FROM "KpiSnapshot" WHERE "integrationId" = $1 AND "day" = $2::date`, [toolId, asOf]);
    const accounts = await listKpiAccounts(sql, toolId, ctx.coverage.firstDay, asOf);
    const computedAt = new Date().toISOString();
    for (let i = 0; i < accounts.length; i += BATCH) {
      const kpis = await computeKpis(sql, toolId, accounts.slice(i, i + BATCH), ctx);
      await sql.query(
        `INSERT INTO "KpiSnapshot" ("integrationId", "scope", "accountId", "day", "values", "computedAt")
         SELECT $1, r.scope, r.account_id, $2::date, r.v::jsonb, $3::timestamp
           FROM unnest($4::text[], $5::text[], $6::text[]) AS r(scope, account_id, v)`,
        [toolId, asOf, computedAt, kpis.map((k) => k.scope), kpis.map((k) => k.accountId), kpis.map((k) => JSON.stringify(k.values))],
      );
    }
    const counts = { asOf, analytics: accounts.filter((a) => a.scope === "analytics").length, salesforce: accounts.filter((a) => a.scope === "salesforce").length };
    await options.beforeCommit?.(sql, counts);
    return counts;
  });
}
