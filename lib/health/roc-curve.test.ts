import { describe, expect, it } from "vitest";
import { backtestMetrics } from "@/lib/health/backtest-metrics";
import { areaUnder, rocCurve } from "@/lib/health/roc-curve";
import { mulberry32 } from "@/lib/health/test-models";

const outcomes = (churned: (number | null)[], renewed: (number | null)[]) => [
  ...churned.map((score) => ({ score, churned: true })),
  ...renewed.map((score) => ({ score, churned: false })),
];

describe("rocCurve", () => {
  it("climbs straight up then across when every churned account scored below every renewed one", () => {
    expect(rocCurve(outcomes([10, 20], [60, 80]))).toEqual([
      { threshold: null, falsePositiveRate: 0, truePositiveRate: 0 },
      { threshold: 10, falsePositiveRate: 0, truePositiveRate: 0.5 },
      { threshold: 20, falsePositiveRate: 0, truePositiveRate: 1 },
      { threshold: 60, falsePositiveRate: 0.5, truePositiveRate: 1 },
      { threshold: 80, falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
  });

  it("makes one diagonal step of a tie between a churned and a renewed account", () => {
    const points = rocCurve(outcomes([50, 30], [50, 90]));
    expect(points).toEqual([
      { threshold: null, falsePositiveRate: 0, truePositiveRate: 0 },
      { threshold: 30, falsePositiveRate: 0, truePositiveRate: 0.5 },
      { threshold: 50, falsePositiveRate: 0.5, truePositiveRate: 1 },
      { threshold: 90, falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
    // Pairs: (30 < 50) 1, (30 < 90) 1, (50 = 50) ½, (50 < 90) 1 → 3.5 of 4.
    expect(areaUnder(points)).toBe(0.875);
  });

  it("leaves out accounts without a score, and is empty without both outcomes", () => {
    expect(rocCurve(outcomes([null, 10], [null, 70])).map((p) => p.threshold)).toEqual([null, 10, 70]);
    expect(rocCurve(outcomes([10, 20], []))).toEqual([]);
    expect(rocCurve(outcomes([], [10]))).toEqual([]);
    expect(rocCurve(outcomes([null], [30]))).toEqual([]);
    expect(areaUnder([])).toBeNull();
  });

  it("has the area backtestMetrics reports as the AUC, on generated samples with ties", () => {
    const rand = mulberry32(13);
    for (let run = 0; run < 200; run++) {
      const n = 2 + Math.floor(rand() * 60);
      const sample = Array.from({ length: n }, (_, i) => ({
        // One decimal, as scores are stored: many ties.
        score: rand() < 0.1 ? null : Math.round(rand() * 300) / 10,
        churned: i === 0 ? true : i === 1 ? false : rand() < 0.3,
      }));
      const points = rocCurve(sample);
      const metrics = backtestMetrics(sample.map((o) => ({ ...o, colour: null })));
      if (metrics.auc === null) {
        expect(points).toEqual([]);
        continue;
      }
      expect(areaUnder(points)).toBeCloseTo(metrics.auc, 12);
      // Monotone, from (0, 0) to (1, 1), thresholds ascending.
      expect(points[0]).toEqual({ threshold: null, falsePositiveRate: 0, truePositiveRate: 0 });
      expect(points.at(-1)).toMatchObject({ falsePositiveRate: 1, truePositiveRate: 1 });
      for (let i = 2; i < points.length; i++) expect(points[i]!.threshold!).toBeGreaterThan(points[i - 1]!.threshold!);
      for (let i = 1; i < points.length; i++) {
        expect(points[i]!.falsePositiveRate).toBeGreaterThanOrEqual(points[i - 1]!.falsePositiveRate);
        expect(points[i]!.truePositiveRate).toBeGreaterThanOrEqual(points[i - 1]!.truePositiveRate);
      }
    }
  });
});
