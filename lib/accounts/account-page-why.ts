import { db } from "@/lib/db";
import { explainChange, type ScoreChange } from "@/lib/health/explain-change";
import type { StoredHealthDetail } from "@/lib/accounts/account-page-health";
import { changeTargets, type ChangeSelection } from "@/lib/accounts/account-page-change";
import { utcDay, type Day } from "@/lib/usage/days";

// "Why it changed" on the account page: explainChange (lib/health/explain-change.ts) between two
// scored days the viewer picks. A day asked for without a score is read as the newest scored day
// on or before it (scoring skips no day on schedule, but an account can be new, or a day missed),
// and the page says which day it used.

export type ChangeNote =
  | { kind: "no-score-by"; day: Day; firstScored: Day; side: "before" | "after" }
  | { kind: "used-earlier"; asked: Day; used: Day }
  | { kind: "same-day"; day: Day }
  | { kind: "only-day"; day: Day };

export interface ChangeSection {
  selection: ChangeSelection;
  requested: { before: Day; after: Day };
  /** The scored days compared; null when there is none on or before the day asked for. */
  before: Day | null;
  after: Day | null;
  /** The account's first scored day: the earliest a comparison can reach. */
  firstScored: Day;
  /** The days used, when they are not the days asked for, or why nothing is compared (the page words them). */
  notes: ChangeNote[];
  change: ScoreChange | null;
}

async function scoredOnOrBefore(accountId: string, day: Day): Promise<Day | null> {
  const row = await db.healthScore.findFirst({ where: { accountId, day: { lte: new Date(`${day}T00:00:00Z`) } }, select: { day: true }, orderBy: { day: "desc" } });
  return row ? utcDay(row.day) : null;
}

export async function changeSection(accountId: string, selection: ChangeSelection, newest: Day, firstScored: Day): Promise<ChangeSection> {
  const requested = changeTargets(selection, newest);
  const [before, after] = await Promise.all([scoredOnOrBefore(accountId, requested.before), scoredOnOrBefore(accountId, requested.after)]);
  const base = { selection, requested, before, after, firstScored };
  const notes: ChangeNote[] = [];
  if (firstScored === newest) return { ...base, notes: [{ kind: "only-day", day: newest }], change: null };
  if (after === null) return { ...base, notes: [{ kind: "no-score-by", day: requested.after, firstScored, side: "after" }], change: null };
  if (before === null) return { ...base, notes: [{ kind: "no-score-by", day: requested.before, firstScored, side: "before" }], change: null };
  if (after !== requested.after) notes.push({ kind: "used-earlier", asked: requested.after, used: after });
  if (before !== requested.before) notes.push({ kind: "used-earlier", asked: requested.before, used: before });
  if (before === after) {
    notes.push({ kind: "same-day", day: after });
    return { ...base, notes, change: null };
  }
  const rows = await db.healthScore.findMany({ where: { accountId, day: { in: [new Date(`${before}T00:00:00Z`), new Date(`${after}T00:00:00Z`)] } } });
  const scored = (day: Day) => {
    const row = rows.find((r) => utcDay(r.day) === day)!;
    return { day, modelVersion: row.modelVersion, score: row.score, measures: (row.measures as unknown as StoredHealthDetail).measures };
  };
  return { ...base, notes, change: explainChange(scored(before), scored(after)) };
}
