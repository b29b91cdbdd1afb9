import type { Integration } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { analyticsIntegrations, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { withIntegrationLock } from "@/lib/sync/locks";
import { closeRun, openRun, openStep, runOutcome } from "@/lib/sync/runs";
import { clearCancel, RunCancelled } from "@/lib/sync/cancel";
import type { PullStats } from "@/lib/sync/stats";
import { stepFailureMessage } from "@/lib/sync/step-error";
import type { MatchSummary } from "@/lib/sync/match/match-integration";
import { runMatchSteps } from "@/lib/sync/match/match-steps";
import { pullChangedAnything, runPullStep } from "@/lib/sync/pull/pull-step";

export interface PullSummary {
  runId: string;
  integrationId: string;
  system: Integration["system"];
  mode: string;
  status: "SUCCEEDED" | "PARTIAL" | "FAILED";
  resumed: boolean;
  stats: PullStats;
  apiCalls: Record<string, number>;
  matching: MatchSummary[];
  seconds: number;
  /** Of `seconds`, the time spent matching after the pull. */
  matchSeconds: number;
  error?: string;
}

export interface PullOptions {
  trigger: string;
  triggeredBy?: string | null;
}

/** Matching reads Salesforce and one analytics tool: a Salesforce pull re-matches every tool. */
export async function matchTargets(integration: Integration): Promise<string[]> {
  return integration.system === "SALESFORCE" ? (await analyticsIntegrations()).map((i) => i.id) : [integration.id];
}

export function requireConnected(integration: Integration) {
  const label = SYSTEM_LABEL[integration.system];
  if (!integration.secrets || integration.status === "DISABLED") throw new AppError("CONFLICT", `${label} is not connected. Connect it on the Integrations page first.`);
  if (integration.status === "RECONNECT_NEEDED") throw new AppError("CONFLICT", `${label} needs reconnecting before it can be pulled. Use Reconnect on its card.`);
}

/**
 * Pulls one integration into the hub, then matches (a run with a pull step and one match step per
 * analytics tool it concerns). A run left RUNNING by a killed process is resumed, not restarted:
 * finished steps are skipped and the pull continues from its committed position. A failed match of
 * one tool does not stop the others; the run ends PARTIAL.
 */
export async function runPull(integrationId: string, opts: PullOptions): Promise<PullSummary> {
  const integration = await requireIntegration(integrationId);
  requireConnected(integration);
  const label = SYSTEM_LABEL[integration.system];
  return withIntegrationLock(integrationId, label, async () => {
    const started = Date.now();
    const { run, resumed } = await openRun({ integrationId, system: integration.system, kind: "PULL", trigger: opts.trigger, triggeredBy: opts.triggeredBy });
    const step = await openStep(run.id, 0, "pull", integrationId);
    const { stats, apiCalls, mode } = await runPullStep(integration, run.id, step).catch(async (error: unknown) => {
      if (error instanceof RunCancelled) {
        // Every page before the cancel is committed with its cursor: the next pull continues from there.
        await closeRun(run.id, "CANCELLED", `${error.message} The pull stopped after its last committed page; the next pull continues from there.`).catch(() => undefined);
        await clearCancel(run.id);
      } else await closeRun(run.id, "FAILED", stepFailureMessage(error, "pull")).catch(() => undefined);
      throw error;
    });
    const matchStarted = Date.now();
    const { matching, outcomes, errors } = await runMatchSteps(run, 1, await matchTargets(integration), pullChangedAnything(stats));
    const status = runOutcome(["SUCCEEDED", ...outcomes]) as PullSummary["status"];
    await closeRun(run.id, status, errors[0] ?? null);
    return {
      runId: run.id,
      integrationId,
      system: integration.system,
      mode,
      status,
      resumed,
      stats: stats as PullStats,
      apiCalls,
      matching,
      seconds: (Date.now() - started) / 1000,
      matchSeconds: (Date.now() - matchStarted) / 1000,
      ...(errors[0] ? { error: errors[0] } : {}),
    };
  });
}
