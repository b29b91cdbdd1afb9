import { describe, expect, it } from "vitest";
import { changeParams, changeQuerySchema, changeSelection, changeTargets } from "@/lib/accounts/account-page-change";

const parse = (q: Record<string, unknown>) => changeQuerySchema.safeParse(q);

describe("the change selector's query", () => {
  it("defaults to the newest day against 7 days before", () => {
    const q = parse({});
    expect(q.success && changeSelection(q.data)).toEqual({ kind: "span", days: 7 });
    expect(changeTargets({ kind: "span", days: 7 }, "2026-11-30")).toEqual({ before: "2026-11-23", after: "2026-11-30" });
  });

  it("takes 1, 7, 30 or 90 days and nothing else", () => {
    for (const days of ["1", "7", "30", "90"]) {
      const q = parse({ days });
      expect(q.success && changeSelection(q.data)).toEqual({ kind: "span", days: Number(days) });
    }
    for (const days of ["2", "0", "-7", "abc", "7.5", "1e3"]) expect(parse({ days }).success, days).toBe(false);
    // An empty value is what a GET form sends for "no choice".
    expect(parse({ days: "" }).success).toBe(true);
  });

  it("takes any two real days, the first before the second, and they win over a span", () => {
    const q = parse({ days: "30", from: "2026-10-01", to: "2026-11-15" });
    expect(q.success && changeSelection(q.data)).toEqual({ kind: "days", from: "2026-10-01", to: "2026-11-15" });
    expect(changeTargets({ kind: "days", from: "2026-10-01", to: "2026-11-15" }, "2026-11-30")).toEqual({ before: "2026-10-01", after: "2026-11-15" });
    expect(parse({ from: "2026-10-01" }).success).toBe(false);
    expect(parse({ from: "2026-11-15", to: "2026-11-15" }).success).toBe(false);
    expect(parse({ from: "2026-11-16", to: "2026-11-15" }).success).toBe(false);
    expect(parse({ from: "2026-02-30", to: "2026-03-15" }).success).toBe(false);
    expect(parse({ from: "yesterday", to: "2026-03-15" }).success).toBe(false);
  });

  it("writes a selection back as the address's parameters, the default left out", () => {
    expect(changeParams({ kind: "span", days: 7 })).toEqual({ days: undefined });
    expect(changeParams({ kind: "span", days: 30 })).toEqual({ days: "30" });
    expect(changeParams({ kind: "days", from: "2026-10-01", to: "2026-11-15" })).toEqual({ from: "2026-10-01", to: "2026-11-15" });
  });
});
