import { ACCOUNT_KPIS, FEATURE_KPI_PATTERNS, KPI_RULES, type KpiDefinition, type KpiGroup } from "@/lib/kpis/catalogue";

// What the KPI definitions page shows: the catalogue by group, the per-feature KPIs once with a
// placeholder (each tool has its own features), and the rules every definition shares.

export interface KpiSection {
  group: KpiGroup;
  definitions: KpiDefinition[];
}

const ORDER: KpiGroup[] = ["Active users", "Time in product", "Features", "NPS", "In-app guides", "Seats"];

export function kpiDefinitionsPage(): { rules: readonly string[]; sections: KpiSection[] } {
  const all = [...ACCOUNT_KPIS, ...FEATURE_KPI_PATTERNS];
  return { rules: KPI_RULES, sections: ORDER.map((group) => ({ group, definitions: all.filter((d) => d.group === group) })) };
}
