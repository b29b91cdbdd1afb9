import { db } from "@/lib/db";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { checkPushTarget } from "@/lib/mapping/prefix-rule";
import { SYSTEM_LABEL, type AnalyticsSystem, type FieldRef } from "@/lib/mapping/types";
import { pushPlan } from "@/lib/sync/push/mappings";
import { ENTITIES, type EntityFields, type FieldOption } from "@/lib/field-mappings/mapping-rows";

// The fields an integration's mappings may use, per entity, read from the caches only (never live:
// the worker spends the API allowance). pushPlan already reads both caches the way the push does
// (the Salesforce source object from the pull settings, PX's record fields beside its schema), so
// the editor offers exactly the fields the push will accept.

export interface MappingFields {
  entities: EntityFields[];
  /** Why a list is empty, in sentences that say what to do. */
  missing: string[];
}

export const byLabel = (a: FieldOption, b: FieldOption) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name);

async function schemaNames(integrationId: string, objectName: "account" | "user"): Promise<Set<string> | null> {
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName } }, select: { fields: true } });
  if (!row || !Array.isArray(row.fields)) return null;
  return new Set(row.fields.flatMap((f) => (f && typeof f === "object" && "name" in f && typeof f.name === "string" ? [f.name] : [])));
}

/** A Salesforce field as the pickers and the row checks see it. */
export function salesforceOption(field: FieldRef, system: AnalyticsSystem): FieldOption {
  return {
    name: field.name,
    label: field.label ?? field.name,
    type: field.type,
    length: field.length ?? 0,
    ...(field.scale === undefined ? {} : { scale: field.scale }),
    nillable: field.nillable !== false,
    updateable: field.updateable === true,
    pushTarget: checkPushTarget(field, system).ok,
  };
}

export async function mappingFields(integrationId: string, system: AnalyticsSystem): Promise<MappingFields> {
  const [salesforce, plans, accountNames, userNames] = await Promise.all([
    salesforceIntegration(),
    Promise.all(ENTITIES.map((entity) => pushPlan(integrationId, system, entity))),
    schemaNames(integrationId, "account"),
    schemaNames(integrationId, "user"),
  ]);
  const entities = plans.map((plan): EntityFields => {
    const schema = plan.entity === "account" ? accountNames : userNames;
    return {
      entity: plan.entity,
      salesforceObject: plan.salesforceObject,
      salesforce: [...plan.salesforceFields.values()].map((f) => salesforceOption(f, system)).sort(byLabel),
      tool: [...plan.analyticsFields.values()]
        .map((f): FieldOption => ({ name: f.name, label: f.label ?? f.name, type: f.type, recordField: !schema?.has(f.name) }))
        .sort(byLabel),
      // KPIs are calculated per Salesforce account, so only account pushes carry them.
      calculated: plan.calculated.map((k): FieldOption => ({ name: k.key, label: k.label, type: k.type })),
    };
  });

  const tool = SYSTEM_LABEL[system];
  const missing: string[] = [];
  if (!salesforce) missing.push("Connect Salesforce on the Integrations page to choose its fields.");
  else if (entities.some((e) => e.salesforce.length === 0)) {
    missing.push("Salesforce fields are not cached yet: use Refresh metadata on the Salesforce card on the Integrations page, then reload this page.");
  }
  if (!accountNames || !userNames) missing.push(`${tool}'s attributes are not known yet: use Pull now on its card on the Integrations page, then reload this page.`);
  return { entities, missing };
}
