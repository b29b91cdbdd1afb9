import type { SfCaseRow, SfOpportunityRow, SfUserRow } from "@/lib/connectors/salesforce/health-records";
import { isoOrNull, lastByKey, type Sql } from "@/lib/sync/sql";
import type { ObjectStats } from "@/lib/sync/stats";
import { countedUpsert } from "@/lib/sync/pull/count-upsert";

// Users, cases and opportunities: one statement per page, like accounts and contacts
// (write-salesforce.ts). These tables keep no content hash: the conflict clause compares the
// stored columns themselves, so a record re-read unchanged (the look-back) is left alone and
// counted unchanged, and one Salesforce shows again after a delete is live again.

type PgType = "text" | "boolean" | "timestamp" | "date" | "double precision";
interface Column<R> {
  name: string;
  type: PgType;
  value: (r: R) => string | number | boolean | null;
}

interface Table<R> {
  name: "SfUser" | "SfCase" | "SfOpportunity";
  columns: Column<R>[];
  /** Whether the table marks deletions (deletedAt), which a record read again clears. */
  marksDeletions: boolean;
}

async function writeRows<R extends { id: string; systemModstamp: Date }>(sql: Sql, table: Table<R>, integrationId: string, page: R[], stats: ObjectStats, at: Date): Promise<void> {
  stats.read += page.length;
  const rows = lastByKey(page, (r) => r.id);
  if (rows.length === 0) return;
  const names = table.columns.map((c) => `"${c.name}"`);
  const selected = table.columns.map((c, i) => `u.c${i}::${c.type}`);
  const arrays = table.columns.map((_, i) => `$${i + 5}::text[]`);
  const aliases = table.columns.map((_, i) => `c${i}`);
  const compared = `(${names.map((n) => `"${table.name}".${n}`).join(", ")}) IS DISTINCT FROM (${names.map((n) => `EXCLUDED.${n}`).join(", ")})`;
  await countedUpsert(
    sql,
    `INSERT INTO "${table.name}" ("integrationId", "id", ${names.join(", ")}, "systemModstamp", "pulledAt")
     SELECT $1, u.id, ${selected.join(", ")}, u.stamp::timestamp, $2::timestamp
       FROM unnest($3::text[], $4::text[], ${arrays.join(", ")}) AS u(id, stamp, ${aliases.join(", ")})
     ON CONFLICT ("integrationId", "id") DO UPDATE SET
       ${names.map((n) => `${n} = EXCLUDED.${n}`).join(", ")}, "systemModstamp" = EXCLUDED."systemModstamp", "pulledAt" = EXCLUDED."pulledAt"${table.marksDeletions ? `, "deletedAt" = NULL` : ""}
     WHERE ${compared}${table.marksDeletions ? ` OR "${table.name}"."deletedAt" IS NOT NULL` : ""}
     RETURNING (xmax = 0) AS inserted`,
    [
      integrationId,
      at.toISOString(),
      rows.map((r) => r.id),
      rows.map((r) => isoOrNull(r.systemModstamp)),
      ...table.columns.map((c) => rows.map((r) => {
        const v = c.value(r);
        return v === null ? null : String(v);
      })),
    ],
    stats,
    rows.length,
  );
}

const USERS: Table<SfUserRow> = {
  name: "SfUser",
  marksDeletions: false,
  columns: [
    { name: "name", type: "text", value: (r) => r.name },
    { name: "email", type: "text", value: (r) => r.email },
    { name: "isActive", type: "boolean", value: (r) => r.isActive },
  ],
};

const CASES: Table<SfCaseRow> = {
  name: "SfCase",
  marksDeletions: true,
  columns: [
    { name: "accountId", type: "text", value: (r) => r.accountId },
    { name: "status", type: "text", value: (r) => r.status },
    { name: "isClosed", type: "boolean", value: (r) => r.isClosed },
    { name: "createdDate", type: "timestamp", value: (r) => r.createdDate.toISOString() },
    { name: "closedDate", type: "timestamp", value: (r) => isoOrNull(r.closedDate) },
  ],
};

const OPPORTUNITIES: Table<SfOpportunityRow> = {
  name: "SfOpportunity",
  marksDeletions: true,
  columns: [
    { name: "accountId", type: "text", value: (r) => r.accountId },
    { name: "type", type: "text", value: (r) => r.type },
    { name: "stageName", type: "text", value: (r) => r.stageName },
    { name: "isClosed", type: "boolean", value: (r) => r.isClosed },
    { name: "isWon", type: "boolean", value: (r) => r.isWon },
    { name: "closeDate", type: "date", value: (r) => r.closeDate },
    { name: "amount", type: "double precision", value: (r) => r.amount },
  ],
};

export const writeSfUsers = (sql: Sql, integrationId: string, page: SfUserRow[], stats: ObjectStats, at: Date) => writeRows(sql, USERS, integrationId, page, stats, at);
export const writeSfCases = (sql: Sql, integrationId: string, page: SfCaseRow[], stats: ObjectStats, at: Date) => writeRows(sql, CASES, integrationId, page, stats, at);
export const writeSfOpportunities = (sql: Sql, integrationId: string, page: SfOpportunityRow[], stats: ObjectStats, at: Date) =>
  writeRows(sql, OPPORTUNITIES, integrationId, page, stats, at);

/**
 * Marks the given records deleted (the time Salesforce deleted them) where the hub holds them
 * live; returns the ids it marked. The rows stay: a backtest replaying last year reads them.
 */
export async function markSfDeleted(sql: Sql, table: "SfCase" | "SfOpportunity", integrationId: string, deleted: { id: string; at: Date }[]): Promise<string[]> {
  if (deleted.length === 0) return [];
  const { rows } = await sql.query<{ id: string }>(
    `UPDATE "${table}" AS t SET "deletedAt" = d.at::timestamp
       FROM unnest($2::text[], $3::text[]) AS d(id, at)
      WHERE t."integrationId" = $1 AND t."id" = d.id AND t."deletedAt" IS NULL
      RETURNING t."id"`,
    [integrationId, deleted.map((d) => d.id), deleted.map((d) => d.at.toISOString())],
  );
  return rows.map((r) => r.id);
}
