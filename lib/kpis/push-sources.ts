import type { MappingType } from "@/lib/mapping/types";
import { ACCOUNT_KPIS } from "@/lib/kpis/catalogue";

// The KPIs an admin may push into Salesforce account fields, as calculated sources of the mapping
// editor (`calculated:<key>`). Each linked Salesforce account receives its own snapshot (the tool's
// accounts linked to it combined). Left out for now: per-feature KPIs (their keys depend on the
// tool's features), percentages (KPIs hold percentage points, while the push writes ratios into
// Salesforce percent fields), and KPIs that are null for every account today.

export interface KpiPushSource {
  key: string;
  label: string;
  type: MappingType;
}

export const KPI_PUSH_SOURCES: readonly KpiPushSource[] = ACCOUNT_KPIS.filter((k) => k.unit !== "percent" && !k.unavailable).map((k) => ({ key: k.key, label: k.name, type: k.type }));

export const KPI_PUSH_SOURCE_TYPES: ReadonlyMap<string, MappingType> = new Map(KPI_PUSH_SOURCES.map((s) => [s.key, s.type]));
