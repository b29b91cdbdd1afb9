import { z } from "zod";
import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { checkMappingSet } from "@/lib/mapping/check-mapping-set";
import { fieldMappingSchema, type FieldMapping, type FieldMappingInput, type MappingDirection } from "@/lib/mapping/mapping-schema";
import type { AnalyticsSystem, FieldRef } from "@/lib/mapping/types";
import { validateMapping } from "@/lib/mapping/validate-mapping";
import { kpiPushSources, pushSourceTypes, type KpiPushSource } from "@/lib/kpis/push-sources";

// The field mappings an integration syncs with: the admin's saved set, or the defaults a new
// installation starts with: pushed into Salesforce, the emulator's `PX_`/`Pendo_` push targets that
// pulled data can fill (record ids and last seen); pulled from Salesforce and written back to the
// tool, the account's ARR, tier and renewal date (seed 000: Salesforce fields back to Pendo) and,
// for Pendo visitors, the contact's id. A mapping whose fields are missing from the cached field
// lists, or that conflicts with another (a field mapped both ways without one owner), is left
// out, with the reason, rather than failing every record.

type Entity = "account" | "contact";

const DEFAULTS: Record<AnalyticsSystem, Omit<FieldMappingInput, "integrationId">[]> = {
  px: [
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "id" }, targetField: "PX_Account_Id__c", writeMode: "whenEmpty" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "lastSeenDate" }, targetField: "PX_Last_Seen__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "activeUsers7d" }, targetField: "PX_Active_Users_7d__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "activeUsers30d" }, targetField: "PX_Active_Users_30d__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "npsScore90d" }, targetField: "PX_NPS_90d__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "npsResponses90d" }, targetField: "PX_NPS_Responses_90d__c", writeMode: "neverNull" },
    // PX_Active_Users_90d__c is left for an admin to map (the Map fields e2e maps a PX attribute into it).
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "healthScore" }, targetField: "PX_Health_Score__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "coreFeatureAdoption30d" }, targetField: "PX_Feature_Adoption__c", writeMode: "neverNull" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "identifyId" }, targetField: "PX_User_Id__c", writeMode: "whenEmpty" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "lastSeenDate" }, targetField: "PX_Last_Seen__c", writeMode: "neverNull" },
    // Salesforce holds the contract: a blank there never clears what PX has.
    { entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "ARR__c" }, targetField: "arr", writeMode: "neverNull" },
    { entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "ARR_Tier__c" }, targetField: "arrTier", writeMode: "neverNull" },
    { entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "Renewal_Date__c" }, targetField: "renewalDate", writeMode: "neverNull" },
  ],
  pendo: [
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "auto.id" }, targetField: "Pendo_Account_Id__c", writeMode: "whenEmpty" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "auto.lastvisit" }, targetField: "Pendo_Last_Login__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "activeUsers30d" }, targetField: "Pendo_Active_Visitors_30d__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "npsScore90d" }, targetField: "Pendo_NPS_Score__c", writeMode: "neverNull" },
    // Seed 004 step 5: the health score, and the at-risk checkbox set while the score is red (below 40).
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "healthScore" }, targetField: "Pendo_Health_Score__c", writeMode: "neverNull" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "healthAtRisk" }, targetField: "Pendo_At_Risk_Flag__c", writeMode: "neverNull" },
    // Seed 004: the adoption rate is the share of contracted (core) features in use.
    { entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "coreFeatureAdoption30d" }, targetField: "Pendo_Feature_Adoption_Rate__c", writeMode: "neverNull" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "auto.id" }, targetField: "Pendo_Visitor_Id__c", writeMode: "whenEmpty" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "auto.lastvisit" }, targetField: "Pendo_Last_Visit__c", writeMode: "neverNull" },
    { entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "ARR__c" }, targetField: "custom.sfdc_arr", writeMode: "neverNull" },
    { entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "ARR_Tier__c" }, targetField: "custom.sfdc_tier", writeMode: "neverNull" },
    { entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "Renewal_Date__c" }, targetField: "custom.sfdc_renewal_date", writeMode: "neverNull" },
    // Pendo's matching reads this field: fill it for linked visitors, never replace one a person set.
    { entity: "contact", direction: "pull-from-salesforce", source: { kind: "field", field: "Id" }, targetField: "custom.sfdc_contact_id", writeMode: "whenEmpty" },
  ],
};

/** PX attributes the hub keeps as columns: the attribute schema does not list them. */
const PX_RECORD_FIELDS: Record<"account" | "user", FieldRef[]> = {
  account: [
    { system: "px", name: "id", label: "PX account ID", type: "STRING" },
    { system: "px", name: "lastSeenDate", label: "Last seen", type: "DATE_TIME" },
  ],
  user: [
    { system: "px", name: "identifyId", label: "PX user ID", type: "STRING" },
    { system: "px", name: "lastSeenDate", label: "Last seen", type: "DATE_TIME" },
  ],
};

export interface MappingPlan {
  system: AnalyticsSystem;
  entity: Entity;
  direction: MappingDirection;
  /** The mappings of this direction that may be applied, in saved order. */
  mappings: FieldMapping[];
  salesforceObject: string;
  salesforceFields: Map<string, FieldRef>;
  analyticsFields: Map<string, FieldRef>;
  /** The calculated values (KPIs) this plan's mappings may push: account pushes only. */
  calculated: KpiPushSource[];
  /** Mappings left out, each with why. */
  leftOut: { mapping: FieldMapping; reason: string }[];
}

async function cachedFields(integrationId: string, objectName: string): Promise<FieldDescribe[] | { name: string; label: string; type: string }[]> {
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName } } });
  return (row?.fields as unknown as FieldDescribe[]) ?? [];
}

/** The mappings a Pendo or PX integration starts with, until an admin saves a set of its own. */
export function defaultMappings(integrationId: string, system: AnalyticsSystem): FieldMapping[] {
  return z.array(fieldMappingSchema).parse(DEFAULTS[system].map((m) => ({ ...m, integrationId })));
}

export async function savedOrDefaultMappings(integrationId: string, system: AnalyticsSystem): Promise<FieldMapping[]> {
  const row = await db.fieldMappingSet.findUnique({ where: { integrationId } });
  if (!row) return defaultMappings(integrationId, system);
  const raw = row.mappings as unknown[];
  const parsed = z.array(fieldMappingSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
}

/**
 * The mappings of one integration, entity and direction, checked against the cached field lists.
 * Conflicts are checked over both directions: a field mapped both ways without one owner on both
 * mappings is left out of each, so a value never bounces between Salesforce and the tool.
 */
async function mappingPlan(integrationId: string, system: AnalyticsSystem, entity: Entity, direction: MappingDirection): Promise<MappingPlan> {
  const salesforce = await salesforceIntegration();
  const settings = salesforce ? await salesforcePullSettings(salesforce.id) : null;
  const salesforceObject = entity === "account" ? (settings?.accountObject ?? "Account") : (settings?.contactObject ?? "Contact");
  const sfFields = salesforce ? ((await cachedFields(salesforce.id, salesforceObject)) as FieldDescribe[]) : [];
  const analyticsObject = entity === "account" ? "account" : "user";
  const toolFields = (await cachedFields(integrationId, analyticsObject)) as { name: string; label: string; type: string }[];
  const salesforceFields = new Map<string, FieldRef>(sfFields.map((f) => [f.name, { system: "salesforce", ...f }]));
  const analyticsFields = new Map<string, FieldRef>(toolFields.map((f) => [f.name, { system, name: f.name, label: f.label, type: f.type }]));
  // PX's record columns are read as push sources; they are not attributes a write-back may set.
  if (system === "px" && direction === "push-to-salesforce") for (const f of PX_RECORD_FIELDS[analyticsObject]) analyticsFields.set(f.name, f);

  // KPIs are calculated per Salesforce account: only account pushes may send them.
  const calculated = entity === "account" && direction === "push-to-salesforce" ? await kpiPushSources(integrationId) : [];
  const calculatedSources = pushSourceTypes(calculated);

  const ofEntity = (await savedOrDefaultMappings(integrationId, system)).filter((m) => m.entity === entity);
  const conflicts = new Map<number, string>();
  for (const problem of checkMappingSet(ofEntity)) for (const i of problem.indexes) conflicts.set(i, problem.message);
  const mappings: FieldMapping[] = [];
  const leftOut: MappingPlan["leftOut"] = [];
  ofEntity.forEach((mapping, i) => {
    if (mapping.direction !== direction) return;
    const check = validateMapping(mapping, { system, salesforceFields, analyticsFields, calculatedSources });
    const conflict = conflicts.get(i);
    if (!check.ok) leftOut.push({ mapping, reason: check.problems.map((p) => p.message).join(" ") });
    else if (conflict) leftOut.push({ mapping, reason: conflict });
    else mappings.push(mapping);
  });
  return { system, entity, direction, mappings, salesforceObject, salesforceFields, analyticsFields, calculated, leftOut };
}

/** The push-to-Salesforce mappings of one integration and entity, checked against the cached field lists. */
export function pushPlan(integrationId: string, system: AnalyticsSystem, entity: Entity): Promise<MappingPlan> {
  return mappingPlan(integrationId, system, entity, "push-to-salesforce");
}

/** The pull-from-Salesforce mappings (Salesforce fields written back to Pendo or PX) of one integration and entity. */
export function writeBackPlan(integrationId: string, system: AnalyticsSystem, entity: Entity): Promise<MappingPlan> {
  return mappingPlan(integrationId, system, entity, "pull-from-salesforce");
}

/**
 * The Salesforce fields some integration's mappings use, per entity, so the Salesforce pull reads
 * them: the fields pushed into ("only when empty" needs their values) and the fields written back
 * to the tools (the values to write).
 */
export async function mappedSalesforceFields(entity: Entity): Promise<string[]> {
  const tools = await db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] }, secrets: { not: null } }, select: { id: true, system: true } });
  const fields = new Set<string>();
  for (const tool of tools) {
    const mappings = await savedOrDefaultMappings(tool.id, tool.system === "PENDO" ? "pendo" : "px");
    for (const m of mappings) {
      if (m.entity !== entity) continue;
      if (m.direction === "push-to-salesforce") fields.add(m.targetField);
      else if (m.source.kind === "field") fields.add(m.source.field);
    }
  }
  return [...fields];
}
