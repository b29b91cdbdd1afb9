import type { HealthMeasure } from "@/lib/health/model";

/**
 * A raw value on the 0–100 scale of its measure (model.ts says how each normalisation reads).
 * Exported apart from scoring so the editor can preview "0 logins scores 0" while an admin types.
 */
export function normaliseMeasure(value: number, measure: Pick<HealthMeasure, "direction" | "normalisation">): number {
  const n = measure.normalisation;
  if (n.kind === "tiered") {
    const tier = n.tiers.find((t) => value <= t.upTo);
    return tier ? tier.points : n.abovePoints;
  }
  const share = Math.min(1, Math.max(0, (value - n.min) / (n.max - n.min)));
  const rising = share * 100;
  return measure.direction === "higher-is-better" ? rising : 100 - rising;
}
