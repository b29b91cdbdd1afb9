import type { FailedCall } from "@/lib/connectors/failed-calls";
import type { WriteOutcome as PendoWriteOutcome } from "@/lib/connectors/pendo/writes";
import type { WriteOutcome as PxWriteOutcome } from "@/lib/connectors/px/writes";

// The write-back side of an analytics connector, as the push step sees it: Salesforce values into
// Pendo account/visitor metadata or PX account/user attributes, named as the tool's field schema
// names them ("custom.sfdc_arr" in Pendo, "arr" in PX). How each vendor takes them stays in its folder.

/** One record's write: the tool's record id, and field name → value (null clears it). */
export interface WriteBackRow {
  id: string;
  values: Record<string, unknown>;
}

/** What happened to one row: ok, or the vendor's code and words with a sentence that says what to do. */
export type WriteBackOutcome = PendoWriteOutcome | PxWriteOutcome;

export interface AnalyticsWriter {
  readonly system: "pendo" | "px";
  /** Rows handed to one write call: the unit the push commits after, so a killed run re-sends at most this many. */
  readonly chunkSize: number;
  /** One outcome per row, in input order. */
  writeAccounts(rows: readonly WriteBackRow[]): Promise<WriteBackOutcome[]>;
  /** Pendo visitors or PX users; one outcome per row, in input order. */
  writeUsers(rows: readonly WriteBackRow[]): Promise<WriteBackOutcome[]>;
  apiCalls(): Record<string, number>;
  /** The write calls the tool refused rows of since the last call, as sent (lib/connectors/failed-calls.ts). */
  failedCalls(): FailedCall[];
}
