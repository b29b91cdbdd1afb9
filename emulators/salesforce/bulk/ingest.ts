// Bulk API 2.0 ingest jobs. Rows are processed asynchronously after UploadComplete, a slice
// per timer tick so the server keeps answering polls; each row succeeds or fails on its own
// (sf__Error), and an abort leaves the rest in unprocessedrecords.

import { z } from "zod";
import { formatDateTime } from "../clock";
import { deleteRecord, insertRecord, parseRecordId, updateRecord, upsertKeyField, upsertRecord, type WriteContext } from "../dml";
import { DmlError, describeIssues } from "../errors";
import type { ObjectMeta } from "../metadata/types";
import type { EmulatorState } from "../state";
import { jsonBody, noContent, ok, type RestContext, type RestResult } from "../rest/context";
import { bulkError, csvLine, DELIMITERS, eol, parseCsv, type ColumnDelimiter, type JobState, type LineEnding } from "./common";

const ROWS_PER_TICK = 2000;
const ROWS_PER_TX = 200;

const createSchema = z.object({
  object: z.string().min(1),
  operation: z.enum(["insert", "update", "upsert", "delete", "hardDelete"]),
  externalIdFieldName: z.string().min(1).optional(),
  contentType: z.literal("CSV").optional(),
  lineEnding: z.enum(["LF", "CRLF"]).optional(),
  columnDelimiter: z.enum(Object.keys(DELIMITERS) as [ColumnDelimiter, ...ColumnDelimiter[]]).optional(),
  assignmentRuleId: z.string().optional(),
});

const patchSchema = z.object({ state: z.enum(["UploadComplete", "Aborted"]) });

interface RowResult {
  row: string[];
  id: string;
  created?: boolean;
  error?: string;
}

export interface IngestJob {
  id: string;
  object: string;
  operation: z.infer<typeof createSchema>["operation"];
  externalIdFieldName?: string;
  state: JobState;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  apiVersion: number;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  uploads: string[];
  header?: string[];
  rows: string[][];
  next: number;
  success: RowResult[];
  failed: RowResult[];
  errorMessage?: string;
  startedAt?: number;
  finishedAt?: number;
  /** an injected `lock` fault fails the first row with UNABLE_TO_LOCK_ROW */
  lockFirstRow: boolean;
}

function jobInfo(job: IngestJob, version: string): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    concurrencyMode: "Parallel",
    contentType: "CSV",
    apiVersion: job.apiVersion,
    jobType: "V2Ingest",
    contentUrl: `services/data/v${version}/jobs/ingest/${job.id}/batches`,
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
  if (job.state !== "Open") {
    const processing = job.startedAt !== undefined ? (job.finishedAt ?? job.startedAt) - job.startedAt : 0;
    Object.assign(base, {
      numberRecordsProcessed: job.success.length + job.failed.length,
      numberRecordsFailed: job.failed.length,
      retries: 0,
      totalProcessingTime: processing,
      apiActiveProcessingTime: processing,
      apexProcessingTime: 0,
    });
  }
  if (job.errorMessage) base.errorMessage = job.errorMessage;
  return base;
}

function requireJob(state: EmulatorState, id: string | undefined): IngestJob {
  const job = id ? state.bulk.ingest.get(id) : undefined;
  if (!job) throw bulkError(404, "NOT_FOUND", "The requested resource does not exist");
  return job;
}

export function createIngestJob(ctx: RestContext): RestResult {
  const parsed = createSchema.safeParse(jsonBody(ctx));
  if (!parsed.success) throw bulkError(400, "INVALIDJOB", `InvalidJob : ${describeIssues(parsed.error.issues)}`);
  const body = parsed.data;
  const meta = ctx.state.org.object(body.object);
  if (!meta) throw bulkError(400, "INVALIDJOB", `InvalidJob : Invalid object: ${body.object}`);
  if (!meta.createable && body.operation !== "delete") {
    throw bulkError(400, "INVALIDJOB", `InvalidJob : Entity '${meta.name}' is not supported by the Bulk API.`);
  }
  if (body.operation === "upsert") {
    if (!body.externalIdFieldName) throw bulkError(400, "INVALIDJOB", "InvalidJob : External ID was blank for upsert");
    if (!upsertKeyField(meta, body.externalIdFieldName)) {
      throw bulkError(400, "INVALIDJOB", `InvalidJob : Field name not found : ${body.externalIdFieldName}`);
    }
  }
  const now = formatDateTime(ctx.state.clock.now());
  const job: IngestJob = {
    id: ctx.state.org.auxIds.next("750"),
    object: meta.name,
    operation: body.operation,
    externalIdFieldName: body.externalIdFieldName,
    state: "Open",
    createdById: ctx.userId,
    createdDate: now,
    systemModstamp: now,
    apiVersion: Number(ctx.version),
    lineEnding: body.lineEnding ?? "LF",
    columnDelimiter: body.columnDelimiter ?? "COMMA",
    uploads: [],
    rows: [],
    next: 0,
    success: [],
    failed: [],
    lockFirstRow: false,
  };
  ctx.state.bulk.ingest.set(job.id, job);
  return ok(jobInfo(job, ctx.version));
}

export function listIngestJobs(ctx: RestContext): RestResult {
  return ok({ done: true, records: [...ctx.state.bulk.ingest.values()].map((j) => jobInfo(j, ctx.version)), nextRecordsUrl: null });
}

export function getIngestJob(ctx: RestContext): RestResult {
  return ok(jobInfo(requireJob(ctx.state, ctx.params.jobId), ctx.version));
}

export function uploadBatch(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  if (job.state !== "Open") {
    throw bulkError(409, "INVALIDJOBSTATE", `Job state ${job.state} does not allow uploads; the job must be Open`);
  }
  if (ctx.rawBody.trim() === "") throw bulkError(400, "INVALIDBATCH", "InvalidBatch : The uploaded CSV is empty");
  job.uploads.push(ctx.rawBody);
  return { status: 201 };
}

export function patchIngestJob(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  const parsed = patchSchema.safeParse(jsonBody(ctx));
  if (!parsed.success) throw bulkError(400, "INVALIDJOBSTATE", `Invalid state change: ${describeIssues(parsed.error.issues)}`);
  const target = parsed.data.state;
  if (target === "UploadComplete") {
    if (job.state !== "Open") throw bulkError(409, "INVALIDJOBSTATE", `Cannot change job state from ${job.state} to UploadComplete`);
    job.state = "UploadComplete";
    job.lockFirstRow = ctx.lockFault;
    job.systemModstamp = formatDateTime(ctx.state.clock.now());
    ctx.state.bulk.scheduler.after(ctx.state.settings.bulkProcessingDelayMs, () => startProcessing(ctx.state, job));
  } else {
    if (job.state === "JobComplete" || job.state === "Failed" || job.state === "Aborted") {
      throw bulkError(409, "INVALIDJOBSTATE", `Cannot abort a job in state ${job.state}`);
    }
    job.state = "Aborted";
    job.systemModstamp = formatDateTime(ctx.state.clock.now());
  }
  return ok(jobInfo(job, ctx.version));
}

export function deleteIngestJob(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  if (job.state === "InProgress" || job.state === "UploadComplete") {
    throw bulkError(409, "INVALIDJOBSTATE", `Cannot delete a job in state ${job.state}; abort it first`);
  }
  ctx.state.bulk.ingest.delete(job.id);
  return noContent();
}

function fail(job: IngestJob, state: EmulatorState, message: string): void {
  job.state = "Failed";
  job.errorMessage = message;
  job.systemModstamp = formatDateTime(state.clock.now());
  job.finishedAt = Date.now();
}

function startProcessing(state: EmulatorState, job: IngestJob): void {
  if (job.state !== "UploadComplete") return;
  job.state = "InProgress";
  job.startedAt = Date.now();
  job.systemModstamp = formatDateTime(state.clock.now());
  const meta = state.org.object(job.object);
  if (!meta) return fail(job, state, `InvalidJob : Invalid object: ${job.object}`);
  try {
    for (const upload of job.uploads) {
      const rows = parseCsv(upload, job.columnDelimiter);
      const header = rows.shift();
      if (!header) continue;
      if (job.header && job.header.join("\u0000") !== header.join("\u0000")) {
        return fail(job, state, "InvalidBatch : All uploads of a job must have the same header row");
      }
      job.header = header;
      for (const row of rows) job.rows.push(row);
    }
  } catch (err) {
    return fail(job, state, `InvalidBatch : Failed to parse CSV: ${(err as Error).message.split("\n")[0]}`);
  }
  job.uploads = [];
  if (!job.header) {
    job.header = [];
  }
  const headerProblem = checkHeader(meta, job);
  if (headerProblem) return fail(job, state, headerProblem);
  processSlice(state, job, meta);
}

function checkHeader(meta: ObjectMeta, job: IngestJob): string | undefined {
  const header = job.header ?? [];
  for (const column of header) {
    const dot = column.indexOf(".");
    if (dot > 0) {
      if (!meta.relationshipByLower.has(column.slice(0, dot).toLowerCase())) return `InvalidBatch : Field name not found : ${column}`;
      continue;
    }
    if (!meta.fieldByLower.has(column.toLowerCase())) return `InvalidBatch : Field name not found : ${column}`;
  }
  const has = (name: string): boolean => header.some((c) => c.toLowerCase() === name.toLowerCase());
  if ((job.operation === "update" || job.operation === "delete" || job.operation === "hardDelete") && !has("Id")) {
    return "InvalidBatch : Field name not found : Id";
  }
  if (job.operation === "upsert" && job.externalIdFieldName && !has(job.externalIdFieldName)) {
    return `InvalidBatch : Field name not found : ${job.externalIdFieldName}`;
  }
  return undefined;
}

function formatError(err: DmlError): string {
  const first = err.errors[0]!;
  return `${first.statusCode}:${first.message}:${first.fields.join(",")} --`;
}

function processRow(w: WriteContext, meta: ObjectMeta, job: IngestJob, row: string[]): { id: string; created: boolean } {
  const header = job.header!;
  const fields: Record<string, unknown> = {};
  let idValue = "";
  header.forEach((column, i) => {
    const value = row[i] ?? "";
    if (column.toLowerCase() === "id") idValue = value;
    else fields[column] = value;
  });
  switch (job.operation) {
    case "insert": {
      if (idValue !== "") throw new DmlError("INVALID_FIELD", "The Id field should not be specified in the sobject data.", ["Id"]);
      return { id: String(insertRecord(w, meta, fields).Id), created: true };
    }
    case "update": {
      const id = parseRecordId(meta, idValue);
      updateRecord(w, meta, id, fields);
      return { id, created: false };
    }
    case "upsert": {
      const key = upsertKeyField(meta, job.externalIdFieldName!)!;
      if (key.type === "id") {
        const { rec, created } = upsertRecord(w, meta, key, idValue, fields);
        return { id: String(rec.Id), created };
      }
      const keyColumn = Object.keys(fields).find((k) => k.toLowerCase() === key.name.toLowerCase())!;
      const { rec, created } = upsertRecord(w, meta, key, fields[keyColumn], fields);
      return { id: String(rec.Id), created };
    }
    case "delete":
    case "hardDelete": {
      const id = parseRecordId(meta, idValue);
      deleteRecord(w, meta, id);
      if (job.operation === "hardDelete") w.org.store.table(meta).remove(id, w.tx);
      return { id, created: false };
    }
  }
}

function processSlice(state: EmulatorState, job: IngestJob, meta: ObjectMeta): void {
  if (job.state !== "InProgress") return; // aborted
  const end = Math.min(job.next + ROWS_PER_TICK, job.rows.length);
  let w: WriteContext | undefined;
  for (let i = job.next; i < end; i++) {
    if (!w || (i - job.next) % ROWS_PER_TX === 0) {
      w = { org: state.org, tx: state.org.beginTx(), userId: job.createdById, source: "csv" };
    }
    const row = job.rows[i]!;
    const mark = w.tx.mark();
    try {
      if (job.lockFirstRow && i === 0) throw new DmlError("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records", []);
      const { id, created } = processRow(w, meta, job, row);
      job.success.push({ row, id, created });
    } catch (err) {
      if (!(err instanceof DmlError)) {
        w.tx.rollbackTo(mark);
        job.failed.push({ row, id: "", error: `UNKNOWN_EXCEPTION:${(err as Error).message}: --` });
        continue;
      }
      w.tx.rollbackTo(mark);
      const idColumn = (job.header ?? []).findIndex((c) => c.toLowerCase() === "id");
      job.failed.push({ row, id: idColumn >= 0 ? (row[idColumn] ?? "") : "", error: formatError(err) });
    }
  }
  job.next = end;
  if (end > 0) state.markDirty();
  if (job.next < job.rows.length) {
    state.bulk.scheduler.after(0, () => processSlice(state, job, meta));
    return;
  }
  job.state = "JobComplete";
  job.finishedAt = Date.now();
  job.systemModstamp = formatDateTime(state.clock.now());
}

function csvResponse(body: string): RestResult {
  return { status: 200, text: body, contentType: "text/csv" };
}

/** `"sf__Id","<resultColumn>",<original columns>` then one line per row, in input order. */
function resultsCsv(job: IngestJob, resultColumn: string, rows: RowResult[], value: (r: RowResult) => string): string {
  if (!job.header) return "";
  const nl = eol(job.lineEnding);
  const lines = [csvLine(["sf__Id", resultColumn, ...job.header], job.columnDelimiter)];
  for (const r of rows) lines.push(csvLine([r.id, value(r), ...r.row], job.columnDelimiter));
  return lines.join(nl) + nl;
}

function requireFinished(job: IngestJob): void {
  if (job.state === "Open" || job.state === "UploadComplete" || job.state === "InProgress") {
    throw bulkError(400, "INVALIDJOBSTATE", `Results are not available until the job is complete. Current status: ${job.state}`);
  }
}

export function successfulResults(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  requireFinished(job);
  return csvResponse(resultsCsv(job, "sf__Created", job.success, (r) => String(r.created ?? false)));
}

export function failedResults(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  requireFinished(job);
  return csvResponse(resultsCsv(job, "sf__Error", job.failed, (r) => r.error ?? ""));
}

export function unprocessedRecords(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  requireFinished(job);
  const nl = eol(job.lineEnding);
  if (!job.header) {
    // Failed before parsing: the uploads themselves are what was not processed.
    return csvResponse(job.uploads.join(""));
  }
  const lines = [csvLine(job.header, job.columnDelimiter)];
  for (let i = job.next; i < job.rows.length; i++) lines.push(csvLine(job.rows[i]!, job.columnDelimiter));
  return csvResponse(lines.join(nl) + nl);
}
