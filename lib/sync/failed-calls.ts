import type { FailedCall } from "@/lib/connectors/failed-calls";
import { inTransaction, type Sql } from "@/lib/sync/sql";

// The write calls a vendor refused records of, stored with the step that made them (see
// lib/connectors/failed-calls.ts for what is kept). Written in the same transaction as the chunk's
// per-record results, so the run page never shows a refused record without the call behind it.

export async function recordFailedCalls(sql: Sql, step: { runId: string; stepId: string }, calls: readonly FailedCall[]): Promise<void> {
  if (calls.length === 0) return;
  await sql.query(
    `INSERT INTO "SyncFailedCall" ("runId", "stepId", "system", "label", "method", "path", "status", "request", "response", "records", "refused", "omitted")
     SELECT $1, $2, u.system, u.label, u.method, u.path, u.status, u.request, u.response, u.records, u.refused, u.omitted
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::int[], $11::int[], $12::int[])
         AS u(system, label, method, path, status, request, response, records, refused, omitted)`,
    [
      step.runId,
      step.stepId,
      calls.map((c) => c.system),
      calls.map((c) => c.label),
      calls.map((c) => c.method),
      calls.map((c) => c.path),
      calls.map((c) => c.status),
      calls.map((c) => c.request),
      calls.map((c) => c.response),
      calls.map((c) => c.records),
      calls.map((c) => c.refused),
      calls.map((c) => c.omitted),
    ],
  );
}

/** For a call that failed outright: the step fails next, so the call is stored on its own first. */
export async function saveFailedCalls(step: { runId: string; stepId: string }, calls: readonly FailedCall[]): Promise<void> {
  if (calls.length > 0) await inTransaction((sql) => recordFailedCalls(sql, step, calls));
}
