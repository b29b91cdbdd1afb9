import { describe, expect, it } from "vitest";
import { fieldMappingSchema, sourceKey, targetSide } from "@/lib/mapping/mapping-schema";

const valid = {
  integrationId: "cint123",
  entity: "account",
  direction: "push-to-salesforce",
  source: { kind: "field", field: "healthScore" },
  targetField: "PX_Health_Score__c",
  writeMode: "always",
};

function messages(input: unknown): string[] {
  const parsed = fieldMappingSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("fieldMappingSchema", () => {
  it("parses a mapping, trimming names and defaulting the owner to none", () => {
    expect(fieldMappingSchema.parse({ ...valid, targetField: " PX_Health_Score__c " })).toEqual({ ...valid, owner: null });
    expect(fieldMappingSchema.parse({ ...valid, owner: "analytics" }).owner).toBe("analytics");
  });

  it("takes a calculated value as the source of a push", () => {
    const parsed = fieldMappingSchema.parse({ ...valid, source: { kind: "calculated", key: "activeUsers30d" } });
    expect(sourceKey(parsed.source)).toBe("calculated:activeUsers30d");
  });

  it("takes a per-feature KPI whose feature id carries dashes (PX UUIDs, Pendo ids)", () => {
    const key = "feature.3f2a9c1e-8b7d-4e6f-a1b2-c3d4e5f60718.users30dChangePct";
    expect(sourceKey(fieldMappingSchema.parse({ ...valid, source: { kind: "calculated", key } }).source)).toBe(`calculated:${key}`);
    expect(messages({ ...valid, source: { kind: "calculated", key: "feature.a b.users30d" } })[0]).toContain("letters, digits");
  });

  it("refuses a calculated value as the source of a pull", () => {
    expect(messages({ ...valid, direction: "pull-from-salesforce", source: { kind: "calculated", key: "mau" } })).toEqual([
      "source: A calculated value can only be pushed to Salesforce; choose a Salesforce field as the source of a pull.",
    ]);
  });

  it("says what to choose for each missing or wrong part", () => {
    expect(messages({})).toEqual([
      "integrationId: Choose an integration.",
      "entity: Choose accounts or contacts.",
      "direction: Choose pull from Salesforce or push to Salesforce.",
      "source: Choose a source field or a calculated value.",
      "targetField: Choose a field.",
      "writeMode: Choose when to write: always, whenEmpty or neverNull.",
    ]);
    expect(messages({ ...valid, entity: "opportunity", writeMode: "sometimes", owner: "pendo" })).toEqual([
      "entity: Choose accounts or contacts.",
      "writeMode: Choose when to write: always, whenEmpty or neverNull.",
      "owner: Choose which side owns the field: salesforce or analytics.",
    ]);
    expect(messages({ ...valid, targetField: "   " })).toEqual(["targetField: Choose a field."]);
    expect(messages({ ...valid, targetField: "x".repeat(256) })[0]).toContain("at most 255");
    expect(messages({ ...valid, targetField: "calculated:x" })[0]).toContain("no colons");
    expect(messages({ ...valid, source: { kind: "calculated", key: "bad key!" } })[0]).toContain("letters, digits");
  });

  it("knows which side each direction writes", () => {
    expect(targetSide("push-to-salesforce")).toBe("salesforce");
    expect(targetSide("pull-from-salesforce")).toBe("analytics");
  });
});
