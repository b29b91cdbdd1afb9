import { fieldTitle, mappingTypeOf, MAPPING_TYPES, PENDO_TYPES, PX_TYPES, SALESFORCE_TYPES, type FieldRef, type MappingType } from "@/lib/mapping/types";

/** A value Clearinghouse computes (a KPI), pushed like a field; its kind comes from the KPI catalogue. */
export interface CalculatedSource {
  calculated: string;
  type: MappingType;
}

export type Compatibility =
  | { ok: true; type: MappingType; note?: string }
  | { ok: false; code: "UNSUPPORTED_FIELD_TYPE" | "INCOMPATIBLE_TYPES"; message: string };

const TABLE_TEXT = MAPPING_TYPES.map((kind) => `${kind} ↔ ${SALESFORCE_TYPES[kind].join(", ")}`).join("; ");

function otherTypesOf(system: FieldRef["system"], kind: MappingType): string {
  const names = system === "salesforce" ? SALESFORCE_TYPES[kind] : system === "pendo" ? PENDO_TYPES[kind] : PX_TYPES[kind];
  return names.join(", ");
}

function unsupported(field: FieldRef): Compatibility {
  return {
    ok: false,
    code: "UNSUPPORTED_FIELD_TYPE",
    message: `${fieldTitle(field)} is of type "${field.type}", which cannot be mapped. Supported pairs: ${TABLE_TEXT}.`,
  };
}

/**
 * Whether a Salesforce field and a Pendo/PX field (or a calculated value of a known kind) may be
 * mapped to each other, in either direction: both must sit on the same row of seed 001's table.
 * The answer says why not, in a sentence an admin can act on.
 */
export function checkTypeCompatibility(salesforce: FieldRef, other: FieldRef | CalculatedSource): Compatibility {
  const left = mappingTypeOf(salesforce);
  if (!left) return unsupported(salesforce);
  const calculated = "calculated" in other;
  const right = calculated ? other.type : mappingTypeOf(other);
  if (!right) return unsupported(other as FieldRef);
  if (left !== right) {
    const otherTitle = calculated ? `calculated value "${other.calculated}"` : fieldTitle(other);
    const fix = calculated ? `a Salesforce field of type ${SALESFORCE_TYPES[right].join(", ")}` : `a field of type ${otherTypesOf(other.system, left)}`;
    return {
      ok: false,
      code: "INCOMPATIBLE_TYPES",
      message: `${fieldTitle(salesforce)} holds ${left} values (${salesforce.type}) but ${otherTitle} holds ${right} values. Pick ${fix} instead; supported pairs: ${TABLE_TEXT}.`,
    };
  }
  if (salesforce.type === "percent") {
    const note = calculated
      ? "Salesforce percent fields hold 0–100; the calculated value is written as it is (a KPI of 42 percent shows as 42%)."
      : "Salesforce percent fields hold 0–100; the other side holds the ratio 0–1 (42% is 0.42 there).";
    return { ok: true, type: left, note };
  }
  return { ok: true, type: left };
}
