import { z } from "zod";
import { answerOf, VendorError } from "@/lib/connectors/errors";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import {
  apiName,
  jsonValue,
  SalesforceWriteInterrupted,
  unsendableValue,
  writeFailure,
  type SalesforceFields,
  type SalesforceRecordUpdate,
  type WriteResult,
} from "@/lib/connectors/salesforce/write-results";

// Record writes through sObject Collections: up to 200 records per request, allOrNone false so
// each record succeeds or fails on its own, results in input order. Calls go one after another:
// parallel batches on the same accounts only trade speed for UNABLE_TO_LOCK_ROW.
//
// A whole call that fails transiently is retried by the connector; repeating one is harmless
// (an update writes the same values again, an upsert finds the record the first try created,
// and then answers created: false).

/** Salesforce refuses more in one Collections request (EXCEEDED_ID_LIMIT). */
export const COLLECTION_LIMIT = 200;

const saveResult = z
  .object({
    id: z.string().nullish(),
    success: z.boolean(),
    created: z.boolean().optional(),
    errors: z
      .array(z.object({ statusCode: z.string(), message: z.string().nullish(), fields: z.array(z.string()).nullish() }).loose())
      .nullish(),
  })
  .loose();
const saveResults = z.array(saveResult);

type Item = { index: number; body: Record<string, unknown> };

/**
 * Updates records by Id through `PATCH /composite/sobjects`, 200 per call. One result per input
 * record, in order. Throws SalesforceWriteInterrupted (with the results so far) if a whole call
 * fails after the connector's retries.
 */
export async function updateRecords(sf: SalesforceConnector, object: string, records: SalesforceRecordUpdate[]): Promise<WriteResult[]> {
  const type = apiName(object);
  return writeInCollections(sf, type, records, false, { path: "/composite/sobjects", label: "PATCH /composite/sobjects" });
}

/**
 * Upserts records by an external ID field through `PATCH /composite/sobjects/{object}/{field}`,
 * 200 per call: a value that matches no record creates one (`created: true`). Each record must
 * carry `externalIdField`. Same results and failures as updateRecords.
 */
export async function upsertRecords(sf: SalesforceConnector, object: string, externalIdField: string, records: SalesforceFields[]): Promise<WriteResult[]> {
  const type = apiName(object);
  const field = apiName(externalIdField);
  return writeInCollections(sf, type, records, true, { path: `/composite/sobjects/${type}/${field}`, label: "PATCH /composite/sobjects (upsert)" });
}

async function writeInCollections(
  sf: SalesforceConnector,
  object: string,
  records: SalesforceFields[],
  upsert: boolean,
  call: { path: string; label: string },
): Promise<WriteResult[]> {
  const results: WriteResult[] = new Array<WriteResult>(records.length);
  const items: Item[] = [];
  records.forEach((record, index) => {
    const refused = unsendableValue(object, record);
    if (refused) {
      results[index] = refused;
      return;
    }
    const body: Record<string, unknown> = { attributes: { type: object } };
    for (const [field, value] of Object.entries(record)) if (value !== undefined) body[field] = jsonValue(value);
    items.push({ index, body });
  });

  for (let start = 0; start < items.length; start += COLLECTION_LIMIT) {
    const batch = items.slice(start, start + COLLECTION_LIMIT);
    const request = { allOrNone: false, records: batch.map((item) => item.body) };
    const failed = (status: number | null, response: unknown, refused: number) =>
      sf.failedCalls.record({ label: call.label, method: "PATCH", path: call.path, status, request, response, records: batch.length, refused });
    let answer: unknown;
    try {
      answer = await sf.requestJson("PATCH", call.path, request, call.label);
    } catch (error) {
      if (error instanceof VendorError) {
        failed(error.status ?? null, answerOf(error), batch.length);
        throw new SalesforceWriteInterrupted(error, results.slice(0, batch[0]!.index));
      }
      throw error;
    }
    const parsed = saveResults.safeParse(answer);
    if (!parsed.success || parsed.data.length !== batch.length) {
      const cause = new VendorError({
        system: "salesforce",
        code: "UNEXPECTED",
        vendorMessage: `sObject Collections answered ${parsed.success ? `${parsed.data.length} results for ${batch.length} records` : "in an unknown shape"}`,
        kind: "bug",
      });
      failed(200, answer, batch.length);
      throw new SalesforceWriteInterrupted(cause, results.slice(0, batch[0]!.index));
    }
    const refused = parsed.data.filter((result) => !result.success).length;
    if (refused > 0) failed(200, answer, refused);
    parsed.data.forEach((result, i) => {
      const { index, body } = batch[i]!;
      const inputId = typeof body.Id === "string" && body.Id !== "" ? body.Id : undefined;
      const id = result.id ?? inputId ?? undefined;
      if (result.success) {
        results[index] = { ok: true, ...(id ? { id } : {}), ...(upsert ? { created: result.created ?? false } : {}) };
        return;
      }
      const errors = result.errors ?? [];
      const first = errors[0];
      results[index] = writeFailure(object, {
        code: first?.statusCode ?? "UNKNOWN_EXCEPTION",
        vendorMessage: errors.map((e) => e.message ?? e.statusCode).join("; ") || "Salesforce refused the record without a reason",
        fields: [...new Set(errors.flatMap((e) => e.fields ?? []))],
        id,
      });
    });
  }
  return results;
}
