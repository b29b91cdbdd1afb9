import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { healthModelSchema, type HealthModelInput } from "@/lib/health/model";

const measure = (over: Record<string, unknown> = {}) => ({
  key: "logins",
  label: "Login frequency",
  source: { kind: "kpi", key: "activeDays30d" },
  weight: 20,
  direction: "higher-is-better",
  normalisation: { kind: "linear", min: 0, max: 20 },
  ...over,
});
const model = (over: Record<string, unknown> = {}) => ({ name: "Test", measures: [measure()], bands: { red: 40, green: 70 }, ...over }) as HealthModelInput;

/** Every message zod gives, so a test can say which sentence an admin reads. */
function problems(input: unknown): string[] {
  const r = healthModelSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe("health model validation", () => {
  it("accepts a small model and fills in the defaults", () => {
    const parsed = healthModelSchema.parse(model());
    expect(parsed.anyRedIsRed).toBe(false);
    expect(parsed.measures[0]!.source).toEqual({ kind: "kpi", key: "activeDays30d" });
  });

  it("wants at least one measure", () => {
    expect(problems(model({ measures: [] }))).toEqual(["Add at least one measure."]);
  });

  it("wants positive weights and says so", () => {
    expect(problems(model({ measures: [measure({ weight: 0 })] }))).toEqual(["Weights must be positive; remove a measure rather than weighting it 0."]);
    expect(problems(model({ measures: [measure({ weight: -5 })] }))).toHaveLength(1);
  });

  it("wants linear bounds in order and says which way round", () => {
    expect(problems(model({ measures: [measure({ normalisation: { kind: "linear", min: 5, max: 0 } })] }))).toEqual([
      "The lower bound (5) must be below the upper bound (0); for lower-is-better, set the direction instead of swapping them.",
    ]);
    expect(problems(model({ measures: [measure({ normalisation: { kind: "linear", min: 3, max: 3 } })] }))).toHaveLength(1);
  });

  it("wants unique measure keys", () => {
    expect(problems(model({ measures: [measure(), measure({ label: "Again" })] }))).toEqual(["Measures 1 and 2 share the key logins; give each measure its own key."]);
  });

  it("wants tiers rising, with points that follow the direction", () => {
    const tiers = (t: { upTo: number; points: number }[], abovePoints: number, direction = "higher-is-better") =>
      problems(model({ measures: [measure({ direction, normalisation: { kind: "tiered", tiers: t, abovePoints } })] }));
    expect(tiers([{ upTo: 5, points: 0 }, { upTo: 10, points: 50 }], 100)).toEqual([]);
    expect(tiers([{ upTo: 10, points: 0 }, { upTo: 5, points: 50 }], 100)).toContain("Tiers must be in rising order: tier 2 (up to 5) must be above tier 1 (up to 10).");
    expect(tiers([{ upTo: 5, points: 70 }, { upTo: 10, points: 50 }], 100)).toEqual(["For a higher-is-better measure, points must not fall as the value rises: tier 2 scores 50 after 70."]);
    expect(tiers([{ upTo: 0, points: 100 }, { upTo: 2, points: 60 }], 80, "lower-is-better")).toEqual([
      "For a lower-is-better measure, points must not rise as the value rises: a value above the last tier scores 80 after 60.",
    ]);
    expect(tiers([], 100)).toEqual(["Give at least one tier."]);
    expect(tiers([{ upTo: 1, points: 120 }], 100)).toEqual(["Tier points must be a number from 0 to 100."]);
  });

  it("wants the bands ordered: critical ≤ red < green", () => {
    expect(problems(model({ bands: { red: 70, green: 40 } }))).toEqual(["The green bound (40) must be above the red bound (70), so that yellow lies between them."]);
    expect(problems(model({ bands: { red: 40, green: 70, critical: 45 } }))).toEqual(["The critical bound (45) must not be above the red bound (40): critical is the worst part of red."]);
    expect(problems(model({ bands: { red: 40, green: 170 } }))).toEqual(["The green bound must be a number from 0 to 100."]);
  });

  it("takes measures from the KPI catalogue, Salesforce fields and support cases only", () => {
    expect(problems(model({ measures: [measure({ source: { kind: "kpi", key: "loginsPerFortnight" } })] }))).toEqual([
      "The KPI loginsPerFortnight is not in the KPI catalogue; choose one from the catalogue (for example activeDays30d).",
    ]);
    expect(problems(model({ measures: [measure({ source: { kind: "kpi", key: "lastVisitAt" } })] }))).toEqual(["The KPI lastVisitAt is a day, not a number; choose a numeric KPI."]);
    expect(problems(model({ measures: [measure({ source: { kind: "kpi", key: "feature.abc123.users30d" } })] }))).toEqual([]);
    expect(problems(model({ measures: [measure({ source: { kind: "salesforce", field: "CSM_Sentiment__c" } })] }))).toEqual([]);
    expect(problems(model({ measures: [measure({ source: { kind: "salesforce", field: "CSM Sentiment" } })] }))).toEqual(["Give the Salesforce field's API name, e.g. ARR__c."]);
    expect(problems(model({ measures: [measure({ source: { kind: "support", window: 30 } })] }))).toEqual([]);
    expect(problems(model({ measures: [measure({ source: { kind: "support", window: 7 } })] }))).toEqual(["Support cases are counted over 30 days."]);
  });

  it("keeps one set of bands per segment, whatever the case", () => {
    const segments = { field: "ARR_Tier__c", values: [{ value: "Enterprise", bands: { red: 50, green: 70 } }, { value: " enterprise", bands: { red: 45, green: 70 } }] };
    expect(problems(model({ segments }))).toEqual(["The segment enterprise is listed twice; keep one set of bands per segment."]);
  });

  it("holds the default model to its own schema", () => {
    expect(healthModelSchema.parse(DEFAULT_HEALTH_MODEL)).toEqual(DEFAULT_HEALTH_MODEL);
  });
});
