import type { PxUsageEvent } from "@/lib/connectors/px/usage";
import type { DayRange } from "@/lib/usage/days";
import { emptyBatch, inRange, npsScore, userDayKey, type UsageBatch, type UserDay, type UserEngagementDay, type UserFeatureDay } from "@/lib/usage/rollup";

// PX hands out events, not daily rows: this rolls one batch of days' events up to the rollup
// grain as they are read, keeping only counters (never the events themselves).
//
// - Events: sessions started, feature matches and custom events that day.
// - Minutes: PX has no time-in-app (spec B5); it is the span of each session that day, first to
//   last event, counted in whole minutes inclusive, like Pendo's numMinutes counts every minute
//   with an event (a session of one event is one minute). A session running past midnight counts
//   on each day for its events of that day.
// - NPS: survey responses whose question or content type says NPS and whose score is 0–10.

const MINUTE = 60_000;

interface Activity extends UserDay {
  /** First and last minute with an event, per session. */
  spans: Map<string, { first: number; last: number }>;
}

export function isNpsResponse(e: PxUsageEvent): boolean {
  return /nps/i.test(e.questionType ?? "") || /nps/i.test(e.contentType ?? "");
}

/** An engagementView event that is a view (not a click inside the engagement). */
export function isEngagementView(e: PxUsageEvent): boolean {
  return e.engagementTrackType === null || /view/i.test(e.engagementTrackType);
}

export class PxDayRollup {
  private readonly activity = new Map<string, Activity>();
  private readonly features = new Map<string, UserFeatureDay>();
  private readonly engagements = new Map<string, UserEngagementDay>();
  private readonly batch: UsageBatch;

  constructor(private readonly range: DayRange) {
    this.batch = emptyBatch(range);
  }

  /** A session start, feature match or custom event. */
  addActivity(e: PxUsageEvent): void {
    const key = userDayKey({ day: e.day, accountId: e.accountId, userId: e.userId });
    let a = this.activity.get(key);
    if (!a) {
      a = { day: e.day, accountId: e.accountId, userId: e.userId, events: 0, minutes: 0, spans: new Map() };
      this.activity.set(key, a);
    }
    a.events++;
    const minute = Math.floor(e.at / MINUTE);
    const session = e.sessionId ?? `event:${e.eventId}`;
    const span = a.spans.get(session);
    if (!span) a.spans.set(session, { first: minute, last: minute });
    else {
      span.first = Math.min(span.first, minute);
      span.last = Math.max(span.last, minute);
    }
  }

  addFeatureMatch(e: PxUsageEvent): void {
    this.addActivity(e);
    if (!e.featureId) return;
    const key = `${userDayKey({ day: e.day, accountId: e.accountId, userId: e.userId })}\u0000${e.featureId}`;
    const f = this.features.get(key);
    if (f) f.clicks++;
    else this.features.set(key, { day: e.day, accountId: e.accountId, featureId: e.featureId, userId: e.userId, clicks: 1 });
  }

  addEngagementView(e: PxUsageEvent): void {
    if (!e.engagementId || !isEngagementView(e)) return;
    const key = `${userDayKey({ day: e.day, accountId: e.accountId, userId: e.userId })}\u0000${e.engagementId}`;
    const v = this.engagements.get(key);
    if (v) v.views++;
    else this.engagements.set(key, { day: e.day, accountId: e.accountId, engagementId: e.engagementId, userId: e.userId, views: 1 });
  }

  addSurveyResponse(e: PxUsageEvent): void {
    const score = npsScore(e.score);
    if (score === null || !e.engagementId || !isNpsResponse(e)) return;
    this.batch.nps.push({ responseId: e.eventId, surveyId: e.engagementId, day: e.day, accountId: e.accountId, userId: e.userId, respondedAt: e.at, score, comment: e.comment?.trim() || null });
  }

  /** The batch's rows; events PX returned outside the range (it should not) are left out. */
  result(): UsageBatch {
    const userDays: UserDay[] = [...this.activity.values()].map(({ spans, ...a }) => ({
      ...a,
      minutes: [...spans.values()].reduce((sum, s) => sum + s.last - s.first + 1, 0),
    }));
    return {
      ...this.batch,
      userDays: inRange(userDays, this.range),
      userFeatureDays: inRange([...this.features.values()], this.range),
      userEngagementDays: inRange([...this.engagements.values()], this.range),
      nps: inRange(this.batch.nps, this.range),
    };
  }
}
