import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { FAILURE_OUTCOMES } from "@/lib/sync/history/outcomes";
import { latestFailures, pickFailed, type PushResultRow } from "@/lib/sync/retry/latest-failures";
import { MAX_RETRY_RECORDS, type ScopedRecord } from "@/lib/sync/retry/record-scope";

// The records a retry is for, read from the per-record results of push steps (pulls and matching
// write results too, but only a write can be sent again).

const PUSH_STEP: Prisma.SyncStepWhereInput = { name: { startsWith: "push." } };
const SELECT = { id: true, runId: true, system: true, object: true, recordId: true, outcome: true, step: { select: { integrationId: true } } } as const;

type Row = Prisma.SyncRecordResultGetPayload<{ select: typeof SELECT }>;
const toRow = (r: Row): PushResultRow => ({ id: r.id, runId: r.runId, integrationId: r.step.integrationId, system: r.system as ScopedRecord["system"], object: r.object as ScopedRecord["object"], recordId: r.recordId, outcome: r.outcome });

function tooMany(count: number, what: string): AppError {
  return new AppError("CONFLICT", `${count} records ${what}; a retry takes at most ${MAX_RETRY_RECORDS}. Pick fewer, or run Synchronize, which sends every refused record again.`);
}

/** The failed records of one run's pushes: every one, or those named (each must have failed in it). */
export async function failedRecordsOfRun(runId: string, wanted: "all" | readonly Pick<ScopedRecord, "system" | "object" | "recordId">[]): Promise<ScopedRecord[]> {
  const run = await db.syncRun.findUnique({ where: { id: runId }, select: { id: true, status: true, kind: true } });
  if (!run) throw new AppError("NOT_FOUND", "There is no such run; it may have been cleaned up. Open Sync history for the runs there are.");
  if (run.kind === "PREVIEW") throw new AppError("CONFLICT", "A preview writes nothing, so it has no failed write to retry. Run Synchronize to write.");
  if (run.status === "QUEUED" || run.status === "RUNNING") throw new AppError("CONFLICT", "This run is still going: retry its failed records once it has finished (its page refreshes itself).");
  const rows = await db.syncRecordResult.findMany({
    where: { runId, outcome: { in: [...FAILURE_OUTCOMES] }, step: PUSH_STEP, ...(wanted === "all" ? {} : { recordId: { in: wanted.map((w) => w.recordId) } }) },
    select: SELECT,
    orderBy: { id: "asc" },
  });
  const { records, unknown } = pickFailed(rows.map(toRow), wanted);
  if (unknown.length > 0) {
    const first = unknown[0]!;
    throw new AppError("CONFLICT", `The ${first.system} ${first.object} ${first.recordId} was not refused by a push of this run, so there is nothing to retry for it. Only failed, rejected or invalid writes can be retried.`);
  }
  if (records.length === 0) throw new AppError("CONFLICT", "No write of this run failed: there is nothing to retry.");
  if (records.length > MAX_RETRY_RECORDS) throw tooMany(records.length, "failed in this run");
  return records;
}

/**
 * "Retry all failed since": the records refused by a push in a run started since `since` (of one
 * Pendo or PX integration, or every one) whose newest result is still a failure. Also returns the
 * runs they come from, newest first.
 */
export async function failedRecordsSince(since: Date, integrationId?: string | null): Promise<{ records: ScopedRecord[]; runIds: string[] }> {
  let tool: string | null = null;
  if (integrationId) {
    const integration = await db.integration.findUnique({ where: { id: integrationId }, select: { system: true } });
    if (!integration) throw new AppError("NOT_FOUND", "That integration does not exist; reload the page.");
    // Salesforce is written by every tool's push: "since, for Salesforce" means every tool.
    tool = integration.system === "SALESFORCE" ? null : integrationId;
  }
  const runs = await db.syncRun.findMany({ where: { startedAt: { gte: since }, kind: { not: "PREVIEW" } }, select: { id: true } });
  const runIds = runs.map((r) => r.id);
  if (runIds.length === 0) return { records: [], runIds: [] };
  const step: Prisma.SyncStepWhereInput = { ...PUSH_STEP, ...(tool ? { integrationId: tool } : {}) };
  const failed = (await db.syncRecordResult.findMany({ where: { runId: { in: runIds }, outcome: { in: [...FAILURE_OUTCOMES] }, step }, select: SELECT })).map(toRow);
  if (failed.length === 0) return { records: [], runIds: [] };
  // What happened to those records afterwards: a later write, dismissal or retry settles them.
  const oldest = failed.reduce((min, r) => (r.id < min ? r.id : min), failed[0]!.id);
  const later = (
    await db.syncRecordResult.findMany({
      where: { runId: { in: runIds }, recordId: { in: [...new Set(failed.map((r) => r.recordId))] }, id: { gt: oldest }, outcome: { notIn: [...FAILURE_OUTCOMES] }, step },
      select: SELECT,
    })
  ).map(toRow);
  const still = latestFailures([...failed, ...later]);
  if (still.length > MAX_RETRY_RECORDS) throw tooMany(still.length, "failed since then");
  const newestFirst = [...new Set(still.map((r) => r.runId).reverse())];
  return { records: still.map(({ integrationId, system, object, recordId }) => ({ integrationId, system, object, recordId })), runIds: newestFirst };
}
