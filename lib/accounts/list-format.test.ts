import { describe, expect, it } from "vitest";
import { arrText, scoreTrend, seatsText, trendDirection, trendText } from "@/lib/accounts/list-format";

describe("account list figures", () => {
  it("a trend is the newest score minus the earlier one, none when either is missing", () => {
    expect(scoreTrend(30, 40)).toBe(-10);
    expect(scoreTrend(55.56, 50.1)).toBe(5.5);
    expect(scoreTrend(50, 50.04)).toBe(0);
    expect(scoreTrend(null, 40)).toBeNull();
    expect(scoreTrend(40, null)).toBeNull();
    expect(scoreTrend(Number.NaN, 40)).toBeNull();
  });

  it("arrows show a change of half a point or more", () => {
    expect([trendDirection(0.5), trendDirection(0.4), trendDirection(-0.4), trendDirection(-0.5)]).toEqual(["up", "flat", "flat", "down"]);
    expect(trendText(-10)).toBe("↓ 10");
    expect(trendText(4.5)).toBe("↑ 4.5");
    expect(trendText(0.2)).toBe("→ 0.2");
    expect(trendText(0)).toBe("→ 0");
    expect(trendText(null)).toBeNull();
  });

  it("ARR and seats", () => {
    expect(arrText(1250000.4)).toBe("1,250,000");
    expect(seatsText(42, 50)).toBe("42 of 50 seats (84%)");
    expect(seatsText(60, 50)).toBe("60 of 50 seats (120%)");
    expect(seatsText(1, 1)).toBe("1 of 1 seat (100%)");
    expect(seatsText(42, null)).toBe("42 active (no seat count)");
    expect(seatsText(42, 0)).toBe("42 active (no seat count)");
    expect(seatsText(null, 1200)).toBe("— of 1,200 seats");
    expect(seatsText(null, null)).toBe("—");
  });
});
