import type { PendoPollAnswer } from "@/lib/connectors/pendo/usage";
import { npsScore, type NpsResponse } from "@/lib/usage/rollup";

// A Pendo NPS guide asks two polls: a 0–10 rating and a free-text reason (spec A2.4 example 5).
// Pendo stores each answer as its own poll event, so a response is a rating joined with the
// visitor's reason given after it: the first reason within a day of the rating and before the
// visitor's next rating. A reason alone (rating skipped) is not an NPS response.

const REASON_WITHIN_MS = 86_400_000;

function byVisitor(answers: PendoPollAnswer[]): Map<string, PendoPollAnswer[]> {
  const out = new Map<string, PendoPollAnswer[]>();
  for (const a of answers) {
    const list = out.get(a.visitorId);
    if (list) list.push(a);
    else out.set(a.visitorId, [a]);
  }
  for (const list of out.values()) list.sort((x, y) => x.at - y.at);
  return out;
}

function commentOf(answer: PendoPollAnswer | undefined): string | null {
  const v = answer?.response;
  const s = typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
  return s === "" ? null : s;
}

/**
 * The NPS responses of one guide: `ratings` from the rating poll (the days being ingested),
 * `reasons` from the reason poll (read a day further, so a reason given after midnight is found).
 */
export function pendoNpsResponses(guideId: string, ratingPollId: string, ratings: PendoPollAnswer[], reasons: PendoPollAnswer[]): NpsResponse[] {
  const reasonsOf = byVisitor(reasons);
  const out: NpsResponse[] = [];
  for (const [visitorId, list] of byVisitor(ratings)) {
    list.forEach((rating, i) => {
      const score = npsScore(rating.response);
      if (score === null) return;
      const until = Math.min(list[i + 1]?.at ?? Infinity, rating.at + REASON_WITHIN_MS);
      const reason = reasonsOf.get(visitorId)?.find((r) => r.at >= rating.at && r.at < until);
      out.push({
        responseId: `${ratingPollId}:${visitorId}:${rating.accountId}:${rating.at}`,
        surveyId: guideId,
        day: rating.day,
        accountId: rating.accountId,
        userId: visitorId,
        respondedAt: rating.at,
        score,
        comment: commentOf(reason),
      });
    });
  }
  return out;
}
