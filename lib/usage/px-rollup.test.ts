import { describe, expect, it } from "vitest";
import type { PxUsageEvent } from "@/lib/connectors/px/usage";
import { dayRangeFilter, pxDayOf } from "@/lib/connectors/px/usage";
import { PxDayRollup } from "@/lib/usage/px-rollup";

const at = (iso: string) => Date.parse(iso);
let n = 0;
function ev(iso: string, more: Partial<PxUsageEvent> = {}): PxUsageEvent {
  const t = at(iso);
  return {
    eventId: `e${++n}`,
    day: pxDayOf(t),
    at: t,
    userId: "u1",
    accountId: "acme",
    sessionId: "s1",
    featureId: null,
    engagementId: null,
    engagementTrackType: null,
    contentType: null,
    questionType: null,
    score: null,
    comment: null,
    ...more,
  };
}

describe("PX daily rollup", () => {
  it("asks for whole UTC days", () => {
    expect(dayRangeFilter("2026-11-01", "2026-11-07")).toBe("date>=2026-11-01T00:00:00.000Z;date<2026-11-08T00:00:00.000Z");
    expect(pxDayOf(at("2026-11-07T23:59:59.999Z"))).toBe("2026-11-07");
  });

  it("counts events and session minutes per user and UTC day, a session over midnight on both days", () => {
    const r = new PxDayRollup({ from: "2026-11-01", to: "2026-11-02" });
    r.addActivity(ev("2026-11-01T10:00:30Z"));
    r.addFeatureMatch(ev("2026-11-01T10:14:10Z", { featureId: "f1" }));
    r.addActivity(ev("2026-11-01T12:00:00Z", { sessionId: "s2" }));
    r.addActivity(ev("2026-11-01T23:58:00Z", { sessionId: "s3" }));
    r.addFeatureMatch(ev("2026-11-02T00:03:00Z", { sessionId: "s3", featureId: "f1" }));
    r.addActivity(ev("2026-11-01T15:00:00Z", { sessionId: null }));
    r.addActivity(ev("2026-11-03T01:00:00Z"));
    const batch = r.result();
    expect(batch.userDays).toEqual([
      // s1: 10:00 to 10:14 is 15 minutes; s2, s3 and the event without a session one minute each.
      { day: "2026-11-01", accountId: "acme", userId: "u1", events: 5, minutes: 18 },
      { day: "2026-11-02", accountId: "acme", userId: "u1", events: 1, minutes: 1 },
    ]);
    expect(batch.userFeatureDays).toEqual([
      { day: "2026-11-01", accountId: "acme", featureId: "f1", userId: "u1", clicks: 1 },
      { day: "2026-11-02", accountId: "acme", featureId: "f1", userId: "u1", clicks: 1 },
    ]);
  });

  it("keeps engagement views (not clicks) and NPS answers (not other surveys' ratings)", () => {
    const r = new PxDayRollup({ from: "2026-11-01", to: "2026-11-01" });
    r.addEngagementView(ev("2026-11-01T09:00:00Z", { engagementId: "tour", engagementTrackType: "VIEW" }));
    r.addEngagementView(ev("2026-11-01T09:01:00Z", { engagementId: "tour", engagementTrackType: "CLICK" }));
    r.addEngagementView(ev("2026-11-01T09:02:00Z", { engagementId: "tour" }));
    r.addSurveyResponse(ev("2026-11-01T09:03:00Z", { engagementId: "nps", contentType: "IN_APP_NPS", score: 9, comment: " Great " }));
    r.addSurveyResponse(ev("2026-11-01T09:04:00Z", { engagementId: "nps", questionType: "NPS", score: null }));
    r.addSurveyResponse(ev("2026-11-01T09:05:00Z", { engagementId: "poll", contentType: "IN_APP_MULTIPLE_QUESTION_SURVEY", questionType: "Rating", score: 4 }));
    const batch = r.result();
    expect(batch.userEngagementDays).toEqual([{ day: "2026-11-01", accountId: "acme", engagementId: "tour", userId: "u1", views: 2 }]);
    expect(batch.nps.map((x) => [x.surveyId, x.score, x.comment])).toEqual([["nps", 9, "Great"]]);
    expect(batch.userDays).toEqual([]);
  });
});
