import { describe, expect, it } from "vitest";
import { normalizeDomain, normalizeEmail, normalizeName, normalizePhone, normalizeSalesforceId, normalizeCustomValue } from "@/lib/matching/normalize";

const key = (n: { ok: boolean; key?: string }) => (n.ok ? n.key : null);

describe("Salesforce IDs", () => {
  it("adds the checksum to 15-character IDs and keeps them case-sensitive", () => {
    expect(key(normalizeSalesforceId("001Dn00000AbCdE"))).toBe("001Dn00000AbCdEIAV");
    expect(key(normalizeSalesforceId("001Dn00000abcde"))).not.toBe(key(normalizeSalesforceId("001Dn00000AbCdE")));
  });
  it("accepts 18-character IDs and restores lowercased ones from their checksum", () => {
    expect(key(normalizeSalesforceId("001Dn00000AbCdEIAV"))).toBe("001Dn00000AbCdEIAV");
    expect(key(normalizeSalesforceId("001dn00000abcdeiav"))).toBe("001Dn00000AbCdEIAV");
    expect(key(normalizeSalesforceId(" 001DN00000ABCDEIAV "))).toBe("001Dn00000AbCdEIAV");
  });
  it("refuses wrong lengths, odd characters and checksums that contradict the letters", () => {
    expect(normalizeSalesforceId("001Dn00000AbCd")).toMatchObject({ ok: false, reason: expect.stringMatching(/15 or 18/) });
    expect(normalizeSalesforceId("001Dn00000AbCdE-AV").ok).toBe(false);
    expect(normalizeSalesforceId("001Dn00000aBcDeIAV").ok).toBe(false);
    expect(normalizeSalesforceId("001Dn00000AbCdEAAA").ok).toBe(false);
    expect(normalizeSalesforceId("").ok).toBe(false);
    expect(normalizeSalesforceId(42).ok).toBe(false);
    expect(normalizeSalesforceId("x".repeat(10_000)).ok).toBe(false);
  });
});

describe("website domains", () => {
  it.each([
    ["https://www.Acme.com/", "acme.com"],
    ["acme.co.uk", "acme.co.uk"],
    ["shop.acme.co.uk", "acme.co.uk"],
    ["http://acme.io:8080/path?q=1", "acme.io"],
    ["WWW.ACME.COM.", "acme.com"],
    ["https://münchen.de", "xn--mnchen-3ya.de"],
  ])("%s → %s", (raw, expected) => {
    expect(key(normalizeDomain(raw))).toBe(expected);
  });
  it("keeps different registrable domains apart", () => {
    expect(key(normalizeDomain("acme.co.uk"))).not.toBe(key(normalizeDomain("acme.com")));
  });
  it("refuses hostile and useless values with a reason", () => {
    expect(normalizeDomain("http://user:pass@acme.com")).toMatchObject({ ok: false, reason: expect.stringMatching(/password/) });
    expect(normalizeDomain("ftp://acme.com").ok).toBe(false);
    expect(normalizeDomain("http://10.0.0.1").ok).toBe(false);
    expect(normalizeDomain("localhost").ok).toBe(false);
    expect(normalizeDomain("acme dot com").ok).toBe(false);
    expect(normalizeDomain("").ok).toBe(false);
    expect(normalizeDomain(`${"a".repeat(3000)}.com`).ok).toBe(false);
  });
  it("never lets a Unicode look-alike match the real domain", () => {
    expect(key(normalizeDomain("аcme.com"))).not.toBe("acme.com");
  });
});

describe("emails, phones, names, custom values", () => {
  it("normalises emails and refuses look-alikes", () => {
    expect(key(normalizeEmail(" mailto:Jane.Doe@Acme.COM "))).toBe("jane.doe@acme.com");
    expect(normalizeEmail("jane@аcme.com").ok).toBe(false);
    expect(normalizeEmail("not-an-email").ok).toBe(false);
    expect(normalizeEmail("jane@acme").ok).toBe(false);
  });
  it("normalises phones to E.164", () => {
    expect(key(normalizePhone("(415) 555-0132"))).toBe("+14155550132");
    expect(key(normalizePhone("+1 415 555 0132"))).toBe("+14155550132");
    expect(key(normalizePhone("+44 20 7946 0018"))).toBe("+442079460018");
    expect(normalizePhone("12").ok).toBe(false);
  });
  it("case-folds names unless exact", () => {
    expect(key(normalizeName("  Acme   Corp "))).toBe("acme corp");
    expect(key(normalizeName("  Acme Corp ", true))).toBe("Acme Corp");
  });
  it("matches custom values only as text or whole numbers", () => {
    expect(key(normalizeCustomValue(42))).toBe("42");
    expect(normalizeCustomValue(4.2).ok).toBe(false);
    expect(key(normalizeCustomValue(" A-1 "))).toBe("A-1");
    expect(normalizeCustomValue(true).ok).toBe(false);
  });
});
