import type { StepStats } from "@/lib/sync/runs";
import { inTransaction, lastByKey } from "@/lib/sync/sql";

// The tool's tracked features and its guides or engagements, as listed now: what the day tables'
// ids name. A feature or engagement the tool stops listing is kept (days still point at it),
// marked removed.

export interface FeatureEntry {
  id: string;
  name: string;
  kind: string | null;
  active: boolean;
}

export interface EngagementEntry {
  id: string;
  name: string;
  kind: string | null;
  state: string | null;
  active: boolean;
  isNps: boolean;
}

export async function saveFeatures(integrationId: string, features: FeatureEntry[], stats: StepStats): Promise<void> {
  const rows = lastByKey(features, (f) => f.id);
  const at = new Date().toISOString();
  await inTransaction(async (sql) => {
    await sql.query(
      `INSERT INTO "UsageFeature" ("integrationId", "externalId", "name", "kind", "active", "refreshedAt", "removedAt")
       SELECT $1, r.id, r.name, r.kind, r.active, $2::timestamp, NULL
         FROM unnest($3::text[], $4::text[], $5::text[], $6::boolean[]) AS r(id, name, kind, active)
       ON CONFLICT ("integrationId", "externalId") DO UPDATE SET
         "name" = EXCLUDED."name", "kind" = EXCLUDED."kind", "active" = EXCLUDED."active", "refreshedAt" = EXCLUDED."refreshedAt", "removedAt" = NULL`,
      [integrationId, at, rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.kind), rows.map((r) => r.active)],
    );
    await sql.query(`UPDATE "UsageFeature" SET "removedAt" = $2::timestamp WHERE "integrationId" = $1 AND "refreshedAt" < $2::timestamp AND "removedAt" IS NULL`, [integrationId, at]);
  });
  stats.features = { rows: rows.length };
}

export async function saveEngagements(integrationId: string, engagements: EngagementEntry[], stats: StepStats): Promise<void> {
  const rows = lastByKey(engagements, (e) => e.id);
  const at = new Date().toISOString();
  await inTransaction(async (sql) => {
    await sql.query(
      `INSERT INTO "UsageEngagement" ("integrationId", "externalId", "name", "kind", "state", "active", "isNps", "refreshedAt", "removedAt")
       SELECT $1, r.id, r.name, r.kind, r.state, r.active, r.nps, $2::timestamp, NULL
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[]) AS r(id, name, kind, state, active, nps)
       ON CONFLICT ("integrationId", "externalId") DO UPDATE SET
         "name" = EXCLUDED."name", "kind" = EXCLUDED."kind", "state" = EXCLUDED."state", "active" = EXCLUDED."active", "isNps" = EXCLUDED."isNps",
         "refreshedAt" = EXCLUDED."refreshedAt", "removedAt" = NULL`,
      [integrationId, at, rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.kind), rows.map((r) => r.state), rows.map((r) => r.active), rows.map((r) => r.isNps)],
    );
    await sql.query(`UPDATE "UsageEngagement" SET "removedAt" = $2::timestamp WHERE "integrationId" = $1 AND "refreshedAt" < $2::timestamp AND "removedAt" IS NULL`, [integrationId, at]);
  });
  stats.engagements = { rows: rows.length };
}
