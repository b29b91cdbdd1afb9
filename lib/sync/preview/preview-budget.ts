import { db } from "@/lib/db";
import type { Integration } from "@/lib/generated/prisma/client";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { runApiBudget } from "@/lib/sync/api-budget";
import { apiCallTotal } from "@/lib/sync/history/step-counts";
import type { PreviewApiCalls, PreviewBudget } from "@/lib/sync/preview/preview-summary";

// The API calls a real run would need, against what it may use today. Writes are estimated from
// the planned writes; reads cannot be known without pulling, so the last pull of the same system
// (in a Synchronize or on its own) stands in for the next one. The
// allowance is read from Salesforce (GET /limits, read-only) through the same API budget a real
// run is held to.

/** API calls the last successful pull of this integration took, or null when none ran. */
async function lastPullCalls(integrationId: string): Promise<number | null> {
  const step = await db.syncStep.findFirst({
    where: { name: "pull", integrationId, status: "SUCCEEDED" },
    orderBy: { startedAt: "desc" },
    select: { apiCalls: true },
  });
  return step ? apiCallTotal(step.apiCalls) : null;
}

export interface BudgetEstimate {
  apiCalls: PreviewApiCalls[];
  budget: PreviewBudget;
  /** The preview's own calls (the allowance reads), for its step. */
  made: Record<string, number>;
}

/**
 * `writes` are the calls the planned writes take per system; `pulled` the integrations a real run
 * would pull (Salesforce and the tools in scope), by system.
 */
export async function previewBudget(salesforce: Integration, writes: Record<"salesforce" | "pendo" | "px", number>, pulled: { system: "salesforce" | "pendo" | "px"; integrationId: string }[]): Promise<BudgetEstimate> {
  const apiCalls: PreviewApiCalls[] = [];
  for (const { system, integrationId } of pulled) apiCalls.push({ system, writes: writes[system], reads: await lastPullCalls(integrationId) });
  const needed = apiCalls.filter((c) => c.system === "salesforce").reduce((n, c) => n + c.writes + (c.reads ?? 0), 0);
  return withSalesforce(salesforce, async (sf) => {
    const { max, remaining } = (await sf.limits()).dailyApiRequests;
    const allowed = (await runApiBudget(salesforce, sf)).limit;
    return { apiCalls, budget: { needed, allowed, max, remaining, fits: needed <= allowed }, made: sf.apiCalls() };
  });
}
