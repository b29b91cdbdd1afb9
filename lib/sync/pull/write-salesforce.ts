import type { SfAccountRow, SfContactRow } from "@/lib/connectors/salesforce/records";
import { contentHash } from "@/lib/sync/hash";
import { isoOrNull, lastByKey, type Sql } from "@/lib/sync/sql";
import type { ObjectStats } from "@/lib/sync/stats";
import { countedUpsert } from "@/lib/sync/pull/count-upsert";

// One statement per page: rows whose content hash is unchanged are left alone (the WHERE of the
// conflict clause), new ones inserted, changed ones updated, and a record Salesforce shows again
// (undeleted from the recycle bin) is live again. `xmax = 0` tells an insert from an update.

// The stamp is left out of the digest: a record touched without a change counts as unchanged.
const accountContent = (r: SfAccountRow) => [r.objectName, r.name, r.website, r.ownerId, r.fields];
const contactContent = (r: SfContactRow) => [r.objectName, r.accountId, r.email, r.phone, r.name, r.fields];

export async function writeSfAccounts(sql: Sql, integrationId: string, page: SfAccountRow[], stats: ObjectStats, at: Date): Promise<void> {
  stats.read += page.length;
  const rows = lastByKey(page, (r) => r.id);
  if (rows.length === 0) return;
  await countedUpsert(
    sql,
    `INSERT INTO "SfAccount" ("integrationId", "id", "objectName", "name", "website", "ownerId", "fields", "systemModstamp", "contentHash", "pulledAt")
     SELECT $1, u.id, u.object_name, u.name, u.website, u.owner_id, u.fields::jsonb, u.stamp::timestamp, u.hash, $2::timestamp
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS u(id, object_name, name, website, owner_id, fields, stamp, hash)
     ON CONFLICT ("integrationId", "id") DO UPDATE SET
       "objectName" = EXCLUDED."objectName", "name" = EXCLUDED."name", "website" = EXCLUDED."website", "ownerId" = EXCLUDED."ownerId",
       "fields" = EXCLUDED."fields", "systemModstamp" = EXCLUDED."systemModstamp", "contentHash" = EXCLUDED."contentHash", "pulledAt" = EXCLUDED."pulledAt",
       "state" = 'ACTIVE', "masterRecordId" = NULL, "deletedAt" = NULL, "retiredReason" = NULL
     WHERE "SfAccount"."contentHash" <> EXCLUDED."contentHash" OR "SfAccount"."state" <> 'ACTIVE'
     RETURNING (xmax = 0) AS inserted`,
    [
      integrationId,
      at.toISOString(),
      rows.map((r) => r.id),
      rows.map((r) => r.objectName),
      rows.map((r) => r.name),
      rows.map((r) => r.website),
      rows.map((r) => r.ownerId),
      rows.map((r) => JSON.stringify(r.fields)),
      rows.map((r) => isoOrNull(r.systemModstamp)),
      rows.map((r) => contentHash(accountContent(r))),
    ],
    stats,
    rows.length,
  );
}

export async function writeSfContacts(sql: Sql, integrationId: string, page: SfContactRow[], stats: ObjectStats, at: Date): Promise<void> {
  stats.read += page.length;
  const rows = lastByKey(page, (r) => r.id);
  if (rows.length === 0) return;
  await countedUpsert(
    sql,
    `INSERT INTO "SfContact" ("integrationId", "id", "objectName", "accountId", "email", "phone", "name", "fields", "systemModstamp", "contentHash", "pulledAt")
     SELECT $1, u.id, u.object_name, u.account_id, u.email, u.phone, u.name, u.fields::jsonb, u.stamp::timestamp, u.hash, $2::timestamp
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS u(id, object_name, account_id, email, phone, name, fields, stamp, hash)
     ON CONFLICT ("integrationId", "id") DO UPDATE SET
       "objectName" = EXCLUDED."objectName", "accountId" = EXCLUDED."accountId", "email" = EXCLUDED."email", "phone" = EXCLUDED."phone",
       "name" = EXCLUDED."name", "fields" = EXCLUDED."fields", "systemModstamp" = EXCLUDED."systemModstamp", "contentHash" = EXCLUDED."contentHash",
       "pulledAt" = EXCLUDED."pulledAt", "state" = 'ACTIVE', "masterRecordId" = NULL, "deletedAt" = NULL
     WHERE "SfContact"."contentHash" <> EXCLUDED."contentHash" OR "SfContact"."state" <> 'ACTIVE'
     RETURNING (xmax = 0) AS inserted`,
    [
      integrationId,
      at.toISOString(),
      rows.map((r) => r.id),
      rows.map((r) => r.objectName),
      rows.map((r) => r.accountId),
      rows.map((r) => r.email),
      rows.map((r) => r.phone),
      rows.map((r) => r.name),
      rows.map((r) => JSON.stringify(r.fields)),
      rows.map((r) => isoOrNull(r.systemModstamp)),
      rows.map((r) => contentHash(contactContent(r))),
    ],
    stats,
    rows.length,
  );
}
