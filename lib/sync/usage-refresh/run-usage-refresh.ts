import type { Integration, StepStatus } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { withIntegrationLocks } from "@/lib/sync/locks";
import { closeRun, mergeCalls, openRun, openStep, runOutcome } from "@/lib/sync/runs";
import { planSteps, skipRemainingSteps } from "@/lib/sync/synchronize/plan-steps";
import { clearCancel, RunCancelled, stopIfCancelled } from "@/lib/sync/cancel";
import type { SyncStepSpec } from "@/lib/sync/synchronize/sync-plan";
import { runHealthStep } from "@/lib/sync/synchronize/health-step";
import { runToolKpiStep, runToolUsageStep, type ClosedStep } from "@/lib/sync/synchronize/tool-steps";

// Between Synchronizes, a tool's usage rollups and KPI snapshot are brought up to date on a
// schedule of their own (issue 12): a run of kind USAGE with the tool's usage and KPI steps, the
// very steps a Synchronize runs for it, under the tool's run lock so it never overlaps a pull or a
// Synchronize of that tool. Account health is scored again after the KPIs (issue 13: "daily on
// schedule"), since it reads them; the scoring writes only the hub's own tables.

export type UsageRefreshResult =
  | { runId: string; status: "SUCCEEDED" | "PARTIAL" | "FAILED" | "CANCELLED"; resumed: boolean; apiCalls: Record<string, number>; error?: string }
  | { skipped: string };

const STEP_LABEL = { usage: "usage", kpis: "KPIs" } as const;

/** A cancel stopped the refresh after a committed batch of days: the rest is SKIPPED, the run CANCELLED. */
async function cancelled(runId: string, error: RunCancelled, resumed: boolean, apiCalls: Record<string, number>): Promise<UsageRefreshResult> {
  const message = `${error.message} The refresh stopped after its last committed batch of days; the next one continues from there.`;
  await skipRemainingSteps(runId, `Not run: ${error.message}`);
  await closeRun(runId, "CANCELLED", message);
  await clearCancel(runId);
  return { runId, status: "CANCELLED", resumed, apiCalls, error: message };
}

async function refresh(tool: Integration, trigger: string): Promise<UsageRefreshResult> {
  // A run a killed worker left RUNNING is resumed: its finished step is skipped, ingestion
  // continues after its last committed batch of days.
  const { run, resumed } = await openRun({ integrationId: tool.id, system: tool.system, kind: "USAGE", trigger });
  const salesforce = await salesforceIntegration();
  const specs: SyncStepSpec[] = [
    { name: "usage", integrationId: tool.id },
    { name: "kpis", integrationId: tool.id },
    ...(salesforce ? [{ name: "health" as const, integrationId: salesforce.id }] : []),
  ];
  await planSteps(run.id, specs);
  const outcomes: StepStatus[] = [];
  const errors: string[] = [];
  const apiCalls: Record<string, number> = {};
  for (const [position, spec] of specs.entries()) {
    try {
      await stopIfCancelled(run.id);
    } catch (error) {
      if (!(error instanceof RunCancelled)) throw error;
      return cancelled(run.id, error, resumed, apiCalls);
    }
    const step = await openStep(run.id, position, spec.name, spec.integrationId);
    if (step.status === "SUCCEEDED" || step.status === "SKIPPED") continue;
    // As in a Synchronize, KPIs follow a failed ingestion: they are computed as of the last day ingested.
    let closed: ClosedStep;
    if (spec.name === "usage") {
      try {
        closed = await runToolUsageStep(run.id, tool, step);
      } catch (error) {
        if (!(error instanceof RunCancelled)) throw error;
        return cancelled(run.id, error, resumed, apiCalls);
      }
    }
    else if (spec.name === "kpis") closed = await runToolKpiStep(run.id, tool, step);
    else closed = await runHealthStep(step);
    mergeCalls(apiCalls, closed.apiCalls);
    if (closed.outcome) outcomes.push(closed.outcome);
    if (closed.error) errors.push(`${spec.name === "health" ? "Account health" : `${SYSTEM_LABEL[tool.system]} ${STEP_LABEL[spec.name as "usage" | "kpis"]}`}: ${closed.error}`);
  }
  const status = runOutcome(outcomes.length ? outcomes : ["SUCCEEDED"]) as "SUCCEEDED" | "PARTIAL" | "FAILED";
  await closeRun(run.id, status, errors[0] ?? null);
  return { runId: run.id, status, resumed, apiCalls, ...(errors[0] ? { error: errors[0] } : {}) };
}

/**
 * One usage refresh of a Pendo or PX integration. Skipped, saying why, when the tool was
 * disconnected since it was queued, or when a pull or Synchronize of it holds its lock: a
 * Synchronize brings usage and KPIs up to date itself, and the next refresh is one interval away.
 */
export async function runUsageRefresh(integrationId: string, opts: { trigger: string }): Promise<UsageRefreshResult> {
  const tool = await db.integration.findUnique({ where: { id: integrationId } });
  if (!tool) return { skipped: "The integration no longer exists." };
  if (tool.system !== "PENDO" && tool.system !== "PX") throw new AppError("BAD_REQUEST", "Usage is refreshed for Pendo or Gainsight PX only.");
  const label = SYSTEM_LABEL[tool.system];
  if (!tool.secrets || tool.status === "DISABLED" || tool.status === "RECONNECT_NEEDED") return { skipped: `${label} is not connected; its card says what to do.` };
  let locked = false;
  try {
    return await withIntegrationLocks([{ id: tool.id, label }], () => {
      locked = true;
      return refresh(tool, opts.trigger);
    });
  } catch (error) {
    if (!locked && error instanceof AppError && error.code === "CONFLICT") return { skipped: error.message };
    throw error;
  }
}
