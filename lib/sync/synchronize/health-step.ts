import type { SyncStep } from "@/lib/generated/prisma/client";
import { scoreHealth } from "@/lib/health/score-health";
import { closeStep, type StepStats } from "@/lib/sync/runs";
import { RunCancelled } from "@/lib/sync/cancel";
import { stepFailureMessage } from "@/lib/sync/step-error";
import type { ClosedStep } from "@/lib/sync/synchronize/tool-steps";

// The "health" step of a run, after every tool's KPIs and before the pushes (which send the score):
// every Salesforce account scored with the active model as of the newest KPI day. Scoring a day
// again overwrites it with the same rows, so a resumed run simply scores it again.

export async function runHealthStep(step: SyncStep): Promise<ClosedStep> {
  const stats = (step.stats ?? {}) as StepStats;
  try {
    const { scored, unscored, red, yellow, green, modelVersion } = await scoreHealth();
    stats.health = { scored, unscored, red, yellow, green, modelVersion };
    await closeStep(step.id, { status: "SUCCEEDED", stats, apiCalls: {} });
    return { outcome: "SUCCEEDED", error: null, apiCalls: {} };
  } catch (error) {
    if (error instanceof RunCancelled) throw error;
    const message = stepFailureMessage(error, "health scoring");
    await closeStep(step.id, { status: "FAILED", stats, apiCalls: {}, error: message }).catch(() => undefined);
    return { outcome: "FAILED", error: message, apiCalls: {} };
  }
}
