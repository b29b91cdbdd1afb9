import { describe, expect, it } from "vitest";
import { checkMappingSet } from "@/lib/mapping/check-mapping-set";
import { fieldMappingSchema, type FieldMappingInput } from "@/lib/mapping/mapping-schema";

const m = (direction: FieldMappingInput["direction"], source: string, targetField: string, extra: Partial<FieldMappingInput> = {}) =>
  fieldMappingSchema.parse({ integrationId: "px-1", entity: "account", direction, source: { kind: "field", field: source }, targetField, writeMode: "always", ...extra });

describe("checkMappingSet", () => {
  it("accepts one-way mappings", () => {
    expect(checkMappingSet([m("pull-from-salesforce", "Industry", "industry"), m("push-to-salesforce", "healthScore", "PX_Health_Score__c")])).toEqual([]);
  });

  it("requires an owner, the same on both mappings, for a field mapped both ways", () => {
    const both = [m("pull-from-salesforce", "PX_Segment__c", "segment"), m("push-to-salesforce", "segment", "PX_Segment__c")];
    const missing = checkMappingSet(both);
    expect(missing).toMatchObject([{ indexes: [0, 1], code: "OWNER_REQUIRED" }]);
    expect(missing[0]!.message).toContain("PX_Segment__c and segment are mapped both ways");

    const oneSided = checkMappingSet([both[0]!, { ...both[1]!, owner: "salesforce" }]);
    expect(oneSided).toMatchObject([{ code: "OWNER_REQUIRED" }]);

    const disagree = checkMappingSet([{ ...both[0]!, owner: "analytics" }, { ...both[1]!, owner: "salesforce" }]);
    expect(disagree).toMatchObject([{ code: "OWNERS_DISAGREE" }]);

    expect(checkMappingSet([{ ...both[0]!, owner: "salesforce" }, { ...both[1]!, owner: "salesforce" }])).toEqual([]);
    expect(checkMappingSet([{ ...both[0]!, owner: "analytics" }, { ...both[1]!, owner: "analytics" }])).toEqual([]);
  });

  it("pairs Salesforce names without case, and only within one integration and entity", () => {
    expect(checkMappingSet([m("pull-from-salesforce", "px_segment__c", "segment"), m("push-to-salesforce", "segment", "PX_Segment__c")])).toMatchObject([{ code: "OWNER_REQUIRED" }]);
    expect(checkMappingSet([m("pull-from-salesforce", "PX_Segment__c", "segment"), m("push-to-salesforce", "segment", "PX_Segment__c", { entity: "contact" })])).toEqual([]);
    expect(checkMappingSet([m("pull-from-salesforce", "PX_Segment__c", "segment"), m("push-to-salesforce", "segment", "PX_Segment__c", { integrationId: "px-2" })])).toEqual([]);
  });

  it("refuses two mappings writing one target", () => {
    const problems = checkMappingSet([m("push-to-salesforce", "a", "PX_Score__c"), m("push-to-salesforce", "b", "px_score__c"), m("push-to-salesforce", "c", "PX_Other__c")]);
    expect(problems).toMatchObject([{ indexes: [0, 1], code: "TARGET_MAPPED_TWICE" }]);
    expect(problems[0]!.message).toContain("Keep one");
  });

  it("refuses an owner that would stop a one-way mapping from ever writing", () => {
    expect(checkMappingSet([m("push-to-salesforce", "a", "PX_Score__c", { owner: "salesforce" })])).toMatchObject([{ indexes: [0], code: "OWNER_BLOCKS_WRITE" }]);
    expect(checkMappingSet([m("pull-from-salesforce", "Industry", "industry", { owner: "analytics" })])).toMatchObject([{ code: "OWNER_BLOCKS_WRITE" }]);
    // Naming the side it reads is harmless.
    expect(checkMappingSet([m("push-to-salesforce", "a", "PX_Score__c", { owner: "analytics" })])).toEqual([]);
  });
});
