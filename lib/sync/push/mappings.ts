import { z } from "zod";
import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { checkMappingSet } from "@/lib/mapping/check-mapping-set";
import { fieldMappingSchema, type FieldMapping, type FieldMappingInput } from "@/lib/mapping/mapping-schema";
import type { AnalyticsSystem, FieldRef } from "@/lib/mapping/types";
import { validateMapping } from "@/lib/mapping/validate-mapping";

// The field mappings an integration pushes with: the admin's saved set, or the defaults a new
// installation starts with (the emulator's `PX_`/`Pendo_` push targets that pulled data can fill:
// record ids and last seen). A mapping whose fields are missing from the cached field lists is
// left out, with the reason, rather than failing every record.

type Entity = "account" | "contact";

const DEFAULTS: Record<AnalyticsSystem, Omit<FieldMappingInput, "integrationId">[]> = {
  px: [
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "id" }, targetField: "PX_Account_Id__c", writeMode: "whenEmpty" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "lastSeenDate" }, targetField: "PX_Last_Seen__c", writeMode: "neverNull" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "identifyId" }, targetField: "PX_User_Id__c", writeMode: "whenEmpty" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "lastSeenDate" }, targetField: "PX_Last_Seen__c", writeMode: "neverNull" },
  ],
  pendo: [
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "auto.id" }, targetField: "Pendo_Account_Id__c", writeMode: "whenEmpty" },
    { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "auto.lastvisit" }, targetField: "Pendo_Last_Login__c", writeMode: "neverNull" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "auto.id" }, targetField: "Pendo_Visitor_Id__c", writeMode: "whenEmpty" },
    { entity: "contact", direction: "push-to-salesforce", source: { kind: "field", field: "auto.lastvisit" }, targetField: "Pendo_Last_Visit__c", writeMode: "neverNull" },
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
  mappings: FieldMapping[];
  salesforceObject: string;
  salesforceFields: Map<string, FieldRef>;
  analyticsFields: Map<string, FieldRef>;
  /** Mappings left out, each with why. */
  leftOut: { mapping: FieldMapping; reason: string }[];
}

async function cachedFields(integrationId: string, objectName: string): Promise<FieldDescribe[] | { name: string; label: string; type: string }[]> {
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName } } });
  return (row?.fields as unknown as FieldDescribe[]) ?? [];
}

export async function savedOrDefaultMappings(integrationId: string, system: AnalyticsSystem): Promise<FieldMapping[]> {
  const row = await db.fieldMappingSet.findUnique({ where: { integrationId } });
  const raw = row ? (row.mappings as unknown[]) : DEFAULTS[system].map((m) => ({ ...m, integrationId }));
  const parsed = z.array(fieldMappingSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
}

/** The push-to-Salesforce mappings of one integration and entity, checked against the cached field lists. */
export async function pushPlan(integrationId: string, system: AnalyticsSystem, entity: Entity): Promise<MappingPlan> {
  const salesforce = await salesforceIntegration();
  const settings = salesforce ? await salesforcePullSettings(salesforce.id) : null;
  const salesforceObject = entity === "account" ? (settings?.accountObject ?? "Account") : (settings?.contactObject ?? "Contact");
  const sfFields = salesforce ? ((await cachedFields(salesforce.id, salesforceObject)) as FieldDescribe[]) : [];
  const analyticsObject = entity === "account" ? "account" : "user";
  const toolFields = (await cachedFields(integrationId, analyticsObject)) as { name: string; label: string; type: string }[];
  const salesforceFields = new Map<string, FieldRef>(sfFields.map((f) => [f.name, { system: "salesforce", ...f }]));
  const analyticsFields = new Map<string, FieldRef>(toolFields.map((f) => [f.name, { system, name: f.name, label: f.label, type: f.type }]));
  if (system === "px") for (const f of PX_RECORD_FIELDS[analyticsObject]) analyticsFields.set(f.name, f);

  const all = (await savedOrDefaultMappings(integrationId, system)).filter((m) => m.entity === entity && m.direction === "push-to-salesforce");
  const conflicts = new Set(checkMappingSet(all).flatMap((c) => c.indexes));
  const mappings: FieldMapping[] = [];
  const leftOut: MappingPlan["leftOut"] = [];
  all.forEach((mapping, i) => {
    const check = validateMapping(mapping, { system, salesforceFields, analyticsFields });
    if (!check.ok) leftOut.push({ mapping, reason: check.problems.map((p) => p.message).join(" ") });
    else if (conflicts.has(i)) leftOut.push({ mapping, reason: "It conflicts with another mapping of the same field." });
    else mappings.push(mapping);
  });
  return { system, entity, mappings, salesforceObject, salesforceFields, analyticsFields, leftOut };
}

/**
 * The Salesforce fields some integration pushes into, per entity: the Salesforce pull reads them too,
 * so "only when empty" knows whether a person typed a value there.
 */
export async function mappedPushTargets(entity: Entity): Promise<string[]> {
  const tools = await db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] }, secrets: { not: null } }, select: { id: true, system: true } });
  const targets = new Set<string>();
  for (const tool of tools) {
    const mappings = await savedOrDefaultMappings(tool.id, tool.system === "PENDO" ? "pendo" : "px");
    for (const m of mappings) if (m.entity === entity && m.direction === "push-to-salesforce") targets.add(m.targetField);
  }
  return [...targets];
}
