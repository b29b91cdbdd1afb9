import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Pendo usage into the rollups through the real connector, against the emulators over HTTP (ports
// 3241-3243): every rollup equals a computation written here from the fixture's own rows, in the
// subscription's time zone; re-reading changes nothing; a crash mid-ingestion resumes to the same.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3241");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3242");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3243/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import type { Fixture } from "@/emulators/fixture/schema";
import type { PendoFixture } from "@/emulators/pendo/fixture";
import { startPendoEmulator } from "@/emulators/pendo/server";
import { addPeriods, startOfPeriod } from "@/emulators/fixture/runtime/tz";
import { PendoConnector } from "@/lib/connectors/pendo/client";
import { PendoUsageReader } from "@/lib/connectors/pendo/usage";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DEMO_KEYS } from "@/lib/integrations/connect-demo";
import { connectedHub } from "@/lib/testing/connected-hub";
import { openRun, openStep } from "@/lib/sync/runs";
import { addDays, dayBatches } from "@/lib/usage/days";
import { ingestPendo } from "@/lib/usage/ingest-pendo";
import { comparable, forgetUsage, localDay, runUsage, sorted, usageSnapshot, type UsageSnapshot } from "@/lib/usage/test-support";

const HOUR = 3_600_000;
const fixture = generateDemoData({ seed: 12, accounts: 30 });
const pendo = fixture.pendo;
const TZ = pendo.subscription!.timezone!;
const npsGuide = pendo.guides!.find((g) => g.polls?.some((p) => p.attributes?.type === "NPSRating"))!;
const ratingPoll = npsGuide.polls!.find((p) => p.attributes?.type === "NPSRating")!.id;
const reasonPoll = npsGuide.polls!.find((p) => p.attributes?.type === "NPSReason")!.id;
const onboarding = pendo.guides!.find((g) => g.id !== npsGuide.id)!;

// Pendo's clock starts at the fixture's now: its yesterday, and the first backfill's batches.
const yesterday = addDays(localDay(Date.parse(fixture.now!), TZ), -1);
const window = { from: addDays(yesterday, -179), to: yesterday };
const batchEnds = dayBatches(window, 7).map((b) => b.to);

// Days the demo data has, by local midnight (the generator's `day` values).
const dataDays = [...new Set(pendo.events.map((e) => e.day))].sort((a, b) => a - b);
const midnightOf = (day: string) => dataDays.find((d) => localDay(d, TZ) === day)!;
// A batch's last day with usage: an NPS rating at 23:30 local that night is the next UTC day, and
// its reason, given at 00:10, falls on the next local day (and in the next batch).
const lateDay = batchEnds.filter((d) => d < addDays(yesterday, -10) && dataDays.some((m) => localDay(m, TZ) === d)).at(-1)!;
const [lateVisitor, otherVisitor] = [pendo.visitors[0]!, pendo.visitors[1]!];
const accountOf = (v: typeof lateVisitor) => String(v.metadata.auto?.accountid ?? "");

function addLateAnswersAndGuideViews(f: Fixture): void {
  const nextMidnight = addPeriods("daily", midnightOf(lateDay), 1, TZ);
  const base = { type: "pollResponse", appId: -323232, guideId: npsGuide.id, visitorId: lateVisitor.visitorId, accountId: accountOf(lateVisitor) };
  f.pendo.pollEvents.push(
    { ...base, pollId: ratingPoll, pollType: "NPSRating", pollResponse: 4, browserTime: nextMidnight - 30 * 60_000 },
    { ...base, pollId: reasonPoll, pollType: "NPSReason", pollResponse: "Too slow after midnight", browserTime: nextMidnight + 10 * 60_000 },
  );
  const seen = (visitor: typeof lateVisitor, guideId: string, at: number) => ({ type: "guideSeen", visitorId: visitor.visitorId, accountId: accountOf(visitor), appId: -323232, guideId, browserTime: at });
  const day = midnightOf(lateDay);
  f.pendo.guideEvents = [
    seen(lateVisitor, onboarding.id, day + 9 * HOUR),
    seen(lateVisitor, onboarding.id, day + 10 * HOUR),
    { ...seen(lateVisitor, onboarding.id, day + 11 * HOUR), type: "guideDismissed" },
    seen(otherVisitor, onboarding.id, day + 23 * HOUR + 50 * 60_000),
    seen(lateVisitor, npsGuide.id, addPeriods("daily", day, 1, TZ) - 31 * 60_000),
    seen({ ...lateVisitor, visitorId: "_PENDO_T_anonymous" }, onboarding.id, day + 12 * HOUR),
  ];
}
addLateAnswersAndGuideViews(fixture);

const identified = (id: string) => id !== "" && !id.startsWith("_PENDO_T_");
const inWindow = (d: string, w: { from: string; to: string }) => d >= w.from && d <= w.to;

/** The rollups, computed here from the fixture's rows with Intl's idea of the local day. */
function expected(p: PendoFixture, w: { from: string; to: string }): Omit<UsageSnapshot, "coverage"> {
  const userDays = new Map<string, { day: string; account: string; user: string; events: number; minutes: number }>();
  for (const e of p.events) {
    const day = localDay(e.day, TZ);
    if (!identified(e.visitorId) || !inWindow(day, w)) continue;
    const k = `${day}|${e.accountId}|${e.visitorId}`;
    const cur = userDays.get(k) ?? { day, account: e.accountId, user: e.visitorId, events: 0, minutes: 0 };
    cur.events += e.numEvents;
    cur.minutes += e.numMinutes;
    userDays.set(k, cur);
  }
  const accountDays = new Map<string, { day: string; account: string; activeUsers: number; events: number; minutes: number }>();
  for (const u of userDays.values()) {
    if (u.account === "") continue;
    const k = `${u.day}|${u.account}`;
    const cur = accountDays.get(k) ?? { day: u.day, account: u.account, activeUsers: 0, events: 0, minutes: 0 };
    cur.activeUsers++;
    cur.events += u.events;
    cur.minutes += u.minutes;
    accountDays.set(k, cur);
  }
  const userFeatureDays = new Map<string, { day: string; account: string; feature: string; user: string; clicks: number }>();
  for (const e of p.featureEvents) {
    const day = localDay(e.day, TZ);
    if (!identified(e.visitorId) || !inWindow(day, w)) continue;
    const k = `${day}|${e.accountId}|${e.featureId}|${e.visitorId}`;
    const cur = userFeatureDays.get(k) ?? { day, account: e.accountId, feature: e.featureId, user: e.visitorId, clicks: 0 };
    cur.clicks += e.numEvents;
    userFeatureDays.set(k, cur);
  }
  const accountFeatureDays = new Map<string, { day: string; account: string; feature: string; users: number; clicks: number }>();
  for (const f of userFeatureDays.values()) {
    if (f.account === "") continue;
    const k = `${f.day}|${f.account}|${f.feature}`;
    const cur = accountFeatureDays.get(k) ?? { day: f.day, account: f.account, feature: f.feature, users: 0, clicks: 0 };
    cur.users++;
    cur.clicks += f.clicks;
    accountFeatureDays.set(k, cur);
  }
  const engagementDays = new Map<string, { day: string; account: string; engagement: string; users: number; views: number; viewers: Set<string> }>();
  for (const g of p.guideEvents ?? []) {
    const day = localDay(g.browserTime, TZ);
    if (g.type !== "guideSeen" || !identified(g.visitorId) || !inWindow(day, w)) continue;
    const k = `${day}|${g.accountId}|${g.guideId}`;
    const cur = engagementDays.get(k) ?? { day, account: g.accountId, engagement: g.guideId, users: 0, views: 0, viewers: new Set<string>() };
    cur.viewers.add(g.visitorId);
    cur.users = cur.viewers.size;
    cur.views++;
    engagementDays.set(k, cur);
  }
  const nps = p.pollEvents
    .filter((r) => r.pollId === ratingPoll && identified(r.visitorId) && inWindow(localDay(r.browserTime, TZ), w))
    .map((r) => {
      // A reason answers the visitor's latest rating before it, given within a day.
      const answers = (x: (typeof p.pollEvents)[number]) =>
        x.pollId === reasonPoll && x.visitorId === r.visitorId && x.browserTime >= r.browserTime && x.browserTime < r.browserTime + 24 * HOUR &&
        !p.pollEvents.some((y) => y.pollId === ratingPoll && y.visitorId === r.visitorId && y.browserTime > r.browserTime && y.browserTime <= x.browserTime);
      const reason = p.pollEvents.filter(answers).sort((a, b) => a.browserTime - b.browserTime)[0];
      return { survey: npsGuide.id, day: localDay(r.browserTime, TZ), account: r.accountId, user: r.visitorId, at: r.browserTime, score: Number(r.pollResponse), comment: reason ? String(reason.pollResponse) : null };
    });
  return {
    userDays: sorted([...userDays.values()]),
    accountDays: sorted([...accountDays.values()]),
    userFeatureDays: sorted([...userFeatureDays.values()]),
    accountFeatureDays: sorted([...accountFeatureDays.values()]),
    engagementDays: sorted([...engagementDays.values()].map(({ viewers: _v, ...r }) => r)),
    nps: sorted(nps),
  };
}

let teardown: () => Promise<void> = async () => undefined;
const pendoTool = () => db.integration.findFirstOrThrow({ where: { system: "PENDO" } });

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3241);
});

afterAll(() => teardown());

describe("Pendo usage ingestion", () => {
  let reference: UsageSnapshot;

  it("rolls Pendo's visitor days, feature clicks, guide views and NPS answers up per user, account and day, in the subscription's days", async () => {
    const tool = await pendoTool();
    const result = await runUsage(tool);
    expect(result.window).toEqual(window);
    expect(result.coverage).toEqual({ firstDay: window.from, lastDay: window.to });

    reference = await usageSnapshot(tool.id);
    const want = expected(pendo, window);
    expect(reference.userDays.length).toBeGreaterThan(100);
    expect(sorted(reference.userDays)).toEqual(want.userDays);
    expect(sorted(reference.accountDays)).toEqual(want.accountDays);
    expect(sorted(reference.userFeatureDays)).toEqual(want.userFeatureDays);
    expect(sorted(reference.accountFeatureDays)).toEqual(want.accountFeatureDays);
    expect(sorted(reference.engagementDays)).toEqual(want.engagementDays);
    expect(sorted(reference.nps)).toEqual(want.nps);
    expect(want.nps.filter((r) => r.comment !== null).length).toBeGreaterThan(0);

    // The 23:30 rating is on its local day, not the UTC one, and keeps the reason given after midnight.
    const late = reference.nps.find((r) => r.user === lateVisitor.visitorId && r.score === 4)!;
    expect(late.day).toBe(lateDay);
    expect(new Date(late.at).toISOString().slice(0, 10)).toBe(addDays(lateDay, 1));
    expect(late.comment).toBe("Too slow after midnight");

    // Counts per table agree with the rows (each day was written once).
    const step = await db.syncStep.findUniqueOrThrow({ where: { id: result.stepId } });
    const stats = step.stats as Record<string, Record<string, number>>;
    expect(stats.userDays).toEqual({ days: 180, rows: reference.userDays.length });
    expect(stats.accountFeatureDays!.rows).toBe(reference.accountFeatureDays.length);
    expect(stats.npsResponses!.rows).toBe(reference.nps.length);
    expect(result.apiCalls["POST /aggregation"]).toBeGreaterThan(0);

    const features = await db.usageFeature.findMany({ where: { integrationId: tool.id }, orderBy: { externalId: "asc" } });
    expect(features.map((f) => [f.externalId, f.name])).toEqual(pendo.features.map((f) => [f.id, f.name]).sort());
    const guides = await db.usageEngagement.findMany({ where: { integrationId: tool.id }, orderBy: { externalId: "asc" } });
    expect(guides.map((g) => [g.externalId, g.isNps, g.active])).toEqual(pendo.guides!.map((g) => [g.id, g.id === npsGuide.id, g.state === "public"]).sort());
  });

  it("re-reading the last three days, or the whole range, changes no rollup", async () => {
    const tool = await pendoTool();
    const versions = async () =>
      db.$queryRawUnsafe<{ day: string; v: string }[]>(`SELECT "day"::text AS day, string_agg(xmin::text, ',' ORDER BY "accountExternalId", "userExternalId") AS v FROM "UsageUserDay" WHERE "integrationId" = $1 GROUP BY "day" ORDER BY "day"`, tool.id);
    const before = await versions();

    const again = await runUsage(tool);
    expect(again.window).toEqual({ from: addDays(yesterday, -2), to: yesterday });
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
    // Days before the re-read window were not touched at all.
    const after = await versions();
    const old = (rows: { day: string; v: string }[]) => rows.filter((r) => r.day < addDays(yesterday, -2));
    expect(old(after)).toEqual(old(before));

    await db.usageCursor.delete({ where: { integrationId: tool.id } });
    const whole = await runUsage(tool);
    expect(whole.window).toEqual(window);
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
  });

  it("picks up events Pendo adds late to a day inside the re-read window", async () => {
    const tool = await pendoTool();
    const visitor = pendo.visitors.find((v) => identified(v.visitorId))!;
    const late = structuredClone(pendo);
    const day = startOfPeriod("daily", Date.parse(fixture.now!), TZ) - 12 * HOUR;
    late.events.push({ visitorId: visitor.visitorId, accountId: accountOf(visitor), appId: -323232, day: startOfPeriod("daily", day, TZ), numEvents: 7, numMinutes: 3, server: "x", remoteIp: "x", userAgent: "x" });
    const load = (body: unknown) => fetch(`${env.PENDO_EMULATOR_URL}/__emulator/fixture`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await load(late)).status).toBe(200);
    try {
      await runUsage(tool);
      expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable({ ...(expected(late, window) as UsageSnapshot), coverage: reference.coverage }));
    } finally {
      expect((await load(pendo)).status).toBe(200);
    }
    await runUsage(tool);
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
  });

  it("reads in keyset pages that never split a visitor's day between two pages", async () => {
    const connector = new PendoConnector({ baseUrl: env.PENDO_EMULATOR_URL!, integrationKey: DEMO_KEYS.pendo });
    const range = { from: addDays(yesterday, -6), to: yesterday };
    const read = async (reader: PendoUsageReader) => {
      const pages = [];
      for await (const page of reader.featureDays(range.from, range.to)) pages.push(page);
      return pages;
    };
    const whole = await read(new PendoUsageReader(connector));
    const paged = await read(new PendoUsageReader(connector, 5));
    expect(whole.length).toBe(1);
    expect(paged.length).toBeGreaterThan(3);
    expect(sorted(paged.flat())).toEqual(sorted(whole.flat()));
    const visitorDays = paged.map((page) => new Set(page.map((r) => `${r.day}|${r.visitorId}`)));
    visitorDays.forEach((keys, i) => visitorDays.slice(i + 1).forEach((later) => expect([...keys].filter((k) => later.has(k))).toEqual([])));
  });

  it("a crash in the middle of the backfill, then the resumed run, gives the same rollups", async () => {
    const tool = await pendoTool();
    await forgetUsage(tool.id);
    const third = dayBatches(window, 7)[2]!;
    await expect(
      runUsage(tool, {
        beforeCommit: (range) => {
          if (range.from === third.from) throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    const halfway = await usageSnapshot(tool.id);
    expect(halfway.coverage).toEqual({ firstDay: window.from, lastDay: dayBatches(window, 7)[1]!.to });
    expect(halfway.userDays.every((r) => r.day <= dayBatches(window, 7)[1]!.to)).toBe(true);

    const run = await db.syncRun.findFirstOrThrow({ where: { integrationId: tool.id, status: "RUNNING" }, include: { steps: true } });
    expect(run.steps[0]!.checkpoint).toMatchObject({ usage: { ...window, lastDay: dayBatches(window, 7)[1]!.to } });

    const resumed = await runUsage(tool);
    expect(resumed.runId).toBe(run.id);
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
    const stats = (await db.syncStep.findUniqueOrThrow({ where: { id: resumed.stepId } })).stats as Record<string, Record<string, number>>;
    expect(stats.userDays).toEqual({ days: 180, rows: reference.userDays.length });
  });
});

describe("Pendo days in a time zone east of UTC", () => {
  it("cuts and names days at Auckland's midnight (UTC+13 in November)", async () => {
    const tz = "Pacific/Auckland";
    const now = "2026-11-20T00:00:00Z"; // 13:00 on the 20th in Auckland
    const today = startOfPeriod("daily", Date.parse(now), tz);
    const midnight = (k: number) => addPeriods("daily", today, -k, tz);
    const row = { appId: -323232, server: "s", remoteIp: "r", userAgent: "u" };
    const f: PendoFixture = {
      subscription: { id: 1, name: "Auckland", timezone: tz },
      metadataSchema: { account: {}, visitor: {} },
      accounts: [{ accountId: "kiwi", metadata: {} }],
      visitors: [{ visitorId: "v1", metadata: {} }],
      features: [{ id: "f1", name: "Maps", appId: -323232 }],
      guides: [{ id: "g", appId: -323232, name: "NPS", state: "public", polls: [{ id: "rating", attributes: { type: "NPSRating" } }, { id: "reason", attributes: { type: "NPSReason" } }] }],
      events: [1, 2, 3].map((k) => ({ ...row, visitorId: "v1", accountId: "kiwi", day: midnight(k), numEvents: k, numMinutes: k })),
      featureEvents: [{ ...row, visitorId: "v1", accountId: "kiwi", day: midnight(2), numEvents: 5, numMinutes: 1, featureId: "f1" }],
      // 00:30 local on the 18th is still the 17th in UTC; 23:30 local on the 19th is the 19th in UTC.
      pollEvents: [
        { type: "pollResponse", visitorId: "v1", accountId: "kiwi", appId: -323232, guideId: "g", pollId: "rating", pollResponse: 9, browserTime: midnight(2) + 30 * 60_000 },
        { type: "pollResponse", visitorId: "v1", accountId: "kiwi", appId: -323232, guideId: "g", pollId: "rating", pollResponse: "6", browserTime: midnight(0) - 30 * 60_000 },
      ],
    };
    const emulator = await startPendoEmulator({ port: 0, fixture: f, now });
    const integrationId = "pendo-auckland";
    try {
      const { run } = await openRun({ integrationId, system: "PENDO", kind: "SYNC", trigger: "test" });
      const step = await openStep(run.id, 0, "usage", integrationId);
      const reader = new PendoUsageReader(new PendoConnector({ baseUrl: emulator.url, integrationKey: "demo-pendo-key" }));
      const planned = await ingestPendo(reader, { integrationId, runId: run.id, stepId: step.id, stats: {}, checkpoint: {} }, { backfillDays: 5 });
      expect(planned).toEqual({ from: "2026-11-15", to: "2026-11-19" });
      const got = await usageSnapshot(integrationId);
      expect(got.userDays).toEqual([
        { day: "2026-11-17", account: "kiwi", user: "v1", events: 3, minutes: 3 },
        { day: "2026-11-18", account: "kiwi", user: "v1", events: 2, minutes: 2 },
        { day: "2026-11-19", account: "kiwi", user: "v1", events: 1, minutes: 1 },
      ]);
      expect(got.userFeatureDays).toEqual([{ day: "2026-11-18", account: "kiwi", feature: "f1", user: "v1", clicks: 5 }]);
      expect(got.nps.map((r) => [r.day, r.score, new Date(r.at).toISOString().slice(0, 10)])).toEqual([
        ["2026-11-18", 9, "2026-11-17"],
        ["2026-11-19", 6, "2026-11-19"],
      ]);
    } finally {
      await emulator.close();
      await forgetUsage(integrationId);
    }
  });
});
