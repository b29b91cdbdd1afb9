import { describe, expect, it } from "vitest";
import type { PendoPollAnswer } from "@/lib/connectors/pendo/usage";
import { pendoNpsResponses } from "@/lib/usage/pendo-nps";

const HOUR = 3_600_000;
const T = Date.parse("2026-11-10T15:00:00Z");
const answer = (visitorId: string, at: number, response: string | number | null, day = "2026-11-10"): PendoPollAnswer => ({ day, visitorId, accountId: "acme", at, response });

describe("Pendo NPS responses", () => {
  it("joins each rating with the visitor's reason given after it, before their next rating and within a day", () => {
    const ratings = [answer("v1", T, 10), answer("v1", T + 5 * HOUR, "3"), answer("v2", T, 7), answer("v3", T, 9)];
    const reasons = [
      answer("v1", T + 60_000, "Love it"),
      answer("v1", T + 6 * HOUR, "  Slow today  "),
      answer("v2", T - 60_000, "given before the rating"),
      answer("v3", T + 25 * HOUR, "a day too late", "2026-11-11"),
    ];
    const got = pendoNpsResponses("guide", "rating", ratings, reasons);
    expect(got.map((r) => [r.userId, r.score, r.comment])).toEqual([
      ["v1", 10, "Love it"],
      ["v1", 3, "Slow today"],
      ["v2", 7, null],
      ["v3", 9, null],
    ]);
    expect(got[0]).toEqual({ responseId: `rating:v1:acme:${T}`, surveyId: "guide", day: "2026-11-10", accountId: "acme", userId: "v1", respondedAt: T, score: 10, comment: "Love it" });
  });

  it("counts only whole ratings from 0 to 10; a reason alone is not a response", () => {
    const ratings = [answer("a", T, 11), answer("b", T, 7.5), answer("c", T, "great"), answer("d", T, null), answer("e", T, 0)];
    expect(pendoNpsResponses("g", "r", ratings, [answer("f", T, "reason only")]).map((r) => [r.userId, r.score])).toEqual([["e", 0]]);
  });
});
