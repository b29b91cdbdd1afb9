import { db } from "@/lib/db";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { readUsageCoverage, type UsageCoverage } from "@/lib/usage/cursor";

// The one tool whose usage the account page shows, so its KPIs, NPS, features and users agree
// with each other and with the health score: the tool the score read its usage measures from
// (lib/health/health-inputs.ts), else the first tool with accounts linked to this one, Pendo
// before PX as scoring prefers it.

export type UsageSystem = "PENDO" | "PX";

export interface AccountUsageTool {
  integrationId: string;
  system: UsageSystem;
  /** "Pendo", "Gainsight PX" */
  label: string;
  /** The tool's account ids linked to this Salesforce account: whose rollups the page reads. */
  members: string[];
  /** Days of usage ingested from this tool; null before its first usage refresh. */
  coverage: UsageCoverage | null;
  /** True when the health score read its usage measures from this tool. */
  scoredFrom: boolean;
}

export interface AccountUsageTools {
  shown: AccountUsageTool | null;
  /** Other tools with accounts linked to this one, whose usage the page does not show. */
  others: { system: UsageSystem; label: string }[];
}

const ORDER: Record<UsageSystem, number> = { PENDO: 0, PX: 1 };

export async function accountUsageTools(accountId: string, usageSource: string | null): Promise<AccountUsageTools> {
  const tools = (await db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] } }, select: { id: true, system: true }, orderBy: { createdAt: "asc" } }))
    .map((t) => ({ id: t.id, system: t.system as UsageSystem }))
    .sort((a, b) => ORDER[a.system] - ORDER[b.system]);
  if (tools.length === 0) return { shown: null, others: [] };
  const links = await db.matchLink.findMany({
    where: { integrationId: { in: tools.map((t) => t.id) }, entity: "ACCOUNT", salesforceId: accountId },
    select: { integrationId: true, analyticsId: true },
    orderBy: { analyticsId: "asc" },
  });
  const membersOf = new Map<string, string[]>();
  for (const l of links) membersOf.set(l.integrationId, [...(membersOf.get(l.integrationId) ?? []), l.analyticsId]);

  const scored = tools.find((t) => t.system.toLowerCase() === usageSource);
  const chosen = scored ?? tools.find((t) => membersOf.has(t.id)) ?? null;
  const others = tools.filter((t) => t !== chosen && membersOf.has(t.id)).map((t) => ({ system: t.system, label: SYSTEM_LABEL[t.system] }));
  if (!chosen) return { shown: null, others };
  return {
    shown: {
      integrationId: chosen.id,
      system: chosen.system,
      label: SYSTEM_LABEL[chosen.system],
      members: membersOf.get(chosen.id) ?? [],
      coverage: await readUsageCoverage(chosen.id),
      scoredFrom: chosen === scored,
    },
    others,
  };
}
