import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { contentHash } from "@/lib/sync/hash";
import { loadRefusedWrite } from "@/lib/sync/retry/refused-write";

export interface Dismissal {
  integrationId: string;
  targetSystem: string;
  object: string;
  recordId: string;
  payloadHash: string;
  reason: string | null;
  dismissedByEmail: string;
  dismissedAt: string;
}

/**
 * An admin dismisses a refused write (the result `resultId`): it is not sent again, by the automatic
 * retry of each run or by a retry, while the payload is the one refused. The hash is the one the
 * push compares (lib/sync/retry/dismissed-writes.ts): what was last accepted for the record plus
 * the values this write sent. Dismissing again replaces the earlier dismissal of that record.
 */
export async function dismissRecord(resultId: bigint, reason: string | null, actor: Actor, ip?: string | null): Promise<Dismissal> {
  const write = await loadRefusedWrite(resultId);
  if (write.outcome !== "rejected" && write.outcome !== "failed") {
    throw new AppError(
      "CONFLICT",
      write.outcome === "invalid"
        ? "An invalid value is refused by Clearinghouse before it is sent, so there is no refused write to dismiss. Fix the value or its field mapping instead."
        : "Only a write the vendor refused can be dismissed; this one was not refused.",
    );
  }
  if (!write.sent) throw new AppError("CONFLICT", "This result does not say which values were sent, so it cannot be dismissed. Retry it instead.");
  const key = { integrationId: write.integrationId, targetSystem: write.targetSystem, object: write.object, recordId: write.recordId };
  const state = await db.pushState.findUnique({ where: { integrationId_targetSystem_object_recordId: key }, select: { values: true, payloadHash: true } });
  const payloadHash = contentHash({ ...((state?.values ?? {}) as Record<string, unknown>), ...write.sent });
  if (state?.payloadHash === payloadHash) throw new AppError("CONFLICT", "These values have been written since: there is nothing left to dismiss.");
  const row = await db.$transaction(async (tx) => {
    const before = await tx.recordDismissal.findUnique({ where: { integrationId_targetSystem_object_recordId: key } });
    const saved = await tx.recordDismissal.upsert({
      where: { integrationId_targetSystem_object_recordId: key },
      create: { ...key, payloadHash, reason, dismissedByEmail: actor.email },
      update: { payloadHash, reason, dismissedByEmail: actor.email, dismissedAt: new Date() },
    });
    await recordAudit(tx, {
      actor,
      action: "record.dismiss",
      targetType: "RecordDismissal",
      targetId: `${key.integrationId}/${key.targetSystem}/${key.object}/${key.recordId}`,
      before: before ? { payloadHash: before.payloadHash, reason: before.reason, dismissedByEmail: before.dismissedByEmail } : null,
      after: { payloadHash, reason, resultId: resultId.toString() },
      ip: ip ?? null,
    });
    return saved;
  });
  return { ...row, dismissedAt: row.dismissedAt.toISOString() };
}
