import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { syncPool } from "@/lib/sync/sql";

// History retention: a run's per-record results and failed calls are removed HISTORY_RETENTION_DAYS
// after it started; the run, its steps and their counts stay, so the history still adds up. A
// Synchronize of 100,000 accounts adds as many result rows, and a failed call up to 96 kB, every
// time it runs: kept forever they would outgrow everything else in the database.
//
// Rows go in batches, each its own short statement, so a prune never holds locks on the run pages
// for long; a run is marked pruned only once its rows are gone, so a prune killed part-way is
// finished by the next one. Runs still open are never touched.

export interface PruneResult {
  /** Runs whose records were removed by this prune. */
  runs: number;
  records: number;
  failedCalls: number;
  /** Runs started before this moment were pruned. */
  cutoff: string;
}

/** Rows deleted per statement. */
const BATCH = 10_000;
/** Runs taken per round. */
const RUNS_PER_ROUND = 200;

/** Deletes `table`'s rows of `runIds` in batches; the number deleted. */
async function deleteInBatches(table: "SyncRecordResult" | "SyncFailedCall", runIds: string[]): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await syncPool().query(
      `DELETE FROM "${table}" WHERE "id" IN (SELECT "id" FROM "${table}" WHERE "runId" = ANY($1::text[]) LIMIT ${BATCH})`,
      [runIds],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return deleted;
  }
}

/**
 * Removes the per-record results and failed calls of runs started more than `days` days before
 * `now` (HISTORY_RETENTION_DAYS by default; 0 keeps everything).
 */
export async function pruneHistory(options: { days?: number; now?: Date } = {}): Promise<PruneResult | null> {
  const days = options.days ?? env.HISTORY_RETENTION_DAYS;
  if (days === 0) return null;
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * 86_400_000);
  const result: PruneResult = { runs: 0, records: 0, failedCalls: 0, cutoff: cutoff.toISOString() };
  for (;;) {
    const runs = await db.syncRun.findMany({
      where: { startedAt: { lt: cutoff }, recordsPrunedAt: null, status: { notIn: ["QUEUED", "RUNNING"] } },
      orderBy: { startedAt: "asc" },
      take: RUNS_PER_ROUND,
      select: { id: true },
    });
    if (runs.length === 0) return result;
    const ids = runs.map((r) => r.id);
    result.records += await deleteInBatches("SyncRecordResult", ids);
    result.failedCalls += await deleteInBatches("SyncFailedCall", ids);
    await db.syncRun.updateMany({ where: { id: { in: ids } }, data: { recordsPrunedAt: new Date() } });
    result.runs += ids.length;
  }
}
