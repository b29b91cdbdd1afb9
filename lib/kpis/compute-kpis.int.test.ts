import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { accountKpis } from "@/lib/kpis/account-kpis";
import { computeKpis, type AccountKpis } from "@/lib/kpis/compute-kpis";
import { listKpiAccounts, loadKpiContext } from "@/lib/kpis/kpi-accounts";
import { runKpiStep } from "@/lib/kpis/run-kpi-step";
import { snapshotKpis } from "@/lib/kpis/snapshot-kpis";
import { openRun, openStep, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { closeSyncPool, inTransaction } from "@/lib/sync/sql";
import { truncateAll } from "@/lib/testing/database";
import { emptyBatch, type UsageBatch } from "@/lib/usage/rollup";
import { replaceUsageDays } from "@/lib/usage/write-usage";

// The KPI SQL pinned on small hand-made rollups, written by the real rollup writer. As of Thursday
// 2026-11-19 with 180 days ingested (from 2026-05-24), the windows are:
//   7d  11-13..11-19, before 11-06..11-12     last week  11-09..11-15, before 11-02..11-08
//   30d 10-21..11-19, before 09-21..10-20     last month October, before September
//   90d 08-22..11-19, before 05-24..08-21     last quarter Q3, before Q2 (not all ingested)

const TOOL = "pendo-kpi";
const asOf = "2026-11-19";
const S1 = "001000000000001AAA"; // linked to acme and acme-eu
const S2 = "001000000000002AAA"; // linked to newco
const at = (iso: string) => Date.parse(iso);

function rollups(): UsageBatch {
  const b = emptyBatch({ from: "2026-05-01", to: "2026-11-30" });
  const day = (day: string, accountId: string, userId: string, minutes: number) => b.userDays.push({ day, accountId, userId, events: 1, minutes });
  day("2026-11-19", "acme", "u1", 10);
  day("2026-11-13", "acme", "u1", 5); // first day of the 7
  day("2026-10-15", "acme", "u1", 7);
  day("2026-11-12", "acme", "u2", 4); // last day of the 7 before
  day("2026-11-06", "acme", "u2", 1);
  day("2026-10-21", "acme", "u3", 2); // first day of the 30
  day("2026-10-20", "acme", "u3", 3);
  day("2026-08-22", "acme", "u4", 1); // first day of the 90
  day("2026-05-24", "acme", "u4", 1); // first ingested day
  day("2026-11-20", "acme", "u5", 9); // after the as-of day
  day("2026-11-18", "acme-eu", "u1", 6); // the same user in the other account linked to S1
  day("2026-11-17", "acme-eu", "u7", 8);
  day("2026-11-19", "newco", "n1", 3); // brand new: active on the as-of day only
  day("2026-11-19", "", "nobody", 60); // no account: no account's KPIs
  day("2026-09-01", "gone", "g1", 2);
  // Auckland's days: the rollup says 11-13 (in the 7) though it began 11-12 in UTC.
  day("2026-11-13", "kiwi", "k1", 4);

  const click = (day: string, accountId: string, featureId: string, userId: string, clicks: number) => b.userFeatureDays.push({ day, accountId, featureId, userId, clicks });
  click("2026-11-19", "acme", "f1", "u1", 3);
  click("2026-11-12", "acme", "f1", "u2", 2);
  click("2026-11-19", "acme", "f3", "u1", 5); // a removed feature
  click("2026-11-18", "acme-eu", "f1", "u1", 1);

  const view = (day: string, engagementId: string) => b.userEngagementDays.push({ day, accountId: "acme", engagementId, userId: "u1", views: 1 });
  view("2026-11-01", "g1");
  view("2026-10-01", "g2");
  view("2026-09-01", "g3");
  view("2026-11-10", "g4"); // not listed by the tool
  view("2026-08-21", "g5"); // before the 90 days

  let n = 0;
  const answer = (day: string, score: number, respondedAt: string, accountId = "acme") =>
    b.nps.push({ responseId: `r${++n}`, surveyId: "nps", day, accountId, userId: "u1", respondedAt: at(respondedAt), score, comment: null });
  answer("2026-11-19", 10, "2026-11-19T10:00:00Z");
  answer("2026-11-13", 6, "2026-11-13T10:00:00Z");
  answer("2026-11-10", 9, "2026-11-10T10:00:00Z");
  answer("2026-11-03", 7, "2026-11-03T10:00:00Z");
  answer("2026-10-05", 8, "2026-10-05T10:00:00Z");
  answer("2026-09-10", 10, "2026-09-10T10:00:00Z");
  answer("2026-07-01", 0, "2026-07-01T10:00:00Z");
  answer("2026-11-19", 0, "2026-11-19T10:00:00Z", "");
  // Auckland: 09:00 on the 13th is the 12th in UTC; 00:30 on the 20th is still the 19th in UTC.
  answer("2026-11-13", 10, "2026-11-12T20:00:00Z", "kiwi");
  answer("2026-11-20", 0, "2026-11-19T11:30:00Z", "kiwi");
  return b;
}

async function writeRollups(batch: UsageBatch) {
  await inTransaction((sql) => replaceUsageDays(sql, TOOL, batch, {}));
}

const now = new Date("2026-11-20T08:00:00Z");
let kpis: Map<string, AccountKpis>;
const get = (scope: string, id: string) => kpis.get(`${scope}:${id}`)!.values;

beforeAll(async () => {
  await truncateAll(db);
  await db.integration.create({ data: { id: TOOL, system: "PENDO", environment: "us", baseUrl: "https://pendo.example" } });
  await writeRollups(rollups());
  await db.usageCursor.create({ data: { integrationId: TOOL, firstDay: new Date("2026-05-24"), lastDay: new Date(asOf), updatedAt: now } });
  const feature = (externalId: string, name: string, active: boolean, removedAt: Date | null = null) => ({ integrationId: TOOL, externalId, name, active, refreshedAt: now, removedAt });
  await db.usageFeature.createMany({ data: [feature("f1", "Reports", true), feature("f2", "Export", true), feature("f3", "Old", true, now), feature("f4", "Beta", false)] });
  const guide = (externalId: string, active: boolean, removedAt: Date | null = null) => ({ integrationId: TOOL, externalId, name: externalId, active, isNps: false, refreshedAt: now, removedAt });
  await db.usageEngagement.createMany({ data: [guide("g1", true), guide("g2", false), guide("g3", true, now), guide("g5", true)] });
  const account = (externalId: string, removedAt: Date | null = null) => ({ integrationId: TOOL, externalId, custom: {}, contentHash: externalId, pulledAt: now, removedAt });
  await db.analyticsAccount.createMany({ data: [account("acme"), account("dormant"), account("gone", now), account("forgotten", now)] });
  const link = (analyticsId: string, salesforceId: string) => ({ integrationId: TOOL, entity: "ACCOUNT" as const, analyticsId, salesforceId, criterion: "salesforceId", matchedAt: now });
  await db.matchLink.createMany({ data: [link("acme", S1), link("acme-eu", S1), link("newco", S2)] });

  const rows = await inTransaction(async (sql) => {
    const ctx = await loadKpiContext(sql, TOOL, asOf);
    return computeKpis(sql, TOOL, await listKpiAccounts(sql, TOOL, ctx.coverage!.firstDay, asOf), ctx);
  });
  kpis = new Map(rows.map((r) => [`${r.scope}:${r.accountId}`, r]));
});

afterAll(async () => {
  await closeSyncPool();
  await db.$disconnect();
});

describe("KPI SQL on hand-made rollups", () => {
  it("computes every account the tool lists or has usage for, and every linked Salesforce account", () => {
    expect([...kpis.keys()].sort()).toEqual(["analytics:acme", "analytics:acme-eu", "analytics:dormant", "analytics:gone", "analytics:kiwi", "analytics:newco", `salesforce:${S1}`, `salesforce:${S2}`]);
  });

  it("active users: distinct users with an event in each window, edges included, and the change against the window before", () => {
    expect(get("analytics", "acme")).toMatchObject({
      activeUsers7d: 1, // u1 (twice); u5's day is after the as-of day
      activeUsers7dChangePct: 0, // u2 the 7 days before
      activeUsers30d: 3, // u1, u2, u3
      activeUsers30dChangePct: 50, // u1, u3 the 30 days before
      activeUsers90d: 4,
      activeUsers90dChangePct: 300, // u4 on the first ingested day
      lastMonthMau: 2, // October: u1, u3
      wau: 1,
      mau: 3,
      qau: 4,
      wauWowChangePct: 0,
      mauMomChangePct: 50,
      qauQoqChangePct: 300,
    });
  });

  it("minutes, active days and the last visit", () => {
    expect(get("analytics", "acme")).toMatchObject({ minutesInProduct7d: 15, minutesInProduct30d: 22, activeDays30d: 5, lastVisitAt: "2026-11-19" });
    expect(get("analytics", "gone")).toMatchObject({ activeUsers90d: 1, activeUsers30d: 0, lastVisitAt: "2026-09-01" });
  });

  it("a Salesforce account counts a user of two of its linked accounts once, and adds up their minutes and clicks", () => {
    expect(get("analytics", "acme-eu")).toMatchObject({ activeUsers7d: 2, minutesInProduct7d: 14 });
    expect(get("salesforce", S1)).toMatchObject({
      activeUsers7d: 2, // u1 and u7; not 1 + 2
      activeUsers30d: 4,
      minutesInProduct7d: 29,
      activeDays30d: 7,
      lastVisitAt: "2026-11-19",
      "feature.f1.users7d": 1, // u1 in both accounts
      "feature.f1.clicks7d": 4,
    });
  });

  it("a brand-new account has its first day's counts and no change; one without usage has zeros and no last visit", () => {
    expect(get("analytics", "newco")).toMatchObject({ activeUsers7d: 1, activeUsers7dChangePct: null, activeUsers90dChangePct: null, lastMonthMau: 0, lastVisitAt: asOf });
    expect(get("salesforce", S2)).toEqual(get("analytics", "newco"));
    expect(get("analytics", "dormant")).toMatchObject({ activeUsers7d: 0, activeUsers30d: 0, minutesInProduct30d: 0, activeDays30d: 0, lastVisitAt: null, npsResponses90d: 0, npsScore90d: null });
  });

  it("features: tracked features only (listed, not deleted), users and clicks per window, breadth over the tracked ones", () => {
    const acme = get("analytics", "acme");
    expect(acme).toMatchObject({
      "feature.f1.users7d": 1,
      "feature.f1.users7dChangePct": 0,
      "feature.f1.clicks7d": 3,
      "feature.f1.clicks7dChangePct": 50,
      "feature.f1.users30d": 2,
      "feature.f1.clicks30d": 5,
      "feature.f2.users30d": 0,
      "feature.f2.clicks90dChangePct": null,
      featureBreadth30d: 50,
      coreFeatureAdoption30d: null,
    });
    expect(Object.keys(acme).filter((k) => k.startsWith("feature.")).map((k) => k.split(".")[1])).not.toContain("f3");
    expect(Object.keys(acme).some((k) => k.startsWith("feature.f4."))).toBe(false);
  });

  it("NPS: every answer of the account in the window, by the rollup's day; calendar periods and their changes", () => {
    expect(get("analytics", "acme")).toMatchObject({
      npsResponses7d: 2,
      npsScore7d: 0,
      npsResponses30d: 4,
      npsScore30d: 25,
      npsResponses90d: 6,
      npsScore90d: 33.33,
      npsResponsesLastWeek: 2,
      npsScoreLastWeek: 0,
      npsScoreWowChangePct: null, // the week before scored 0
      npsResponsesWowChangePct: 100,
      npsScoreLastMonth: 0,
      npsScoreMomChangePct: -100,
      npsResponsesMomChangePct: 0,
      npsResponsesLastQuarter: 2,
      npsScoreLastQuarter: 0,
      npsScoreQoqChangePct: null, // Q2 is not all ingested
    });
  });

  it("windows use the rollups' days (the tool's time zone), not the instants' UTC days", () => {
    const kiwi = get("analytics", "kiwi");
    expect(kiwi).toMatchObject({ activeUsers7d: 1, activeUsers7dChangePct: null, npsResponses7d: 1, npsScore7d: 100 });
  });

  it("engagements seen in 90 days, and those live now", () => {
    expect(get("analytics", "acme")).toMatchObject({ engagementsTotal: 4, engagementsActive: 1, seatUtilisationPct: null });
  });
});

describe("daily KPI snapshot", () => {
  const snapshot = async (day: string) =>
    (await db.kpiSnapshot.findMany({ where: { integrationId: TOOL, day: new Date(day) }, orderBy: [{ scope: "asc" }, { accountId: "asc" }] })).map((r) => ({ scope: r.scope, accountId: r.accountId, values: r.values }));

  it("keeps every account's values for the day; computing the day again replaces it with the same rows", async () => {
    const counts = await snapshotKpis(TOOL, asOf);
    expect(counts).toEqual({ asOf, analytics: 6, salesforce: 2 });
    const first = await snapshot(asOf);
    expect(first.length).toBe(8);
    expect(first.find((r) => r.accountId === "acme")!.values).toEqual(get("analytics", "acme"));

    await snapshotKpis(TOOL, "2026-11-18");
    const dayBefore = await snapshot("2026-11-18");
    await snapshotKpis(TOOL, asOf);
    expect(await snapshot(asOf)).toEqual(first);
    expect(await snapshot("2026-11-18")).toEqual(dayBefore);
  });

  it("a re-ingested day changes the snapshot of that day when it is computed again", async () => {
    const batch = rollups();
    batch.userDays.push({ day: "2026-11-19", accountId: "acme", userId: "u8", events: 1, minutes: 1 });
    await writeRollups(batch);
    await snapshotKpis(TOOL, asOf);
    const acme = (await snapshot(asOf)).find((r) => r.accountId === "acme")!.values as Record<string, unknown>;
    expect(acme.activeUsers7d).toBe(2);
    await writeRollups(rollups());
    await snapshotKpis(TOOL, asOf);
    expect((await snapshot(asOf)).find((r) => r.accountId === "acme")!.values).toEqual(get("analytics", "acme"));
  });

  it("refuses a day outside the ingested days, saying which days are", async () => {
    await expect(snapshotKpis(TOOL, "2026-11-20")).rejects.toThrow("ingested from 2026-05-24 to 2026-11-19");
    await expect(snapshotKpis("never-ingested", asOf)).rejects.toThrow("ingested for no day yet");
  });
});

describe("the KPI step", () => {
  it("snapshots the last ingested day with the step's counts and checkpoint; resumed, it does not compute the day again", async () => {
    const tool = await db.integration.findUniqueOrThrow({ where: { id: TOOL } });
    const { run } = await openRun({ integrationId: TOOL, system: "PENDO", kind: "SYNC", trigger: "test" });
    const step = await openStep(run.id, 1, "kpis", TOOL);
    const ctx = { runId: run.id, stepId: step.id, stats: {} as StepStats, checkpoint: {} as StepCheckpoint };
    const result = await runKpiStep(tool, ctx);
    expect(result).toEqual({ stats: { kpis: { analytics: 6, salesforce: 2 } }, asOf, skipped: null });
    const saved = await db.syncStep.findUniqueOrThrow({ where: { id: step.id } });
    expect(saved.stats).toEqual({ kpis: { analytics: 6, salesforce: 2 } });
    expect(saved.checkpoint).toEqual({ kpis: { asOf } });

    const written = await db.kpiSnapshot.findFirstOrThrow({ where: { integrationId: TOOL, day: new Date(asOf) } });
    await runKpiStep(tool, { ...ctx, checkpoint: saved.checkpoint as StepCheckpoint });
    const after = await db.kpiSnapshot.findFirstOrThrow({ where: { integrationId: TOOL, day: new Date(asOf), accountId: written.accountId, scope: written.scope } });
    expect(after.computedAt).toEqual(written.computedAt);
  });

  it("is skipped, saying why, while no usage is ingested", async () => {
    const tool = await db.integration.create({ data: { id: "px-kpi", system: "PX", environment: "us", baseUrl: "https://px.example" } });
    const result = await runKpiStep(tool, { runId: "r", stepId: "s", stats: {}, checkpoint: {} });
    expect(result.skipped).toMatch(/No usage is ingested yet/);
    expect(result.asOf).toBeNull();
  });
});

describe("one account's KPIs for the command line", () => {
  it("finds the tool's account, or the Salesforce account by its 18- or 15-character id", async () => {
    const byTool = await accountKpis({ system: "PENDO", account: "acme" });
    expect(byTool.asOf).toBe(asOf);
    expect(byTool.accounts).toEqual([{ scope: "analytics", accountId: "acme", kpis: expect.objectContaining({ activeUsers30d: 3 }) }]);
    expect(Object.keys(byTool.accounts[0]!.kpis)).toEqual(byTool.catalogue.map((d) => d.key));
    const bySalesforce = await accountKpis({ system: "PENDO", account: S1.slice(0, 15), asOf: "2026-11-18" });
    expect(bySalesforce.accounts.map((a) => [a.scope, a.accountId, a.kpis.activeUsers7d])).toEqual([["salesforce", S1, 3]]); // u1, u2, u7 in 11-12..11-18
  });

  it("says what to do about an unknown account, a day outside the ingested ones, or a tool not connected", async () => {
    await expect(accountKpis({ system: "PENDO", account: "nope" })).rejects.toThrow("Pendo has no account nope");
    await expect(accountKpis({ system: "PENDO", account: "acme", asOf: "2026-05-23" })).rejects.toThrow("give an --as-of in that range");
    await expect(accountKpis({ system: "PENDO", account: "acme", asOf: "2026-02-30" })).rejects.toThrow("--as-of must be a day written YYYY-MM-DD");
    await expect(accountKpis({ system: "PX", account: "acme" })).rejects.toThrow("No Gainsight PX usage is ingested yet");
  });
});
