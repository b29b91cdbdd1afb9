import { contentHash } from "@/lib/sync/hash";

export interface Existing {
  key: string;
  contentHash: string;
  /** False when the hub has the record retired (deleted/removed) and the source shows it again. */
  live: boolean;
}

export interface BatchPlan<R> {
  creates: (R & { contentHash: string })[];
  updates: (R & { contentHash: string })[];
  unchangedKeys: string[];
}

/**
 * Splits a page of pulled records into new, changed and unchanged against what the hub holds. A
 * record seen twice in one page (look-back overlap, vendor paging) is kept once, last copy wins.
 */
export function planBatch<R>(rows: readonly R[], keyOf: (r: R) => string, hashed: (r: R) => unknown, existing: readonly Existing[]): BatchPlan<R> {
  const held = new Map(existing.map((e) => [e.key, e]));
  const unique = new Map<string, R>();
  for (const row of rows) unique.set(keyOf(row), row);
  const plan: BatchPlan<R> = { creates: [], updates: [], unchangedKeys: [] };
  for (const [key, row] of unique) {
    const hash = contentHash(hashed(row));
    const before = held.get(key);
    if (!before) plan.creates.push({ ...row, contentHash: hash });
    else if (before.contentHash !== hash || !before.live) plan.updates.push({ ...row, contentHash: hash });
    else plan.unchangedKeys.push(key);
  }
  return plan;
}
