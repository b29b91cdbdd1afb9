import { logger } from "@/lib/logger";
import type { JobPayload } from "@/lib/queue/jobs";
import { runRetry } from "@/lib/sync/retry/run-retry";
import { rethrow } from "@/workers/processors/sync";

/** A retry run: a busy lock or a transient vendor error is retried with backoff (and resumes the run). */
export async function retry({ runId }: JobPayload<"retry">) {
  try {
    const summary = await runRetry(runId);
    logger.info({ run: summary.runId, status: summary.status, resumed: summary.resumed }, "retry done");
    return summary;
  } catch (error) {
    rethrow(error);
  }
}
