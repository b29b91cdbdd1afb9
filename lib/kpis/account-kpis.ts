import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { kpiCatalogue, type KpiDefinition, type KpiValues } from "@/lib/kpis/catalogue";
import { computeKpis, type KpiScope } from "@/lib/kpis/compute-kpis";
import { findKpiAccounts, loadKpiContext } from "@/lib/kpis/kpi-accounts";
import { inTransaction } from "@/lib/sync/sql";
import { isDay, type Day } from "@/lib/usage/days";

// One account's KPIs computed now, for `cli kpis` (and later the account page): the account is
// named by the tool's account id or by a Salesforce account id linked to the tool's accounts.

export const accountKpisQuerySchema = z.object({
  system: z.enum(["PENDO", "PX"], { error: "--integration must be pendo or px." }),
  account: z.string().trim().min(1, { error: "Give an account id: the tool's account id or a Salesforce account id." }).max(255),
  asOf: z.string().refine(isDay, { error: "--as-of must be a day written YYYY-MM-DD, e.g. 2026-11-19." }).optional(),
});
export type AccountKpisQuery = z.input<typeof accountKpisQuerySchema>;

export interface AccountKpisResult {
  integration: "pendo" | "px";
  asOf: Day;
  ingested: { firstDay: Day; lastDay: Day };
  accounts: { scope: KpiScope; accountId: string; kpis: KpiValues }[];
  /** The tool's catalogue, in the order `kpis` lists its keys. */
  catalogue: KpiDefinition[];
}

const LABEL = { PENDO: "Pendo", PX: "Gainsight PX" } as const;

export async function accountKpis(query: AccountKpisQuery): Promise<AccountKpisResult> {
  const q = accountKpisQuerySchema.parse(query);
  const flag = q.system.toLowerCase() as "pendo" | "px";
  const tool = await db.integration.findFirst({ where: { system: q.system } });
  if (!tool) throw new AppError("NOT_FOUND", `${LABEL[q.system]} is not connected. Connect it first (npm run -s cli -- connect-demo, or in the console).`);
  const coverage = await db.usageCursor.findUnique({ where: { integrationId: tool.id } });
  if (!coverage) throw new AppError("CONFLICT", `No ${LABEL[q.system]} usage is ingested yet. Run: npm run -s cli -- sync --inline --integration ${flag}`);
  const ingested = { firstDay: coverage.firstDay.toISOString().slice(0, 10), lastDay: coverage.lastDay.toISOString().slice(0, 10) };
  const asOf = q.asOf ?? ingested.lastDay;
  if (asOf < ingested.firstDay || asOf > ingested.lastDay) {
    throw new AppError("INVALID_INPUT", `${LABEL[q.system]} usage is ingested from ${ingested.firstDay} to ${ingested.lastDay}; give an --as-of in that range, or leave it out for ${ingested.lastDay}.`);
  }

  return inTransaction(async (sql) => {
    const accounts = await findKpiAccounts(sql, tool.id, q.account);
    if (accounts.length === 0) {
      throw new AppError("NOT_FOUND", `${LABEL[q.system]} has no account ${q.account}, and no ${LABEL[q.system]} account is linked to a Salesforce account with that id. List the links with: npm run -s cli -- links --integration ${flag}`);
    }
    const ctx = await loadKpiContext(sql, tool.id, asOf);
    const catalogue = kpiCatalogue(ctx.features);
    const kpis = await computeKpis(sql, tool.id, accounts, ctx);
    // Keys in catalogue order, so the output reads like the definitions page.
    const ordered = (values: KpiValues) => Object.fromEntries(catalogue.map((d) => [d.key, values[d.key] ?? null]));
    return { integration: flag, asOf, ingested, accounts: kpis.map((k) => ({ scope: k.scope, accountId: k.accountId, kpis: ordered(k.values) })), catalogue };
  });
}
