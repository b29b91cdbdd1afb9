import { describe, expect, it } from "vitest";
import type { EntityFields } from "@/lib/field-mappings/mapping-rows";
import { draftsFromMappings, newDraft, pickerOptions, rowsChanged, rowsForSave, sourceField, sourceFromPick } from "@/components/mapping/draft-rows";

const FIELDS: EntityFields = {
  entity: "account",
  salesforceObject: "Account",
  salesforce: [
    { name: "AnnualRevenue", label: "Annual Revenue", type: "currency", updateable: true, pushTarget: false },
    { name: "Name", label: "Name", type: "string", updateable: true, pushTarget: false },
    { name: "PX_Formula__c", label: "PX Formula", type: "double", updateable: false, pushTarget: false },
    { name: "PX_Health_Score__c", label: "PX Health Score", type: "double", updateable: true, pushTarget: true },
    { name: "PX_Tier__c", label: "PX Tier", type: "string", updateable: true, pushTarget: true },
  ],
  tool: [
    { name: "healthScore", label: "Health Score", type: "NUMBER" },
    { name: "id", label: "PX account ID", type: "STRING", recordField: true },
  ],
  calculated: [{ name: "activeUsers30d", label: "Active users (30 days)", type: "NUMBER" }],
};

describe("the pickers of a row", () => {
  it("lists push targets the row can use first, and says why each other field would be refused", () => {
    const row = { ...newDraft("account", "push-to-salesforce"), source: { kind: "field" as const, field: "healthScore" } };
    const options = pickerOptions(FIELDS, row, "target", "px");
    expect(options.map((o) => [o.name, o.caution ?? null])).toEqual([
      ["PX_Health_Score__c", null],
      ["AnnualRevenue", "Belongs to Salesforce: Gainsight PX writes only PX_ fields."],
      ["Name", "Belongs to Salesforce: Gainsight PX writes only PX_ fields."],
      ["PX_Formula__c", "Read-only for the connected user: cannot be written."],
      ["PX_Tier__c", "Holds STRING values; Health Score holds NUMBER."],
    ]);
  });

  it("offers PX's record values as push sources but never as pull targets", () => {
    expect(pickerOptions(FIELDS, newDraft("account", "push-to-salesforce"), "source", "px").map((o) => o.name)).toContain("id");
    expect(pickerOptions(FIELDS, newDraft("account", "pull-from-salesforce"), "target", "px").map((o) => o.name)).toEqual(["healthScore"]);
  });
});

describe("KPIs as push sources", () => {
  it("offers each KPI beside the tool's fields of a push, warns when the target holds another kind, and never on a pull", () => {
    const push = newDraft("account", "push-to-salesforce");
    expect(pickerOptions(FIELDS, push, "source", "px")).toContainEqual({ name: "calculated:activeUsers30d", label: "KPI: Active users (30 days)", type: "NUMBER" });
    const intoText = { ...push, targetField: "PX_Tier__c" };
    expect(pickerOptions(FIELDS, intoText, "source", "px").find((o) => o.name === "calculated:activeUsers30d")?.caution).toBe("Holds NUMBER values; PX Tier holds STRING.");
    expect(pickerOptions(FIELDS, newDraft("account", "pull-from-salesforce"), "source", "px").map((o) => o.name)).not.toContain("calculated:activeUsers30d");
  });

  it("a picked KPI becomes a calculated source, shown again under the same name", () => {
    expect(sourceFromPick("calculated:activeUsers30d")).toEqual({ kind: "calculated", key: "activeUsers30d" });
    expect(sourceFromPick("healthScore")).toEqual({ kind: "field", field: "healthScore" });
    expect(sourceField({ ...newDraft("account", "push-to-salesforce"), source: { kind: "calculated", key: "activeUsers30d" } })).toBe("calculated:activeUsers30d");
  });
});

describe("rows and the saved set", () => {
  it("round-trips a saved set and tells an edit from none", () => {
    const saved = [{ integrationId: "px-1", entity: "account" as const, direction: "push-to-salesforce" as const, source: { kind: "field" as const, field: "healthScore" }, targetField: "PX_Health_Score__c", writeMode: "always" as const, owner: null }];
    const rows = draftsFromMappings(saved);
    expect(rowsChanged(rows, saved)).toBe(false);
    expect(rowsForSave(rows)).toEqual([{ entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "healthScore" }, targetField: "PX_Health_Score__c", writeMode: "always", owner: null }]);
    expect(rowsChanged([{ ...rows[0]!, writeMode: "neverNull" }], saved)).toBe(true);
    expect(rowsChanged([...rows, newDraft("contact", "pull-from-salesforce")], saved)).toBe(true);
  });
});
