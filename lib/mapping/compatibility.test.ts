import { describe, expect, it } from "vitest";
import { checkTypeCompatibility } from "@/lib/mapping/compatibility";
import { MAPPING_TYPES, mappingTypeOf, PENDO_TYPES, PX_TYPES, SALESFORCE_TYPES, type FieldRef, type MappingType } from "@/lib/mapping/types";

const sf = (type: string): FieldRef => ({ system: "salesforce", name: `PX_${type}__c`, label: `A ${type}`, type });
const px = (type: string): FieldRef => ({ system: "px", name: `a${type}`, type });
const pendo = (type: string): FieldRef => ({ system: "pendo", name: `custom.${type}`, type });

describe("the type table", () => {
  it("is seed 001's table, row by row", () => {
    expect(SALESFORCE_TYPES).toEqual({
      DATE_TIME: ["date", "datetime", "time"],
      STRING: ["string", "textarea", "picklist", "multipicklist", "combobox", "email", "url", "id", "phone"],
      NUMBER: ["int", "double", "percent", "currency"],
      BOOLEAN: ["boolean"],
    });
  });

  it("uses the type names of the PX attribute model and the Pendo metadata schema", () => {
    // emulators/px/fixture.ts pxAttributeTypes and emulators/pendo/fixture.ts pendoMetadataFieldTypes
    expect(Object.values(PX_TYPES).flat().sort()).toEqual(["BOOLEAN", "DATE_TIME", "NUMBER", "STRING"]);
    expect(Object.values(PENDO_TYPES).flat().sort()).toEqual(["boolean", "float", "integer", "string", "time"]);
    expect(mappingTypeOf(pendo("list"))).toBeNull();
    expect(mappingTypeOf(pendo(""))).toBeNull();
  });

  it("does not mix up systems: a Pendo type name means nothing on PX", () => {
    expect(mappingTypeOf(px("string"))).toBeNull();
    expect(mappingTypeOf(pendo("STRING"))).toBeNull();
    expect(mappingTypeOf(sf("STRING"))).toBeNull();
  });
});

describe("checkTypeCompatibility", () => {
  // Every Salesforce type of the table against every PX and Pendo type: compatible exactly when
  // both sit on the same row.
  const others: [string, (t: string) => FieldRef, Record<MappingType, readonly string[]>][] = [
    ["PX", px, PX_TYPES],
    ["Pendo", pendo, PENDO_TYPES],
  ];
  for (const [tool, make, table] of others) {
    for (const left of MAPPING_TYPES) {
      for (const right of MAPPING_TYPES) {
        it(`${tool}: Salesforce ${left} types against ${right} is ${left === right ? "allowed" : "refused"}`, () => {
          for (const sfType of SALESFORCE_TYPES[left]) {
            for (const toolType of table[right]) {
              const result = checkTypeCompatibility(sf(sfType), make(toolType));
              if (left === right) expect(result).toMatchObject({ ok: true, type: left });
              else {
                expect(result).toMatchObject({ ok: false, code: "INCOMPATIBLE_TYPES" });
                if (!result.ok) expect(result.message).toContain(`holds ${left} values (${sfType})`);
              }
            }
          }
        });
      }
    }
  }

  it("says why a pair is refused and what to pick instead", () => {
    const result = checkTypeCompatibility(sf("date"), px("STRING"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('Salesforce field "A date" (PX_date__c) holds DATE_TIME values (date)');
    expect(result.message).toContain("Gainsight PX attribute");
    expect(result.message).toContain("Pick a field of type DATE_TIME");
    expect(result.message).toContain("DATE_TIME ↔ date, datetime, time");
  });

  it("refuses Salesforce types the table has no row for", () => {
    for (const type of ["reference", "address", "location", "base64", "anyType", "encryptedstring"]) {
      const result = checkTypeCompatibility(sf(type), px("STRING"));
      expect(result).toMatchObject({ ok: false, code: "UNSUPPORTED_FIELD_TYPE" });
      if (!result.ok) expect(result.message).toContain(`of type "${type}"`);
    }
  });

  it("refuses Pendo list and untyped fields", () => {
    expect(checkTypeCompatibility(sf("multipicklist"), pendo("list"))).toMatchObject({ ok: false, code: "UNSUPPORTED_FIELD_TYPE" });
    expect(checkTypeCompatibility(sf("string"), pendo(""))).toMatchObject({ ok: false, code: "UNSUPPORTED_FIELD_TYPE" });
  });

  it("checks a calculated value by the kind it holds", () => {
    expect(checkTypeCompatibility(sf("double"), { calculated: "activeUsers30d", type: "NUMBER" })).toMatchObject({ ok: true, type: "NUMBER" });
    const refused = checkTypeCompatibility(sf("string"), { calculated: "activeUsers30d", type: "NUMBER" });
    expect(refused).toMatchObject({ ok: false, code: "INCOMPATIBLE_TYPES" });
    if (!refused.ok) expect(refused.message).toContain("Pick a Salesforce field of type int, double, percent, currency");
  });

  it("notes the percent scale", () => {
    const result = checkTypeCompatibility(sf("percent"), px("NUMBER"));
    expect(result).toMatchObject({ ok: true, type: "NUMBER" });
    if (result.ok) expect(result.note).toMatch(/0–100.*0–1/);
  });

  it("notes that a calculated value goes into a percent field as it is", () => {
    const result = checkTypeCompatibility(sf("percent"), { calculated: "featureBreadth30d", type: "NUMBER" });
    expect(result).toMatchObject({ ok: true, type: "NUMBER" });
    if (result.ok) expect(result.note).toContain("written as it is");
  });
});
