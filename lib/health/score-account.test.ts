import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { healthModelSchema, type HealthModel } from "@/lib/health/model";
import { scoreAccount } from "@/lib/health/score-account";
import { generatedModel, generatedValues, mulberry32 } from "@/lib/health/test-models";

// Hand-computed against the default model (weights 20/30/20/15/15):
// 15 active days → 75, 40% core → 50, 20% breadth → 25, NPS 20 → 60, 2 cases → 60.
const FULL = { loginFrequency: 15, coreFeatureAdoption: 40, featureBreadth: 20, nps: 20, supportCases: 2 };
const score = (values: Record<string, number | null>, segment: string | null = null, model: HealthModel = DEFAULT_HEALTH_MODEL) =>
  scoreAccount({ model, modelVersion: 3, values, segment });

/** A one-measure model scoring its value as is, for pinning the bands. */
const SINGLE = healthModelSchema.parse({
  name: "Single",
  measures: [{ key: "x", label: "X", source: { kind: "kpi", key: "activeUsers30d" }, weight: 1, direction: "higher-is-better", normalisation: { kind: "linear", min: 0, max: 100 } }],
  bands: { red: 40, green: 70, critical: 25 },
  segments: { field: "ARR_Tier__c", values: [{ value: "Enterprise", bands: { red: 50, green: 70, critical: 50 } }] },
});

describe("scoring an account", () => {
  it("weights each normalised measure by its share of the weights", () => {
    const r = score(FULL);
    expect(r.score).toBe(53);
    expect(r.colour).toBe("yellow");
    expect(r.modelVersion).toBe(3);
    expect(r.measures.map((m) => [m.key, m.normalised, m.effectiveWeight, m.contribution, m.colour])).toEqual([
      ["loginFrequency", 75, 20, 15, "green"],
      ["coreFeatureAdoption", 50, 30, 15, "yellow"],
      ["featureBreadth", 25, 20, 5, "red"],
      ["nps", 60, 15, 9, "yellow"],
      ["supportCases", 60, 15, 9, "yellow"],
    ]);
    expect(r.missing).toEqual([]);
    expect(r.reason).toBe("Yellow: 53 is from 40 up to 70.");
    expect(r.groups).toEqual([
      { group: "Usage", effectiveWeight: 70, contribution: 35 },
      { group: "Sentiment", effectiveWeight: 15, contribution: 9 },
      { group: "Support", effectiveWeight: 15, contribution: 9 },
    ]);
  });

  it("leaves a missing measure out, re-weights the rest in proportion and names what was missing", () => {
    const r = score({ ...FULL, coreFeatureAdoption: null });
    // 75·20/70 + 25·20/70 + 60·15/70 + 60·15/70 = 54.2857…
    expect(r.score).toBe(54.3);
    expect(r.missing).toEqual(["coreFeatureAdoption"]);
    const core = r.measures.find((m) => m.key === "coreFeatureAdoption")!;
    expect(core).toMatchObject({ value: null, normalised: null, effectiveWeight: 0, contribution: 0, colour: null, missing: true, weight: 30 });
    expect(r.measures.map((m) => m.effectiveWeight.toFixed(4))).toEqual(["28.5714", "0.0000", "28.5714", "21.4286", "21.4286"]);
    // Rounded by largest remainder so the shown parts add up to the shown score.
    expect(r.measures.map((m) => m.contribution)).toEqual([21.4, 0, 7.1, 12.9, 12.9]);
    expect(r.reason).toBe("Yellow: 54.3 is from 40 up to 70. Left out for want of a value: Core feature adoption; the other measures are re-weighted.");
  });

  it("treats undefined and non-finite values as missing, and 0 as a value", () => {
    const r = score({ loginFrequency: 0, featureBreadth: Number.NaN, nps: Number.POSITIVE_INFINITY, supportCases: 0 });
    expect(r.missing).toEqual(["coreFeatureAdoption", "featureBreadth", "nps"]);
    // 0 days scores 0 (weight 20), 0 cases scores 100 (weight 15): 100·15/35.
    expect(r.score).toBe(42.9);
  });

  it("gives no score, with a reason, when every measure is missing", () => {
    const r = score({});
    expect(r).toMatchObject({ score: null, colour: null, atRisk: false, critical: false, redMeasures: [] });
    expect(r.missing).toHaveLength(5);
    expect(r.reason).toBe("No score: every measure is missing (Login frequency, Core feature adoption, Breadth of feature use, NPS, Support cases (30 days)).");
    expect(r.measures.every((m) => m.missing && m.contribution === 0)).toBe(true);
  });

  it("colours by the bands on the score as shown: 40.0 is yellow, 39.9 red, 70 green", () => {
    const at = (x: number, segment: string | null = null) => score({ x }, segment, SINGLE);
    expect(at(39.96)).toMatchObject({ score: 40, colour: "yellow", atRisk: false });
    expect(at(39.94)).toMatchObject({ score: 39.9, colour: "red", atRisk: true, critical: false });
    expect(at(69.9).colour).toBe("yellow");
    expect(at(70).colour).toBe("green");
    expect(at(24.9)).toMatchObject({ colour: "red", critical: true });
    expect(at(25)).toMatchObject({ colour: "red", critical: false });
    expect(at(39.94).measures[0]!.colour).toBe("red");
    expect(at(39.96).measures[0]!.colour).toBe("yellow");
  });

  it("applies the segment's bands: an enterprise account is red and critical at 45 where an SMB one is yellow", () => {
    const enterprise = score({ x: 45 }, " enterprise", SINGLE);
    expect(enterprise).toMatchObject({ colour: "red", critical: true, atRisk: true, segment: "Enterprise", bands: { red: 50, green: 70, critical: 50 } });
    expect(enterprise.reason).toBe("Red: 45 is below 50 for Enterprise.");
    expect(score({ x: 45 }, "SMB", SINGLE)).toMatchObject({ colour: "yellow", critical: false, segment: null, bands: { red: 40, green: 70, critical: 25 } });
    expect(score({ x: 45 }, null, SINGLE).colour).toBe("yellow");
    // A measure's colour follows the same bands.
    expect(enterprise.measures[0]!.colour).toBe("red");
  });

  it("turns the account red when any measure is red, if the model says so", () => {
    const values = { loginFrequency: 20, coreFeatureAdoption: 80, featureBreadth: 80, nps: -60, supportCases: 0 };
    const plain = score(values);
    expect(plain).toMatchObject({ score: 88, colour: "green", redMeasures: [] });
    const strict = score(values, null, { ...DEFAULT_HEALTH_MODEL, anyRedIsRed: true });
    expect(strict).toMatchObject({ score: 88, colour: "red", atRisk: true, critical: false, redMeasures: ["nps"] });
    expect(strict.reason).toBe("Red because NPS (20 of 100) is below 40, and any red measure makes the account red; the score alone is green.");
    // A missing measure is never red (Totango leaves attributes with no value out).
    expect(score({ ...values, nps: null }, null, { ...DEFAULT_HEALTH_MODEL, anyRedIsRed: true }).colour).toBe("green");
  });
});

describe("scoring on generated models", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`adds the contributions up to the score, exactly (seed ${seed})`, () => {
      const rand = mulberry32(seed);
      for (let run = 0; run < 200; run++) {
        const keys = Array.from({ length: 1 + Math.floor(rand() * 7) }, (_, i) => `m${i}`);
        const model = generatedModel(rand, keys);
        const r = scoreAccount({ model, modelVersion: 1, values: generatedValues(rand, keys, 0.25) });
        const tenths = r.measures.reduce((s, m) => s + Math.round(m.contribution * 10), 0);
        if (r.score === null) {
          expect(r.missing).toEqual(keys);
          continue;
        }
        expect(tenths).toBe(Math.round(r.score * 10));
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(r.measures.reduce((s, m) => s + m.effectiveWeight, 0)).toBeCloseTo(100, 9);
        // Each shown contribution is within a tenth of its exact value.
        for (const m of r.measures) expect(Math.abs(m.contribution - ((m.normalised ?? 0) * m.effectiveWeight) / 100)).toBeLessThan(0.1 + 1e-9);
        expect(r.atRisk).toBe(r.colour === "red");
      }
    });
  }
});
