import { db } from "@/lib/db";
import type { IntegrationSystem, RunKind } from "@/lib/generated/prisma/client";
import { syncProgress, type SyncProgress, type SyncStepRow } from "@/lib/sync/history/sync-progress";

// How far a live run is, and how long it has left, for its page. The estimate is the average
// duration of the integration's last finished runs of the same kind (a run's length depends mostly on
// how much changed, which the recent runs of that flow know best), less the time already spent;
// without such a run yet, the share of steps done is extrapolated once a tenth of the run is behind.

/** Finished runs the average is taken over. */
const HISTORY = 10;

export interface RunProgress {
  progress: SyncProgress | null;
  /** Milliseconds left; null when nothing allows an estimate yet. */
  timeLeftMs: number | null;
  /** What the estimate rests on. */
  basis: { kind: "history"; runs: number; averageMs: number } | { kind: "share" } | null;
}

export async function runProgress(
  run: { id: string; integrationId: string; kind: RunKind; startedAt: Date; live: boolean },
  steps: readonly SyncStepRow[],
  systems: ReadonlyMap<string, IntegrationSystem>,
  now = new Date(),
): Promise<RunProgress | null> {
  if (!run.live) return null;
  const progress = syncProgress(steps, systems);
  const elapsed = Math.max(0, now.getTime() - run.startedAt.getTime());
  const finished = await db.syncRun.findMany({
    where: { integrationId: run.integrationId, kind: run.kind, status: { in: ["SUCCEEDED", "PARTIAL"] }, finishedAt: { not: null }, id: { not: run.id } },
    orderBy: { startedAt: "desc" },
    take: HISTORY,
    select: { startedAt: true, finishedAt: true },
  });
  if (finished.length > 0) {
    const averageMs = Math.round(finished.reduce((sum, r) => sum + (r.finishedAt!.getTime() - r.startedAt.getTime()), 0) / finished.length);
    return { progress, timeLeftMs: Math.max(0, averageMs - elapsed), basis: { kind: "history", runs: finished.length, averageMs } };
  }
  const percent = progress?.percent ?? 0;
  if (percent >= 10 && percent < 100) return { progress, timeLeftMs: Math.round((elapsed * (100 - percent)) / percent), basis: { kind: "share" } };
  return { progress, timeLeftMs: null, basis: null };
}
