import type { ExceptionRow } from "@/lib/matching/list-matches";

// The exception report as CSV (seed 004's weekly report, on demand). Cells a spreadsheet would
// run as a formula (= + - @, tab, carriage return) are prefixed with ' so opening the file is safe.

export const EXCEPTION_CSV_HEADER = ["system", "object", "record_id", "label", "kind", "reason", "criteria_tried", "salesforce_id", "shared_with", "since", "override"];

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function triedText(tried: unknown): string {
  if (!Array.isArray(tried)) return "";
  return tried
    .map((t: { criterion?: string; outcome?: string; key?: string; note?: string }) => `${t.criterion}: ${t.outcome}${t.key ? ` (${t.key})` : ""}${t.note ? ` – ${t.note}` : ""}`)
    .join("; ");
}

export function exceptionCsvLine(r: ExceptionRow): string {
  return [
    r.system,
    r.entity === "ACCOUNT" ? "account" : "user",
    r.analyticsId,
    r.label,
    r.kind.toLowerCase(),
    r.reason,
    triedText(r.tried),
    r.salesforceId,
    r.sharedWith.join(" "),
    r.since,
    r.override ? `${r.override.action.toLowerCase()}${r.override.salesforceId ? ` ${r.override.salesforceId}` : ""}` : "",
  ]
    .map(csvCell)
    .join(",");
}
