import { EXPORT_API_VERSION } from "../salesforce/fixture";
import type { SalesforceFixture } from "../salesforce/fixture";
import { MetadataRegistry } from "../salesforce/metadata/registry";
import type { ObjectMeta } from "../salesforce/metadata/types";
import { FEATURES } from "./catalog";
import { flat } from "./prng";
import { sfId } from "./sf-ids";

/**
 * Builds Salesforce records in the exact shape the Salesforce emulator exports (and a SOQL
 * query returns): `attributes`, every field of the object (nulls included), compound address
 * fields, and the values Salesforce derives (Name, IsClosed, IsWon, FiscalYear, …).
 * The field list comes from the Salesforce emulator's metadata so the two never drift apart.
 */

type CustomFieldDef = NonNullable<SalesforceFixture["customFields"]>[string][number];

export const SF_CUSTOM_FIELDS: Record<string, CustomFieldDef[]> = {
  Account: [
    { name: "Customer_Status__c", type: "picklist", label: "Customer Status", picklistValues: ["Active", "Churned", "Trial", "Prospect"] },
    { name: "ARR__c", type: "currency", label: "ARR", precision: 16, scale: 2 },
    { name: "ARR_Tier__c", type: "picklist", label: "ARR Tier", picklistValues: ["Enterprise", "Mid-Market", "SMB"] },
    { name: "Contract_Start_Date__c", type: "date", label: "Contract Start Date" },
    { name: "Renewal_Date__c", type: "date", label: "Renewal Date" },
    { name: "Churn_Date__c", type: "date", label: "Churn Date" },
    { name: "Churn_Reason__c", type: "picklist", label: "Churn Reason", picklistValues: ["Budget", "Product Fit", "Competitor", "Acquired", "Champion Left", "Other"] },
    { name: "Public_Sector__c", type: "boolean", label: "Public Sector" },
    { name: "CSM__c", type: "reference", label: "Customer Success Manager", referenceTo: ["User"], relationshipName: "CSM__r", childRelationshipName: "CSM_Accounts__r" },
    { name: "Pendo_Account_Id__c", type: "string", label: "Pendo Account ID", length: 255, externalId: true },
    { name: "Pendo_Health_Score__c", type: "double", label: "Pendo Health Score", precision: 5, scale: 1 },
    { name: "Pendo_Active_Visitors_30d__c", type: "double", label: "Pendo Active Visitors (30d)", precision: 18, scale: 0 },
    { name: "Pendo_Session_Count_30d__c", type: "double", label: "Pendo Session Count (30d)", precision: 18, scale: 0 },
    { name: "Pendo_Last_Login__c", type: "date", label: "Pendo Last Login" },
    { name: "Pendo_Feature_Adoption_Rate__c", type: "percent", label: "Pendo Feature Adoption Rate", precision: 5, scale: 2 },
    { name: "Pendo_NPS_Score__c", type: "double", label: "Pendo NPS Score", precision: 5, scale: 1 },
    { name: "Pendo_At_Risk_Flag__c", type: "boolean", label: "Pendo At Risk" },
    { name: "PX_Account_Id__c", type: "string", label: "PX Account ID", length: 255, externalId: true, unique: true },
    { name: "PX_Active_Users_7d__c", type: "double", label: "PX Active Users (7d)", precision: 18, scale: 0 },
    { name: "PX_Active_Users_30d__c", type: "double", label: "PX Active Users (30d)", precision: 18, scale: 0 },
    { name: "PX_Active_Users_90d__c", type: "double", label: "PX Active Users (90d)", precision: 18, scale: 0 },
    { name: "PX_NPS_90d__c", type: "double", label: "PX NPS (90d)", precision: 5, scale: 1 },
    { name: "PX_NPS_Responses_90d__c", type: "double", label: "PX NPS Responses (90d)", precision: 18, scale: 0 },
    { name: "PX_Health_Score__c", type: "double", label: "PX Health Score", precision: 5, scale: 1 },
    { name: "PX_Last_Seen__c", type: "datetime", label: "PX Last Seen" },
    { name: "PX_Feature_Adoption__c", type: "percent", label: "PX Feature Adoption", precision: 5, scale: 2 },
    // The contract, for seat utilisation and core feature adoption (seed 004): filled for customers.
    { name: "Licensed_Seats__c", type: "double", label: "Licensed Seats", precision: 18, scale: 0 },
    { name: "Contracted_Features__c", type: "multipicklist", label: "Contracted Features", picklistValues: FEATURES.map((f) => f.name) },
  ],
  Contact: [
    { name: "PX_User_Id__c", type: "string", label: "PX User ID", length: 255, externalId: true },
    { name: "Pendo_Visitor_Id__c", type: "string", label: "Pendo Visitor ID", length: 255, externalId: true },
    { name: "PX_Last_Seen__c", type: "datetime", label: "PX Last Seen" },
    { name: "Pendo_Last_Visit__c", type: "datetime", label: "Pendo Last Visit" },
  ],
};

export type SfValue = string | number | boolean | null;
export type SfPartial = Record<string, SfValue>;

export class SfRecordBuilder {
  readonly registry: MetadataRegistry;
  private metas = new Map<string, ObjectMeta>();
  private sortedFields = new Map<string, ObjectMeta["fields"]>();
  private factories = new Map<string, (values: unknown[]) => Record<string, unknown>>();

  constructor(customFields: Record<string, CustomFieldDef[]> = SF_CUSTOM_FIELDS) {
    this.registry = MetadataRegistry.build([], customFields);
  }

  meta(type: string): ObjectMeta {
    let m = this.metas.get(type);
    if (!m) {
      m = this.registry.get(type);
      if (!m) throw new Error(`unknown Salesforce object ${type}`);
      this.metas.set(type, m);
    }
    return m;
  }

  /** Object names the export lists (every object but Organization), in registry order. */
  objectNames(): string[] {
    return this.registry.objects.map((o) => o.name).filter((n) => n !== "Organization");
  }

  /** A complete record: attributes + every field, with derived values filled in. */
  complete(type: string, partial: SfPartial): Record<string, unknown> {
    const meta = this.meta(type);
    for (const k of Object.keys(partial)) {
      if (!meta.fieldByLower.has(k.toLowerCase())) throw new Error(`generator bug: ${type} has no field ${k}`);
    }
    derive(type, partial);
    const id = String(partial.Id);
    let fields = this.sortedFields.get(meta.name);
    if (!fields) {
      fields = meta.fields.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.sortedFields.set(meta.name, fields);
    }
    // Keys in sorted order ("attributes" sorts after the capitalised field names), built by a
    // per-object literal factory so V8 keeps the ~60-field records in fast mode (a record built
    // key by key falls back to a hash table and costs ~3x the memory).
    let factory = this.factories.get(meta.name);
    if (!factory) {
      const keys = [...fields.map((f) => f.name), "attributes"];
      factory = new Function("v", `return {${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(", ")}};`) as (values: unknown[]) => Record<string, unknown>;
      this.factories.set(meta.name, factory);
    }
    const values: unknown[] = new Array(fields.length + 1);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.type === "address") {
        values[i] = f.compoundPrefix ? address(partial, f.compoundPrefix) : null;
        continue;
      }
      const v = partial[f.name];
      values[i] = v === undefined || v === null ? (f.type === "boolean" ? false : null) : typeof v === "string" ? flat(v) : v;
    }
    values[fields.length] = { type: meta.name, url: flat(`/services/data/v${EXPORT_API_VERSION}/sobjects/${meta.name}/${id}`) };
    return factory(values);
  }

  /** Custom field definitions exactly as the emulator exports them. */
  exportedCustomFields(): Record<string, CustomFieldDef[]> {
    const out: Record<string, CustomFieldDef[]> = {};
    for (const [obj, defs] of Object.entries(SF_CUSTOM_FIELDS)) {
      const meta = this.meta(obj);
      out[obj] = defs.map((def) => {
        const f = meta.fieldByLower.get(def.name.toLowerCase())!;
        const e: CustomFieldDef = {
          name: f.name,
          type: def.type,
          label: f.label,
          length: f.length,
          precision: f.precision,
          scale: f.scale,
          externalId: f.externalId,
          unique: f.unique,
          updateable: f.updateable,
          createable: f.createable,
        };
        for (const key of ["required", "caseSensitive", "picklistValues", "restrictedPicklist", "referenceTo", "relationshipName", "childRelationshipName"] as const) {
          if (def[key] !== undefined) (e as Record<string, unknown>)[key] = def[key];
        }
        return e;
      });
    }
    return out;
  }
}

function address(rec: SfPartial, prefix: string): Record<string, unknown> | null {
  const get = (s: string) => rec[`${prefix}${s}`] ?? null;
  const value = {
    city: get("City"),
    country: get("Country"),
    geocodeAccuracy: null,
    latitude: get("Latitude"),
    longitude: get("Longitude"),
    postalCode: get("PostalCode"),
    state: get("State"),
    street: get("Street"),
  };
  return Object.values(value).every((v) => v === null) ? null : value;
}

const STAGES: Record<string, { probability: number; closed: boolean; won: boolean; forecast: string }> = {
  Prospecting: { probability: 10, closed: false, won: false, forecast: "Pipeline" },
  Qualification: { probability: 10, closed: false, won: false, forecast: "Pipeline" },
  "Needs Analysis": { probability: 20, closed: false, won: false, forecast: "Pipeline" },
  "Value Proposition": { probability: 50, closed: false, won: false, forecast: "Pipeline" },
  "Id. Decision Makers": { probability: 60, closed: false, won: false, forecast: "Pipeline" },
  "Perception Analysis": { probability: 70, closed: false, won: false, forecast: "Pipeline" },
  "Proposal/Price Quote": { probability: 75, closed: false, won: false, forecast: "Pipeline" },
  "Negotiation/Review": { probability: 90, closed: false, won: false, forecast: "Pipeline" },
  "Closed Won": { probability: 100, closed: true, won: true, forecast: "Closed" },
  "Closed Lost": { probability: 0, closed: true, won: false, forecast: "Omitted" },
};

export function stageInfo(stage: string) {
  const s = STAGES[stage];
  if (!s) throw new Error(`unknown stage ${stage}`);
  return s;
}

/** Values Salesforce computes (same rules as the emulator applies on load). */
function derive(type: string, r: SfPartial): void {
  switch (type) {
    case "Contact":
    case "User":
      r.Name = [r.FirstName, r.LastName].filter((p) => typeof p === "string" && p !== "").join(" ") || null;
      break;
    case "Opportunity": {
      const s = stageInfo(String(r.StageName));
      r.IsClosed = s.closed;
      r.IsWon = s.won;
      r.ForecastCategory = s.forecast;
      if (r.ForecastCategoryName === undefined) r.ForecastCategoryName = s.forecast === "BestCase" ? "Best Case" : s.forecast === "Forecast" ? "Commit" : s.forecast;
      if (r.Probability === undefined) r.Probability = s.probability;
      if (typeof r.CloseDate === "string") {
        r.FiscalYear = Number(r.CloseDate.slice(0, 4));
        r.FiscalQuarter = Math.floor((Number(r.CloseDate.slice(5, 7)) - 1) / 3) + 1;
      }
      break;
    }
    case "Task":
      r.IsClosed = r.Status === "Completed";
      r.IsHighPriority = r.Priority === "High";
      break;
    case "Case":
      r.IsClosed = r.Status === "Closed";
      break;
  }
}

export function sfDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}+0000`;
}

export function sfDate(ms: number): string {
  return sfDateTime(ms).slice(0, 10);
}

export { sfId };
