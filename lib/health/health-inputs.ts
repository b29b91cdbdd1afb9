import type { KpiValues } from "@/lib/kpis/catalogue";
import type { AccountInputs } from "@/lib/health/measure-values";
import type { HealthModel } from "@/lib/health/model";
import type { Sql } from "@/lib/sync/sql";
import type { Day } from "@/lib/usage/days";

// What scoring one Salesforce account on one day reads from the hub: the KPIs of the tool that
// tracks its usage, its Salesforce fields, and its support cases. Shared by the daily scoring and
// the backtest, so a replayed score is computed from exactly what a live one would have read.

/** A tool whose KPI snapshots may feed usage measures, in the order they are preferred. */
export interface UsageTool {
  id: string;
  system: "pendo" | "px";
}

export interface ScoringInputs extends AccountInputs {
  /** The account's value of the model's segment field, as text. */
  segment: string | null;
  /** The tool whose KPIs were read; null when no tool has a snapshot of the account. */
  usageSource: UsageTool["system"] | null;
  /** The day of that snapshot (at most KPI_STALE_DAYS before the scored day). */
  kpiDay: Day | null;
}

/** A snapshot older than this does not describe the scored day: its measures count as missing. */
export const KPI_STALE_DAYS = 7;

interface Context {
  salesforceId: string;
  tools: readonly UsageTool[];
  model: HealthModel;
  /** False when Salesforce Cases are not synced: the support measure is then missing, not 0. */
  casesSynced: boolean;
}

/**
 * Inputs for `accountIds` as of `day`. An account tracked by both tools takes every usage measure
 * from the first tool in `tools` with a recent snapshot, never a mix, so its measures agree with
 * one another and the account page can say where they came from.
 */
export async function loadScoringInputs(sql: Sql, ctx: Context, accountIds: readonly string[], day: Day): Promise<Map<string, ScoringInputs>> {
  const ids = [...accountIds];
  const [accounts, cases, ...snapshots] = await Promise.all([
    sql.query<{ id: string; fields: Record<string, unknown> | null }>(`SELECT "id", "fields" FROM "SfAccount" WHERE "integrationId" = $1 AND "id" = ANY($2::text[])`, [ctx.salesforceId, ids]),
    ctx.casesSynced
      ? sql.query<{ accountId: string; n: number }>(
          // Cases created in the 30 days ending on the scored day (model.ts: whatever their status now).
          `SELECT "accountId", count(*)::int AS n FROM "SfCase"
            WHERE "integrationId" = $1 AND "accountId" = ANY($2::text[]) AND "deletedAt" IS NULL
              AND "createdDate" >= ($3::date - 29) AND "createdDate" < ($3::date + 1)
            GROUP BY "accountId"`,
          [ctx.salesforceId, ids, day],
        )
      : Promise.resolve({ rows: [] as { accountId: string; n: number }[] }),
    ...ctx.tools.map((tool) =>
      sql.query<{ accountId: string; day: Day; values: KpiValues }>(
        `SELECT DISTINCT ON ("accountId") "accountId", to_char("day", 'YYYY-MM-DD') AS day, "values" FROM "KpiSnapshot"
          WHERE "integrationId" = $1 AND "scope" = 'salesforce' AND "accountId" = ANY($2::text[])
            AND "day" <= $3::date AND "day" > ($3::date - ${KPI_STALE_DAYS})
          ORDER BY "accountId", "day" DESC`,
        [tool.id, ids, day],
      ),
    ),
  ]);
  const caseCounts = new Map(cases.rows.map((r) => [r.accountId, r.n]));
  const byTool = snapshots.map((s) => new Map(s.rows.map((r) => [r.accountId, r])));
  const segmentField = ctx.model.segments?.field;
  const inputs = new Map<string, ScoringInputs>();
  for (const account of accounts.rows) {
    const fields = account.fields ?? {};
    const index = byTool.findIndex((m) => m.has(account.id));
    const snapshot = index >= 0 ? byTool[index]!.get(account.id)! : null;
    const segment = segmentField ? fields[segmentField] : null;
    inputs.set(account.id, {
      kpis: snapshot?.values ?? {},
      salesforce: fields,
      supportCases30d: ctx.casesSynced ? (caseCounts.get(account.id) ?? 0) : null,
      segment: typeof segment === "string" ? segment : segment == null ? null : String(segment),
      usageSource: index >= 0 ? ctx.tools[index]!.system : null,
      kpiDay: snapshot?.day ?? null,
    });
  }
  return inputs;
}
