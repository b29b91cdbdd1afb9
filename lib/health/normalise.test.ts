import { describe, expect, it } from "vitest";
import type { HealthMeasure } from "@/lib/health/model";
import { normaliseMeasure } from "@/lib/health/normalise";

type Scale = Pick<HealthMeasure, "direction" | "normalisation">;

describe("normalising a measure", () => {
  it("is linear between the bounds and clamped outside them", () => {
    const m: Scale = { direction: "higher-is-better", normalisation: { kind: "linear", min: 10, max: 30 } };
    expect([0, 10, 15, 20, 30, 31].map((v) => normaliseMeasure(v, m))).toEqual([0, 0, 25, 50, 100, 100]);
  });

  it("turns round for a lower-is-better measure", () => {
    const m: Scale = { direction: "lower-is-better", normalisation: { kind: "linear", min: 0, max: 10 } };
    expect([-1, 0, 2.5, 10, 12].map((v) => normaliseMeasure(v, m))).toEqual([100, 100, 75, 0, 0]);
  });

  it("gives tiered points with the top of each tier inclusive, and the points above the last", () => {
    const m: Scale = {
      direction: "higher-is-better",
      normalisation: { kind: "tiered", tiers: [{ upTo: 0, points: 0 }, { upTo: 5, points: 40 }, { upTo: 15, points: 80 }], abovePoints: 100 },
    };
    expect([-3, 0, 0.5, 5, 5.01, 15, 16].map((v) => normaliseMeasure(v, m))).toEqual([0, 0, 40, 40, 80, 80, 100]);
  });

  it("does not flip tier points for lower-is-better: the admin wrote them on the 0–100 scale", () => {
    const m: Scale = { direction: "lower-is-better", normalisation: { kind: "tiered", tiers: [{ upTo: 0, points: 100 }, { upTo: 2, points: 60 }], abovePoints: 0 } };
    expect([0, 1, 2, 3].map((v) => normaliseMeasure(v, m))).toEqual([100, 60, 60, 0]);
  });
});
