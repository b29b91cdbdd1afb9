import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "csv-parse/sync";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { testIntegrations } from "@/lib/testing/integrations";
import { truncateAll } from "@/lib/testing/database";
import { currentHealth } from "@/lib/health/latest-health";
import { allAccounts, listAccounts, type AccountList } from "@/lib/accounts/list-accounts";
import { ACCOUNT_CSV_HEADER, accountCsv } from "@/lib/accounts/list-csv";
import { accountFilterSchema } from "@/lib/accounts/list-filter";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

// The Accounts list against hand-written scores, KPIs and overrides: what a CSM sees on each sort,
// filter and saved view, and that it is the health currentHealth() gives the rest of the product.

const now = new Date("2026-12-01T09:00:00Z");
const D = "2026-11-30"; // the newest scoring day
const day = (iso: string, back = 0) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - back);
  return d;
};
// No sharing group exists in this file: Ada sees every account (data-scope tests cover groups).
const ada = { id: "ada-viewer", email: "Ada@Example.com" };
const list = (input: Record<string, string> = {}, viewer = ada) => listAccounts(accountFilterSchema.parse(input), viewer, now);
const names = (l: AccountList) => l.accounts.map((a) => a.name);

const ID = {
  acme: "001000000000001AAA",
  beta: "001000000000002AAA",
  gamma: "001000000000003AAA",
  delta: "001000000000004AAA",
  echo: "001000000000005AAA",
  fox: "001000000000006AAA",
  golf: "001000000000007AAA",
  hotel: "001000000000008AAA",
  india: "001000000000009AAA",
};
const ADA = "005000000000001AAA";
const BOB = "005000000000002AAA";

const sfAccount = (id: string, name: string, fields: Record<string, unknown>, state: "ACTIVE" | "TO_MERGE" | "TO_DELETE" = "ACTIVE") => ({
  integrationId: "sf",
  id,
  objectName: "Account",
  name,
  website: null,
  fields: fields as object,
  systemModstamp: now,
  state,
  contentHash: id,
  pulledAt: now,
});
const bands = { red: 40, green: 70 };
const colourOf = (score: number | null) => (score === null ? null : score < 40 ? "red" : score < 70 ? "yellow" : "green");
const score = (accountId: string, back: number, value: number | null, usageSource: string | null = "pendo", from = D) => ({
  accountId,
  day: day(from, back),
  modelVersion: 1,
  score: value,
  colour: colourOf(value),
  measures: { bands },
  missing: [],
  usageSource,
  computedAt: now,
});
const override = (accountId: string, o: { score?: number; colour?: string; expiresAt?: Date; clearedAt?: Date; createdAt?: Date }) => ({
  accountId,
  score: o.score ?? null,
  colour: o.colour ?? null,
  reason: "CSM knows better",
  expiresAt: o.expiresAt ?? new Date("2027-01-01T00:00:00Z"),
  setByEmail: "lead@example.com",
  createdAt: o.createdAt ?? new Date("2026-11-29T00:00:00Z"),
  clearedAt: o.clearedAt ?? null,
});

beforeAll(async () => {
  await truncateAll(db);
  expect((await list()).hub).toEqual({ anyAccount: false, newestScoreDay: null });
  await db.integration.createMany({ data: testIntegrations(["sf", "pendo", "px"], { secrets: "x" }) });
  await db.sfUser.createMany({
    data: [
      { integrationId: "sf", id: ADA, name: "Ada Lovelace", email: "ada@example.com", isActive: true, systemModstamp: now, pulledAt: now },
      { integrationId: "sf", id: BOB, name: "Bob Smith", email: "bob@example.com", isActive: true, systemModstamp: now, pulledAt: now },
    ],
  });
  await db.sfAccount.createMany({
    data: [
      sfAccount(ID.acme, "Acme Corp", { ARR__c: 500000, ARR_Tier__c: "Enterprise", Renewal_Date__c: "2026-12-31", CSM__c: ADA, Licensed_Seats__c: 100 }),
      sfAccount(ID.beta, "Beta Ltd", { ARR__c: 20000, ARR_Tier__c: "SMB", Renewal_Date__c: "2027-06-19", CSM__c: BOB, Licensed_Seats__c: 10 }),
      sfAccount(ID.gamma, "Gamma Acme", { ARR__c: null, ARR_Tier__c: "Mid-Market", Renewal_Date__c: "2027-01-30", CSM__c: ADA }),
      sfAccount(ID.delta, "Delta Gone", { ARR__c: 70000, ARR_Tier__c: "SMB" }, "TO_DELETE"),
      sfAccount(ID.echo, "Echo Merged", {}, "TO_MERGE"),
      // Never scored; a renewal date that is not one reads as none.
      sfAccount(ID.fox, "Foxtrot", { ARR__c: "lots", CSM__c: BOB, Renewal_Date__c: "next spring" }),
      sfAccount(ID.golf, "Golf", { ARR__c: 1000, Renewal_Date__c: "2026-11-01" }),
      sfAccount(ID.hotel, "Hotel", { ARR__c: 300000, ARR_Tier__c: "Enterprise" }),
      sfAccount(ID.india, "=HYPERLINK(\"http://evil\")", { ARR__c: 5, CSM__c: "005000000000099AAA" }),
    ],
  });
  await db.healthScore.createMany({
    data: [
      // Acme: red, 10 down on the week, 10 up on the month.
      score(ID.acme, 0, 30),
      score(ID.acme, 7, 40),
      score(ID.acme, 30, 20),
      // Beta: green, +5 on the week, no score 30 days back. PX tracks it.
      score(ID.beta, 0, 80, "px"),
      score(ID.beta, 7, 75, "px"),
      // Gamma: computed yellow 55, overridden to 20 (so red by the bands).
      score(ID.gamma, 0, 55),
      score(ID.gamma, 7, 60),
      // Delta: retired 20 days ago, its newest score is older than the table's newest day.
      score(ID.delta, 20, 90, null),
      score(ID.delta, 27, 85, null),
      // Golf: scored, but every measure was missing.
      score(ID.golf, 0, null, null),
      // Hotel: computed yellow 65, overridden green by colour only.
      score(ID.hotel, 0, 65),
      score(ID.hotel, 30, 70),
      // India: yellow, 3 up on the week.
      score(ID.india, 0, 50, null),
      score(ID.india, 7, 47, null),
    ],
  });
  await db.healthOverride.createMany({
    data: [
      override(ID.gamma, { score: 20 }),
      override(ID.hotel, { colour: "green" }),
      // An expired and a cleared override change nothing.
      override(ID.beta, { score: 10, expiresAt: new Date("2026-11-30T00:00:00Z") }),
      override(ID.acme, { colour: "green", clearedAt: new Date("2026-11-30T00:00:00Z") }),
    ],
  });
  await db.kpiSnapshot.createMany({
    data: [
      { integrationId: "pendo", scope: "salesforce", accountId: ID.acme, day: day(D, 1), values: { activeUsers30d: 12, lastVisitAt: "2026-11-28" }, computedAt: now },
      { integrationId: "pendo", scope: "salesforce", accountId: ID.acme, day: day(D), values: { activeUsers30d: 42, lastVisitAt: "2026-11-29" }, computedAt: now },
      // The other tool's snapshot of Acme is not its usage source: not shown.
      { integrationId: "px", scope: "salesforce", accountId: ID.acme, day: day(D), values: { activeUsers30d: 999, lastVisitAt: "2026-11-30" }, computedAt: now },
      { integrationId: "px", scope: "salesforce", accountId: ID.beta, day: day(D), values: { activeUsers30d: 7, lastVisitAt: null }, computedAt: now },
    ],
  });
  await db.analyticsAccount.create({ data: { integrationId: "pendo", externalId: "p-acme", name: "Acme (Pendo)", custom: {}, contentHash: "x", pulledAt: now } });
  await db.sfContact.createMany({
    data: ["003A", "003B"].map((id) => ({ integrationId: "sf", id, objectName: "Contact", accountId: ID.acme, fields: {}, systemModstamp: now, contentHash: id, pulledAt: now })),
  });
  await db.matchLink.createMany({
    data: [
      { integrationId: "pendo", entity: "ACCOUNT", analyticsId: "p-acme", salesforceId: ID.acme, criterion: "salesforceId", matchedAt: now },
      { integrationId: "px", entity: "ACCOUNT", analyticsId: "x-beta", salesforceId: ID.beta, criterion: "name", matchedAt: now },
      { integrationId: "pendo", entity: "CONTACT", analyticsId: "u1", salesforceId: "003A", criterion: "email", matchedAt: now },
      { integrationId: "pendo", entity: "CONTACT", analyticsId: "u2", salesforceId: "003B", criterion: "email", matchedAt: now },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

const ACTIVE_BY_SCORE = ["Gamma Acme", "Acme Corp", "=HYPERLINK(\"http://evil\")", "Hotel", "Beta Ltd"];

describe("the Accounts list", () => {
  it("puts health first: worst score first, unscored after, retired accounts last", async () => {
    const l = await list();
    expect(names(l)).toEqual([...ACTIVE_BY_SCORE, "Foxtrot", "Golf", "Delta Gone", "Echo Merged"]);
    expect(l).toMatchObject({ total: 9, retired: 2, page: 1, pageCount: 1, hub: { anyAccount: true, newestScoreDay: D } });
  });

  it("shows each account's columns: health with the override applied, trends, ARR, renewal, segment, CSM, seats and activity", async () => {
    const rows = new Map((await list()).accounts.map((a) => [a.id, a]));
    expect(rows.get(ID.acme)).toMatchObject({
      health: { score: 30, colour: "red", atRisk: true, day: D, override: null, computed: { score: 30, colour: "red" } },
      trend: { days7: -10, days30: 10 },
      arr: 500000,
      renewalDate: "2026-12-31",
      segment: "Enterprise",
      csm: { id: ADA, name: "Ada Lovelace", email: "ada@example.com" },
      seats: 100,
      // The newest snapshot of its usage source (Pendo), not PX's.
      usage: { tool: "Pendo", kpiDay: D, activeUsers30d: 42, lastVisitAt: "2026-11-29" },
      links: [{ system: "PENDO", analyticsId: "p-acme", name: "Acme (Pendo)", removed: false }],
      linkedUsers: [{ system: "PENDO", users: 2 }],
    });
    // A score override without a colour takes the colour of the bands; the computed health stays visible.
    expect(rows.get(ID.gamma)!.health).toMatchObject({ score: 20, colour: "red", override: { setBy: "lead@example.com", computed: { score: 55, colour: "yellow" } } });
    expect(rows.get(ID.gamma)!.trend).toEqual({ days7: -5, days30: null });
    // A colour override keeps the computed score.
    expect(rows.get(ID.hotel)!.health).toMatchObject({ score: 65, colour: "green", computed: { score: 65, colour: "yellow" } });
    // Expired and cleared overrides are not in force.
    expect(rows.get(ID.beta)!.health).toMatchObject({ score: 80, colour: "green", override: null });
    expect(rows.get(ID.beta)).toMatchObject({ trend: { days7: 5, days30: null }, usage: { tool: "Gainsight PX", activeUsers30d: 7, lastVisitAt: null }, csm: { name: "Bob Smith" } });
    // A retired account keeps its last score, days before the table's newest, with its own trend.
    expect(rows.get(ID.delta)).toMatchObject({ state: "TO_DELETE", health: { score: 90, day: "2026-11-10" }, trend: { days7: 5, days30: null } });
    // Never scored, and scored without any data, are told apart.
    expect(rows.get(ID.fox)).toMatchObject({ health: null, arr: null, renewalDate: null, usage: { tool: null, activeUsers30d: null } });
    expect(rows.get(ID.golf)!.health).toMatchObject({ score: null, colour: null, day: D });
    // A CSM id the hub has no user for is still shown, by id.
    expect(rows.get(ID.india)!.csm).toEqual({ id: "005000000000099AAA", name: null, email: null });
  });

  it("shows the health currentHealth() gives the rest of the product, and filters by it", async () => {
    const everyone = (await list({ pageSize: "100" })).accounts;
    const current = await currentHealth(
      everyone.map((a) => a.id),
      now,
    );
    for (const a of everyone) {
      const c = current.get(a.id);
      expect(a.health === null ? null : { score: a.health.score, colour: a.health.colour }, a.name!).toEqual(c ? { score: c.score, colour: c.colour } : null);
    }
    for (const colour of ["red", "yellow", "green"] as const) {
      const filtered = (await list({ colour, pageSize: "100" })).accounts.map((a) => a.id).sort();
      expect(filtered, colour).toEqual(everyone.filter((a) => current.get(a.id)?.colour === colour).map((a) => a.id).sort());
    }
  });

  it("sorts by score, name, ARR, renewal date and trend, either way, missing values last", async () => {
    expect(names(await list({ sort: "score", dir: "desc" }))).toEqual([...[...ACTIVE_BY_SCORE].reverse(), "Foxtrot", "Golf", "Delta Gone", "Echo Merged"]);
    expect(names(await list({ sort: "name" }))).toEqual(["=HYPERLINK(\"http://evil\")", "Acme Corp", "Beta Ltd", "Foxtrot", "Gamma Acme", "Golf", "Hotel", "Delta Gone", "Echo Merged"]);
    expect(names(await list({ sort: "name", dir: "desc" }))).toEqual(["Hotel", "Golf", "Gamma Acme", "Foxtrot", "Beta Ltd", "Acme Corp", "=HYPERLINK(\"http://evil\")", "Echo Merged", "Delta Gone"]);
    // ARR biggest first; Gamma has none and Foxtrot's is not a number.
    expect(names(await list({ sort: "arr" }))).toEqual(["Acme Corp", "Hotel", "Beta Ltd", "Golf", "=HYPERLINK(\"http://evil\")", "Gamma Acme", "Foxtrot", "Delta Gone", "Echo Merged"]);
    expect(names(await list({ sort: "arr", dir: "asc" })).slice(0, 5)).toEqual(["=HYPERLINK(\"http://evil\")", "Golf", "Beta Ltd", "Hotel", "Acme Corp"]);
    expect(names(await list({ sort: "renewal" })).slice(0, 4)).toEqual(["Golf", "Acme Corp", "Gamma Acme", "Beta Ltd"]);
    // Steepest fall first; accounts without a score that many days back come last.
    expect(names(await list({ sort: "trend7" }))).toEqual(["Acme Corp", "Gamma Acme", "=HYPERLINK(\"http://evil\")", "Beta Ltd", "Foxtrot", "Golf", "Hotel", "Delta Gone", "Echo Merged"]);
    expect(names(await list({ sort: "trend7", dir: "desc" })).slice(0, 4)).toEqual(["Beta Ltd", "=HYPERLINK(\"http://evil\")", "Gamma Acme", "Acme Corp"]);
    expect(names(await list({ sort: "trend30" })).slice(0, 2)).toEqual(["Hotel", "Acme Corp"]);
  });

  it("filters by colour, segment, CSM and renewal window, and searches by name or id", async () => {
    expect(names(await list({ colour: "red" }))).toEqual(["Gamma Acme", "Acme Corp"]);
    // Hotel is computed yellow but overridden green; Gamma computed yellow but overridden red.
    expect(names(await list({ colour: "yellow" }))).toEqual(["=HYPERLINK(\"http://evil\")"]);
    expect(names(await list({ colour: "green" }))).toEqual(["Hotel", "Beta Ltd", "Delta Gone"]);
    expect(names(await list({ colour: "none" }))).toEqual(["Foxtrot", "Golf", "Echo Merged"]);
    expect(names(await list({ segment: "Enterprise" }))).toEqual(["Acme Corp", "Hotel"]);
    expect(names(await list({ csm: BOB }))).toEqual(["Beta Ltd", "Foxtrot"]);
    expect(names(await list({ csm: "none", sort: "name" }))).toEqual(["Golf", "Hotel", "Delta Gone", "Echo Merged"]);
    // Renewal from today (2026-12-01) through today + N; Golf renewed in the past.
    expect(names(await list({ renewingIn: "30" }))).toEqual(["Acme Corp"]);
    expect(names(await list({ renewingIn: "60", sort: "renewal" }))).toEqual(["Acme Corp", "Gamma Acme"]);
    expect(names(await list({ q: "acme" }))).toEqual(["Gamma Acme", "Acme Corp"]);
    expect(names(await list({ q: "001000000000005" }))).toEqual(["Echo Merged"]);
    // LIKE wildcards are searched for as text.
    expect((await list({ q: "%" })).total).toBe(0);
    expect(names(await list({ colour: "red", segment: "Enterprise", csm: ADA }))).toEqual(["Acme Corp"]);
    expect(await list({ q: "nothing like this" })).toMatchObject({ accounts: [], total: 0, hub: { anyAccount: true } });
  });

  it("saved views: my accounts by the signed-in user's email, at risk, renewing in 90 days", async () => {
    const mine = await list({ csm: "me" });
    expect(names(mine)).toEqual(["Gamma Acme", "Acme Corp"]);
    expect(mine.me).toEqual({ email: "Ada@Example.com", users: [{ id: ADA, name: "Ada Lovelace" }] });
    const stranger = await list({ csm: "me" }, { id: "nobody-viewer", email: "nobody@example.com" });
    expect(stranger).toMatchObject({ accounts: [], total: 0, me: { email: "nobody@example.com", users: [] } });
    expect(names(await list({ colour: "red" }))).toEqual(["Gamma Acme", "Acme Corp"]);
    expect(names(await list({ renewingIn: "90", sort: "renewal" }))).toEqual(["Acme Corp", "Gamma Acme"]);
  });

  it("pages across the active and retired accounts without overlap, and counts past the end", async () => {
    const pages = await Promise.all(["1", "2", "3", "4", "5"].map((page) => list({ page, pageSize: "2" })));
    expect(pages.map(names)).toEqual([
      ["Gamma Acme", "Acme Corp"],
      ["=HYPERLINK(\"http://evil\")", "Hotel"],
      ["Beta Ltd", "Foxtrot"],
      ["Golf", "Delta Gone"],
      ["Echo Merged"],
    ]);
    expect(pages.map((p) => [p.total, p.pageCount, p.retired])).toEqual(Array(5).fill([9, 5, 2]));
    expect(await list({ page: "6", pageSize: "2" })).toMatchObject({ accounts: [], total: 9, pageCount: 5 });
    expect(await list({ page: "2", pageSize: "2", colour: "red" })).toMatchObject({ accounts: [], total: 2, pageCount: 1 });
    expect(accountFilterSchema.safeParse({ pageSize: "101" }).success).toBe(false);
  });

  it("offers the segments and CSMs the accounts hold as filter choices", async () => {
    expect((await list()).options).toEqual({
      segments: ["Enterprise", "Mid-Market", "SMB"],
      csms: [
        { id: ADA, name: "Ada Lovelace", email: "ada@example.com" },
        { id: BOB, name: "Bob Smith", email: "bob@example.com" },
        { id: "005000000000099AAA", name: null, email: null },
      ],
    });
  });
});

describe("the Accounts CSV export", () => {
  it("exports every account of the filter in the list's order, formulas neutralised", async () => {
    const rows = [];
    for await (const r of allAccounts(accountFilterSchema.parse({ sort: "name" }), ada, now)) rows.push(r);
    const records = parse(accountCsv(rows, true)) as string[][];
    expect(records[0]).toEqual([...ACCOUNT_CSV_HEADER]);
    expect(records.slice(1).map((r) => r[1])).toEqual(["'=HYPERLINK(\"http://evil\")", "Acme Corp", "Beta Ltd", "Foxtrot", "Gamma Acme", "Golf", "Hotel", "Delta Gone", "Echo Merged"]);
    const byId = new Map(records.slice(1).map((r) => [r[0], Object.fromEntries(ACCOUNT_CSV_HEADER.map((h, i) => [h, r[i]]))]));
    expect(byId.get(ID.acme)).toMatchObject({
      state: "active",
      health_score: "30",
      health_colour: "red",
      score_day: D,
      trend_7d: "-10",
      trend_30d: "10",
      arr: "500000",
      renewal_date: "2026-12-31",
      segment: "Enterprise",
      csm_name: "Ada Lovelace",
      active_users_30d: "42",
      licensed_seats: "100",
      usage_tool: "Pendo",
      last_activity: "2026-11-29",
      pendo_accounts: "Acme (Pendo) (p-acme)",
      px_accounts: "",
    });
    expect(byId.get(ID.gamma)).toMatchObject({ health_score: "20", health_colour: "red", computed_score: "55", override: expect.stringContaining("lead@example.com until 2027-01-01") });
    expect(byId.get(ID.delta)).toMatchObject({ state: "deleted in Salesforce", health_score: "90" });
  });

  it("streams the current filter from the route, for every role that reads accounts", async () => {
    const { GET } = await import("@/app/api/accounts/export/route");
    session.user = { id: "u", email: "ada@example.com", name: null, role: "VIEWER", mustChangePassword: false };
    const res = await GET(new Request("http://localhost/api/accounts/export?csm=me&sort=name"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const records = parse(await res.text()) as string[][];
    expect(records.map((r) => r[1])).toEqual(["name", "Acme Corp", "Gamma Acme"]);
    const bad = await GET(new Request("http://localhost/api/accounts/export?colour=purple"), { params: Promise.resolve({}) });
    expect(bad.status).toBe(422);
  });
});
