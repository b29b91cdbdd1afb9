import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { collectMeasureValues } from "@/lib/health/measure-values";
import { healthModelSchema } from "@/lib/health/model";

describe("collecting measure values", () => {
  it("reads KPIs and the support count, keeping nulls as missing and 0 cases as 0", () => {
    const values = collectMeasureValues(DEFAULT_HEALTH_MODEL, {
      kpis: { activeDays30d: 12, coreFeatureAdoption30d: null, featureBreadth30d: 35.5, npsScore90d: -20 },
      salesforce: {},
      supportCases30d: 0,
    });
    expect(values).toEqual({ loginFrequency: 12, coreFeatureAdoption: null, featureBreadth: 35.5, nps: -20, supportCases: 0 });
    expect(collectMeasureValues(DEFAULT_HEALTH_MODEL, { kpis: {}, salesforce: {}, supportCases30d: null }).supportCases).toBeNull();
  });

  it("reads Salesforce fields as numbers when they are numbers, and as missing otherwise", () => {
    const model = healthModelSchema.parse({
      name: "SF",
      bands: { red: 40, green: 70 },
      measures: ["a", "b", "c", "d", "e"].map((key) => ({
        key,
        label: key,
        source: { kind: "salesforce", field: `${key.toUpperCase()}__c` },
        weight: 1,
        direction: "higher-is-better",
        normalisation: { kind: "linear", min: 0, max: 1 },
      })),
    });
    const values = collectMeasureValues(model, { kpis: {}, salesforce: { A__c: " 42 ", B__c: true, C__c: "high", D__c: "", E__c: Number.NaN }, supportCases30d: null });
    expect(values).toEqual({ a: 42, b: 1, c: null, d: null, e: null });
  });
});
