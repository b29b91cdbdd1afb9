import { classifyVendorError } from "@/lib/connectors/errors";

// Per-record write errors (sObject Collections `errors[].statusCode`, Bulk 2.0 `sf__Error`) as a
// person fixing them sees them: will sending the same record again help, and what to change.
// `retryable` means "the same record, unchanged, can succeed later without anyone doing
// anything" (a locked row, a spent allowance); everything else needs a change first.

export interface WriteErrorAdvice {
  retryable: boolean;
  sentence: string;
}

export interface WriteErrorContext {
  /** The object written, e.g. "Account". */
  object?: string;
  /** Fields Salesforce blamed, if any. */
  fields?: string[];
  /** Salesforce's own words, quoted in sentences that need them (a validation rule's message). */
  vendorMessage?: string;
}

type Advice = (c: { object: string; fields: string; message: string }) => string;

const MAPPING = "the field mapping (Settings › Field mappings)";

const TABLE: Record<string, { retryable: boolean; advice: Advice }> = {
  FIELD_CUSTOM_VALIDATION_EXCEPTION: {
    retryable: false,
    advice: (c) =>
      `A validation rule on ${c.object} refused the record ("${c.message}"). Fix the value it names in ${MAPPING}, or ask your Salesforce admin to let the integration user pass that rule.`,
  },
  STRING_TOO_LONG: {
    retryable: false,
    advice: (c) => `A value is longer than ${c.fields} allows in Salesforce. Map a shorter source field in ${MAPPING}, or lengthen the field in Salesforce Setup › Object Manager.`,
  },
  INVALID_FIELD_FOR_INSERT_UPDATE: {
    retryable: false,
    advice: (c) =>
      `The connected Salesforce user cannot write ${c.fields} (read-only or hidden by field-level security). Give that user edit access to the field in its profile or permission set, or remove the field from ${MAPPING}.`,
  },
  INVALID_FIELD: {
    retryable: false,
    advice: (c) => `${c.object} has no writable field ${c.fields} (deleted, renamed or not visible to the connected user). Refresh the field list and fix ${MAPPING}.`,
  },
  INVALID_TYPE_ON_FIELD_IN_RECORD: {
    retryable: false,
    advice: (c) => `A value does not fit the type of ${c.fields} (text into a number, a bad date…). Map a source field of a compatible type in ${MAPPING}.`,
  },
  NUMBER_OUTSIDE_VALID_RANGE: {
    retryable: false,
    advice: (c) => `A number is too large for ${c.fields}. Increase the field's length or decimal places in Salesforce Setup › Object Manager, or map a smaller value in ${MAPPING}.`,
  },
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: {
    retryable: false,
    advice: (c) => `The value is not one of the allowed picklist values of ${c.fields}. Add it to the picklist in Salesforce Setup › Object Manager, or map values Salesforce accepts in ${MAPPING}.`,
  },
  REQUIRED_FIELD_MISSING: {
    retryable: false,
    advice: (c) => `Salesforce requires ${c.fields} on ${c.object}, and the record had no value for it. Map a source field to it in ${MAPPING}, or make the field optional in Salesforce.`,
  },
  DUPLICATE_VALUE: {
    retryable: false,
    advice: (c) => `Another ${c.object} already holds this value in the unique field ${c.fields}. Find and merge the duplicate in Salesforce, or check the matching of this record in Clearinghouse.`,
  },
  DUPLICATES_DETECTED: {
    retryable: false,
    advice: (c) => `A Salesforce duplicate rule blocked the record as a likely duplicate of another ${c.object}. Merge the duplicates in Salesforce, or let the integration user bypass the rule (Setup › Duplicate Rules).`,
  },
  DUPLICATE_EXTERNAL_ID: {
    retryable: false,
    advice: (c) => `More than one ${c.object} carries this external ID in ${c.fields}, or the batch held it twice. Remove the duplicate value in Salesforce, then push again.`,
  },
  ENTITY_IS_DELETED: {
    retryable: false,
    advice: (c) => `The ${c.object} was deleted in Salesforce. Restore it from the recycle bin, or pull again so Clearinghouse stops pushing to it.`,
  },
  INVALID_CROSS_REFERENCE_KEY: {
    retryable: false,
    advice: (c) => `The record or a lookup value (${c.fields}) points at a Salesforce record that does not exist or the connected user cannot see. Pull again to refresh IDs, or check the lookup's mapping in ${MAPPING}.`,
  },
  INVALID_ID_FIELD: {
    retryable: false,
    advice: (c) => `The ${c.object} ID is not valid for this object. Pull again so Clearinghouse holds current IDs, then push again.`,
  },
  MALFORMED_ID: {
    retryable: false,
    advice: (c) => `A value in ${c.fields} is not a valid ${c.object} or lookup ID. Pull again so Clearinghouse holds current IDs, or fix the lookup's mapping in ${MAPPING}.`,
  },
  NOT_FOUND: {
    retryable: false,
    advice: (c) => `Salesforce has no such ${c.object} (deleted or merged). Pull again so Clearinghouse stops pushing to it.`,
  },
  MISSING_ARGUMENT: {
    retryable: false,
    advice: (c) => `The record had no ID or external ID (${c.fields}) to say which ${c.object} to write. Pull and match again so the record is linked, then push again.`,
  },
  INSUFFICIENT_ACCESS_OR_READONLY: {
    retryable: false,
    advice: (c) => `The connected Salesforce user may not edit this ${c.object} (sharing, a locked approval, or a read-only profile). Give the user edit access to it in Salesforce, or reconnect as a user who has it.`,
  },
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: {
    retryable: false,
    advice: (c) => `The connected Salesforce user cannot see a record this ${c.object} refers to (${c.fields}, often the owner or parent). Share that record with the user, or change the lookup's mapping in ${MAPPING}.`,
  },
  CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY: {
    retryable: false,
    advice: (c) => `A trigger or flow on ${c.object} failed while saving the record ("${c.message}"). Ask your Salesforce admin to fix the automation, then push again.`,
  },
  UNABLE_TO_LOCK_ROW: {
    retryable: true,
    advice: (c) => `Another process was editing the same ${c.object} at that moment. Nothing to do: Clearinghouse sends the record again.`,
  },
  REQUEST_LIMIT_EXCEEDED: {
    retryable: true,
    advice: () => "Salesforce's API allowance ran out while the record was written. Nothing to fix in the record: it is sent again once the allowance frees up (Setup › Company Information shows usage).",
  },
  ALL_OR_NONE_OPERATION_ROLLED_BACK: {
    retryable: true,
    advice: () => "Salesforce undid this record because another record in the same batch failed. Fix the other record's error; this one is sent again.",
  },
  BULK_NOT_PROCESSED: {
    retryable: true,
    advice: (c) => `The Bulk API job stopped before Salesforce reached this record (${c.message}). Nothing to fix in the record: it is sent again with the next push.`,
  },
};

/** A named field list for sentences: "PX_Health_Score__c", "A, B", or "the field". */
function fieldList(fields: string[] | undefined): string {
  const named = (fields ?? []).filter((f) => f.trim() !== "");
  return named.length > 0 ? named.join(", ") : "the field";
}

/** Whether a record that failed with `code` may succeed when sent again unchanged, and what to do. */
export function describeWriteError(code: string, context: WriteErrorContext = {}): WriteErrorAdvice {
  const c = { object: context.object ?? "record", fields: fieldList(context.fields), message: (context.vendorMessage ?? code).trim() };
  const known = TABLE[code];
  if (known) return { retryable: known.retryable, sentence: known.advice(c) };
  // Codes Salesforce also uses for whole calls (SERVER_UNAVAILABLE, UNKNOWN_EXCEPTION, …) keep the
  // connector's classification, so a record and a request failing the same way are retried alike.
  const retryable = classifyVendorError({ system: "salesforce", code, vendorMessage: c.message }) === "transient";
  return {
    retryable,
    sentence: retryable
      ? `Salesforce could not save the ${c.object} just now (${code}: ${c.message}). Nothing to do unless it persists: the record is sent again.`
      : `Salesforce refused the ${c.object} (${code}: ${c.message}). Check the values in ${MAPPING} and the field's settings in Salesforce; sending it again unchanged will fail the same way.`,
  };
}

/** The codes with their own advice, for tests and documentation. */
export const KNOWN_WRITE_ERROR_CODES: readonly string[] = Object.keys(TABLE);
