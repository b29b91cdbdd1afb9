import { describe, expect, it } from "vitest";
import { checkPushTarget, PREFIX_RULE } from "@/lib/mapping/prefix-rule";
import { SF } from "@/lib/mapping/test-fields";

describe("checkPushTarget", () => {
  it("lets PX write updateable PX_ fields and Pendo write updateable Pendo_ fields", () => {
    expect(checkPushTarget(SF.PX_Health_Score__c, "px")).toEqual({ ok: true });
    expect(checkPushTarget(SF.Pendo_Visitors__c, "pendo")).toEqual({ ok: true });
  });

  it("refuses Salesforce's own fields, quoting the rule", () => {
    for (const field of [SF.Name, SF.Industry, SF.Customer_Status__c, SF.AnnualRevenue]) {
      const px = checkPushTarget(field, "px");
      expect(px).toMatchObject({ ok: false, code: "NOT_A_PUSH_FIELD" });
      if (!px.ok) {
        expect(px.message).toContain(PREFIX_RULE.px);
        expect(px.message).toContain("PX_Health_Score__c");
      }
      const pendo = checkPushTarget(field, "pendo");
      expect(pendo).toMatchObject({ ok: false, code: "NOT_A_PUSH_FIELD" });
      if (!pendo.ok) expect(pendo.message).toContain("Pendo will only write to fields that are titled this way.");
    }
  });

  it("keeps each tool to its own prefix", () => {
    expect(checkPushTarget(SF.PX_Health_Score__c, "pendo")).toMatchObject({ ok: false, code: "NOT_A_PUSH_FIELD" });
    expect(checkPushTarget(SF.Pendo_Visitors__c, "px")).toMatchObject({ ok: false, code: "NOT_A_PUSH_FIELD" });
  });

  it("compares the prefix without case, as Salesforce compares API names", () => {
    expect(checkPushTarget({ ...SF.PX_Health_Score__c, name: "px_Health_Score__c" }, "px")).toEqual({ ok: true });
    expect(checkPushTarget({ ...SF.Pendo_Visitors__c, name: "PENDO_Visitors__c" }, "pendo")).toEqual({ ok: true });
    // The prefix must start the name, not merely appear in it.
    expect(checkPushTarget({ ...SF.PX_Health_Score__c, name: "Old_PX_Score__c" }, "px")).toMatchObject({ ok: false, code: "NOT_A_PUSH_FIELD" });
  });

  it("refuses prefixed fields that cannot be updated (formulas, roll-ups, no permission)", () => {
    const result = checkPushTarget(SF.PX_Formula__c, "px");
    expect(result).toMatchObject({ ok: false, code: "FIELD_NOT_UPDATEABLE" });
    if (!result.ok) expect(result.message).toContain("field-level security");
    expect(checkPushTarget({ ...SF.PX_Health_Score__c, updateable: undefined }, "px")).toMatchObject({ ok: false, code: "FIELD_NOT_UPDATEABLE" });
  });

  it("refuses a target that is not a Salesforce field", () => {
    expect(checkPushTarget({ system: "px", name: "PX_score", updateable: true }, "px")).toMatchObject({ ok: false, code: "NOT_A_SALESFORCE_FIELD" });
  });
});
