import { describe, expect, it } from "vitest";
import { kpiSeries, summariseTrend, versionMarkers, type TrendPoint } from "@/lib/accounts/account-page-trend";

const p = (day: string, score: number | null, modelVersion = 1): TrendPoint => ({ day, score, colour: score === null ? null : score < 40 ? "red" : "green", modelVersion });

describe("versionMarkers", () => {
  it("marks the first day of each new model version, and none when the version never changes", () => {
    expect(versionMarkers([p("2026-11-01", 50), p("2026-11-02", 51)])).toEqual([]);
    expect(versionMarkers([])).toEqual([]);
    const points = [p("2026-11-01", 50, 1), p("2026-11-02", 52, 2), p("2026-11-05", 53, 2), p("2026-11-06", 40, 1)];
    expect(versionMarkers(points)).toEqual([
      { day: "2026-11-02", from: 1, to: 2 },
      { day: "2026-11-06", from: 2, to: 1 },
    ]);
  });
});

describe("summariseTrend", () => {
  it("reads first, last, lowest and highest from the scored days only, earliest on ties", () => {
    const points = [p("2026-11-01", null), p("2026-11-02", 60), p("2026-11-03", 30), p("2026-11-04", 70), p("2026-11-05", 30), p("2026-11-06", 55)];
    const s = summariseTrend(points);
    expect(s.scored).toBe(5);
    expect([s.first?.day, s.last?.day, s.lowest?.day, s.highest?.day]).toEqual(["2026-11-02", "2026-11-06", "2026-11-03", "2026-11-04"]);
    expect(summariseTrend([p("2026-11-01", null)])).toEqual({ scored: 0, first: null, last: null, lowest: null, highest: null });
  });
});

describe("kpiSeries", () => {
  it("keeps numbers and makes anything else a gap", () => {
    const rows = [
      { day: "2026-11-01", values: { a: 3 } },
      { day: "2026-11-02", values: { a: null } },
      { day: "2026-11-03", values: { a: "2026-11-02" } },
      { day: "2026-11-04", values: {} },
      { day: "2026-11-05", values: { a: 0 } },
    ];
    expect(kpiSeries(rows, "a").map((x) => x.value)).toEqual([3, null, null, null, 0]);
  });
});
