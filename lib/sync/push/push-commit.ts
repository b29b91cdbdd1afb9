import type { FailedCall } from "@/lib/connectors/failed-calls";
import { recordFailedCalls } from "@/lib/sync/failed-calls";
import { recordResults, type RecordResult } from "@/lib/sync/record-results";
import { saveStepProgress, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { inTransaction } from "@/lib/sync/sql";

/** One record's write as pushed: the fields sent now, and everything pushed to it so far. */
export interface PushedRecord {
  recordId: string;
  /** Every field value pushed to the record so far, after this write. */
  values: Record<string, unknown>;
  hash: string;
}

export interface PushTarget {
  integrationId: string;
  /** "salesforce", "pendo" or "px": the system written into. */
  targetSystem: string;
  /** "account" or "contact" (Salesforce), "account" or "user" (the tools). */
  object: string;
}

/**
 * Commits one written chunk in one transaction: the push state of the records that were written
 * (the next run compares against it and writes only what changed), their per-record results and the
 * calls behind the refused ones, the step's counts and its checkpoint (cleared of the chunk that was in flight). A worker killed
 * before this commit leaves the chunk in flight; its successor reads those records back instead of
 * writing them again (see confirm-in-flight.ts).
 */
export async function commitPushChunk(
  target: PushTarget,
  step: { runId: string; stepId: string },
  pushed: readonly PushedRecord[],
  results: readonly RecordResult[],
  progress: { stats: StepStats; checkpoint: StepCheckpoint | null },
  /** The chunk's write calls the vendor refused records of, as sent. */
  failedCalls: readonly FailedCall[] = [],
): Promise<void> {
  await inTransaction(async (sql) => {
    if (pushed.length) {
      await sql.query(
        `INSERT INTO "PushState" ("integrationId", "targetSystem", "object", "recordId", "payloadHash", "values", "pushedAt", "runId")
         SELECT $1, $2, $3, u.id, u.hash, u.vals::jsonb, $4::timestamp, $5 FROM unnest($6::text[], $7::text[], $8::text[]) AS u(id, hash, vals)
         ON CONFLICT ("integrationId", "targetSystem", "object", "recordId") DO UPDATE SET
           "payloadHash" = EXCLUDED."payloadHash", "values" = EXCLUDED."values", "pushedAt" = EXCLUDED."pushedAt", "runId" = EXCLUDED."runId"`,
        [
          target.integrationId,
          target.targetSystem,
          target.object,
          new Date().toISOString(),
          step.runId,
          pushed.map((p) => p.recordId),
          pushed.map((p) => p.hash),
          pushed.map((p) => JSON.stringify(p.values)),
        ],
      );
    }
    await recordResults(sql, step, results);
    await recordFailedCalls(sql, step, failedCalls);
    await saveStepProgress(sql, step, progress.stats, progress.checkpoint);
  });
}
