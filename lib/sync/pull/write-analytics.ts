import type { AnalyticsAccountRow, AnalyticsUserRow } from "@/lib/connectors/records";
import { contentHash } from "@/lib/sync/hash";
import { isoOrNull, lastByKey, type Sql } from "@/lib/sync/sql";
import type { ObjectStats } from "@/lib/sync/stats";
import { countedUpsert } from "@/lib/sync/pull/count-upsert";

// Analytics tools have no "changed since": every pull reads everything and writes only rows whose
// content hash changed (or that the hub had marked removed), one statement per page. Once an
// object is read in full, markUnseenRemoved retires what the tool no longer has.

/** What the hub holds of one object: live record id → content hash, loaded once per pull. */
export type HeldHashes = Map<string, string>;

export async function heldHashes(sql: Sql, integrationId: string, object: "accounts" | "users"): Promise<HeldHashes> {
  const { rows } = await sql.query<{ externalId: string; contentHash: string }>(
    `SELECT "externalId", "contentHash" FROM "${TABLES[object]}" WHERE "integrationId" = $1 AND "removedAt" IS NULL`,
    [integrationId],
  );
  return new Map(rows.map((r) => [r.externalId, r.contentHash]));
}

/**
 * Drops rows whose content the hub already holds: a no-change re-pull of 90,000 users then sends
 * nothing to PostgreSQL. Returns the rows to write, each with its hash.
 */
function changedRows<R extends { externalId: string }>(page: R[], held: HeldHashes | undefined, stats: ObjectStats): (R & { hash: string })[] {
  stats.read += page.length;
  const out: (R & { hash: string })[] = [];
  for (const row of lastByKey(page, (r) => r.externalId)) {
    const hash = contentHash(row);
    if (held?.get(row.externalId) === hash) stats.unchanged++;
    else out.push({ ...row, hash });
  }
  return out;
}

function remember(held: HeldHashes | undefined, rows: { externalId: string; hash: string }[]) {
  if (held) for (const r of rows) held.set(r.externalId, r.hash);
}

const TABLES = { accounts: "AnalyticsAccount", users: "AnalyticsUser" } as const;

export async function writeAnalyticsAccounts(sql: Sql, integrationId: string, page: AnalyticsAccountRow[], stats: ObjectStats, at: Date, held?: HeldHashes): Promise<void> {
  const rows = changedRows(page, held, stats);
  if (rows.length === 0) return;
  await countedUpsert(
    sql,
    `INSERT INTO "AnalyticsAccount" ("integrationId", "externalId", "name", "website", "salesforceIdRaw", "custom", "lastSeenAt", "contentHash", "pulledAt")
     SELECT $1, u.id, u.name, u.website, u.sfid, u.custom::jsonb, u.seen::timestamp, u.hash, $2::timestamp
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(id, name, website, sfid, custom, seen, hash)
     ON CONFLICT ("integrationId", "externalId") DO UPDATE SET
       "name" = EXCLUDED."name", "website" = EXCLUDED."website", "salesforceIdRaw" = EXCLUDED."salesforceIdRaw", "custom" = EXCLUDED."custom",
       "lastSeenAt" = EXCLUDED."lastSeenAt", "contentHash" = EXCLUDED."contentHash", "pulledAt" = EXCLUDED."pulledAt", "removedAt" = NULL
     WHERE "AnalyticsAccount"."contentHash" <> EXCLUDED."contentHash" OR "AnalyticsAccount"."removedAt" IS NOT NULL
     RETURNING (xmax = 0) AS inserted`,
    [
      integrationId,
      at.toISOString(),
      rows.map((r) => r.externalId),
      rows.map((r) => r.name),
      rows.map((r) => r.website),
      rows.map((r) => r.salesforceIdRaw),
      rows.map((r) => JSON.stringify(r.custom)),
      rows.map((r) => isoOrNull(r.lastSeenAt)),
      rows.map((r) => r.hash),
    ],
    stats,
    rows.length,
  );
  remember(held, rows);
}

export async function writeAnalyticsUsers(sql: Sql, integrationId: string, page: AnalyticsUserRow[], stats: ObjectStats, at: Date, held?: HeldHashes): Promise<void> {
  const rows = changedRows(page, held, stats);
  if (rows.length === 0) return;
  await countedUpsert(
    sql,
    `INSERT INTO "AnalyticsUser" ("integrationId", "externalId", "accountExternalId", "email", "phone", "name", "salesforceContactIdRaw", "custom", "lastSeenAt", "contentHash", "pulledAt")
     SELECT $1, u.id, u.account_id, u.email, u.phone, u.name, u.sfid, u.custom::jsonb, u.seen::timestamp, u.hash, $2::timestamp
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS u(id, account_id, email, phone, name, sfid, custom, seen, hash)
     ON CONFLICT ("integrationId", "externalId") DO UPDATE SET
       "accountExternalId" = EXCLUDED."accountExternalId", "email" = EXCLUDED."email", "phone" = EXCLUDED."phone", "name" = EXCLUDED."name",
       "salesforceContactIdRaw" = EXCLUDED."salesforceContactIdRaw", "custom" = EXCLUDED."custom", "lastSeenAt" = EXCLUDED."lastSeenAt",
       "contentHash" = EXCLUDED."contentHash", "pulledAt" = EXCLUDED."pulledAt", "removedAt" = NULL
     WHERE "AnalyticsUser"."contentHash" <> EXCLUDED."contentHash" OR "AnalyticsUser"."removedAt" IS NOT NULL
     RETURNING (xmax = 0) AS inserted`,
    [
      integrationId,
      at.toISOString(),
      rows.map((r) => r.externalId),
      rows.map((r) => r.accountExternalId),
      rows.map((r) => r.email),
      rows.map((r) => r.phone),
      rows.map((r) => r.name),
      rows.map((r) => r.salesforceContactIdRaw),
      rows.map((r) => JSON.stringify(r.custom)),
      rows.map((r) => isoOrNull(r.lastSeenAt)),
      rows.map((r) => r.hash),
    ],
    stats,
    rows.length,
  );
  remember(held, rows);
}

/**
 * After an object was read in full: the live records the read did not see are gone from the tool.
 * They are marked removed, never deleted (links and history keep pointing at them). Returns their ids.
 */
export async function markUnseenRemoved(sql: Sql, integrationId: string, object: keyof typeof TABLES, seen: ReadonlySet<string>, at: Date): Promise<string[]> {
  const { rows } = await sql.query<{ externalId: string }>(
    // EXCEPT is a set operation (hashed or sorted), never a per-row scan of the seen list: with an
    // unnest the planner cannot size, NOT EXISTS may become a nested loop (90k × 90k).
    `UPDATE "${TABLES[object]}" AS t SET "removedAt" = $3::timestamp
      WHERE t."integrationId" = $1 AND t."externalId" IN (
        SELECT "externalId" FROM "${TABLES[object]}" WHERE "integrationId" = $1 AND "removedAt" IS NULL
        EXCEPT SELECT unnest($2::text[]))
      RETURNING t."externalId"`,
    [integrationId, [...seen], at.toISOString()],
  );
  return rows.map((r) => r.externalId);
}
