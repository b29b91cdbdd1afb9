import { describe, expect, it } from "vitest";
import { addDays, dayBatches, daysIn, isDay, planWindow } from "@/lib/usage/days";

const plan = { backfillDays: 180, rereadDays: 3 };

describe("usage days", () => {
  it("adds days across months, years and a leap day", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(daysIn("2026-01-01", "2026-12-31")).toBe(365);
    expect(daysIn("2026-02-02", "2026-02-01")).toBe(0);
    expect(isDay("2026-02-28")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2026-2-3")).toBe(false);
    expect(() => addDays("yesterday", 1)).toThrow("not a day");
  });

  it("backfills 180 days up to yesterday the first time", () => {
    expect(planWindow(null, "2026-11-18", plan)).toEqual({ from: "2026-05-23", to: "2026-11-18" });
    expect(daysIn("2026-05-23", "2026-11-18")).toBe(180);
  });

  it("later reads what is new plus the last three days already ingested", () => {
    // Ingested up to the 17th; today is the 19th: the 15th-17th again, and the 18th.
    expect(planWindow("2026-11-17", "2026-11-18", plan)).toEqual({ from: "2026-11-15", to: "2026-11-18" });
    // Run twice in a day: the last three days again.
    expect(planWindow("2026-11-18", "2026-11-18", plan)).toEqual({ from: "2026-11-16", to: "2026-11-18" });
    // No re-read window: only the new days, and nothing when there are none.
    expect(planWindow("2026-11-17", "2026-11-18", { ...plan, rereadDays: 0 })).toEqual({ from: "2026-11-18", to: "2026-11-18" });
    expect(planWindow("2026-11-18", "2026-11-18", { ...plan, rereadDays: 0 })).toBeNull();
  });

  it("never reads further back than the backfill, even after a long pause", () => {
    expect(planWindow("2025-01-01", "2026-11-18", plan)).toEqual({ from: "2026-05-23", to: "2026-11-18" });
  });

  it("cuts a range into batches of whole days, the last one shorter", () => {
    expect(dayBatches({ from: "2026-11-01", to: "2026-11-16" }, 7)).toEqual([
      { from: "2026-11-01", to: "2026-11-07" },
      { from: "2026-11-08", to: "2026-11-14" },
      { from: "2026-11-15", to: "2026-11-16" },
    ]);
    expect(dayBatches({ from: "2026-11-01", to: "2026-11-01" }, 7)).toEqual([{ from: "2026-11-01", to: "2026-11-01" }]);
    expect(dayBatches({ from: "2026-05-23", to: "2026-11-18" }, 7).length).toBe(26);
  });
});
