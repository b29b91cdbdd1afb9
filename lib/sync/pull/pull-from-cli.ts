import { QueueEvents, type Queue } from "bullmq";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { createWorkerConnection, closeRedis, describeRedis, redisDownSentence } from "@/lib/queue/connection";
import { getQueue } from "@/lib/queue/producer";
import { getSystemStatus } from "@/lib/system/status";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";
import { runPull, type PullSummary } from "@/lib/sync/pull/run-pull";

// `cli pull`: queue pulls for the worker (optionally waiting for them), or run them here with
// --inline. Salesforce goes first so the analytics tools match against fresh accounts.

const ORDER: IntegrationSystem[] = ["SALESFORCE", "PENDO", "PX"];

async function targets(system?: IntegrationSystem) {
  const rows = await db.integration.findMany({ where: { secrets: { not: null }, status: { not: "DISABLED" }, ...(system ? { system } : {}) } });
  if (rows.length === 0) throw new AppError("CONFLICT", system ? `${system.toLowerCase()} is not connected. Run: npm run cli -- connect-demo, or connect it in the console.` : "Nothing is connected yet. Run: npm run cli -- connect-demo, or connect the integrations in the console.");
  return rows.sort((a, b) => ORDER.indexOf(a.system) - ORDER.indexOf(b.system));
}

export type InlinePull = PullSummary | { integrationId: string; system: IntegrationSystem; status: "FAILED"; error: string };

/** Pulls each target here and now; one failing system does not stop the others. */
export async function pullInline(system?: IntegrationSystem): Promise<InlinePull[]> {
  const summaries: InlinePull[] = [];
  for (const integration of await targets(system)) {
    try {
      summaries.push(await runPull(integration.id, { trigger: "cli" }));
    } catch (error) {
      const message = error instanceof AppError || error instanceof VendorError ? (error instanceof VendorError ? describeVendorError(error) : error.message) : String(error);
      summaries.push({ integrationId: integration.id, system: integration.system, status: "FAILED", error: message });
    }
  }
  return summaries;
}

/** `gaveUp` says why --wait stopped before the job finished (the worker carries on either way). */
export type QueuedPull = { integrationId: string; system: IntegrationSystem; jobId: string; result?: unknown; error?: string; gaveUp?: string };

/** How long `pull --wait` waits, in all, unless --timeout says otherwise. */
export const DEFAULT_WAIT_MINUTES = 30;
// A Redis restarted without its data forgets the job: no finish event will ever come.
const VANISHED_POLL_MS = 5000;
const RUNS_HINT = "npm run -s cli -- runs";

const duration = (ms: number) => {
  if (ms < 60_000) return `${Math.round(ms / 1000)} seconds`;
  const minutes = Math.round(ms / 6000) / 10;
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
};

const TIMED_OUT = Symbol("timed out");
/** `work`, or TIMED_OUT after `ms` (the work itself is not cancelled). */
async function within<T>(ms: number, work: Promise<T>): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

type WaitOutcome = { result: unknown } | { error: string } | { gaveUp: string };

/** Waits for one job until it finishes, the deadline passes, or Redis no longer knows it. */
async function waitForJob(queue: Queue, events: QueueEvents, jobId: string, deadline: number, waitMs: number): Promise<WaitOutcome> {
  const vanished = `lost track: its job vanished from Redis at ${describeRedis()} (restarted without its data?); the worker may still finish it: see ${RUNS_HINT}`;
  const job = await queue.getJob(jobId);
  if (!job) return { gaveUp: vanished };
  const finished = job.waitUntilFinished(events).then(
    (result: unknown) => ({ result }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  let poll: NodeJS.Timeout | undefined;
  const gone = new Promise<WaitOutcome>((resolve) => {
    let misses = 0;
    poll = setInterval(() => {
      queue.getJobState(jobId).then(
        (state) => {
          // Twice in a row, so a job that finished and was removed between two reads is not mistaken.
          misses = state === "unknown" ? misses + 1 : 0;
          if (misses >= 2) resolve({ gaveUp: vanished });
        },
        () => undefined, // Redis down for a moment: keep waiting until the deadline.
      );
    }, VANISHED_POLL_MS);
  });
  try {
    const outcome = await within(Math.max(0, deadline - Date.now()), Promise.race([finished, gone]));
    if (outcome !== TIMED_OUT) return outcome;
    return { gaveUp: `not finished after ${duration(waitMs)}; stopped waiting. The worker carries on: follow it with ${RUNS_HINT}` };
  } finally {
    clearInterval(poll);
  }
}

/**
 * Queues the pulls; with `wait`, waits at most `waitMinutes` in all for them to finish. Giving up
 * leaves the pulls running in the worker.
 */
export async function pullViaWorker(system: IntegrationSystem | undefined, wait: boolean, waitMinutes = DEFAULT_WAIT_MINUTES): Promise<QueuedPull[]> {
  const rows = await targets(system);
  if (wait) {
    const status = await getSystemStatus();
    if (status.redis.status !== "up") throw new AppError("UNAVAILABLE", redisDownSentence("start it (or correct REDIS_URL), or run the pull here with --inline"));
    if (status.workers.status !== "up") throw new AppError("UNAVAILABLE", `${status.workers.message}, or run the pull here with --inline.`);
  }
  const queued: QueuedPull[] = [];
  for (const i of rows) queued.push({ integrationId: i.id, system: i.system, jobId: (await enqueuePull(i.id, "cli")).jobId });
  if (!wait) return queued;
  const waitMs = waitMinutes * 60_000;
  const deadline = Date.now() + waitMs;
  const connection = createWorkerConnection("cli-pull-events");
  const events = new QueueEvents("sync", { connection, prefix: env.QUEUE_PREFIX });
  events.on("error", () => undefined); // the connection logs outages once; the deadline bounds the wait
  try {
    // Bounded too: Redis can go down between the check above and here.
    if ((await within(Math.max(0, deadline - Date.now()), events.waitUntilReady())) === TIMED_OUT) throw new AppError("UNAVAILABLE", redisDownSentence());
    const queue = getQueue("sync");
    for (const q of queued) Object.assign(q, await waitForJob(queue, events, q.jobId, deadline, waitMs));
  } finally {
    await within(2000, events.close().catch(() => undefined));
    await closeRedis(connection);
  }
  return queued;
}
