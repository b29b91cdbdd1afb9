import { describe, expect, it } from "vitest";
import { npsPeriods, qbrPeriod, qbrWeeks, tallyNps } from "@/lib/accounts/qbr-periods";
import { addDays, daysIn } from "@/lib/usage/days";

describe("the QBR's calendar", () => {
  it("is the 90 days ending on the as-of day", () => {
    expect(qbrPeriod("2026-11-30")).toEqual({ from: "2026-09-02", to: "2026-11-30" });
  });

  it("cuts the 90 days into weeks counted back from the as-of day, covering every day once", () => {
    const weeks = qbrWeeks("2026-11-30");
    expect(weeks).toHaveLength(13);
    expect(weeks.at(-1)).toEqual({ from: "2026-11-24", to: "2026-11-30", back: 0 });
    expect(weeks[0]).toEqual({ from: "2026-09-02", to: "2026-09-07", back: 12 });
    expect(weeks.reduce((n, w) => n + daysIn(w.from, w.to), 0)).toBe(90);
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]!.from).toBe(addDays(weeks[i - 1]!.to, 1));
  });

  it("cuts it into three 30-day NPS periods, oldest first", () => {
    expect(npsPeriods("2026-11-30")).toEqual([
      { from: "2026-09-02", to: "2026-10-01" },
      { from: "2026-10-02", to: "2026-10-31" },
      { from: "2026-11-01", to: "2026-11-30" },
    ]);
  });

  it("scores NPS as % promoters − % detractors, null without an answer", () => {
    expect(tallyNps([10, 9, 8, 7, 6, 0])).toEqual({ responses: 6, promoters: 2, passives: 2, detractors: 2, score: 0 });
    expect(tallyNps([10, 10, 3])).toEqual({ responses: 3, promoters: 2, passives: 0, detractors: 1, score: 33.33 });
    expect(tallyNps([]).score).toBeNull();
  });
});
