import type { Sql } from "@/lib/sync/sql";

// What a step did to each record, written in bulk beside the page or result it belongs to, so the
// run page can answer "what happened to this record" without re-running anything.

export interface RecordResult {
  system: "salesforce" | "pendo" | "px";
  object: "account" | "contact" | "user";
  recordId: string;
  operation: string;
  /** "would-write": a preview's write that was not made (lib/sync/preview). */
  outcome: "succeeded" | "skipped" | "invalid" | "rejected" | "failed" | "would-write";
  errorCode?: string | null;
  message?: string | null;
  fields?: Record<string, unknown> | null;
}

const CHUNK = 5000;

export async function recordResults(sql: Sql, step: { runId: string; stepId: string }, results: readonly RecordResult[]): Promise<void> {
  for (let i = 0; i < results.length; i += CHUNK) {
    const chunk = results.slice(i, i + CHUNK);
    await sql.query(
      `INSERT INTO "SyncRecordResult" ("runId", "stepId", "system", "object", "recordId", "operation", "outcome", "errorCode", "message", "fields")
       SELECT $1, $2, u.system, u.object, u.record_id, u.operation, u.outcome, u.code, u.message, u.fields::jsonb
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS u(system, object, record_id, operation, outcome, code, message, fields)`,
      [
        step.runId,
        step.stepId,
        chunk.map((r) => r.system),
        chunk.map((r) => r.object),
        chunk.map((r) => r.recordId),
        chunk.map((r) => r.operation),
        chunk.map((r) => r.outcome),
        chunk.map((r) => r.errorCode ?? null),
        chunk.map((r) => r.message ?? null),
        chunk.map((r) => (r.fields ? JSON.stringify(r.fields) : null)),
      ],
    );
  }
}
