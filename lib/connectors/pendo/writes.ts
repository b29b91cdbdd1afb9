import { answerOf, describeVendorError, VendorError, type VendorErrorKind } from "@/lib/connectors/errors";
import type { PendoConnector } from "@/lib/connectors/pendo/client";
import { z } from "zod";

// Write-back of Salesforce fields into Pendo account and visitor metadata, through Pendo's bulk
// endpoint `POST /api/v1/metadata/{account|visitor}/custom/value` (spec A3.3). The push decides
// *what* changed (stored hashes); this file only sends it and says, row by row, what Pendo did.
//
// Pendo answers 200 even when some rows fail: `{total, updated, failed, missing: [ids], errors?}`.
// `missing` names ids Pendo does not know (it never creates accounts or visitors from metadata
// writes); `errors` (an assumption in the spec, implemented by the emulator) names the id, the field
// and the reason, and some tenants send plain strings instead, so both are read.

/**
 * What happened to one input row. `ok: false` carries the vendor's words, a sentence for people,
 * the kind (errors.ts) and, as in the Salesforce writes' results, whether sending it again
 * unchanged may succeed.
 */
export type WriteOutcome = { ok: true } | { ok: false; code: string; kind: VendorErrorKind; retryable: boolean; vendorMessage: string; sentence: string };

export interface AccountMetadataRow {
  accountId: string;
  /** Custom field name (as in Settings › Data Mappings; a `custom.` prefix is accepted) → value; null clears it. */
  values: Record<string, unknown>;
}

export interface VisitorMetadataRow {
  visitorId: string;
  values: Record<string, unknown>;
}

export interface MetadataWriteOptions {
  /** Integration.canWrite. `false` skips every row without calling Pendo, with the read-only sentence. */
  canWrite?: boolean;
  /** Rows per request. Default 1,000 (what public callers send); at most 10,000 (Pendo's limit, 413 above). */
  batchSize?: number;
}

export type MetadataKind = "account" | "visitor";
/** Only `request` (and `failedCalls` when there is one) is used, so tests can pass a fake connector. */
type PendoWriter = Pick<PendoConnector, "request"> & Partial<Pick<PendoConnector, "failedCalls">>;

const GROUP = "custom";
export const PENDO_METADATA_BATCH_DEFAULT = 1_000;
export const PENDO_METADATA_BATCH_MAX = 10_000;

/** Writes custom account metadata, one outcome per input row, in input order. */
export function writeAccountMetadata(pendo: PendoWriter, rows: readonly AccountMetadataRow[], options: MetadataWriteOptions = {}): Promise<WriteOutcome[]> {
  return writeMetadata(pendo, "account", rows.map((r) => ({ id: r.accountId, values: r.values })), options);
}

/** Writes custom visitor metadata, one outcome per input row, in input order. */
export function writeVisitorMetadata(pendo: PendoWriter, rows: readonly VisitorMetadataRow[], options: MetadataWriteOptions = {}): Promise<WriteOutcome[]> {
  return writeMetadata(pendo, "visitor", rows.map((r) => ({ id: r.visitorId, values: r.values })), options);
}

async function writeMetadata(pendo: PendoWriter, kind: MetadataKind, rows: { id: string; values: Record<string, unknown> }[], options: MetadataWriteOptions): Promise<WriteOutcome[]> {
  if (options.canWrite === false) return rows.map(() => readOnlySkipped(kind));
  const outcomes: (WriteOutcome | undefined)[] = rows.map(() => undefined);
  const pending: number[] = [];
  rows.forEach((row, i) => {
    // Pendo refuses the whole request for one element without an id (400), so such a row fails
    // alone here instead of taking its batch down with it.
    if (typeof row.id !== "string" || row.id === "") outcomes[i] = failure("400", "bug", `${kind} id is empty`, `A ${kind} without a Pendo id cannot be written; the next pull and match fill it in.`);
    // Nothing to change: no call (Pendo would still bump lastupdated, the pull's cursor).
    else if (Object.keys(row.values).length === 0) outcomes[i] = OK;
    else pending.push(i);
  });

  const asked = Math.floor(options.batchSize ?? PENDO_METADATA_BATCH_DEFAULT);
  const size = Number.isFinite(asked) ? Math.min(PENDO_METADATA_BATCH_MAX, Math.max(1, asked)) : PENDO_METADATA_BATCH_DEFAULT;
  const path = `/api/v1/metadata/${kind}/${GROUP}/value`;
  for (const batch of planMetadataBatches(pending.map((i) => rows[i]!.id), size)) {
    const indices = batch.map((p) => pending[p]!);
    const idKey = kind === "account" ? "accountId" : "visitorId";
    const body = indices.map((i) => ({ [idKey]: rows[i]!.id, values: fieldValues(rows[i]!.values) }));
    const label = `POST /metadata/${kind}/${GROUP}/value`;
    const failed = (status: number | null, response: unknown, refused: number) =>
      pendo.failedCalls?.record({ label, method: "POST", path, status, request: body, response, records: body.length, refused });
    let answer: unknown;
    try {
      const res = await pendo.request(path, { method: "POST", body }, label);
      answer = await res.json().catch(() => undefined);
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      failed(error.status ?? null, answerOf(error), body.length);
      const outcome = batchFailure(kind, error);
      if (!stopsTheWrite(error)) {
        for (const i of indices) outcomes[i] = outcome;
        continue;
      }
      // Don't hammer: the rows not sent yet get the same outcome.
      for (let i = 0; i < rows.length; i++) outcomes[i] ??= outcome;
      break;
    }
    const mapped = metadataOutcomes(kind, indices.map((i) => rows[i]!.id), answer);
    const refused = mapped.filter((o) => !o.ok).length;
    if (refused > 0) failed(200, answer ?? "(no readable answer)", refused);
    indices.forEach((i, j) => (outcomes[i] = mapped[j]!));
  }
  return outcomes.map((o) => o ?? OK);
}

/**
 * Positions 0..ids.length-1 cut into batches of at most `size` in which no id repeats: Pendo's
 * answer names rows by id only, so two rows for one id in one request could not be told apart.
 * A repeated id starts a new batch, which keeps the input order (the later row wins, as it would
 * one by one).
 */
export function planMetadataBatches(ids: readonly string[], size: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let seen = new Set<string>();
  ids.forEach((id, p) => {
    if (current.length >= size || seen.has(id)) {
      batches.push(current);
      current = [];
      seen = new Set();
    }
    current.push(p);
    seen.add(id);
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Accepts the names `metadataFields` reports ("custom.sfdc_arr") as well as bare ones. */
function fieldValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) out[name.startsWith(`${GROUP}.`) ? name.slice(GROUP.length + 1) : name] = value === undefined ? null : value;
  return out;
}

const bulkAnswerSchema = z
  .object({
    total: z.number().optional(),
    updated: z.number().optional(),
    failed: z.number().optional(),
    missing: z.array(z.unknown()).nullish(),
    errors: z.array(z.unknown()).nullish(),
  })
  .loose();

/**
 * Maps Pendo's answer to one bulk request back onto its rows (`ids`, in request order, no
 * repeats). A row is ok unless Pendo lists its id as missing or names it in an error. When Pendo
 * counts more failures than it names (string errors without an id, or no errors at all), the rows
 * it did not name cannot be confirmed and are reported failed: writing them again is harmless,
 * while calling them written would leave Pendo stale until the Salesforce value changes again.
 */
export function metadataOutcomes(kind: MetadataKind, ids: readonly string[], answer: unknown): WriteOutcome[] {
  const parsed = bulkAnswerSchema.safeParse(answer);
  if (!parsed.success) {
    return ids.map(() =>
      failure(
        "UNREADABLE_RESPONSE",
        "transient",
        "Pendo answered without a readable {total, updated, failed} summary",
        `Pendo accepted the ${kind} metadata but its answer could not be read, so Clearinghouse cannot confirm these values; they are written again on the next push.`,
      ),
    );
  }
  const { updated, failed } = parsed.data;
  const missing = new Set((parsed.data.missing ?? []).filter((m): m is string => typeof m === "string"));
  const position = new Map(ids.map((id, p) => [id, p]));
  const named = new Map<number, string[]>();
  const unnamed: string[] = [];
  for (const entry of parsed.data.errors ?? []) {
    const { id, message } = readError(entry);
    if (!message) continue;
    const p = id !== undefined ? position.get(id) : idMentioned(ids, message);
    if (p === undefined) unnamed.push(message);
    else named.set(p, [...(named.get(p) ?? []), message]);
  }

  const outcomes: WriteOutcome[] = ids.map((id, p) => {
    if (missing.has(id)) return notFound(kind, id);
    const messages = named.get(p);
    return messages ? rejectedValues(messages.join("; ")) : OK;
  });
  const nameless = outcomes.filter((o) => o.ok).length;
  const attributed = ids.length - nameless;
  const reportedFailed = failed ?? (updated !== undefined ? ids.length - updated : attributed);
  if (reportedFailed > attributed && nameless > 0) {
    const words = unnamed.length > 0 ? unnamed.join("; ") : `Pendo counted ${reportedFailed} failed of ${ids.length} without naming them`;
    const unconfirmed = rejectedValues(words, `Pendo reported ${reportedFailed - attributed} of these ${kind}s as not updated without saying which (${words}); Clearinghouse writes them again on the next push.`);
    return outcomes.map((o) => (o.ok ? unconfirmed : o));
  }
  return outcomes;
}

/** `{id|accountId|visitorId, field, message}` or a bare string. */
function readError(entry: unknown): { id?: string; message?: string } {
  if (typeof entry === "string") return { message: entry };
  if (!entry || typeof entry !== "object") return {};
  const e = entry as Record<string, unknown>;
  const idValue = e.id ?? e.accountId ?? e.visitorId;
  const id = typeof idValue === "string" ? idValue : undefined;
  const text = [e.message, e.error, e.reason].find((m): m is string => typeof m === "string" && m !== "");
  const field = typeof e.field === "string" ? e.field : undefined;
  // Name the field unless the message already quotes it (`field "x" is not defined …`).
  const quoted = field !== undefined && (text?.includes(`"${field}"`) || text?.includes(`'${field}'`));
  const message = text && field && !quoted ? `${field}: ${text}` : (text ?? (field ? `${field}: rejected` : undefined));
  return { id, message };
}

/** The row whose id a free-text error mentions (the longest, so "acme-2" beats "acme"). */
function idMentioned(ids: readonly string[], message: string): number | undefined {
  let best: number | undefined;
  ids.forEach((id, p) => {
    if (message.includes(id) && (best === undefined || id.length > ids[best]!.length)) best = p;
  });
  return best;
}

const OK: WriteOutcome = { ok: true };

function failure(code: string, kind: VendorErrorKind, vendorMessage: string, sentence: string): WriteOutcome {
  return { ok: false, code, kind, retryable: kind === "transient", vendorMessage, sentence };
}

function notFound(kind: MetadataKind, id: string): WriteOutcome {
  return failure(
    "404",
    "bug",
    `${kind} "${id}" is missing`,
    `Pendo has no ${kind} "${id}" (deleted, or its id changed since the last pull; Pendo does not create ${kind}s from metadata writes). The next pull updates the match; nothing to do unless it persists.`,
  );
}

/**
 * Pendo's per-row refusals read like a 400 on the single-value endpoint: an undefined field is
 * for an admin to create (errors.ts classifies "not defined"), a value of the wrong type is a
 * mapping to change.
 */
function rejectedValues(vendorMessage: string, sentence?: string): WriteOutcome {
  const error = new VendorError({ system: "pendo", code: "400", status: 400, vendorMessage });
  const said =
    sentence ??
    (error.kind === "admin"
      ? describeVendorError(error)
      : `Pendo refused the value (${vendorMessage}): the Salesforce field's type does not fit the Pendo field's. Change the field mapping, or the field's type in Pendo › Settings › Data Mappings.`);
  return failure(error.code, error.kind, vendorMessage, said);
}

function readOnlySkipped(kind: MetadataKind): WriteOutcome {
  return failure(
    "READ_ONLY_KEY",
    "admin",
    "not sent: the integration was connected with a read-only key",
    `The Pendo integration key is read-only: Clearinghouse skipped writing ${kind} metadata. Create a key with "Allow Write Access" in Pendo › Settings › Integrations › Integration Keys and enter it on the Integrations page.`,
  );
}

/** The outcome every row of a refused request gets. */
function batchFailure(kind: MetadataKind, error: VendorError): WriteOutcome {
  if (error.status === 403) {
    return failure(
      "READ_ONLY_KEY",
      "admin",
      error.vendorMessage,
      `The Pendo integration key is read-only: Pendo refused to write ${kind} metadata (${error.vendorMessage}). Create a key with "Allow Write Access" in Pendo › Settings › Integrations › Integration Keys and enter it on the Integrations page.`,
    );
  }
  return failure(error.code, error.kind, error.vendorMessage, describeVendorError(error));
}

/**
 * A whole request refused for the key, a setting (the custom group), the allowance, or a vendor
 * still failing after the connector's retries: every later batch would meet the same answer. Only
 * a request Pendo found malformed (kind "bug", e.g. 413) is worth following with the next batch.
 */
function stopsTheWrite(error: VendorError): boolean {
  return error.kind !== "bug";
}
