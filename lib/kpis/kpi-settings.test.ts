import { describe, expect, it } from "vitest";
import { contractedFeatureIds, contractedFeatureNames, licensedSeats } from "@/lib/kpis/contract-values";
import { DEFAULT_KPI_SETTINGS, kpiFieldProblem, kpiSettingsSchema, parseKpiSettings, withKpiSettings } from "@/lib/kpis/kpi-settings";

// The settings' shape, where they are stored, which Salesforce fields may hold seats and
// contracted features, and how those fields' values are read. Saving is tested against the
// database and the emulators in kpi-settings.int.test.ts.

describe("KPI settings", () => {
  const settings = { coreFeatureIds: ["f1"], contractedFeaturesField: "Contracted_Features__c", licensedSeatsField: "Licensed_Seats__c" };

  it("are stored under their own key of the tool's pull settings, beside the others", () => {
    const stored = withKpiSettings({ pageSize: 500, kpis: { coreFeatureIds: ["old"] } }, settings);
    expect(stored).toEqual({ pageSize: 500, kpis: settings });
    expect(parseKpiSettings(stored)).toEqual(settings);
    expect(withKpiSettings(null, settings)).toEqual({ kpis: settings });
  });

  it("read as the defaults (nothing core, no field) when missing or unreadable", () => {
    for (const stored of [null, undefined, [], "x", { pageSize: 500 }, { kpis: { coreFeatureIds: "f1" } }, { kpis: { ...settings, licensedSeatsField: "no spaces allowed" } }]) {
      expect(parseKpiSettings(stored), JSON.stringify(stored)).toEqual(DEFAULT_KPI_SETTINGS);
    }
  });

  it("refuse what is not a feature id list or a field's API name, saying what to give", () => {
    const refusal = (over: object) => kpiSettingsSchema.safeParse({ ...settings, ...over }).error?.issues[0]?.message;
    expect(refusal({})).toBeUndefined();
    expect(refusal({ licensedSeatsField: null, contractedFeaturesField: null, coreFeatureIds: [] })).toBeUndefined();
    expect(refusal({ licensedSeatsField: "Licensed Seats" })).toMatch(/API name/);
    expect(refusal({ contractedFeaturesField: "1_Bad" })).toMatch(/API name/);
    expect(refusal({ coreFeatureIds: [""] })).toMatch(/cannot be empty/);
    expect(refusal({ coreFeatureIds: "f1" })).toMatch(/list of feature ids/);
    expect(refusal({ coreFeatureIds: Array.from({ length: 1001 }, (_, i) => `f${i}`) })).toMatch(/at most 1,000/);
    expect(refusal({ licensedSeatsField: undefined })).toMatch(/API name, or null/);
  });

  it("accept number fields for seats and list fields for contracted features, and say what to choose otherwise", () => {
    const field = (type: string) => ({ name: "X__c", type });
    for (const type of ["double", "int", "long"]) expect(kpiFieldProblem("licensedSeatsField", "X__c", field(type), "Account"), type).toBeNull();
    for (const type of ["multipicklist", "picklist", "combobox", "string", "textarea"]) expect(kpiFieldProblem("contractedFeaturesField", "X__c", field(type), "Account"), type).toBeNull();
    expect(kpiFieldProblem("licensedSeatsField", "X__c", field("currency"), "Account")).toBe(
      "Account.X__c is a currency (an amount of money), not a count: choose a number field (Number, whole or decimal) holding the licensed seats.",
    );
    expect(kpiFieldProblem("licensedSeatsField", "X__c", field("string"), "Account")).toMatch(/is a string field, not a count: choose a number field/);
    expect(kpiFieldProblem("contractedFeaturesField", "X__c", field("double"), "Account")).toBe(
      "Account.X__c is a double field: choose a multi-select picklist, picklist or text field listing the contracted features by name.",
    );
    expect(kpiFieldProblem("licensedSeatsField", "Gone__c", undefined, "Customer__c")).toMatch(/^Salesforce Customer__c has no field Gone__c\. .*Refresh metadata/);
  });
});

describe("contract values as the Salesforce pull stores them", () => {
  it("list feature names from a multi-select picklist, a picklist value or a text list", () => {
    expect(contractedFeatureNames("Dashboards;Global Search;Reports")).toEqual(["dashboards", "global search", "reports"]);
    expect(contractedFeatureNames(" Reports ")).toEqual(["reports"]);
    expect(contractedFeatureNames("Reports, Alerts\r\nAPI Keys;;reports")).toEqual(["reports", "alerts", "api keys"]);
    for (const none of [null, undefined, "", " ;, ", 42, { a: 1 }]) expect(contractedFeatureNames(none), JSON.stringify(none)).toEqual([]);
  });

  it("match tracked features by name; no list means no contract (null), untracked names an empty one", () => {
    const byName = new Map([["reports", ["f3"]], ["dashboards", ["f1", "f9"]]]);
    expect(contractedFeatureIds("REPORTS;Dashboards", byName)).toEqual(["f3", "f1", "f9"]);
    expect(contractedFeatureIds("Mobile Sync", byName)).toEqual([]);
    expect(contractedFeatureIds(null, byName)).toBeNull();
  });

  it("read licensed seats from a number or its text; nothing at or below 0", () => {
    expect([licensedSeats(25), licensedSeats("25"), licensedSeats(12.5)]).toEqual([25, 25, 12.5]);
    for (const none of [0, -1, null, undefined, "", " ", "25 seats", Number.POSITIVE_INFINITY, true]) expect(licensedSeats(none), String(none)).toBeNull();
  });
});
