// sObject Collections (/composite/sobjects): up to 200 records per call, one API request,
// per-record results in input order, and allOrNone rollback. All records of a call share one
// transaction (one SystemModstamp); without allOrNone each record gets a savepoint so a failure
// undoes only that record.

import { z } from "zod";
import { deleteRecord, insertRecord, parseRecordId, updateRecord, upsertKeyField, upsertRecord, type WriteContext } from "../dml";
import { DmlError, notFound, SfApiError, type RecordError } from "../errors";
import { normalizeId } from "../ids";
import { noSuchColumn } from "../soql/paths";
import { renderRecord } from "../records";
import { isDeleted } from "../store";
import type { FieldMeta, ObjectMeta } from "../metadata/types";
import { ok, parseBody, requireObject, writeContext, type RestContext, type RestResult } from "./context";
import { indexKey } from "../values";

const MAX_RECORDS = 200;

const recordSchema = z.record(z.string(), z.unknown());
const collectionBody = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(recordSchema),
});
const retrieveBody = z.object({
  ids: z.array(z.string()).min(1).max(2000),
  fields: z.array(z.string()).min(1),
});

interface SaveResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
  created?: boolean;
}

const ROLLED_BACK: RecordError = {
  statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK",
  message: "Record rolled back because not all records were valid and the request was using AllOrNone header",
  fields: [],
};

function tooMany(): SfApiError {
  return new SfApiError(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
}

function lockError(id?: string): DmlError {
  return new DmlError(
    "UNABLE_TO_LOCK_ROW",
    `unable to obtain exclusive access to this record or 1 records: ${id ?? ""}`.trim(),
    [],
  );
}

/**
 * Runs `work` for each item with Salesforce's per-record semantics. `knownId` gives the id to
 * report for an item even when it fails (update and delete report it, create does not).
 */
function runRecords<T>(
  ctx: RestContext,
  items: T[],
  allOrNone: boolean,
  knownId: (item: T) => string | undefined,
  work: (w: WriteContext, item: T, index: number) => { id: string; created?: boolean },
  withCreated = false,
): RestResult {
  const w = writeContext(ctx);
  const results: SaveResult[] = [];
  let failed = false;
  items.forEach((item, index) => {
    const mark = w.tx.mark();
    try {
      if (ctx.lockFault && index === 0) throw lockError(knownId(item));
      const { id, created } = work(w, item, index);
      results.push(withCreated ? { id, success: true, errors: [], created: created ?? false } : { id, success: true, errors: [] });
    } catch (err) {
      if (!(err instanceof DmlError)) throw err;
      w.tx.rollbackTo(mark);
      failed = true;
      const id = knownId(item);
      results.push({ ...(id ? { id } : {}), success: false, errors: err.errors, ...(withCreated ? { created: false } : {}) });
    }
  });
  if (allOrNone && failed) {
    w.tx.rollback();
    return ok(
      results.map((r, i) => {
        if (!r.success) return r;
        const id = knownId(items[i]!);
        return { ...(id ? { id } : {}), success: false, errors: [ROLLED_BACK], ...(withCreated ? { created: false } : {}) };
      }),
    );
  }
  if (w.tx.log.length > 0) ctx.state.markDirty();
  return ok(results);
}

function typeOf(ctx: RestContext, rec: Record<string, unknown>): ObjectMeta {
  const attributes = rec.attributes as { type?: unknown } | undefined;
  const type = attributes && typeof attributes.type === "string" ? attributes.type : undefined;
  if (!type) throw new DmlError("INVALID_TYPE", "Must specify a type in attributes", []);
  const meta = ctx.state.org.object(type);
  if (!meta) throw new DmlError("INVALID_TYPE", `sObject type '${type}' is not supported.`, []);
  return meta;
}

function fieldsWithout(rec: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const lower = keys.map((k) => k.toLowerCase());
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!lower.includes(k.toLowerCase())) out[k] = v;
  return out;
}

function recordId(rec: Record<string, unknown>): string | undefined {
  const raw = rec.id ?? rec.Id;
  return typeof raw === "string" ? raw : undefined;
}

export function createMany(ctx: RestContext): RestResult {
  const body = parseBody(ctx, collectionBody);
  if (body.records.length > MAX_RECORDS) throw tooMany();
  return runRecords(
    ctx,
    body.records,
    body.allOrNone ?? false,
    () => undefined,
    (w, rec) => {
      const meta = typeOf(ctx, rec);
      if (recordId(rec) !== undefined) {
        throw new DmlError("INVALID_FIELD", "The Id field should not be specified in the sobject data.", ["Id"]);
      }
      const saved = insertRecord(w, meta, fieldsWithout(rec, "attributes"));
      return { id: String(saved.Id) };
    },
  );
}

export function updateMany(ctx: RestContext): RestResult {
  const body = parseBody(ctx, collectionBody);
  if (body.records.length > MAX_RECORDS) throw tooMany();
  return runRecords(
    ctx,
    body.records,
    body.allOrNone ?? false,
    (rec) => {
      const raw = recordId(rec);
      return raw ? (normalizeId(raw) ?? undefined) : undefined;
    },
    (w, rec) => {
      const meta = typeOf(ctx, rec);
      const raw = recordId(rec);
      if (!raw) throw new DmlError("MISSING_ARGUMENT", "Id not specified in an update call", []);
      const id = parseRecordId(meta, raw);
      updateRecord(w, meta, id, fieldsWithout(rec, "attributes", "id"));
      return { id };
    },
  );
}

export function upsertMany(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const key: FieldMeta | undefined = upsertKeyField(meta, ctx.params.field!);
  if (!key) throw notFound(`Provided external ID field does not exist or is not accessible: ${ctx.params.field}`);
  const body = parseBody(ctx, collectionBody);
  if (body.records.length > MAX_RECORDS) throw tooMany();
  // The same external ID twice in one call fails both records.
  const counts = new Map<string, number>();
  const keyOf = (rec: Record<string, unknown>): string | undefined => {
    const entry = Object.entries(rec).find(([k]) => k.toLowerCase() === key.name.toLowerCase());
    const value = entry?.[1];
    if (value === undefined || value === null || value === "") return undefined;
    return indexKey(key, typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : String(value));
  };
  for (const rec of body.records) {
    const k = keyOf(rec);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return runRecords(
    ctx,
    body.records,
    body.allOrNone ?? false,
    () => undefined,
    (w, rec) => {
      const attributes = rec.attributes as { type?: unknown } | undefined;
      if (attributes?.type !== undefined && String(attributes.type).toLowerCase() !== meta.name.toLowerCase()) {
        throw new DmlError("INVALID_TYPE", `Record type ${String(attributes.type)} does not match ${meta.name}`, []);
      }
      const entry = Object.entries(rec).find(([k]) => k.toLowerCase() === key.name.toLowerCase());
      if (key.type !== "id" && (entry === undefined || entry[1] === null || entry[1] === "")) {
        throw new DmlError("MISSING_ARGUMENT", `${key.name} not specified`, [key.name]);
      }
      const k = keyOf(rec);
      if (k !== undefined && (counts.get(k) ?? 0) > 1) {
        throw new DmlError("DUPLICATE_EXTERNAL_ID", `Duplicate external id specified: ${String(entry?.[1])}`, [key.name]);
      }
      const { rec: saved, created } = upsertRecord(w, meta, key, entry?.[1], fieldsWithout(rec, "attributes"));
      return { id: String(saved.Id), created };
    },
    true,
  );
}

export function deleteMany(ctx: RestContext): RestResult {
  const raw = (ctx.query.get("ids") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (raw.length === 0) throw new SfApiError(400, "MISSING_ARGUMENT", "ids parameter is required");
  if (raw.length > MAX_RECORDS) throw tooMany();
  const allOrNone = (ctx.query.get("allOrNone") ?? "").toLowerCase() === "true";
  return runRecords(
    ctx,
    raw,
    allOrNone,
    (id) => normalizeId(id) ?? id,
    (w, text) => {
      const id = normalizeId(text);
      const meta = id ? ctx.state.org.registry.objectForId(id) : undefined;
      if (!id || !meta) throw new DmlError("MALFORMED_ID", `malformed id ${text}`, []);
      deleteRecord(w, meta, id);
      return { id };
    },
  );
}

function retrieveRecords(ctx: RestContext, meta: ObjectMeta, ids: string[], fieldNames: string[]): RestResult {
  const fields: FieldMeta[] = [];
  for (const name of fieldNames) {
    const f = meta.fieldByLower.get(name.trim().toLowerCase());
    if (!f) throw new SfApiError(400, "INVALID_FIELD", noSuchColumn(name, meta.name));
    if (!fields.includes(f)) fields.push(f);
  }
  const table = ctx.state.org.store.table(meta);
  return ok(
    ids.map((raw) => {
      const id = normalizeId(raw.trim());
      const rec = id && id.startsWith(meta.keyPrefix) ? table.get(id) : undefined;
      return rec && !isDeleted(rec) ? renderRecord(meta, rec, ctx.version, fields) : null;
    }),
  );
}

export function retrieveManyGet(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const ids = (ctx.query.get("ids") ?? "").split(",").filter(Boolean);
  const fields = (ctx.query.get("fields") ?? "").split(",").filter(Boolean);
  if (ids.length === 0 || fields.length === 0) throw new SfApiError(400, "MISSING_ARGUMENT", "ids and fields parameters are required");
  if (ids.length > 800) throw new SfApiError(414, "URI_TOO_LONG", "Too many ids for a GET request; use POST");
  return retrieveRecords(ctx, meta, ids, fields);
}

export function retrieveManyPost(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const body = parseBody(ctx, retrieveBody);
  return retrieveRecords(ctx, meta, body.ids, body.fields);
}
