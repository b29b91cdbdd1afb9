import type { StepStats } from "@/lib/sync/runs";
import { lastByKey, type Sql } from "@/lib/sync/sql";
import { daysIn } from "@/lib/usage/days";
import { sumByKey, userDayKey, type UsageBatch } from "@/lib/usage/rollup";

// Replaces a batch of days in every rollup: delete the days, insert what the tool says now, add up
// the account tables from the user tables. One statement per table and chunk (unnest arrays, as the
// pull writes pages), inside the caller's transaction with the cursor and step progress, so a day
// is either the old rollup or the new one, never half of each.

/** Rows per INSERT statement: bounds the size of one statement's arrays. */
const CHUNK = 20_000;

/** Every table keyed by day. */
const DAY_TABLES = ["UsageUserDay", "UsageAccountDay", "UsageUserFeatureDay", "UsageAccountFeatureDay", "UsageEngagementDay", "UsageNpsResponse"];

function count(stats: StepStats, table: string, days: number, rows: number) {
  const s = (stats[table] ??= { days: 0, rows: 0 });
  s.days = (s.days ?? 0) + days;
  s.rows = (s.rows ?? 0) + rows;
}

async function insertChunks<R>(sql: Sql, rows: R[], statement: string, columns: (chunk: R[]) => unknown[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    written += (await sql.query(statement, columns(chunk))).rowCount ?? 0;
  }
  return written;
}

export async function replaceUsageDays(sql: Sql, integrationId: string, batch: UsageBatch, stats: StepStats): Promise<void> {
  const { from, to } = batch.range;
  const days = daysIn(from, to);
  for (const table of DAY_TABLES) {
    await sql.query(`DELETE FROM "${table}" WHERE "integrationId" = $1 AND "day" BETWEEN $2::date AND $3::date`, [integrationId, from, to]);
  }

  const userDays = sumByKey(batch.userDays, userDayKey, (a, b) => {
    a.events += b.events;
    a.minutes += b.minutes;
  });
  count(stats, "userDays", days, await insertChunks(
    sql,
    userDays,
    `INSERT INTO "UsageUserDay" ("integrationId", "accountExternalId", "day", "userExternalId", "events", "minutes")
     SELECT $1, r.account_id, r.day::date, r.user_id, r.events, r.minutes
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) AS r(account_id, day, user_id, events, minutes)`,
    (c) => [integrationId, c.map((r) => r.accountId), c.map((r) => r.day), c.map((r) => r.userId), c.map((r) => r.events), c.map((r) => r.minutes)],
  ));

  const featureDays = sumByKey(batch.userFeatureDays, (r) => `${userDayKey(r)}\u0000${r.featureId}`, (a, b) => {
    a.clicks += b.clicks;
  });
  count(stats, "userFeatureDays", days, await insertChunks(
    sql,
    featureDays,
    `INSERT INTO "UsageUserFeatureDay" ("integrationId", "accountExternalId", "day", "featureExternalId", "userExternalId", "clicks")
     SELECT $1, r.account_id, r.day::date, r.feature_id, r.user_id, r.clicks
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS r(account_id, day, feature_id, user_id, clicks)`,
    (c) => [integrationId, c.map((r) => r.accountId), c.map((r) => r.day), c.map((r) => r.featureId), c.map((r) => r.userId), c.map((r) => r.clicks)],
  ));

  // Engagements are kept per account only (the catalogue counts engagements, not their viewers over time).
  const engagementDays = [...sumByKey(
    batch.userEngagementDays.map((r) => ({ ...r, users: new Set([r.userId]) })),
    (r) => `${r.day}\u0000${r.accountId}\u0000${r.engagementId}`,
    (a, b) => {
      a.views += b.views;
      a.users.add(b.userId);
    },
  )];
  count(stats, "engagementDays", days, await insertChunks(
    sql,
    engagementDays,
    `INSERT INTO "UsageEngagementDay" ("integrationId", "accountExternalId", "day", "engagementExternalId", "users", "views")
     SELECT $1, r.account_id, r.day::date, r.engagement_id, r.users, r.views
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) AS r(account_id, day, engagement_id, users, views)`,
    (c) => [integrationId, c.map((r) => r.accountId), c.map((r) => r.day), c.map((r) => r.engagementId), c.map((r) => r.users.size), c.map((r) => r.views)],
  ));

  count(stats, "npsResponses", days, await insertChunks(
    sql,
    lastByKey(batch.nps, (r) => r.responseId),
    `INSERT INTO "UsageNpsResponse" ("integrationId", "responseId", "surveyId", "accountExternalId", "userExternalId", "day", "respondedAt", "score", "comment")
     SELECT $1, r.response_id, r.survey_id, r.account_id, r.user_id, r.day::date, r.at::timestamp, r.score, r.comment
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])
         AS r(response_id, survey_id, account_id, user_id, day, at, score, comment)
     ON CONFLICT ("integrationId", "responseId") DO UPDATE SET
       "surveyId" = EXCLUDED."surveyId", "accountExternalId" = EXCLUDED."accountExternalId", "userExternalId" = EXCLUDED."userExternalId",
       "day" = EXCLUDED."day", "respondedAt" = EXCLUDED."respondedAt", "score" = EXCLUDED."score", "comment" = EXCLUDED."comment"`,
    (c) => [
      integrationId,
      c.map((r) => r.responseId),
      c.map((r) => r.surveyId),
      c.map((r) => r.accountId),
      c.map((r) => r.userId),
      c.map((r) => r.day),
      c.map((r) => new Date(r.respondedAt).toISOString()),
      c.map((r) => r.score),
      c.map((r) => r.comment),
    ],
  ));

  // The account tables are sums of the user tables just written (accounts with an id only).
  const accountDays = await sql.query(
    `INSERT INTO "UsageAccountDay" ("integrationId", "accountExternalId", "day", "activeUsers", "events", "minutes")
     SELECT "integrationId", "accountExternalId", "day", count(*)::int, sum("events")::int, sum("minutes")::int
       FROM "UsageUserDay"
      WHERE "integrationId" = $1 AND "day" BETWEEN $2::date AND $3::date AND "accountExternalId" <> ''
      GROUP BY "integrationId", "accountExternalId", "day"`,
    [integrationId, from, to],
  );
  count(stats, "accountDays", days, accountDays.rowCount ?? 0);
  const accountFeatureDays = await sql.query(
    `INSERT INTO "UsageAccountFeatureDay" ("integrationId", "accountExternalId", "day", "featureExternalId", "users", "clicks")
     SELECT "integrationId", "accountExternalId", "day", "featureExternalId", count(*)::int, sum("clicks")::int
       FROM "UsageUserFeatureDay"
      WHERE "integrationId" = $1 AND "day" BETWEEN $2::date AND $3::date AND "accountExternalId" <> ''
      GROUP BY "integrationId", "accountExternalId", "day", "featureExternalId"`,
    [integrationId, from, to],
  );
  count(stats, "accountFeatureDays", days, accountFeatureDays.rowCount ?? 0);
}
