// The kinds of value a field mapping carries, and which vendor field types hold each kind.
//
// The four kinds and the Salesforce column are Gainsight PX's own table of supported field types
// (seed 001, "Supported Field Types"); Clearinghouse applies the same table to Pendo. Pendo's names
// are the `Type` values of its metadata schema (GET /api/v1/metadata/schema/{kind}, see
// emulators/pendo/fixture.ts `pendoMetadataFieldTypes`); PX's are the `type` of its attribute
// model (GET /v1/admin/model/{kind}/attributes, emulators/px/fixture.ts `pxAttributeTypes`).

export const MAPPING_TYPES = ["DATE_TIME", "STRING", "NUMBER", "BOOLEAN"] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

export type AnalyticsSystem = "pendo" | "px";
export type FieldSystem = "salesforce" | AnalyticsSystem;

/**
 * One field on any side, in the terms the mapping rules need. A Salesforce `FieldDescribe`
 * (lib/connectors/salesforce/connection.ts) spreads into it with `system: "salesforce"`; the
 * Pendo and PX connectors' `{ name, label, type }` do the same with their system.
 */
export interface FieldRef {
  system: FieldSystem;
  name: string;
  label?: string;
  type: string;
  /** Salesforce text length in characters; 0 or absent when the describe gives none. */
  length?: number;
  /** Salesforce digits after the decimal point. */
  scale?: number;
  /** Salesforce: false for fields that can never be empty (checkboxes). */
  nillable?: boolean;
  updateable?: boolean;
  /** Salesforce active picklist values, when the describe lists them. */
  picklistValues?: readonly string[];
}

/** Seed 001's table, row by row: PX data type ↔ SFDC field types. */
export const SALESFORCE_TYPES: Readonly<Record<MappingType, readonly string[]>> = {
  DATE_TIME: ["date", "datetime", "time"],
  STRING: ["string", "textarea", "picklist", "multipicklist", "combobox", "email", "url", "id", "phone"],
  NUMBER: ["int", "double", "percent", "currency"],
  BOOLEAN: ["boolean"],
};

/** Pendo's `list` and untyped (`""`) fields have no row in the table, so they cannot be mapped. */
export const PENDO_TYPES: Readonly<Record<MappingType, readonly string[]>> = {
  DATE_TIME: ["time"],
  STRING: ["string"],
  NUMBER: ["integer", "float"],
  BOOLEAN: ["boolean"],
};

export const PX_TYPES: Readonly<Record<MappingType, readonly string[]>> = {
  DATE_TIME: ["DATE_TIME"],
  STRING: ["STRING"],
  NUMBER: ["NUMBER"],
  BOOLEAN: ["BOOLEAN"],
};

const TABLES: Record<FieldSystem, Readonly<Record<MappingType, readonly string[]>>> = {
  salesforce: SALESFORCE_TYPES,
  pendo: PENDO_TYPES,
  px: PX_TYPES,
};

const LOOKUP = new Map<string, MappingType>(
  Object.entries(TABLES).flatMap(([system, table]) => MAPPING_TYPES.flatMap((kind) => table[kind].map((type) => [`${system}:${type}`, kind] as const))),
);

/** The kind of value a field holds, or null when the table has no row for its type. */
export function mappingTypeOf(field: Pick<FieldRef, "system" | "type">): MappingType | null {
  return LOOKUP.get(`${field.system}:${field.type}`) ?? null;
}

export const SYSTEM_LABEL: Readonly<Record<FieldSystem, string>> = { salesforce: "Salesforce", pendo: "Pendo", px: "Gainsight PX" };

/** How a message names a field: `Salesforce field "Health Score" (PX_Health_Score__c)`. */
export function fieldTitle(field: Pick<FieldRef, "system" | "name" | "label">): string {
  const noun = field.system === "px" ? "attribute" : "field";
  const label = field.label && field.label !== field.name ? `"${field.label}" (${field.name})` : `"${field.name}"`;
  return `${SYSTEM_LABEL[field.system]} ${noun} ${label}`;
}
