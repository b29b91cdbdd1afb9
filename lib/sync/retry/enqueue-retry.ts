import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { enqueue } from "@/lib/queue/producer";
import { LIVE_STATUSES } from "@/lib/sync/history/params";
import { recordKey, retryScopeSchema, type RetryScope, type ScopedRecord } from "@/lib/sync/retry/record-scope";

const STALE_QUEUED_MS = 15 * 60_000;

export interface QueuedRetry {
  runId: string;
  /** False when the same retry was already queued or running: this is that one. */
  started: boolean;
}

/** The same records in any order are the same retry. */
const scopeKey = (records: readonly ScopedRecord[]) => records.map(recordKey).sort().join("\n");

function sameScope(stored: unknown, records: readonly ScopedRecord[]): boolean {
  const parsed = retryScopeSchema.safeParse(stored);
  return parsed.success && scopeKey(parsed.data.records) === scopeKey(records);
}

/**
 * Records a retry run (kind RETRY, trigger "retry", QUEUED) of `records` and queues its job. The
 * run belongs to the one tool whose writes it retries, or to Salesforce when it spans tools (as
 * "Synchronize all" does). Asking twice for the same records while the first is queued or running
 * gets that run back. The actor is the admin (null from the command line). `since` is kept for "retry all failed since" (no single run is retried).
 */
export async function enqueueRetry(input: { records: readonly ScopedRecord[]; retryOfRunId: string | null; since?: Date; actor: Actor | null; ip?: string | null }): Promise<QueuedRetry> {
  const scope: RetryScope = retryScopeSchema.parse({ records: input.records, ...(input.since ? { since: input.since.toISOString() } : {}) });
  const salesforce = await salesforceIntegration();
  if (!salesforce || salesforce.status !== "CONNECTED") throw new AppError("CONFLICT", "Connect Salesforce before retrying: every retry writes into it or reads from it.");
  const toolIds = [...new Set(scope.records.map((r) => r.integrationId))];
  const owner = toolIds.length === 1 ? await db.integration.findUnique({ where: { id: toolIds[0]! } }) : salesforce;
  if (!owner) throw new AppError("CONFLICT", "The integration whose writes failed has been removed: there is nothing to retry them with.");

  const { run, started } = await db.$transaction(async (tx) => {
    // Checked and recorded under a lock, so two clicks at the same moment make one run, not two.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`enqueue-retry:${owner.id}`}))`;
    const live = await tx.syncRun.findMany({ where: { integrationId: owner.id, kind: "RETRY", status: { in: [...LIVE_STATUSES] }, retryOfRunId: input.retryOfRunId }, orderBy: { startedAt: "desc" } });
    const same = live.find((r) => sameScope(r.scope, scope.records));
    if (same && !(same.status === "QUEUED" && Date.now() - same.startedAt.getTime() > STALE_QUEUED_MS)) return { run: same, started: false };
    // A queued retry no worker took in all that time lost its job (Redis restarted without its data).
    if (same) await tx.syncRun.update({ where: { id: same.id }, data: { status: "CANCELLED", error: "No worker picked this retry up; it was queued again.", finishedAt: new Date() } });
    const queued = await tx.syncRun.create({
      data: { integrationId: owner.id, system: owner.system, kind: "RETRY", trigger: "retry", triggeredBy: input.actor?.email ?? null, status: "QUEUED", retryOfRunId: input.retryOfRunId, scope: scope as unknown as Prisma.InputJsonObject },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "run.retry",
      targetType: "SyncRun",
      targetId: queued.id,
      after: { retryOfRunId: input.retryOfRunId, since: scope.since ?? null, records: scope.records.length },
      ip: input.ip ?? null,
    });
    return { run: queued, started: true };
  });
  if (!started) return { runId: run.id, started: false };
  try {
    // Named after its run: queueing is idempotent, and a job left from an earlier run never stands in for this one.
    await enqueue("retry", { runId: run.id }, { jobId: `retry-${run.id}`, attempts: 3 });
  } catch (error) {
    await db.syncRun.update({ where: { id: run.id }, data: { status: "CANCELLED", error: "The queue (Redis) did not answer; nothing was started.", finishedAt: new Date() } });
    throw error;
  }
  return { runId: run.id, started: true };
}
