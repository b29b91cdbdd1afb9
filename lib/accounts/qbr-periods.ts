import { npsScore } from "@/lib/kpis/arithmetic";
import { addDays, type Day } from "@/lib/usage/days";

// The QBR's calendar: the trailing 90 days ending on the as-of day (the usage tool's last ingested
// day), cut into weeks for the adoption trend and into three 30-day periods for NPS. Weeks are
// counted back from the as-of day, so the newest is whole and the oldest holds what is left
// (90 = 12 × 7 + 6). Pure, so the page, the CSV and the tests cut the days the same way.

export const QBR_DAYS = 90;
export const NPS_PERIOD_DAYS = 30;

export interface Period {
  from: Day;
  to: Day;
}

export const qbrPeriod = (asOf: Day): Period => ({ from: addDays(asOf, -(QBR_DAYS - 1)), to: asOf });

/** Weeks oldest first; `back` is the week's index counted from the newest (0), as the SQL groups it. */
export function qbrWeeks(asOf: Day): (Period & { back: number })[] {
  const start = qbrPeriod(asOf).from;
  const weeks: (Period & { back: number })[] = [];
  for (let back = 0; ; back++) {
    const to = addDays(asOf, -7 * back);
    if (to < start) break;
    const from = addDays(to, -6);
    weeks.push({ from: from < start ? start : from, to, back });
  }
  return weeks.reverse();
}

/** Three 30-day periods, oldest first. */
export function npsPeriods(asOf: Day): Period[] {
  return [2, 1, 0].map((back) => ({ from: addDays(asOf, -(NPS_PERIOD_DAYS * (back + 1) - 1)), to: addDays(asOf, -NPS_PERIOD_DAYS * back) }));
}

export interface NpsTally {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, to two decimals as npsScore90d; null without a response. */
  score: number | null;
}

/** NPS of 0–10 answers: promoters 9–10, detractors 0–6, scored as lib/kpis/ scores them. */
export function tallyNps(scores: readonly number[]): NpsTally {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const responses = scores.length;
  return { responses, promoters, passives: responses - promoters - detractors, detractors, score: npsScore({ responses, promoters, detractors }) };
}
