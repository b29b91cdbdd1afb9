import { AppError } from "@/lib/errors";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { withMatchLock } from "@/lib/sync/locks";
import { closeRun, closeStep, openRun, openStep } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { matchAndStoreLocked, type MatchSummary } from "@/lib/sync/match/match-integration";
import { matchStepStats } from "@/lib/sync/match/match-stats";

export interface MatchRunOptions {
  trigger: string;
  triggeredBy?: string | null;
  /** The QUEUED run the page that asked for this match follows. */
  runId?: string;
}

/**
 * A run of its own that re-matches one analytics tool: after an admin saves rules, pins or
 * excludes. It takes only the tool's match lock (not the pull lock), so a pin applies while a
 * long pull of the same tool is still reading; whoever matches last matches the newest data.
 */
export async function runMatch(integrationId: string, opts: MatchRunOptions): Promise<{ runId: string; summary: MatchSummary }> {
  const integration = await requireIntegration(integrationId);
  if (integration.system === "SALESFORCE") throw new AppError("INVALID_INPUT", "Matching runs per Pendo or Gainsight PX integration, not for Salesforce.");
  return withMatchLock(integrationId, async () => {
    const { run } = await openRun({ integrationId, system: integration.system, kind: "MATCH", trigger: opts.trigger, triggeredBy: opts.triggeredBy, runId: opts.runId });
    const step = await openStep(run.id, 0, "match", integrationId);
    try {
      const summary = await matchAndStoreLocked(integrationId, { runId: run.id, stepId: step.id });
      await closeStep(step.id, { status: "SUCCEEDED", stats: matchStepStats(summary), apiCalls: {} });
      await closeRun(run.id, "SUCCEEDED");
      return { runId: run.id, summary };
    } catch (error) {
      const message = stepFailureMessage(error, `matching of ${SYSTEM_LABEL[integration.system]}`);
      await closeStep(step.id, { status: "FAILED", stats: {}, apiCalls: {}, error: message }).catch(() => undefined);
      await closeRun(run.id, "FAILED", message).catch(() => undefined);
      throw error instanceof AppError ? error : new AppError("UNAVAILABLE", message);
    }
  });
}
