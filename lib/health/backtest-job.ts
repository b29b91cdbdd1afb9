import { Job } from "bullmq";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { compareBacktests, runBacktest, type BacktestComparison, type BacktestResult } from "@/lib/health/backtest";
import { healthModelVersion } from "@/lib/health/model-versions";
import { JOBS, type JobPayload } from "@/lib/queue/jobs";
import { enqueue, getQueue, whenRedisAnswers } from "@/lib/queue/producer";

// The console's backtest runs in the worker (computing KPI history can take minutes, longer than a
// web request should wait): POST queues a job, the page polls its status by id.
//
// Where the result lives: in the job itself, as its return value, read back with Job.fromId. BullMQ
// already keeps a finished job for the retention set here, then deletes it, so the result needs no
// table (and no migration) and no key of our own to expire; a result older than that is gone and the
// page says to run the backtest again. The return value is JSON in the job's Redis hash: for 10,000
// outcomes about 2 MB (three horizons of points of ~60 bytes, plus each outcome's name once).

/** How long a finished backtest stays readable. */
export const BACKTEST_RESULT_HOURS = 24;

export const backtestRequestSchema = z
  .object({
    version: z.number().int().min(1).max(1_000_000),
    compare: z.number().int().min(1).max(1_000_000).nullish(),
  })
  .strict();
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;

/** BullMQ's ids are numbers as text; a deduplicated request answers the waiting job's id. */
export const backtestJobIdSchema = z.string().trim().regex(/^\d{1,20}$/, { error: "Give the jobId the backtest request answered." });

export type BacktestJobResult = { version: number; compare: null; backtest: BacktestResult; comparison: null } | { version: number; compare: number; backtest: null; comparison: BacktestComparison };

export type BacktestJobStatus =
  | { jobId: string; state: "queued" | "running"; request: BacktestRequest; queuedAt: string; lastError: string | null }
  | { jobId: string; state: "done"; request: BacktestRequest; queuedAt: string; finishedAt: string; result: BacktestJobResult }
  | { jobId: string; state: "failed"; request: BacktestRequest; queuedAt: string; finishedAt: string; message: string };

/** The worker's side (workers/processors/health.ts). */
export async function runBacktestJob({ version, compare }: JobPayload<"healthBacktest">): Promise<BacktestJobResult> {
  if (compare != null) return { version, compare, backtest: null, comparison: await compareBacktests(version, compare) };
  return { version, compare: null, backtest: await runBacktest(version), comparison: null };
}

/**
 * Queues a backtest of `version` (against `compare` when given) after checking what the worker
 * would refuse, so the page hears it at once. Asked again while the same one waits or runs, the
 * queue answers that job's id instead of stacking a second.
 */
export async function enqueueBacktest(request: BacktestRequest): Promise<{ jobId: string }> {
  const { version, compare } = backtestRequestSchema.parse(request);
  if (compare != null && compare === version) throw new AppError("INVALID_INPUT", "Compare two different versions, or leave the comparison out.", { compare: "Choose another version." });
  await healthModelVersion(version);
  if (compare != null) await healthModelVersion(compare);
  if (!(await salesforceIntegration())) throw new AppError("CONFLICT", "The backtest replays scores of Salesforce accounts: connect Salesforce on the Integrations page first.");
  const keep = { age: BACKTEST_RESULT_HOURS * 3600 };
  const job = await enqueue("healthBacktest", { version, compare: compare ?? null }, { deduplication: { id: `health-backtest:${version}:${compare ?? "-"}` }, removeOnComplete: keep, removeOnFail: keep });
  if (!job.id) throw new AppError("UNAVAILABLE", "The queue did not answer a job id. Try again.");
  return { jobId: job.id };
}

const iso = (ms: number | undefined) => new Date(ms ?? Date.now()).toISOString();

/** Where a queued backtest is, and its result once done. Only backtest jobs are read. */
export async function backtestJobStatus(jobId: string): Promise<BacktestJobStatus> {
  const id = backtestJobIdSchema.parse(jobId);
  await whenRedisAnswers();
  const job = await Job.fromId(getQueue(JOBS.healthBacktest.queue), id);
  if (!job || job.name !== JOBS.healthBacktest.name) {
    throw new AppError("NOT_FOUND", `There is no backtest ${id}: results are kept ${BACKTEST_RESULT_HOURS} hours. Run the backtest again.`);
  }
  const request = backtestRequestSchema.parse(job.data);
  const base = { jobId: id, request, queuedAt: iso(job.timestamp) };
  const state = await job.getState();
  if (state === "completed") return { ...base, state: "done", finishedAt: iso(job.finishedOn), result: job.returnvalue as BacktestJobResult };
  if (state === "failed") return { ...base, state: "failed", finishedAt: iso(job.finishedOn), message: job.failedReason || "The backtest failed in the worker; see its log." };
  return { ...base, state: state === "active" ? "running" : "queued", lastError: job.failedReason || null };
}
