import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { normaliseMeasure } from "@/lib/health/normalise";

const byKey = (key: string) => DEFAULT_HEALTH_MODEL.measures.find((m) => m.key === key)!;

describe("seed 004's default model", () => {
  it("weights login frequency 20, core adoption 30, breadth 20, NPS 15 and support 15", () => {
    expect(DEFAULT_HEALTH_MODEL.measures.map((m) => [m.label, m.weight])).toEqual([
      ["Login frequency", 20],
      ["Core feature adoption", 30],
      ["Breadth of feature use", 20],
      ["NPS", 15],
      ["Support cases (30 days)", 15],
    ]);
    expect(DEFAULT_HEALTH_MODEL.measures.reduce((s, m) => s + m.weight, 0)).toBe(100);
  });

  it("draws each measure from the KPI catalogue or the support cases", () => {
    expect(DEFAULT_HEALTH_MODEL.measures.map((m) => m.source)).toEqual([
      { kind: "kpi", key: "activeDays30d" },
      { kind: "kpi", key: "coreFeatureAdoption30d" },
      { kind: "kpi", key: "featureBreadth30d" },
      { kind: "kpi", key: "npsScore90d" },
      { kind: "support", window: 30 },
    ]);
  });

  it("scores 0 logins 0 and 80%+ of core features 100, as the seed's examples say", () => {
    expect(normaliseMeasure(0, byKey("loginFrequency"))).toBe(0);
    expect(normaliseMeasure(10, byKey("loginFrequency"))).toBe(50);
    expect(normaliseMeasure(30, byKey("loginFrequency"))).toBe(100);
    expect(normaliseMeasure(80, byKey("coreFeatureAdoption"))).toBe(100);
    expect(normaliseMeasure(95, byKey("coreFeatureAdoption"))).toBe(100);
    expect(normaliseMeasure(40, byKey("coreFeatureAdoption"))).toBe(50);
    expect(normaliseMeasure(0, byKey("coreFeatureAdoption"))).toBe(0);
  });

  it("maps NPS −100..100 onto 0..100 and inverts support cases", () => {
    expect([-100, -10, 0, 40, 100].map((v) => normaliseMeasure(v, byKey("nps")))).toEqual([0, 45, 50, 70, 100]);
    expect([0, 1, 2, 5, 9].map((v) => normaliseMeasure(v, byKey("supportCases")))).toEqual([100, 80, 60, 0, 0]);
  });

  it("colours red below 40, green from 70, critical below 25; enterprise red and critical below 50", () => {
    expect(DEFAULT_HEALTH_MODEL.bands).toEqual({ red: 40, green: 70, critical: 25 });
    expect(DEFAULT_HEALTH_MODEL.anyRedIsRed).toBe(false);
    expect(DEFAULT_HEALTH_MODEL.segments).toEqual({ field: "ARR_Tier__c", values: [{ value: "Enterprise", bands: { red: 50, green: 70, critical: 50 } }] });
  });
});
