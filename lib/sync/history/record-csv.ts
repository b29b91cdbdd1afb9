import { stringify } from "csv-stringify/sync";
import type { RecordRow } from "@/lib/sync/history/run-detail";

// A run's record results as CSV, for support tickets and spreadsheets: one row per record result,
// the fields sent as before → after JSON (never secrets: they are never recorded).

const HEADER = ["outcome", "operation", "system", "object", "record_id", "name", "error_code", "message", "fields", "at"];

/** Rows as CSV text; the header only with the first batch. */
export function recordCsv(rows: readonly RecordRow[], withHeader: boolean): string {
  const cells = rows.map((r) => [r.outcome, r.operation, r.system, r.object, r.recordId, r.name ?? "", r.errorCode ?? "", r.message ?? "", r.fields == null ? "" : JSON.stringify(r.fields), r.createdAt]);
  return stringify(withHeader ? [HEADER, ...cells] : cells);
}
