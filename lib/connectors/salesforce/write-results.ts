import { VendorError } from "@/lib/connectors/errors";
import { describeWriteError } from "@/lib/connectors/salesforce/write-errors";

// What the Salesforce writes (sObject Collections, Bulk API 2.0) take and give back: one result
// per input record, in input order, whichever API carried it.

/**
 * A value to write. `null` clears the field; a key left out (or `undefined`) leaves it as it is.
 * Dates are sent as ISO date-times: give date-only fields a "YYYY-MM-DD" string instead.
 * Multi-select picklists take one string with values separated by ";".
 */
export type SalesforceFieldValue = string | number | boolean | null | Date;

export type SalesforceFields = { [field: string]: SalesforceFieldValue | undefined };

/** A record to update: its Salesforce ID and the fields to change. */
export type SalesforceRecordUpdate = { Id: string } & SalesforceFields;

export interface WriteSuccess {
  ok: true;
  id?: string;
  /** Upserts only: true when the external ID matched nothing and a record was created. */
  created?: boolean;
}

export interface WriteFailure {
  ok: false;
  /** The record's ID when Salesforce or the input named one. */
  id?: string;
  /** Salesforce's status code (STRING_TOO_LONG, UNABLE_TO_LOCK_ROW, …). */
  code: string;
  vendorMessage: string;
  fields?: string[];
  /** Sending the same record again, unchanged, may succeed (a locked row, a spent allowance). */
  retryable: boolean;
  /** What to do about it, for the run's per-record errors. */
  sentence: string;
}

export type WriteResult = WriteSuccess | WriteFailure;

export function writeFailure(object: string, init: { code: string; vendorMessage: string; fields?: string[]; id?: string }): WriteFailure {
  const fields = init.fields && init.fields.length > 0 ? init.fields : undefined;
  const advice = describeWriteError(init.code, { object, fields, vendorMessage: init.vendorMessage });
  return {
    ok: false,
    ...(init.id ? { id: init.id } : {}),
    code: init.code,
    vendorMessage: init.vendorMessage,
    ...(fields ? { fields } : {}),
    retryable: advice.retryable,
    sentence: advice.sentence,
  };
}

/**
 * A whole call failed (after the connector's own retries): the allowance is spent, the session
 * was refused, the object is unknown, a Bulk job failed outright. `completed` holds the results
 * of the records before the failed call (a prefix of the input), so the caller can keep what was
 * written; the rest were not written, or not known to be.
 */
export class SalesforceWriteInterrupted extends VendorError {
  readonly completed: WriteResult[];

  constructor(cause: VendorError, completed: WriteResult[]) {
    super({ system: cause.system, code: cause.code, vendorMessage: cause.vendorMessage, status: cause.status, retryAfterMs: cause.retryAfterMs, kind: cause.kind, responseBody: cause.responseBody });
    this.name = "SalesforceWriteInterrupted";
    this.completed = completed;
  }
}

/**
 * Values Salesforce cannot be sent (NaN, Infinity, an invalid Date, an object): the record
 * fails here, with Salesforce's code for a value of the wrong type, instead of going out as
 * `null` (what JSON.stringify makes of NaN) and clearing the field.
 */
export function unsendableValue(object: string, record: SalesforceFields): WriteFailure | undefined {
  for (const [field, raw] of Object.entries(record)) {
    // Typed, but fed from JSON columns and mapping transforms: check what really arrives.
    const value: unknown = raw;
    let problem: string | undefined;
    if (typeof value === "number" && !Number.isFinite(value)) problem = String(value);
    else if (value instanceof Date && Number.isNaN(value.getTime())) problem = "Invalid Date";
    else if (value !== null && value !== undefined && typeof value === "object" && !(value instanceof Date)) problem = "an object";
    else if (!["string", "number", "boolean", "undefined", "object"].includes(typeof value)) problem = typeof value;
    if (problem !== undefined) {
      return writeFailure(object, {
        code: "INVALID_TYPE_ON_FIELD_IN_RECORD",
        vendorMessage: `${field}: Clearinghouse cannot send ${problem} to Salesforce`,
        fields: [field],
        id: typeof record.Id === "string" ? record.Id : undefined,
      });
    }
  }
  return undefined;
}

/** A value as JSON for the REST API: dates as ISO date-times, the rest as they are. */
export function jsonValue(value: SalesforceFieldValue): string | number | boolean | null {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * An object or field API name, checked before it goes into a URL path or a CSV header
 * ("Account", "PX_Account_Id__c", "ns__Thing__c").
 */
export function apiName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a Salesforce API name: ${JSON.stringify(name)}`);
  return name;
}
