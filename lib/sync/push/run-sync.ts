import { AppError } from "@/lib/errors";
import { analyticsIntegrations, salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { withIntegrationLock } from "@/lib/sync/locks";
import { closeRun, closeStep, mergeCalls, openRun, openStep, type StepStats } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { runPull, type PullSummary } from "@/lib/sync/pull/run-pull";
import { pushToSalesforce, type PushCounts } from "@/lib/sync/push/push-salesforce";

export interface SyncSummary {
  integrationId: string;
  system: "PENDO" | "PX";
  pulls: { system: string; status: string; runId?: string; error?: string }[];
  runId: string;
  status: "SUCCEEDED" | "PARTIAL" | "FAILED";
  push: { accounts: PushCounts; contacts: PushCounts } | null;
  apiCalls: Record<string, number>;
  error?: string;
}

async function pullFirst(integrationId: string, trigger: string, triggeredBy: string | null): Promise<SyncSummary["pulls"][number]> {
  try {
    const s: PullSummary = await runPull(integrationId, { trigger, triggeredBy });
    return { system: s.system, status: s.status, runId: s.runId, ...(s.error ? { error: s.error } : {}) };
  } catch (error) {
    // A pull of the same system already running brings the same data: go on with what is there.
    const message = stepFailureMessage(error, "pull");
    if (error instanceof AppError && error.code === "CONFLICT") return { system: integrationId, status: "SKIPPED", error: message };
    // Pushing what a failed pull left would push stale numbers: stop, with the pull's sentence.
    throw new AppError("UNAVAILABLE", `The sync stopped before pushing: ${message}`);
  }
}

/**
 * Synchronize one Pendo or PX integration, in seed 002's order: pull what changed (Salesforce,
 * then the tool, each its own run that re-matches), then push the tool's mapped fields into
 * Salesforce as a SYNC run with a push step. Writing back to Pendo/PX is not built yet.
 */
export async function runSync(integrationId: string, opts: { trigger: string; triggeredBy?: string | null }): Promise<SyncSummary> {
  const tool = await requireIntegration(integrationId);
  if (tool.system === "SALESFORCE") throw new AppError("INVALID_INPUT", "Synchronize runs per Pendo or Gainsight PX integration.");
  const salesforce = await salesforceIntegration();
  if (!salesforce || salesforce.status !== "CONNECTED") throw new AppError("CONFLICT", "Connect Salesforce before synchronizing: the push writes into it.");
  const triggeredBy = opts.triggeredBy ?? null;
  const pulls = [await pullFirst(salesforce.id, opts.trigger, triggeredBy), await pullFirst(tool.id, opts.trigger, triggeredBy)];
  const label = SYSTEM_LABEL[tool.system];
  return withIntegrationLock(tool.id, label, async () => {
    const { run } = await openRun({ integrationId: tool.id, system: tool.system, kind: "SYNC", trigger: opts.trigger, triggeredBy });
    const step = await openStep(run.id, 0, "push.salesforce", tool.id);
    const apiCalls: Record<string, number> = {};
    try {
      const push = await withSalesforce(salesforce, async (sf) => {
        try {
          return await pushToSalesforce(sf, { id: tool.id, system: tool.system as "PENDO" | "PX" }, salesforce.id, { runId: run.id, stepId: step.id });
        } finally {
          mergeCalls(apiCalls, sf.apiCalls());
        }
      });
      const rejected = push.accounts.rejected + push.contacts.rejected + push.accounts.invalid + push.contacts.invalid;
      await closeStep(step.id, { status: "SUCCEEDED", stats: push as unknown as StepStats, apiCalls });
      const status = rejected > 0 ? "PARTIAL" : "SUCCEEDED";
      const error = rejected > 0 ? `${rejected} record(s) were refused; the run page lists each with how to fix it.` : null;
      await closeRun(run.id, status, error);
      return { integrationId: tool.id, system: tool.system as "PENDO" | "PX", pulls, runId: run.id, status, push, apiCalls, ...(error ? { error } : {}) };
    } catch (error) {
      const message = stepFailureMessage(error, "push");
      await closeStep(step.id, { status: "FAILED", stats: {}, apiCalls, error: message }).catch(() => undefined);
      await closeRun(run.id, "FAILED", message).catch(() => undefined);
      return { integrationId: tool.id, system: tool.system as "PENDO" | "PX", pulls, runId: run.id, status: "FAILED", push: null, apiCalls, error: message };
    }
  });
}

/** `cli sync --inline`: every connected tool (or one), one after the other. */
export async function syncInline(system?: "PENDO" | "PX"): Promise<SyncSummary[]> {
  const tools = (await analyticsIntegrations()).filter((t) => !system || t.system === system);
  if (tools.length === 0) throw new AppError("CONFLICT", "No Pendo or Gainsight PX integration is connected. Run: npm run -s cli -- connect-demo, or connect one in the console.");
  const out: SyncSummary[] = [];
  for (const tool of tools) out.push(await runSync(tool.id, { trigger: "cli" }));
  return out;
}
