import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// The write a per-record result describes, as dismissals key it: the tool whose push made it, the
// system written into, the object and the record.

export interface RefusedWrite {
  integrationId: string;
  targetSystem: string;
  object: string;
  recordId: string;
  outcome: string;
  /** The values the refused write sent (its fields' "after"), null when the result carries none. */
  sent: Record<string, unknown> | null;
}

function sentValues(fields: unknown): Record<string, unknown> | null {
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return null;
  const entries = Object.entries(fields as Record<string, unknown>).filter(([, v]) => v !== null && typeof v === "object" && "after" in (v as object));
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, (v as { after: unknown }).after])) : null;
}

export async function loadRefusedWrite(resultId: bigint): Promise<RefusedWrite> {
  const result = await db.syncRecordResult.findUnique({ where: { id: resultId }, include: { step: { select: { integrationId: true, name: true } } } });
  if (!result) throw new AppError("NOT_FOUND", "There is no such record result; its run may have been cleaned up. Reload the run page.");
  if (!result.step.name.startsWith("push.")) throw new AppError("CONFLICT", "Only a write can be dismissed; this result comes from a pull or from matching.");
  return { integrationId: result.step.integrationId, targetSystem: result.system, object: result.object, recordId: result.recordId, outcome: result.outcome, sent: sentValues(result.fields) };
}
