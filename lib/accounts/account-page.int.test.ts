import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The account page's read model, its QBR and its override route against the emulators over HTTP
// (ports 3311-3313): after a Synchronize of both tools (which scores health), two more scored days
// (one by a new model version), every section's numbers are checked against figures the test
// computes itself from the hub's tables and the fixture.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3311");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3312");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3313/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});
const session = vi.hoisted(() => ({ user: null as import("@/lib/auth/session").CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import { generateDemoData } from "@/emulators/generator/generate";
import type { RoleName } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { activateHealthModelVersion, saveHealthModelVersion } from "@/lib/health/model-versions";
import { scoreHealth } from "@/lib/health/score-health";
import type { MeasureScore } from "@/lib/health/score-account";
import { snapshotKpis } from "@/lib/kpis/snapshot-kpis";
import { connectedHub } from "@/lib/testing/connected-hub";
import { runSync } from "@/lib/sync/push/run-sync";
import { readUsageCoverage } from "@/lib/usage/cursor";
import { addDays, utcDay, type Day } from "@/lib/usage/days";
import { accountPage, type AccountPage } from "@/lib/accounts/account-page";
import { changeSelection } from "@/lib/accounts/account-page-change";
import { qbrSummary } from "@/lib/accounts/qbr";
import { qbrCsv } from "@/lib/accounts/qbr-csv";
import { POST as setOverride, DELETE as clearOverride } from "@/app/api/accounts/[id]/health-override/route";
import { GET as qbrCsvRoute } from "@/app/api/accounts/[id]/qbr.csv/route";

const fixture = generateDemoData({ seed: 43, accounts: 60 });
let teardown: () => Promise<void> = async () => undefined;

/** The scored days: the newest (by model version 2), 7 and 30 days before it (version 1). */
const days = { newest: "", weekBefore: "", monthBefore: "" };
let pendoId = "";
/** The account under test: tracked by Pendo, with NPS comments, users and a CSM with an email. */
let accountId = "";
let members: string[] = [];
let asOf: Day = "";
let csmEmail = "";
const users = new Map<RoleName | "otherCsm" | "accountCsm", CurrentUser>();

const at = (day: Day) => new Date(`${day}T00:00:00Z`);
// No sharing group exists in this file: every viewer sees every account (data-scope tests cover groups).
const viewer = (role: RoleName = "ADMIN") => ({ id: `${role.toLowerCase()}-page-viewer`, role, email: `${role.toLowerCase()}@page.test` });
const load = (query: Parameters<typeof changeSelection>[0] = {}, role: RoleName = "ADMIN") => accountPage(accountId, { viewer: viewer(role), change: changeSelection(query) });

async function user(key: RoleName | "otherCsm" | "accountCsm", role: RoleName, email: string) {
  const u = await db.user.create({ data: { email, role, passwordHash: null } });
  users.set(key, { id: u.id, email: u.email, name: null, role, mustChangePassword: false });
}

function call(handler: typeof setOverride, method: "POST" | "DELETE" | "GET", id: string, body?: unknown, as?: CurrentUser) {
  session.user = as ?? null;
  const init: RequestInit = { method, headers: { "content-type": "application/json", host: "localhost" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return handler(new Request(`http://localhost/api/accounts/${id}/x`, init), { params: Promise.resolve({ id }) });
}

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3311);
  const [pendo, px] = await Promise.all([db.integration.findFirstOrThrow({ where: { system: "PENDO" } }), db.integration.findFirstOrThrow({ where: { system: "PX" } })]);
  pendoId = pendo.id;
  for (const tool of [pendo, px]) {
    const sync = await runSync(tool.id, { trigger: "test" });
    expect(sync.status, sync.error).toBe("SUCCEEDED");
  }
  // Synchronize scored the newest KPI day with version 1. History: 7 and 30 days before, from KPI
  // snapshots of those days, then the newest day again with a version 2 that weighs NPS more.
  const scored = await db.healthScore.findFirstOrThrow({ orderBy: { day: "desc" }, select: { day: true } });
  days.newest = utcDay(scored.day);
  days.weekBefore = addDays(days.newest, -7);
  days.monthBefore = addDays(days.newest, -30);
  for (const day of [days.monthBefore, days.weekBefore]) {
    for (const tool of [pendo, px]) {
      const coverage = (await readUsageCoverage(tool.id))!;
      if (day >= coverage.firstDay && day <= coverage.lastDay) await snapshotKpis(tool.id, day);
    }
    await scoreHealth({ day });
  }
  const admin = await db.user.create({ data: { email: "model-admin@page.test", role: "ADMIN", passwordHash: null } });
  const v2 = await saveHealthModelVersion({ ...DEFAULT_HEALTH_MODEL, measures: DEFAULT_HEALTH_MODEL.measures.map((m) => (m.key === "nps" ? { ...m, weight: 40 } : m)) }, "NPS weighs more", admin);
  await activateHealthModelVersion(v2.version, admin);
  await scoreHealth({ day: days.newest });

  // The account: Pendo is its usage source, it has NPS comments, users and a CSM with an email.
  const candidates = await db.$queryRaw<{ accountId: string }[]>`
    SELECT h."accountId" FROM "HealthScore" h
      JOIN "SfAccount" a ON a.id = h."accountId"
      JOIN "SfUser" u ON u.id = a.fields->>'CSM__c' AND u.email IS NOT NULL
     WHERE h.day = ${days.newest}::date AND h."usageSource" = 'pendo' AND h.score IS NOT NULL
       AND EXISTS (SELECT 1 FROM "MatchLink" l JOIN "UsageNpsResponse" r ON r."integrationId" = l."integrationId" AND r."accountExternalId" = l."analyticsId" AND r.comment IS NOT NULL
                    WHERE l."integrationId" = ${pendo.id} AND l.entity = 'ACCOUNT' AND l."salesforceId" = h."accountId")
     ORDER BY h."accountId"`;
  expect(candidates.length).toBeGreaterThan(0);
  accountId = candidates[0]!.accountId;
  members = (await db.matchLink.findMany({ where: { integrationId: pendo.id, entity: "ACCOUNT", salesforceId: accountId } })).map((l) => l.analyticsId);
  asOf = (await readUsageCoverage(pendo.id))!.lastDay;
  const account = await db.sfAccount.findFirstOrThrow({ where: { id: accountId } });
  const csm = await db.sfUser.findFirstOrThrow({ where: { id: (account.fields as Record<string, string>).CSM__c } });
  csmEmail = csm.email!;

  await user("ADMIN", "ADMIN", "admin@page.test");
  await user("VIEWER", "VIEWER", "viewer@page.test");
  await user("otherCsm", "CSM", "someone-else@page.test");
  // The console user's email differs in case from Salesforce's: the same person.
  await user("accountCsm", "CSM", csmEmail.toUpperCase());
}, 300_000);

afterAll(() => teardown());

describe("account page: health", () => {
  it("shows the newest day's score with each measure's value, normalised score, effective weight and contribution", async () => {
    const page = (await load())!;
    const row = await db.healthScore.findUniqueOrThrow({ where: { accountId_day: { accountId, day: at(days.newest) } } });
    const stored = (row.measures as unknown as { measures: MeasureScore[] }).measures;
    expect(page.health).toMatchObject({ day: days.newest, modelVersion: 2, score: row.score, colour: row.colour, override: null, usageSource: { system: "PENDO", label: "Pendo" } });
    expect(page.health!.measures).toEqual(stored);
    expect(page.health!.computed.score).toBe(row.score);

    // Independently: the usage measures are the Pendo snapshot's KPIs of the scored day.
    const snapshot = await db.kpiSnapshot.findFirstOrThrow({ where: { integrationId: pendoId, scope: "salesforce", accountId, day: { lte: at(days.newest) } }, orderBy: { day: "desc" } });
    const kpis = snapshot.values as Record<string, number | null>;
    const byKey = new Map(page.health!.measures.map((m) => [m.key, m]));
    expect(byKey.get("loginFrequency")!.value).toBe(kpis.activeDays30d ?? null);
    expect(byKey.get("nps")!.value).toBe(kpis.npsScore90d ?? null);
    // The parts add up: effective weights to 100 over the present measures, contributions to the score.
    const present = page.health!.measures.filter((m) => !m.missing);
    expect(present.reduce((s, m) => s + m.effectiveWeight, 0)).toBeCloseTo(100, 9);
    expect(present.reduce((s, m) => s + (m.normalised! * m.effectiveWeight) / 100, 0)).toBeCloseTo(row.score!, 1);
    expect(page.health!.measures.reduce((s, m) => s + m.contribution, 0)).toBeCloseTo(row.score!, 9);
    // Version 2's weights (NPS 40), shared out over the measures present.
    const v2Weight = (key: string) => (key === "nps" ? 40 : DEFAULT_HEALTH_MODEL.measures.find((m) => m.key === key)!.weight);
    const presentWeight = present.reduce((s, m) => s + v2Weight(m.key), 0);
    for (const m of present) expect(m.effectiveWeight, m.key).toBeCloseTo((v2Weight(m.key) / presentWeight) * 100, 9);
    // Missing measures are named, exactly those the row lists.
    expect(page.health!.missing.map((m) => m.key)).toEqual(row.missing);
    expect(page.health!.missing.map((m) => m.label)).toEqual(row.missing.map((k) => byKey.get(k)!.label));
  });

  it("names an account's missing measures and says when nothing is scored yet", async () => {
    const withMissing = await db.healthScore.findFirst({ where: { day: at(days.newest), NOT: { missing: { isEmpty: true } } }, orderBy: { accountId: "asc" } });
    expect(withMissing).not.toBeNull();
    const page = (await accountPage(withMissing!.accountId, { viewer: viewer(), change: changeSelection({}) }))!;
    const labels = new Map(DEFAULT_HEALTH_MODEL.measures.map((m) => [m.key, m.label]));
    expect(page.health!.missing).toEqual(withMissing!.missing.map((key) => ({ key, label: labels.get(key) })));
    expect(page.health!.measures.filter((m) => m.missing).map((m) => m.key)).toEqual(withMissing!.missing);

    // An account pulled after the last scoring: no health, no trend, nothing to compare, but the page.
    const salesforce = await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } });
    await db.sfAccount.create({ data: { integrationId: salesforce.id, id: "001000000000NEWAAA", objectName: "Account", name: "Just Pulled", fields: {}, systemModstamp: new Date(), contentHash: "x", pulledAt: new Date() } });
    const fresh = (await accountPage("001000000000NEWAAA", { viewer: viewer(), change: changeSelection({}) }))!;
    expect(fresh).toMatchObject({ account: { name: "Just Pulled" }, health: null, trend: null, change: null, links: [], usage: { shown: null, kpis: null, sections: null } });
    // Nothing to override on an account without a score (409), and nothing written.
    const refused = await call(setOverride, "POST", "001000000000NEWAAA", { score: 50, reason: "x", expiresAt: new Date(Date.now() + 86_400_000).toISOString() }, users.get("ADMIN"));
    expect(refused.status).toBe(409);
    expect(await db.healthOverride.count({ where: { accountId: "001000000000NEWAAA" } })).toBe(0);
    const q = (await qbrSummary("001000000000NEWAAA", viewer()))!;
    expect(q).toMatchObject({ period: null, adoption: null, nps: null, health: { now: null, points: [] } });
  });

  it("answers null (the page's 404) for an id the hub does not hold", async () => {
    expect(await accountPage("001000000000000ZZZ", { viewer: viewer(), change: changeSelection({}) })).toBeNull();
    expect(await qbrSummary("001000000000000ZZZ", viewer())).toBeNull();
  });
});

describe("account page: why it changed and the trend", () => {
  it("compares the newest day with 7 days before by default, parts largest first, noting the new model version", async () => {
    const page = (await load())!;
    const [before, after] = await Promise.all([
      db.healthScore.findUniqueOrThrow({ where: { accountId_day: { accountId, day: at(days.weekBefore) } } }),
      db.healthScore.findUniqueOrThrow({ where: { accountId_day: { accountId, day: at(days.newest) } } }),
    ]);
    const change = page.change!;
    expect(change).toMatchObject({ before: days.weekBefore, after: days.newest, notes: [] });
    expect(change.change!.from).toEqual({ day: days.weekBefore, score: before.score, modelVersion: 1 });
    expect(change.change!.to).toEqual({ day: days.newest, score: after.score, modelVersion: 2 });
    expect(change.change!.change).toBe((Math.round(after.score! * 10) - Math.round(before.score! * 10)) / 10);
    expect(change.change!.modelNote).toMatch(/version 1 to version 2/);
    const parts = change.change!.parts;
    expect(parts.map((p) => p.key).sort()).toEqual(DEFAULT_HEALTH_MODEL.measures.map((m) => m.key).sort());
    for (let i = 1; i < parts.length; i++) expect(Math.abs(parts[i - 1]!.change)).toBeGreaterThanOrEqual(Math.abs(parts[i]!.change));
    expect(Math.round(parts.reduce((s, p) => s + p.change * 10, 0))).toBe(Math.round(change.change!.change! * 10));
  });

  it("takes 30 days, or any two days, and reads a day without a score through the newest scored day before it", async () => {
    const month = (await load({ days: 30 }))!.change!;
    expect(month).toMatchObject({ before: days.monthBefore, after: days.newest });
    const between = (await load({ from: addDays(days.weekBefore, 2), to: days.newest }))!.change!;
    expect(between).toMatchObject({ before: days.weekBefore, after: days.newest, notes: [{ kind: "used-earlier", asked: addDays(days.weekBefore, 2), used: days.weekBefore }] });
    expect(between.change!.modelNote).not.toBeNull();
    const sameVersion = (await load({ from: days.monthBefore, to: days.weekBefore }))!.change!;
    expect(sameVersion.change!.modelNote).toBeNull();
    const tooEarly = (await load({ days: 90 }))!.change!;
    expect(tooEarly).toMatchObject({ change: null, notes: [{ kind: "no-score-by", side: "before", firstScored: days.monthBefore }] });
    const sameDay = (await load({ from: addDays(days.weekBefore, 1), to: addDays(days.weekBefore, 3) }))!.change!;
    expect(sameDay.change).toBeNull();
    expect(sameDay.notes.at(-1)).toEqual({ kind: "same-day", day: days.weekBefore });
  });

  it("draws the scored days of 90 days with a marker where the model version changes", async () => {
    const trend = (await load())!.trend!;
    const rows = await db.healthScore.findMany({ where: { accountId, day: { gte: at(addDays(days.newest, -89)), lte: at(days.newest) } }, orderBy: { day: "asc" } });
    expect(trend.points).toEqual(rows.map((r) => ({ day: utcDay(r.day), score: r.score, colour: r.colour, modelVersion: r.modelVersion })));
    // Each tool's Synchronize scored its own newest KPI day; the test added two earlier days.
    expect(trend.points.map((p) => p.day)).toEqual(expect.arrayContaining([days.monthBefore, days.weekBefore, days.newest]));
    expect(trend.points.filter((p) => p.modelVersion === 2).map((p) => p.day)).toEqual([days.newest]);
    expect(trend.markers).toEqual([{ day: days.newest, from: 1, to: 2 }]);
    expect(trend.summary.last!.score).toBe(rows.at(-1)!.score);
  });
});

describe("account page: usage", () => {
  it("draws the usage tool's KPI snapshots as sparklines", async () => {
    const page = (await load())!;
    const snapshots = await db.kpiSnapshot.findMany({ where: { integrationId: pendoId, scope: "salesforce", accountId }, orderBy: { day: "asc" } });
    const kpis = page.usage.kpis!;
    expect(page.usage.shown).toMatchObject({ system: "PENDO", members: [...members].sort(), scoredFrom: true });
    expect(kpis.snapshots).toBe(snapshots.length);
    expect(kpis.sparklines.map((s) => s.key)).toEqual(["activeUsers30d", "activeDays30d", "featureBreadth30d", "coreFeatureAdoption30d", "npsScore90d"]);
    for (const s of kpis.sparklines) {
      expect(s.points.map((p) => p.day)).toEqual(snapshots.map((r) => utcDay(r.day)));
      expect(s.points.map((p) => p.value)).toEqual(snapshots.map((r) => (r.values as Record<string, number | null>)[s.key] ?? null));
    }
  });

  it("lists NPS answers newest first with their comments", async () => {
    const page = (await load())!;
    const answers = await db.usageNpsResponse.findMany({ where: { integrationId: pendoId, accountExternalId: { in: members } }, orderBy: [{ respondedAt: "desc" }, { responseId: "asc" }] });
    const nps = page.usage.sections!.nps;
    expect(nps.total).toBe(answers.length);
    expect(nps.answers.map((a) => [a.day, a.score, a.comment])).toEqual(answers.slice(0, 50).map((a) => [utcDay(a.day), a.score, a.comment?.trim() ? a.comment : null]));
    expect(nps.answers.some((a) => a.comment !== null)).toBe(true);
  });

  it("ranks features by clicks over 30 days and names the tracked features nobody used", async () => {
    const features = (await load())!.usage.sections!.features;
    const from = addDays(asOf, -29);
    const rows = await db.usageAccountFeatureDay.findMany({ where: { integrationId: pendoId, accountExternalId: { in: members }, day: { gte: at(from), lte: at(asOf) } } });
    const clicks = new Map<string, number>();
    for (const r of rows) clicks.set(r.featureExternalId, (clicks.get(r.featureExternalId) ?? 0) + r.clicks);
    const used = [...clicks].filter(([, n]) => n > 0);
    const tracked = await db.usageFeature.findMany({ where: { integrationId: pendoId, active: true, removedAt: null } });
    expect(features).toMatchObject({ from, to: asOf, tracked: tracked.length });
    expect(features.top.map((f) => f.clicks)).toEqual(used.map(([, n]) => n).sort((a, b) => b - a).slice(0, 10));
    for (const f of features.top) expect(f.clicks).toBe(clicks.get(f.featureId));
    const unused = tracked.filter((f) => !clicks.get(f.externalId));
    expect(features.unusedCount).toBe(unused.length);
    expect(features.unused.map((f) => f.featureId).sort()).toEqual(unused.map((f) => f.externalId).sort().slice(0, 30).sort());
  });

  it("counts users active, fading and gone from their days, as activeUsers7d counts the active", async () => {
    const section = (await load())!.usage.sections!.users;
    const rows = await db.usageUserDay.findMany({ where: { integrationId: pendoId, accountExternalId: { in: members }, day: { gte: at(addDays(asOf, -89)), lte: at(asOf) } } });
    const last = new Map<string, number>();
    const asOfMs = at(asOf).getTime();
    for (const r of rows) last.set(r.userExternalId, Math.max(last.get(r.userExternalId) ?? -Infinity, r.day.getTime()));
    const ago = [...last.values()].map((ms) => Math.round((asOfMs - ms) / 86_400_000));
    const expected = { active: ago.filter((d) => d <= 6).length, fading: ago.filter((d) => d >= 7 && d <= 29).length, gone: ago.filter((d) => d >= 30).length };
    expect(section.counts).toEqual(expected);
    expect(expected.active + expected.fading + expected.gone).toBeGreaterThan(0);
    const kpi = await db.kpiSnapshot.findUniqueOrThrow({ where: { integrationId_scope_accountId_day: { integrationId: pendoId, scope: "salesforce", accountId, day: at(asOf) } } });
    expect((kpi.values as Record<string, number | null>).activeUsers7d).toBe(expected.active);
    // Names and emails are the analytics users'.
    for (const u of [...section.first.active, ...section.first.fading, ...section.first.gone]) {
      const known = await db.analyticsUser.findUnique({ where: { integrationId_externalId: { integrationId: pendoId, externalId: u.userId } } });
      expect([u.name, u.email]).toEqual([known?.name ?? null, known?.email ?? null]);
    }
  });
});

describe("account page: linked records and Salesforce fields", () => {
  it("lists every analytics account linked to it with its criterion, and the pulled fields with their describe labels", async () => {
    const page: AccountPage = (await load())!;
    const links = await db.matchLink.findMany({ where: { entity: "ACCOUNT", salesforceId: accountId } });
    expect(page.links.map((l) => `${l.analyticsId}:${l.criterion}`).sort()).toEqual(links.map((l) => `${l.analyticsId}:${l.criterion}`).sort());
    expect(page.links.some((l) => l.system === "PENDO")).toBe(true);

    const account = await db.sfAccount.findFirstOrThrow({ where: { id: accountId } });
    const fields = account.fields as Record<string, unknown>;
    expect(page.salesforce.fields.map((f) => f.name).sort()).toEqual([...new Set([...Object.keys(fields), ...(account.ownerId ? ["OwnerId"] : [])])].sort());
    const describe = await db.salesforceDescribe.findUniqueOrThrow({ where: { integrationId_objectName: { integrationId: account.integrationId, objectName: account.objectName } } });
    const labels = new Map((describe.fields as unknown as FieldDescribe[]).map((f) => [f.name, f.label]));
    for (const f of page.salesforce.fields) expect(f.label, f.name).toBe(labels.get(f.name) ?? null);
    const csmField = page.salesforce.fields.find((f) => f.name === "CSM__c")!;
    expect(csmField).toMatchObject({ value: fields.CSM__c, user: { email: csmEmail } });
    // The fixture's own value of a pulled field.
    const source = (fixture.salesforce.objects as unknown as { Account: Record<string, unknown>[] }).Account.find((a) => a.Id === accountId)!;
    expect(page.salesforce.fields.find((f) => f.name === "ARR_Tier__c")?.value ?? null).toBe(source.ARR_Tier__c ?? null);
  });
});

describe("QBR summary", () => {
  it("sums the trailing 90 days: weekly active users, features, users and NPS per 30 days", async () => {
    const q = (await qbrSummary(accountId, viewer()))!;
    const from = addDays(asOf, -89);
    expect(q.period).toEqual({ from, to: asOf });
    const rows = await db.usageUserDay.findMany({ where: { integrationId: pendoId, accountExternalId: { in: members }, day: { gte: at(from), lte: at(asOf) } } });
    // Independently: distinct users per week counted back from the as-of day.
    for (const w of q.adoption!.weeks) {
      const inWeek = rows.filter((r) => utcDay(r.day) >= w.from && utcDay(r.day) <= w.to);
      expect(w.activeUsers, w.to).toBe(new Set(inWeek.map((r) => r.userExternalId)).size);
      expect(w.activeDays, w.to).toBe(new Set(inWeek.map((r) => utcDay(r.day))).size);
    }
    expect(q.adoption!.weeks.map((w) => w.to).at(-1)).toBe(asOf);
    expect(q.adoption!.activeUsers).toBe(new Set(rows.map((r) => r.userExternalId)).size);

    const answers = await db.usageNpsResponse.findMany({ where: { integrationId: pendoId, accountExternalId: { in: members }, day: { gte: at(from), lte: at(asOf) } } });
    expect(q.nps!.total.responses).toBe(answers.length);
    for (const p of q.nps!.periods) {
      const scores = answers.filter((a) => utcDay(a.day) >= p.from && utcDay(a.day) <= p.to).map((a) => a.score);
      const promoters = scores.filter((s) => s >= 9).length;
      const detractors = scores.filter((s) => s <= 6).length;
      expect(p.responses).toBe(scores.length);
      expect(p.score).toBe(scores.length ? Math.round(((promoters - detractors) / scores.length) * 10000) / 100 : null);
    }
    const feature = await db.usageAccountFeatureDay.findMany({ where: { integrationId: pendoId, accountExternalId: { in: members }, day: { gte: at(from), lte: at(asOf) } } });
    const clicks = new Map<string, number>();
    for (const r of feature) clicks.set(r.featureExternalId, (clicks.get(r.featureExternalId) ?? 0) + r.clicks);
    expect(q.features!.top.map((f) => f.clicks)).toEqual([...clicks.values()].filter((n) => n > 0).sort((a, b) => b - a).slice(0, 10));
    const scored = await db.healthScore.findMany({ where: { accountId, day: { gte: at(from), lte: at(asOf) } }, orderBy: { day: "asc" } });
    expect(q.health.points.map((p) => [p.day, p.score])).toEqual(scored.map((r) => [utcDay(r.day), r.score]));
    expect(q.health.points.map((p) => p.day)).toEqual(expect.arrayContaining([days.monthBefore, days.weekBefore]));
  });

  it("downloads as CSV for every role that reads accounts, and 404 for an unknown id", async () => {
    const res = await call(qbrCsvRoute, "GET", accountId, undefined, users.get("VIEWER"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename="qbr-.*-${accountId}-${asOf}\\.csv"`));
    const text = await res.text();
    expect(text).toBe(qbrCsv((await qbrSummary(accountId, viewer()))!));
    expect(text.split("\r\n")[0]).toBe("section,item,from,to,value,unit,detail");
    expect(text.split("\r\n").filter((l) => l.startsWith("adoption,Weekly active users,")).length).toBe(13);
    expect((await call(qbrCsvRoute, "GET", "001000000000000ZZZ", undefined, users.get("VIEWER"))).status).toBe(404);
    expect((await call(qbrCsvRoute, "GET", "not-an-id", undefined, users.get("VIEWER"))).status).toBe(404);
  });
});

describe("health override route", () => {
  const valid = () => ({ score: 12.5, reason: "Champion left last week", expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString() });

  it("lets the account's CSM set one: the page shows it at once over the computed score, and it is audited", async () => {
    const page = await load({}, "CSM");
    expect(page!.overrideAccess).toMatchObject({ allowed: false });
    expect((await accountPage(accountId, { viewer: { id: "csm-page-viewer", role: "CSM", email: csmEmail }, change: changeSelection({}) }))!.overrideAccess).toEqual({ allowed: true });

    const csm = users.get("accountCsm")!;
    const res = await call(setOverride, "POST", accountId, valid(), csm);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ score: 12.5, colour: null, message: expect.stringMatching(/next sync/) });
    const shown = (await load())!.health!;
    const row = await db.healthScore.findUniqueOrThrow({ where: { accountId_day: { accountId, day: at(days.newest) } } });
    expect(shown).toMatchObject({ score: 12.5, colour: "red", atRisk: true, override: { setBy: csm.email, reason: "Champion left last week", computed: { score: row.score, colour: row.colour } } });
    const audit = await db.auditLog.findMany({ where: { action: "health.override.set", targetId: accountId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: csm.id, targetType: "SfAccount", before: null, after: { score: 12.5, reason: "Champion left last week", setBy: csm.email } });

    // A second one replaces it: one override in force, the first closed, both audited.
    const again = await call(setOverride, "POST", accountId, { colour: "green", reason: "Renewal signed", expiresAt: valid().expiresAt }, users.get("ADMIN"));
    expect(again.status).toBe(200);
    expect((await load())!.health).toMatchObject({ score: row.score, colour: "green", override: { setBy: "admin@page.test" } });
    expect(await db.healthOverride.count({ where: { accountId, clearedAt: null } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "health.override.set", targetId: accountId } })).toBe(2);
  });

  it("refuses another CSM (403) and a viewer (403), and writes nothing", async () => {
    const before = await db.healthOverride.count();
    const other = await call(setOverride, "POST", accountId, valid(), users.get("otherCsm"));
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toMatch(/own CSM/);
    expect((await call(setOverride, "POST", accountId, valid(), users.get("VIEWER"))).status).toBe(403);
    expect((await call(clearOverride, "DELETE", accountId, undefined, users.get("otherCsm"))).status).toBe(403);
    expect((await call(clearOverride, "DELETE", accountId, undefined, users.get("VIEWER"))).status).toBe(403);
    expect(await db.healthOverride.count()).toBe(before);
    expect(await db.healthOverride.count({ where: { clearedAt: { not: null }, clearedBy: { in: ["someone-else@page.test", "viewer@page.test"] } } })).toBe(0);
  });

  it("refuses an expiry in the past, past a year, no score or colour, a score out of range and a blank reason (422)", async () => {
    const admin = users.get("ADMIN")!;
    const before = await db.healthOverride.count();
    const cases: [string, unknown, RegExp][] = [
      ["past", { ...valid(), expiresAt: new Date(Date.now() - 60_000).toISOString() }, /after the time the override is set/],
      ["two years", { ...valid(), expiresAt: new Date(Date.now() + 2 * 366 * 86_400_000).toISOString() }, /at most 366 days/],
      ["not a date", { ...valid(), expiresAt: "next Tuesday" }, /expiry/],
      ["nothing to set", { reason: "x", expiresAt: valid().expiresAt }, /score, a colour or both/],
      ["score 101", { ...valid(), score: 101 }, /0 to 100/],
      ["blank reason", { ...valid(), reason: "   " }, /Say why/],
      ["purple", { ...valid(), colour: "purple" }, /red, yellow or green/],
    ];
    for (const [label, body, message] of cases) {
      const res = await call(setOverride, "POST", accountId, body, admin);
      expect(res.status, label).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message, label).toMatch(message);
    }
    expect(await db.healthOverride.count()).toBe(before);
  });

  it("clears the override in force: the computed score shows again, audited; clearing again is a 409", async () => {
    const csm = users.get("accountCsm")!;
    const res = await call(clearOverride, "DELETE", accountId, undefined, csm);
    expect(res.status).toBe(200);
    const row = await db.healthScore.findUniqueOrThrow({ where: { accountId_day: { accountId, day: at(days.newest) } } });
    expect((await load())!.health).toMatchObject({ score: row.score, colour: row.colour, override: null });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "health.override.clear", targetId: accountId } });
    expect(audit).toMatchObject({ actorId: csm.id, before: { colour: "green", reason: "Renewal signed" } });
    expect((await call(clearOverride, "DELETE", accountId, undefined, csm)).status).toBe(409);
  });

  it("answers 404 for an unknown account and for an id that is not one", async () => {
    expect((await call(setOverride, "POST", "001000000000000ZZZ", valid(), users.get("ADMIN"))).status).toBe(404);
    expect((await call(setOverride, "POST", "../../etc", valid(), users.get("ADMIN"))).status).toBe(404);
    expect((await call(clearOverride, "DELETE", "001000000000000ZZZ", undefined, users.get("ADMIN"))).status).toBe(404);
  });
});
