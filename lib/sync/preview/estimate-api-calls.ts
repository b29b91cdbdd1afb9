import { COLLECTION_LIMIT } from "@/lib/connectors/salesforce/collections";
import { PENDO_METADATA_BATCH_DEFAULT } from "@/lib/connectors/pendo/writes";

// The API calls a push would make, from the chunk sizes the real writers use: Salesforce sObject
// Collections take 200 records a call, and above the bulk threshold one Bulk API 2.0 job takes
// them all (create, upload, close, at least one poll, the results file); Pendo takes one metadata
// request per 1,000 rows; PX one merge PUT per record. A lower bound: a locked row retried, a
// token refreshed or a slow bulk job polled again costs a call more.

/** Calls of one Bulk API 2.0 ingest job when it finishes at the first poll with every row written. */
export const BULK_JOB_CALLS = 5;

export interface WriteSizes {
  /** SALESFORCE_BULK_PUSH_THRESHOLD: above it a push goes through one Bulk API job. */
  bulkThreshold: number;
  collectionLimit?: number;
  pendoBatch?: number;
}

/** Calls to write `records` records of one object into `system`. */
export function writeCalls(system: "salesforce" | "pendo" | "px", records: number, sizes: WriteSizes): number {
  if (records <= 0) return 0;
  if (system === "px") return records;
  if (system === "pendo") return Math.ceil(records / (sizes.pendoBatch ?? PENDO_METADATA_BATCH_DEFAULT));
  if (records > sizes.bulkThreshold) return BULK_JOB_CALLS;
  return Math.ceil(records / (sizes.collectionLimit ?? COLLECTION_LIMIT));
}

