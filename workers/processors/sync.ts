import { RunCancelled } from "@/lib/sync/cancel";
import { UnrecoverableError } from "bullmq";
import { VendorError } from "@/lib/connectors/errors";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import type { JobPayload } from "@/lib/queue/jobs";
import { runPull } from "@/lib/sync/pull/run-pull";
import { runMatch } from "@/lib/sync/match/run-match";
import { runSync } from "@/lib/sync/push/run-sync";
import { analyticsIntegrations } from "@/lib/hub/integrations";
import { enqueueUsageRefresh } from "@/lib/sync/usage-refresh/enqueue-usage-refresh";
import { runUsageRefresh } from "@/lib/sync/usage-refresh/run-usage-refresh";

// Refused credentials or a bad setting will not fix themselves: stop the job; the run and the card
// say what to do. A busy lock or a transient vendor error is retried with backoff (and resumes).
export function rethrow(error: unknown): never {
  // A cancelled run is closed CANCELLED; trying the job again would start the run nobody wants.
  if (error instanceof RunCancelled) throw new UnrecoverableError(error.message);
  if (error instanceof VendorError && !error.retryable) throw new UnrecoverableError(error.message);
  if (error instanceof AppError && error.code !== "CONFLICT" && error.code !== "UNAVAILABLE") throw new UnrecoverableError(error.message);
  throw error;
}

export async function pull({ integrationId, trigger, triggeredBy }: JobPayload<"pull">) {
  try {
    const summary = await runPull(integrationId, { trigger, triggeredBy });
    logger.info({ integration: integrationId, run: summary.runId, mode: summary.mode, seconds: summary.seconds, stats: summary.stats }, "pull done");
    return { runId: summary.runId, status: summary.status, stats: summary.stats, matching: summary.matching };
  } catch (error) {
    rethrow(error);
  }
}

export async function match({ integrationId, runId, trigger }: JobPayload<"match">) {
  try {
    const run = await db.syncRun.findUnique({ where: { id: runId }, select: { triggeredBy: true } });
    const result = await runMatch(integrationId, { trigger, runId, triggeredBy: run?.triggeredBy ?? null });
    return { runId: result.runId, summary: result.summary };
  } catch (error) {
    rethrow(error);
  }
}

export async function synchronize({ integrationId, trigger, triggeredBy, runId }: JobPayload<"synchronize">) {
  try {
    const summary = await runSync(integrationId, { trigger, triggeredBy, runId });
    logger.info({ integration: integrationId, run: summary.runId, status: summary.status }, "sync done");
    return { runId: summary.runId, status: summary.status, push: summary.push };
  } catch (error) {
    rethrow(error);
  }
}

export async function usageRefresh({ integrationId }: JobPayload<"usageRefresh">) {
  try {
    const result = await runUsageRefresh(integrationId, { trigger: "schedule" });
    if ("skipped" in result) logger.info({ integration: integrationId, reason: result.skipped }, "usage refresh skipped");
    else logger.info({ integration: integrationId, run: result.runId, status: result.status }, "usage refresh done");
    return result;
  } catch (error) {
    rethrow(error);
  }
}

/** Between Synchronizes: each connected tool's usage and KPIs, one deduplicated job per tool. */
export async function usageRefreshAll() {
  const tools = (await analyticsIntegrations()).filter((t) => t.status === "CONNECTED");
  for (const { id } of tools) await enqueueUsageRefresh(id);
  return { queued: tools.length };
}
