import type { Integration, StepStatus } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { VendorError } from "@/lib/connectors/errors";
import { analyticsIntegrations, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { analyticsSourceFor } from "@/lib/integrations/analytics-source";
import { refreshSalesforceDescribe } from "@/lib/integrations/describe-cache";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { withIntegrationLock } from "@/lib/sync/locks";
import { closeRun, closeStep, mergeCalls, openRun, openStep, runOutcome, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import type { PullStats } from "@/lib/sync/stats";
import { runMatchStep, type MatchSummary } from "@/lib/sync/match/match-integration";
import { matchStepStats } from "@/lib/sync/match/match-stats";
import { pullAnalytics } from "@/lib/sync/pull/pull-analytics";
import { pullSalesforce } from "@/lib/sync/pull/salesforce-pull";
import type { PullStepContext } from "@/lib/sync/pull/step-context";

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

async function ensureDescribes(integration: Integration) {
  const s = await salesforcePullSettings(integration.id);
  const objects = [s.accountObject, s.contactObject];
  const cached = await db.salesforceDescribe.count({ where: { integrationId: integration.id, objectName: { in: objects } } });
  if (cached < objects.length) await refreshSalesforceDescribe(integration.id, objects);
}

/** Runs the pull step with the integration's connector, built once from the row loaded once. */
async function pullStep(integration: Integration, ctx: PullStepContext, calls: Record<string, number>): Promise<string> {
  if (integration.system === "SALESFORCE") {
    await ensureDescribes(integration);
    return withSalesforce(integration, async (sf) => {
      try {
        return await pullSalesforce(sf, ctx);
      } finally {
        mergeCalls(calls, sf.apiCalls());
      }
    });
  }
  const source = analyticsSourceFor(integration);
  try {
    return await pullAnalytics(source, ctx);
  } finally {
    mergeCalls(calls, source.apiCalls());
  }
}

/** Whether the pull wrote anything matching reads: new, changed, removed, deleted or merged records. */
function pullChangedAnything(stats: StepStats): boolean {
  return Object.values(stats).some((o) => (o.created ?? 0) + (o.updated ?? 0) + (o.removed ?? 0) + (o.deleted ?? 0) + (o.merged ?? 0) > 0);
}

/**
 * Matching reads Salesforce, one tool, its rules and its overrides; each of those changes enqueues
 * or runs a match of its own. So when a pull changed nothing and the tool's newest match (other
 * than this step) succeeded, re-matching would recompute the same links: skip it.
 */
async function lastMatchSucceeded(target: string, exceptStepId: string): Promise<boolean> {
  const last = await db.syncStep.findFirst({ where: { name: "match", integrationId: target, id: { not: exceptStepId }, status: { not: "SKIPPED" } }, orderBy: { startedAt: "desc" }, select: { status: true } });
  return last?.status === "SUCCEEDED";
}

/** Matching reads Salesforce and one analytics tool: a Salesforce pull re-matches every tool. */
async function matchTargets(integration: Integration): Promise<string[]> {
  return integration.system === "SALESFORCE" ? (await analyticsIntegrations()).map((i) => i.id) : [integration.id];
}

function requireConnected(integration: Integration) {
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
    const stats = (step.stats ?? {}) as StepStats;
    const apiCalls = { ...((step.apiCalls ?? {}) as Record<string, number>) };
    let mode = step.mode ?? "";
    if (step.status !== "SUCCEEDED") {
      const ctx: PullStepContext = { integrationId, runId: run.id, stepId: step.id, stats, checkpoint: (step.checkpoint ?? {}) as StepCheckpoint };
      try {
        mode = await pullStep(integration, ctx, apiCalls);
        await closeStep(step.id, { status: "SUCCEEDED", stats, apiCalls, mode });
      } catch (error) {
        const message = stepFailureMessage(error, "pull");
        logger.warn({ integration: integrationId, run: run.id, err: error instanceof Error ? error.message : String(error) }, "pull failed");
        await closeStep(step.id, { status: "FAILED", stats, apiCalls, error: message, keepCheckpoint: true }).catch(() => undefined);
        await closeRun(run.id, "FAILED", message).catch(() => undefined);
        throw error instanceof AppError || error instanceof VendorError ? error : new AppError("UNAVAILABLE", message);
      }
    }

    const matchStarted = Date.now();
    const matching: MatchSummary[] = [];
    const outcomes: StepStatus[] = ["SUCCEEDED"];
    const errors: string[] = [];
    const targets = await matchTargets(integration);
    const changed = pullChangedAnything(stats);
    for (const [i, target] of targets.entries()) {
      const matchStep = await openStep(run.id, i + 1, "match", target);
      if (matchStep.status === "SUCCEEDED" || matchStep.status === "SKIPPED") continue;
      if (!changed && (await lastMatchSucceeded(target, matchStep.id))) {
        await closeStep(matchStep.id, { status: "SKIPPED", stats: {}, apiCalls: {} });
        continue;
      }
      try {
        const summary = await runMatchStep(target, { runId: run.id, stepId: matchStep.id });
        matching.push(summary);
        await closeStep(matchStep.id, { status: "SUCCEEDED", stats: matchStepStats(summary), apiCalls: {} });
        outcomes.push("SUCCEEDED");
      } catch (error) {
        const message = stepFailureMessage(error, "matching");
        errors.push(message);
        outcomes.push("FAILED");
        await closeStep(matchStep.id, { status: "FAILED", stats: {}, apiCalls: {}, error: message });
      }
    }
    const status = runOutcome(outcomes) as PullSummary["status"];
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
