import type { Actor } from "@/lib/audit/record-audit";
import { enqueueRetry, type QueuedRetry } from "@/lib/sync/retry/enqueue-retry";
import { failedRecordsOfRun } from "@/lib/sync/retry/select-records";
import type { ScopedRecord } from "@/lib/sync/retry/record-scope";

/** "Retry" on a run's page: one record, the selected ones, or every failed write of the run, as a run of its own. */
export async function retryRun(runId: string, wanted: "all" | readonly Pick<ScopedRecord, "system" | "object" | "recordId">[], actor: Actor, ip?: string | null): Promise<QueuedRetry> {
  const records = await failedRecordsOfRun(runId, wanted);
  return enqueueRetry({ records, retryOfRunId: runId, actor, ip });
}
