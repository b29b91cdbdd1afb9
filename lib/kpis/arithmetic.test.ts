import { describe, expect, it } from "vitest";
import { changePct, npsScore, percentOf, round2 } from "@/lib/kpis/arithmetic";

describe("change against the window before", () => {
  it("is (current − previous) / previous × 100", () => {
    expect(changePct(12, 10)).toBe(20);
    expect(changePct(0, 5)).toBe(-100);
    expect(changePct(10, 10)).toBe(0);
    expect(changePct(1, 3)).toBe(-66.67);
  });

  it("is null, never Infinity or 0, when the previous value is 0 or either value is missing", () => {
    expect(changePct(5, 0)).toBeNull();
    expect(changePct(0, 0)).toBeNull();
    expect(changePct(null, 4)).toBeNull();
    expect(changePct(4, null)).toBeNull();
  });

  it("keeps the sign of the change when the previous NPS was negative", () => {
    expect(changePct(-25, -50)).toBe(50);
    expect(changePct(-75, -50)).toBe(-50);
    expect(changePct(25, -25)).toBe(200);
  });
});

describe("NPS score", () => {
  it("is % promoters (9–10) minus % detractors (0–6), in points", () => {
    expect(npsScore({ responses: 4, promoters: 2, detractors: 1 })).toBe(25);
    expect(npsScore({ responses: 3, promoters: 0, detractors: 3 })).toBe(-100);
    expect(npsScore({ responses: 3, promoters: 1, detractors: 0 })).toBe(33.33);
  });

  it("is null with no answer", () => {
    expect(npsScore({ responses: 0, promoters: 0, detractors: 0 })).toBeNull();
  });
});

describe("rounding and shares", () => {
  it("rounds to two decimals, halves away from zero, without binary noise", () => {
    expect(round2(0.29 * 100)).toBe(29);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(2 / 3)).toBe(0.67);
  });

  it("a share of nothing is null", () => {
    expect(percentOf(1, 3)).toBe(33.33);
    expect(percentOf(0, 0)).toBeNull();
  });
});
