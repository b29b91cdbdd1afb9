import { db } from "@/lib/db";
import type { IntegrationSystem, RunStatus, StepStatus } from "@/lib/generated/prisma/client";
import { emptyCard, toCardView, type IntegrationCardView } from "@/lib/integrations/card-view";
import { schedulesOf } from "@/lib/sync/schedules/connected-schedules";

const SYSTEMS: IntegrationSystem[] = ["SALESFORCE", "PENDO", "PX"];

const STEP_AS_RUN_STATUS: Record<StepStatus, RunStatus> = { PENDING: "QUEUED", RUNNING: "RUNNING", SUCCEEDED: "SUCCEEDED", FAILED: "FAILED", SKIPPED: "CANCELLED" };

/**
 * The newest pull of an integration: a pull run of its own (QUEUED, RUNNING or finished), or the
 * pull step of a Synchronize, whichever started last, with that pull's counts and its run's link.
 */
async function lastPullRun(integrationId: string) {
  const [run, step] = await Promise.all([
    db.syncRun.findFirst({
      where: { integrationId, kind: "PULL" },
      orderBy: { startedAt: "desc" },
      select: { id: true, status: true, startedAt: true, finishedAt: true, error: true, steps: { where: { name: "pull" }, select: { stats: true } } },
    }),
    db.syncStep.findFirst({
      where: { integrationId, name: "pull", status: { not: "PENDING" }, run: { kind: "SYNC" } },
      orderBy: { startedAt: "desc" },
      select: { runId: true, status: true, startedAt: true, finishedAt: true, error: true, stats: true },
    }),
  ]);
  const fromRun = run ? { ...run, stats: run.steps[0]?.stats ?? {} } : null;
  if (!step?.startedAt || (fromRun && fromRun.startedAt >= step.startedAt)) return fromRun;
  return { id: step.runId, status: STEP_AS_RUN_STATUS[step.status], startedAt: step.startedAt, finishedAt: step.finishedAt, error: step.error, stats: step.stats ?? {} };
}

/** The newest Synchronize that concerned an integration (its own, or Synchronize all), with its steps. */
async function lastSyncRun(integrationId: string, system: IntegrationSystem) {
  return db.syncRun.findFirst({
    // Salesforce's card shows "Synchronize all" runs; a tool's card every sync that pushed for it.
    where: system === "SALESFORCE" ? { integrationId, kind: "SYNC" } : { kind: "SYNC", OR: [{ integrationId }, { steps: { some: { integrationId, name: { startsWith: "push." } } } }] },
    orderBy: { startedAt: "desc" },
    select: {
      id: true,
      status: true,
      startedAt: true,
      finishedAt: true,
      error: true,
      steps: { select: { position: true, name: true, integrationId: true, status: true, stats: true, error: true }, orderBy: { position: "asc" } },
    },
  });
}

/** One card per system: the most recently connected integration of each, or an empty card. */
export async function listIntegrationCards(): Promise<IntegrationCardView[]> {
  const rows = await db.integration.findMany({
    orderBy: { updatedAt: "desc" },
    include: {
      _count: { select: { describes: true } },
      alerts: { where: { resolvedAt: null }, orderBy: { createdAt: "desc" }, take: 5 },
    },
  });
  const shown = SYSTEMS.map((system) => rows.find((r) => r.system === system) ?? null);
  // Only the shown rows' runs are read: one indexed lookup per card.
  const lastPulls = await Promise.all(shown.map((row) => (row ? lastPullRun(row.id) : null)));
  const lastSyncs = await Promise.all(shown.map((row) => (row ? lastSyncRun(row.id, row.system) : null)));
  const systems = new Map(rows.map((r) => [r.id, r.system]));
  const schedules = await schedulesOf(shown.filter((r) => r !== null));
  return SYSTEMS.map((system, index) => {
    const row = shown[index];
    if (!row) return emptyCard(system);
    return toCardView(row, {
      describedObjects: row._count.describes,
      openAlerts: row.alerts.map((a) => ({ id: a.id, level: a.level, message: a.message, createdAt: a.createdAt })),
      lastPull: lastPulls[index] ?? null,
      lastSync: lastSyncs[index] ?? null,
      systems,
      schedules: schedules.filter((s) => s.integrationId === row.id),
    });
  });
}

export async function findIntegration(system: IntegrationSystem) {
  return db.integration.findFirst({ where: { system }, orderBy: { updatedAt: "desc" } });
}
