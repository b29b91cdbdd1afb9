import type { Reader } from "@/lib/auth/data-scope";
import { db } from "@/lib/db";
import { currentHealth } from "@/lib/health/latest-health";
import type { ColourBands, HealthColour } from "@/lib/health/model";
import { accountCsm, type AccountCsm } from "@/lib/accounts/account-page-csm";
import { findVisibleAccount } from "@/lib/accounts/account-page-scope";
import { versionMarkers, type TrendPoint, type VersionMarker } from "@/lib/accounts/account-page-trend";
import { featureUse, people, userActivity, type FeatureUse, type NpsAnswer, type UsagePerson } from "@/lib/accounts/account-page-usage";
import { accountUsageTools } from "@/lib/accounts/account-page-usage-tool";
import { groupUsersByStatus, type UserStatus } from "@/lib/accounts/account-page-users";
import { npsPeriods, qbrPeriod, qbrWeeks, tallyNps, type NpsTally, type Period } from "@/lib/accounts/qbr-periods";
import { utcDay, type Day } from "@/lib/usage/days";

// The QBR summary (issue 13): one account's trailing 90 days on one printable page and as CSV —
// health, adoption trend, top features, active users and NPS trend. The 90 days end on the usage
// tool's last ingested day (the newest day usage can describe), or on the newest scored day when
// no tool tracks the account. The same read model feeds the page and the CSV.

export const QBR_USERS_SHOWN = 10;
export const QBR_COMMENTS_SHOWN = 20;

export interface QbrSummary {
  account: { id: string; name: string | null; website: string | null };
  csm: AccountCsm | null;
  /** Null when there is neither usage nor a health score to summarise. */
  period: Period | null;
  /** The usage tool the figures come from; null when no tool tracks the account (or none is ingested yet). */
  tool: { label: string; members: number } | null;
  health: {
    /** Shown now (an override in force applied). */
    now: { score: number | null; colour: HealthColour | null; day: Day; overridden: boolean } | null;
    /** Computed scores of the scored days in the period, oldest first. */
    points: TrendPoint[];
    markers: VersionMarker[];
    /** The colour bands of the newest score (the account's segment's). */
    bands: ColourBands | null;
  };
  adoption: { weeks: (Period & { activeUsers: number; activeDays: number })[]; activeUsers: number } | null;
  features: { top: FeatureUse[]; tracked: number; used: number; unusedCount: number } | null;
  users: { counts: Record<UserStatus, number>; mostActive: (UsagePerson & { activeDays: number; lastActive: Day })[] } | null;
  nps: { periods: (Period & NpsTally)[]; total: NpsTally; comments: NpsAnswer[] } | null;
}

/** Null when no account with this id is visible to the viewer. */
export async function qbrSummary(accountId: string, viewer: Reader, now = new Date()): Promise<QbrSummary | null> {
  const account = await findVisibleAccount(accountId, viewer);
  if (!account) return null;
  const [csm, shown] = await Promise.all([accountCsm(account), currentHealth([account.id], now)]);
  const health = shown.get(account.id) ?? null;
  const newestScore = await db.healthScore.findFirst({ where: { accountId: account.id }, select: { usageSource: true, measures: true }, orderBy: { day: "desc" } });
  const bands = newestScore ? ((newestScore.measures as { bands?: ColourBands }).bands ?? null) : null;
  const tools = await accountUsageTools(account.id, newestScore?.usageSource ?? null);
  const tool = tools.shown && tools.shown.coverage && tools.shown.members.length > 0 ? tools.shown : null;
  const asOf = tool?.coverage?.lastDay ?? (health ? utcDay(health.day) : null);
  const base = { account: { id: account.id, name: account.name, website: account.website }, csm };
  const nowHealth = health ? { score: health.score, colour: health.colour, day: utcDay(health.day), overridden: health.override !== null } : null;
  if (!asOf) return { ...base, period: null, tool: null, health: { now: nowHealth, points: [], markers: [], bands }, adoption: null, features: null, users: null, nps: null };

  const period = qbrPeriod(asOf);
  const range = { gte: new Date(`${period.from}T00:00:00Z`), lte: new Date(`${period.to}T00:00:00Z`) };
  const scores = await db.healthScore.findMany({ where: { accountId: account.id, day: range }, select: { day: true, score: true, colour: true, modelVersion: true }, orderBy: { day: "asc" } });
  const points = scores.map((s): TrendPoint => ({ day: utcDay(s.day), score: s.score, colour: s.colour as HealthColour | null, modelVersion: s.modelVersion }));
  const healthPart = { now: nowHealth, points, markers: versionMarkers(points), bands };
  if (!tool) return { ...base, period, tool: null, health: healthPart, adoption: null, features: null, users: null, nps: null };

  const [weekRows, features, activity, answers] = await Promise.all([
    // Week index counted back from the as-of day (date − date is whole days in PostgreSQL).
    db.$queryRaw<{ back: number; users: number; days: number }[]>`
      SELECT ((${asOf}::date - "day") / 7)::int AS back, count(DISTINCT "userExternalId")::int AS users, count(DISTINCT "day")::int AS days
        FROM "UsageUserDay"
       WHERE "integrationId" = ${tool.integrationId} AND "accountExternalId" = ANY(${tool.members}::text[])
         AND "day" BETWEEN ${period.from}::date AND ${period.to}::date
       GROUP BY 1`,
    featureUse(tool, asOf, 90),
    userActivity(tool, asOf),
    db.usageNpsResponse.findMany({
      where: { integrationId: tool.integrationId, accountExternalId: { in: tool.members }, day: range },
      select: { day: true, score: true, comment: true, userExternalId: true, respondedAt: true, responseId: true },
      orderBy: [{ respondedAt: "desc" }, { responseId: "asc" }],
    }),
  ]);
  const byWeek = new Map(weekRows.map((w) => [w.back, w]));
  const weeks = qbrWeeks(asOf).map(({ back, ...w }) => ({ ...w, activeUsers: byWeek.get(back)?.users ?? 0, activeDays: byWeek.get(back)?.days ?? 0 }));

  const groups = groupUsersByStatus(activity, asOf);
  const mostActive = [...activity].sort((a, b) => b.activeDays - a.activeDays || (a.lastActive > b.lastActive ? -1 : a.lastActive < b.lastActive ? 1 : 0) || (a.userId < b.userId ? -1 : 1)).slice(0, QBR_USERS_SHOWN);
  const commented = answers.filter((a) => a.comment && a.comment.trim() !== "").slice(0, QBR_COMMENTS_SHOWN);
  const who = await people(tool.integrationId, [...mostActive.map((u) => u.userId), ...commented.map((a) => a.userExternalId)]);
  const person = (userId: string): UsagePerson => ({ userId, name: who.get(userId)?.name ?? null, email: who.get(userId)?.email ?? null });

  const answerDays = answers.map((a) => ({ day: utcDay(a.day), score: a.score }));
  return {
    ...base,
    period,
    tool: { label: tool.label, members: tool.members.length },
    health: healthPart,
    adoption: { weeks, activeUsers: activity.length },
    features: { top: features.top, tracked: features.tracked, used: features.used, unusedCount: features.unusedCount },
    users: {
      counts: { active: groups.active.length, fading: groups.fading.length, gone: groups.gone.length },
      mostActive: mostActive.map((u) => ({ ...person(u.userId), activeDays: u.activeDays, lastActive: u.lastActive })),
    },
    nps: {
      periods: npsPeriods(asOf).map((p) => ({ ...p, ...tallyNps(answerDays.filter((a) => a.day >= p.from && a.day <= p.to).map((a) => a.score)) })),
      total: tallyNps(answerDays.map((a) => a.score)),
      comments: commented.map((a) => ({ ...person(a.userExternalId), responseId: a.responseId, day: utcDay(a.day), score: a.score, comment: a.comment })),
    },
  };
}
