import type { MatchEntity } from "@/lib/generated/prisma/client";
import type { Link, MatchException, MatchResult } from "@/lib/matching/engine";
import { createHash } from "node:crypto";
import type { RecordResult } from "@/lib/sync/record-results";
import type { Sql } from "@/lib/sync/sql";

// Stores a match result as a difference against what is stored: each link and exception carries a
// digest of its content, and only rows whose digest changed are written, in bulk, inside the
// caller's transaction. A re-match of unchanged data writes no row at all. The caller holds the
// integration's match lock, so nobody else writes these rows meanwhile.

const KIND = { unmatched: "UNMATCHED", ambiguous: "AMBIGUOUS", duplicate: "DUPLICATE", excluded: "EXCLUDED" } as const;

export interface StoreCounts {
  linked: number;
  unlinked: number;
  relinked: number;
  /** Link and exception rows inserted, updated or deleted. */
  written: number;
}

// The engine builds every attempt with the same key order, so plain JSON is a stable digest input
// (stableJson's key sorting cost a second per 40,000 exceptions).
const digest = (value: unknown) => createHash("sha1").update(JSON.stringify(value)).digest("base64url");
const linkDigest = (l: Link) => digest([l.salesforceId, l.criterion, l.key]);
const exceptionDigest = (e: MatchException) => digest([KIND[e.kind], e.reason, e.tried, e.salesforceId ?? null, e.sharedWith ?? []]);

interface Stored {
  analyticsId: string;
  digest: string;
}

async function stored(sql: Sql, table: "MatchLink" | "MatchException", integrationId: string, entity: MatchEntity, extra: string) {
  const { rows } = await sql.query<Stored & { salesforceId: string | null; kind?: string }>(
    `SELECT "analyticsId", "digest", "salesforceId"${extra} FROM "${table}" WHERE "integrationId" = $1 AND "entity" = $2::"MatchEntity"`,
    [integrationId, entity],
  );
  return new Map(rows.map((r) => [r.analyticsId, r]));
}

export async function storeMatches(
  sql: Sql,
  target: { integrationId: string; system: "pendo" | "px"; entity: MatchEntity },
  result: MatchResult,
  at: Date,
  changes: RecordResult[],
): Promise<StoreCounts> {
  const { integrationId, entity } = target;
  const [links, exceptions] = await Promise.all([stored(sql, "MatchLink", integrationId, entity, ""), stored(sql, "MatchException", integrationId, entity, `, "kind"`)]);
  const counts: StoreCounts = { linked: 0, unlinked: 0, relinked: 0, written: 0 };
  const object = entity === "ACCOUNT" ? "account" : "user";
  // The first match of a tool would list every record as "linked": its counts say that, and the
  // per-record history starts with the first change after it.
  const first = links.size === 0 && exceptions.size === 0;
  const change = (recordId: string, operation: string, message: string, before: string | null, after: string | null) => {
    if (!first) changes.push({ system: target.system, object, recordId, operation, outcome: "succeeded", message, fields: { salesforceId: { before, after } } });
  };

  const nextLinks = new Map(result.links.map((l) => [l.analyticsId, l]));
  const nextExceptions = new Map(result.exceptions.map((e) => [e.analyticsId, e]));
  const linkWrites = result.links.filter((l) => links.get(l.analyticsId)?.digest !== linkDigest(l));
  const linkDeletes = [...links.keys()].filter((id) => !nextLinks.has(id));
  const exceptionWrites = result.exceptions.filter((e) => exceptions.get(e.analyticsId)?.digest !== exceptionDigest(e));
  const exceptionDeletes = [...exceptions.keys()].filter((id) => !nextExceptions.has(id));

  for (const l of linkWrites) {
    const before = links.get(l.analyticsId)?.salesforceId ?? null;
    if (before === null) {
      counts.linked++;
      change(l.analyticsId, "linked", `Linked to ${l.salesforceId} by ${l.criterion}.`, null, l.salesforceId);
    } else if (before !== l.salesforceId) {
      counts.relinked++;
      change(l.analyticsId, "relinked", `Moved from ${before} to ${l.salesforceId} by ${l.criterion}.`, before, l.salesforceId);
    }
  }
  for (const id of linkDeletes) {
    counts.unlinked++;
    const now = nextExceptions.get(id);
    change(id, "unlinked", now ? `No longer linked: ${now.reason}` : "No longer linked: the record left the tool.", links.get(id)!.salesforceId, null);
  }

  if (linkDeletes.length) {
    await sql.query(`DELETE FROM "MatchLink" WHERE "integrationId" = $1 AND "entity" = $2::"MatchEntity" AND "analyticsId" = ANY($3::text[])`, [integrationId, entity, linkDeletes]);
  }
  if (exceptionDeletes.length) {
    await sql.query(`DELETE FROM "MatchException" WHERE "integrationId" = $1 AND "entity" = $2::"MatchEntity" AND "analyticsId" = ANY($3::text[])`, [integrationId, entity, exceptionDeletes]);
  }
  if (linkWrites.length) {
    // A link that only changed criterion keeps its matchedAt: it is the same link.
    await sql.query(
      `INSERT INTO "MatchLink" ("integrationId", "entity", "analyticsId", "salesforceId", "criterion", "key", "matchedAt", "digest")
       SELECT $1, $2::"MatchEntity", u.id, u.sfid, u.criterion, u.key, $3::timestamp, u.digest
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(id, sfid, criterion, key, digest)
       ON CONFLICT ("integrationId", "entity", "analyticsId") DO UPDATE SET
         "salesforceId" = EXCLUDED."salesforceId", "criterion" = EXCLUDED."criterion", "key" = EXCLUDED."key", "digest" = EXCLUDED."digest",
         "matchedAt" = CASE WHEN "MatchLink"."salesforceId" = EXCLUDED."salesforceId" THEN "MatchLink"."matchedAt" ELSE EXCLUDED."matchedAt" END`,
      [integrationId, entity, at.toISOString(), linkWrites.map((l) => l.analyticsId), linkWrites.map((l) => l.salesforceId), linkWrites.map((l) => l.criterion), linkWrites.map((l) => l.key), linkWrites.map(linkDigest)],
    );
  }
  if (exceptionWrites.length) {
    // An exception keeps its `since` while the record keeps the same kind of exception.
    await sql.query(
      `INSERT INTO "MatchException" ("integrationId", "entity", "analyticsId", "kind", "reason", "tried", "salesforceId", "sharedWith", "since", "digest")
       SELECT $1, $2::"MatchEntity", u.id, u.kind::"MatchExceptionKind", u.reason, u.tried::jsonb, u.sfid,
              ARRAY(SELECT jsonb_array_elements_text(u.shared::jsonb)), $3::timestamp, u.digest
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) AS u(id, kind, reason, tried, sfid, shared, digest)
       ON CONFLICT ("integrationId", "entity", "analyticsId") DO UPDATE SET
         "kind" = EXCLUDED."kind", "reason" = EXCLUDED."reason", "tried" = EXCLUDED."tried", "salesforceId" = EXCLUDED."salesforceId",
         "sharedWith" = EXCLUDED."sharedWith", "digest" = EXCLUDED."digest",
         "since" = CASE WHEN "MatchException"."kind" = EXCLUDED."kind" THEN "MatchException"."since" ELSE EXCLUDED."since" END`,
      [
        integrationId,
        entity,
        at.toISOString(),
        exceptionWrites.map((e) => e.analyticsId),
        exceptionWrites.map((e) => KIND[e.kind]),
        exceptionWrites.map((e) => e.reason),
        exceptionWrites.map((e) => JSON.stringify(e.tried)),
        exceptionWrites.map((e) => e.salesforceId ?? null),
        exceptionWrites.map((e) => JSON.stringify(e.sharedWith ?? [])),
        exceptionWrites.map(exceptionDigest),
      ],
    );
  }
  counts.written = linkWrites.length + linkDeletes.length + exceptionWrites.length + exceptionDeletes.length;
  return counts;
}
