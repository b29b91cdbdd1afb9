import { schedulesOf, type EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import { previousRunTimes } from "@/lib/sync/schedules/next-run-times";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";

// For the alert "a scheduled run that did not start": every schedule of an integration starts a
// pull of it (a Synchronize pulls first), so together they say when a pull was last due and how
// long the integration may go without one.

export interface PullTimetable {
  /** When one of its schedules last fell due. */
  lastDueAt: Date;
  /** The longest gap between two of its due times (over the last ten of each schedule). */
  intervalMs: number;
}

/** Gaps measured per schedule: enough to see a weekday-only or several-times-a-day pattern's longest one. */
const RUNS_MEASURED = 11;

/** Null when nothing is scheduled (every schedule paused). */
export function pullTimetable(schedules: readonly Pick<EffectiveSchedule, "cron" | "timezone" | "paused">[], now: Date): PullTimetable | null {
  let lastDueAt: Date | null = null;
  let intervalMs = Infinity;
  for (const s of schedules) {
    if (s.paused) continue;
    let due: Date[];
    try {
      due = previousRunTimes(s.cron, s.timezone, RUNS_MEASURED, now);
    } catch {
      continue; // a row edited by hand into nonsense runs nothing
    }
    if (due.length === 0) continue;
    if (!lastDueAt || due[0]! > lastDueAt) lastDueAt = due[0]!;
    // With several schedules, the longest gap of their merged times is at most the shortest of their own longest gaps.
    let longest = 0;
    for (let i = 1; i < due.length; i++) longest = Math.max(longest, due[i - 1]!.getTime() - due[i]!.getTime());
    if (longest > 0) intervalMs = Math.min(intervalMs, longest);
  }
  if (!lastDueAt || !Number.isFinite(intervalMs)) return null;
  return { lastDueAt, intervalMs };
}

export async function integrationPullTimetable(integration: { id: string; system: IntegrationSystem }, now: Date): Promise<PullTimetable | null> {
  return pullTimetable(await schedulesOf([integration]), now);
}
