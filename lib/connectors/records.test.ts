import { describe, expect, it } from "vitest";
import { pendoAccountRow, pendoVisitorRow } from "@/lib/connectors/pendo/records";
import { pxAccountRow, pxUserRow } from "@/lib/connectors/px/records";
import { planBatch } from "@/lib/sync/plan-batch";
import { contentHash } from "@/lib/sync/hash";
import { pullSummary, syncSummary } from "@/lib/integrations/card-view";

describe("vendor records become hub rows", () => {
  it("reads a Pendo account's Salesforce ID from its metadata, or from its id when the id is one", () => {
    const tenant = pendoAccountRow({ accountId: "acct-acme-1", metadata: { agent: { name: "Acme" }, custom: { sfdcaccountid: "001Gn0EpQji6uzSIKQ", domain: "acme.com" }, auto: { lastvisit: 1_795_000_000_000 } } });
    expect(tenant).toMatchObject({ externalId: "acct-acme-1", name: "Acme", website: "acme.com", salesforceIdRaw: "001Gn0EpQji6uzSIKQ" });
    expect(tenant.lastSeenAt?.getTime()).toBe(1_795_000_000_000);
    expect(tenant.custom).toMatchObject({ "custom.domain": "acme.com", "agent.name": "Acme" });
    expect(pendoAccountRow({ accountId: "001Gn0EpQji6uzS", metadata: {} }).salesforceIdRaw).toBe("001Gn0EpQji6uzS");
    // A tenant key that merely looks alphanumeric is not taken for a Salesforce ID.
    expect(pendoAccountRow({ accountId: "workspace12345678", metadata: {} }).salesforceIdRaw).toBeNull();
  });

  it("never crashes on missing, mistyped or hostile vendor values", () => {
    const hostile = [
      { accountId: "a", metadata: null },
      { accountId: "b", metadata: [1, 2] },
      { accountId: "c", metadata: { agent: "not an object", custom: { domain: 42, sfdcaccountid: { nested: true } } } },
      { accountId: "d", metadata: { agent: { name: "x".repeat(100_000) }, auto: { lastvisit: "not a time" } } },
    ];
    for (const r of hostile) expect(() => pendoAccountRow(r)).not.toThrow();
    expect(pendoAccountRow(hostile[2]!).salesforceIdRaw).toBeNull();
    expect(() => pendoVisitorRow({ visitorId: "v", metadata: { agent: { email: ["a@b.c"] } } })).not.toThrow();
    expect(pendoVisitorRow({ visitorId: "v", metadata: { agent: { email: "mailto:a@b.c" } } }).email).toBe("mailto:a@b.c");
    expect(() => pxAccountRow({ id: "x", customAttributes: "oops", location: { city: "Oslo" } })).not.toThrow();
    expect(pxUserRow({ identifyId: "u", email: "", phone: null, firstName: "Ann", lastName: null }).email).toBeNull();
  });

  it("keeps PX custom attributes and top-level scalars for custom field matching, not nested objects", () => {
    const row = pxAccountRow({ id: "x", name: "X", sfdcId: "", dunsNumber: "123", numberOfEmployees: 40, location: { city: "Oslo" }, customAttributes: { arr: 1200 } });
    expect(row.custom).toEqual({ dunsNumber: "123", numberOfEmployees: 40, arr: 1200 });
    expect(row.salesforceIdRaw).toBeNull();
  });
});

describe("page planning", () => {
  it("splits a page into new, changed and unchanged, and counts a repeated record once", () => {
    const rows = [
      { id: "1", v: "a" },
      { id: "2", v: "b" },
      { id: "2", v: "b2" },
      { id: "3", v: "c" },
    ];
    const plan = planBatch(rows, (r) => r.id, (r) => r.v, [
      { key: "2", contentHash: contentHash("b"), live: true },
      { key: "3", contentHash: contentHash("c"), live: true },
    ]);
    expect(plan.creates.map((r) => r.id)).toEqual(["1"]);
    expect(plan.updates.map((r) => r.v)).toEqual(["b2"]);
    expect(plan.unchangedKeys).toEqual(["3"]);
  });

  it("rewrites an unchanged record that the hub had retired", () => {
    const plan = planBatch([{ id: "1" }], (r) => r.id, () => "same", [{ key: "1", contentHash: contentHash("same"), live: false }]);
    expect(plan.updates).toHaveLength(1);
  });

  it("hashes independently of key order", () => {
    expect(contentHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(contentHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: "1" }));
  });

  it("summarises a pull and a sync for the card", () => {
    expect(pullSummary({ accounts: { read: 1204, created: 12, updated: 3, unchanged: 1189, removed: 0, deleted: 0, merged: 0 } })).toBe("1,204 accounts read (12 new, 3 changed)");
    expect(pullSummary({})).toBe("nothing read yet");
    expect(syncSummary({ written: 2, unchanged: 393, skipped: 0, failed: 3 })).toBe("2 written, 393 unchanged, 3 failed");
    expect(syncSummary({ written: 1200, unchanged: 0, skipped: 4, failed: 0 })).toBe("1,200 written, 4 skipped");
  });
});
