import { db } from "@/lib/db";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { emptyCard, toCardView, type IntegrationCardView } from "@/lib/integrations/card-view";

const SYSTEMS: IntegrationSystem[] = ["SALESFORCE", "PENDO", "PX"];

/** One card per system: the most recently connected integration of each, or an empty card. */
export async function listIntegrationCards(): Promise<IntegrationCardView[]> {
  const rows = await db.integration.findMany({
    orderBy: { updatedAt: "desc" },
    include: {
      _count: { select: { describes: true } },
      alerts: { where: { resolvedAt: null }, orderBy: { createdAt: "desc" }, take: 5 },
    },
  });
  const lastPulls = await Promise.all(
    rows.map(async (r) => {
      const run = await db.syncRun.findFirst({
        where: { integrationId: r.id, kind: "PULL" },
        orderBy: { startedAt: "desc" },
        select: { id: true, status: true, startedAt: true, finishedAt: true, error: true, steps: { where: { name: "pull" }, select: { stats: true } } },
      });
      return run ? { ...run, stats: run.steps[0]?.stats ?? {} } : null;
    }),
  );
  return SYSTEMS.map((system) => {
    const index = rows.findIndex((r) => r.system === system);
    const row = rows[index];
    if (!row) return emptyCard(system);
    return toCardView(row, {
      describedObjects: row._count.describes,
      openAlerts: row.alerts.map((a) => ({ id: a.id, level: a.level, message: a.message, createdAt: a.createdAt })),
      lastPull: lastPulls[index] ?? null,
    });
  });
}

export async function findIntegration(system: IntegrationSystem) {
  return db.integration.findFirst({ where: { system }, orderBy: { updatedAt: "desc" } });
}
