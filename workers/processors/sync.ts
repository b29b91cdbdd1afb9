import { UnrecoverableError } from "bullmq";
import { VendorError } from "@/lib/connectors/errors";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";
import { runPull } from "@/lib/sync/pull/run-pull";

// Refused credentials or a bad setting will not fix themselves: stop the job, the run and the card
// say what to do. A busy lock or a transient vendor error is retried with backoff (and resumes).
export async function pull({ integrationId, trigger }: { integrationId: string; trigger: string }) {
  try {
    const summary = await runPull(integrationId, trigger);
    logger.info({ integration: integrationId, run: summary.runId, mode: summary.mode, seconds: summary.seconds, stats: summary.stats }, "pull done");
    return { runId: summary.runId, stats: summary.stats, matching: summary.matching };
  } catch (error) {
    if (error instanceof VendorError && !error.retryable) throw new UnrecoverableError(error.message);
    if (error instanceof AppError && error.code !== "CONFLICT" && error.code !== "UNAVAILABLE") throw new UnrecoverableError(error.message);
    throw error;
  }
}

export async function pullAll() {
  const rows = await db.integration.findMany({ where: { status: "CONNECTED", secrets: { not: null } }, select: { id: true } });
  for (const { id } of rows) await enqueuePull(id, "schedule");
  return { queued: rows.length };
}
