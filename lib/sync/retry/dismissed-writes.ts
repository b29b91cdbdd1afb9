import { db } from "@/lib/db";
import { contentHash } from "@/lib/sync/hash";
import type { RecordResult } from "@/lib/sync/record-results";
import type { PushCounts } from "@/lib/sync/push/record-write";

// The push's side of a dismissal: a refused write an admin dismissed is not sent again while the
// payload it would send is the one refused (same hash as RecordDismissal.payloadHash, computed the
// way PushState's is: every value pushed to the record so far, after this write). Once the values
// change, the hash differs and the record is written again.

export interface DismissedWrite {
  payloadHash: string;
  dismissedByEmail: string;
  dismissedAt: Date;
  reason: string | null;
}

export type DismissedWrites = ReadonlyMap<string, DismissedWrite>;

/** The dismissals of one integration's writes into one system and object, by record id (a handful, so read whole). */
export async function dismissedWrites(integrationId: string, targetSystem: string, object: string): Promise<DismissedWrites> {
  const rows = await db.recordDismissal.findMany({ where: { integrationId, targetSystem, object } });
  return new Map(rows.map((r) => [r.recordId, r]));
}

/**
 * True (and the record counted and recorded as skipped, code DISMISSED) when `values` is the payload
 * an admin dismissed for this record.
 */
export function skipDismissed(
  dismissed: DismissedWrites,
  write: { system: RecordResult["system"]; object: RecordResult["object"]; recordId: string; values: Record<string, unknown>; changed: Record<string, unknown> },
  counts: PushCounts,
  results: RecordResult[],
): boolean {
  const d = dismissed.get(write.recordId);
  if (!d || d.payloadHash !== contentHash(write.values)) return false;
  counts.skipped++;
  const why = d.reason ? ` ("${d.reason}")` : "";
  results.push({
    system: write.system,
    object: write.object,
    recordId: write.recordId,
    operation: "update",
    outcome: "skipped",
    errorCode: "DISMISSED",
    message: `Not written: ${d.dismissedByEmail} dismissed this refused write on ${d.dismissedAt.toISOString().slice(0, 10)}${why}. It is sent again as soon as its values change, or once the dismissal is undone on the run page.`,
    fields: Object.fromEntries(Object.entries(write.changed).map(([k, v]) => [k, { after: v }])),
  });
  return true;
}
