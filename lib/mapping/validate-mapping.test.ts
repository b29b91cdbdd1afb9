import { describe, expect, it } from "vitest";
import { fieldMappingSchema, type FieldMappingInput } from "@/lib/mapping/mapping-schema";
import { byName, PENDO, PX, SF } from "@/lib/mapping/test-fields";
import { validateMapping, type MappingContext } from "@/lib/mapping/validate-mapping";

const pxContext: MappingContext = {
  system: "px",
  salesforceFields: byName(SF),
  analyticsFields: byName(PX),
  calculatedSources: new Map([
    ["activeUsers30d", "NUMBER"],
    ["lastActiveDay", "DATE_TIME"],
  ]),
};
const pendoContext: MappingContext = { system: "pendo", salesforceFields: byName(SF), analyticsFields: byName(PENDO) };

const mapping = (input: Partial<FieldMappingInput>) =>
  fieldMappingSchema.parse({ integrationId: "i", entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "healthScore" }, targetField: "PX_Health_Score__c", writeMode: "always", ...input });

describe("validateMapping", () => {
  it("accepts a push of a PX attribute or a calculated value into an updateable PX_ field of the same kind", () => {
    expect(validateMapping(mapping({}), pxContext)).toEqual({ ok: true, type: "NUMBER", notes: [] });
    expect(validateMapping(mapping({ source: { kind: "calculated", key: "lastActiveDay" }, targetField: "PX_Last_Seen__c" }), pxContext)).toMatchObject({ ok: true, type: "DATE_TIME" });
  });

  it("accepts a pull of a Salesforce field into a PX attribute or a Pendo custom field", () => {
    expect(validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "Industry" }, targetField: "industry" }), pxContext)).toMatchObject({ ok: true, type: "STRING" });
    expect(validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "AnnualRevenue" }, targetField: "custom.arr" }), pendoContext)).toMatchObject({ ok: true, type: "NUMBER" });
  });

  it("cannot save a push into a Salesforce-owned field, and quotes the rule", () => {
    const result = validateMapping(mapping({ source: { kind: "field", field: "name" }, targetField: "Name" }), pxContext);
    expect(result).toMatchObject({ ok: false, problems: [{ path: "targetField", code: "NOT_A_PUSH_FIELD" }] });
    if (!result.ok) expect(result.problems[0]!.message).toContain("Gainsight PX only pushes the data to fields contains PX_ as prefix.");
    expect(validateMapping(mapping({ targetField: "PX_Formula__c" }), pxContext)).toMatchObject({ ok: false, problems: [{ code: "FIELD_NOT_UPDATEABLE" }] });
    expect(validateMapping(mapping({ source: { kind: "field", field: "custom.arr" }, targetField: "PX_Health_Score__c" }), pendoContext)).toMatchObject({ ok: false, problems: [{ code: "NOT_A_PUSH_FIELD" }] });
  });

  it("cannot save an incompatible pair, and says why", () => {
    const result = validateMapping(mapping({ source: { kind: "field", field: "lastSeenDate" }, targetField: "PX_Health_Score__c" }), pxContext);
    expect(result).toMatchObject({ ok: false, problems: [{ path: "source", code: "INCOMPATIBLE_TYPES" }] });
    if (!result.ok) expect(result.problems[0]!.message).toContain("holds NUMBER values (double) but Gainsight PX attribute \"Last Seen\" (lastSeenDate) holds DATE_TIME values");
    expect(validateMapping(mapping({ source: { kind: "calculated", key: "activeUsers30d" }, targetField: "PX_Notes__c" }), pxContext)).toMatchObject({ ok: false, problems: [{ code: "INCOMPATIBLE_TYPES" }] });
    expect(
      validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "ParentId" }, targetField: "name" }), pxContext),
    ).toMatchObject({ ok: false, problems: [{ path: "source", code: "UNSUPPORTED_FIELD_TYPE" }] });
    expect(
      validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "PX_Tags__c" }, targetField: "custom.tags" }), pendoContext),
    ).toMatchObject({ ok: false, problems: [{ path: "targetField", code: "UNSUPPORTED_FIELD_TYPE" }] });
  });

  it("writes only Pendo custom fields: not Pendo's own auto fields, nor the agent group", () => {
    const result = validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "PX_Last_Seen__c" }, targetField: "auto.lastvisit" }), pendoContext);
    expect(result).toMatchObject({ ok: false, problems: [{ path: "targetField", code: "FIELD_NOT_WRITABLE" }] });
    const agent = { ...pendoContext, analyticsFields: new Map([["agent.name", { system: "pendo" as const, name: "agent.name", type: "string" }]]) };
    expect(validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "Name" }, targetField: "agent.name" }), agent)).toMatchObject({
      ok: false,
      problems: [{ code: "FIELD_NOT_WRITABLE" }],
    });
  });

  it("lists every problem at once: missing fields and unknown calculated values", () => {
    const result = validateMapping(mapping({ source: { kind: "calculated", key: "nope" }, targetField: "PX_Gone__c" }), pxContext);
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { path: "targetField", code: "FIELD_NOT_FOUND" },
        { path: "source", code: "UNKNOWN_CALCULATED_VALUE" },
      ],
    });
    expect(validateMapping(mapping({ source: { kind: "field", field: "gone" } }), pxContext)).toMatchObject({ ok: false, problems: [{ path: "source", code: "FIELD_NOT_FOUND" }] });
    expect(validateMapping(mapping({ source: { kind: "calculated", key: "activeUsers30d" } }), pendoContext)).toMatchObject({ ok: false });
  });

  it("notes what will be refused record by record, and the percent scale", () => {
    const seats = validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "PX_Health_Score__c" }, targetField: "custom.seats" }), pendoContext);
    expect(seats).toMatchObject({ ok: true });
    if (seats.ok) expect(seats.notes.join(" ")).toContain("whole numbers only");
    const whole = validateMapping(mapping({ direction: "pull-from-salesforce", source: { kind: "field", field: "NumberOfEmployees" }, targetField: "custom.seats" }), pendoContext);
    expect(whole).toEqual({ ok: true, type: "NUMBER", notes: [] });
    const percent = validateMapping(mapping({ source: { kind: "field", field: "adoption" }, targetField: "PX_Adoption__c" }), pxContext);
    expect(percent).toMatchObject({ ok: true });
    if (percent.ok) expect(percent.notes.join(" ")).toContain("0–100");
  });
});
