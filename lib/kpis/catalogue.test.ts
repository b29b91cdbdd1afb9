import { describe, expect, it } from "vitest";
import { ACCOUNT_KPIS, FEATURE_KPI_PATTERNS, featureKpiKey, kpiCatalogue } from "@/lib/kpis/catalogue";
import { kpiDefinitionsPage } from "@/lib/kpis/definitions-page";

describe("KPI catalogue", () => {
  it("has the issue's keys", () => {
    const keys = ACCOUNT_KPIS.map((d) => d.key);
    for (const key of [
      "activeUsers7d", "activeUsers30d", "activeUsers90d", "activeUsers7dChangePct", "activeUsers30dChangePct", "activeUsers90dChangePct",
      "wau", "mau", "qau", "lastMonthMau", "wauWowChangePct", "mauMomChangePct", "qauQoqChangePct",
      "minutesInProduct7d", "minutesInProduct30d", "activeDays30d", "lastVisitAt", "featureBreadth30d", "coreFeatureAdoption30d",
      "npsScore7d", "npsScore30d", "npsScore90d", "npsResponses7d", "npsResponses30d", "npsResponses90d",
      "npsScoreLastWeek", "npsScoreLastMonth", "npsScoreLastQuarter", "npsResponsesLastWeek", "npsResponsesLastMonth", "npsResponsesLastQuarter",
      "npsScoreWowChangePct", "npsScoreMomChangePct", "npsScoreQoqChangePct", "npsResponsesWowChangePct", "npsResponsesMomChangePct", "npsResponsesQoqChangePct",
      "engagementsActive", "engagementsTotal", "seatUtilisationPct",
    ]) {
      expect(keys).toContain(key);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("lists twelve KPIs per tracked feature, keyed feature.<featureId>.<measure>", () => {
    const catalogue = kpiCatalogue([{ id: "abc", name: "Reports" }]);
    const feature = catalogue.filter((d) => d.key.startsWith("feature.abc."));
    expect(feature.map((d) => d.key.slice("feature.abc.".length)).sort()).toEqual(
      ["users7d", "users30d", "users90d", "clicks7d", "clicks30d", "clicks90d"].flatMap((m) => [m, `${m}ChangePct`]).sort(),
    );
    expect(featureKpiKey("abc", "users30d")).toBe("feature.abc.users30d");
    expect(feature.find((d) => d.key === "feature.abc.users30d")!.name).toBe("“Reports” users (30 days)");
    expect(FEATURE_KPI_PATTERNS.map((d) => d.key)).toContain("feature.<featureId>.clicks7dChangePct");
  });

  it("says for every KPI what it counts, its window, source, unit and mapping type", () => {
    for (const d of [...ACCOUNT_KPIS, ...FEATURE_KPI_PATTERNS]) {
      expect(d.name.length, d.key).toBeGreaterThan(3);
      expect(d.definition.length, d.key).toBeGreaterThan(20);
      expect(d.window.length, d.key).toBeGreaterThan(5);
      expect(d.source.length, d.key).toBeGreaterThan(10);
      expect(d.type, d.key).toBe(d.key === "lastVisitAt" ? "DATE_TIME" : "NUMBER");
      expect(d.unit === "percent", d.key).toBe(/ChangePct$|Breadth|Adoption|Utilisation/.test(d.key));
    }
  });

  it("computes every KPI: none is marked unavailable now that KPI settings choose core features, contracts and seats", () => {
    expect(ACCOUNT_KPIS.filter((d) => d.unavailable).map((d) => d.key)).toEqual([]);
    for (const key of ["coreFeatureAdoption30d", "seatUtilisationPct"]) expect(ACCOUNT_KPIS.find((d) => d.key === key)!.definition, key).toMatch(/KPI settings.*Null when/);
  });

  it("the definitions page shows every account KPI and the feature patterns once, in groups", () => {
    const page = kpiDefinitionsPage();
    const shown = page.sections.flatMap((s) => s.definitions.map((d) => d.key));
    expect(shown.sort()).toEqual([...ACCOUNT_KPIS, ...FEATURE_KPI_PATTERNS].map((d) => d.key).sort());
    expect(page.sections.every((s) => s.definitions.length > 0)).toBe(true);
  });
});
