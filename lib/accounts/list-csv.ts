import { stringify } from "csv-stringify/sync";
import type { AccountRow } from "@/lib/accounts/list-rows";

// The Accounts list as CSV: one row per account with the list's columns as plain values (numbers
// unformatted, days as YYYY-MM-DD) so a spreadsheet can sort and sum them. Text a spreadsheet
// would run as a formula (= + - @, tab, carriage return first) is prefixed with ', as the
// exceptions report does, so opening the file is safe.

export const ACCOUNT_CSV_HEADER = [
  "salesforce_id",
  "name",
  "state",
  "health_score",
  "health_colour",
  "score_day",
  "computed_score",
  "override",
  "trend_7d",
  "trend_30d",
  "arr",
  "renewal_date",
  "segment",
  "csm_id",
  "csm_name",
  "csm_email",
  "active_users_30d",
  "licensed_seats",
  "usage_tool",
  "kpi_day",
  "last_activity",
  "pendo_accounts",
  "px_accounts",
] as const;

const STATE_WORD = { ACTIVE: "active", TO_MERGE: "merged in Salesforce", TO_DELETE: "deleted in Salesforce" } as const;

function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const cell = (value: string | number | null | undefined): string => (value === null || value === undefined ? "" : typeof value === "number" ? String(value) : safeText(value));

function linked(row: AccountRow, system: "PENDO" | "PX"): string {
  return row.links
    .filter((l) => l.system === system)
    .map((l) => (l.name ? `${l.name} (${l.analyticsId})` : l.analyticsId))
    .join("; ");
}

export function accountCsvRecord(row: AccountRow): string[] {
  const h = row.health;
  const override = h?.override ? `${h.override.setBy} until ${h.override.expiresAt.toISOString()}: ${h.override.reason}` : null;
  return [
    row.id,
    row.name,
    STATE_WORD[row.state],
    h?.score ?? null,
    h?.colour ?? null,
    h?.day ?? null,
    h?.computed.score ?? null,
    override,
    row.trend.days7,
    row.trend.days30,
    row.arr,
    row.renewalDate,
    row.segment,
    row.csm?.id ?? null,
    row.csm?.name ?? null,
    row.csm?.email ?? null,
    row.usage.activeUsers30d,
    row.seats,
    row.usage.tool,
    row.usage.kpiDay,
    row.usage.lastVisitAt,
    linked(row, "PENDO"),
    linked(row, "PX"),
  ].map(cell);
}

/** CSV text for `rows` (CRLF line ends), with the header line first when `header` is set. */
export function accountCsv(rows: readonly AccountRow[], header: boolean): string {
  const records: string[][] = rows.map(accountCsvRecord);
  if (header) records.unshift([...ACCOUNT_CSV_HEADER]);
  return records.length ? stringify(records, { record_delimiter: "windows" }) : "";
}
