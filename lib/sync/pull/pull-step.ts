import type { Integration, SyncStep } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { VendorError } from "@/lib/connectors/errors";
import { analyticsSourceFor } from "@/lib/integrations/analytics-source";
import { refreshSalesforceDescribe } from "@/lib/integrations/describe-cache";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { closeCancelledStep, RunCancelled } from "@/lib/sync/cancel";
import { closeStep, mergeCalls, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { ApiBudget, runApiBudget } from "@/lib/sync/api-budget";
import { pullAnalytics } from "@/lib/sync/pull/pull-analytics";
import { pullSalesforce } from "@/lib/sync/pull/salesforce-pull";
import { repushDivergedCsms } from "@/lib/accounts/csm/repush-diverged-csms";
import type { PullStepContext } from "@/lib/sync/pull/step-context";

export interface PullStepResult {
  stats: StepStats;
  apiCalls: Record<string, number>;
  mode: string;
}

async function ensureDescribes(integration: Integration) {
  const s = await salesforcePullSettings(integration.id);
  const objects = [s.accountObject, s.contactObject];
  const cached = await db.salesforceDescribe.count({ where: { integrationId: integration.id, objectName: { in: objects } } });
  if (cached < objects.length) await refreshSalesforceDescribe(integration.id, objects);
}

/** Runs the pull with the integration's connector, built once from the row loaded once. */
async function pullWithConnector(integration: Integration, ctx: PullStepContext, calls: Record<string, number>, budget?: ApiBudget): Promise<string> {
  if (integration.system === "SALESFORCE") {
    await ensureDescribes(integration);
    // A pull run of its own gets its budget from the org's allowance now; a sync passes the run's.
    const charged = budget ?? (await withSalesforce(integration, (sf) => runApiBudget(integration, sf)));
    return withSalesforce(
      integration,
      async (sf) => {
        try {
          return await pullSalesforce(sf, ctx);
        } finally {
          mergeCalls(calls, sf.apiCalls());
        }
      },
      { budget: charged },
    );
  }
  const source = analyticsSourceFor(integration);
  try {
    return await pullAnalytics(source, ctx);
  } finally {
    mergeCalls(calls, source.apiCalls());
  }
}

/**
 * One pull step of a run (a pull run, or a Synchronize run): a step that already succeeded (a
 * resumed run) is not pulled again; a failed pull closes its step FAILED, keeping the checkpoint,
 * and throws (the caller decides what the run does next).
 */
export async function runPullStep(integration: Integration, runId: string, step: SyncStep, opts: { budget?: ApiBudget } = {}): Promise<PullStepResult> {
  const stats = (step.stats ?? {}) as StepStats;
  const apiCalls = { ...((step.apiCalls ?? {}) as Record<string, number>) };
  if (step.status === "SUCCEEDED") return { stats, apiCalls, mode: step.mode ?? "" };
  const ctx: PullStepContext = { integrationId: integration.id, runId, stepId: step.id, stats, checkpoint: (step.checkpoint ?? {}) as StepCheckpoint };
  try {
    const mode = await pullWithConnector(integration, ctx, apiCalls, opts.budget);
    await closeStep(step.id, { status: "SUCCEEDED", stats, apiCalls, mode });
    // The pull may have brought back a CSM Clearinghouse has since changed: its value wins (issue 13).
    if (integration.system === "SALESFORCE") {
      await repushDivergedCsms(integration.id).catch((e: unknown) => logger.warn({ integration: integration.id, err: String(e) }, "CSM re-push check failed"));
    }
    return { stats, apiCalls, mode };
  } catch (error) {
    if (error instanceof RunCancelled) {
      await closeCancelledStep(step.id, error, stats, apiCalls);
      throw error;
    }
    const message = stepFailureMessage(error, "pull");
    logger.warn({ integration: integration.id, run: runId, err: error instanceof Error ? error.message : String(error) }, "pull failed");
    await closeStep(step.id, { status: "FAILED", stats, apiCalls, error: message, keepCheckpoint: true }).catch(() => undefined);
    throw error instanceof AppError || error instanceof VendorError ? error : new AppError("UNAVAILABLE", message);
  }
}

// What matching reads: Salesforce accounts and contacts, Pendo/PX accounts and users. Salesforce
// users share the "users" key and so re-match too (they change rarely); cases and opportunities,
// which change on most pulls, do not.
const MATCHED_OBJECTS = new Set(["accounts", "contacts", "users"]);

/** Whether a pull wrote anything matching reads: new, changed, removed, deleted or merged records. */
export function pullChangedAnything(stats: StepStats): boolean {
  return Object.entries(stats).some(([object, o]) => MATCHED_OBJECTS.has(object) && (o.created ?? 0) + (o.updated ?? 0) + (o.removed ?? 0) + (o.deleted ?? 0) + (o.merged ?? 0) > 0);
}
