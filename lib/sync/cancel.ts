import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { producerRedis, whenRedisAnswers } from "@/lib/queue/producer";
import { closeStep, type StepStats } from "@/lib/sync/runs";

// Cancel (issue 11): an admin asks a running run to stop; the run stops at its next batch boundary
// (a committed page, chunk or batch of days, or between steps), so everything it wrote is whole and
// recorded, and nothing half-written is left. The request is a Redis flag every worker can see,
// kept a day; a queued run that no worker has started is cancelled at once.

export class RunCancelled extends Error {
  constructor(readonly by: string) {
    super(`Cancelled by ${by}.`);
    this.name = "RunCancelled";
  }
}

const key = (runId: string) => `${env.QUEUE_PREFIX}:run-cancel:${runId}`;
const FLAG_SECONDS = 24 * 3600;
/** A run asks Redis at most this often; a boundary in between reuses the last answer. */
const CHECK_EVERY_MS = 1000;
const lastAnswer = new Map<string, { at: number; by: string | null }>();

export async function requestCancel(runId: string, actor: Actor): Promise<{ status: "CANCELLED" | "CANCELLING" }> {
  const run = await db.syncRun.findUnique({ where: { id: runId }, select: { id: true, status: true } });
  if (!run) throw new AppError("NOT_FOUND", "There is no such run; it may have been cleaned up. Open Sync history for the runs there are.");
  if (run.status !== "QUEUED" && run.status !== "RUNNING") throw new AppError("CONFLICT", "This run has already finished; there is nothing to cancel.");
  if (run.status === "QUEUED") {
    // Not started: its job finds it finished and does nothing (runSynchronize checks the status).
    const updated = await db.$transaction(async (tx) => {
      const { count } = await tx.syncRun.updateMany({ where: { id: runId, status: "QUEUED" }, data: { status: "CANCELLED", error: `Cancelled by ${actor.email} before it started.`, finishedAt: new Date() } });
      if (count === 1) await recordAudit(tx, { actor, action: "run.cancel", targetType: "SyncRun", targetId: runId, after: { status: "CANCELLED" } });
      return count;
    });
    if (updated === 1) return { status: "CANCELLED" };
  }
  await whenRedisAnswers();
  await producerRedis().set(key(runId), actor.email, "EX", FLAG_SECONDS);
  // This process knows at once (a run in this process, e.g. `cli sync --inline`, need not wait for its next read).
  lastAnswer.set(runId, { at: Date.now(), by: actor.email });
  await db.$transaction((tx) => recordAudit(tx, { actor, action: "run.cancel", targetType: "SyncRun", targetId: runId, after: { status: "CANCELLING" } }));
  return { status: "CANCELLING" };
}

/** Who asked this run to stop, or null; asks Redis at most once a second per run. */
export async function cancelRequestedBy(runId: string): Promise<string | null> {
  const cached = lastAnswer.get(runId);
  if (cached && Date.now() - cached.at < CHECK_EVERY_MS) return cached.by;
  let by: string | null = null;
  try {
    by = await producerRedis().get(key(runId));
  } catch {
    // Without Redis no one can have asked: carry on rather than fail the run.
  }
  lastAnswer.set(runId, { at: Date.now(), by });
  return by;
}

/** Called at each batch boundary: throws RunCancelled once someone has asked the run to stop. */
export async function stopIfCancelled(runId: string): Promise<void> {
  const by = await cancelRequestedBy(runId);
  if (by) throw new RunCancelled(by);
}

/** Forgets the flag once the run has stopped (it is kept a day otherwise). */
export async function clearCancel(runId: string): Promise<void> {
  lastAnswer.delete(runId);
  await producerRedis()
    .del(key(runId))
    .catch(() => undefined);
}

/** Closes the step a cancel stopped: SKIPPED, saying where it stopped; its committed work stays. */
export async function closeCancelledStep(stepId: string, error: RunCancelled, stats: StepStats, apiCalls: Record<string, number>): Promise<void> {
  await closeStep(stepId, { status: "SKIPPED", stats, apiCalls, error: `${error.message} Stopped after its last committed batch; what it wrote before is kept.` }).catch(() => undefined);
}
