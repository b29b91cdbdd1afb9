// POST /composite and /composite/batch: several REST calls in one request (one API call).
// Subrequests run through the same router as top-level calls; composite allOrNone collects
// every transaction its subrequests open so a failure rolls all of them back.

import { z } from "zod";
import { SfApiError } from "../errors";
import type { Tx } from "../store";
import { parseBody, ok, type RestContext, type RestResult } from "./context";
import { route, runRoute } from "./router";

const MAX_SUBREQUESTS = 25;

const compositeSchema = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z
    .array(
      z.object({
        method: z.string().min(1),
        url: z.string().min(1),
        referenceId: z.string().min(1),
        body: z.unknown().optional(),
        httpHeaders: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(1),
});

const batchSchema = z.object({
  haltOnError: z.boolean().optional(),
  batchRequests: z
    .array(z.object({ method: z.string().min(1), url: z.string().min(1), richInput: z.unknown().optional() }))
    .min(1),
});

/** Splits "/services/data/v62.0/sobjects/Account?x=1" (or "v62.0/...") into version, segments, query. */
function parseSubUrl(url: string): { version: string; segments: string[]; query: URLSearchParams } {
  const [path = "", qs = ""] = url.split("?", 2);
  const m = /^(?:\/?services\/data\/)?\/?v(\d+\.\d)(\/.*)?$/.exec(path);
  if (!m) throw new SfApiError(400, "INVALID_URL", `The URL ${url} is not a valid REST API URL`);
  return { version: m[1]!, segments: (m[2] ?? "").split("/").filter(Boolean), query: new URLSearchParams(qs) };
}

async function dispatch(ctx: RestContext, method: string, url: string, body: unknown): Promise<RestResult> {
  try {
    const { version, segments, query } = parseSubUrl(url);
    const upper = method.toUpperCase();
    const found = route(upper, segments);
    const sub: RestContext = {
      ...ctx,
      version,
      method: upper,
      params: found.params,
      query,
      rawBody: body === undefined ? "" : JSON.stringify(body),
      lockFault: false,
    };
    return await runRoute(found.handler, sub);
  } catch (err) {
    if (err instanceof SfApiError) return { status: err.status, json: err.body() };
    throw err;
  }
}

function lookup(results: Map<string, unknown>, expr: string): unknown {
  const [ref, ...rest] = expr.split(".");
  let value: unknown = results.get(ref ?? "");
  for (const part of rest.join(".").split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Replaces @{refId.path} with values from earlier subrequest results. */
function substitute(text: string, results: Map<string, unknown>): string {
  return text.replace(/@\{([^}]+)\}/g, (whole, expr: string) => {
    const value = lookup(results, expr);
    if (value === undefined || value === null || typeof value === "object") {
      throw new SfApiError(400, "INVALID_REFERENCE", `Invalid reference specified. No value for ${expr} found in ${expr.split(".")[0]}`);
    }
    return String(value);
  });
}

function substituteBody(body: unknown, results: Map<string, unknown>): unknown {
  if (body === undefined) return undefined;
  return JSON.parse(substitute(JSON.stringify(body), results));
}

function locationOf(ctx: RestContext, id: string): string {
  const meta = ctx.state.org.registry.objectForId(id);
  return `/services/data/v${ctx.version}/sobjects/${meta?.name ?? "sObject"}/${id}`;
}

export async function composite(ctx: RestContext): Promise<RestResult> {
  const body = parseBody(ctx, compositeSchema);
  if (body.compositeRequest.length > MAX_SUBREQUESTS) {
    throw new SfApiError(400, "LIMIT_EXCEEDED", `Composite requests may contain up to ${MAX_SUBREQUESTS} subrequests`);
  }
  const org = ctx.state.org;
  const collected: Tx[] | undefined = body.allOrNone ? [] : undefined;
  org.txCollector = collected;
  const results = new Map<string, unknown>();
  const responses: Array<Record<string, unknown>> = [];
  let failedAt = -1;
  try {
    for (const [i, sub] of body.compositeRequest.entries()) {
      let res: RestResult;
      try {
        res = await dispatch(ctx, sub.method, substitute(sub.url, results), substituteBody(sub.body, results));
      } catch (err) {
        if (!(err instanceof SfApiError)) throw err;
        res = { status: err.status, json: err.body() };
      }
      results.set(sub.referenceId, res.json);
      responses.push({
        body: res.json ?? null,
        httpHeaders: res.status === 201 && res.json && typeof res.json === "object" && "id" in res.json
          ? { Location: locationOf(ctx, String((res.json as { id: unknown }).id)) }
          : {},
        httpStatusCode: res.status,
        referenceId: sub.referenceId,
      });
      if (res.status >= 400 && collected) {
        failedAt = i;
        break;
      }
    }
  } finally {
    org.txCollector = undefined;
  }
  if (collected && failedAt >= 0) {
    for (const tx of collected.reverse()) tx.rollback();
    const halted = [{ errorCode: "PROCESSING_HALTED", message: "The transaction was rolled back since another operation in the same transaction failed." }];
    const all = body.compositeRequest.map((sub, i) =>
      i === failedAt
        ? responses[i]!
        : { body: halted, httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId },
    );
    return ok({ compositeResponse: all });
  }
  return ok({ compositeResponse: responses });
}

export async function compositeBatch(ctx: RestContext): Promise<RestResult> {
  const body = parseBody(ctx, batchSchema);
  if (body.batchRequests.length > MAX_SUBREQUESTS) {
    throw new SfApiError(400, "LIMIT_EXCEEDED", `Batch requests may contain up to ${MAX_SUBREQUESTS} subrequests`);
  }
  const results: Array<{ statusCode: number; result: unknown }> = [];
  let halted = false;
  let hasErrors = false;
  for (const sub of body.batchRequests) {
    if (halted) {
      results.push({ statusCode: 412, result: [{ errorCode: "BATCH_PROCESSING_HALTED", message: "Batch processing halted per request" }] });
      continue;
    }
    const res = await dispatch(ctx, sub.method, sub.url, sub.richInput);
    results.push({ statusCode: res.status, result: res.json ?? res.text ?? null });
    if (res.status >= 400) {
      hasErrors = true;
      if (body.haltOnError) halted = true;
    }
  }
  return ok({ hasErrors, results });
}
