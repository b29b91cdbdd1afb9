import { z } from "zod";
import { answerOf, VendorError } from "@/lib/connectors/errors";
import { vendorDidNotProcess } from "@/lib/connectors/retry";
import { bulkCellText, csvLine, parseBulkError, parseCsvRows } from "@/lib/connectors/salesforce/bulk-csv";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import {
  apiName,
  SalesforceWriteInterrupted,
  unsendableValue,
  writeFailure,
  type SalesforceFields,
  type WriteResult,
} from "@/lib/connectors/salesforce/write-results";

// Large writes through Bulk API 2.0 ingest: create a job, upload the CSV, close it, poll until
// Salesforce has processed it, then read successfulResults, failedResults and unprocessedrecords
// and give every input record its result, in input order.
//
// Result files are not in input order across Salesforce's parallel batches, and a failed row
// has no ID, but every result row repeats the row as uploaded. A row is matched back by all its
// cells (identical rows are interchangeable), then by its key column (Id or the external ID)
// in case Salesforce echoes a value differently from how it was sent.

export type BulkIngestOperation = "update" | "upsert";

export interface BulkIngestOptions {
  /** First wait before polling the job; later waits grow by half up to maxPollIntervalMs. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** Past this the job is aborted and the call fails with BULK_POLL_TIMEOUT (transient). */
  pollTimeoutMs?: number;
  /**
   * CSV bytes per job. Salesforce takes up to 150 MB base64-encoded per job (about 112 MB of
   * CSV) and recommends 100 MB; larger inputs become several jobs, run one after another.
   */
  maxBytesPerJob?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = {
  pollIntervalMs: 1000,
  maxPollIntervalMs: 10_000,
  pollTimeoutMs: 15 * 60_000,
  maxBytesPerJob: 100_000_000,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

const jobInfo = z
  .object({
    id: z.string(),
    state: z.string(),
    numberRecordsProcessed: z.number().optional(),
    numberRecordsFailed: z.number().optional(),
    errorMessage: z.string().nullish(),
  })
  .loose();
type JobInfo = z.infer<typeof jobInfo>;

const DONE_STATES = new Set(["JobComplete", "Failed", "Aborted"]);

interface Row {
  index: number;
  cells: string[];
  line: string;
}

/**
 * Updates (by Id) or upserts (by `externalIdField`) records through Bulk API 2.0 ingest jobs.
 * One result per input record, in order: `{ ok, id, created }` for upserts that created a
 * record, failures with Salesforce's code from `sf__Error`, and `BULK_NOT_PROCESSED` (retryable)
 * for rows a failed or aborted job never reached. Throws SalesforceWriteInterrupted when a job
 * cannot be created, uploaded or closed, or fails before processing anything.
 */
export async function bulkIngest(
  sf: SalesforceConnector,
  object: string,
  operation: BulkIngestOperation,
  records: SalesforceFields[],
  externalIdField?: string,
  options: BulkIngestOptions = {},
): Promise<WriteResult[]> {
  const type = apiName(object);
  if (operation === "upsert" && !externalIdField) throw new Error("bulkIngest: an upsert needs externalIdField");
  const key = operation === "update" ? "Id" : apiName(externalIdField!);
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;

  const results: WriteResult[] = new Array<WriteResult>(records.length);
  const header = columnsOf(records, key);
  const headerLine = csvLine(header) + "\n";
  const rows: Row[] = [];
  records.forEach((record, index) => {
    const refused = unsendableValue(type, record);
    if (refused) {
      results[index] = refused;
      return;
    }
    const cells = cellsOf(record, header);
    rows.push({ index, cells, line: csvLine(cells) + "\n" });
  });

  for (const jobRows of splitByBytes(rows, Buffer.byteLength(headerLine), o.maxBytesPerJob)) {
    let mapped: WriteResult[];
    try {
      mapped = await runJob(sf, { object: type, operation, key, header, headerLine, rows: jobRows }, o);
    } catch (error) {
      if (error instanceof VendorError) throw new SalesforceWriteInterrupted(error, results.slice(0, jobRows[0]!.index));
      throw error;
    }
    jobRows.forEach((row, i) => (results[row.index] = mapped[i]!));
  }
  return results;
}

/** The key column first, then every field any record sets, in first-seen order (names compared case-insensitively). */
function columnsOf(records: SalesforceFields[], key: string): string[] {
  const seen = new Map<string, string>([[key.toLowerCase(), key]]);
  for (const record of records) {
    for (const field of Object.keys(record)) {
      const lower = field.toLowerCase();
      if (!seen.has(lower)) seen.set(lower, apiName(field));
    }
  }
  return [...seen.values()];
}

function cellsOf(record: SalesforceFields, header: string[]): string[] {
  const position = new Map(header.map((column, i) => [column.toLowerCase(), i]));
  const cells = header.map(() => "");
  for (const [field, value] of Object.entries(record)) cells[position.get(field.toLowerCase())!] = bulkCellText(value);
  return cells;
}

function* splitByBytes(rows: Row[], headerBytes: number, maxBytes: number): Generator<Row[]> {
  let batch: Row[] = [];
  let bytes = headerBytes;
  for (const row of rows) {
    const size = Buffer.byteLength(row.line);
    if (batch.length > 0 && bytes + size > maxBytes) {
      yield batch;
      batch = [];
      bytes = headerBytes;
    }
    batch.push(row);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

interface JobInput {
  object: string;
  operation: BulkIngestOperation;
  key: string;
  header: string[];
  headerLine: string;
  rows: Row[];
}

/** The job's calls as sent, for the run's failed calls: the job it asked for, then the CSV it uploaded. */
function sentJob(createBody: unknown, path: string, job: JobInput): string {
  return `POST /jobs/ingest\n${JSON.stringify(createBody)}\n\nPUT ${path}/batches (text/csv)\n${job.headerLine}${job.rows.map((r) => r.line).join("")}`;
}

async function runJob(sf: SalesforceConnector, job: JobInput, o: typeof DEFAULTS): Promise<WriteResult[]> {
  const createBody = {
    object: job.object,
    operation: job.operation,
    ...(job.operation === "upsert" ? { externalIdFieldName: job.key } : {}),
    contentType: "CSV",
    columnDelimiter: "COMMA",
    lineEnding: "LF",
  };
  // The call in progress, so a failure names the one that failed.
  const at: CallAt = { method: "POST", path: "/jobs/ingest" };
  try {
    return await runCreatedJob(sf, job, o, createBody, at);
  } catch (error) {
    if (error instanceof VendorError) {
      sf.failedCalls.record({
        label: "Bulk 2.0 ingest job",
        method: at.method,
        path: at.path,
        status: error.status ?? null,
        request: sentJob(createBody, at.job ?? "/jobs/ingest/{id}", job),
        response: answerOf(error),
        records: job.rows.length,
        refused: job.rows.length,
      });
    }
    throw error;
  }
}

interface CallAt {
  method: string;
  path: string;
  /** The job's path once Salesforce created it. */
  job?: string;
}

async function runCreatedJob(sf: SalesforceConnector, job: JobInput, o: typeof DEFAULTS, createBody: Record<string, unknown>, at: CallAt): Promise<WriteResult[]> {
  const created = jobInfo.parse(await sf.requestJson("POST", "/jobs/ingest", createBody, "Bulk 2.0 ingest job"));
  const path = `/jobs/ingest/${encodeURIComponent(created.id)}`;
  at.job = path;
  // A repeated upload would add the rows twice and a repeated close meets a closed job, so these
  // two are retried only when Salesforce surely did nothing (503, lock, limit, refused socket).
  const once = { retryIf: vendorDidNotProcess };
  try {
    Object.assign(at, { method: "PUT", path: `${path}/batches` });
    await sf.requestCsv("PUT", `${path}/batches`, job.headerLine + job.rows.map((r) => r.line).join(""), "Bulk 2.0 ingest upload", once);
    Object.assign(at, { method: "PATCH", path });
    await sf.requestJson("PATCH", path, { state: "UploadComplete" }, "Bulk 2.0 ingest close", once);
  } catch (error) {
    await abort(sf, path);
    throw error;
  }

  Object.assign(at, { method: "GET", path });
  const info = await waitForJob(sf, path, o);
  const processed = info.numberRecordsProcessed;
  const failed = info.numberRecordsFailed;
  if (info.state !== "JobComplete" && processed === 0) {
    const message = info.errorMessage || `Bulk API job ${created.id} ended ${info.state}`;
    // "InvalidBatch : Field name not found : X" and the like: the request was wrong, not the moment.
    throw new VendorError({ system: "salesforce", code: "BULK_JOB_FAILED", vendorMessage: message, kind: /^Invalid/i.test(message) ? "bug" : "transient" });
  }
  // The counts say which files can hold rows; each file read is one API call.
  const known = processed !== undefined && failed !== undefined;
  const read = (file: string) => {
    Object.assign(at, { method: "GET", path: `${path}/${file}` });
    return sf.requestCsv("GET", `${path}/${file}`, undefined, "Bulk 2.0 ingest results");
  };
  const successCsv = !known || processed - failed > 0 ? await read("successfulResults") : "";
  const failedCsv = !known || failed > 0 ? await read("failedResults") : "";
  const unprocessedCsv = !known || processed < job.rows.length ? await read("unprocessedrecords") : "";
  const results = mapResults(job, { successCsv, failedCsv, unprocessedCsv, notProcessedMessage: info.errorMessage || `the job ended ${info.state}` });
  const refused = results.filter((r) => !r.ok).length;
  if (refused > 0) {
    const answers = [`GET ${path}\n${JSON.stringify(info)}`];
    if (failedCsv) answers.push(`GET ${path}/failedResults (text/csv)\n${failedCsv}`);
    if (unprocessedCsv) answers.push(`GET ${path}/unprocessedrecords (text/csv)\n${unprocessedCsv}`);
    sf.failedCalls.record({
      label: "Bulk 2.0 ingest results",
      method: "GET",
      path: `${path}/failedResults`,
      status: 200,
      request: sentJob(createBody, path, job),
      response: answers.join("\n\n"),
      records: job.rows.length,
      refused,
    });
  }
  return results;
}

async function waitForJob(sf: SalesforceConnector, path: string, o: typeof DEFAULTS): Promise<JobInfo> {
  const started = Date.now();
  let wait = o.pollIntervalMs;
  for (;;) {
    await o.sleep(wait);
    const info = jobInfo.parse(await sf.requestJson("GET", path, undefined, "Bulk 2.0 ingest poll"));
    if (DONE_STATES.has(info.state)) return info;
    const polledMs = Date.now() - started;
    if (polledMs >= o.pollTimeoutMs) {
      // Stop it rather than leave it writing while the caller retries the same records.
      await abort(sf, path);
      throw new VendorError({
        system: "salesforce",
        code: "BULK_POLL_TIMEOUT",
        vendorMessage: `Bulk API ingest job still ${info.state} after ${polledMs}ms; aborted`,
        kind: "transient",
      });
    }
    wait = Math.min(o.maxPollIntervalMs, Math.ceil(wait * 1.5));
  }
}

/** Best effort: a job left Open or running is only wasted work, never wrong data. */
async function abort(sf: SalesforceConnector, path: string): Promise<void> {
  await sf.requestJson("PATCH", path, { state: "Aborted" }, "Bulk 2.0 ingest abort", { attempts: 1 }).catch(() => undefined);
}

interface ResultFiles {
  successCsv: string;
  failedCsv: string;
  unprocessedCsv: string;
  notProcessedMessage: string;
}

function mapResults(job: JobInput, files: ResultFiles): WriteResult[] {
  const matcher = new RowMatcher(job);
  const mapped: (WriteResult | undefined)[] = new Array<WriteResult | undefined>(job.rows.length);
  const inputId = (position: number): string | undefined => (job.operation === "update" ? job.rows[position]!.cells[0] || undefined : undefined);

  matcher.each(files.successCsv, (position, row, column) => {
    const id = row[column("sf__Id")] || undefined;
    const created = job.operation === "upsert" ? { created: row[column("sf__Created")] === "true" } : {};
    mapped[position] = { ok: true, ...((id ?? inputId(position)) ? { id: id ?? inputId(position) } : {}), ...created };
  });
  matcher.each(files.failedCsv, (position, row, column) => {
    const error = parseBulkError(row[column("sf__Error")] ?? "");
    mapped[position] = writeFailure(job.object, {
      code: error.code,
      vendorMessage: error.message,
      fields: error.fields,
      id: row[column("sf__Id")] || inputId(position),
    });
  });
  matcher.each(files.unprocessedCsv, (position) => {
    mapped[position] = writeFailure(job.object, { code: "BULK_NOT_PROCESSED", vendorMessage: files.notProcessedMessage, id: inputId(position) });
  });
  return mapped.map(
    (result, position) =>
      result ??
      writeFailure(job.object, {
        code: "BULK_NOT_PROCESSED",
        vendorMessage: "Salesforce's job results did not mention this row",
        id: inputId(position),
      }),
  );
}

/** Finds the uploaded row a result row repeats: by all its cells, else by its key cell. */
class RowMatcher {
  private readonly byRow = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();
  private readonly taken: boolean[];

  constructor(private readonly job: JobInput) {
    this.taken = job.rows.map(() => false);
    job.rows.forEach((row, position) => {
      push(this.byRow, row.cells.join("\u0000"), position);
      push(this.byKey, row.cells[0]!, position);
    });
  }

  /** Calls `found` for each data row of `csv` that matches an uploaded row not matched before. */
  each(csv: string, found: (position: number, row: string[], column: (name: string) => number) => void): void {
    const [resultHeader, ...rows] = parseCsvRows(csv);
    if (!resultHeader) return;
    const index = new Map(resultHeader.map((name, i) => [name.toLowerCase(), i]));
    const column = (name: string): number => index.get(name.toLowerCase()) ?? -1;
    const original = this.job.header.map((name) => column(name));
    for (const row of rows) {
      const cells = original.map((i) => (i >= 0 ? (row[i] ?? "") : ""));
      const position = this.take(this.byRow, cells.join("\u0000")) ?? this.take(this.byKey, cells[0]!);
      if (position !== undefined) found(position, row, column);
    }
  }

  private take(map: Map<string, number[]>, key: string): number | undefined {
    const queue = map.get(key);
    while (queue && queue.length > 0) {
      const position = queue.shift()!;
      if (!this.taken[position]) {
        this.taken[position] = true;
        return position;
      }
    }
    return undefined;
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
