import type { Integration, SyncStep } from "@/lib/generated/prisma/client";
import { runKpiStep } from "@/lib/kpis/run-kpi-step";
import { closeCancelledStep, RunCancelled } from "@/lib/sync/cancel";
import { closeStep, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { runUsageStep } from "@/lib/usage/run-usage-step";

// A tool's usage and KPI steps as a run carries them out: run, then close the step with its counts
// and, on failure, a sentence and the checkpoint to resume from. Shared by Synchronize and the
// scheduled usage refresh, so both record the same step the same way.

export interface ClosedStep {
  /** What the step adds to its run's outcome; null when it did nothing to count (KPIs before any usage). */
  outcome: "SUCCEEDED" | "FAILED" | null;
  /** Why it failed, in a sentence that does not name the tool. */
  error: string | null;
  /** The step's API calls, those of an earlier attempt included. */
  apiCalls: Record<string, number>;
}

/** The tool's daily usage rollups brought up to its yesterday (the KPIs read them). */
export async function runToolUsageStep(runId: string, tool: Integration, step: SyncStep): Promise<ClosedStep> {
  const stats = (step.stats ?? {}) as StepStats;
  const apiCalls: Record<string, number> = { ...((step.apiCalls ?? {}) as Record<string, number>) };
  try {
    await runUsageStep(tool, { runId, stepId: step.id, stats, checkpoint: (step.checkpoint ?? {}) as StepCheckpoint, apiCalls });
    await closeStep(step.id, { status: "SUCCEEDED", stats, apiCalls });
    return { outcome: "SUCCEEDED", error: null, apiCalls };
  } catch (error) {
    if (error instanceof RunCancelled) {
      await closeCancelledStep(step.id, error, stats, apiCalls);
      throw error;
    }
    const message = stepFailureMessage(error, "usage ingestion");
    await closeStep(step.id, { status: "FAILED", stats, apiCalls, error: message, keepCheckpoint: true }).catch(() => undefined);
    return { outcome: "FAILED", error: message, apiCalls };
  }
}

/** The tool's KPI snapshot as of its last ingested day (per analytics and linked Salesforce account). */
export async function runToolKpiStep(runId: string, tool: Integration, step: SyncStep): Promise<ClosedStep> {
  const stats = (step.stats ?? {}) as StepStats;
  try {
    const result = await runKpiStep(tool, { runId, stepId: step.id, stats, checkpoint: (step.checkpoint ?? {}) as StepCheckpoint });
    await closeStep(step.id, { status: result.skipped ? "SKIPPED" : "SUCCEEDED", stats, apiCalls: {}, error: result.skipped });
    return { outcome: result.skipped ? null : "SUCCEEDED", error: null, apiCalls: {} };
  } catch (error) {
    const message = stepFailureMessage(error, "KPI computation");
    await closeStep(step.id, { status: "FAILED", stats, apiCalls: {}, error: message, keepCheckpoint: true }).catch(() => undefined);
    return { outcome: "FAILED", error: message, apiCalls: {} };
  }
}
