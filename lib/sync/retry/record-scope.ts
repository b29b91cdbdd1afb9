import { z } from "zod";

// What a retry (a run of kind RETRY) is limited to, stored in SyncRun.scope. Each record also names
// the integration whose push refused it: a "Synchronize all" pushes the same Salesforce account
// once per tool (each with its own push state), and only the push that failed is retried.

export const scopedRecordSchema = z
  .object({
    /** The Pendo or PX integration whose push step wrote the failed result. */
    integrationId: z.string().min(1).max(40),
    /** The system written into: salesforce, pendo or px. */
    system: z.enum(["salesforce", "pendo", "px"]),
    object: z.enum(["account", "contact", "user"]),
    recordId: z.string().min(1).max(255),
  })
  .strict();
export type ScopedRecord = z.infer<typeof scopedRecordSchema>;

/** Enough for "retry all failed since" on a large org; beyond that, a Synchronize is the better tool. */
export const MAX_RETRY_RECORDS = 10_000;

export const retryScopeSchema = z
  .object({
    records: z.array(scopedRecordSchema).min(1).max(MAX_RETRY_RECORDS),
    /** "Retry all failed since": the day asked for (ISO), when the records come from several runs. */
    since: z.iso.datetime().optional(),
  })
  .strict();
export type RetryScope = z.infer<typeof retryScopeSchema>;

/** The filter a push step takes: the records of one integration it may write, by system and object. */
export type RecordScope = readonly Pick<ScopedRecord, "system" | "object" | "recordId">[];

/** The record ids of `scope` in one system and object (a push plans one object at a time). */
export function scopedIds(scope: RecordScope, system: string, object: string): string[] {
  return scope.filter((r) => r.system === system && r.object === object).map((r) => r.recordId);
}

export const recordKey = (r: Pick<ScopedRecord, "integrationId" | "system" | "object" | "recordId">) => `${r.integrationId}\u0000${r.system}\u0000${r.object}\u0000${r.recordId}`;

/** The match-link filter of a push limited to `only` (none without it): the push reads only those records. */
export function onlyLinks(only: RecordScope | undefined, system: string, object: string, column: "salesforceId" | "analyticsId"): { salesforceId?: { in: string[] }; analyticsId?: { in: string[] } } {
  return only ? { [column]: { in: scopedIds(only, system, object) } } : {};
}
