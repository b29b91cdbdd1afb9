// /sobjects resources: describe, single-record CRUD, external-ID get/upsert/delete, and the
// getUpdated / getDeleted replication helpers a sync uses to detect deletions.

import { z } from "zod";
import { formatDateTime, parseDateTime } from "../clock";
import {
  deleteRecord,
  insertRecord,
  parseRecordId,
  updateRecord,
  upsertKeyField,
  upsertRecord,
  type WriteContext,
} from "../dml";
import { DmlError, SfApiError, notFound } from "../errors";
import { isIdShaped, normalizeId } from "../ids";
import { describeObject, globalEntry } from "../metadata/describe";
import type { FieldMeta, ObjectMeta } from "../metadata/types";
import { noSuchColumn } from "../soql/paths";
import { recordUrl, renderRecord } from "../records";
import { isDeleted } from "../store";
import { indexKey, type SfRecord } from "../values";
import { jsonBody, noContent, ok, requireObject, writeContext, type RestContext, type RestResult } from "./context";

export function describeGlobal(ctx: RestContext): RestResult {
  return ok({
    encoding: "UTF-8",
    maxBatchSize: 200,
    sobjects: ctx.state.org.registry.objects.map((o) => globalEntry(o, ctx.version)),
  });
}

export function sobjectInfo(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  return ok({ objectDescribe: globalEntry(meta, ctx.version), recentItems: [] });
}

export function describe(ctx: RestContext): RestResult {
  return ok(describeObject(requireObject(ctx, ctx.params.type!), ctx.version));
}

/** Runs a DML function in its own transaction, rolling back on failure. */
export function inTransaction<T>(ctx: RestContext, fn: (w: WriteContext) => T): T {
  const w = writeContext(ctx);
  try {
    const result = fn(w);
    ctx.state.markDirty();
    return result;
  } catch (err) {
    w.tx.rollback();
    throw err;
  }
}

function dmlToHttp<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DmlError) throw err.toApiError();
    throw err;
  }
}

function recordBody(ctx: RestContext): Record<string, unknown> {
  const body = jsonBody(ctx);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new SfApiError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of SObject from a non-object value");
  }
  return body as Record<string, unknown>;
}

export function create(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const body = recordBody(ctx);
  if (Object.keys(body).some((k) => k.toLowerCase() === "id")) {
    throw new SfApiError(400, "INVALID_FIELD", "The Id field should not be specified in the sobject data.");
  }
  const rec = dmlToHttp(() => inTransaction(ctx, (w) => insertRecord(w, meta, body)));
  return ok({ id: rec.Id, success: true, errors: [] }, 201);
}

function selectedFields(meta: ObjectMeta, list: string | null): FieldMeta[] | undefined {
  if (list === null || list.trim() === "") return undefined;
  const fields: FieldMeta[] = [];
  for (const name of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const f = meta.fieldByLower.get(name.toLowerCase());
    if (!f) throw new SfApiError(400, "INVALID_FIELD", noSuchColumn(name, meta.name));
    if (!fields.includes(f)) fields.push(f);
  }
  const id = meta.fieldByLower.get("id")!;
  return fields.includes(id) ? fields : [id, ...fields];
}

function liveRecord(meta: ObjectMeta, ctx: RestContext, rawId: string): SfRecord {
  const id = normalizeId(rawId);
  const rec = id && id.startsWith(meta.keyPrefix) ? ctx.state.org.store.table(meta).get(id) : undefined;
  if (!rec || isDeleted(rec)) throw notFound();
  return rec;
}

export function retrieve(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const rec = liveRecord(meta, ctx, ctx.params.id!);
  return ok(renderRecord(meta, rec, ctx.version, selectedFields(meta, ctx.query.get("fields"))));
}

/** For a path segment after the object: an ID, or else an external ID field name. */
export function isRecordIdSegment(segment: string): boolean {
  return isIdShaped(segment);
}

export function update(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const body = recordBody(ctx);
  dmlToHttp(() =>
    inTransaction(ctx, (w) => {
      const id = parseRecordId(meta, ctx.params.id!);
      const existing = ctx.state.org.store.table(meta).get(id);
      if (!existing) throw new DmlError("NOT_FOUND", "The requested resource does not exist");
      return updateRecord(w, meta, id, body);
    }),
  );
  return noContent();
}

export function destroy(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  dmlToHttp(() =>
    inTransaction(ctx, (w) => {
      const id = parseRecordId(meta, ctx.params.id!);
      if (!ctx.state.org.store.table(meta).get(id)) throw new DmlError("NOT_FOUND", "The requested resource does not exist");
      deleteRecord(w, meta, id);
    }),
  );
  return noContent();
}

function extField(meta: ObjectMeta, name: string): FieldMeta {
  const f = upsertKeyField(meta, name);
  if (!f) throw notFound(`Provided external ID field does not exist or is not accessible: ${name}`);
  return f;
}

function matchesByExternalId(ctx: RestContext, meta: ObjectMeta, f: FieldMeta, value: string): string[] {
  if (f.type === "id") {
    const id = normalizeId(value);
    const rec = id ? ctx.state.org.store.table(meta).get(id) : undefined;
    return rec && !isDeleted(rec) ? [id!] : [];
  }
  const key = indexKey(f, value);
  return key === undefined ? [] : ctx.state.org.store.table(meta).findBy(f.name, key);
}

function multipleChoices(ctx: RestContext, meta: ObjectMeta, ids: string[]): RestResult {
  return { status: 300, json: ids.map((id) => recordUrl(ctx.version, meta.name, id)) };
}

/** The value segment(s): jsforce does not URL-encode values, so a "/" may split them. */
function extValue(ctx: RestContext): string {
  return ctx.params.value ?? "";
}

export function getByExternalId(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const f = extField(meta, ctx.params.field!);
  const ids = matchesByExternalId(ctx, meta, f, extValue(ctx));
  if (ids.length === 0) throw notFound();
  if (ids.length > 1) return multipleChoices(ctx, meta, ids);
  const rec = ctx.state.org.store.table(meta).get(ids[0]!)!;
  return ok(renderRecord(meta, rec, ctx.version, selectedFields(meta, ctx.query.get("fields"))));
}

export function upsertByExternalId(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const f = extField(meta, ctx.params.field!);
  const body = recordBody(ctx);
  const value = extValue(ctx);
  try {
    const { rec, created } = dmlToHttp(() => inTransaction(ctx, (w) => upsertRecord(w, meta, f, value, body)));
    const versionNumber = Number(ctx.version);
    if (!created && versionNumber < 46) return noContent();
    return ok({ id: rec.Id, success: true, errors: [], created }, created ? 201 : 200);
  } catch (err) {
    if (err instanceof SfApiError && err.errorCode === "DUPLICATE_EXTERNAL_ID") {
      return multipleChoices(ctx, meta, matchesByExternalId(ctx, meta, f, value));
    }
    throw err;
  }
}

/** POST /sobjects/{type}/Id creates a record (Id as the upsert key with no value). */
export function createViaIdKey(ctx: RestContext): RestResult {
  if (ctx.params.field?.toLowerCase() !== "id") {
    throw new SfApiError(405, "METHOD_NOT_ALLOWED", "HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE");
  }
  return create(ctx);
}

export function deleteByExternalId(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const f = extField(meta, ctx.params.field!);
  const ids = matchesByExternalId(ctx, meta, f, extValue(ctx));
  if (ids.length === 0) throw notFound();
  if (ids.length > 1) return multipleChoices(ctx, meta, ids);
  dmlToHttp(() => inTransaction(ctx, (w) => deleteRecord(w, meta, ids[0]!)));
  return noContent();
}

const replicationRange = z.object({
  start: z.string().min(1, "start is required"),
  end: z.string().min(1, "end is required"),
});

function parseRange(ctx: RestContext): { start: number; end: number } {
  const parsed = replicationRange.safeParse({ start: ctx.query.get("start") ?? "", end: ctx.query.get("end") ?? "" });
  if (!parsed.success) throw new SfApiError(400, "MISSING_ARGUMENT", "start and end parameters are required");
  const start = parseDateTime(parsed.data.start);
  const end = parseDateTime(parsed.data.end);
  if (start === undefined || end === undefined) {
    throw new SfApiError(400, "INVALID_REPLICATION_DATE", "start and end must be ISO-8601 date-times");
  }
  if (end - start < 60_000) {
    throw new SfApiError(400, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate by more than one minute");
  }
  if (ctx.state.clock.now() - start > 30 * 86_400_000) {
    throw new SfApiError(400, "INVALID_REPLICATION_DATE", "startDate cannot be more than 30 days ago");
  }
  return { start, end };
}

/** Replication results are rounded down to the minute. */
function minuteFloor(ms: number): string {
  return formatDateTime(Math.floor(ms / 60_000) * 60_000);
}

export function updated(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const { start, end } = parseRange(ctx);
  const from = formatDateTime(start);
  const to = formatDateTime(Math.min(end, ctx.state.clock.now() + 1));
  const ids: string[] = [];
  for (const rec of ctx.state.org.store.table(meta).byId.values()) {
    const stamp = rec.SystemModstamp;
    if (isDeleted(rec) || typeof stamp !== "string") continue;
    if (stamp >= from && stamp < to) ids.push(String(rec.Id));
  }
  return ok({ ids, latestDateCovered: minuteFloor(Math.min(end, ctx.state.clock.now())) });
}

export function deleted(ctx: RestContext): RestResult {
  const meta = requireObject(ctx, ctx.params.type!);
  const { start, end } = parseRange(ctx);
  const from = formatDateTime(start);
  const to = formatDateTime(end);
  const deletedRecords: Array<{ id: string; deletedDate: string }> = [];
  let earliest: string | undefined;
  for (const rec of ctx.state.org.store.table(meta).byId.values()) {
    const stamp = rec.SystemModstamp;
    if (!isDeleted(rec) || typeof stamp !== "string") continue;
    if (earliest === undefined || stamp < earliest) earliest = stamp;
    if (stamp >= from && stamp < to) deletedRecords.push({ id: String(rec.Id), deletedDate: stamp });
  }
  const earliestMs = earliest ? (parseDateTime(earliest) ?? start) : start;
  return ok({
    deletedRecords,
    earliestDateAvailable: minuteFloor(Math.min(earliestMs, start)),
    latestDateCovered: minuteFloor(Math.min(end, ctx.state.clock.now())),
  });
}
