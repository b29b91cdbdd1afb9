import { healthModelSchema, type HealthMeasure, type HealthModel } from "@/lib/health/model";
import { mulberry32 } from "@/lib/mapping/test-fields";

// Seeded generated models and values for the property tests of scoring and explaining, in the
// style of lib/matching/match.test.ts: the same cases on every run, many shapes per run.

export { mulberry32 };

export function generatedModel(rand: () => number, keys: readonly string[]): HealthModel {
  const measures = keys.map((key): HealthMeasure => {
    const direction = rand() < 0.5 ? "higher-is-better" : "lower-is-better";
    const weight = rand() < 0.3 ? Math.ceil(rand() * 40) : Math.round(rand() * 400) / 10 + 0.1;
    if (rand() < 0.6) {
      const min = Math.round((rand() * 200 - 100) * 10) / 10;
      return { key, label: `Measure ${key}`, source: { kind: "kpi", key: "activeUsers30d" }, weight, direction, normalisation: { kind: "linear", min, max: min + 1 + Math.round(rand() * 1000) / 10 } };
    }
    const count = 1 + Math.floor(rand() * 4);
    let upTo = Math.round(rand() * 20);
    const points = Array.from({ length: count + 1 }, () => Math.round(rand() * 1000) / 10).sort((a, b) => (direction === "higher-is-better" ? a - b : b - a));
    const tiers = points.slice(0, count).map((p) => ({ upTo: (upTo += 1 + Math.round(rand() * 10)), points: p }));
    return { key, label: `Measure ${key}`, source: { kind: "support", window: 30 }, weight, direction, normalisation: { kind: "tiered", tiers, abovePoints: points[count]! } };
  });
  const red = 10 + Math.round(rand() * 40);
  return healthModelSchema.parse({ name: "Generated", measures, bands: { red, green: red + 1 + Math.round(rand() * 40), critical: Math.round(rand() * red) }, anyRedIsRed: rand() < 0.3 });
}

export function generatedValues(rand: () => number, keys: readonly string[], missingShare: number): Record<string, number | null> {
  return Object.fromEntries(keys.map((k) => [k, rand() < missingShare ? null : Math.round((rand() * 300 - 120) * 100) / 100]));
}
