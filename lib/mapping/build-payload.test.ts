import { describe, expect, it } from "vitest";
import { contentHash } from "@/lib/sync/hash";
import { buildPayload, type PayloadPlan } from "@/lib/mapping/build-payload";
import { fieldMappingSchema, type FieldMapping, type FieldMappingInput } from "@/lib/mapping/mapping-schema";
import { byName, mulberry32, PENDO, PX, SF } from "@/lib/mapping/test-fields";
import type { WriteMode } from "@/lib/mapping/write-mode";

const push = (source: FieldMappingInput["source"] | string, targetField: string, writeMode: WriteMode = "always", extra: Partial<FieldMappingInput> = {}): FieldMapping =>
  fieldMappingSchema.parse({
    integrationId: "px-1",
    entity: "account",
    direction: "push-to-salesforce",
    source: typeof source === "string" ? { kind: "field", field: source } : source,
    targetField,
    writeMode,
    ...extra,
  });
const pull = (field: string, targetField: string, writeMode: WriteMode = "always", extra: Partial<FieldMappingInput> = {}): FieldMapping =>
  fieldMappingSchema.parse({ integrationId: "px-1", entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field }, targetField, writeMode, ...extra });

const pushPlan = (mappings: FieldMapping[], system: PayloadPlan["system"] = "px"): PayloadPlan => ({
  system,
  direction: "push-to-salesforce",
  mappings,
  targetFields: byName(SF),
  sourceFields: byName(system === "px" ? PX : PENDO),
});
const pullPlan = (mappings: FieldMapping[], system: PayloadPlan["system"] = "px"): PayloadPlan => ({
  system,
  direction: "pull-from-salesforce",
  mappings,
  targetFields: byName(system === "px" ? PX : PENDO),
  sourceFields: byName(SF),
});

describe("buildPayload: push to Salesforce", () => {
  const mappings = [
    push("healthScore", "PX_Health_Score__c"),
    push({ kind: "calculated", key: "adoption30d" }, "PX_Adoption__c"),
    push("lastSeenDate", "PX_Last_Seen__c"),
    push("isStrategic", "PX_Is_Strategic__c"),
    push("segment", "PX_Segment__c", "whenEmpty"),
    push("name", "PX_Notes__c", "neverNull"),
  ];

  it("converts each value to its target's type and hashes the payload", () => {
    const source = {
      healthScore: "71.25",
      // Calculated values are in the catalogue's units: a percent KPI holds points, written as it is.
      "calculated:adoption30d": 42,
      lastSeenDate: Date.UTC(2024, 2, 11, 4, 30),
      isStrategic: "true",
      segment: "smb",
      name: "Acme",
    };
    const payload = buildPayload(pushPlan(mappings), source, { PX_Segment__c: null });
    expect(payload.fields).toEqual({
      PX_Health_Score__c: 71.3,
      PX_Adoption__c: 42,
      PX_Last_Seen__c: "2024-03-11T04:30:00.000Z",
      PX_Is_Strategic__c: true,
      PX_Segment__c: "SMB",
      PX_Notes__c: "Acme",
    });
    expect(payload.skipped).toEqual([]);
    expect(payload.invalid).toEqual([]);
    expect(payload.hash).toBe(contentHash(payload.fields));
  });

  it("applies the write modes: whenEmpty keeps a typed value, neverNull keeps the old value over an empty source", () => {
    const source = { healthScore: null, "calculated:adoption30d": 50, lastSeenDate: null, isStrategic: null, segment: "SMB", name: "  " };
    const payload = buildPayload(pushPlan(mappings), source, { PX_Segment__c: "Enterprise", PX_Notes__c: "typed" });
    // always writes nulls (a checkbox's null is false in Salesforce)
    expect(payload.fields).toEqual({ PX_Health_Score__c: null, PX_Adoption__c: 50, PX_Last_Seen__c: null, PX_Is_Strategic__c: false });
    expect(payload.skipped.map((s) => [s.targetField, s.reason])).toEqual([
      ["PX_Segment__c", "TARGET_NOT_EMPTY"],
      ["PX_Notes__c", "SOURCE_EMPTY"],
    ]);
    expect(payload.skipped[0]!.message).toContain('Salesforce field "PX Segment" (PX_Segment__c) was not written: it already holds a value');
  });

  it("skips whenEmpty mappings when the target's values were not read", () => {
    const payload = buildPayload(pushPlan([push("segment", "PX_Segment__c", "whenEmpty")]), { segment: "SMB" }, null);
    expect(payload.fields).toEqual({});
    expect(payload.skipped).toMatchObject([{ targetField: "PX_Segment__c", source: "segment", reason: "TARGET_NOT_READ" }]);
  });

  it("treats a field absent from the current values as empty", () => {
    const payload = buildPayload(pushPlan([push("segment", "PX_Segment__c", "whenEmpty")]), { segment: "SMB" }, {});
    expect(payload.fields).toEqual({ PX_Segment__c: "SMB" });
  });

  it("leaves a field alone when the record has no value for its source (not read, not calculated)", () => {
    const payload = buildPayload(pushPlan(mappings), { healthScore: 80 }, {});
    expect(payload.fields).toEqual({ PX_Health_Score__c: 80 });
    expect(payload.skipped.map((s) => s.reason)).toEqual(Array(5).fill("SOURCE_MISSING"));
    expect(payload.skipped[0]!.message).toContain("calculated:adoption30d");
  });

  it("reports bad values per field and still writes the rest of the record", () => {
    const source = { healthScore: "n/a", "calculated:adoption30d": NaN, lastSeenDate: "last tuesday", isStrategic: "yes", segment: "Startup", name: "x".repeat(256) };
    const payload = buildPayload(pushPlan([...mappings, push("healthScore", "PX_Active_Users__c")]), { ...source, healthScore: 12 }, {});
    expect(payload.fields).toEqual({ PX_Health_Score__c: 12, PX_Active_Users__c: 12 });
    expect(payload.invalid.map((i) => [i.targetField, i.code])).toEqual([
      ["PX_Adoption__c", "NUMBER_NOT_FINITE"],
      ["PX_Last_Seen__c", "NOT_A_DATE"],
      ["PX_Is_Strategic__c", "NOT_A_BOOLEAN"],
      ["PX_Segment__c", "UNKNOWN_PICKLIST_VALUE"],
      ["PX_Notes__c", "STRING_TOO_LONG"],
    ]);
    for (const i of payload.invalid) expect(i.message).toContain(i.targetField);
  });

  it("never writes a Salesforce-owned field, whatever the saved mappings say", () => {
    const payload = buildPayload(
      pushPlan([push("name", "Name"), push("industry", "Industry"), push("healthScore", "PX_Formula__c"), push("healthScore", "Pendo_Visitors__c"), push("healthScore", "PX_Health_Score__c")]),
      { name: "Evil Corp", industry: "Banking", healthScore: 9 },
      {},
    );
    expect(payload.fields).toEqual({ PX_Health_Score__c: 9 });
    expect(payload.invalid.map((i) => [i.targetField, i.code])).toEqual([
      ["Name", "NOT_A_PUSH_FIELD"],
      ["Industry", "NOT_A_PUSH_FIELD"],
      ["PX_Formula__c", "FIELD_NOT_UPDATEABLE"],
      ["Pendo_Visitors__c", "NOT_A_PUSH_FIELD"],
    ]);
    expect(payload.invalid[0]!.message).toContain("Gainsight PX only pushes the data to fields contains PX_ as prefix.");
  });

  it("keeps Pendo to Pendo_ fields", () => {
    const plan = pushPlan([push("custom.arr", "Pendo_Visitors__c"), push("custom.arr", "PX_Health_Score__c")], "pendo");
    const payload = buildPayload(plan, { "custom.arr": 120000 }, {});
    expect(payload.fields).toEqual({ Pendo_Visitors__c: 120000 });
    expect(payload.invalid).toMatchObject([{ targetField: "PX_Health_Score__c", code: "NOT_A_PUSH_FIELD" }]);
  });

  it("does not write into the owner's side of a field mapped both ways", () => {
    const payload = buildPayload(pushPlan([push("segment", "PX_Segment__c", "always", { owner: "salesforce" }), push("healthScore", "PX_Health_Score__c", "always", { owner: "analytics" })]), { segment: "SMB", healthScore: 3 }, {});
    expect(payload.fields).toEqual({ PX_Health_Score__c: 3 });
    expect(payload.skipped).toMatchObject([{ targetField: "PX_Segment__c", reason: "OWNED_BY_TARGET" }]);
    expect(payload.skipped[0]!.message).toContain("Salesforce owns it");
  });

  it("reports a target that is gone from the describe, and a target claimed twice (first mapping wins)", () => {
    const payload = buildPayload(pushPlan([push("healthScore", "PX_Deleted__c"), push("healthScore", "PX_Health_Score__c"), push("adoption", "PX_Health_Score__c")]), { healthScore: 1, adoption: 2 }, {});
    expect(payload.fields).toEqual({ PX_Health_Score__c: 1 });
    expect(payload.invalid.map((i) => [i.targetField, i.code])).toEqual([
      ["PX_Deleted__c", "TARGET_FIELD_MISSING"],
      ["PX_Health_Score__c", "TARGET_MAPPED_TWICE"],
    ]);
    expect(payload.invalid[0]!.message).toContain("Refresh the field list");
  });

  it("refuses mappings of the other direction: a caller's mistake, not a record's", () => {
    expect(() => buildPayload(pushPlan([pull("Name", "name")]), {}, {})).toThrow(/pull-from-salesforce mapping/);
  });

  it("keeps prototype-looking names as plain fields", () => {
    const plan: PayloadPlan = { ...pullPlan([pull("Name", "__proto__")]), targetFields: new Map([["__proto__", { system: "px", name: "__proto__", type: "STRING" }]]) };
    const payload = buildPayload(plan, { Name: "x" }, {});
    expect(Object.keys(payload.fields)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(payload.fields)).toBe(Object.prototype);
  });
});

describe("buildPayload: pull from Salesforce", () => {
  it("writes Salesforce values into PX attributes, scaling percent to a ratio and dates to epoch ms", () => {
    const plan = pullPlan([pull("Name", "name"), pull("PX_Adoption__c", "adoption"), pull("PX_Renewal_Day__c", "lastSeenDate"), pull("Industry", "industry", "neverNull")]);
    const payload = buildPayload(plan, { Name: "Acme", PX_Adoption__c: 42, PX_Renewal_Day__c: "2025-01-31", Industry: null }, { industry: "Energy" });
    expect(payload.fields).toEqual({ name: "Acme", adoption: 0.42, lastSeenDate: Date.UTC(2025, 0, 31) });
    expect(payload.skipped).toMatchObject([{ targetField: "industry", reason: "SOURCE_EMPTY" }]);
  });

  it("writes Pendo fields in Pendo's forms", () => {
    const plan = pullPlan([pull("AnnualRevenue", "custom.arr"), pull("NumberOfEmployees", "custom.seats"), pull("PX_Is_Strategic__c", "custom.isstrategic"), pull("PX_Last_Seen__c", "custom.renewaldate")], "pendo");
    const payload = buildPayload(plan, { AnnualRevenue: 120000.5, NumberOfEmployees: 450, PX_Is_Strategic__c: false, PX_Last_Seen__c: "2024-03-11T04:30:00.000+0000" }, {});
    expect(payload.fields).toEqual({ "custom.arr": 120000.5, "custom.seats": 450, "custom.isstrategic": false, "custom.renewaldate": Date.UTC(2024, 2, 11, 4, 30) });
  });

  it("skips the analytics side when it owns a field mapped both ways", () => {
    const payload = buildPayload(pullPlan([pull("PX_Segment__c", "segment", "always", { owner: "analytics" })]), { PX_Segment__c: "SMB" }, {});
    expect(payload.fields).toEqual({});
    expect(payload.skipped).toMatchObject([{ reason: "OWNED_BY_TARGET" }]);
    expect(payload.skipped[0]!.message).toContain("Gainsight PX owns it");
  });
});

describe("buildPayload: the hash", () => {
  it("is the same for the same values, whatever the order of keys or of unrelated source fields", () => {
    const mappings = [push("healthScore", "PX_Health_Score__c"), push("name", "PX_Notes__c")];
    const a = buildPayload(pushPlan(mappings), { healthScore: 1, name: "A", extra: 1 }, {});
    const b = buildPayload(pushPlan([...mappings].reverse()), { name: " A ", healthScore: "1" }, {});
    expect(a.hash).toBe(b.hash);
  });

  it("changes when a value changes, including to null", () => {
    const plan = pushPlan([push("healthScore", "PX_Health_Score__c")]);
    const hashes = new Set([1, 2, null].map((v) => buildPayload(plan, { healthScore: v }, {}).hash));
    expect(hashes.size).toBe(3);
    expect(buildPayload(plan, {}, {}).hash).not.toBe(buildPayload(plan, { healthScore: null }, {}).hash);
  });

  it("generated: payloads respect the prefix rule, never overwrite typed values under whenEmpty, and hash deterministically", () => {
    const rand = mulberry32(51);
    const targets = Object.keys(SF);
    const sources = Object.keys(PX);
    const modes: WriteMode[] = ["always", "whenEmpty", "neverNull"];
    const samples = [null, "", " ", 0, 1, -2.5, 0.42, "42", "abc", true, "false", Date.UTC(2024, 0, 1), "2024-01-01T00:00:00+02:00", "x".repeat(256), NaN, "Enterprise"];
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    for (let i = 0; i < 400; i++) {
      const mappings = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => push(pick(sources), pick(targets), pick(modes)));
      const source = Object.fromEntries(sources.filter(() => rand() < 0.8).map((s) => [s, pick(samples)]));
      const current = rand() < 0.2 ? null : Object.fromEntries(targets.filter(() => rand() < 0.5).map((t) => [t, pick(samples)]));
      const payload = buildPayload(pushPlan(mappings), source, current);
      const again = buildPayload(pushPlan(mappings), structuredClone(source), current && structuredClone(current));
      expect(again).toEqual(payload);
      for (const field of Object.keys(payload.fields)) {
        expect(field.startsWith("PX_")).toBe(true);
        expect(SF[field as keyof typeof SF].updateable).toBe(true);
        const mode = mappings.find((m) => m.targetField === field)!.writeMode;
        if (mode === "whenEmpty") {
          expect(current).not.toBeNull();
          const now = current![field];
          expect(now === undefined || now === null || (typeof now === "string" && now.trim() === "")).toBe(true);
        }
        if (mode === "neverNull") expect(payload.fields[field]).not.toBeNull();
      }
      // Every mapping is accounted for exactly once.
      expect(Object.keys(payload.fields).length + payload.skipped.length + payload.invalid.length).toBe(mappings.length);
      expect(payload.hash).toBe(contentHash(payload.fields));
    }
  });
});
