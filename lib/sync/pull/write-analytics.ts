import type { Prisma } from "@/lib/generated/prisma/client";
import { planBatch } from "@/lib/sync/plan-batch";
import type { ObjectStats } from "@/lib/sync/stats";

type Tx = Prisma.TransactionClient;

export interface AnalyticsAccountRow {
  externalId: string;
  name: string | null;
  website: string | null;
  salesforceIdRaw: string | null;
  custom: Record<string, unknown>;
  lastSeenAt: Date | null;
}

export interface AnalyticsUserRow {
  externalId: string;
  accountExternalId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  salesforceContactIdRaw: string | null;
  custom: Record<string, unknown>;
  lastSeenAt: Date | null;
}

// Analytics tools have no "changed since": every pull reads everything, stamps what it saw with
// its run id, and only a complete run marks the unseen as removed (markUnseenRemoved).

const json = (v: Record<string, unknown>) => v as Prisma.InputJsonObject;

export async function writeAnalyticsAccounts(tx: Tx, integrationId: string, runId: string, rows: AnalyticsAccountRow[], stats: ObjectStats, at: Date) {
  stats.read += rows.length;
  const existing = await tx.analyticsAccount.findMany({
    where: { integrationId, externalId: { in: rows.map((r) => r.externalId) } },
    select: { externalId: true, contentHash: true, removedAt: true },
  });
  const plan = planBatch(rows, (r) => r.externalId, (r) => r, existing.map((e) => ({ key: e.externalId, contentHash: e.contentHash, live: e.removedAt === null })));
  if (plan.creates.length) {
    await tx.analyticsAccount.createMany({ data: plan.creates.map((r) => ({ ...r, custom: json(r.custom), integrationId, seenRunId: runId, pulledAt: at })) });
  }
  for (const r of plan.updates) {
    await tx.analyticsAccount.update({
      where: { integrationId_externalId: { integrationId, externalId: r.externalId } },
      data: { ...r, custom: json(r.custom), seenRunId: runId, removedAt: null, pulledAt: at },
    });
  }
  if (plan.unchangedKeys.length) await tx.analyticsAccount.updateMany({ where: { integrationId, externalId: { in: plan.unchangedKeys } }, data: { seenRunId: runId } });
  stats.created += plan.creates.length;
  stats.updated += plan.updates.length;
  stats.unchanged += plan.unchangedKeys.length;
}

export async function writeAnalyticsUsers(tx: Tx, integrationId: string, runId: string, rows: AnalyticsUserRow[], stats: ObjectStats, at: Date) {
  stats.read += rows.length;
  const existing = await tx.analyticsUser.findMany({
    where: { integrationId, externalId: { in: rows.map((r) => r.externalId) } },
    select: { externalId: true, contentHash: true, removedAt: true },
  });
  const plan = planBatch(rows, (r) => r.externalId, (r) => r, existing.map((e) => ({ key: e.externalId, contentHash: e.contentHash, live: e.removedAt === null })));
  if (plan.creates.length) {
    await tx.analyticsUser.createMany({ data: plan.creates.map((r) => ({ ...r, custom: json(r.custom), integrationId, seenRunId: runId, pulledAt: at })) });
  }
  for (const r of plan.updates) {
    await tx.analyticsUser.update({
      where: { integrationId_externalId: { integrationId, externalId: r.externalId } },
      data: { ...r, custom: json(r.custom), seenRunId: runId, removedAt: null, pulledAt: at },
    });
  }
  if (plan.unchangedKeys.length) await tx.analyticsUser.updateMany({ where: { integrationId, externalId: { in: plan.unchangedKeys } }, data: { seenRunId: runId } });
  stats.created += plan.creates.length;
  stats.updated += plan.updates.length;
  stats.unchanged += plan.unchangedKeys.length;
}

/** After a complete full pull: records the run did not see are gone from the tool. Never deleted from the hub. */
export async function markUnseenRemoved(tx: Tx, integrationId: string, runId: string, stats: { accounts: ObjectStats; users: ObjectStats }, at: Date) {
  const unseen = { integrationId, removedAt: null, OR: [{ seenRunId: null }, { seenRunId: { not: runId } }] };
  stats.accounts.removed += (await tx.analyticsAccount.updateMany({ where: unseen, data: { removedAt: at } })).count;
  stats.users.removed += (await tx.analyticsUser.updateMany({ where: unseen, data: { removedAt: at } })).count;
}
