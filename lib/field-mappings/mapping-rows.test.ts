import { describe, expect, it } from "vitest";
import { PREFIX_RULE } from "@/lib/mapping/prefix-rule";
import { checkMappingRows, pairedRows, refusalMessage, rowLabel, type EntityFields } from "@/lib/field-mappings/mapping-rows";

// The checks the editor runs on every change and the save runs again on the server.

const ACCOUNT: EntityFields = {
  entity: "account",
  salesforceObject: "Account",
  salesforce: [
    { name: "Name", label: "Account Name", type: "string", length: 255, updateable: true, pushTarget: false },
    { name: "PX_Health_Score__c", label: "PX Health Score", type: "double", scale: 1, updateable: true, pushTarget: true },
    { name: "PX_Tier__c", label: "PX Tier", type: "string", length: 255, updateable: true, pushTarget: true },
  ],
  tool: [
    { name: "id", label: "PX account ID", type: "STRING", recordField: true },
    { name: "healthScore", label: "Health Score", type: "NUMBER", recordField: false },
    { name: "arrTier", label: "ARR Tier", type: "STRING", recordField: false },
  ],
};
const push = (field: string, targetField: string, extra: object = {}) => ({ entity: "account", direction: "push-to-salesforce", source: { kind: "field", field }, targetField, writeMode: "always", ...extra });
const pull = (field: string, targetField: string, extra: object = {}) => push(field, targetField, { direction: "pull-from-salesforce", ...extra });
const check = (rows: unknown[]) => checkMappingRows("px", "px-1", rows, [ACCOUNT]);

describe("checkMappingRows", () => {
  it("accepts a valid set and fills in the integration", () => {
    const checked = check([push("healthScore", "PX_Health_Score__c"), push("id", "PX_Tier__c")]);
    expect(checked.problems).toEqual([]);
    expect(checked.mappings.map((m) => m?.integrationId)).toEqual(["px-1", "px-1"]);
  });

  it("refuses each bad row at its index and form field, quoting the prefix rule", () => {
    const checked = check([push("healthScore", "PX_Health_Score__c"), push("arrTier", "Name"), push("arrTier", "PX_Health_Score__c"), 7]);
    expect(checked.problems.map((p) => [p.index, p.path, p.code])).toEqual([
      [0, "targetField", "TARGET_MAPPED_TWICE"],
      [1, "targetField", "NOT_A_PUSH_FIELD"],
      [2, "source", "INCOMPATIBLE_TYPES"],
      [2, "targetField", "TARGET_MAPPED_TWICE"],
      [3, "row", "INVALID_ROW"],
    ]);
    expect(checked.problems.find((p) => p.index === 1)!.message).toContain(PREFIX_RULE.px);
  });

  it("refuses a pull into a value PX keeps on the record itself", () => {
    expect(check([pull("Name", "id")]).problems.map((p) => p.code)).toEqual(["FIELD_NOT_WRITABLE"]);
  });

  it("asks for an owner only on a pair mapped both ways", () => {
    const rows = [pull("PX_Tier__c", "arrTier"), push("arrTier", "PX_Tier__c"), push("healthScore", "PX_Health_Score__c")];
    expect(check(rows).problems.map((p) => [p.index, p.code])).toEqual([
      [0, "OWNER_REQUIRED"],
      [1, "OWNER_REQUIRED"],
    ]);
    expect([...pairedRows(rows as never).entries()].sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const owned = rows.map((r, i) => (i < 2 ? { ...r, owner: "salesforce" } : r));
    expect(check(owned).problems).toEqual([]);
  });
});

describe("how a refusal names a row", () => {
  it("counts rows within their entity and direction", () => {
    const rows = [push("a", "b"), pull("c", "d"), push("e", "f", { entity: "contact" }), push("g", "h"), { entity: "nope" }];
    expect(rowLabel(rows, 3, "px")).toBe("Accounts › Pushed to Salesforce, row 2");
    expect(rowLabel(rows, 2, "pendo")).toBe("Contacts (Pendo visitors) › Pushed to Salesforce, row 1");
    expect(rowLabel(rows, 4, "px")).toBe("Mapping 5");
  });

  it("says the first refused row, its pair, why, and how many more", () => {
    const rows = [push("healthScore", "PX_Health_Score__c"), push("arrTier", "Name"), push("nothing", "PX_Tier__c")];
    const message = refusalMessage(rows, check(rows), "px");
    expect(message).toMatch(/^Not saved\. Accounts › Pushed to Salesforce, row 2 \(arrTier → Name\): Salesforce field "Account Name" \(Name\) belongs to Salesforce/);
    expect(message).toMatch(/ 1 more row cannot be saved either; the editor marks each\.$/);
  });
});
