// Routing under /services/data/vNN.N/. A small table instead of framework routes because
// Salesforce matches object/field names case-insensitively, allows trailing slashes, and
// jsforce sends unencoded external-ID values that may contain "/".

import { SfApiError, notFound } from "../errors";
import * as ingest from "../bulk/ingest";
import * as bulkQuery from "../bulk/query";
import * as collections from "./collections";
import { composite, compositeBatch } from "./composite";
import type { RestContext, RestResult } from "./context";
import { ok } from "./context";
import { query, queryAll, queryMore } from "./query";
import * as sobjects from "./sobjects";

type Handler = (ctx: RestContext) => RestResult | Promise<RestResult>;

interface Route {
  pattern: string[];
  handlers: Partial<Record<string, Handler>>;
}

function resources(ctx: RestContext): RestResult {
  const base = `/services/data/v${ctx.version}`;
  const names = ["tooling", "metadata", "eclair", "folders", "prechatForms", "chatter", "tabs", "appMenu", "quickActions", "queryAll", "commerce", "wave", "iot", "analytics", "search", "identity", "composite", "parameterizedSearch", "fingerprint", "theme", "nouns", "domino", "event", "serviceTemplates", "recent", "connect", "licensing", "limits", "process", "dedupe", "async-queries", "query", "jobs", "match", "emailConnect", "compactLayouts", "knowledgeManagement", "sobjects", "actions", "support", "uiapi"];
  const body: Record<string, string> = {};
  for (const n of names.sort()) body[n] = `${base}/${n}`;
  body.identity = `${ctx.state.baseUrl}/id/${ctx.state.org.info.id}/${ctx.userId}`;
  return ok(body);
}

function limits(ctx: RestContext): RestResult {
  return ok(ctx.state.usage.limitsBody());
}

/** /sobjects/{type}/{segment}: an ID, or an external-ID field name used without a value. */
function recordOrKey(method: string): Handler {
  return (ctx) => {
    const segment = ctx.params.id!;
    const meta = ctx.state.org.object(ctx.params.type!);
    const isFieldName = meta?.fieldByLower.has(segment.toLowerCase()) ?? false;
    if (!isFieldName && sobjects.isRecordIdSegment(segment)) {
      switch (method) {
        case "GET":
          return sobjects.retrieve(ctx);
        case "PATCH":
          return sobjects.update(ctx);
        case "DELETE":
          return sobjects.destroy(ctx);
        default:
          throw methodNotAllowed(method, ["GET", "PATCH", "DELETE"]);
      }
    }
    if (method === "POST") return sobjects.createViaIdKey({ ...ctx, params: { ...ctx.params, field: segment } });
    throw notFound(`Provided external ID field does not exist or is not accessible: ${segment}`);
  };
}

const ROUTES: Route[] = [
  { pattern: [], handlers: { GET: resources } },
  { pattern: ["limits"], handlers: { GET: limits } },
  { pattern: ["sobjects"], handlers: { GET: sobjects.describeGlobal } },
  { pattern: ["sobjects", "{type}"], handlers: { GET: sobjects.sobjectInfo, POST: sobjects.create } },
  { pattern: ["sobjects", "{type}", "describe"], handlers: { GET: sobjects.describe } },
  { pattern: ["sobjects", "{type}", "updated"], handlers: { GET: sobjects.updated } },
  { pattern: ["sobjects", "{type}", "deleted"], handlers: { GET: sobjects.deleted } },
  {
    pattern: ["sobjects", "{type}", "{id}"],
    handlers: { GET: recordOrKey("GET"), PATCH: recordOrKey("PATCH"), DELETE: recordOrKey("DELETE"), POST: recordOrKey("POST") },
  },
  {
    pattern: ["sobjects", "{type}", "{field}", "{value*}"],
    handlers: { GET: sobjects.getByExternalId, PATCH: sobjects.upsertByExternalId, DELETE: sobjects.deleteByExternalId },
  },
  { pattern: ["query"], handlers: { GET: query } },
  { pattern: ["query", "{locator}"], handlers: { GET: queryMore } },
  { pattern: ["queryAll"], handlers: { GET: queryAll } },
  { pattern: ["queryAll", "{locator}"], handlers: { GET: queryMore } },
  { pattern: ["composite"], handlers: { POST: composite } },
  { pattern: ["composite", "batch"], handlers: { POST: compositeBatch } },
  {
    pattern: ["composite", "sobjects"],
    handlers: { POST: collections.createMany, PATCH: collections.updateMany, DELETE: collections.deleteMany },
  },
  { pattern: ["composite", "sobjects", "{type}"], handlers: { GET: collections.retrieveManyGet, POST: collections.retrieveManyPost } },
  { pattern: ["composite", "sobjects", "{type}", "{field}"], handlers: { PATCH: collections.upsertMany } },
  { pattern: ["jobs", "ingest"], handlers: { POST: ingest.createIngestJob, GET: ingest.listIngestJobs } },
  {
    pattern: ["jobs", "ingest", "{jobId}"],
    handlers: { GET: ingest.getIngestJob, PATCH: ingest.patchIngestJob, DELETE: ingest.deleteIngestJob },
  },
  { pattern: ["jobs", "ingest", "{jobId}", "batches"], handlers: { PUT: ingest.uploadBatch } },
  { pattern: ["jobs", "ingest", "{jobId}", "successfulResults"], handlers: { GET: ingest.successfulResults } },
  { pattern: ["jobs", "ingest", "{jobId}", "failedResults"], handlers: { GET: ingest.failedResults } },
  { pattern: ["jobs", "ingest", "{jobId}", "unprocessedrecords"], handlers: { GET: ingest.unprocessedRecords } },
  { pattern: ["jobs", "query"], handlers: { POST: bulkQuery.createQueryJob, GET: bulkQuery.listQueryJobs } },
  {
    pattern: ["jobs", "query", "{jobId}"],
    handlers: { GET: bulkQuery.getQueryJob, PATCH: bulkQuery.patchQueryJob, DELETE: bulkQuery.deleteQueryJob },
  },
  { pattern: ["jobs", "query", "{jobId}", "results"], handlers: { GET: bulkQuery.queryResults } },
];

function methodNotAllowed(method: string, allowed: string[]): SfApiError {
  return new SfApiError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(",")}`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface RouteMatch {
  name: string;
  params: Record<string, string>;
  handler: Handler;
}

function match(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.endsWith("*}")) {
      if (i >= segments.length) return undefined;
      params[p.slice(1, -2)] = segments.slice(i).map(decodeSegment).join("/");
      return params;
    }
    const s = segments[i];
    if (s === undefined) return undefined;
    if (p.startsWith("{")) params[p.slice(1, -1)] = decodeSegment(s);
    else if (p.toLowerCase() !== s.toLowerCase()) return undefined;
  }
  return pattern.length === segments.length ? params : undefined;
}

/** Finds the handler for a versioned path (segments after /services/data/vNN.N/). */
export function route(method: string, segments: string[]): RouteMatch {
  const clean = segments.filter((s) => s !== "");
  for (const r of ROUTES) {
    const params = match(r.pattern, clean);
    if (!params) continue;
    const handler = r.handlers[method];
    if (!handler) throw methodNotAllowed(method, Object.keys(r.handlers));
    return { name: `${method} /${r.pattern.join("/")}`, params, handler };
  }
  throw notFound();
}

/** Runs a handler, turning thrown Salesforce errors into their HTTP form. */
export async function runRoute(handler: Handler, ctx: RestContext): Promise<RestResult> {
  try {
    return await handler(ctx);
  } catch (err) {
    if (err instanceof SfApiError) return { status: err.status, json: err.body(), headers: err.extraHeaders };
    throw err;
  }
}
