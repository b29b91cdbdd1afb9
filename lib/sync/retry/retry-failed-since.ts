import type { Actor } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { enqueueRetry, type QueuedRetry } from "@/lib/sync/retry/enqueue-retry";
import { failedRecordsSince } from "@/lib/sync/retry/select-records";

/**
 * "Retry all failed since": every write refused in a run started since `since` whose newest result is
 * still a failure, as one retry run. It names the retried run when they all come from one.
 */
export async function retryFailedSince(since: Date, integrationId: string | null, actor: Actor, ip?: string | null): Promise<QueuedRetry & { records: number }> {
  const { records, runIds } = await failedRecordsSince(since, integrationId);
  if (records.length === 0) throw new AppError("CONFLICT", `No write has failed since ${since.toISOString().slice(0, 10)} that is still failing: there is nothing to retry.`);
  const queued = await enqueueRetry({ records, retryOfRunId: runIds.length === 1 ? runIds[0]! : null, since, actor, ip });
  return { ...queued, records: records.length };
}
