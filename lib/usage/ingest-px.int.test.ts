import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Gainsight PX usage into the rollups through the real connector, against the emulators over HTTP
// (ports 3241-3243): every rollup equals a computation written here from the fixture's events, in
// UTC days; re-reading changes nothing; a crash mid-ingestion resumes to the same rollups.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3241");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3242");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3243/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import type { PxFixture } from "@/emulators/px/fixture";
import { db } from "@/lib/db";
import { connectedHub } from "@/lib/testing/connected-hub";
import { pxRest } from "@/lib/testing/emulator-calls";
import { addDays, dayBatches } from "@/lib/usage/days";
import { comparable, forgetUsage, localDay, runUsage, sorted, usageSnapshot, type UsageSnapshot } from "@/lib/usage/test-support";

const HOUR = 3_600_000;
const fixture = generateDemoData({ seed: 14, accounts: 30 });
const px = fixture.px;
const utc = (ms: number) => localDay(ms, "UTC");

// The hub's clock, pinned half a day after the data ends: PX's yesterday is the UTC day before.
const now = new Date(Date.parse(fixture.now!) + 12 * HOUR);
const yesterday = addDays(utc(now.getTime()), -1);
const window = { from: addDays(yesterday, -179), to: yesterday };

const nps = px.engagements!.find((e) => e.type === "SURVEY")!;
const tour = px.engagements!.find((e) => e.type === "GUIDE")!;
const viewer = px.users[0]!;
const viewDay = Date.parse(`${addDays(yesterday, -20)}T00:00:00Z`);
const view = (n: number, at: number, trackType: string, identifyId = viewer.identifyId) => ({
  eventId: `view-${n}`,
  identifyId,
  propertyKey: viewer.propertyKeys![0]!,
  date: at,
  eventType: "ENGAGEMENT_VIEW",
  accountId: viewer.accountId,
  engagementId: tour.id,
  engagementTrackType: trackType,
});
px.events.engagementView = [view(1, viewDay + 9 * HOUR, "VIEW"), view(2, viewDay + 10 * HOUR, "VIEW"), view(3, viewDay + 10 * HOUR, "CLICK"), view(4, viewDay + 23 * HOUR, "VIEW", px.users[1]!.identifyId)];
// A multiple-question survey's rating is not an NPS answer.
px.events.survey_response!.push({ ...px.events.survey_response![0]!, eventId: "not-nps", contentType: "IN_APP_MULTIPLE_QUESTION_SURVEY", questionType: "Rating", score: 4 });

type Ev = { eventId: string; identifyId: string; date: number; accountId?: string; sessionId?: string; featureId?: string };

/** The rollups, computed here from the fixture's events. */
function expected(events: PxFixture["events"], w: { from: string; to: string }): Omit<UsageSnapshot, "coverage"> {
  const inWindow = (e: { date: number }) => utc(e.date) >= w.from && utc(e.date) <= w.to;
  const activity = [...(events.session ?? []), ...(events.custom ?? []), ...(events.feature_match ?? [])] as Ev[];
  const users = new Map<string, { day: string; account: string; user: string; events: number; sessions: Map<string, number[]> }>();
  for (const e of activity.filter(inWindow)) {
    const day = utc(e.date);
    const k = `${day}|${e.accountId ?? ""}|${e.identifyId}`;
    const u = users.get(k) ?? { day, account: e.accountId ?? "", user: e.identifyId, events: 0, sessions: new Map<string, number[]>() };
    u.events++;
    const s = e.sessionId ?? e.eventId;
    u.sessions.set(s, [...(u.sessions.get(s) ?? []), Math.floor(e.date / 60_000)]);
    users.set(k, u);
  }
  const userDays = [...users.values()].map(({ sessions, ...u }) => ({ ...u, minutes: [...sessions.values()].reduce((n, m) => n + Math.max(...m) - Math.min(...m) + 1, 0) }));
  const accountDays = new Map<string, { day: string; account: string; activeUsers: number; events: number; minutes: number }>();
  for (const u of userDays.filter((r) => r.account !== "")) {
    const a = accountDays.get(`${u.day}|${u.account}`) ?? { day: u.day, account: u.account, activeUsers: 0, events: 0, minutes: 0 };
    a.activeUsers++;
    a.events += u.events;
    a.minutes += u.minutes;
    accountDays.set(`${u.day}|${u.account}`, a);
  }
  const features = new Map<string, { day: string; account: string; feature: string; user: string; clicks: number }>();
  for (const e of (events.feature_match ?? []).filter(inWindow) as Ev[]) {
    const k = `${utc(e.date)}|${e.accountId}|${e.featureId}|${e.identifyId}`;
    const f = features.get(k) ?? { day: utc(e.date), account: e.accountId ?? "", feature: e.featureId!, user: e.identifyId, clicks: 0 };
    f.clicks++;
    features.set(k, f);
  }
  const accountFeatures = new Map<string, { day: string; account: string; feature: string; users: number; clicks: number }>();
  for (const f of features.values()) {
    const k = `${f.day}|${f.account}|${f.feature}`;
    const a = accountFeatures.get(k) ?? { day: f.day, account: f.account, feature: f.feature, users: 0, clicks: 0 };
    a.users++;
    a.clicks += f.clicks;
    accountFeatures.set(k, a);
  }
  const views = new Map<string, { day: string; account: string; engagement: string; users: number; views: number; who: Set<string> }>();
  for (const e of ((events.engagementView ?? []) as unknown as Array<Ev & { engagementId: string; engagementTrackType: string }>).filter(inWindow)) {
    if (e.engagementTrackType !== "VIEW") continue;
    const k = `${utc(e.date)}|${e.accountId}|${e.engagementId}`;
    const v = views.get(k) ?? { day: utc(e.date), account: e.accountId ?? "", engagement: e.engagementId, users: 0, views: 0, who: new Set<string>() };
    v.views++;
    v.who.add(e.identifyId);
    v.users = v.who.size;
    views.set(k, v);
  }
  const responses = (events.survey_response ?? [])
    .filter((e) => inWindow(e) && e.questionType === "NPS" && typeof e.score === "number")
    .map((e) => ({ survey: e.engagementId, day: utc(e.date), account: e.accountId ?? "", user: e.identifyId, at: e.date, score: e.score!, comment: e.comment ?? null }));
  return {
    userDays: sorted(userDays),
    accountDays: sorted([...accountDays.values()]),
    userFeatureDays: sorted([...features.values()]),
    accountFeatureDays: sorted([...accountFeatures.values()]),
    engagementDays: sorted([...views.values()].map(({ who: _w, ...v }) => v)),
    nps: sorted(responses),
  };
}

let teardown: () => Promise<void> = async () => undefined;
const pxTool = () => db.integration.findFirstOrThrow({ where: { system: "PX" } });

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3241);
});

afterAll(() => teardown());

describe("Gainsight PX usage ingestion", () => {
  let reference: UsageSnapshot;

  it("rolls PX sessions, feature matches, custom events, engagement views and NPS responses up per user, account and UTC day", async () => {
    const tool = await pxTool();
    const result = await runUsage(tool, { now });
    expect(result.window).toEqual(window);
    reference = await usageSnapshot(tool.id);
    const want = expected(px.events, window);
    expect(reference.userDays.length).toBeGreaterThan(100);
    expect(reference.userDays.some((r) => r.minutes > 1)).toBe(true);
    expect(sorted(reference.userDays)).toEqual(want.userDays);
    expect(sorted(reference.accountDays)).toEqual(want.accountDays);
    expect(sorted(reference.userFeatureDays)).toEqual(want.userFeatureDays);
    expect(sorted(reference.accountFeatureDays)).toEqual(want.accountFeatureDays);
    expect(sorted(reference.engagementDays)).toEqual(want.engagementDays);
    expect(want.engagementDays.map((r) => [r.users, r.views])).toEqual([[2, 3]]);
    expect(sorted(reference.nps)).toEqual(want.nps);
    expect(reference.nps.length).toBeGreaterThan(5);
    expect(reference.coverage).toEqual({ firstDay: window.from, lastDay: window.to });

    const engagements = await db.usageEngagement.findMany({ where: { integrationId: tool.id } });
    expect(engagements.filter((e) => e.isNps).map((e) => e.externalId)).toEqual([nps.id]);
    expect(engagements.filter((e) => e.active).length).toBe(px.engagements!.filter((e) => e.state === "RUNNING").length);
    expect(await db.usageFeature.count({ where: { integrationId: tool.id, active: true } })).toBe(px.features!.length);
    expect(result.apiCalls["GET /events/session"]).toBeGreaterThanOrEqual(26);
  });

  it("re-reading the last three days, or the whole range, changes no rollup", async () => {
    const tool = await pxTool();
    const again = await runUsage(tool, { now });
    expect(again.window).toEqual({ from: addDays(yesterday, -2), to: yesterday });
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
    await db.usageCursor.delete({ where: { integrationId: tool.id } });
    await runUsage(tool, { now });
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
  });

  it("a crash in the middle of the backfill, then the resumed run, gives the same rollups", async () => {
    const tool = await pxTool();
    await forgetUsage(tool.id);
    const batches = dayBatches(window, 7);
    await expect(
      runUsage(tool, {
        now,
        beforeCommit: (range) => {
          if (range.from === batches[20]!.from) throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    expect((await usageSnapshot(tool.id)).coverage).toEqual({ firstDay: window.from, lastDay: batches[19]!.to });
    const resumed = await runUsage(tool, { now });
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
    const stats = (await db.syncStep.findUniqueOrThrow({ where: { id: resumed.stepId } })).stats as Record<string, Record<string, number>>;
    expect(stats.userDays).toEqual({ days: 180, rows: reference.userDays.length });
  });

  it("picks up an event PX records late for a day inside the re-read window", async () => {
    const tool = await pxTool();
    const user = px.users.find((u) => u.accountId)!;
    const at = Date.parse(`${yesterday}T13:00:00Z`);
    await pxRest("POST", "/events/custom", { identifyId: user.identifyId, accountId: user.accountId, eventName: "Report Exported", propertyKey: user.propertyKeys![0], date: at, sessionId: "late-session" });
    await runUsage(tool, { now });
    const late = { eventId: "late", identifyId: user.identifyId, propertyKey: user.propertyKeys![0]!, date: at, eventType: "CUSTOM", accountId: user.accountId, sessionId: "late-session", eventName: "Report Exported" };
    const events = { ...px.events, custom: [...(px.events.custom ?? []), late] };
    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable({ ...(expected(events, window) as UsageSnapshot), coverage: reference.coverage }));
  });
});
