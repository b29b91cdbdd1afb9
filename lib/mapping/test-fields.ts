// Field lists shared by this folder's tests: a Salesforce Account describe as FieldDescribe gives
// it (lib/connectors/salesforce/connection.ts), and Pendo/PX fields as their connectors list them.
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import type { FieldRef } from "@/lib/mapping/types";

function sf(name: string, type: string, extra: Partial<FieldDescribe> = {}): FieldRef {
  const describe: FieldDescribe = {
    name,
    label: name.replace(/__c$/, "").replace(/_/g, " "),
    type,
    length: 0,
    updateable: true,
    createable: true,
    custom: name.endsWith("__c"),
    externalId: false,
    unique: false,
    nillable: type !== "boolean",
    idLookup: false,
    referenceTo: [],
    ...extra,
  };
  return { system: "salesforce", ...describe };
}

export const SF = {
  Id: sf("Id", "id", { length: 18, updateable: false, createable: false, nillable: false }),
  Name: sf("Name", "string", { length: 255 }),
  Industry: sf("Industry", "picklist", { length: 255, picklistValues: ["Banking", "Energy", "Technology"] }),
  NumberOfEmployees: sf("NumberOfEmployees", "int", { scale: 0 }),
  AnnualRevenue: sf("AnnualRevenue", "currency", { scale: 0 }),
  Description: sf("Description", "textarea", { length: 32000 }),
  ParentId: sf("ParentId", "reference", { length: 18, referenceTo: ["Account"] }),
  LastActivityDate: sf("LastActivityDate", "date", { updateable: false }),
  PX_Health_Score__c: sf("PX_Health_Score__c", "double", { scale: 1 }),
  PX_Adoption__c: sf("PX_Adoption__c", "percent", { scale: 2 }),
  PX_Active_Users__c: sf("PX_Active_Users__c", "double", { scale: 0 }),
  PX_Last_Seen__c: sf("PX_Last_Seen__c", "datetime"),
  PX_Renewal_Day__c: sf("PX_Renewal_Day__c", "date"),
  PX_Is_Strategic__c: sf("PX_Is_Strategic__c", "boolean"),
  PX_Segment__c: sf("PX_Segment__c", "picklist", { length: 255, picklistValues: ["Enterprise", "Mid-Market", "SMB"] }),
  PX_Tags__c: sf("PX_Tags__c", "multipicklist", { length: 4099, picklistValues: ["Beta", "Champion", "At Risk"] }),
  PX_Notes__c: sf("PX_Notes__c", "string", { length: 255 }),
  PX_Formula__c: sf("PX_Formula__c", "double", { scale: 0, updateable: false }),
  Pendo_Visitors__c: sf("Pendo_Visitors__c", "double", { scale: 0 }),
  Customer_Status__c: sf("Customer_Status__c", "picklist", { length: 255, picklistValues: ["Active", "Churned"] }),
} satisfies Record<string, FieldRef>;

export const PX: Record<string, FieldRef> = {
  name: { system: "px", name: "name", label: "Name", type: "STRING" },
  healthScore: { system: "px", name: "healthScore", label: "Health Score", type: "NUMBER" },
  adoption: { system: "px", name: "adoption", label: "Adoption", type: "NUMBER" },
  lastSeenDate: { system: "px", name: "lastSeenDate", label: "Last Seen", type: "DATE_TIME" },
  isStrategic: { system: "px", name: "isStrategic", label: "Is Strategic", type: "BOOLEAN" },
  segment: { system: "px", name: "segment", label: "Segment", type: "STRING" },
  industry: { system: "px", name: "industry", label: "Industry", type: "STRING" },
};

export const PENDO: Record<string, FieldRef> = {
  "custom.arr": { system: "pendo", name: "custom.arr", label: "ARR", type: "float" },
  "custom.seats": { system: "pendo", name: "custom.seats", label: "Seats", type: "integer" },
  "custom.renewaldate": { system: "pendo", name: "custom.renewaldate", label: "Renewal Date", type: "time" },
  "custom.isstrategic": { system: "pendo", name: "custom.isstrategic", label: "Is Strategic", type: "boolean" },
  "custom.planlevel": { system: "pendo", name: "custom.planlevel", label: "Plan Level", type: "string" },
  "custom.tags": { system: "pendo", name: "custom.tags", label: "Tags", type: "list" },
  "auto.lastvisit": { system: "pendo", name: "auto.lastvisit", label: "Last Visit", type: "time" },
};

export function byName(fields: Record<string, FieldRef>): Map<string, FieldRef> {
  return new Map(Object.values(fields).map((f) => [f.name, f]));
}

/** A small seeded generator, so generated cases are the same on every run (as lib/matching/match.test.ts). */
export function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
