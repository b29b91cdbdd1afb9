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
  /** The KPI's unit; absent for the health values. */
  unit?: KpiUnit;
}

function pushSource(k: KpiDefinition): KpiPushSource {
  return { key: k.key, label: k.name, type: k.type, unit: k.unit };
}

/**
 * The account's health as it shows now (lib/health/latest-health.ts: the newest score, an override
 * in force applied), pushed like a KPI (issue 13: score, colour, at-risk flag).
 */
export const HEALTH_PUSH_SOURCES: readonly KpiPushSource[] = [
  { key: "healthScore", label: "Health score (0–100)", type: "NUMBER" },
  { key: "healthColour", label: "Health colour (red, yellow or green)", type: "STRING" },
  { key: "healthAtRisk", label: "At risk (health is red)", type: "BOOLEAN" },
];

/** The values every tool has, whatever its features: what defaults and tests may rely on. */
export const ACCOUNT_KPI_PUSH_SOURCES: readonly KpiPushSource[] = [...HEALTH_PUSH_SOURCES, ...ACCOUNT_KPIS.map(pushSource)];

/**
 * The push sources of one tool: health, the account KPIs, then users and clicks of each feature the tool
 * tracks now (listed and not deleted, as the KPI step reads them), named after the feature.
 */
export async function kpiPushSources(integrationId: string): Promise<KpiPushSource[]> {
  const features = await db.usageFeature.findMany({
    where: { integrationId, active: true, removedAt: null },
    select: { externalId: true, name: true },
    orderBy: [{ name: "asc" }, { externalId: "asc" }],
  });
  return [...HEALTH_PUSH_SOURCES, ...kpiCatalogue(features.map((f) => ({ id: f.externalId, name: f.name }))).map(pushSource)];
}

/** Key → kind of value, as validateMapping reads calculated sources. */
export function pushSourceTypes(sources: readonly KpiPushSource[]): ReadonlyMap<string, MappingType> {
  return new Map(sources.map((s) => [s.key, s.type]));
}
