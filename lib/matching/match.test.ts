import { describe, expect, it } from "vitest";
import { to18 } from "@/emulators/salesforce/ids";
import { matchAccounts, recentUserDomain, type AnalyticsAccount, type SalesforceAccount } from "@/lib/matching/match-accounts";
import { matchContacts } from "@/lib/matching/match-contacts";
import { normalizeDomain, normalizeName, normalizeSalesforceId } from "@/lib/matching/normalize";
import { DEFAULT_RULES, type AccountCriterion } from "@/lib/matching/rules";
import { PIN } from "@/lib/matching/engine";

const sf = (id15: string, name: string, website?: string, custom?: Record<string, unknown>): SalesforceAccount => ({ id: to18(id15), name, website, custom });

const ACME = sf("001000000000001", "Acme", "https://www.acme.com/");
const GLOBEX = sf("001000000000002", "Globex", "globex.co.uk");
const INITECH_A = sf("001000000000003", "Initech", "initech.com");
const INITECH_B = sf("001000000000004", "Initech", "initech.io");
const SALESFORCE = [ACME, GLOBEX, INITECH_A, INITECH_B];

describe("account matching", () => {
  it("links by Salesforce ID first, case-safely, in 15 or 18 characters", () => {
    const { links } = matchAccounts(
      SALESFORCE,
      [
        { id: "px-1", salesforceId: "001000000000001" },
        { id: "px-2", salesforceId: GLOBEX.id.toLowerCase() },
      ],
      DEFAULT_RULES.accounts,
    );
    expect(links).toEqual([
      { analyticsId: "px-1", salesforceId: ACME.id, criterion: "Salesforce account ID", key: ACME.id },
      { analyticsId: "px-2", salesforceId: GLOBEX.id, criterion: "Salesforce account ID", key: GLOBEX.id },
    ]);
  });

  it("falls through to domain, then name, recording what each criterion found", () => {
    const { links, exceptions } = matchAccounts(
      SALESFORCE,
      [
        { id: "a", salesforceId: "bogus", website: "http://shop.globex.co.uk:8080/x" },
        { id: "b", name: "  acme " },
        { id: "c", name: "Nobody Inc" },
      ],
      DEFAULT_RULES.accounts,
    );
    expect(links.map((l) => [l.analyticsId, l.salesforceId, l.criterion])).toEqual([
      ["a", GLOBEX.id, "Website domain"],
      ["b", ACME.id, "Name"],
    ]);
    const c = exceptions.find((e) => e.analyticsId === "c")!;
    expect(c.kind).toBe("unmatched");
    expect(c.tried.map((t) => [t.criterion, t.outcome])).toEqual([
      ["Salesforce account ID", "skipped"],
      ["Website domain", "skipped"],
      ["Name", "none"],
      ["Recent users' email domain", "skipped"],
    ]);
  });

  it("reports several candidates as ambiguous and never picks one", () => {
    const { links, exceptions } = matchAccounts(SALESFORCE, [{ id: "x", name: "INITECH" }], DEFAULT_RULES.accounts);
    expect(links).toEqual([]);
    expect(exceptions[0]).toMatchObject({ analyticsId: "x", kind: "ambiguous" });
    expect(exceptions[0]!.tried.find((t) => t.outcome === "many")!.candidates!.sort()).toEqual([INITECH_A.id, INITECH_B.id].sort());
  });

  it("still links when a later criterion finds exactly one", () => {
    const { links } = matchAccounts(SALESFORCE, [{ id: "x", name: "Initech", website: "initech.io" }], [
      { kind: "name", exact: false },
      { kind: "domain" },
    ]);
    expect(links).toEqual([{ analyticsId: "x", salesforceId: INITECH_B.id, criterion: "Website domain", key: "initech.io" }]);
  });

  it("flags two analytics accounts on one Salesforce account on both, and links neither", () => {
    const { links, exceptions } = matchAccounts(
      SALESFORCE,
      [
        { id: "px-1", salesforceId: ACME.id },
        { id: "px-2", website: "acme.com" },
      ],
      DEFAULT_RULES.accounts,
    );
    expect(links).toEqual([]);
    expect(exceptions.map((e) => [e.analyticsId, e.kind, e.sharedWith])).toEqual([
      ["px-1", "duplicate", ["px-2"]],
      ["px-2", "duplicate", ["px-1"]],
    ]);
  });

  it("lets an admin resolve a duplicate by pinning one, and excludes what they exclude", () => {
    const analytics: AnalyticsAccount[] = [
      { id: "px-1", salesforceId: ACME.id },
      { id: "px-2", website: "acme.com" },
      { id: "px-3", name: "Globex" },
    ];
    const { links, exceptions } = matchAccounts(SALESFORCE, analytics, DEFAULT_RULES.accounts, {
      pins: new Map([["px-2", ACME.id]]),
      excluded: new Set(["px-3"]),
    });
    expect(links).toEqual([{ analyticsId: "px-2", salesforceId: ACME.id, criterion: PIN, key: null }]);
    expect(exceptions.map((e) => [e.analyticsId, e.kind])).toEqual([
      ["px-3", "excluded"],
      ["px-1", "duplicate"],
    ]);
  });

  it("matches custom fields only on the chosen pair", () => {
    const withCustom = [sf("001000000000009", "Umbrella", undefined, { Account_Number__c: 1234 })];
    const criteria: AccountCriterion[] = [{ kind: "customField", analyticsField: "sfNumber", salesforceField: "Account_Number__c" }];
    expect(matchAccounts(withCustom, [{ id: "u", custom: { sfNumber: "1234" } }], criteria).links).toHaveLength(1);
    expect(matchAccounts(withCustom, [{ id: "u", custom: { other: "1234" } }], criteria).links).toHaveLength(0);
  });
});

describe("recent user domain", () => {
  const emails = (n: number, domain: string) => Array.from({ length: n }, (_, i) => `u${i}@${domain}`);
  it("needs more than 50 of the 100 most recent users on one company domain", () => {
    expect(recentUserDomain([...emails(51, "acme.com"), ...emails(49, "other.com")])).toEqual({ ok: true, key: "acme.com" });
    expect(recentUserDomain([...emails(50, "acme.com"), ...emails(50, "other.com")]).ok).toBe(false);
    // Only the 100 most recent count: 60 older acme users after 100 recent others do not.
    expect(recentUserDomain([...emails(100, "other.com").map((e, i) => (i < 40 ? e : `x${i}@gmail.com`)), ...emails(60, "acme.com")]).ok).toBe(false);
  });
  it("never counts free-mail domains", () => {
    expect(recentUserDomain(emails(100, "gmail.com")).ok).toBe(false);
  });
  it("links through the Salesforce website", () => {
    const { links } = matchAccounts(SALESFORCE, [{ id: "t", recentUserEmails: emails(80, "acme.com") }], [{ kind: "recentUserDomain" }]);
    expect(links[0]?.salesforceId).toBe(ACME.id);
  });
});

describe("contact matching", () => {
  const contacts = [
    { id: to18("003000000000001"), email: "jane@acme.com", phone: "+1 415 555 0132" },
    { id: to18("003000000000002"), email: "shared@acme.com", phone: "(415) 555-0199" },
    { id: to18("003000000000003"), email: "SHARED@acme.com", phone: "415.555.0199" },
  ];
  it("matches by contact ID, email, then phone; a key two contacts share is ambiguous", () => {
    const { links, exceptions } = matchContacts(
      contacts,
      [
        { id: "u1", email: "mailto:Jane@ACME.com" },
        { id: "u2", email: "shared@acme.com" },
        { id: "u3", phone: "+14155550132", email: "nobody@acme.com" },
        { id: "u4", salesforceContactId: "003000000000001" },
      ],
      DEFAULT_RULES.contacts,
    );
    expect(links.map((l) => l.analyticsId)).toEqual([]);
    expect(exceptions.map((e) => [e.analyticsId, e.kind]).sort()).toEqual([
      ["u1", "duplicate"],
      ["u2", "ambiguous"],
      ["u3", "duplicate"],
      ["u4", "duplicate"],
    ]);
    const single = matchContacts(contacts, [{ id: "u1", email: "jane@acme.com" }], DEFAULT_RULES.contacts);
    expect(single.links).toEqual([{ analyticsId: "u1", salesforceId: contacts[0]!.id, criterion: "Email", key: "jane@acme.com" }]);
  });
});

// Property-style: on seeded generated data, every link satisfies the criterion it names, no
// Salesforce record receives two links, and every analytics record is accounted for once.
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("matching on generated data", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`holds its invariants (seed ${seed})`, () => {
      const rand = mulberry32(seed);
      const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      const words = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne"];
      const tlds = ["com", "io", "co.uk", "de"];
      const salesforce: SalesforceAccount[] = Array.from({ length: 300 }, (_, i) => {
        const word = `${pick(words)}${Math.floor(rand() * 40)}`;
        const website = rand() < 0.2 ? undefined : pick([`https://www.${word}.${pick(tlds)}/`, `${word}.${pick(tlds)}`, `http://${word}.${pick(tlds)}:8080/x`]);
        return { id: to18(`001${String(i).padStart(12, "0")}`), name: rand() < 0.1 ? undefined : word.toUpperCase(), website };
      });
      const analytics: AnalyticsAccount[] = Array.from({ length: 400 }, (_, i) => {
        const source = pick(salesforce);
        const r = rand();
        return {
          id: `a${i}`,
          salesforceId: r < 0.3 ? (rand() < 0.5 ? source.id.toLowerCase() : source.id.slice(0, 15)) : r < 0.35 ? "garbage" : undefined,
          website: rand() < 0.5 ? source.website : undefined,
          name: rand() < 0.5 ? ` ${source.name?.toLowerCase() ?? ""} ` : undefined,
          recentUserEmails: rand() < 0.2 ? Array.from({ length: 60 }, (_, k) => `u${k}@${normalizeDomain(source.website).ok ? (normalizeDomain(source.website) as { key: string }).key : "gmail.com"}`) : undefined,
        };
      });
      const result = matchAccounts(salesforce, analytics, DEFAULT_RULES.accounts);
      const byId = new Map(salesforce.map((s) => [s.id, s]));
      const byAnalytics = new Map(analytics.map((a) => [a.id, a]));

      for (const link of result.links) {
        const s = byId.get(link.salesforceId)!;
        const a = byAnalytics.get(link.analyticsId)!;
        const same = (x: { ok: boolean; key?: string }, y: { ok: boolean; key?: string }) => x.ok && y.ok && x.key === y.key;
        if (link.criterion === "Salesforce account ID") expect(same(normalizeSalesforceId(a.salesforceId), normalizeSalesforceId(s.id))).toBe(true);
        else if (link.criterion === "Website domain") expect(same(normalizeDomain(a.website), normalizeDomain(s.website))).toBe(true);
        else if (link.criterion === "Name") expect(same(normalizeName(a.name), normalizeName(s.name))).toBe(true);
        else if (link.criterion === "Recent users' email domain") expect(same(recentUserDomain(a.recentUserEmails), normalizeDomain(s.website))).toBe(true);
        else throw new Error(`unexpected criterion ${link.criterion}`);
      }
      const linkedSf = result.links.map((l) => l.salesforceId);
      expect(new Set(linkedSf).size).toBe(linkedSf.length);
      const seen = [...result.links.map((l) => l.analyticsId), ...result.exceptions.map((e) => e.analyticsId)];
      expect(seen.sort()).toEqual(analytics.map((a) => a.id).sort());
      expect(result.links.length).toBeGreaterThan(0);
      expect(result.exceptions.some((e) => e.kind === "duplicate")).toBe(true);

      // Deterministic: reversing the input order yields the same links.
      const reversed = matchAccounts([...salesforce].reverse(), [...analytics].reverse(), DEFAULT_RULES.accounts);
      const norm = (ls: typeof result.links) => ls.map((l) => `${l.analyticsId}>${l.salesforceId}`).sort();
      expect(norm(reversed.links)).toEqual(norm(result.links));
    });
  }
});
