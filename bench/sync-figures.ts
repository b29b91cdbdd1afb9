// Pure arithmetic of bench/sync.ts: which calls are API calls and which of them write, the
// per-record payloads the baseline replays, and the ratios and goals the report prints.

/**
 * Salesforce emulator request-counter keys that spend no API request: OAuth, the identity URL and
 * the version list (the emulator names versioned REST calls by route, e.g. "GET /query", and
 * everything else by its full path).
 */
const NOT_AN_API_CALL = /^[A-Z]+ \/(services|id)\//;

/** The emulator's request counters restricted to calls that count against the org's allowance. */
export function salesforceApiCalls(requests: Record<string, number>): { total: number; byKind: Record<string, number> } {
  const byKind = Object.fromEntries(Object.entries(requests).filter(([kind, n]) => !NOT_AN_API_CALL.test(kind) && n > 0));
  return { total: Object.values(byKind).reduce((a, n) => a + n, 0), byKind };
}

// POSTs that read: Pendo's aggregation, Bulk query jobs, Collections retrieve by Ids.
const READING_POST = /^POST \/(aggregation|query|jobs\/query|composite\/sobjects\/[^/]+$)/;
// Bulk ingest calls that carry records in or change a job's state; poll and results are reads.
const BULK_WRITE = /^Bulk 2\.0 ingest (job|upload|close)/;

/**
 * Whether a call kind writes records: in the product's own tallies ("PATCH /composite/sobjects",
 * "Bulk 2.0 ingest upload", "POST /metadata/account/custom/value", "PUT /accounts/{id}") or in the
 * Salesforce emulator's counters ("POST /jobs/ingest", "PUT /jobs/ingest/{jobId}/batches").
 */
export function isWriteCall(kind: string): boolean {
  if (BULK_WRITE.test(kind)) return true;
  if (/\/jobs\/query/.test(kind)) return false;
  if (/^(PUT|PATCH|DELETE) /.test(kind)) return true;
  return /^POST /.test(kind) && !READING_POST.test(kind);
}

/** The write calls among `calls`, by kind, and their total. */
export function writeCalls(calls: Record<string, number>): { total: number; byKind: Record<string, number> } {
  const byKind = Object.fromEntries(Object.entries(calls).filter(([kind, n]) => isWriteCall(kind) && n > 0));
  return { total: Object.values(byKind).reduce((a, n) => a + n, 0), byKind };
}

/** sObject Collections write calls (update, upsert, create) in the emulator's counters. */
export function collectionsCalls(requests: Record<string, number>): number {
  const kinds = ["PATCH /composite/sobjects", "PATCH /composite/sobjects/{type}/{field}", "POST /composite/sobjects"];
  return kinds.reduce((a, k) => a + (requests[k] ?? 0), 0);
}

/** Sums call tallies ({ kind: n }) into one. */
export function addCalls(...tallies: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tallies) for (const [k, n] of Object.entries(t)) if (typeof n === "number") out[k] = (out[k] ?? 0) + n;
  return out;
}

export interface WrittenRecord {
  /** The Salesforce object's API name. */
  object: string;
  id: string;
  /** The fields the sync sent to this record, with their values. */
  body: Record<string, unknown>;
}

/**
 * What the sync sent to one record, from its per-record result (`fields` is
 * `{ field: { before, after } }`): the `after` of every field. A result without fields sent nothing.
 */
export function writtenRecord(object: string, recordId: string, fields: unknown): WrittenRecord | null {
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return null;
  const body: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(fields)) {
    if (change && typeof change === "object" && "after" in change) body[field] = (change as { after: unknown }).after;
  }
  return Object.keys(body).length ? { object, id: recordId, body } : null;
}

/** a ÷ b, or null when there is nothing to divide by. */
export function ratio(a: number, b: number, digits = 1): number | null {
  if (!(b > 0)) return null;
  const f = 10 ** digits;
  return Math.round((a / b) * f) / f;
}

export interface Goal {
  target: string;
  measured: number | null;
  met: boolean;
}

/** One goal: met when measured is present and on the right side of the bound. */
export function goal(measured: number | null, bound: { atLeast: number } | { atMost: number }, unit = ""): Goal {
  if ("atLeast" in bound) return { target: `≥ ${bound.atLeast}${unit}`, measured, met: measured !== null && measured >= bound.atLeast };
  return { target: `≤ ${bound.atMost}${unit}`, measured, met: measured !== null && measured <= bound.atMost };
}
