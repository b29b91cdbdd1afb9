import { describe, expect, it } from "vitest";
import { kpiWindows, lastWholeMonth, lastWholeQuarter, lastWholeWeek, rollingWindow, windowBefore, windowCovered } from "@/lib/kpis/windows";

describe("rolling windows", () => {
  it("are whole days ending with the as-of day, each against the same number of days just before", () => {
    const w = kpiWindows("2026-11-19");
    expect(w.d7).toEqual({ from: "2026-11-13", to: "2026-11-19" });
    expect(w.d7Before).toEqual({ from: "2026-11-06", to: "2026-11-12" });
    expect(w.d30).toEqual({ from: "2026-10-21", to: "2026-11-19" });
    expect(w.d30Before).toEqual({ from: "2026-09-21", to: "2026-10-20" });
    expect(w.d90).toEqual({ from: "2026-08-22", to: "2026-11-19" });
    expect(w.d90Before).toEqual({ from: "2026-05-24", to: "2026-08-21" });
  });

  it("cross month, year and leap-day boundaries by the calendar", () => {
    expect(rollingWindow("2026-01-03", 7)).toEqual({ from: "2025-12-28", to: "2026-01-03" });
    expect(rollingWindow("2024-03-01", 2)).toEqual({ from: "2024-02-29", to: "2024-03-01" });
    expect(windowBefore({ from: "2024-02-29", to: "2024-03-01" })).toEqual({ from: "2024-02-27", to: "2024-02-28" });
  });
});

describe("calendar windows", () => {
  it("last week is the last whole Monday-to-Sunday week ending on or before the as-of day", () => {
    expect(lastWholeWeek("2026-11-22")).toEqual({ from: "2026-11-16", to: "2026-11-22" }); // a Sunday: its own week
    expect(lastWholeWeek("2026-11-23")).toEqual({ from: "2026-11-16", to: "2026-11-22" }); // Monday
    expect(lastWholeWeek("2026-11-21")).toEqual({ from: "2026-11-09", to: "2026-11-15" }); // Saturday
    expect(lastWholeWeek("2026-01-01")).toEqual({ from: "2025-12-22", to: "2025-12-28" });
    expect(kpiWindows("2026-11-23").weekBefore).toEqual({ from: "2026-11-09", to: "2026-11-15" });
  });

  it("last month is the last whole calendar month ending on or before the as-of day", () => {
    expect(lastWholeMonth("2026-01-31")).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(lastWholeMonth("2026-01-30")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(lastWholeMonth("2024-03-01")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(lastWholeMonth("2024-02-29")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(kpiWindows("2026-01-30").monthBefore).toEqual({ from: "2025-11-01", to: "2025-11-30" });
    expect(kpiWindows("2024-03-31").monthBefore).toEqual({ from: "2024-02-01", to: "2024-02-29" });
  });

  it("last quarter is the last whole calendar quarter ending on or before the as-of day", () => {
    expect(lastWholeQuarter("2026-03-31")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(lastWholeQuarter("2026-03-30")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(lastWholeQuarter("2026-01-01")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(lastWholeQuarter("2026-11-19")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(kpiWindows("2026-03-30").quarterBefore).toEqual({ from: "2025-07-01", to: "2025-09-30" });
    expect(kpiWindows("2026-03-31").quarterBefore).toEqual({ from: "2025-10-01", to: "2025-12-31" });
  });
});

describe("coverage", () => {
  const coverage = { firstDay: "2026-06-01", lastDay: "2026-11-19" };
  it("a window counts only when every one of its days is ingested", () => {
    expect(windowCovered({ from: "2026-06-01", to: "2026-11-19" }, coverage)).toBe(true);
    expect(windowCovered({ from: "2026-05-31", to: "2026-06-06" }, coverage)).toBe(false);
    expect(windowCovered({ from: "2026-11-14", to: "2026-11-20" }, coverage)).toBe(false);
    expect(windowCovered({ from: "2026-11-19", to: "2026-11-19" }, null)).toBe(false);
  });
});
