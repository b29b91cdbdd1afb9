// The Salesforce API emulator: an HTTP server that answers like a Salesforce org closely
// enough for unmodified jsforce (spec §0). This file wires the pieces: options, hooks for
// latency / faults / auth / API limits, and the route groups (OAuth, REST, admin).

import type { AddressInfo } from "node:net";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { parseFaultSpec, type FaultRule } from "../shared/faults";
import { registerAdminRoutes } from "./admin";
import { SfApiError } from "./errors";
import { loadSalesforceFixture, parseSalesforceFixture, type SalesforceFixture } from "./fixture";
import { bearerToken, registerOAuthRoutes } from "./oauth";
import { Persister } from "./persist";
import type { RestContext, RestResult } from "./rest/context";
import { route, runRoute } from "./rest/router";
import { EmulatorState } from "./state";

export type { SalesforceFixture } from "./fixture";

export interface SalesforceEmulatorOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 3101; 0 = random */
  port?: number;
  /** the `salesforce` section of the fixture file; default: empty org with standard objects */
  fixture?: SalesforceFixture;
  /** emulator clock start (ISO); default real time */
  now?: string;
  /** fault spec string (see emulators/shared/faults.ts) */
  faults?: string;
  latencyMs?: number;
  /** seeds fault injection and ID generation */
  seed?: number;
  /** load state from this file at start if it exists; save on every write (debounced) and on close */
  persistFile?: string;
  /** daily API request allowance; default 100000 (a fixture's org may set it) */
  dailyApiRequests?: number;
  /** default 7200 */
  accessTokenTtlSeconds?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const MIN_API_VERSION = 50;
export const MAX_API_VERSION = 64;
const JSON_TYPE = "application/json;charset=UTF-8";
const DEFAULT_PORT = 3101;

const optionsSchema = z.object({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  fixture: z.unknown().optional(),
  now: z.string().optional(),
  faults: z.string().optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  seed: z.number().int().optional(),
  persistFile: z.string().min(1).optional(),
  dailyApiRequests: z.number().int().positive().optional(),
  accessTokenTtlSeconds: z.number().positive().optional(),
});

const VERSION_LABELS = ["Winter", "Spring", "Summer"];

/** GET /services/data/: every supported version, ascending (v50.0 = Winter '21). */
function versionList(): Array<{ label: string; url: string; version: string }> {
  const out = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) {
    const season = VERSION_LABELS[(v - 50) % 3]!;
    const year = 21 + Math.floor((v - 50) / 3);
    out.push({ label: `${season} '${String(year).padStart(2, "0")}`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}

function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}): FastifyReply {
  reply.code(status);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  if (body === undefined) return reply.send();
  return reply.header("content-type", JSON_TYPE).send(JSON.stringify(body));
}

function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}

function pathOf(req: FastifyRequest): string {
  const q = req.url.indexOf("?");
  return q === -1 ? req.url : req.url.slice(0, q);
}

function isOAuthPath(path: string): boolean {
  return path.startsWith("/services/oauth2/");
}

/** Label for the request counters: the REST route pattern, or the framework route. */
function counterKey(req: FastifyRequest, path: string): string {
  const m = /^\/services\/data\/v\d+\.\d(\/.*)?$/.exec(path);
  if (m) {
    try {
      return route(req.method, (m[1] ?? "").split("/")).name;
    } catch {
      return `${req.method} (unmatched)`;
    }
  }
  return `${req.method} ${req.routeOptions.url ?? path}`;
}

/** Writes where a lock fails one record (collections) or one Bulk row instead of the call. */
function isLockableInline(method: string, path: string): boolean {
  const collectionWrite = method !== "GET" && /\/composite\/sobjects(\/|$)/.test(path);
  const ingestClose = method === "PATCH" && /\/jobs\/ingest\/[^/]+\/?$/.test(path);
  return collectionWrite || ingestClose;
}

export async function startSalesforceEmulator(opts: SalesforceEmulatorOptions = {}): Promise<RunningEmulator> {
  const checked = optionsSchema.safeParse(opts);
  if (!checked.success) {
    throw new Error(`Invalid Salesforce emulator options: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const faultSpec = opts.faults ?? "";
  const rules: FaultRule[] = parseFaultSpec(faultSpec);
  const state = new EmulatorState({
    now: opts.now,
    seed: opts.seed ?? 1,
    faults: rules,
    latencyMs: opts.latencyMs,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 7200,
  });
  state.initialFixture = opts.fixture === undefined ? undefined : parseSalesforceFixture(opts.fixture);

  const persister = opts.persistFile ? new Persister(opts.persistFile, state) : undefined;
  if (!persister?.load()) {
    loadSalesforceFixture(state.org, state.initialFixture, { dailyApiRequests: opts.dailyApiRequests });
  }
  if (opts.dailyApiRequests !== undefined) state.org.info.dailyApiRequests = opts.dailyApiRequests;
  if (persister) state.onDirty(() => persister.schedule());

  const timers = new Set<NodeJS.Timeout>();
  const lockFaults = new WeakSet<object>();

  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024 * 1024,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Bodies arrive as text; each API parses its own format and reports errors its own way.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.addHook("onRequest", async (req, reply) => {
    const path = pathOf(req);
    if (path.startsWith("/__emulator/")) return;
    state.counters.countRequest(counterKey(req, path));
    if (state.latencyMs > 0) await sleep(state.latencyMs, timers);
    if (path === "/services/oauth2/authorize") return;
    const rule = state.faults.next({ method: req.method, path });
    if (!rule) return;
    state.counters.countFault(rule.kind);
    const oauth = isOAuthPath(path);
    switch (rule.kind) {
      case "slow":
        await sleep(rule.ms ?? 1000, timers);
        return;
      case "drop":
        reply.hijack();
        req.raw.socket.destroy();
        return reply;
      case "timeout":
        reply.hijack();
        await sleep(rule.ms ?? 30_000, timers);
        req.raw.socket.destroy();
        return reply;
      case "unavailable":
        return oauth
          ? sendJson(reply, 503, { error: "unknown_error", error_description: "retry your request" })
          : sendJson(reply, 503, [{ errorCode: "SERVER_UNAVAILABLE", message: "Server temporarily unavailable. Please retry your request later." }]);
      case "limit":
        return oauth
          ? sendJson(reply, 400, { error: "rate_limit_exceeded", error_description: "rate limit exceeded" })
          : sendJson(reply, 403, [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }], {
              "Sforce-Limit-Info": state.usage.header(),
            });
      case "rate": {
        const retryAfter = String(Math.max(1, Math.ceil((rule.ms ?? 1000) / 1000)));
        return oauth
          ? sendJson(reply, 400, { error: "rate_limit_exceeded", error_description: "rate limit exceeded" }, { "Retry-After": retryAfter })
          : sendJson(reply, 403, [{ message: "ConcurrentPerOrgLongTxn Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }], {
              "Retry-After": retryAfter,
              "Sforce-Limit-Info": state.usage.header(),
            });
      }
      case "expired-token":
        return oauth
          ? sendJson(reply, 400, { error: "invalid_grant", error_description: "expired access/refresh token" })
          : sendJson(reply, 401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
      case "lock":
        if (!oauth && isLockableInline(req.method, path)) {
          lockFaults.add(req.raw);
          return;
        }
        return oauth
          ? undefined
          : sendJson(reply, 400, [{ message: "unable to obtain exclusive access to this record or 1 records", errorCode: "UNABLE_TO_LOCK_ROW" }]);
    }
  });

  app.setNotFoundHandler((_req, reply) => sendJson(reply, 404, [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]));
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof SfApiError) return sendJson(reply, err.status, err.body());
    if (err.statusCode === 413) return sendJson(reply, 413, [{ errorCode: "REQUEST_TOO_LARGE", message: "The request body is too large" }]);
    if (err.statusCode && err.statusCode < 500) {
      return sendJson(reply, err.statusCode, [{ errorCode: "INVALID_REQUEST", message: err.message }]);
    }
    // An emulator bug: report it on stderr, answer like Salesforce's generic server error.
    console.error(`[salesforce-emulator] ${req.method} ${req.url}:`, err);
    return sendJson(reply, 500, [
      { errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred. Please include this ErrorId if you contact support: 0000000-0000 (0)" },
    ]);
  });

  registerOAuthRoutes(app, state);
  registerAdminRoutes(app, state, { initialFaults: faultSpec, initialDailyApiRequests: opts.dailyApiRequests });

  app.get("/services/data", async (_req, reply) => sendJson(reply, 200, versionList()));

  app.all("/services/data/*", async (req, reply) => {
    const url = new URL(req.url, "http://emulator");
    const segments = url.pathname.slice("/services/data/".length).split("/");
    const versionSegment = segments.shift() ?? "";
    if (versionSegment === "") return sendJson(reply, 200, versionList());
    const vm = /^v(\d+)\.0$/.exec(versionSegment);
    const major = vm ? Number(vm[1]) : NaN;
    if (!vm || major < MIN_API_VERSION || major > MAX_API_VERSION) {
      return sendJson(reply, 404, [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]);
    }
    const token = bearerToken(req);
    const session = token && req.headers.authorization ? state.tokens.validate(token) : undefined;
    if (!session || session === "expired") {
      return sendJson(reply, 401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
    }
    if (!state.usage.tryConsume()) {
      return sendJson(reply, 403, [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }], {
        "Sforce-Limit-Info": state.usage.header(),
      });
    }
    const limitHeader = (): Record<string, string> => ({ "Sforce-Limit-Info": state.usage.header() });
    let result: RestResult;
    try {
      const found = route(req.method, segments);
      const ctx: RestContext = {
        state,
        version: `${major}.0`,
        userId: session.userId,
        method: req.method,
        params: found.params,
        query: url.searchParams,
        headers: req.headers,
        rawBody: typeof req.body === "string" ? req.body : "",
        lockFault: lockFaults.has(req.raw),
      };
      result = await runRoute(found.handler, ctx);
    } catch (err) {
      if (!(err instanceof SfApiError)) throw err;
      result = { status: err.status, json: err.body() };
    }
    const headers = { ...limitHeader(), ...(result.headers ?? {}) };
    if (result.text !== undefined) {
      reply.code(result.status);
      for (const [k, v] of Object.entries(headers)) reply.header(k, v);
      return reply.header("content-type", result.contentType ?? "text/plain").send(result.text);
    }
    return sendJson(reply, result.status, result.json, headers);
  });

  const host = opts.host ?? "127.0.0.1";
  await app.listen({ host, port: opts.port ?? DEFAULT_PORT });
  const port = (app.server.address() as AddressInfo).port;
  const publicHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  state.baseUrl = `http://${publicHost}:${port}`;

  let closed = false;
  return {
    url: state.baseUrl,
    port,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      state.bulk.scheduler.stop();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await app.close();
      persister?.close();
    },
  };
}
