// Bulk API 2.0 query jobs. The query is validated when the job is created, runs on the next
// timer tick, and its rows are served as CSV pages chained by the `Sforce-Locator` header,
// whose value on the last page is the literal string "null" (jsforce loops until it sees it).

import { z } from "zod";
import { formatDateTime, formatDateTimeZ, parseDateTime } from "../clock";
import { describeIssues } from "../errors";
import type { EmulatorState } from "../state";
import { jsonBody, noContent, ok, type RestContext, type RestResult } from "../rest/context";
import type { CompiledQuery } from "../soql/compile";
import { compileQuery, executeQuery, flatColumns } from "../soql/execute";
import { pathValue, type FieldPath } from "../soql/paths";
import type { SfRecord } from "../values";
import { bulkError, csvLine, DELIMITERS, eol, type ColumnDelimiter, type JobState, type LineEnding } from "./common";

const createSchema = z.object({
  operation: z.enum(["query", "queryAll"]),
  query: z.string().min(1),
  contentType: z.literal("CSV").optional(),
  lineEnding: z.enum(["LF", "CRLF"]).optional(),
  columnDelimiter: z.enum(Object.keys(DELIMITERS) as [ColumnDelimiter, ...ColumnDelimiter[]]).optional(),
});

const patchSchema = z.object({ state: z.literal("Aborted") });

export interface QueryJob {
  id: string;
  operation: "query" | "queryAll";
  object: string;
  soql: string;
  compiled: CompiledQuery;
  state: JobState;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  apiVersion: number;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  rows: SfRecord[];
  startedAt?: number;
  finishedAt?: number;
}

function jobInfo(job: QueryJob): Record<string, unknown> {
  const processing = job.startedAt !== undefined ? (job.finishedAt ?? job.startedAt) - job.startedAt : 0;
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: "Parallel",
    contentType: "CSV",
    apiVersion: job.apiVersion,
    jobType: "V2Query",
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    numberRecordsProcessed: job.state === "JobComplete" ? job.rows.length : 0,
    retries: 0,
    totalProcessingTime: processing,
    isPkChunkingSupported: true,
  };
}

function requireJob(state: EmulatorState, id: string | undefined): QueryJob {
  const job = id ? state.bulk.query.get(id) : undefined;
  if (!job) throw bulkError(404, "NOT_FOUND", "The requested resource does not exist");
  return job;
}

export function createQueryJob(ctx: RestContext): RestResult {
  const parsed = createSchema.safeParse(jsonBody(ctx));
  if (!parsed.success) throw bulkError(400, "INVALIDJOB", `InvalidJob : ${describeIssues(parsed.error.issues)}`);
  const body = parsed.data;
  const compiled = compileQuery(ctx.state.org, body.query);
  if (compiled.countOnly || compiled.aggregate) {
    throw bulkError(400, "INVALIDJOB", "InvalidJob : Aggregate queries are not supported by Bulk API 2.0 query");
  }
  if (compiled.offset !== undefined) throw bulkError(400, "INVALIDJOB", "InvalidJob : OFFSET is not supported by Bulk API 2.0 query");
  if (compiled.hasSubqueries) throw bulkError(400, "INVALIDJOB", "InvalidJob : Nested queries are not supported by Bulk API 2.0 query");
  const now = formatDateTime(ctx.state.clock.now());
  const job: QueryJob = {
    id: ctx.state.org.auxIds.next("750"),
    operation: body.operation,
    object: compiled.object.name,
    soql: body.query,
    compiled,
    state: "UploadComplete",
    createdById: ctx.userId,
    createdDate: now,
    systemModstamp: now,
    apiVersion: Number(ctx.version),
    lineEnding: body.lineEnding ?? "LF",
    columnDelimiter: body.columnDelimiter ?? "COMMA",
    rows: [],
  };
  ctx.state.bulk.query.set(job.id, job);
  ctx.state.bulk.scheduler.after(ctx.state.settings.bulkProcessingDelayMs, () => runJob(ctx.state, job));
  return ok(jobInfo(job));
}

function runJob(state: EmulatorState, job: QueryJob): void {
  if (job.state !== "UploadComplete") return;
  job.state = "InProgress";
  job.startedAt = Date.now();
  state.bulk.scheduler.after(0, () => {
    if (job.state !== "InProgress") return;
    job.rows = executeQuery(state.org, job.compiled, { includeDeleted: job.operation === "queryAll" }).rows;
    job.state = "JobComplete";
    job.finishedAt = Date.now();
    job.systemModstamp = formatDateTime(state.clock.now());
  });
}

export function listQueryJobs(ctx: RestContext): RestResult {
  return ok({ done: true, records: [...ctx.state.bulk.query.values()].map(jobInfo), nextRecordsUrl: null });
}

export function getQueryJob(ctx: RestContext): RestResult {
  return ok(jobInfo(requireJob(ctx.state, ctx.params.jobId)));
}

export function patchQueryJob(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  const parsed = patchSchema.safeParse(jsonBody(ctx));
  if (!parsed.success) throw bulkError(400, "INVALIDJOBSTATE", `Invalid state change: ${describeIssues(parsed.error.issues)}`);
  if (job.state === "JobComplete" || job.state === "Failed" || job.state === "Aborted") {
    throw bulkError(409, "INVALIDJOBSTATE", `Cannot abort a job in state ${job.state}`);
  }
  job.state = "Aborted";
  job.systemModstamp = formatDateTime(ctx.state.clock.now());
  return ok(jobInfo(job));
}

export function deleteQueryJob(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  ctx.state.bulk.query.delete(job.id);
  return noContent();
}

function cell(path: FieldPath, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (path.field.type === "datetime" && typeof value === "string") {
    const ms = parseDateTime(value);
    return ms === undefined ? value : formatDateTimeZ(ms);
  }
  return String(value);
}

function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString("base64").replace(/=+$/, "");
}

function decodeLocator(locator: string): number | undefined {
  const text = Buffer.from(locator, "base64").toString("utf8");
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

export function queryResults(ctx: RestContext): RestResult {
  const job = requireJob(ctx.state, ctx.params.jobId);
  if (Number(ctx.version) !== job.apiVersion) {
    throw bulkError(
      409,
      "INVALIDJOB",
      `Use the API version that created the job (v${job.apiVersion.toFixed(1)}) to get its results, not v${ctx.version}`,
    );
  }
  if (job.state !== "JobComplete") {
    throw bulkError(400, "JOB_NOT_COMPLETE", `Results are not available until the job is complete. Current status: ${job.state}`);
  }
  const locator = ctx.query.get("locator");
  const start = locator ? decodeLocator(locator) : 0;
  if (start === undefined || start > job.rows.length) throw bulkError(400, "INVALID_LOCATOR", `Invalid locator: ${locator ?? ""}`);
  const maxParam = ctx.query.get("maxRecords");
  const maxRecords = maxParam !== null && /^\d+$/.test(maxParam) && Number(maxParam) > 0 ? Number(maxParam) : ctx.state.settings.bulkQueryPageSize;
  const end = Math.min(start + maxRecords, job.rows.length);
  const columns = flatColumns(job.compiled);
  const nl = eol(job.lineEnding);
  const lines = [csvLine(columns.map((c) => c.canonical), job.columnDelimiter)];
  const org = ctx.state.org;
  for (let i = start; i < end; i++) {
    const rec = job.rows[i]!;
    lines.push(csvLine(columns.map((c) => cell(c, pathValue(org, rec, c))), job.columnDelimiter));
  }
  return {
    status: 200,
    text: lines.join(nl) + nl,
    contentType: "text/csv",
    headers: {
      "Sforce-Locator": end < job.rows.length ? encodeLocator(end) : "null",
      "Sforce-NumberOfRecords": String(end - start),
    },
  };
}
