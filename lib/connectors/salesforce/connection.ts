import { AsyncLocalStorage } from "node:async_hooks";
import jsforce, { type Connection } from "jsforce";
import type { Transport } from "jsforce/lib/transport";
import type { HttpRequest } from "jsforce/lib/types";
import { z } from "zod";
import { messageFromBody, networkError, VendorError } from "@/lib/connectors/errors";
import { FailedCallLog } from "@/lib/connectors/failed-calls";
import { ApiCallTally, parseRetryAfter } from "@/lib/connectors/http";
import { withVendorRetry, type RetryOptions } from "@/lib/connectors/retry";
import { oauthError } from "@/lib/connectors/salesforce/oauth";

export interface SalesforceConnectorOptions {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  instanceUrl: string;
  accessToken: string;
  refreshToken: string;
  version?: string;
  /** Called with each new access token jsforce obtains on a 401, so the caller can persist it. */
  onTokenRefresh?: (accessToken: string) => Promise<void>;
  /** Tunes the in-call retries of transient errors (tests shorten the delays). */
  retry?: Partial<RetryOptions>;
  /**
   * Runs each request while holding a slot of the org's concurrency limit, shared with every other
   * process that talks to the same org (see lib/integrations/salesforce-gate.ts).
   */
  gate?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Charged before each request; throws (a quota VendorError) once a run's API budget is spent. */
  budget?: { spend(): void };
}

export interface SalesforceIdentity {
  orgId: string;
  userId: string;
  username: string;
  displayName: string | null;
  orgName: string | null;
  isSandbox: boolean;
  organizationType: string | null;
}

export interface FieldDescribe {
  name: string;
  label: string;
  type: string;
  length: number;
  /** Digits after the decimal point of a number field; 0 for whole numbers. */
  scale?: number;
  updateable: boolean;
  createable: boolean;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  nillable: boolean;
  idLookup: boolean;
  referenceTo: string[];
  /** Active values of a picklist, multi-select picklist or combobox; absent when the describe lists none. */
  picklistValues?: string[];
}

export interface ObjectDescribe {
  name: string;
  label: string;
  fields: FieldDescribe[];
}

const userInfoSchema = z.object({
  user_id: z.string(),
  organization_id: z.string(),
  preferred_username: z.string().optional(),
  name: z.string().optional(),
});

const fieldSchema = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    length: z.number().optional(),
    scale: z.number().nullish(),
    updateable: z.boolean().optional(),
    createable: z.boolean().optional(),
    custom: z.boolean().optional(),
    externalId: z.boolean().optional(),
    unique: z.boolean().optional(),
    nillable: z.boolean().optional(),
    idLookup: z.boolean().optional(),
    referenceTo: z.array(z.string()).nullish(),
    picklistValues: z.array(z.object({ value: z.string(), active: z.boolean().optional() }).loose()).nullish(),
  })
  .loose();

/** Inactive values stay on old records but are no longer offered to people, so a push must not write them: only active ones are kept. */
function activePicklistValues(values: { value: string; active?: boolean }[] | null | undefined): { picklistValues?: string[] } {
  const active = (values ?? []).filter((v) => v.active !== false).map((v) => v.value);
  return active.length > 0 ? { picklistValues: active } : {};
}

const describeSchema = z.object({ name: z.string(), label: z.string(), fields: z.array(fieldSchema) }).loose();

const limitsSchema = z.object({ DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }) }).loose();

/** The last HTTP answer jsforce got inside one `call` (see captureResponses). */
export interface SeenResponse {
  url: string;
  status: number;
  retryAfter?: string;
  /** Only kept for error answers. */
  body?: string;
}

const TOKEN_PATH = "/services/oauth2/token";

/**
 * jsforce errors carry `errorCode` (REST) or an OAuth error name, but never the HTTP status or
 * headers; `seen`, the last answer captured in the same call, supplies those (Retry-After on
 * Salesforce's ConcurrentPerOrgLongTxn 403) and the token endpoint's answer when a refresh fails.
 */
export function toVendorError(error: unknown, where: string, seen?: SeenResponse): VendorError {
  if (error instanceof VendorError) return error;
  const e = error as { errorCode?: string; name?: string; message?: string; code?: string; cause?: unknown };
  const failed = seen && seen.status >= 400 ? seen : undefined;
  const retryAfterMs = parseRetryAfter(failed?.retryAfter);
  if (e?.errorCode && !e.errorCode.startsWith("ERROR_HTTP_")) {
    const status = failed?.status ?? (e.errorCode === "INVALID_SESSION_ID" ? 401 : e.errorCode === "REQUEST_LIMIT_EXCEEDED" ? 403 : undefined);
    return new VendorError({ system: "salesforce", code: e.errorCode, vendorMessage: e.message ?? e.errorCode, status, retryAfterMs });
  }
  // jsforce wraps a failed refresh in a plain Error that keeps only the OAuth error's description,
  // so the token endpoint's answer decides: invalid_grant needs a reconnect, but a 503
  // unknown_error, a login rate limit or a network failure on the way is only a blip.
  if (e?.message?.startsWith("Unable to refresh session")) {
    const token = failed?.url.includes(TOKEN_PATH) ? failed : undefined;
    if (!token && /request to .* failed|ECONN|ETIMEDOUT|socket/i.test(e.message)) return networkError("salesforce", error, where);
    const oauthCode = token?.body ? /"error"\s*:\s*"([a-z_]+)"/.exec(token.body)?.[1] : undefined;
    const code = oauthCode ?? (token && token.status >= 500 ? String(token.status) : "invalid_grant");
    return new VendorError({ system: "salesforce", code, vendorMessage: e.message, status: token?.status ?? 400, retryAfterMs });
  }
  // OAuth errors are named after their code (invalid_grant, unknown_error, …); a call that waited
  // on another call's refresh gets the token endpoint's error unwrapped like this.
  if (e?.name && /^[a-z_]+$/.test(e.name)) return oauthError(error, where);
  const httpName = e?.errorCode ?? e?.name;
  if (httpName?.startsWith("ERROR_HTTP_")) {
    // A non-JSON error body (a proxy's HTML page, a bare text): jsforce puts the raw body in message.
    const status = Number(httpName.slice("ERROR_HTTP_".length));
    return new VendorError({ system: "salesforce", code: String(status), vendorMessage: messageFromBody(e.message ?? "", `HTTP ${status}`), status, retryAfterMs });
  }
  // Bulk 2.0 query jobs: "Failed" carries no reason in the API, and a poll timeout means the job
  // may still be running. Starting another one at once would only queue more work on a busy org,
  // so the wait asked for is the time already polled: longer than maxDelayMs, it leaves the next
  // try to the job's own retry.
  if (e?.name === "JobPollingTimeout") {
    const polledMs = Number(/after (\d+)ms/.exec(e.message ?? "")?.[1]) || 30 * 60_000;
    return new VendorError({ system: "salesforce", code: "BULK_POLL_TIMEOUT", vendorMessage: e.message ?? "Bulk API job still running", retryAfterMs: polledMs });
  }
  if (e?.message === "Query job failed to complete" || e?.message === "Job has been aborted") {
    return new VendorError({ system: "salesforce", code: "BULK_JOB_FAILED", vendorMessage: e.message });
  }
  if (e?.code || e?.cause || e?.name === "FetchError" || e?.name === "AbortError") return networkError("salesforce", error, where);
  return new VendorError({ system: "salesforce", code: "UNEXPECTED", vendorMessage: e?.message ?? String(error), kind: "bug" });
}

/** The failed answer's body on the error, for the run's failed calls (toVendorError keeps only its words). */
function withAnswer(error: VendorError, seen: SeenResponse | undefined): VendorError {
  if (error.constructor !== VendorError || error.responseBody || !seen?.body || seen.status < 400) return error;
  return new VendorError({ system: error.system, code: error.code, vendorMessage: error.vendorMessage, status: error.status, retryAfterMs: error.retryAfterMs, kind: error.kind, responseBody: seen.body });
}

const capture = new AsyncLocalStorage<{ last?: SeenResponse }>();

/**
 * Wraps a jsforce transport so each answer is remembered in the current `call`, and switches off
 * jsforce's own retries there (0.5–8 s, 5 times, GET/PUT/DELETE only): withVendorRetry is the one
 * retry policy, and the API call tally then counts every request sent.
 */
function captureResponses(transport: Transport): void {
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options = {}) => {
    const store = capture.getStore();
    if (!store) return send(req, options);
    const pending = send(req, { ...options, retry: { ...options.retry, methods: [] } });
    pending.then(
      (res) => {
        store.last = {
          url: req.url,
          status: res.statusCode,
          retryAfter: res.headers?.["retry-after"],
          body: res.statusCode >= 400 && typeof res.body === "string" ? res.body.slice(0, 2000) : undefined,
        };
      },
      () => undefined,
    );
    return pending;
  };
}

export type SalesforceHttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Only paths under the API version root: the writes never address another host or API. */
function versionPath(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/services/") || /\s|\.\./.test(path)) {
    throw new Error(`Salesforce path must be relative to the API version root: ${path}`);
  }
  return path;
}

/**
 * With a forced text response type, jsforce no longer reads JSON error bodies, so a Bulk error
 * arrives as ERROR_HTTP_<status> with the raw body as its message; unwrap Salesforce's
 * `[{"errorCode","message"}]` so the error keeps its code (INVALIDJOBSTATE, INVALID_SESSION_ID…).
 */
function errorFromTextBody(error: unknown): unknown {
  const e = error as { errorCode?: string; message?: string };
  if (!e?.errorCode?.startsWith("ERROR_HTTP_") || !e.message) return error;
  try {
    const parsed = JSON.parse(e.message) as unknown;
    const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { errorCode?: unknown; message?: unknown } | undefined;
    if (first && typeof first.errorCode === "string" && typeof first.message === "string") {
      return Object.assign(new Error(first.message), { errorCode: first.errorCode });
    }
  } catch {
    // not JSON: keep jsforce's error, toVendorError reads the status from it
  }
  return error;
}

/** The product's view of one Salesforce org; nothing outside this folder touches jsforce. */
export class SalesforceConnector {
  private readonly conn: Connection;
  private readonly version: string;

  constructor(private readonly opts: SalesforceConnectorOptions) {
    this.version = opts.version ?? "62.0";
    this.conn = new jsforce.Connection({
      oauth2: { loginUrl: opts.loginUrl, clientId: opts.clientId, clientSecret: opts.clientSecret },
      instanceUrl: opts.instanceUrl,
      accessToken: opts.accessToken,
      refreshToken: opts.refreshToken,
      version: this.version,
    });
    captureResponses(this.conn._transport);
    captureResponses(this.conn.oauth2._transport);
    if (opts.onTokenRefresh) {
      const persist = opts.onTokenRefresh;
      this.conn.on("refresh", (accessToken: string) => {
        this.pendingRefresh = persist(accessToken);
      });
    }
  }

  private pendingRefresh: Promise<void> | null = null;
  private readonly tally = new ApiCallTally();
  /** Write calls Salesforce refused records of, as sent (collections.ts and bulk-ingest.ts record them). */
  readonly failedCalls = new FailedCallLog("salesforce", () => [this.conn.accessToken, this.conn.refreshToken, this.opts.accessToken, this.opts.refreshToken, this.opts.clientSecret]);

  /** API calls made through this connector, by kind. */
  apiCalls(): Record<string, number> {
    return this.tally.snapshot();
  }

  /**
   * Runs one call, turning jsforce's errors into VendorError, retrying transient ones (reads, and
   * writes that are safe to repeat) and waiting for a refreshed token to be stored. Every attempt
   * is counted under `label`.
   */
  private async call<T>(work: () => Promise<T>, label?: string, retry?: Partial<RetryOptions>): Promise<T> {
    return withVendorRetry(async () => {
      this.opts.budget?.spend();
      if (label) this.tally.count(label);
      const seen: { last?: SeenResponse } = {};
      const gate = this.opts.gate;
      try {
        return await (gate ? gate(() => capture.run(seen, work)) : capture.run(seen, work));
      } catch (error) {
        throw withAnswer(toVendorError(error, this.opts.instanceUrl, seen.last), seen.last);
      } finally {
        if (this.pendingRefresh) {
          const pending = this.pendingRefresh;
          this.pendingRefresh = null;
          await pending;
        }
      }
    }, retry ? { ...this.opts.retry, ...retry } : this.opts.retry);
  }

  /**
   * One REST call under /services/data/vNN.0 (`path` relative to it, e.g. "/composite/sobjects"),
   * JSON in and out, through `call`: errors become VendorError, transient ones are retried
   * (`retry.retryIf` narrows that for writes a repeat could double), and each attempt is counted
   * under `label`. A 204 answers undefined.
   */
  async requestJson<T = unknown>(method: SalesforceHttpMethod, path: string, body: unknown, label: string, retry?: Partial<RetryOptions>): Promise<T> {
    const request: HttpRequest = { method, url: versionPath(path) };
    if (body !== undefined) {
      request.body = JSON.stringify(body);
      request.headers = { "content-type": "application/json" };
    }
    return this.call(async () => (await this.conn.request<T>(request)) as T, label, retry);
  }

  /**
   * Like requestJson for Bulk API 2.0 CSV: sends `csv` (if any) as text/csv and returns the
   * answer's raw text, so result files are parsed with the job's own dialect rather than
   * jsforce's any-delimiter parser.
   */
  async requestCsv(method: SalesforceHttpMethod, path: string, csv: string | undefined, label: string, retry?: Partial<RetryOptions>): Promise<string> {
    const request: HttpRequest = { method, url: versionPath(path), headers: { accept: "text/csv" } };
    if (csv !== undefined) {
      request.body = csv;
      request.headers = { ...request.headers, "content-type": "text/csv" };
    }
    return this.call(async () => {
      try {
        const text = await this.conn.request<unknown>(request, { responseType: "text/plain" });
        return typeof text === "string" ? text : "";
      } catch (error) {
        throw errorFromTextBody(error);
      }
    }, label, retry);
  }

  async identity(): Promise<SalesforceIdentity> {
    const info = userInfoSchema.parse(await this.call(() => this.conn.request("/services/oauth2/userinfo")));
    // Organization may be unreadable for a restricted user; the card still works without it.
    const org = await this.call(async () => await this.conn.query("SELECT Name, IsSandbox, OrganizationType FROM Organization LIMIT 1")).catch(
      () => null,
    );
    const record = (org as { records?: { Name?: string; IsSandbox?: boolean; OrganizationType?: string }[] } | null)?.records?.[0];
    return {
      orgId: info.organization_id,
      userId: info.user_id,
      username: info.preferred_username ?? info.user_id,
      displayName: info.name ?? null,
      orgName: record?.Name ?? null,
      isSandbox: record?.IsSandbox ?? false,
      organizationType: record?.OrganizationType ?? null,
    };
  }

  /** A REST call every API-enabled user may make; refused with API_DISABLED_FOR_ORG otherwise. */
  async checkApiAccess(): Promise<void> {
    await this.call(() => this.conn.request(`/services/data/v${this.version}/`));
  }

  async limits(): Promise<{ dailyApiRequests: { max: number; remaining: number } }> {
    const limits = limitsSchema.parse(await this.call(() => this.conn.request(`/services/data/v${this.version}/limits`)));
    return { dailyApiRequests: { max: limits.DailyApiRequests.Max, remaining: limits.DailyApiRequests.Remaining } };
  }

  /** The allowance as of the last response (Sforce-Limit-Info), or null before any call. */
  lastApiUsage(): { used: number; max: number } | null {
    const usage = (this.conn as unknown as { limitInfo?: { apiUsage?: { used: number; limit: number } } }).limitInfo?.apiUsage;
    return usage ? { used: usage.used, max: usage.limit } : null;
  }

  async describeObject(name: string): Promise<ObjectDescribe> {
    const raw = describeSchema.parse(await this.call(() => this.conn.sobject(name).describe()));
    return {
      name: raw.name,
      label: raw.label,
      fields: raw.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        length: f.length ?? 0,
        ...(typeof f.scale === "number" ? { scale: f.scale } : {}),
        updateable: f.updateable ?? false,
        createable: f.createable ?? false,
        custom: f.custom ?? false,
        externalId: f.externalId ?? false,
        unique: f.unique ?? false,
        nillable: f.nillable ?? true,
        idLookup: f.idLookup ?? false,
        referenceTo: f.referenceTo ?? [],
        ...activePicklistValues(f.picklistValues),
      })),
    };
  }

  /**
   * One SOQL query, following nextRecordsUrl if the org returns smaller batches than asked for.
   * `includeDeleted` uses queryAll, which also returns deleted and merged records.
   */
  async query<T extends Record<string, unknown>>(soql: string, opts: { includeDeleted?: boolean } = {}): Promise<T[]> {
    const label = opts.includeDeleted ? "GET /queryAll" : "GET /query";
    type Page = { records: T[]; done: boolean; nextRecordsUrl?: string };
    let page: Page = await this.call(async () => (await this.conn.query<T>(soql, { autoFetch: false, scanAll: opts.includeDeleted ?? false })) as Page, label);
    const records = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      const locator = page.nextRecordsUrl;
      page = await this.call(async () => (await this.conn.queryMore<T>(locator)) as Page, `${label} (more)`);
      records.push(...page.records);
    }
    return records;
  }

  /** `SELECT COUNT() FROM …` */
  async count(soql: string): Promise<number> {
    const result = await this.call(async () => (await this.conn.query(soql, { autoFetch: false })) as { totalSize: number }, "GET /query");
    return result.totalSize;
  }

  /**
   * A Bulk API 2.0 query, handing records to `onBatch` in batches so memory stays flat. Values
   * arrive as CSV strings ("" for null).
   */
  async bulkQuery(soql: string, onBatch: (records: Record<string, string>[]) => Promise<void>, batchSize = 2000): Promise<number> {
    const stream = await this.call(() => this.conn.bulk2.query(soql, { pollInterval: 500, pollTimeout: 30 * 60_000 }), "Bulk 2.0 query job");
    let batch: Record<string, string>[] = [];
    let total = 0;
    try {
      for await (const record of stream as AsyncIterable<Record<string, string>>) {
        // jsforce 3.10.16 parses every result page with one CSV parser: each later page's header
        // line arrives as a record whose values are the column names.
        if (record.Id === "Id") continue;
        batch.push(record);
        total++;
        if (batch.length >= batchSize) {
          await onBatch(batch);
          batch = [];
        }
      }
    } catch (error) {
      throw toVendorError(error, this.opts.instanceUrl);
    }
    if (batch.length > 0) await onBatch(batch);
    return total;
  }
}
