import { describe, expect, it } from "vitest";
import { apiBudgetRequestsText, apiBudgetSchema, apiBudgetText, DEFAULT_API_BUDGET, requestsOfShare } from "@/lib/integrations/api-budget-setting";
import { salesforcePullSettingsSchema } from "@/lib/integrations/pull-settings";

describe("API budget setting", () => {
  it("names the shares as the Salesforce card shows them", () => {
    expect(apiBudgetText(DEFAULT_API_BUDGET)).toBe("20% of the daily allowance per run · 50% per 24 hours");
    expect(apiBudgetText({ runPercent: 5, dailyPercent: 100 })).toBe("5% of the daily allowance per run · 100% per 24 hours");
  });

  it("counts the requests the shares come to, rounded down as a run counts them", () => {
    expect(apiBudgetRequestsText(DEFAULT_API_BUDGET, 15_000)).toBe("3,000 per run · 7,500 per 24 hours");
    expect(apiBudgetRequestsText({ runPercent: 33, dailyPercent: 50 }, 1_001)).toBe("330 per run · 500 per 24 hours");
    expect(requestsOfShare(999, 1)).toBe(9);
  });

  it("is the schema stored pull settings are read with, defaults included", () => {
    expect(salesforcePullSettingsSchema.parse({}).apiBudget).toEqual({ runPercent: 20, dailyPercent: 50 });
    expect(salesforcePullSettingsSchema.safeParse({ apiBudget: { runPercent: 60, dailyPercent: 50 } }).success).toBe(false);
    expect(apiBudgetSchema.safeParse({ runPercent: 50, dailyPercent: 50 }).success).toBe(true);
  });

  it("refuses with the sentence the dialog shows beside the field", () => {
    const first = (v: unknown) => {
      const r = apiBudgetSchema.safeParse(v);
      return r.success ? null : { path: r.error.issues[0]!.path, message: r.error.issues[0]!.message };
    };
    expect(first({ runPercent: Number.NaN, dailyPercent: 50 })).toEqual({ path: ["runPercent"], message: "Give a whole percentage." });
    expect(first({ runPercent: 20, dailyPercent: 0 })).toEqual({ path: ["dailyPercent"], message: "Give at least 1%." });
    expect(first({ runPercent: 20, dailyPercent: 101 })).toEqual({ path: ["dailyPercent"], message: "Give at most 100%." });
    expect(first({ runPercent: 51, dailyPercent: 50 })).toEqual({ path: [], message: expect.stringMatching(/^A run cannot use a larger share/) });
  });
});
