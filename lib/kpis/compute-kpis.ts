import { assembleKpis, emptyMeasures, type KpiContext, type RawMeasures } from "@/lib/kpis/assemble-kpis";
import type { KpiValues } from "@/lib/kpis/catalogue";
import { spanOf, type WindowName } from "@/lib/kpis/windows";
import type { Sql } from "@/lib/sync/sql";
import type { Day } from "@/lib/usage/days";

// The catalogue's sums in SQL, for a batch of accounts at once. An account is a scope and an id
// with its member tool accounts: an analytics account is its own only member; a Salesforce
// account's members are the tool's accounts linked to it. Users are made distinct per account
// and window before they are counted, so a user of two linked accounts counts once, and a user
// active on five days of a window once. Each statement joins the rollup rows of the members to
// the windows that hold their day ($5-$7), scanning only the span of those windows ($8, $9).

export type KpiScope = "analytics" | "salesforce";

export interface KpiAccount {
  scope: KpiScope;
  accountId: string;
  /** The tool's account ids whose rollups make this account's KPIs. */
  members: readonly string[];
}

export interface AccountKpis {
  scope: KpiScope;
  accountId: string;
  values: KpiValues;
}

const ROLLING: WindowName[] = ["d7", "d7Before", "d30", "d30Before", "d90", "d90Before"];
const USER_WINDOWS: WindowName[] = [...ROLLING, "lastMonth"];
const NPS_WINDOWS: WindowName[] = ["d7", "d30", "d90", "lastWeek", "weekBefore", "lastMonth", "monthBefore", "lastQuarter", "quarterBefore"];
/** The account-day statement also finds the last active day in every ingested day up to the as-of day. */
const INGESTED = "ingested";

const SCOPED = `
  WITH m AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS m(scope, key, member)),
       w AS (SELECT * FROM unnest($5::text[], $6::date[], $7::date[]) AS w(name, first, last))`;

const STATEMENTS = {
  activeUsers: `${SCOPED},
       per_user AS (
         SELECT m.scope, m.key, w.name, sum(r."minutes") AS minutes
           FROM "UsageUserDay" r JOIN m ON m.member = r."accountExternalId" JOIN w ON r."day" BETWEEN w.first AND w.last
          WHERE r."integrationId" = $1 AND r."day" BETWEEN $8::date AND $9::date
          GROUP BY m.scope, m.key, w.name, r."userExternalId")
  SELECT scope, key, name, count(*)::int AS users, sum(minutes)::float8 AS minutes FROM per_user GROUP BY scope, key, name`,

  accountDays: `${SCOPED}
  SELECT m.scope, m.key, w.name, count(DISTINCT r."day")::int AS days, max(r."day")::text AS "lastDay"
    FROM "UsageAccountDay" r JOIN m ON m.member = r."accountExternalId" JOIN w ON r."day" BETWEEN w.first AND w.last
   WHERE r."integrationId" = $1 AND r."day" BETWEEN $8::date AND $9::date
   GROUP BY m.scope, m.key, w.name`,

  features: `${SCOPED},
       per_user AS (
         SELECT m.scope, m.key, r."featureExternalId" AS feature, w.name, sum(r."clicks") AS clicks
           FROM "UsageUserFeatureDay" r JOIN m ON m.member = r."accountExternalId" JOIN w ON r."day" BETWEEN w.first AND w.last
          WHERE r."integrationId" = $1 AND r."day" BETWEEN $8::date AND $9::date AND r."featureExternalId" = ANY($10::text[])
          GROUP BY m.scope, m.key, r."featureExternalId", w.name, r."userExternalId")
  SELECT scope, key, feature, name, count(*)::int AS users, sum(clicks)::float8 AS clicks FROM per_user GROUP BY scope, key, feature, name`,

  nps: `${SCOPED}
  SELECT m.scope, m.key, w.name, count(*)::int AS responses,
         count(*) FILTER (WHERE r."score" >= 9)::int AS promoters, count(*) FILTER (WHERE r."score" <= 6)::int AS detractors
    FROM "UsageNpsResponse" r JOIN m ON m.member = r."accountExternalId" JOIN w ON r."day" BETWEEN w.first AND w.last
   WHERE r."integrationId" = $1 AND r."day" BETWEEN $8::date AND $9::date
   GROUP BY m.scope, m.key, w.name`,

  // A view of a guide the tool no longer lists counts as seen, not as live.
  guides: `${SCOPED}
  SELECT m.scope, m.key, count(DISTINCT r."engagementExternalId")::int AS seen,
         count(DISTINCT r."engagementExternalId") FILTER (WHERE g."active" AND g."removedAt" IS NULL)::int AS live
    FROM "UsageEngagementDay" r JOIN m ON m.member = r."accountExternalId" JOIN w ON r."day" BETWEEN w.first AND w.last
    LEFT JOIN "UsageEngagement" g ON g."integrationId" = r."integrationId" AND g."externalId" = r."engagementExternalId"
   WHERE r."integrationId" = $1 AND r."day" BETWEEN $8::date AND $9::date
   GROUP BY m.scope, m.key`,
} as const;

/**
 * Each account's contract fields: a Salesforce account's own, a tool account's from the Salesforce
 * account its matching links it to. $1-$2 the accounts, $3 the tool, $4 the Salesforce integration,
 * $5-$6 the field names (null: not chosen).
 */
const CONTRACT = `
  WITH a AS (SELECT * FROM unnest($1::text[], $2::text[]) AS a(scope, key))
  SELECT a.scope, a.key, s."fields" -> $5::text AS features, s."fields" -> $6::text AS seats
    FROM a
    LEFT JOIN "MatchLink" l ON a.scope = 'analytics' AND l."integrationId" = $3 AND l."entity" = 'ACCOUNT' AND l."analyticsId" = a.key
    JOIN "SfAccount" s ON s."integrationId" = $4 AND s."id" = CASE WHEN a.scope = 'salesforce' THEN a.key ELSE l."salesforceId" END`;

const keyOf = (scope: string, id: string) => `${scope}\u0000${id}`;

/**
 * The catalogue's values for `accounts` as of `ctx.asOf`, in `accounts` order. Five statements
 * whatever the number of accounts, and a sixth for the contracts when the KPI settings choose
 * Salesforce fields; the caller bounds a batch (snapshot-kpis.ts).
 */
export async function computeKpis(sql: Sql, integrationId: string, accounts: readonly KpiAccount[], ctx: KpiContext): Promise<AccountKpis[]> {
  const measures = new Map<string, RawMeasures>(accounts.map((a) => [keyOf(a.scope, a.accountId), emptyMeasures()]));
  const members = accounts.flatMap((a) => a.members.map((m) => [a.scope, a.accountId, m] as const));
  const memberParams = [members.map((m) => m[0]), members.map((m) => m[1]), members.map((m) => m[2])];
  const ingested = ctx.coverage && ctx.coverage.firstDay <= ctx.asOf ? { from: ctx.coverage.firstDay, to: ctx.asOf } : null;

  async function query<R>(statement: string, names: WindowName[], extra: { from: Day; to: Day; name: string }[] = [], more: unknown[] = []): Promise<(R & { scope: string; key: string })[]> {
    const windows = [...names.map((n) => ({ ...ctx.windows[n], name: n as string })), ...extra];
    const span = spanOf(ctx.windows, names);
    const from = [span.from, ...extra.map((e) => e.from)].sort()[0]!;
    const to = [span.to, ...extra.map((e) => e.to)].sort().at(-1)!;
    const params = [integrationId, ...memberParams, windows.map((w) => w.name), windows.map((w) => w.from), windows.map((w) => w.to), from, to, ...more];
    return (await sql.query(statement, params)).rows as (R & { scope: string; key: string })[];
  }
  const of = (r: { scope: string; key: string }) => measures.get(keyOf(r.scope, r.key))!;

  for (const r of await query<{ name: WindowName; users: number; minutes: number }>(STATEMENTS.activeUsers, USER_WINDOWS)) {
    of(r).activeUsers[r.name] = r.users;
    of(r).minutes[r.name] = r.minutes;
  }

  const lastDay = ingested ? [{ ...ingested, name: INGESTED }] : [];
  for (const r of await query<{ name: string; days: number; lastDay: Day }>(STATEMENTS.accountDays, ["d30"], lastDay)) {
    if (r.name === INGESTED) of(r).lastActiveDay = r.lastDay;
    else of(r).activeDays[r.name as WindowName] = r.days;
  }

  if (ctx.featureIds.length > 0) {
    for (const r of await query<{ feature: string; name: WindowName; users: number; clicks: number }>(STATEMENTS.features, ROLLING, [], [ctx.featureIds])) {
      (of(r).featureUsers[r.feature] ??= {})[r.name] = r.users;
      (of(r).featureClicks[r.feature] ??= {})[r.name] = r.clicks;
    }
  }

  for (const r of await query<{ name: WindowName; responses: number; promoters: number; detractors: number }>(STATEMENTS.nps, NPS_WINDOWS)) {
    of(r).nps[r.name] = { responses: r.responses, promoters: r.promoters, detractors: r.detractors };
  }

  for (const r of await query<{ seen: number; live: number }>(STATEMENTS.guides, ["d90"])) {
    of(r).guidesSeen = r.seen;
    of(r).guidesLive = r.live;
  }

  if (ctx.contract) {
    const { salesforceId, contractedFeaturesField, licensedSeatsField } = ctx.contract;
    const params = [accounts.map((a) => a.scope), accounts.map((a) => a.accountId), integrationId, salesforceId, contractedFeaturesField, licensedSeatsField];
    for (const r of (await sql.query<{ scope: string; key: string; features: unknown; seats: unknown }>(CONTRACT, params)).rows) {
      of(r).contractedFeatures = r.features;
      of(r).licensedSeats = r.seats;
    }
  }

  return accounts.map((a) => ({ scope: a.scope, accountId: a.accountId, values: assembleKpis(measures.get(keyOf(a.scope, a.accountId))!, ctx) }));
}
