import { db } from "@/lib/db";
import type { KpiValues } from "@/lib/kpis/catalogue";

/**
 * The newest KPI snapshot of each of these Salesforce accounts for one tool (the tool's accounts
 * linked to it combined), by Salesforce account id: what a push sends as calculated values.
 */
export async function latestSalesforceKpis(toolId: string, salesforceIds: readonly string[]): Promise<Map<string, KpiValues>> {
  if (salesforceIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ accountId: string; values: KpiValues }[]>`
    SELECT DISTINCT ON ("accountId") "accountId", "values" FROM "KpiSnapshot"
     WHERE "integrationId" = ${toolId} AND "scope" = 'salesforce' AND "accountId" = ANY(${[...salesforceIds]}::text[])
     ORDER BY "accountId", "day" DESC`;
  return new Map(rows.map((r) => [r.accountId, r.values]));
}
