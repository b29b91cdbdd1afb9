import type { InvalidField, Payload } from "@/lib/mapping/build-payload";
import type { RecordResult } from "@/lib/sync/record-results";

// What a push does with one linked record's payload, the same in both directions: refused values
// become per-record results, and only the fields whose value differs from what was last written
// to that record are sent.

export interface PushCounts {
  linked: number;
  /** Records that needed a write this run. */
  total: number;
  written: number;
  unchanged: number;
  skipped: number;
  invalid: number;
  rejected: number;
}

export const emptyPushCounts = (): PushCounts => ({ linked: 0, total: 0, written: 0, unchanged: 0, skipped: 0, invalid: 0, rejected: 0 });

/**
 * The fields of `payload` to write now, or null when there is nothing to write (counted as skipped
 * or unchanged). A field that "only when empty" now skips (it holds our own earlier value) is not
 * in the payload, so it changes nothing.
 */
export function fieldsToWrite(payload: Payload, last: Readonly<Record<string, unknown>>, counts: PushCounts, results: RecordResult[], refused: (bad: InvalidField) => RecordResult): Record<string, unknown> | null {
  for (const bad of payload.invalid) {
    counts.invalid++;
    results.push(refused(bad));
  }
  if (Object.keys(payload.fields).length === 0) {
    counts.skipped++;
    return null;
  }
  const changed = Object.fromEntries(Object.entries(payload.fields).filter(([k, v]) => !(k in last) || JSON.stringify(last[k]) !== JSON.stringify(v)));
  if (Object.keys(changed).length === 0) {
    counts.unchanged++;
    return null;
  }
  return changed;
}
