import { db } from "@/lib/db";
import type { ClosedRunFacts, IntegrationFacts, PastRun } from "@/lib/alerts/rules";
import type { RunKindName } from "@/lib/alerts/codes";
import { integrationPullTimetable } from "@/lib/sync/schedules/pull-timetable";

// What the rules judge, read with a handful of indexed queries: the closed run, the integration's
// recent runs of the same kind ((integrationId, startedAt) index), the run's record outcomes
// ((runId, outcome) index) and the integration's last pull step ((integrationId, name, startedAt)).

const FINISHED = ["SUCCEEDED", "PARTIAL", "FAILED"] as const;
/** "The average of its last ten" (issue 11). */
const HISTORY = 10;

/** Records a run's pull steps read: per object, `read` (lib/sync/stats.ts); null with no pull step. */
export function recordsRead(steps: { name: string; stats: unknown }[]): number | null {
  const pulls = steps.filter((s) => s.name === "pull");
  if (pulls.length === 0) return null;
  let read = 0;
  for (const step of pulls) {
    if (!step.stats || typeof step.stats !== "object") continue;
    for (const counts of Object.values(step.stats as Record<string, unknown>)) {
      const value = (counts as { read?: unknown } | null)?.read;
      if (typeof value === "number" && Number.isFinite(value)) read += value;
    }
  }
  return read;
}

const duration = (r: { startedAt: Date; finishedAt: Date | null }) => (r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : 0);

/**
 * The facts of a run that closed SUCCEEDED, PARTIAL or FAILED; null for any other (a cancelled run
 * says nothing about the integration). `streakLimit` bounds how far back failures are counted.
 */
export async function closedRunFacts(runId: string, streakLimit: number): Promise<{ integrationId: string; facts: ClosedRunFacts } | null> {
  const run = await db.syncRun.findUnique({
    where: { id: runId },
    select: { integrationId: true, kind: true, status: true, error: true, startedAt: true, finishedAt: true, steps: { select: { name: true, stats: true } } },
  });
  // A preview writes nothing, so its outcome says nothing about the integration either.
  if (!run || run.kind === "PREVIEW" || !(FINISHED as readonly string[]).includes(run.status)) return null;
  const status = run.status as ClosedRunFacts["status"];

  const [recent, history, outcomes] = await Promise.all([
    db.syncRun.findMany({
      where: { integrationId: run.integrationId, kind: run.kind, status: { in: [...FINISHED] }, startedAt: { lte: run.startedAt } },
      orderBy: { startedAt: "desc" },
      take: Math.max(1, streakLimit),
      select: { id: true, status: true },
    }),
    db.syncRun.findMany({
      where: { integrationId: run.integrationId, kind: run.kind, status: { in: ["SUCCEEDED", "PARTIAL"] }, startedAt: { lt: run.startedAt }, finishedAt: { not: null }, id: { not: runId } },
      orderBy: { startedAt: "desc" },
      take: HISTORY,
      select: { startedAt: true, finishedAt: true, steps: { select: { name: true, stats: true } } },
    }),
    db.syncRecordResult.groupBy({ by: ["stepId", "outcome"], where: { runId }, _count: { _all: true } }),
  ]);

  // The run itself first (a resumed run keeps its first start), then the ones before it.
  const ordered = [runId, ...recent.filter((r) => r.id !== runId).map((r) => r.id)];
  const statusOf = new Map(recent.map((r) => [r.id, r.status]));
  statusOf.set(runId, status);
  let failedInARow = 0;
  for (const id of ordered) {
    if (statusOf.get(id) !== "FAILED") break;
    failedInARow++;
  }

  // Rejections come from the steps that write; their records are the ones a share is of.
  const perStep = new Map<string, { total: number; rejected: number }>();
  for (const g of outcomes) {
    const s = perStep.get(g.stepId) ?? { total: 0, rejected: 0 };
    s.total += g._count._all;
    if (g.outcome === "rejected") s.rejected += g._count._all;
    perStep.set(g.stepId, s);
  }
  const writing = [...perStep.values()].filter((s) => s.rejected > 0);

  const past: PastRun[] = history.map((r) => ({ durationMs: duration(r), read: recordsRead(r.steps) }));
  return {
    integrationId: run.integrationId,
    facts: {
      kind: run.kind as RunKindName,
      status,
      error: run.error,
      durationMs: duration(run),
      read: recordsRead(run.steps),
      failedInARow,
      streakCapped: failedInARow >= Math.max(1, streakLimit),
      rejected: writing.reduce((a, s) => a + s.rejected, 0),
      written: writing.reduce((a, s) => a + s.total, 0),
      history: past,
    },
  };
}

/** The facts of the integration's state; null when the row is gone. */
export async function integrationFacts(integrationId: string, now = new Date()): Promise<{ facts: IntegrationFacts; connected: boolean } | null> {
  const integration = await db.integration.findUnique({
    where: { id: integrationId },
    select: { system: true, status: true, statusMessage: true, secrets: true, apiUsed: true, apiMax: true, apiUsageAt: true, connectedAt: true },
  });
  if (!integration) return null;
  const [lastPull, timetable] = await Promise.all([
    db.syncStep.findFirst({
      where: { integrationId, name: "pull", startedAt: { not: null } },
      orderBy: { startedAt: "desc" },
      select: { startedAt: true },
    }),
    integrationPullTimetable({ id: integrationId, system: integration.system }, now),
  ]);
  const { secrets, ...rest } = integration;
  const hasCredentials = secrets !== null;
  return {
    connected: hasCredentials && integration.status !== "DISABLED",
    facts: {
      ...rest,
      hasCredentials,
      lastPullStartedAt: lastPull?.startedAt ?? null,
      lastScheduledAt: timetable?.lastDueAt ?? null,
      pullIntervalMs: timetable?.intervalMs ?? null,
      now,
    },
  };
}
