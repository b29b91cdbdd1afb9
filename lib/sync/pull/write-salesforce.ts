import type { Prisma } from "@/lib/generated/prisma/client";
import { planBatch } from "@/lib/sync/plan-batch";
import type { ObjectStats } from "@/lib/sync/stats";

type Tx = Prisma.TransactionClient;

export interface SfAccountRow {
  id: string;
  objectName: string;
  name: string | null;
  website: string | null;
  ownerId: string | null;
  fields: Record<string, unknown>;
  systemModstamp: Date;
}

export interface SfContactRow {
  id: string;
  objectName: string;
  accountId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  fields: Record<string, unknown>;
  systemModstamp: Date;
}

// The stamp is left out of the digest: a record touched without a change counts as unchanged.
const accountContent = (r: SfAccountRow) => [r.objectName, r.name, r.website, r.ownerId, r.fields];
const contactContent = (r: SfContactRow) => [r.objectName, r.accountId, r.email, r.phone, r.name, r.fields];
const json = (v: Record<string, unknown>) => v as Prisma.InputJsonObject;
// A record Salesforce shows again (undeleted from the recycle bin) is live again in the hub.
const REVIVED_CONTACT = { state: "ACTIVE" as const, masterRecordId: null, deletedAt: null };
const REVIVED = { ...REVIVED_CONTACT, retiredReason: null };

export async function writeSfAccounts(tx: Tx, integrationId: string, rows: SfAccountRow[], stats: ObjectStats, at: Date): Promise<void> {
  stats.read += rows.length;
  const existing = await tx.sfAccount.findMany({ where: { integrationId, id: { in: rows.map((r) => r.id) } }, select: { id: true, contentHash: true, state: true } });
  const plan = planBatch(rows, (r) => r.id, accountContent, existing.map((e) => ({ key: e.id, contentHash: e.contentHash, live: e.state === "ACTIVE" })));
  if (plan.creates.length) await tx.sfAccount.createMany({ data: plan.creates.map((r) => ({ ...r, fields: json(r.fields), integrationId, pulledAt: at })) });
  for (const r of plan.updates) {
    await tx.sfAccount.update({ where: { integrationId_id: { integrationId, id: r.id } }, data: { ...r, fields: json(r.fields), pulledAt: at, ...REVIVED } });
  }
  stats.created += plan.creates.length;
  stats.updated += plan.updates.length;
  stats.unchanged += plan.unchangedKeys.length;
}

export async function writeSfContacts(tx: Tx, integrationId: string, rows: SfContactRow[], stats: ObjectStats, at: Date): Promise<void> {
  stats.read += rows.length;
  const existing = await tx.sfContact.findMany({ where: { integrationId, id: { in: rows.map((r) => r.id) } }, select: { id: true, contentHash: true, state: true } });
  const plan = planBatch(rows, (r) => r.id, contactContent, existing.map((e) => ({ key: e.id, contentHash: e.contentHash, live: e.state === "ACTIVE" })));
  if (plan.creates.length) await tx.sfContact.createMany({ data: plan.creates.map((r) => ({ ...r, fields: json(r.fields), integrationId, pulledAt: at })) });
  for (const r of plan.updates) {
    await tx.sfContact.update({ where: { integrationId_id: { integrationId, id: r.id } }, data: { ...r, fields: json(r.fields), pulledAt: at, ...REVIVED_CONTACT } });
  }
  stats.created += plan.creates.length;
  stats.updated += plan.updates.length;
  stats.unchanged += plan.unchangedKeys.length;
}
