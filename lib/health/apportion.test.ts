import { describe, expect, it } from "vitest";
import { apportionTenths, toTenths } from "@/lib/health/apportion";
import { formatPoints, formatValue, formatWeight } from "@/lib/health/wording";

describe("rounding parts to tenths that add up", () => {
  it("gives the leftover tenths to the largest remainders, ties to the earlier part", () => {
    // 33.33… three times: 100.0 in total, shown as 33.4 + 33.3 + 33.3.
    expect(apportionTenths([100 / 3, 100 / 3, 100 / 3], 1000)).toEqual([334, 333, 333]);
    expect(apportionTenths([1.26, 1.26, 1.28], 38)).toEqual([13, 12, 13]);
  });

  it("keeps an exact zero at zero, and works for signed parts", () => {
    expect(apportionTenths([0.1 + 0.2 - 0.3, 6.428571, -15, 2.142857, 3.857143, 3.857143], 13)).toEqual([0, 64, -150, 21, 39, 39]);
    expect(apportionTenths([-3.75], -37)).toEqual([-37]);
  });

  it("rounds halves away from zero, whatever the binary form", () => {
    expect([12.25, 0.15, -3.75, 54.2857].map(toTenths)).toEqual([123, 2, -38, 543]);
  });
});

describe("wording", () => {
  it("writes values, points and weights as CSMs read them", () => {
    expect([40, -10, 35.5, 2.345, -0.001].map(formatValue)).toEqual(["40", "\u221210", "35.5", "2.35", "0"]);
    expect([-70, 12, 10, 0, -1].map(formatPoints)).toEqual(["\u22127 points", "+1.2 points", "+1 point", "0 points", "\u22120.1 points"]);
    expect([20, 21.4286, 28.5714].map(formatWeight)).toEqual(["20%", "21.4%", "28.6%"]);
  });
});
