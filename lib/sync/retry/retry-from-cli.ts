import { AppError } from "@/lib/errors";
import { redisDownSentence } from "@/lib/queue/connection";
import { getSystemStatus } from "@/lib/system/status";
import { getRunDetail, type RunDetail } from "@/lib/sync/history/run-detail";
import { LIVE_STATUSES } from "@/lib/sync/history/params";
import { enqueueRetry } from "@/lib/sync/retry/enqueue-retry";
import { failedRecordsOfRun } from "@/lib/sync/retry/select-records";

// `cli retry RUN_ID [--record ID]… [--wait]`: queue a retry of a run's failed writes (every one, or
// the records named by id) for the worker, and with --wait follow the retry's run until it ends.

const POLL_MS = 1000;

export interface CliRetryResult {
  runId: string;
  started: boolean;
  records: number;
  run?: RunDetail;
  gaveUp?: string;
}

export async function retryViaWorker(retriedRunId: string, recordIds: readonly string[], wait: boolean, waitMinutes: number): Promise<CliRetryResult> {
  if (wait) {
    const status = await getSystemStatus();
    if (status.redis.status !== "up") throw new AppError("UNAVAILABLE", redisDownSentence("start it (or correct REDIS_URL)"));
    if (status.workers.status !== "up") throw new AppError("UNAVAILABLE", `${status.workers.message}, then retry again (or drop --wait: the retry waits in the queue).`);
  }
  let records = await failedRecordsOfRun(retriedRunId, "all");
  if (recordIds.length > 0) {
    const missing = recordIds.filter((id) => !records.some((r) => r.recordId === id));
    if (missing.length > 0) throw new AppError("CONFLICT", `Record ${missing[0]} has no failed write in run ${retriedRunId}. List the run's failed records with: npm run -s cli -- runs show ${retriedRunId} --failed`);
    records = records.filter((r) => recordIds.includes(r.recordId));
  }
  const { runId, started } = await enqueueRetry({ records, retryOfRunId: retriedRunId, actor: null, ip: "cli" });
  if (!wait) return { runId, started, records: records.length };
  const deadline = Date.now() + waitMinutes * 60_000;
  for (;;) {
    const run = await getRunDetail(runId);
    if (!run) throw new AppError("NOT_FOUND", `Run ${runId} disappeared from the database.`);
    if (!LIVE_STATUSES.includes(run.status)) return { runId, started, records: records.length, run };
    if (Date.now() >= deadline) return { runId, started, records: records.length, run, gaveUp: `not finished after ${waitMinutes} minute(s); stopped waiting. The worker carries on: follow it with npm run -s cli -- runs show ${runId}` };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
