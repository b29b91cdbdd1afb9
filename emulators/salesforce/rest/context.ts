// What a REST handler receives and returns. Handlers are plain functions of this context so
// they can be called from the HTTP dispatcher and from composite/batch subrequests alike.

import type { z } from "zod";
import { describeIssues, jsonParserError, SfApiError } from "../errors";
import type { EmulatorState } from "../state";
import type { WriteContext } from "../dml";

export interface RestContext {
  state: EmulatorState;
  /** API version digits, e.g. "62.0" */
  version: string;
  userId: string;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** a `lock` fault was injected: fail one record with UNABLE_TO_LOCK_ROW */
  lockFault: boolean;
}

export interface RestResult {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export const ok = (json: unknown, status = 200): RestResult => ({ status, json });
export const noContent = (): RestResult => ({ status: 204 });

export function header(ctx: RestContext, name: string): string | undefined {
  const v = ctx.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses the JSON body; Salesforce answers unparsable input with JSON_PARSER_ERROR. */
export function jsonBody(ctx: RestContext): unknown {
  const text = ctx.rawBody.trim();
  if (text === "") throw jsonParserError("No content to map due to end-of-input");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw jsonParserError(`Unexpected character in JSON body: ${(err as Error).message}`);
  }
}

export function parseBody<T>(ctx: RestContext, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(jsonBody(ctx));
  if (!parsed.success) throw jsonParserError(`Cannot deserialize request body: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function writeContext(ctx: RestContext, source: WriteContext["source"] = "json"): WriteContext {
  return { org: ctx.state.org, tx: ctx.state.org.beginTx(), userId: ctx.userId, source };
}

export function requireObject(ctx: RestContext, name: string): NonNullable<ReturnType<EmulatorState["org"]["object"]>> {
  const meta = ctx.state.org.object(name);
  if (!meta) throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist");
  return meta;
}
