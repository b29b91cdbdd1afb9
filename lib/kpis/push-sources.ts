import { db } from "@/lib/db";
import type { MappingType } from "@/lib/mapping/types";
import { ACCOUNT_KPIS, kpiCatalogue, type KpiDefinition, type KpiUnit } from "@/lib/kpis/catalogue";

// The KPIs an admin may push into Salesforce account fields, as calculated sources of the mapping
// editor (`calculated:<key>`): every key of the tool's catalogue, the per-feature ones included.
// Each linked Salesforce account receives its own snapshot (the tool's accounts linked to it
// combined). Values are written as the catalogue holds them: a percent KPI is in percentage
// points already (42 means 42%), which is what a Salesforce percent field stores.

export interface KpiPushSource {
  key: string;
  label: string;
  type: MappingType;
  unit: KpiUnit;
}

function pushSource(k: KpiDefinition): KpiPushSource {
  return { key: k.key, label: k.name, type: k.type, unit: k.unit };
}

/** The KPIs every tool has, whatever its features: what defaults and tests may rely on. */
export const ACCOUNT_KPI_PUSH_SOURCES: readonly KpiPushSource[] = ACCOUNT_KPIS.map(pushSource);

/**
 * The push sources of one tool: the account KPIs, then users and clicks of each feature the tool
 * tracks now (listed and not deleted, as the KPI step reads them), named after the feature.
 */
export async function kpiPushSources(integrationId: string): Promise<KpiPushSource[]> {
  const features = await db.usageFeature.findMany({
    where: { integrationId, active: true, removedAt: null },
    select: { externalId: true, name: true },
    orderBy: [{ name: "asc" }, { externalId: "asc" }],
  });
  return kpiCatalogue(features.map((f) => ({ id: f.externalId, name: f.name }))).map(pushSource);
}

/** Key → kind of value, as validateMapping reads calculated sources. */
export function pushSourceTypes(sources: readonly KpiPushSource[]): ReadonlyMap<string, MappingType> {
  return new Map(sources.map((s) => [s.key, s.type]));
}
