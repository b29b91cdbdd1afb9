import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

export interface Actor {
  id: string;
  email: string;
}

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  ip?: string | null;
}

type Tx = Pick<typeof db, "auditLog">;

/** Writes inside the caller's transaction so a change and its audit entry land together or not at all. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      ip: entry.ip ?? null,
    },
  });
}
