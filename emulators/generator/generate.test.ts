import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { canonicalHash, canonicalStringify } from "../fixture/canonical";
import { validateFixture } from "../fixture/io";
import { addPeriods, startOfPeriod } from "../fixture/runtime/tz";
import { fixtureSchema, type Fixture } from "../fixture/schema";
import { startPendoEmulator } from "../pendo/server";
import { startPxEmulator } from "../px/server";
import { startSalesforceEmulator } from "../salesforce/server";
import { fixtureCounts, generateDemoData } from "./generate";
import { sfTo18 } from "./sf-ids";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code walks arbitrary vendor JSON
type Rec = Record<string, any>;
const DAY = 86_400_000;

describe("determinism", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("gives byte-identical output for the same seed without Math.random or the wall clock", () => {
    vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used");
    });
    vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now used");
    });
    const a = canonicalStringify(generateDemoData({ seed: 1234, accounts: 60 }));
    const b = canonicalStringify(generateDemoData({ seed: 1234, accounts: 60 }));
    expect(a.length).toBeGreaterThan(100_000);
    expect(a === b).toBe(true);
  });

  it("gives different output for a different seed, and respects now/days", () => {
    const a = canonicalHash(generateDemoData({ seed: 1, accounts: 30 })).sha256;
    const b = canonicalHash(generateDemoData({ seed: 2, accounts: 30 })).sha256;
    expect(a).not.toBe(b);
    const f = generateDemoData({ seed: 1, accounts: 30, now: "2026-03-10T15:00:00Z", days: 20 });
    expect(f.now).toBe("2026-03-10T15:00:00Z");
    const today = startOfPeriod("daily", Date.parse(f.now!), "America/New_York");
    const days = new Set(f.pendo.events.map((e) => e.day));
    expect(Math.max(...days)).toBe(addPeriods("daily", today, -1, "America/New_York"));
    expect(Math.min(...days)).toBeGreaterThanOrEqual(addPeriods("daily", today, -20, "America/New_York"));
  });

  it("rejects bad options", () => {
    expect(() => generateDemoData({ seed: 1, accounts: 0 })).toThrow(/accounts/);
    expect(() => generateDemoData({ seed: 1, accounts: 5, now: "yesterday" })).toThrow(/now/);
    expect(generateDemoData({ seed: 1, accounts: 2, now: "2026-06-01" }).now).toBe("2026-06-01T00:00:00.000Z");
  });
});

describe("generated data", () => {
  let f: Fixture;
  let sfAccounts: Rec[];
  let ids18: Set<string>;

  beforeAll(() => {
    f = generateDemoData({ seed: 42, accounts: 300 });
    sfAccounts = f.salesforce.objects!.Account as Rec[];
    ids18 = new Set(sfAccounts.map((a) => a.Id as string));
  });

  it("validates against the fixture schema (whole-object and record-by-record)", () => {
    expect(fixtureSchema.safeParse(f).success).toBe(true);
    expect(() => validateFixture(f)).not.toThrow();
    const broken = structuredClone(f);
    (broken.px.users[3] as Rec).identifyId = 17;
    expect(() => validateFixture(broken)).toThrow(/^px\.users\[3\]\.identifyId: /);
  });

  it("uses valid 18-character Salesforce IDs with the case-safe checksum", () => {
    expect(sfTo18("001D000000IRFma")).toBe("001D000000IRFmaIAH");
    expect(sfTo18("00558000001N0Ke")).toBe("00558000001N0KeAAK");
    for (const [type, prefix] of [["Account", "001"], ["Contact", "003"], ["User", "005"], ["Opportunity", "006"], ["Task", "00T"], ["Case", "500"]] as const) {
      const recs = f.salesforce.objects![type] as Rec[];
      expect(recs.length, type).toBeGreaterThan(0);
      for (const r of recs) {
        expect(r.Id).toMatch(/^[A-Za-z0-9]{18}$/);
        expect(r.Id.startsWith(prefix)).toBe(true);
        expect(sfTo18(r.Id.slice(0, 15))).toBe(r.Id);
        expect(r.attributes).toEqual({ type, url: `/services/data/v62.0/sobjects/${type}/${r.Id}` });
      }
    }
  });

  it("has messy websites on Salesforce accounts", () => {
    const sites = sfAccounts.map((a) => a.Website as string | null);
    expect(sites.some((s) => s === null)).toBe(true);
    expect(sites.some((s) => s !== null && /^https:\/\/www\.[A-Z]/.test(s) && s.endsWith("/"))).toBe(true);
    expect(sites.some((s) => s !== null && /^[a-z0-9-]+\.co\.uk$/.test(s))).toBe(true);
    expect(sites.some((s) => s !== null && /^http:\/\/[^/]+:8080\/path$/.test(s))).toBe(true);
    expect(sites.some((s) => s !== null && s !== s.trim())).toBe(true);
  });

  it("links PX and Pendo accounts to Salesforce by 18/15-char and lowercased IDs, by domain, by name, or not at all", () => {
    const sfIds = [...ids18];
    const px = f.px.accounts;
    expect(px.some((a) => ids18.has(a.sfdcId!))).toBe(true);
    expect(px.some((a) => a.sfdcId!.length === 15 && sfIds.some((id) => id.startsWith(a.sfdcId!)))).toBe(true);
    expect(px.some((a) => a.sfdcId !== "" && a.sfdcId === a.sfdcId!.toLowerCase() && sfIds.some((id) => id.toLowerCase().startsWith(a.sfdcId!)))).toBe(true);
    expect(px.some((a) => a.sfdcId === "" && a.website !== "")).toBe(true);
    expect(px.some((a) => a.sfdcId === "" && a.website === "")).toBe(true);
    const pendoIds = f.pendo.accounts.map((a) => (a.metadata.custom?.sfdcaccountid as string | undefined) ?? a.accountId);
    expect(pendoIds.some((id) => ids18.has(id))).toBe(true);
    expect(f.pendo.accounts.some((a) => ids18.has(a.accountId))).toBe(true);
    expect(pendoIds.some((id) => id.length === 15 && sfIds.some((s) => s.startsWith(id)))).toBe(true);
    expect(pendoIds.some((id) => /^[a-z0-9]{15}([a-z0-9]{3})?$/.test(id) && sfIds.some((s) => s.toLowerCase().startsWith(id)))).toBe(true);
    expect(f.pendo.accounts.some((a) => a.metadata.custom?.domain && !a.metadata.custom?.sfdcaccountid && !ids18.has(a.accountId))).toBe(true);
  });

  it("has trial accounts without a Salesforce account and two PX accounts on one Salesforce ID", () => {
    const trialsPx = f.px.accounts.filter((a) => a.id.startsWith("trial-"));
    const trialsPendo = f.pendo.accounts.filter((a) => a.accountId.startsWith("trial-"));
    expect(trialsPx.length + trialsPendo.length).toBe(Math.round(300 * 0.06));
    for (const t of trialsPx) expect(t.sfdcId).toBe("");
    const bySf = new Map<string, number>();
    for (const a of f.px.accounts) if (a.sfdcId) bySf.set(a.sfdcId.slice(0, 15).toLowerCase(), (bySf.get(a.sfdcId.slice(0, 15).toLowerCase()) ?? 0) + 1);
    expect([...bySf.values()].some((n) => n >= 2)).toBe(true);
  });

  it("has contacts whose email or phone appears twice", () => {
    const contacts = f.salesforce.objects!.Contact as Rec[];
    const count = (key: (c: Rec) => string | null) => {
      const m = new Map<string, number>();
      for (const c of contacts) {
        const k = key(c);
        if (k) m.set(k, (m.get(k) ?? 0) + 1);
      }
      return [...m.values()].filter((n) => n > 1).length;
    };
    expect(count((c) => (c.Email as string | null)?.toLowerCase() ?? null)).toBeGreaterThan(0);
    expect(count((c) => c.Phone as string | null)).toBeGreaterThan(0);
    expect(contacts.some((c) => c.Email !== null && c.Email !== (c.Email as string).toLowerCase())).toBe(true);
  });

  it("has active, fading and gone users with 90+ days of daily usage", () => {
    const now = Date.parse(f.now!);
    const last = f.pendo.visitors.map((v) => v.metadata.auto!.lastvisit!);
    expect(last.filter((t) => now - t < 7 * DAY).length).toBeGreaterThan(20);
    expect(last.filter((t) => now - t > 30 * DAY && now - t < 100 * DAY).length).toBeGreaterThan(5);
    expect(last.filter((t) => now - t > 100 * DAY).length).toBeGreaterThan(0);
    const days = new Set(f.pendo.events.map((e) => e.day));
    expect(days.size).toBeGreaterThanOrEqual(90);
    expect(f.pendo.events.some((e) => e.visitorId.startsWith("_PENDO_T_"))).toBe(true);
    expect(f.pendo.featureEvents.length).toBeGreaterThan(f.pendo.events.length / 2);
    const pxDays = new Set(f.px.events.session.map((e) => Math.floor(e.date / DAY)));
    expect(pxDays.size).toBeGreaterThanOrEqual(90);
    expect(f.px.events.feature_match.length).toBeGreaterThan(0);
    expect(f.px.events.custom.length).toBeGreaterThan(0);
  });

  it("has NPS promoters, passives and detractors in Pendo and PX", () => {
    const bucket = (s: number) => (s >= 9 ? "p" : s >= 7 ? "a" : "d");
    const pendo = new Set(f.pendo.pollEvents.filter((p) => p.pollType === "NPSRating").map((p) => bucket(p.pollResponse as number)));
    const px = new Set(f.px.events.survey_response.map((r) => bucket(r.score as number)));
    expect([...pendo].sort()).toEqual(["a", "d", "p"]);
    expect([...px].sort()).toEqual(["a", "d", "p"]);
    expect(f.pendo.pollEvents.some((p) => p.pollType === "NPSReason" && typeof p.pollResponse === "string")).toBe(true);
  });

  it("has renewals, ARR tiers, open cases, CSMs, public sector and push-target fields", () => {
    const users = new Set((f.salesforce.objects!.User as Rec[]).map((u) => u.Id));
    expect(new Set(sfAccounts.map((a) => a.ARR_Tier__c).filter(Boolean))).toEqual(new Set(["Enterprise", "Mid-Market", "SMB"]));
    expect(sfAccounts.some((a) => a.Customer_Status__c === "Active" && a.Renewal_Date__c > f.now!.slice(0, 10))).toBe(true);
    expect(sfAccounts.some((a) => a.Public_Sector__c === true)).toBe(true);
    for (const a of sfAccounts) if (a.CSM__c) expect(users.has(a.CSM__c)).toBe(true);
    const cases = f.salesforce.objects!.Case as Rec[];
    expect(cases.some((c) => c.IsClosed === false)).toBe(true);
    expect(cases.some((c) => c.IsClosed === true && c.ClosedDate !== null)).toBe(true);
    const fields = Object.fromEntries(f.salesforce.customFields!.Account!.map((d) => [d.name, d]));
    for (const name of ["PX_Active_Users_30d__c", "PX_NPS_90d__c", "PX_Health_Score__c", "Pendo_Account_Id__c", "Pendo_Health_Score__c", "Public_Sector__c", "Churn_Date__c"]) expect(fields[name], name).toBeDefined();
    expect(fields.PX_Account_Id__c).toMatchObject({ externalId: true, unique: true });
  });

  it("has licensed seats and contracted features on customers' accounts, by tier, from the features the tools track", () => {
    const customers = sfAccounts.filter((a) => a.Customer_Status__c === "Active" || a.Customer_Status__c === "Churned");
    const others = sfAccounts.filter((a) => !customers.includes(a));
    expect(customers.length).toBeGreaterThan(200);
    for (const a of others) expect([a.Licensed_Seats__c, a.Contracted_Features__c]).toEqual([null, null]);
    const names = new Set(f.pendo.features.map((x) => x.name));
    expect(new Set((f.px.features ?? []).map((x) => x.name))).toEqual(names);
    const mean = (tier: string) => {
      const counts = customers.filter((a) => a.ARR_Tier__c === tier).map((a) => (a.Contracted_Features__c as string).split(";").length);
      return counts.reduce((s, n) => s + n, 0) / counts.length;
    };
    for (const a of customers) {
      expect(Number.isInteger(a.Licensed_Seats__c) && a.Licensed_Seats__c >= 1, a.Id).toBe(true);
      for (const name of (a.Contracted_Features__c as string).split(";")) expect(names.has(name), name).toBe(true);
    }
    expect(mean("SMB")).toBeLessThan(mean("Mid-Market"));
    expect(mean("Mid-Market")).toBeLessThan(mean("Enterprise"));
    // Seats against the product users of the account's PX or Pendo accounts: mostly headroom, sometimes over-use.
    const usersOf = (a: Rec) => new Set(f.px.users.filter((u) => f.px.accounts.some((p) => p.id === u.accountId && p.sfdcId && a.Id.toLowerCase().startsWith(p.sfdcId.toLowerCase()))).map((u) => u.identifyId)).size;
    const withUsers = customers.filter((a) => a.Customer_Status__c === "Active").map((a) => [usersOf(a), a.Licensed_Seats__c as number] as const).filter(([u]) => u > 0);
    expect(withUsers.filter(([u, seats]) => seats >= u).length).toBeGreaterThan(withUsers.length * 0.75);
    expect(withUsers.some(([u, seats]) => seats < u)).toBe(true);
    const defs = Object.fromEntries(f.salesforce.customFields!.Account!.map((d) => [d.name, d]));
    expect(defs.Licensed_Seats__c).toMatchObject({ type: "double", scale: 0 });
    expect(defs.Contracted_Features__c).toMatchObject({ type: "multipicklist", picklistValues: [...names] });
  });

  it("has a churn history: churned accounts with usage before the churn date and Closed Lost renewals", () => {
    const opps = f.salesforce.objects!.Opportunity as Rec[];
    const churned = sfAccounts.filter((a) => a.Customer_Status__c === "Churned" && a.Churn_Date__c);
    expect(churned.length).toBeGreaterThan(5);
    const windowStart = Date.parse(f.now!) - 100 * DAY;
    const inWindow = churned.filter((a) => Date.parse(a.Churn_Date__c) > windowStart);
    expect(inWindow.length).toBeGreaterThan(0);
    let withUsage = 0;
    for (const a of inWindow) {
      expect(opps.some((o) => o.AccountId === a.Id && o.StageName === "Closed Lost" && o.Type === "Renewal")).toBe(true);
      const churnMs = Date.parse(`${a.Churn_Date__c}T23:59:59Z`);
      const pxIds = new Set(f.px.accounts.filter((p) => p.sfdcId && a.Id.toLowerCase().startsWith(p.sfdcId.toLowerCase())).map((p) => p.id));
      const sessions = f.px.events.session.filter((s) => pxIds.has(s.accountId!));
      for (const s of sessions) expect(s.date).toBeLessThanOrEqual(churnMs);
      if (sessions.length) withUsage++;
    }
    expect(opps.some((o) => o.StageName === "Closed Won" && o.Type === "Renewal")).toBe(true);
    expect(withUsage + inWindow.length).toBeGreaterThan(inWindow.length);
  });

  it("reports counts for every section", () => {
    const c = fixtureCounts(f);
    expect(c["salesforce.Account"]).toBe(sfAccounts.length);
    expect(c["pendo.events"]).toBe(f.pendo.events.length);
    expect(c["px.events.session"]).toBe(f.px.events.session.length);
  });
});

describe("fixture round trip through the three emulators", () => {
  it("loads into Salesforce, Pendo and PX and exports identical sections", async () => {
    const f = generateDemoData({ seed: 5, accounts: 50 });
    const sf = await startSalesforceEmulator({ port: 0, now: f.now, fixture: f.salesforce });
    const pendo = await startPendoEmulator({ port: 0, now: f.now });
    const px = await startPxEmulator({ port: 0, now: f.now });
    try {
      for (const [em, section] of [
        [pendo, f.pendo],
        [px, f.px],
      ] as const) {
        const res = await fetch(`${em.url}/__emulator/fixture`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(section) });
        expect(res.status).toBe(200);
      }
      const exported = await Promise.all([sf, pendo, px].map(async (em) => (await fetch(`${em.url}/__emulator/fixture`)).json()));
      expect(canonicalStringify(exported[0]) === canonicalStringify(f.salesforce)).toBe(true);
      expect(canonicalStringify(exported[1]) === canonicalStringify(f.pendo)).toBe(true);
      expect(canonicalStringify(exported[2]) === canonicalStringify(f.px)).toBe(true);
      // and the emulators really serve the data
      const acct = (f.salesforce.objects!.Account as Rec[])[0]!;
      expect(exported[0].objects.Account.find((a: Rec) => a.Id === acct.Id).Name).toBe(acct.Name);
    } finally {
      await Promise.all([sf.close(), pendo.close(), px.close()]);
    }
  });
});
