import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { explainChange, type ScoredDay } from "@/lib/health/explain-change";
import { healthModelSchema, type HealthModel } from "@/lib/health/model";
import { scoreAccount } from "@/lib/health/score-account";
import { generatedModel, generatedValues, mulberry32 } from "@/lib/health/test-models";

const FULL = { loginFrequency: 15, coreFeatureAdoption: 40, featureBreadth: 20, nps: 20, supportCases: 2 };
const day = (d: string, values: Record<string, number | null>, model: HealthModel = DEFAULT_HEALTH_MODEL, modelVersion = 1): ScoredDay => ({
  day: d,
  ...scoreAccount({ model, modelVersion, values }),
});
const MINUS = "\u2212";

describe("why the score changed", () => {
  it("says it in the issue's words: NPS fell from 40 to −10: −7 points", () => {
    const model = healthModelSchema.parse({
      name: "Two",
      bands: { red: 40, green: 70 },
      measures: [
        { key: "usage", label: "Usage", source: { kind: "kpi", key: "activeDays30d" }, weight: 72, direction: "higher-is-better", normalisation: { kind: "linear", min: 0, max: 20 } },
        { key: "nps", label: "NPS", source: { kind: "kpi", key: "npsScore90d" }, weight: 28, direction: "higher-is-better", normalisation: { kind: "linear", min: -100, max: 100 } },
      ],
    });
    const change = explainChange(day("2026-03-01", { usage: 10, nps: 40 }, model), day("2026-03-31", { usage: 10, nps: -10 }, model));
    expect(change.change).toBe(-7);
    expect(change.summary).toBe(`Health fell from 55.6 on 2026-03-01 to 48.6 on 2026-03-31: ${MINUS}7 points.`);
    expect(change.parts.map((p) => p.sentence)).toEqual([`NPS fell from 40 to ${MINUS}10: ${MINUS}7 points.`, "Usage was unchanged at 10: 0 points."]);
    expect(change.parts[0]).toMatchObject({ key: "nps", change: -7, valueEffect: -7, weightEffect: 0, before: { value: 40, normalised: 70 }, after: { value: -10, normalised: 45 } });
    expect(change.modelNote).toBeNull();
  });

  it("splits a change on the default model so the parts add up to the shown change", () => {
    const change = explainChange(day("2026-03-01", { ...FULL, nps: 40 }), day("2026-03-02", { ...FULL, nps: -10 }));
    // 54.5 → 50.75 (shown 50.8): −3.7, all of it NPS (−25 normalised × 15%).
    expect([change.from.score, change.to.score, change.change]).toEqual([54.5, 50.8, -3.7]);
    expect(change.parts[0]!.sentence).toBe(`NPS fell from 40 to ${MINUS}10: ${MINUS}3.7 points.`);
    expect(change.parts.slice(1).map((p) => p.change)).toEqual([0, 0, 0, 0]);
  });

  it("attributes re-weighting to the measures it moves when a measure goes missing", () => {
    const change = explainChange(day("2026-03-01", FULL), day("2026-03-02", { ...FULL, coreFeatureAdoption: null }));
    // 53.0 → 54.2857 (54.3): core loses its 15 points, the others gain weight 20/100 → 20/70.
    expect(change.change).toBe(1.3);
    expect(change.parts.map((p) => [p.key, p.change, p.valueEffect, p.weightEffect])).toEqual([
      ["coreFeatureAdoption", -15, -15, 0],
      ["loginFrequency", 6.4, 0, 6.4],
      ["nps", 3.9, 0, 3.9],
      ["supportCases", 3.9, 0, 3.9],
      ["featureBreadth", 2.1, 0, 2.1],
    ]);
    expect(change.parts.map((p) => p.sentence)).toEqual([
      `Core feature adoption has no value (it was 40) and is left out, and the other measures weigh more: ${MINUS}15 points.`,
      "Login frequency was unchanged at 15; it now weighs 28.6% instead of 20% because Core feature adoption has no value: +6.4 points.",
      "NPS was unchanged at 20; it now weighs 21.4% instead of 15% because Core feature adoption has no value: +3.9 points.",
      "Support cases (30 days) was unchanged at 2; it now weighs 21.4% instead of 15% because Core feature adoption has no value: +3.9 points.",
      "Breadth of feature use was unchanged at 20; it now weighs 28.6% instead of 20% because Core feature adoption has no value: +2.1 points.",
    ]);
  });

  it("says what came from the value and what from the weight when both moved", () => {
    const change = explainChange(day("2026-03-01", FULL), day("2026-03-02", { ...FULL, loginFrequency: 10, coreFeatureAdoption: null }));
    // Login: 75 → 50 normalised at 20% is −5; its weight 20% → 28.57% at 50 is +4.29; −0.71 in all.
    const login = change.parts.find((p) => p.key === "loginFrequency")!;
    expect([login.change, login.valueEffect, login.weightEffect]).toEqual([-0.7, -5, 4.3]);
    expect(login.sentence).toBe(
      `Login frequency fell from 15 to 10; it now weighs 28.6% instead of 20% because Core feature adoption has no value: ${MINUS}0.7 points (${MINUS}5 points from the value, +4.3 points from the weight).`,
    );
    expect(change.change).toBe(-5.9);
    expect(change.parts.reduce((s, p) => s + Math.round(p.change * 10), 0)).toBe(-59);
  });

  it("credits a measure that has a value again with its whole contribution", () => {
    const change = explainChange(day("2026-03-01", { ...FULL, coreFeatureAdoption: null }), day("2026-03-02", FULL));
    expect(change.change).toBe(-1.3);
    expect(change.parts[0]!.sentence).toBe("Core feature adoption has a value again: 40, and the other measures weigh less: +15 points.");
  });

  it("notes a model version change, and measures that left or joined the model", () => {
    const v2 = healthModelSchema.parse({ ...DEFAULT_HEALTH_MODEL, measures: DEFAULT_HEALTH_MODEL.measures.filter((m) => m.key !== "supportCases") });
    const change = explainChange(day("2026-03-01", FULL, DEFAULT_HEALTH_MODEL, 1), day("2026-03-02", FULL, v2, 2));
    expect(change.modelNote).toBe("The model changed from version 1 to version 2 between these days, so part of the change comes from the new model rather than from the account.");
    expect([change.from.modelVersion, change.to.modelVersion]).toEqual([1, 2]);
    // 53.0 → 51.76 (51.8).
    expect(change.change).toBe(-1.2);
    expect(change.parts.map((p) => [p.key, p.change])).toEqual([
      ["supportCases", -9],
      ["loginFrequency", 2.7],
      ["coreFeatureAdoption", 2.6],
      ["nps", 1.6],
      ["featureBreadth", 0.9],
    ]);
    expect(change.parts[0]!.sentence).toBe(`Support cases (30 days) is not in model version 2 (it was 2), and the other measures weigh more: ${MINUS}9 points.`);
    expect(change.parts[0]!.after.inModel).toBe(false);
    expect(change.parts[1]!.sentence).toBe("Login frequency was unchanged at 15; it now weighs 23.5% instead of 20% because the model changed: +2.7 points.");

    const back = explainChange(day("2026-03-02", FULL, v2, 2), day("2026-03-03", FULL, DEFAULT_HEALTH_MODEL, 3));
    expect(back.parts[0]!.sentence).toBe("Support cases (30 days) is new in model version 3, at 2, and the other measures weigh less: +9 points.");
  });

  it("names a new normalisation when the value stayed but its score did not", () => {
    const v2 = healthModelSchema.parse({
      ...DEFAULT_HEALTH_MODEL,
      measures: DEFAULT_HEALTH_MODEL.measures.map((m) => (m.key === "loginFrequency" ? { ...m, normalisation: { kind: "linear", min: 0, max: 30 } } : m)),
    });
    const change = explainChange(day("2026-03-01", FULL, DEFAULT_HEALTH_MODEL, 1), day("2026-03-02", FULL, v2, 2));
    expect(change.parts[0]!.sentence).toBe(`Login frequency was unchanged at 15, scored 50 of 100 instead of 75 under model version 2 (was 1): ${MINUS}5 points.`);
  });

  it("does not split a change when either day has no score", () => {
    const change = explainChange(day("2026-03-01", {}), day("2026-03-02", FULL));
    expect(change).toMatchObject({ change: null, parts: [], from: { score: null }, to: { score: 53 } });
    expect(change.summary).toBe("No change can be split: every measure was missing on 2026-03-01, so there is no score to compare.");
  });

  it("says when nothing changed", () => {
    const change = explainChange(day("2026-03-01", FULL), day("2026-03-02", FULL));
    expect(change.change).toBe(0);
    expect(change.summary).toBe("Health did not change: 53 on 2026-03-01 and on 2026-03-02.");
    expect(change.parts.every((p) => p.change === 0)).toBe(true);
  });
});

describe("why it changed, on generated models", () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`splits every change into parts that add up to it exactly (seed ${seed})`, () => {
      const rand = mulberry32(seed);
      for (let run = 0; run < 200; run++) {
        const keys = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, i) => `m${i}`);
        const first = generatedModel(rand, keys);
        // Half the time a new model version with some measures dropped, added or re-weighted.
        const secondKeys = rand() < 0.5 ? keys : [...keys.filter(() => rand() < 0.7), ...(rand() < 0.5 ? ["extra"] : [])];
        const second = secondKeys === keys ? first : generatedModel(rand, secondKeys.length ? secondKeys : ["extra"]);
        const v1 = generatedValues(rand, keys, 0.3);
        const v2 = Object.fromEntries(second.measures.map((m) => [m.key, rand() < 0.5 && m.key in v1 ? v1[m.key]! : rand() < 0.3 ? null : Math.round(rand() * 20000 - 8000) / 100]));
        const before = day("2026-01-01", v1, first, 1);
        const after = day("2026-01-02", v2, second, second === first ? 1 : 2);
        const change = explainChange(before, after);
        if (before.score === null || after.score === null) {
          expect(change.change).toBeNull();
          continue;
        }
        const tenths = (n: number) => Math.round(n * 10);
        expect(tenths(change.change!)).toBe(tenths(after.score) - tenths(before.score));
        expect(change.parts.reduce((s, p) => s + tenths(p.change), 0)).toBe(tenths(change.change!));
        for (const p of change.parts) {
          expect(tenths(p.valueEffect) + tenths(p.weightEffect)).toBe(tenths(p.change));
          const still = !p.before.missing && !p.after.missing && p.before.normalised === p.after.normalised && p.before.effectiveWeight === p.after.effectiveWeight;
          if (still) expect(p.change).toBe(0);
          expect(p.sentence.endsWith(".")).toBe(true);
        }
        const sizes = change.parts.map((p) => Math.abs(p.change));
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
        expect(change.modelNote === null).toBe(second === first);
      }
    });
  }
});
