import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { EmulatorClock } from "../fixture/runtime/clock";
import { uuidFrom } from "../fixture/runtime/ids";
import type { RateLimitConfig } from "../fixture/runtime/rate-limit";
import { EmulatorKit, FixtureInputError, Persister, registerAdminRoutes, type VendorWire } from "../fixture/runtime/server-kit";
import { validateSection } from "../fixture/validate";
import { boundsFor, compareBy, compileFilter, FilterError, parseFilter, parseSort } from "./filter";
import {
  emptyPxFixture,
  pxAccountSchema,
  pxEventKinds,
  pxFixtureSchema,
  pxRecordArrays,
  pxUserSchema,
  type PxAccount,
  type PxAttribute,
  type PxEvent,
  type PxEventKind,
  type PxFixture,
  type PxLocation,
  type PxUser,
} from "./fixture";
import { DEFAULT_PROPERTY_KEY, PxStore } from "./store";

export const PX_DEFAULT_PORT = 3103;
export const PX_DEMO_KEY = "demo-px-key";
export const PX_DEMO_READONLY_KEY = "demo-px-readonly-key";
export const PX_WEBHOOK_TYPES = ["SIGN_UP", "CUSTOM", "FEATURE_MATCH", "SEGMENT", "ENGAGEMENT", "SURVEY", "NPS", "FEEDBACK"] as const;

export interface PxEmulatorOptions {
  host?: string;
  /** Default 3103; 0 picks a free port. */
  port?: number;
  fixture?: PxFixture;
  now?: string;
  faults?: string;
  latencyMs?: number;
  seed?: number;
  persistFile?: string;
  /** API keys → write permission. Default: demo-px-key (read+write), demo-px-readonly-key (read). */
  keys?: Record<string, { write: boolean }>;
  /** Per key. Default 200 requests/s, burst 200. */
  rateLimit?: RateLimitConfig;
  /** Scroll contexts expire this long after last use. Default 10 minutes. */
  scrollTtlMs?: number;
  freezeClock?: boolean;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

interface SubError {
  object: string;
  field: string;
  rejectedValue: unknown;
  message: string;
}

function envelope(status: number, message: string, subErrors: SubError[] | null = null) {
  return { externalapierror: { status: STATUS_NAMES[status] ?? String(status), message, debugMessage: null, subErrors } };
}

const wire: VendorWire = {
  name: "Gainsight PX emulator",
  lockStatus: 409,
  sendError(reply, status, message, headers) {
    if (headers) reply.headers(headers);
    return reply.code(status).type("application/json; charset=utf-8").send(envelope(status, message));
  },
};

function badRequest(reply: FastifyReply, message: string, subErrors: SubError[]) {
  return reply.code(400).type("application/json; charset=utf-8").send(envelope(400, message, subErrors));
}

function zodSubErrors(object: string, err: z.ZodError, body: unknown): SubError[] {
  return err.issues.slice(0, 20).map((i) => {
    let rv: unknown = body;
    for (const p of i.path) rv = rv && typeof rv === "object" ? (rv as Record<PropertyKey, unknown>)[p] : undefined;
    return { object, field: i.path.map(String).join("."), rejectedValue: rv ?? null, message: i.message };
  });
}

const emptyLocation = (): PxLocation => ({
  countryName: "",
  countryCode: "",
  stateName: "",
  stateCode: "",
  city: "",
  street: "",
  postalCode: "",
  continent: "",
  regionName: "",
  timeZone: "",
  coordinates: { latitude: 0, longitude: 0 },
});

const READ_ONLY_ACCOUNT = ["lastSeenDate", "numberOfUsers", "createDate", "lastModifiedDate"] as const;
const READ_ONLY_USER = ["aptrinsicId", "createDate", "lastModifiedDate", "lastSeenDate", "numberOfVisits", "firstVisitDate", "lastVisitedUserAgentData", "lastInferredLocation"] as const;

const pageQuery = z.object({
  pageSize: z.coerce.number().int().positive().optional(),
  scrollId: z.string().optional(),
  filter: z.string().optional(),
  sort: z.string().optional(),
  dateRangeStart: z.coerce.number().optional(),
  dateRangeEnd: z.coerce.number().optional(),
  pageNumber: z.coerce.number().int().nonnegative().optional(),
});

const customEventBody = z.looseObject({
  identifyId: z.string({ error: "must not be null" }).min(1, "must not be empty"),
  eventName: z.string({ error: "must not be null" }).min(1, "must not be empty"),
  propertyKey: z.string({ error: "must not be null" }).min(1, "must not be empty"),
  accountId: z.string().optional(),
  date: z.number().int().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  url: z.string().optional(),
  referrer: z.string().optional(),
  remoteHost: z.string().optional(),
  userType: z.string().optional(),
  sessionId: z.string().optional(),
  globalContext: z.record(z.string(), z.unknown()).optional(),
});

const npsBody = z.object({
  identifyId: z.string().min(1),
  score: z.number().int().min(0).max(10),
  comment: z.string().optional(),
  engagementId: z.string().optional(),
});

interface ScrollCtx {
  kind: string;
  /** Snapshot taken when the scroll started: ids (users/accounts) or the matched events. */
  items: readonly unknown[];
  pos: number;
  pageSize: number;
  lastUsed: number;
}

export function validatePxSection(data: unknown, prefix = "px"): PxFixture {
  validateSection(pxFixtureSchema, pxRecordArrays, data, prefix);
  return data as PxFixture;
}

export async function startPxEmulator(opts: PxEmulatorOptions = {}): Promise<RunningEmulator> {
  const keys = opts.keys ?? { [PX_DEMO_KEY]: { write: true }, [PX_DEMO_READONLY_KEY]: { write: false } };
  const scrollTtl = opts.scrollTtlMs ?? 10 * 60_000;
  const persisted = await Persister.loadIfExists(opts.persistFile);
  let initial: PxFixture = opts.fixture ?? emptyPxFixture();
  if (persisted !== undefined) initial = validatePxSection(persisted, `px (${opts.persistFile})`);
  let store = new PxStore(initial);
  const clock = new EmulatorClock(opts.now, opts.freezeClock ?? false);
  const kit = new EmulatorKit(wire, {
    host: opts.host,
    port: opts.port ?? PX_DEFAULT_PORT,
    latencyMs: opts.latencyMs,
    faults: opts.faults,
    seed: opts.seed,
    clock,
    rateLimit: opts.rateLimit ?? { perSecond: 200, burst: 200 },
    // The vendor base URL includes /v1; accept clients configured with or without it.
    rewriteUrl: (url) => (url.startsWith("/v1/") || url === "/v1" || url.startsWith("/__emulator/") ? url : `/v1${url}`),
    webhook: {
      signatureHeader: "x-px-signature",
      timestampHeader: "x-px-timestamp",
      retryDelaysMs: [1000, 5000, 30000],
      dailyCap: 10_000,
      userAgent: "Gainsight-PX-Webhooks/1.0 (clearinghouse-emulator)",
    },
  });
  const persister = opts.persistFile ? new Persister(opts.persistFile, () => store.export()) : undefined;
  const changed = () => persister?.markDirty();
  const app = kit.app;
  const scrolls = new Map<string, ScrollCtx>();
  let scrollSeq = 0;
  let idSeq = 0;
  const seed = opts.seed ?? 42;

  kit.installGuard(async (req, reply) => {
    const raw = req.headers["x-aptrinsic-api-key"];
    const key = Array.isArray(raw) ? raw[0] : raw;
    // Own keys only: like the real API, "constructor" or "__proto__" is not a key (it used to match
    // Object's built-ins and read as a valid read-only key).
    const k = key && Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (!k) return wire.sendError(reply, 401, "Authentication failed in loginAwareAuthentication");
    if (req.method !== "GET" && req.method !== "HEAD" && !k.write) {
      return wire.sendError(reply, 403, "Access is denied: the API key does not have Write permission");
    }
    const retry = kit.limiter.take(key!);
    if (retry > 0) return wire.sendError(reply, 429, "Rate limit exceeded: too many requests", { "retry-after": String(retry) });
    return undefined;
  });

  // ------------------------------------------------------------ scroll paging
  function sweepScrolls(): void {
    const now = Date.now();
    for (const [id, c] of scrolls) if (now - c.lastUsed > scrollTtl) scrolls.delete(id);
    while (scrolls.size > 200) {
      const oldest = scrolls.keys().next().value as string;
      scrolls.delete(oldest);
    }
  }
  function newScroll(kind: string, items: readonly unknown[], pageSize: number): string {
    sweepScrolls();
    const id = Buffer.from(`scan;${++scrollSeq};${uuidFrom(`${seed}:${scrollSeq}:${Date.now()}`)};${kind}`).toString("base64");
    scrolls.set(id, { kind, items, pos: 0, pageSize, lastUsed: Date.now() });
    return id;
  }
  function takePage<T>(reply: FastifyReply, kind: string, q: z.infer<typeof pageQuery>, maxPage: number, build: () => readonly unknown[], get: (item: unknown) => T | undefined) {
    const clamp = (n: number | undefined, dflt: number) => Math.min(maxPage, n ?? dflt);
    let ctx: ScrollCtx | undefined;
    let scrollId: string;
    if (q.scrollId) {
      ctx = scrolls.get(q.scrollId);
      if (!ctx || ctx.kind !== kind || Date.now() - ctx.lastUsed > scrollTtl) {
        if (ctx) scrolls.delete(q.scrollId);
        return { error: wire.sendError(reply, 400, "Invalid scrollId") };
      }
      scrollId = q.scrollId;
      if (q.pageSize) ctx.pageSize = clamp(q.pageSize, 25);
    } else {
      const items = build();
      scrollId = newScroll(kind, items, clamp(q.pageSize, 25));
      ctx = scrolls.get(scrollId)!;
    }
    ctx.lastUsed = Date.now();
    const out: T[] = [];
    while (out.length < ctx.pageSize && ctx.pos < ctx.items.length) {
      const r = get(ctx.items[ctx.pos++]!);
      if (r !== undefined) out.push(r);
    }
    // Non-empty pages carry a scrollId; asking past the end returns an empty page and null.
    return { records: out, scrollId: out.length > 0 ? scrollId : null, totalHits: ctx.items.length };
  }

  function parseQuery(req: FastifyRequest, reply: FastifyReply) {
    const q = pageQuery.safeParse(req.query);
    if (!q.success) {
      badRequest(reply, "Invalid query parameters", zodSubErrors("query", q.error, req.query));
      return undefined;
    }
    return q.data;
  }

  function listRecords<T extends Record<string, unknown>>(kind: "users" | "accounts", values: () => T[], idOf: (r: T) => string, get: (id: string) => T | undefined) {
    app.get(`/v1/${kind}`, async (req, reply) => {
      const q = parseQuery(req, reply);
      if (!q) return reply;
      try {
        const page = takePage(reply, kind, q, 1000, () => {
          const filter = compileFilter(parseFilter(q.filter ?? ""));
          let rows = values();
          if (filter) rows = rows.filter(filter);
          const sort = parseSort(q.sort);
          if (sort.length) rows = rows.slice().sort(compareBy(sort));
          return rows.map(idOf);
        }, (id) => get(id as string));
        if ("error" in page) return page.error;
        return { [kind]: page.records, scrollId: page.scrollId, totalHits: page.totalHits };
      } catch (e) {
        if (e instanceof FilterError) return badRequest(reply, e.message, [{ object: kind, field: "filter", rejectedValue: q.filter ?? null, message: e.message }]);
        throw e;
      }
    });
  }
  listRecords("accounts", () => store.accounts.values() as unknown as Record<string, unknown>[], (r) => r.id as string, (id) => store.accounts.get(id) as Record<string, unknown> | undefined);
  listRecords("users", () => store.users.values() as unknown as Record<string, unknown>[], (r) => r.identifyId as string, (id) => store.users.get(id) as Record<string, unknown> | undefined);

  // ------------------------------------------------------------ custom attribute validation
  function checkCustomAttributes(kind: "user" | "account", attrs: unknown, object: string): { ok: true; value: Record<string, unknown> | null } | { ok: false; sub: SubError[] } {
    if (attrs === null || attrs === undefined) return { ok: true, value: null };
    if (typeof attrs !== "object" || Array.isArray(attrs)) return { ok: false, sub: [{ object, field: "customAttributes", rejectedValue: attrs, message: "must be an object" }] };
    const out: Record<string, unknown> = {};
    const sub: SubError[] = [];
    for (const [k, v] of Object.entries(attrs as Record<string, unknown>)) {
      const def = store.customAttributeDef(kind, k);
      if (!def) {
        sub.push({ object, field: `customAttributes.${k}`, rejectedValue: v ?? null, message: `Attribute '${k}' is not defined for ${kind} (create it under Administration → Attributes)` });
        continue;
      }
      const c = coerceAttr(def, v);
      if (c.ok) out[k] = c.value;
      else sub.push({ object, field: `customAttributes.${k}`, rejectedValue: v ?? null, message: c.message });
    }
    return sub.length ? { ok: false, sub } : { ok: true, value: out };
  }

  function coerceAttr(def: PxAttribute, v: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
    if (v === null) return { ok: true, value: null };
    switch (def.type) {
      case "STRING":
        return typeof v === "string" ? { ok: true, value: v } : typeof v === "number" || typeof v === "boolean" ? { ok: true, value: String(v) } : { ok: false, message: "must be a string" };
      case "NUMBER": {
        const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
        return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: "must be a number" };
      }
      case "BOOLEAN":
        if (typeof v === "boolean") return { ok: true, value: v };
        if (typeof v === "string" && /^(true|false)$/i.test(v)) return { ok: true, value: v.toLowerCase() === "true" };
        return { ok: false, message: "must be a boolean" };
      case "DATE_TIME":
        if (typeof v === "number" && Number.isFinite(v)) return { ok: true, value: Math.trunc(v) };
        if (typeof v === "string") {
          if (/^\d+$/.test(v)) return { ok: true, value: Number(v) };
          const t = Date.parse(v);
          if (!Number.isNaN(t)) return { ok: true, value: t };
        }
        return { ok: false, message: "must be a date-time (epoch ms or ISO-8601)" };
    }
  }

  const accountWrite = pxAccountSchema.partial();
  const userWrite = pxUserSchema.partial();

  function adjustUserCount(accountId: string | undefined, delta: number): void {
    if (!accountId) return;
    const a = store.accounts.mutable(accountId);
    if (a) a.numberOfUsers = Math.max(0, (a.numberOfUsers ?? 0) + delta);
  }

  // ------------------------------------------------------------ accounts
  app.get<{ Params: { id: string } }>("/v1/accounts/:id", async (req, reply) => {
    const a = store.accounts.get(req.params.id);
    if (!a) return wire.sendError(reply, 404, `Account was not found for parameters {id=${req.params.id}}`);
    return a;
  });
  app.post("/v1/accounts", async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    const r = pxAccountSchema.safeParse(body);
    if (!r.success) return badRequest(reply, "Validation failed", zodSubErrors("account", r.error, body));
    if (r.data.propertyKeys.length === 0) return badRequest(reply, "Validation failed", [{ object: "account", field: "propertyKeys", rejectedValue: [], message: "must not be empty" }]);
    if (store.accounts.has(r.data.id)) return wire.sendError(reply, 409, `Account already exists for parameters {id=${r.data.id}}`);
    const ca = checkCustomAttributes("account", r.data.customAttributes, "account");
    if (!ca.ok) return badRequest(reply, "Validation failed", ca.sub);
    const now = clock.now();
    const rec: PxAccount = {
      id: r.data.id,
      name: r.data.name,
      trackedSubscriptionId: "",
      sfdcId: "",
      lastSeenDate: 0,
      dunsNumber: "",
      industry: "",
      numberOfEmployees: 0,
      sicCode: "",
      website: "",
      naicsCode: "",
      plan: "",
      location: emptyLocation(),
      numberOfUsers: 0,
      propertyKeys: r.data.propertyKeys,
      createDate: now,
      lastModifiedDate: now,
      customAttributes: null,
      parentGroupId: "",
      ...omit(r.data, READ_ONLY_ACCOUNT),
      ...(ca.value ? { customAttributes: ca.value } : {}),
    };
    rec.location = { ...emptyLocation(), ...(rec.location ?? {}) };
    store.accounts.insert(rec.id, rec);
    changed();
    return reply.code(201).send(rec);
  });
  app.put<{ Params: { id: string } }>("/v1/accounts/:id", async (req, reply) => {
    const id = req.params.id;
    if (!store.accounts.has(id)) return wire.sendError(reply, 404, `Account was not found for parameters {id=${id}}`);
    const body = req.body as Record<string, unknown> | undefined;
    const r = accountWrite.safeParse(body);
    if (!r.success) return badRequest(reply, "Validation failed", zodSubErrors("account", r.error, body));
    const ca = checkCustomAttributes("account", r.data.customAttributes, "account");
    if (!ca.ok) return badRequest(reply, "Validation failed", ca.sub);
    const a = store.accounts.mutable(id)!;
    const { customAttributes: _ignored, id: _id, ...rest } = omit(r.data, READ_ONLY_ACCOUNT);
    Object.assign(a, rest);
    if (ca.value) a.customAttributes = { ...(a.customAttributes ?? {}), ...ca.value };
    a.lastModifiedDate = clock.now();
    changed();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string }; Querystring: { hardDelete?: string } }>("/v1/accounts/:id", async (req, reply) => {
    if (!store.accounts.delete(req.params.id)) return wire.sendError(reply, 404, `Account was not found for parameters {id=${req.params.id}}`);
    changed();
    return reply.code(200).send({});
  });

  // ------------------------------------------------------------ users
  app.get<{ Params: { id: string } }>("/v1/users/:id", async (req, reply) => {
    const u = store.users.get(req.params.id);
    if (!u) return wire.sendError(reply, 404, `User was not found for parameters {id=${req.params.id}}`);
    return u;
  });
  app.post("/v1/users", async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    const r = pxUserSchema.safeParse(body);
    if (!r.success) return badRequest(reply, "Validation failed", zodSubErrors("user", r.error, body));
    if (r.data.propertyKeys.length === 0) return badRequest(reply, "Validation failed", [{ object: "user", field: "propertyKeys", rejectedValue: [], message: "must not be empty" }]);
    if (store.users.has(r.data.identifyId)) return wire.sendError(reply, 409, `User already exists for parameters {id=${r.data.identifyId}}`);
    const ca = checkCustomAttributes("user", r.data.customAttributes, "user");
    if (!ca.ok) return badRequest(reply, "Validation failed", ca.sub);
    const now = clock.now();
    const rec: PxUser = {
      aptrinsicId: uuidFrom(`aptrinsic:${r.data.identifyId}`),
      identifyId: r.data.identifyId,
      id: r.data.identifyId,
      type: "USER",
      gender: "EMPTY_GENDER",
      email: "",
      firstName: "",
      lastName: "",
      lastSeenDate: 0,
      signUpDate: now,
      firstVisitDate: 0,
      title: "",
      phone: "",
      score: 0,
      role: "",
      subscriptionId: "",
      accountId: "",
      numberOfVisits: 0,
      location: emptyLocation(),
      propertyKeys: r.data.propertyKeys,
      createDate: now,
      lastModifiedDate: now,
      customAttributes: null,
      globalUnsubscribe: false,
      sfdcContactId: "",
      lastVisitedUserAgentData: null,
      lastInferredLocation: emptyLocation(),
      ...omit(r.data, READ_ONLY_USER),
      ...(ca.value ? { customAttributes: ca.value } : {}),
    };
    rec.id = rec.identifyId;
    rec.location = { ...emptyLocation(), ...(rec.location ?? {}) };
    store.users.insert(rec.identifyId, rec);
    adjustUserCount(rec.accountId, 1);
    changed();
    if (kit.webhooks.wants("SIGN_UP")) void kit.webhooks.send("SIGN_UP", buildWebhook("SIGN_UP", { identifyId: rec.identifyId }));
    return reply.code(201).send(rec);
  });
  app.put<{ Params: { id: string } }>("/v1/users/:id", async (req, reply) => {
    const id = req.params.id;
    if (!store.users.has(id)) return wire.sendError(reply, 404, `User was not found for parameters {id=${id}}`);
    const body = req.body as Record<string, unknown> | undefined;
    const r = userWrite.safeParse(body);
    if (!r.success) return badRequest(reply, "Validation failed", zodSubErrors("user", r.error, body));
    const ca = checkCustomAttributes("user", r.data.customAttributes, "user");
    if (!ca.ok) return badRequest(reply, "Validation failed", ca.sub);
    const u = store.users.mutable(id)!;
    const before = u.accountId;
    const { customAttributes: _c, identifyId: _i, id: _id, ...rest } = omit(r.data, READ_ONLY_USER);
    Object.assign(u, rest);
    if (ca.value) u.customAttributes = { ...(u.customAttributes ?? {}), ...ca.value };
    u.lastModifiedDate = clock.now();
    if (before !== u.accountId) {
      adjustUserCount(before, -1);
      adjustUserCount(u.accountId, 1);
    }
    changed();
    return reply.code(204).send();
  });
  app.delete("/v1/users/delete", async (req, reply) => {
    const b = z.object({ identifyId: z.string().min(1) }).safeParse(req.body);
    if (!b.success) return badRequest(reply, "Validation failed", zodSubErrors("user", b.error, req.body));
    const u = store.users.get(b.data.identifyId);
    if (!u || !store.users.delete(b.data.identifyId)) return wire.sendError(reply, 404, `User was not found for parameters {id=${b.data.identifyId}}`);
    adjustUserCount(u.accountId, -1);
    changed();
    return reply.code(200).send({});
  });
  app.put<{ Params: { id: string } }>("/v1/user/preferences/:id", async (req, reply) => {
    if (!store.users.has(req.params.id)) return wire.sendError(reply, 404, `User was not found for parameters {id=${req.params.id}}`);
    const b = z.record(z.string(), z.boolean()).safeParse(req.body);
    if (!b.success) return badRequest(reply, "Validation failed", zodSubErrors("preferences", b.error, req.body));
    store.preferences.set(req.params.id, b.data);
    return reply.code(204).send();
  });

  // ------------------------------------------------------------ events
  for (const [kind, meta] of Object.entries(pxEventKinds) as Array<[PxEventKind, (typeof pxEventKinds)[PxEventKind]]>) {
    app.get(meta.path, async (req, reply) => {
      const q = parseQuery(req, reply);
      if (!q) return reply;
      try {
        const page = takePage(reply, `events:${kind}`, q, 500, () => {
          const filter = parseFilter(q.filter ?? "");
          const test = compileFilter(filter);
          const b = boundsFor(filter, "date");
          const start = Math.max(b.start, q.dateRangeStart ?? -Infinity);
          const end = Math.min(b.end, q.dateRangeEnd !== undefined ? q.dateRangeEnd + 1 : Infinity);
          const idx = store.events[kind];
          const sort = parseSort(q.sort);
          const { lo, hi } = idx.positions(start, end);
          const picked: number[] = [];
          for (let p = lo; p < hi; p++) {
            const ev = idx.atSorted(p);
            if (!test || test(ev as unknown as Record<string, unknown>)) picked.push(p);
          }
          let rows = picked.map((p) => idx.atSorted(p));
          if (sort.length === 1 && sort[0]!.field === "date") {
            if (sort[0]!.dir === -1) rows.reverse();
          } else if (sort.length) rows = rows.slice().sort(compareBy(sort) as unknown as (a: PxEvent, b: PxEvent) => number);
          return rows;
        }, (ev) => ev as PxEvent);
        if ("error" in page) return page.error;
        const records = page.records;
        const out: Record<string, unknown> = { [meta.recordsKey]: records, scrollId: page.scrollId, totalHits: page.totalHits };
        if (kind === "segment_match") out.featureMatchEvents = records;
        return out;
      } catch (e) {
        if (e instanceof FilterError) return badRequest(reply, e.message, [{ object: "event", field: "filter", rejectedValue: q.filter ?? null, message: e.message }]);
        throw e;
      }
    });
  }
  app.post("/v1/events/custom", async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    const r = customEventBody.safeParse(body);
    if (!r.success) return badRequest(reply, "Validation failed", zodSubErrors("customEvent", r.error, body));
    const e = r.data;
    if (store.propertyKeys && !store.propertyKeys.has(e.propertyKey)) {
      return badRequest(reply, "Validation failed", [{ object: "customEvent", field: "propertyKey", rejectedValue: e.propertyKey, message: "unknown product property key" }]);
    }
    const now = clock.now();
    const date = e.date ?? now;
    const user = store.users.get(e.identifyId);
    const ev: PxEvent = {
      ...e,
      eventId: uuidFrom(`${seed}:custom:${++idSeq}:${date}`),
      identifyId: e.identifyId,
      propertyKey: e.propertyKey,
      date,
      eventType: "CUSTOM",
      sessionId: e.sessionId ?? `${e.propertyKey}-${date}-${idSeq}`,
      userType: e.userType ?? "USER",
      accountId: e.accountId ?? user?.accountId ?? "",
      globalContext: e.globalContext ?? {},
      eventName: e.eventName,
      attributes: e.attributes ?? {},
      url: e.url ?? "",
      referrer: e.referrer ?? "",
      remoteHost: e.remoteHost ?? req.ip,
    };
    store.events.custom.append(ev);
    changed();
    if (kit.webhooks.wants("CUSTOM")) void kit.webhooks.send("CUSTOM", buildWebhook("CUSTOM", { identifyId: e.identifyId, event: ev }));
    return reply.code(201).send(ev);
  });

  // ------------------------------------------------------------ catalogue endpoints
  const pageNumbered = <T>(path: string, key: string, rows: () => T[]) => {
    app.get(path, async (req, reply) => {
      const q = parseQuery(req, reply);
      if (!q) return reply;
      const size = Math.min(200, q.pageSize ?? 25);
      const n = q.pageNumber ?? 0;
      const all = rows();
      const slice = all.slice(n * size, (n + 1) * size);
      return { [key]: slice, isLastPage: (n + 1) * size >= all.length };
    });
  };
  pageNumbered("/v1/feature", "features", () => store.fixture.features ?? []);
  pageNumbered("/v1/segment", "segments", () => store.fixture.segments ?? []);
  pageNumbered("/v1/engagement", "engagements", () => store.fixture.engagements ?? []);
  app.get<{ Params: { kind: string } }>("/v1/admin/model/:kind/attributes", async (req, reply) => {
    const k = req.params.kind;
    if (k !== "user" && k !== "account") return wire.sendError(reply, 404, `Unknown model "${k}"`);
    return store.attributes[k];
  });

  // ------------------------------------------------------------ webhooks
  function buildWebhook(type: string, override: Record<string, unknown> | undefined): Record<string, unknown> {
    if (!(PX_WEBHOOK_TYPES as readonly string[]).includes(type)) {
      throw new FixtureInputError(`unknown webhook type "${type}" (expected one of ${PX_WEBHOOK_TYPES.join(", ")})`);
    }
    const wantId = typeof override?.identifyId === "string" ? override.identifyId : undefined;
    const user = (wantId ? store.users.get(wantId) : undefined) ?? store.users.values().find((u) => u.accountId);
    const account = user?.accountId ? store.accounts.get(user.accountId) : undefined;
    const now = clock.now();
    const propertyKey = user?.propertyKeys[0] ?? store.fixture.products?.[0]?.propertyKey ?? DEFAULT_PROPERTY_KEY;
    const common = {
      eventId: uuidFrom(`${seed}:webhook:${++idSeq}:${now}`),
      propertyKey,
      date: now,
      sessionId: `${propertyKey}-${now}-${idSeq}`,
      globalContext: {},
      userType: "USER",
    };
    const engagement = (store.fixture.engagements ?? []).find((e) => e.type === "SURVEY") ?? store.fixture.engagements?.[0];
    const feature = store.fixture.features?.[0];
    const segment = store.fixture.segments?.[0];
    let event: Record<string, unknown>;
    switch (type) {
      case "SIGN_UP":
        event = { eventType: "SIGN_UP", ...common };
        break;
      case "CUSTOM":
        event = { eventType: "CUSTOM", ...common, eventName: "Report Exported", attributes: { format: "pdf" }, url: "https://app.example.com/reports/1", referrer: "", remoteHost: "203.0.113.9" };
        break;
      case "FEATURE_MATCH":
        event = { eventType: "FEATURE_MATCH", ...common, featureId: feature?.id ?? uuidFrom("feature"), featureName: feature?.name ?? "Dashboards" };
        break;
      case "SEGMENT":
        event = { eventType: "SEGMENT", ...common, segmentId: segment?.id ?? uuidFrom("segment"), segmentName: segment?.name ?? "Power users" };
        break;
      case "ENGAGEMENT":
        event = { eventType: "ENGAGEMENT", ...common, contentType: "IN_APP_DIALOG", engagementId: engagement?.id ?? uuidFrom("engagement"), engagementType: "Dialog", engagementName: engagement?.name ?? "Release Announcement", interaction: "VIEWED", stepNumber: 1, activation: "Auto", executionId: uuidFrom(`exec:${idSeq}`), executionDate: now };
        break;
      case "SURVEY":
      case "NPS":
        event = {
          eventType: "SURVEY",
          ...common,
          contentType: type === "NPS" ? "IN_APP_NPS" : "IN_APP_MULTIPLE_QUESTION_SURVEY",
          engagementId: engagement?.id ?? uuidFrom("engagement"),
          engagementName: engagement?.name ?? "NPS Survey",
          surveyType: type === "NPS" ? "NPS" : "Multi Question",
          interaction: "SINGLE_STEP_SURVEY_RESPONDED",
          score: type === "NPS" ? 9 : 0,
          scoreType: null,
          stepNumber: null,
          userInput: type === "NPS" ? "Great product" : "I like new features",
          activation: "Auto",
          executionId: uuidFrom(`exec:${idSeq}`),
          executionDate: now,
          questionType: type === "NPS" ? "NPS" : "Open text question",
        };
        break;
      default:
        event = { eventType: "FEEDBACK", ...common, subject: "Feedback", category: "General", description: "Feedback body", labels: [], remoteHost: "203.0.113.9", source: "Knowledge Center Bot" };
    }
    const body: Record<string, unknown> = { user: user ?? null, account: account ?? null, event, configId: uuidFrom(`config:${seed}`) };
    if (override) {
      for (const [k, v] of Object.entries(override)) {
        if (k === "identifyId") continue;
        if (k === "event" && v && typeof v === "object") body.event = { ...event, ...(v as Record<string, unknown>) };
        else body[k] = v;
      }
    }
    return body;
  }

  // ------------------------------------------------------------ admin
  registerAdminRoutes(kit, {
    reset() {
      store = new PxStore(initial);
      scrolls.clear();
    },
    loadFixture(body) {
      initial = validatePxSection(body);
      store = new PxStore(initial);
      scrolls.clear();
    },
    exportFixture: () => store.export(),
    buildWebhook,
    webhookTypes: PX_WEBHOOK_TYPES,
    changed,
  });

  app.post("/__emulator/nps", async (req, reply) => {
    const b = npsBody.safeParse(req.body);
    if (!b.success) return badRequest(reply, "Validation failed", zodSubErrors("nps", b.error, req.body));
    const u = store.users.get(b.data.identifyId);
    if (!u) return wire.sendError(reply, 404, `User was not found for parameters {id=${b.data.identifyId}}`);
    const eng = b.data.engagementId ? store.fixture.engagements?.find((e) => e.id === b.data.engagementId) : (store.fixture.engagements ?? []).find((e) => e.type === "SURVEY");
    if (!eng) return wire.sendError(reply, 404, "no NPS survey engagement in the fixture");
    const now = clock.now();
    const propertyKey = u.propertyKeys[0] ?? DEFAULT_PROPERTY_KEY;
    const executionId = uuidFrom(`${seed}:exec:${++idSeq}`);
    const ev: PxEvent = {
      eventId: uuidFrom(`${seed}:survey:${idSeq}:${now}`),
      identifyId: u.identifyId,
      propertyKey,
      date: now,
      eventType: "SURVEY_RESPONSE",
      sessionId: `${propertyKey}-${now}-${idSeq}`,
      userType: "USER",
      accountId: u.accountId ?? "",
      globalContext: {},
      engagementId: eng.id,
      engagementTrackType: "SURVEY_RESPONSE",
      contentType: "IN_APP_NPS",
      executionId,
      executionDate: now,
      score: b.data.score,
      comment: b.data.comment ?? null,
      questionType: "NPS",
      surveyState: "COMPLETED",
      contactMeAllowed: false,
    };
    store.events.survey_response.append(ev);
    changed();
    let webhook: unknown = undefined;
    if (kit.webhooks.wants("NPS")) {
      webhook = await kit.webhooks.send("NPS", buildWebhook("NPS", { identifyId: u.identifyId, event: { engagementId: eng.id, engagementName: eng.name, score: b.data.score, userInput: b.data.comment ?? "", executionId, executionDate: now } }));
    }
    return { event: ev, webhook };
  });

  const { url, port } = await kit.listen();
  return {
    url,
    port,
    async close() {
      await kit.close();
      if (persister) await persister.flush();
    },
  };
}

function omit<T extends Record<string, unknown>, K extends readonly string[]>(o: T, keys: K): Omit<T, K[number]> {
  const out: Record<string, unknown> = { ...o };
  for (const k of keys) delete out[k];
  return out as Omit<T, K[number]>;
}
