import type { StepStatus, SyncRun } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { closeStep, openStep } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { runMatchStep, type MatchSummary } from "@/lib/sync/match/match-integration";
import { matchStepStats } from "@/lib/sync/match/match-stats";

export interface MatchStepsResult {
  matching: MatchSummary[];
  outcomes: StepStatus[];
  errors: string[];
}

/**
 * Matching reads Salesforce, one tool, its rules and its overrides; each of those changes enqueues
 * or runs a match of its own. So when the pulls changed nothing and the tool's newest match (other
 * than this step) succeeded, re-matching would recompute the same links: skip it.
 */
async function lastMatchSucceeded(target: string, exceptStepId: string): Promise<boolean> {
  const last = await db.syncStep.findFirst({ where: { name: "match", integrationId: target, id: { not: exceptStepId }, status: { not: "SKIPPED" } }, orderBy: { startedAt: "desc" }, select: { status: true } });
  return last?.status === "SUCCEEDED";
}

/**
 * One match step per analytics tool, from `firstPosition` on. A step a resumed run already finished
 * is left as it is; a failed match of one tool does not stop the others.
 */
export async function runMatchSteps(run: Pick<SyncRun, "id">, firstPosition: number, targets: readonly string[], changed: boolean): Promise<MatchStepsResult> {
  const result: MatchStepsResult = { matching: [], outcomes: [], errors: [] };
  for (const [i, target] of targets.entries()) {
    const step = await openStep(run.id, firstPosition + i, "match", target);
    if (step.status === "SUCCEEDED" || step.status === "SKIPPED") continue;
    if (!changed && (await lastMatchSucceeded(target, step.id))) {
      await closeStep(step.id, { status: "SKIPPED", stats: {}, apiCalls: {} });
      continue;
    }
    try {
      const summary = await runMatchStep(target, { runId: run.id, stepId: step.id });
      result.matching.push(summary);
      await closeStep(step.id, { status: "SUCCEEDED", stats: matchStepStats(summary), apiCalls: {} });
      result.outcomes.push("SUCCEEDED");
    } catch (error) {
      const message = stepFailureMessage(error, "matching");
      result.errors.push(message);
      result.outcomes.push("FAILED");
      await closeStep(step.id, { status: "FAILED", stats: {}, apiCalls: {}, error: message });
    }
  }
  return result;
}
