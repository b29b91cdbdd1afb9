import { isFailure } from "@/lib/sync/history/outcomes";
import { recordKey, type ScopedRecord } from "@/lib/sync/retry/record-scope";

// Which records of a set of push results still need a retry: pure, so the rules are unit-tested.

/** One per-record result of a push step, with the integration of its step. */
export interface PushResultRow extends ScopedRecord {
  /** SyncRecordResult.id: written in order, so the highest is the newest result of a record. */
  id: bigint;
  runId: string;
  outcome: string;
}

/**
 * The records whose newest result is still a failure (failed, rejected or invalid), each once,
 * in the order of those newest results. A record written since, dismissed since (skipped,
 * DISMISSED) or found up to date by a retry is left out.
 */
export function latestFailures(rows: readonly PushResultRow[]): PushResultRow[] {
  const newest = new Map<string, PushResultRow>();
  for (const row of rows) {
    const key = recordKey(row);
    const seen = newest.get(key);
    if (!seen || row.id > seen.id) newest.set(key, row);
  }
  return [...newest.values()].filter((r) => isFailure(r.outcome)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The failed results of one run that an admin asked to retry: every one when `wanted` is "all", else
 * those of the records named (a record is named by system, object and id; it may have failed in
 * more than one push of the run). Returns the names that matched no failure, so the caller can say which.
 */
export function pickFailed(
  failed: readonly PushResultRow[],
  wanted: "all" | readonly Pick<ScopedRecord, "system" | "object" | "recordId">[],
): { records: ScopedRecord[]; unknown: Pick<ScopedRecord, "system" | "object" | "recordId">[] } {
  const failures = failed.filter((r) => isFailure(r.outcome));
  const unique = (rows: readonly PushResultRow[]) => [...new Map(rows.map((r) => [recordKey(r), scoped(r)])).values()];
  if (wanted === "all") return { records: unique(failures), unknown: [] };
  const name = (r: Pick<ScopedRecord, "system" | "object" | "recordId">) => `${r.system}\u0000${r.object}\u0000${r.recordId}`;
  const asked = new Set(wanted.map(name));
  const found = new Set(failures.filter((r) => asked.has(name(r))).map(name));
  return { records: unique(failures.filter((r) => asked.has(name(r)))), unknown: wanted.filter((w) => !found.has(name(w))) };
}

const scoped = (r: ScopedRecord): ScopedRecord => ({ integrationId: r.integrationId, system: r.system, object: r.object, recordId: r.recordId });
