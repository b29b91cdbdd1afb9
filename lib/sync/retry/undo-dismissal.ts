import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { loadRefusedWrite } from "@/lib/sync/retry/refused-write";

/** Undoes the dismissal of the record a result names: the next run (or a retry) sends its write again. */
export async function undoDismissal(resultId: bigint, actor: Actor, ip?: string | null): Promise<{ undone: true }> {
  const write = await loadRefusedWrite(resultId);
  const key = { integrationId: write.integrationId, targetSystem: write.targetSystem, object: write.object, recordId: write.recordId };
  await db.$transaction(async (tx) => {
    const before = await tx.recordDismissal.findUnique({ where: { integrationId_targetSystem_object_recordId: key } });
    if (!before) throw new AppError("NOT_FOUND", "This record is not dismissed (someone may have undone it already). Reload the run page.");
    await tx.recordDismissal.delete({ where: { integrationId_targetSystem_object_recordId: key } });
    await recordAudit(tx, {
      actor,
      action: "record.undismiss",
      targetType: "RecordDismissal",
      targetId: `${key.integrationId}/${key.targetSystem}/${key.object}/${key.recordId}`,
      before: { payloadHash: before.payloadHash, reason: before.reason, dismissedByEmail: before.dismissedByEmail },
      after: null,
      ip: ip ?? null,
    });
  });
  return { undone: true };
}
