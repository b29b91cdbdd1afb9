import type { KpiValues } from "@/lib/kpis/catalogue";
import type { HealthModel } from "@/lib/health/model";

export interface AccountInputs {
  /** The account's KPIs as of the scored day (lib/kpis/). */
  kpis: KpiValues;
  /** The account's Salesforce fields by API name, as pulled. */
  salesforce: Record<string, unknown>;
  /** Cases created in the 30 days ending on the scored day; 0 when there were none, null when Cases are not synced. */
  supportCases30d: number | null;
}

/**
 * Each measure's raw value, keyed by measure key: the input of scoreAccount. Only finite numbers
 * count (numeric text from Salesforce included, a checkbox as 1 or 0); anything else is missing,
 * so a KPI's null or a blank field leaves the measure out instead of scoring it 0.
 */
export function collectMeasureValues(model: Pick<HealthModel, "measures">, inputs: AccountInputs): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const m of model.measures) {
    const s = m.source;
    const raw = s.kind === "kpi" ? inputs.kpis[s.key] : s.kind === "salesforce" ? inputs.salesforce[s.field] : inputs.supportCases30d;
    values[m.key] = asNumber(raw);
  }
  return values;
}

function asNumber(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw === "boolean") return raw ? 1 : 0;
  if (typeof raw === "string" && raw.trim() !== "") {
    const n = Number(raw.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
