import type { Integration } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { closeRun, closeStep, openRun, openStep, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { utcDay } from "@/lib/usage/days";
import type { UsageOptions } from "@/lib/usage/options";
import { runUsageStep, type UsageStepResult } from "@/lib/usage/run-usage-step";

// Shared by the usage integration tests: run the usage step the way a Synchronize run does, read
// every rollup back in a stable order, and name days independently of lib/usage (Intl, not the
// connectors' arithmetic).

/** The calendar day of instant `ms` in time zone `tz`, "YYYY-MM-DD". */
export function localDay(ms: number, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
}

/**
 * The usage step as step 0 of a SYNC run. A run a failed attempt left RUNNING is resumed with its
 * step's counts and checkpoint, as the worker resumes it; on failure the run stays RUNNING.
 */
export async function runUsage(tool: Integration, options: UsageOptions = {}): Promise<UsageStepResult & { runId: string; stepId: string }> {
  const { run } = await openRun({ integrationId: tool.id, system: tool.system, kind: "SYNC", trigger: "test" });
  const step = await openStep(run.id, 0, "usage", tool.id);
  const stats = (step.stats ?? {}) as StepStats;
  const checkpoint = (step.checkpoint ?? {}) as StepCheckpoint;
  const apiCalls = { ...((step.apiCalls ?? {}) as Record<string, number>) };
  try {
    const result = await runUsageStep(tool, { runId: run.id, stepId: step.id, stats, checkpoint, apiCalls }, options);
    await closeStep(step.id, { status: "SUCCEEDED", stats, apiCalls });
    await closeRun(run.id, "SUCCEEDED");
    return { ...result, runId: run.id, stepId: step.id };
  } catch (error) {
    await db.syncStep.update({ where: { id: step.id }, data: { apiCalls } });
    throw error;
  }
}

const day = (d: Date) => utcDay(d);

/** Every rollup row of one integration, sorted; days as "YYYY-MM-DD". */
export async function usageSnapshot(integrationId: string) {
  const where = { integrationId };
  const [userDays, accountDays, userFeatureDays, accountFeatureDays, engagementDays, nps, cursor] = await Promise.all([
    db.usageUserDay.findMany({ where, orderBy: [{ day: "asc" }, { accountExternalId: "asc" }, { userExternalId: "asc" }] }),
    db.usageAccountDay.findMany({ where, orderBy: [{ day: "asc" }, { accountExternalId: "asc" }] }),
    db.usageUserFeatureDay.findMany({ where, orderBy: [{ day: "asc" }, { accountExternalId: "asc" }, { featureExternalId: "asc" }, { userExternalId: "asc" }] }),
    db.usageAccountFeatureDay.findMany({ where, orderBy: [{ day: "asc" }, { accountExternalId: "asc" }, { featureExternalId: "asc" }] }),
    db.usageEngagementDay.findMany({ where, orderBy: [{ day: "asc" }, { accountExternalId: "asc" }, { engagementExternalId: "asc" }] }),
    db.usageNpsResponse.findMany({ where, orderBy: { responseId: "asc" } }),
    db.usageCursor.findUnique({ where }),
  ]);
  return {
    userDays: userDays.map((r) => ({ day: day(r.day), account: r.accountExternalId, user: r.userExternalId, events: r.events, minutes: r.minutes })),
    accountDays: accountDays.map((r) => ({ day: day(r.day), account: r.accountExternalId, activeUsers: r.activeUsers, events: r.events, minutes: r.minutes })),
    userFeatureDays: userFeatureDays.map((r) => ({ day: day(r.day), account: r.accountExternalId, feature: r.featureExternalId, user: r.userExternalId, clicks: r.clicks })),
    accountFeatureDays: accountFeatureDays.map((r) => ({ day: day(r.day), account: r.accountExternalId, feature: r.featureExternalId, users: r.users, clicks: r.clicks })),
    engagementDays: engagementDays.map((r) => ({ day: day(r.day), account: r.accountExternalId, engagement: r.engagementExternalId, users: r.users, views: r.views })),
    nps: nps.map((r) => ({ survey: r.surveyId, day: day(r.day), account: r.accountExternalId, user: r.userExternalId, at: r.respondedAt.getTime(), score: r.score, comment: r.comment })),
    coverage: cursor ? { firstDay: day(cursor.firstDay), lastDay: day(cursor.lastDay) } : null,
  };
}

export type UsageSnapshot = Awaited<ReturnType<typeof usageSnapshot>>;

/** Forgets one integration's rollups and coverage, as if it had never been ingested. */
export async function forgetUsage(integrationId: string): Promise<void> {
  const where = { integrationId };
  await db.$transaction([
    db.usageUserDay.deleteMany({ where }),
    db.usageAccountDay.deleteMany({ where }),
    db.usageUserFeatureDay.deleteMany({ where }),
    db.usageAccountFeatureDay.deleteMany({ where }),
    db.usageEngagementDay.deleteMany({ where }),
    db.usageNpsResponse.deleteMany({ where }),
    db.usageCursor.deleteMany({ where }),
  ]);
}

/** Sorts rows by their JSON, so an expected set built in any order compares with a snapshot. */
export function sorted<T>(rows: T[]): T[] {
  return rows.slice().sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

/** A snapshot whose every table is in a stable order, for comparing two ingestions. */
export function comparable(s: UsageSnapshot) {
  const { coverage, ...tables } = s;
  return { coverage, ...Object.fromEntries(Object.entries(tables).map(([k, rows]) => [k, sorted(rows as unknown[])])) };
}
