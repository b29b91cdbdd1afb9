import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// KPIs from usage ingested through the real connectors, against the emulators over HTTP (ports
// 3251-3253): every KPI of every account and linked Salesforce account equals a computation written
// here from the fixture's raw events (days drawn with Intl, windows with the calendar), and the
// command line prints the same values.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3251");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3252");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3253/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { generateDemoData } from "@/emulators/generator/generate";
import { addPeriods } from "@/emulators/fixture/runtime/tz";
import type { Integration } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { snapshotKpis } from "@/lib/kpis/snapshot-kpis";
import { pullInline } from "@/lib/sync/pull/pull-from-cli";
import { childProcessEnv } from "@/lib/testing/child-env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { localDay, runUsage } from "@/lib/usage/test-support";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const fixture = generateDemoData({ seed: 21, accounts: 30 });
const pendo = fixture.pendo;
const px = fixture.px;
const TZ = pendo.subscription!.timezone!;
const fixtureNow = Date.parse(fixture.now!);
const pxNow = new Date(fixtureNow + 12 * HOUR);

// ---------------------------------------------------------------- the fixture's raw events, per tool

interface Usage {
  /** One row per raw event: its day in the tool's days. */
  activity: { day: string; account: string; user: string }[];
  /** Minutes per user-day, as each tool counts them. */
  minutes: { day: string; account: string; minutes: number }[];
  clicks: { day: string; account: string; feature: string; user: string; clicks: number }[];
  answers: { day: string; account: string; score: number }[];
  views: { day: string; account: string; guide: string }[];
  features: string[];
  liveGuides: Set<string>;
}

const identified = (id: string) => id !== "" && !id.startsWith("_PENDO_T_");
const asScore = (v: unknown) => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : null;
};

function pendoUsage(): Usage {
  const day = (ms: number) => localDay(ms, TZ);
  const events = pendo.events.filter((e) => identified(e.visitorId) && e.accountId !== "");
  const ratingPolls = new Set(pendo.guides!.filter((g) => g.state !== "draft").flatMap((g) => (g.polls ?? []).filter((p) => p.attributes?.type === "NPSRating").map((p) => p.id)));
  return {
    activity: events.map((e) => ({ day: day(e.day), account: e.accountId, user: e.visitorId })),
    minutes: events.map((e) => ({ day: day(e.day), account: e.accountId, minutes: e.numMinutes })),
    clicks: pendo.featureEvents.filter((e) => identified(e.visitorId) && e.accountId !== "").map((e) => ({ day: day(e.day), account: e.accountId, feature: e.featureId, user: e.visitorId, clicks: e.numEvents })),
    answers: pendo.pollEvents
      .filter((r) => ratingPolls.has(r.pollId) && identified(r.visitorId) && r.accountId !== "" && asScore(r.pollResponse) !== null)
      .map((r) => ({ day: day(r.browserTime), account: r.accountId, score: asScore(r.pollResponse)! })),
    views: (pendo.guideEvents ?? []).filter((g) => g.type === "guideSeen" && identified(g.visitorId) && g.accountId !== "").map((g) => ({ day: day(g.browserTime), account: g.accountId, guide: g.guideId })),
    features: pendo.features.map((f) => f.id),
    liveGuides: new Set(pendo.guides!.filter((g) => g.state === "public").map((g) => g.id)),
  };
}

type PxEv = { eventId: string; identifyId: string; date: number; accountId?: string; sessionId?: string };

function pxUsage(): Usage {
  const day = (ms: number) => localDay(ms, "UTC");
  const withAccount = <E extends { accountId?: string }>(rows: E[]) => rows.filter((e) => (e.accountId ?? "") !== "");
  const activity = withAccount([...px.events.session, ...(px.events.custom ?? []), ...px.events.feature_match] as PxEv[]);
  // PX minutes: per user-day, each session's first to last event minute, inclusive.
  const spans = new Map<string, { day: string; account: string; minutes: number[] }>();
  for (const e of activity) {
    const k = `${day(e.date)}|${e.accountId}|${e.identifyId}|${e.sessionId ?? e.eventId}`;
    const s = spans.get(k) ?? { day: day(e.date), account: e.accountId!, minutes: [] };
    s.minutes.push(Math.floor(e.date / 60_000));
    spans.set(k, s);
  }
  const views = withAccount((px.events.engagementView ?? []) as (PxEv & { engagementId?: string; engagementTrackType?: string })[]);
  const nps = /nps/i;
  return {
    activity: activity.map((e) => ({ day: day(e.date), account: e.accountId!, user: e.identifyId })),
    minutes: [...spans.values()].map((s) => ({ day: s.day, account: s.account, minutes: Math.max(...s.minutes) - Math.min(...s.minutes) + 1 })),
    clicks: withAccount(px.events.feature_match).map((e) => ({ day: day(e.date), account: e.accountId!, feature: e.featureId, user: e.identifyId, clicks: 1 })),
    answers: withAccount(px.events.survey_response)
      .filter((e) => (nps.test(e.questionType ?? "") || nps.test(e.contentType ?? "")) && asScore(e.score) !== null)
      .map((e) => ({ day: day(e.date), account: e.accountId!, score: e.score! })),
    views: views.filter((v) => v.engagementId && (!v.engagementTrackType || /view/i.test(v.engagementTrackType))).map((v) => ({ day: day(v.date), account: v.accountId!, guide: v.engagementId! })),
    features: (px.features ?? []).filter((f) => f.status !== "DELETED").map((f) => f.id),
    liveGuides: new Set((px.engagements ?? []).filter((e) => e.state === "RUNNING").map((e) => e.id)),
  };
}

// ---------------------------------------------------------------- the KPIs, computed from those rows

type Range = [string, string];
const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

function windowsOf(asOf: string) {
  const rolling = (n: number): Range => [shift(asOf, 1 - n), asOf];
  const before = (n: number): Range => [shift(asOf, 1 - 2 * n), shift(asOf, -n)];
  const sunday = shift(asOf, -new Date(`${asOf}T00:00:00Z`).getUTCDay());
  const next = new Date(`${shift(asOf, 1)}T00:00:00Z`);
  const [y, m] = [next.getUTCFullYear(), next.getUTCMonth()];
  const q = m - (m % 3);
  return {
    d7: rolling(7), d7Before: before(7), d30: rolling(30), d30Before: before(30), d90: rolling(90), d90Before: before(90),
    lastWeek: [shift(sunday, -6), sunday] as Range,
    weekBefore: [shift(sunday, -13), shift(sunday, -7)] as Range,
    lastMonth: [ymd(y, m - 1, 1), ymd(y, m, 0)] as Range,
    monthBefore: [ymd(y, m - 2, 1), ymd(y, m - 1, 0)] as Range,
    lastQuarter: [ymd(y, q - 3, 1), ymd(y, q, 0)] as Range,
    quarterBefore: [ymd(y, q - 6, 1), ymd(y, q - 3, 0)] as Range,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function expectedKpis(u: Usage, members: Set<string>, asOf: string, ingested: Range): Record<string, number | string | null> {
  const W = windowsOf(asOf);
  const mine = <R extends { account: string; day: string }>(rows: R[], [from, to]: Range) => rows.filter((r) => members.has(r.account) && r.day >= from && r.day <= to);
  const covered = ([from, to]: Range) => from >= ingested[0] && to <= ingested[1];
  const known = <T>(w: Range, f: () => T) => (covered(w) ? f() : null);
  const change = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round(((a - b) / Math.abs(b)) * 100));
  const users = (w: Range) => known(w, () => new Set(mine(u.activity, w).map((r) => r.user)).size);
  const score = (w: Range) =>
    known(w, () => {
      const a = mine(u.answers, w);
      return a.length ? round(((a.filter((x) => x.score >= 9).length - a.filter((x) => x.score <= 6).length) / a.length) * 100) : null;
    });
  const responses = (w: Range) => known(w, () => mine(u.answers, w).length);
  const v: Record<string, number | string | null> = {};
  for (const n of [7, 30, 90] as const) {
    v[`activeUsers${n}d`] = users(W[`d${n}`]);
    v[`activeUsers${n}dChangePct`] = change(users(W[`d${n}`]), users(W[`d${n}Before`]));
  }
  Object.assign(v, { wau: v.activeUsers7d, mau: v.activeUsers30d, qau: v.activeUsers90d, lastMonthMau: users(W.lastMonth) });
  Object.assign(v, { wauWowChangePct: v.activeUsers7dChangePct, mauMomChangePct: v.activeUsers30dChangePct, qauQoqChangePct: v.activeUsers90dChangePct });
  v.minutesInProduct7d = known(W.d7, () => mine(u.minutes, W.d7).reduce((s, r) => s + r.minutes, 0));
  v.minutesInProduct30d = known(W.d30, () => mine(u.minutes, W.d30).reduce((s, r) => s + r.minutes, 0));
  v.activeDays30d = known(W.d30, () => new Set(mine(u.activity, W.d30).map((r) => r.day)).size);
  v.lastVisitAt = mine(u.activity, ingested).map((r) => r.day).sort().at(-1) ?? null;
  const featureUsers = (f: string, w: Range) => known(w, () => new Set(mine(u.clicks, w).filter((c) => c.feature === f).map((c) => c.user)).size);
  const featureClicks = (f: string, w: Range) => known(w, () => mine(u.clicks, w).filter((c) => c.feature === f).reduce((s, c) => s + c.clicks, 0));
  for (const f of u.features) {
    for (const n of [7, 30, 90] as const) {
      for (const [what, of] of [["users", featureUsers], ["clicks", featureClicks]] as const) {
        v[`feature.${f}.${what}${n}d`] = of(f, W[`d${n}`]);
        v[`feature.${f}.${what}${n}dChangePct`] = change(of(f, W[`d${n}`]), of(f, W[`d${n}Before`]));
      }
    }
  }
  v.featureBreadth30d = known(W.d30, () => (u.features.length ? round((u.features.filter((f) => featureUsers(f, W.d30)! > 0).length / u.features.length) * 100) : null));
  v.coreFeatureAdoption30d = null;
  const periods: [string, Range][] = [["7d", W.d7], ["30d", W.d30], ["90d", W.d90], ["LastWeek", W.lastWeek], ["LastMonth", W.lastMonth], ["LastQuarter", W.lastQuarter]];
  for (const [suffix, w] of periods) {
    v[`npsScore${suffix}`] = score(w);
    v[`npsResponses${suffix}`] = responses(w);
  }
  for (const [label, now, prior] of [["Wow", W.lastWeek, W.weekBefore], ["Mom", W.lastMonth, W.monthBefore], ["Qoq", W.lastQuarter, W.quarterBefore]] as const) {
    v[`npsScore${label}ChangePct`] = change(score(now), score(prior));
    v[`npsResponses${label}ChangePct`] = change(responses(now), responses(prior));
  }
  const seen = new Set(mine(u.views, W.d90).map((r) => r.guide));
  v.engagementsTotal = known(W.d90, () => seen.size);
  v.engagementsActive = known(W.d90, () => [...seen].filter((g) => u.liveGuides.has(g)).length);
  v.seatUtilisationPct = null;
  return v;
}

/** Every key whose value differs (numbers by more than the last rounded digit). */
function differences(got: Record<string, unknown>, want: Record<string, number | string | null>) {
  const keys = [...new Set([...Object.keys(got), ...Object.keys(want)])];
  return keys
    .filter((k) => {
      const [g, w] = [got[k], want[k]];
      if (typeof g === "number" && typeof w === "number") return Math.abs(g - w) > 0.011;
      return g !== w;
    })
    .map((k) => ({ key: k, got: got[k], want: want[k] }));
}

// ---------------------------------------------------------------- additions to the demo data

// One visitor of the first Pendo account is also seen in the second account, which the test links
// to the same Salesforce account: that account counts the visitor once.
const [P1, P2] = [pendo.accounts[0]!.accountId, pendo.accounts[1]!.accountId];
const shared = pendo.events.find((e) => e.accountId === P1 && identified(e.visitorId))!;
const lastMidnight = Math.max(...pendo.events.map((e) => e.day));
for (const k of [0, 1, 5, 20]) pendo.events.push({ ...shared, accountId: P2, day: addPeriods("daily", lastMidnight, -k, TZ), numEvents: 2, numMinutes: 3 });
// Guide and engagement views (the demo data has none).
const [firstGuide, secondGuide] = [pendo.guides![0]!, pendo.guides![1] ?? pendo.guides![0]!];
pendo.guideEvents = [
  { type: "guideSeen", visitorId: shared.visitorId, accountId: P1, appId: shared.appId, guideId: firstGuide.id, browserTime: lastMidnight + 10 * HOUR },
  { type: "guideSeen", visitorId: shared.visitorId, accountId: P2, appId: shared.appId, guideId: secondGuide.id, browserTime: addPeriods("daily", lastMidnight, -40, TZ) + 9 * HOUR },
];
const pxViewer = px.users.find((x) => x.accountId)!;
const pxEngagements = px.engagements!;
px.events.engagementView = pxEngagements.slice(0, 3).map((e, i) => ({
  eventId: `view-${i}`,
  identifyId: pxViewer.identifyId,
  propertyKey: pxViewer.propertyKeys[0]!,
  date: fixtureNow - (i * 30 + 2) * DAY,
  eventType: "ENGAGEMENT_VIEW",
  accountId: pxViewer.accountId,
  engagementId: e.id,
  engagementTrackType: "VIEW",
}));

// ---------------------------------------------------------------- the tests

let teardown: () => Promise<void> = async () => undefined;
const toolOf = (system: "PENDO" | "PX") => db.integration.findFirstOrThrow({ where: { system } });

/** Links the second Pendo account to the first one's Salesforce account (or both to any, if the first is unlinked). */
async function linkBothToOneSalesforceAccount(tool: Integration): Promise<string> {
  const first = await db.matchLink.findUnique({ where: { integrationId_entity_analyticsId: { integrationId: tool.id, entity: "ACCOUNT", analyticsId: P1 } } });
  const salesforceId = first?.salesforceId ?? (await db.sfAccount.findFirstOrThrow()).id;
  for (const analyticsId of [P1, P2]) {
    const data = { salesforceId, criterion: "test", matchedAt: new Date() };
    await db.matchLink.upsert({ where: { integrationId_entity_analyticsId: { integrationId: tool.id, entity: "ACCOUNT", analyticsId } }, create: { integrationId: tool.id, entity: "ACCOUNT", analyticsId, ...data }, update: data });
  }
  return salesforceId;
}

async function snapshotRows(tool: Integration, day: string) {
  return db.kpiSnapshot.findMany({ where: { integrationId: tool.id, day: new Date(day) }, orderBy: [{ scope: "asc" }, { accountId: "asc" }] });
}

async function membersOf(tool: Integration): Promise<Map<string, Set<string>>> {
  const links = await db.matchLink.findMany({ where: { integrationId: tool.id, entity: "ACCOUNT" } });
  const out = new Map<string, Set<string>>();
  for (const l of links) out.set(l.salesforceId, (out.get(l.salesforceId) ?? new Set()).add(l.analyticsId));
  return out;
}

let sharedSalesforceId = "";

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3251);
  const pulls = await pullInline();
  expect(pulls.filter((p) => p.status === "FAILED")).toEqual([]);
  sharedSalesforceId = await linkBothToOneSalesforceAccount(await toolOf("PENDO"));
  await runUsage(await toolOf("PENDO"));
  await runUsage(await toolOf("PX"), { now: pxNow });
}, 180_000);

afterAll(() => teardown());

describe.each([
  { system: "PENDO" as const, usage: pendoUsage, yesterday: () => shift(localDay(fixtureNow, TZ), -1) },
  { system: "PX" as const, usage: pxUsage, yesterday: () => shift(localDay(pxNow.getTime(), "UTC"), -1) },
])("$system KPIs from ingested emulator data", ({ system, usage, yesterday }) => {
  it("every KPI of every account and linked Salesforce account equals the computation from the raw events", async () => {
    const tool = await toolOf(system);
    const asOf = yesterday();
    const ingested: Range = [shift(asOf, -179), asOf];
    const cursor = await db.usageCursor.findUniqueOrThrow({ where: { integrationId: tool.id } });
    expect([cursor.firstDay.toISOString().slice(0, 10), cursor.lastDay.toISOString().slice(0, 10)]).toEqual(ingested);

    expect(await snapshotKpis(tool.id, asOf)).toMatchObject({ asOf });
    const rows = await snapshotRows(tool, asOf);
    const u = usage();
    const links = await membersOf(tool);
    const accounts = new Set(u.activity.map((r) => r.account));
    expect(rows.filter((r) => r.scope === "salesforce").map((r) => r.accountId).sort()).toEqual([...links.keys()].sort());
    expect(rows.filter((r) => r.scope === "analytics").length).toBeGreaterThanOrEqual(accounts.size);

    const problems = rows.flatMap((r) => {
      const members = r.scope === "analytics" ? new Set([r.accountId]) : links.get(r.accountId)!;
      return differences(r.values as Record<string, unknown>, expectedKpis(u, members, asOf, ingested)).map((d) => ({ account: `${r.scope}:${r.accountId}`, ...d }));
    });
    expect(problems).toEqual([]);

    // The data exercises the definitions: usage in every window, answers, views, and changes.
    const values = rows.map((r) => r.values as Record<string, number | string | null>);
    for (const key of ["activeUsers7d", "activeUsers90dChangePct", "minutesInProduct30d", "npsResponses90d", "engagementsTotal", "featureBreadth30d", "lastMonthMau"]) {
      expect(values.some((v) => typeof v[key] === "number" && v[key] !== 0), key).toBe(true);
    }
  });

  it("computing the day again leaves the same snapshot", async () => {
    const tool = await toolOf(system);
    const asOf = yesterday();
    const before = (await snapshotRows(tool, asOf)).map((r) => [r.scope, r.accountId, r.values]);
    await snapshotKpis(tool.id, asOf);
    expect((await snapshotRows(tool, asOf)).map((r) => [r.scope, r.accountId, r.values])).toEqual(before);
  });
});

describe("the Salesforce account linked to two Pendo accounts", () => {
  it("counts the visitor seen in both once", async () => {
    const tool = await toolOf("PENDO");
    const asOf = shift(localDay(fixtureNow, TZ), -1);
    const rows = await snapshotRows(tool, asOf);
    const value = (scope: string, id: string) => (rows.find((r) => r.scope === scope && r.accountId === id)!.values as Record<string, number>).activeUsers90d!;
    const combined = value("salesforce", sharedSalesforceId);
    expect(combined).toBeLessThan(value("analytics", P1) + value("analytics", P2));
    expect(combined).toBe(expectedKpis(pendoUsage(), new Set([P1, P2]), asOf, [shift(asOf, -179), asOf]).activeUsers90d);
  });
});

describe("cli kpis", () => {
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: childProcessEnv({ LOG_LEVEL: "warn" }) });

  it("prints the snapshot's values for a Salesforce account id, keyed as the catalogue, as JSON or as text", async () => {
    const tool = await toolOf("PENDO");
    const asOf = shift(localDay(fixtureNow, TZ), -1);
    const snapshot = (await snapshotRows(tool, asOf)).find((r) => r.scope === "salesforce" && r.accountId === sharedSalesforceId)!;
    const [asJson, asText] = await Promise.all([
      cli("kpis", "--integration", "pendo", "--account", sharedSalesforceId, "--json"),
      cli("kpis", "--integration", "pendo", "--account", sharedSalesforceId, "--as-of", asOf),
    ]);
    const json = JSON.parse(asJson.stdout) as { asOf: string; accounts: { scope: string; kpis: unknown }[] };
    expect(json.asOf).toBe(asOf);
    expect(json.accounts.filter((a) => a.scope === "salesforce").map((a) => a.kpis)).toEqual([snapshot.values]);

    const text = asText.stdout;
    expect(text).toContain(`Salesforce account (combining the Pendo accounts linked to it) ${sharedSalesforceId}`);
    expect(text).toMatch(new RegExp(`activeUsers90d\\s+${(snapshot.values as Record<string, number>).activeUsers90d}\\s+Active users \\(90 days\\)`));
    expect(text).toMatch(/seatUtilisationPct\s+—\s+Seat utilisation/);
  });

  it("says what to do about a bad --as-of or an unknown account, and exits 1", async () => {
    await Promise.all([
      expect(cli("kpis", "--integration", "px", "--account", "nope")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("Gainsight PX has no account nope") }),
      expect(cli("kpis", "--integration", "px", "--account", "nope", "--as-of", "19/11/2026")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("--as-of must be a day written YYYY-MM-DD") }),
    ]);
  });
});
