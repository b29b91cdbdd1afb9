import { answerOf, describeVendorError, VendorError, type VendorErrorKind } from "@/lib/connectors/errors";
import type { PxConnector } from "@/lib/connectors/px/client";

// Write-back of Salesforce fields into Gainsight PX accounts and users. PX has no bulk upsert
// (spec B8: its own loader writes one record per request), so each record is one
// `PUT /accounts/{id}` or `PUT /users/{identifyId}` with merge semantics: only the fields sent
// change, `customAttributes` merged key by key. Requests run a few at a time (default 4, well under
// PX's ~200 requests/s, leaving room for pulls sharing the key). A PUT of the same values is
// harmless, so the connector's retries of 429/503/409-lock are safe.
//
// Unknown ids are reported, never created: PX needs a POST with propertyKeys to create, and a
// record the push cannot find means the match is stale, not that PX should grow a new account.

/**
 * What happened to one input row. `ok: false` carries the vendor's words, a sentence for people,
 * the kind (errors.ts) and, as in the Salesforce writes' results, whether sending it again
 * unchanged may succeed.
 */
export type WriteOutcome = { ok: true } | { ok: false; code: string; kind: VendorErrorKind; retryable: boolean; vendorMessage: string; sentence: string };

export interface PxAccountUpdate {
  id: string;
  /** Standard account fields by API name (e.g. `sfdcId`, `plan`). */
  fields?: Record<string, unknown>;
  /** Custom attributes by API name (e.g. `arr`, `healthScore`); null clears a value. */
  customAttributes?: Record<string, unknown>;
}

export interface PxUserUpdate {
  identifyId: string;
  fields?: Record<string, unknown>;
  customAttributes?: Record<string, unknown>;
}

export interface PxWriteOptions {
  /** Integration.canWrite. `false` skips every row without calling PX, with the read-only sentence. */
  canWrite?: boolean;
  /** Requests in flight at once. Default 12, at most 20 (spec B8: about 200 requests a second; 10–20 in flight for a sync). */
  concurrency?: number;
}

export type PxKind = "account" | "user";
/** Only `request` is used, so tests can pass a fake connector. */
type PxWriter = Pick<PxConnector, "request"> & Partial<Pick<PxConnector, "failedCalls">>;

export const PX_WRITE_CONCURRENCY_DEFAULT = 12;
export const PX_WRITE_CONCURRENCY_MAX = 20;

/** Updates PX accounts, one outcome per input row, in input order. */
export function updateAccounts(px: PxWriter, rows: readonly PxAccountUpdate[], options: PxWriteOptions = {}): Promise<WriteOutcome[]> {
  return updateRecords(px, "account", rows.map((r) => ({ id: r.id, fields: r.fields, customAttributes: r.customAttributes })), options);
}

/** Updates PX users, one outcome per input row, in input order. */
export function updateUsers(px: PxWriter, rows: readonly PxUserUpdate[], options: PxWriteOptions = {}): Promise<WriteOutcome[]> {
  return updateRecords(px, "user", rows.map((r) => ({ id: r.identifyId, fields: r.fields, customAttributes: r.customAttributes })), options);
}

interface Update {
  id: string;
  fields?: Record<string, unknown>;
  customAttributes?: Record<string, unknown>;
}

async function updateRecords(px: PxWriter, kind: PxKind, rows: Update[], options: PxWriteOptions): Promise<WriteOutcome[]> {
  if (options.canWrite === false) return rows.map(() => readOnlySkipped(kind));
  const outcomes: (WriteOutcome | undefined)[] = rows.map(() => undefined);
  const pending: number[] = [];
  rows.forEach((row, i) => {
    const body = updateBody(row);
    if (typeof row.id !== "string" || row.id === "") outcomes[i] = failure("400", "bug", `${kind} id is empty`, `A ${kind} without a Gainsight PX id cannot be written; the next pull and match fill it in.`);
    // Nothing to change: no call (PX would still move lastModifiedDate, the pull's cursor).
    else if (Object.keys(body).length === 0) outcomes[i] = OK;
    else pending.push(i);
  });

  const collection = kind === "account" ? "accounts" : "users";
  const asked = Math.floor(options.concurrency ?? PX_WRITE_CONCURRENCY_DEFAULT);
  const concurrency = Number.isFinite(asked) ? Math.min(PX_WRITE_CONCURRENCY_MAX, Math.max(1, asked)) : PX_WRITE_CONCURRENCY_DEFAULT;
  let next = 0;
  let stop: WriteOutcome | undefined;
  let crashed = false;
  const lane = async () => {
    while (stop === undefined && !crashed && next < pending.length) {
      const i = pending[next++]!;
      const row = rows[i]!;
      const path = `/${collection}/${encodeURIComponent(row.id)}`;
      const label = `PUT /${collection}/{id}`;
      try {
        await px.request(path, { method: "PUT", body: updateBody(row) }, label);
        outcomes[i] = OK;
      } catch (error) {
        if (!(error instanceof VendorError)) {
          crashed = true;
          throw error;
        }
        px.failedCalls?.record({ label, method: "PUT", path, status: error.status ?? null, request: updateBody(row), response: answerOf(error), records: 1, refused: 1 });
        outcomes[i] = recordOutcome(kind, row.id, error);
        // A read-only or rejected key, a spent allowance, or PX still failing after the
        // connector's retries: the next record would meet the same answer, so don't hammer.
        if (stopsTheWrite(error)) stop ??= outcomes[i];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, lane));
  // Rows never sent after a stop share the outcome that stopped the write.
  return outcomes.map((o) => o ?? stop ?? OK);
}

function updateBody(row: Update): Record<string, unknown> {
  const custom = row.customAttributes ?? {};
  return { ...(row.fields ?? {}), ...(Object.keys(custom).length > 0 ? { customAttributes: custom } : {}) };
}

/** Only errors about the key, the allowance or PX itself; a 400 or 404 is about one record. */
function stopsTheWrite(error: VendorError): boolean {
  return error.status === 401 || error.status === 403 || error.kind === "quota" || error.kind === "transient";
}

const OK: WriteOutcome = { ok: true };

function failure(code: string, kind: VendorErrorKind, vendorMessage: string, sentence: string): WriteOutcome {
  return { ok: false, code, kind, retryable: kind === "transient", vendorMessage, sentence };
}

/** One refused PUT as an outcome: the vendor's words kept, the sentence by what a person can do. */
export function recordOutcome(kind: PxKind, id: string, error: VendorError): WriteOutcome {
  if (error.status === 403) {
    return failure(
      "READ_ONLY_KEY",
      "admin",
      error.vendorMessage,
      `The Gainsight PX API key is read-only: PX refused to update ${kind}s (${error.vendorMessage}). Give the key Write permission in Gainsight PX › Administration › REST API, or enter one that has it on the Integrations page.`,
    );
  }
  if (error.status === 404) {
    return failure(
      error.code,
      "bug",
      error.vendorMessage,
      `Gainsight PX has no ${kind} "${id}" (deleted, or its id changed since the last pull). The next pull updates the match; nothing to do unless it persists.`,
    );
  }
  // 400 with "not defined": an attribute nobody created (admin, errors.ts words it); any other 400
  // is a value PX will not take for that attribute's type.
  if (error.status === 400 && error.kind !== "admin") {
    return failure(
      error.code,
      error.kind,
      error.vendorMessage,
      `Gainsight PX refused the value (${error.vendorMessage}): the Salesforce field's type does not fit the PX attribute's. Change the field mapping, or the attribute in Gainsight PX › Administration › Attributes.`,
    );
  }
  return failure(error.code, error.kind, error.vendorMessage, describeVendorError(error));
}

function readOnlySkipped(kind: PxKind): WriteOutcome {
  return failure(
    "READ_ONLY_KEY",
    "admin",
    "not sent: the integration was connected with a read-only key",
    `The Gainsight PX API key is read-only: Clearinghouse skipped updating ${kind}s. Give the key Write permission in Gainsight PX › Administration › REST API, or enter one that has it on the Integrations page.`,
  );
}
