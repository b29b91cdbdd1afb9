import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import type { SfRecord, SourcePlan } from "@/lib/connectors/salesforce/records";

// The SOQL of a pull: what changed since a point, in keyset pages on (SystemModstamp, Id), as a
// Bulk 2.0 query when there is a lot, and what was deleted or merged (queryAll).

export interface Position {
  stamp: Date;
  id: string;
}

/** SOQL datetime literal: ISO-8601 in UTC, unquoted. */
const soqlDate = (d: Date) => d.toISOString();
const soqlString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const since = (from: Date | null) => (from ? ` WHERE SystemModstamp >= ${soqlDate(from)}` : "");

export function countChanged(sf: SalesforceConnector, object: string, from: Date | null): Promise<number> {
  return sf.count(`SELECT COUNT() FROM ${object}${since(from)}`);
}

/**
 * The next page after `after` (or from `from` when starting). Keyset paging on both columns never
 * skips records that share a stamp or were modified while the pull ran.
 */
export function changedPage(sf: SalesforceConnector, plan: SourcePlan, from: Date | null, after: Position | null, limit: number): Promise<SfRecord[]> {
  const where = after
    ? ` WHERE SystemModstamp > ${soqlDate(after.stamp)} OR (SystemModstamp = ${soqlDate(after.stamp)} AND Id > ${soqlString(after.id)})`
    : since(from);
  return sf.query<SfRecord>(`SELECT ${plan.fields.join(", ")} FROM ${plan.object}${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`);
}

const NUMBER_TYPES = new Set(["int", "double", "currency", "percent"]);

/**
 * A Bulk 2.0 row typed the way REST returns the same record: numbers and checkboxes as JSON values,
 * datetimes as `…+0000`. Otherwise a record read once by REST and once by Bulk would hash
 * differently and count as changed. Blank cells stay "" (the row builders read them as null).
 */
function typedCsvRecord(record: SfRecord, types: Readonly<Record<string, string>>): SfRecord {
  const typed: SfRecord = { ...record };
  for (const [field, value] of Object.entries(record)) {
    const type = types[field];
    if (typeof value !== "string" || value === "" || !type || field === "SystemModstamp") continue;
    if (NUMBER_TYPES.has(type) && Number.isFinite(Number(value))) typed[field] = Number(value);
    else if (type === "boolean") typed[field] = value === "true";
    else if (type === "datetime") typed[field] = value.replace(/Z$/, "+0000");
  }
  return typed;
}

/** Every changed record through one Bulk API 2.0 query job, in batches; values arrive as CSV strings and are typed as REST returns them. */
export function bulkChanged(sf: SalesforceConnector, plan: SourcePlan, from: Date | null, onBatch: (records: SfRecord[]) => Promise<void>): Promise<number> {
  const types = plan.types ?? {};
  return sf.bulkQuery(`SELECT ${plan.fields.join(", ")} FROM ${plan.object}${since(from)}`, (records) => onBatch(records.map((r) => typedCsvRecord(r, types))));
}

export type DeletedRecord = SfRecord & { Id: string; SystemModstamp: string; MasterRecordId?: string | null };

/**
 * Deleted and merged records since `from` (queryAll). The record's role fields come along so a
 * record renamed just before it was merged is listed under its last name.
 */
export function deletedSince(sf: SalesforceConnector, plan: SourcePlan, from: Date | null): Promise<DeletedRecord[]> {
  const fields = [...new Set(["Id", "SystemModstamp", ...Object.values(plan.roles), ...(plan.hasMasterRecordId ? ["MasterRecordId"] : [])])].join(", ");
  const window = from ? ` AND SystemModstamp >= ${soqlDate(from)}` : "";
  return sf.query<DeletedRecord>(`SELECT ${fields} FROM ${plan.object} WHERE IsDeleted = true${window} ORDER BY SystemModstamp ASC, Id ASC`, { includeDeleted: true });
}
