import { db } from "@/lib/db";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { emptyCard, toCardView, type IntegrationCardView } from "@/lib/integrations/card-view";

const SYSTEMS: IntegrationSystem[] = ["SALESFORCE", "PENDO", "PX"];

/** The newest pull run of an integration (QUEUED, RUNNING or finished) with its pull step's counts. */
async function lastPullRun(integrationId: string) {
  const run = await db.syncRun.findFirst({
    where: { integrationId, kind: "PULL" },
    orderBy: { startedAt: "desc" },
    select: { id: true, status: true, startedAt: true, finishedAt: true, error: true, steps: { where: { name: "pull" }, select: { stats: true } } },
  });
  return run ? { ...run, stats: run.steps[0]?.stats ?? {} } : null;
}

/** The newest Synchronize of an integration (Salesforce: of every tool) with its steps. */
async function lastSyncRun(integrationId: string) {
  return db.syncRun.findFirst({
    where: { integrationId, kind: "SYNC" },
    orderBy: { startedAt: "desc" },
    select: {
      id: true,
      status: true,
      startedAt: true,
      finishedAt: true,
      error: true,
      steps: { select: { position: true, name: true, integrationId: true, status: true, stats: true }, orderBy: { position: "asc" } },
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
  const lastSyncs = await Promise.all(shown.map((row) => (row ? lastSyncRun(row.id) : null)));
  const systems = new Map(rows.map((r) => [r.id, r.system]));
  return SYSTEMS.map((system, index) => {
    const row = shown[index];
    if (!row) return emptyCard(system);
    return toCardView(row, {
      describedObjects: row._count.describes,
      openAlerts: row.alerts.map((a) => ({ id: a.id, level: a.level, message: a.message, createdAt: a.createdAt })),
      lastPull: lastPulls[index] ?? null,
      lastSync: lastSyncs[index] ?? null,
      systems,
    });
  });
}

export async function findIntegration(system: IntegrationSystem) {
  return db.integration.findFirst({ where: { system }, orderBy: { updatedAt: "desc" } });
}
