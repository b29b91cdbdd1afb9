import { db } from "@/lib/db";
import type { AccountUsageTool } from "@/lib/accounts/account-page-usage-tool";
import { groupUsersByStatus, userLookbackStart, type UserStatus } from "@/lib/accounts/account-page-users";
import { addDays, type Day } from "@/lib/usage/days";

// NPS answers, feature use and users of the tool accounts linked to this Salesforce account, read
// from the daily rollups (lib/usage/) of the one tool the page shows. Windows end on the tool's
// last ingested day, as the KPIs' do, so "active in the last 7 days" here is activeUsers7d there.
// A user of two linked tool accounts counts once.

export const NPS_SHOWN = 50;
export const TOP_FEATURES = 10;
export const UNUSED_SHOWN = 30;
export const USERS_SHOWN = 10;
export const FEATURE_DAYS = 30;

export interface UsagePerson {
  userId: string;
  name: string | null;
  email: string | null;
}

export interface NpsAnswer extends UsagePerson {
  responseId: string;
  day: Day;
  score: number;
  comment: string | null;
}

export interface NpsSection {
  /** Every answer the tool holds for these accounts. */
  total: number;
  /** Newest first, at most NPS_SHOWN. */
  answers: NpsAnswer[];
}

export interface FeatureUse {
  featureId: string;
  name: string;
  clicks: number;
  /** Days of the window with at least one click. */
  days: number;
  /** False when the tool no longer tracks the feature (deleted or gone from its list). */
  tracked: boolean;
}

export interface FeatureSection {
  from: Day;
  to: Day;
  /** Features the tool tracks now. */
  tracked: number;
  /** Tracked features with a click in the window. */
  used: number;
  top: FeatureUse[];
  unusedCount: number;
  /** Tracked features with no click in the window, by name, at most UNUSED_SHOWN. */
  unused: { featureId: string; name: string }[];
}

export interface UsersSection {
  asOf: Day;
  counts: Record<UserStatus, number>;
  /** The first USERS_SHOWN of each status, most recently active first. */
  first: Record<UserStatus, (UsagePerson & { lastActive: Day })[]>;
}

export interface UsageSections {
  asOf: Day;
  nps: NpsSection;
  features: FeatureSection;
  users: UsersSection;
}

export async function people(integrationId: string, userIds: readonly string[]): Promise<Map<string, { name: string | null; email: string | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.analyticsUser.findMany({ where: { integrationId, externalId: { in: [...new Set(userIds)] } }, select: { externalId: true, name: true, email: true } });
  return new Map(rows.map((r) => [r.externalId, { name: r.name, email: r.email }]));
}

async function npsSection(tool: AccountUsageTool): Promise<NpsSection> {
  const where = { integrationId: tool.integrationId, accountExternalId: { in: tool.members } };
  const [total, rows] = await Promise.all([
    db.usageNpsResponse.count({ where }),
    db.usageNpsResponse.findMany({ where, orderBy: [{ respondedAt: "desc" }, { responseId: "asc" }], take: NPS_SHOWN, select: { responseId: true, day: true, score: true, comment: true, userExternalId: true } }),
  ]);
  const who = await people(tool.integrationId, rows.map((r) => r.userExternalId));
  return {
    total,
    answers: rows.map((r) => ({
      responseId: r.responseId,
      day: r.day.toISOString().slice(0, 10),
      score: r.score,
      comment: r.comment && r.comment.trim() !== "" ? r.comment : null,
      userId: r.userExternalId,
      name: who.get(r.userExternalId)?.name ?? null,
      email: who.get(r.userExternalId)?.email ?? null,
    })),
  };
}

/** Feature use over the `days` days ending on `asOf` (30 on the page, 90 in the QBR). */
export async function featureUse(tool: AccountUsageTool, asOf: Day, days: number = FEATURE_DAYS): Promise<FeatureSection> {
  const from = addDays(asOf, -(days - 1));
  const [uses, tracked] = await Promise.all([
    db.$queryRaw<{ featureId: string; clicks: number; days: number }[]>`
      SELECT "featureExternalId" AS "featureId", sum("clicks")::int AS clicks, count(DISTINCT "day")::int AS days
        FROM "UsageAccountFeatureDay"
       WHERE "integrationId" = ${tool.integrationId} AND "accountExternalId" = ANY(${tool.members}::text[])
         AND "day" BETWEEN ${from}::date AND ${asOf}::date
       GROUP BY "featureExternalId"`,
    db.usageFeature.findMany({ where: { integrationId: tool.integrationId }, select: { externalId: true, name: true, active: true, removedAt: true } }),
  ]);
  const featureOf = new Map(tracked.map((f) => [f.externalId, f]));
  const isTracked = (id: string) => {
    const f = featureOf.get(id);
    return Boolean(f && f.active && f.removedAt === null);
  };
  const used = uses.filter((u) => u.clicks > 0);
  const top = used
    .map((u): FeatureUse => ({ featureId: u.featureId, name: featureOf.get(u.featureId)?.name ?? u.featureId, clicks: u.clicks, days: u.days, tracked: isTracked(u.featureId) }))
    .sort((a, b) => b.clicks - a.clicks || b.days - a.days || a.name.localeCompare(b.name))
    .slice(0, TOP_FEATURES);
  const usedIds = new Set(used.map((u) => u.featureId));
  const unused = tracked
    .filter((f) => f.active && f.removedAt === null && !usedIds.has(f.externalId))
    .map((f) => ({ featureId: f.externalId, name: f.name }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.featureId < b.featureId ? -1 : 1));
  return {
    from,
    to: asOf,
    tracked: tracked.filter((f) => f.active && f.removedAt === null).length,
    used: used.filter((u) => isTracked(u.featureId)).length,
    top,
    unusedCount: unused.length,
    unused: unused.slice(0, UNUSED_SHOWN),
  };
}

/** Each user's last active day, and days active, in the 90 days ending on `asOf`, across the linked tool accounts. */
export async function userActivity(tool: AccountUsageTool, asOf: Day): Promise<{ userId: string; lastActive: Day; activeDays: number }[]> {
  return db.$queryRaw<{ userId: string; lastActive: Day; activeDays: number }[]>`
    SELECT "userExternalId" AS "userId", to_char(max("day"), 'YYYY-MM-DD') AS "lastActive", count(DISTINCT "day")::int AS "activeDays"
      FROM "UsageUserDay"
     WHERE "integrationId" = ${tool.integrationId} AND "accountExternalId" = ANY(${tool.members}::text[])
       AND "day" BETWEEN ${userLookbackStart(asOf)}::date AND ${asOf}::date
     GROUP BY "userExternalId"`;
}

async function usersSection(tool: AccountUsageTool, asOf: Day): Promise<UsersSection> {
  const groups = groupUsersByStatus(await userActivity(tool, asOf), asOf);
  const firsts = { active: groups.active.slice(0, USERS_SHOWN), fading: groups.fading.slice(0, USERS_SHOWN), gone: groups.gone.slice(0, USERS_SHOWN) };
  const who = await people(tool.integrationId, [...firsts.active, ...firsts.fading, ...firsts.gone].map((u) => u.userId));
  const named = (list: { userId: string; lastActive: Day }[]) => list.map((u) => ({ userId: u.userId, lastActive: u.lastActive, name: who.get(u.userId)?.name ?? null, email: who.get(u.userId)?.email ?? null }));
  return {
    asOf,
    counts: { active: groups.active.length, fading: groups.fading.length, gone: groups.gone.length },
    first: { active: named(firsts.active), fading: named(firsts.fading), gone: named(firsts.gone) },
  };
}

/** Null when the tool has no usage ingested yet or no account of it is linked to this one. */
export async function usageSections(tool: AccountUsageTool): Promise<UsageSections | null> {
  if (!tool.coverage || tool.members.length === 0) return null;
  const asOf = tool.coverage.lastDay;
  const [nps, features, users] = await Promise.all([npsSection(tool), featureUse(tool, asOf), usersSection(tool, asOf)]);
  return { asOf, nps, features, users };
}
