import { createHash } from "node:crypto";
import { stringify as csvStringify } from "csv-stringify/sync";
import { z } from "zod";
import { validateSection } from "../fixture/validate";
import { EmulatorClock } from "../fixture/runtime/clock";
import {
  EmulatorKit,
  FixtureInputError,
  Persister,
  registerAdminRoutes,
  type VendorWire,
} from "../fixture/runtime/server-kit";
import type { RateLimitConfig } from "../fixture/runtime/rate-limit";
import { AggregationError, rowsToCsvRecords, runAggregation } from "./aggregation";
import { ExprError } from "./expr";
import {
  emptyPendoFixture,
  pendoFixtureSchema,
  pendoRecordArrays,
  type PendoAccount,
  type PendoFixture,
  type PendoMetadataField,
  type PendoPollEvent,
  type PendoVisitor,
} from "./fixture";
import { PendoStore, pendoId } from "./store";

export const PENDO_DEFAULT_PORT = 3102;
export const PENDO_DEMO_KEY = "demo-pendo-key";
export const PENDO_DEMO_READONLY_KEY = "demo-pendo-readonly-key";

export const PENDO_WEBHOOK_TYPES = [
  "guideDisplayed",
  "pollDisplayed",
  "pollSubmitted",
  "npsDisplayed",
  "npsSubmitted",
  "trackEvent",
  "visitorFirstSeen",
  "accountFirstSeen",
  "pageLoad",
  "featureClick",
] as const;

export interface PendoEmulatorOptions {
  host?: string;
  /** Default 3102; 0 picks a free port. */
  port?: number;
  fixture?: PendoFixture;
  /** Emulator clock start (ISO-8601). Default: the wall clock. */
  now?: string;
  /** Fault spec, see emulators/shared/faults.ts. */
  faults?: string;
  latencyMs?: number;
  seed?: number;
  /** Load state from this file if it exists; write state back to it after every change. */
  persistFile?: string;
  /** Integration keys → write access. Default: demo-pendo-key (rw) and demo-pendo-readonly-key (ro). */
  keys?: Record<string, { write: boolean }>;
  /** Per key and endpoint. Default 100 requests/s, burst 100. */
  rateLimit?: RateLimitConfig;
  /** Aggregation results above this many rows are refused with 400 "result too large". */
  maxResultRows?: number;
  /** Start with a frozen clock (tests). */
  freezeClock?: boolean;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

const wire: VendorWire = {
  name: "Pendo emulator",
  lockStatus: 409,
  sendError(reply, status, message, headers) {
    if (headers) reply.headers(headers);
    return reply.code(status).type("application/json; charset=utf-8").send({ message });
  },
};

const aggregationBody = z.object({
  response: z.looseObject({ location: z.string().optional(), mimeType: z.string().optional() }).nullable().optional(),
  request: z.union([
    z.array(z.record(z.string(), z.unknown())),
    z.looseObject({
      name: z.string().optional(),
      requestId: z.string().optional(),
      pipeline: z.array(z.record(z.string(), z.unknown())),
    }),
  ]),
});

const metadataRow = z.looseObject({ values: z.record(z.string(), z.unknown()) });

const trackBody = z.object({
  type: z.literal("track"),
  event: z.string().min(1),
  visitorId: z.string().min(1),
  accountId: z.string().optional(),
  timestamp: z.number().int(),
  properties: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()),
});

const schemaFieldBody = z.object({
  kind: z.enum(["account", "visitor"]),
  group: z.string().regex(/^[a-z0-9_]+$/),
  field: z.string().regex(/^[a-z0-9_]+$/, "Pendo field names are lower-case letters, digits and _"),
  type: z.enum(["string", "boolean", "integer", "float", "time", "list"]),
  displayName: z.string().optional(),
});

const npsBody = z.object({
  visitorId: z.string().min(1),
  score: z.number().int().min(0).max(10),
  reason: z.string().optional(),
  guideId: z.string().optional(),
});

function coerce(def: PendoMetadataField, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (value === null) return { ok: true, value: null };
  const fail = (t: string) => ({ ok: false as const, message: `value ${JSON.stringify(value)} cannot be converted to ${t}` });
  switch (def.Type) {
    case "string":
      if (typeof value === "string") return { ok: true, value };
      if (typeof value === "number" || typeof value === "boolean") return { ok: true, value: String(value) };
      return fail("string");
    case "boolean":
      if (typeof value === "boolean") return { ok: true, value };
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return { ok: true, value: value.toLowerCase() === "true" };
      return fail("boolean");
    case "integer": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (Number.isInteger(n)) return { ok: true, value: n };
      return fail("integer");
    }
    case "float": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (Number.isFinite(n)) return { ok: true, value: n };
      return fail("float");
    }
    case "time": {
      if (typeof value === "number" && Number.isFinite(value)) return { ok: true, value: Math.trunc(value) };
      if (typeof value === "string") {
        if (/^\d+$/.test(value)) return { ok: true, value: Number(value) };
        const t = Date.parse(value);
        if (!Number.isNaN(t)) return { ok: true, value: t };
      }
      return fail("time");
    }
    case "list":
      if (Array.isArray(value)) return { ok: true, value };
      return { ok: true, value: [value] };
    default:
      return { ok: true, value };
  }
}

function defaultMetadataSchema(): PendoFixture["metadataSchema"] {
  const f = (Type: PendoMetadataField["Type"], DisplayName: string): PendoMetadataField => ({
    Type,
    DisplayName,
    ElementType: "",
    ElementFormat: "",
    Dirty: false,
    isHidden: false,
    isDeleted: false,
    isCalculated: false,
    isPerApp: false,
    neverIndex: false,
  });
  return {
    account: {
      auto: { firstvisit: f("time", "First Visit"), lastvisit: f("time", "Last Visit"), lastupdated: f("time", "Last Updated"), id: f("string", "Account ID") },
      agent: { name: f("string", "Name") },
      custom: {},
    },
    visitor: {
      auto: { firstvisit: f("time", "First Visit"), lastvisit: f("time", "Last Visit"), lastupdated: f("time", "Last Updated"), accountid: f("string", "Account ID") },
      agent: { email: f("string", "Email"), name: f("string", "Name") },
      custom: {},
    },
  };
}

export function validatePendoSection(data: unknown, prefix = "pendo"): PendoFixture {
  validateSection(pendoFixtureSchema, pendoRecordArrays, data, prefix);
  return data as PendoFixture;
}

export async function startPendoEmulator(opts: PendoEmulatorOptions = {}): Promise<RunningEmulator> {
  const keys = opts.keys ?? { [PENDO_DEMO_KEY]: { write: true }, [PENDO_DEMO_READONLY_KEY]: { write: false } };
  const maxRows = opts.maxResultRows ?? 1_000_000;
  const persisted = await Persister.loadIfExists(opts.persistFile);
  let initial: PendoFixture = opts.fixture ?? { ...emptyPendoFixture(), metadataSchema: defaultMetadataSchema() };
  if (persisted !== undefined) initial = validatePendoSection(persisted, `pendo (${opts.persistFile})`);
  let store = new PendoStore(initial);
  const clock = new EmulatorClock(opts.now, opts.freezeClock ?? false);

  const kit = new EmulatorKit(wire, {
    host: opts.host,
    port: opts.port ?? PENDO_DEFAULT_PORT,
    latencyMs: opts.latencyMs,
    faults: opts.faults,
    seed: opts.seed,
    clock,
    rateLimit: opts.rateLimit ?? { perSecond: 100, burst: 100 },
    webhook: {
      signatureHeader: "x-pendo-signature",
      timestampHeader: "x-pendo-timestamp",
      secretHeader: "x-pendo-webhook-secret",
      retryDelaysMs: [1000, 5000, 30000],
      userAgent: "Pendo-Webhooks/1.0 (clearinghouse-emulator)",
    },
  });
  const persister = opts.persistFile ? new Persister(opts.persistFile, () => store.export()) : undefined;
  const changed = () => persister?.markDirty();
  const app = kit.app;
  let webhookSeq = 0;

  kit.installGuard(async (req, reply) => {
    const path = req.url.split("?")[0] ?? "";
    const key = req.headers["x-pendo-integration-key"];
    const keyStr = Array.isArray(key) ? key[0] : key;
    if (path === "/data/track") {
      if (keyStr !== store.trackSecret) return wire.sendError(reply, 401, "invalid track event shared secret");
      return kit.throttle(req, reply, "track");
    }
    // Own keys only: like the real API, "constructor" or "__proto__" is not a key (it used to match
    // Object's built-ins and read as a valid read-only key).
    const k = keyStr && Object.hasOwn(keys, keyStr) ? keys[keyStr] : undefined;
    if (!k) return wire.sendError(reply, 401, "invalid integration key");
    const isWrite = (req.method === "POST" || req.method === "PUT" || req.method === "DELETE") && path.startsWith("/api/v1/metadata/");
    if (isWrite && !k.write) return wire.sendError(reply, 403, "integration key does not have write access");
    return kit.throttle(req, reply, keyStr!);
  });

  // ------------------------------------------------------------ aggregation
  app.post("/api/v1/aggregation", async (req, reply) => {
    const parsed = aggregationBody.safeParse(req.body);
    if (!parsed.success) return wire.sendError(reply, 400, `invalid aggregation request: ${parsed.error.issues[0]?.message ?? "bad body"}`);
    const body = parsed.data;
    const pipeline = Array.isArray(body.request) ? body.request : body.request.pipeline;
    const requestId = Array.isArray(body.request) ? undefined : body.request.requestId;
    try {
      const result = runAggregation(store, pipeline, clock.now(), maxRows);
      if (body.response?.mimeType === "text/csv") {
        const { columns, records } = rowsToCsvRecords(result.results);
        return reply.type("text/csv; charset=utf-8").send(csvStringify([columns, ...records]));
      }
      return result;
    } catch (e) {
      if (e instanceof AggregationError || e instanceof ExprError) {
        return reply.code(400).send({ message: e.message, ...(requestId ? { requestId } : {}) });
      }
      throw e;
    }
  });

  // ------------------------------------------------------------ entities
  const withId = (id: string, rec: object) => ({ id, ...rec });
  app.get<{ Params: { id: string } }>("/api/v1/visitor/:id", async (req, reply) => {
    const v = store.visitors.get(req.params.id);
    if (!v) return wire.sendError(reply, 404, `visitor "${req.params.id}" not found`);
    return withId(v.visitorId, v);
  });
  app.get<{ Params: { id: string }; Querystring: { starttime?: string } }>("/api/v1/visitor/:id/history", async (req, reply) => {
    const v = store.visitors.get(req.params.id);
    if (!v) return wire.sendError(reply, 404, `visitor "${req.params.id}" not found`);
    const start = Number(req.query.starttime ?? NaN);
    if (!Number.isFinite(start)) return wire.sendError(reply, 400, "starttime (epoch ms) is required");
    const end = start + 86_400_000;
    const day0 = store.dayOf(start);
    const items: Record<string, unknown>[] = [];
    for (const r of store.featureEvents.range(day0, end, (r) => r.visitorId === v.visitorId)) {
      items.push({ type: "feature", featureId: r.featureId, ts: Math.max(r.day, start), lastTs: Math.max(r.day, start) + r.numMinutes * 60_000, numEvents: r.numEvents, minutes: r.numMinutes });
    }
    for (const r of store.pageEvents.range(day0, end, (r) => r.visitorId === v.visitorId)) {
      items.push({ type: "page", pageId: r.pageId, ts: Math.max(r.day, start), lastTs: Math.max(r.day, start) + r.numMinutes * 60_000, numEvents: r.numEvents, minutes: r.numMinutes });
    }
    return items;
  });
  app.get<{ Params: { id: string } }>("/api/v1/account/:id", async (req, reply) => {
    const a = store.accounts.get(req.params.id);
    if (!a) return wire.sendError(reply, 404, `account "${req.params.id}" not found`);
    return withId(a.accountId, a);
  });

  const listRoute = (path: string, label: string, rows: () => Array<{ id: string; appId?: number; state?: string }>) => {
    app.get<{ Querystring: { appId?: string; state?: string } }>(`/api/v1/${path}`, async (req) => {
      let out = rows();
      if (req.query.appId !== undefined) out = out.filter((r) => r.appId === undefined || String(r.appId) === req.query.appId);
      if (req.query.state !== undefined) out = out.filter((r) => r.state === req.query.state);
      return out;
    });
    app.get<{ Params: { id: string } }>(`/api/v1/${path}/:id`, async (req, reply) => {
      const r = rows().find((x) => x.id === req.params.id);
      if (!r) return wire.sendError(reply, 404, `${label} "${req.params.id}" not found`);
      return r;
    });
  };
  listRoute("feature", "feature", () => store.features);
  listRoute("page", "page", () => store.pages);
  listRoute("guide", "guide", () => store.guides);
  listRoute("tracktype", "track type", () => store.trackTypes);
  listRoute("report", "report", () => store.reports);

  const reportRows = (id: string) => {
    const rep = store.reports.find((r) => r.id === id);
    if (!rep) return undefined;
    if (rep.definition?.pipeline) return runAggregation(store, rep.definition.pipeline, clock.now(), maxRows).results;
    return store.fixture.reportResults?.[id] ?? [];
  };
  app.get<{ Params: { id: string } }>("/api/v1/report/:id/results.json", async (req, reply) => {
    const rows = reportRows(req.params.id);
    if (!rows) return wire.sendError(reply, 404, `report "${req.params.id}" not found`);
    return rows;
  });
  app.get<{ Params: { id: string } }>("/api/v1/report/:id/results.csv", async (req, reply) => {
    const rows = reportRows(req.params.id);
    if (!rows) return wire.sendError(reply, 404, `report "${req.params.id}" not found`);
    const { columns, records } = rowsToCsvRecords(rows);
    return reply.type("text/csv; charset=utf-8").send(csvStringify([columns, ...records]));
  });

  // ------------------------------------------------------------ metadata
  app.get<{ Params: { kind: string } }>("/api/v1/metadata/schema/:kind", async (req, reply) => {
    const kind = req.params.kind;
    if (kind !== "account" && kind !== "visitor") return wire.sendError(reply, 404, `unknown metadata kind "${kind}"`);
    return store.metadataSchema[kind];
  });

  type Kind = "account" | "visitor";
  const findRecord = (kind: Kind, id: string) => (kind === "account" ? store.accounts.mutable(id) : store.visitors.mutable(id));
  const hasRecord = (kind: Kind, id: string) => (kind === "account" ? store.accounts.has(id) : store.visitors.has(id));
  const applyValues = (rec: PendoAccount | PendoVisitor, group: string, values: Record<string, unknown>) => {
    const meta = rec.metadata as Record<string, Record<string, unknown> | undefined>;
    const g = (meta[group] ??= {});
    for (const [f, v] of Object.entries(values)) {
      if (v === null) delete g[f];
      else g[f] = v;
    }
    const auto = (meta.auto ??= {});
    auto.lastupdated = clock.now();
  };

  app.post<{ Params: { kind: string; group: string } }>("/api/v1/metadata/:kind/:group/value", async (req, reply) => {
    const { kind, group } = req.params;
    if (kind !== "account" && kind !== "visitor") return wire.sendError(reply, 404, `unknown metadata kind "${kind}"`);
    if (group === "auto" || !store.metadataSchema[kind][group]) return wire.sendError(reply, 400, `unknown or read-only metadata group "${group}"`);
    const body = req.body;
    if (!Array.isArray(body)) return wire.sendError(reply, 400, "request body must be a JSON array of {" + kind + "Id, values}");
    if (body.length > 10_000) return wire.sendError(reply, 413, "too many rows in one request (max 10000)");
    const idKey = kind === "account" ? "accountId" : "visitorId";
    const rows: Array<{ id: string; values: Record<string, unknown> }> = [];
    for (let i = 0; i < body.length; i++) {
      const r = metadataRow.safeParse(body[i]);
      const id = (body[i] as Record<string, unknown> | null)?.[idKey];
      if (!r.success || typeof id !== "string" || id === "") {
        return wire.sendError(reply, 400, `element ${i}: expected {"${idKey}": string, "values": object}`);
      }
      rows.push({ id, values: r.data.values });
    }
    let updated = 0;
    let failed = 0;
    const missing: string[] = [];
    const errors: Array<{ id: string; field: string; message: string }> = [];
    for (const row of rows) {
      if (!hasRecord(kind, row.id)) {
        missing.push(row.id);
        failed++;
        continue;
      }
      const coerced: Record<string, unknown> = {};
      let bad = false;
      for (const [field, value] of Object.entries(row.values)) {
        const def = store.fieldDef(kind, group, field);
        if (!def) {
          errors.push({ id: row.id, field, message: `field "${field}" is not defined in group "${group}" (create it in Settings → Data Mappings first)` });
          bad = true;
          continue;
        }
        const c = coerce(def, value);
        if (!c.ok) {
          errors.push({ id: row.id, field, message: c.message });
          bad = true;
        } else coerced[field] = c.value;
      }
      if (bad) {
        failed++;
        continue;
      }
      applyValues(findRecord(kind, row.id)!, group, coerced);
      updated++;
    }
    if (updated > 0) changed();
    return { total: rows.length, updated, failed, missing, kind, ...(errors.length ? { errors } : {}) };
  });

  app.put<{ Params: { kind: string; group: string; field: string; id: string } }>("/api/v1/metadata/:kind/:group/:field/value/:id", async (req, reply) => {
    const { kind, group, field, id } = req.params;
    if (kind !== "account" && kind !== "visitor") return wire.sendError(reply, 404, `unknown metadata kind "${kind}"`);
    if (group === "auto" || !store.metadataSchema[kind][group]) return wire.sendError(reply, 400, `unknown or read-only metadata group "${group}"`);
    const def = store.fieldDef(kind, group, field);
    if (!def) return wire.sendError(reply, 400, `field "${field}" is not defined in group "${group}"`);
    if (!hasRecord(kind, id)) return wire.sendError(reply, 404, `${kind} "${id}" not found`);
    const c = coerce(def, req.body === undefined ? null : req.body);
    if (!c.ok) return wire.sendError(reply, 400, c.message);
    applyValues(findRecord(kind, id)!, group, { [field]: c.value });
    changed();
    return { total: 1, updated: 1, failed: 0, missing: [], kind };
  });

  // ------------------------------------------------------------ track events
  app.post("/data/track", async (req, reply) => {
    const b = trackBody.safeParse(req.body);
    if (!b.success) {
      const i = b.error.issues[0];
      return wire.sendError(reply, 400, `invalid track event: ${i ? `${i.path.join(".")} ${i.message}` : "bad body"}`);
    }
    const ev = b.data;
    const appId = store.defaultAppId;
    const tt = store.trackTypeFor(ev.event, appId, clock.now());
    const ctx = ev.context as Record<string, unknown>;
    let server: string | undefined;
    try {
      server = typeof ctx.url === "string" ? new URL(ctx.url).hostname : undefined;
    } catch {
      server = undefined;
    }
    store.trackEvents.append({
      visitorId: ev.visitorId,
      accountId: ev.accountId ?? "",
      appId,
      day: store.dayOf(ev.timestamp),
      numEvents: 1,
      numMinutes: 1,
      trackTypeId: tt.id,
      ...(server ? { server } : {}),
      ...(typeof ctx.ip === "string" ? { remoteIp: ctx.ip } : {}),
      ...(typeof ctx.userAgent === "string" ? { userAgent: ctx.userAgent } : {}),
      ...(ev.properties ? { properties: ev.properties } : {}),
    });
    changed();
    if (kit.webhooks.wants("trackEvent")) {
      void kit.webhooks.send("trackEvent", buildWebhook("trackEvent", { visitorId: ev.visitorId, accountId: ev.accountId ?? "", properties: { trackTypeId: tt.id, eventName: ev.event, ...(ev.properties ?? {}) } }));
    }
    return reply.type("text/plain").send("OK");
  });

  // ------------------------------------------------------------ webhooks
  function npsGuide() {
    const guide = store.guides.find((g) => g.polls?.some((p) => p.attributes?.type === "NPSRating")) ?? store.guides[0];
    return guide;
  }
  function buildWebhook(type: string, override: Record<string, unknown> | undefined): Record<string, unknown> {
    if (!(PENDO_WEBHOOK_TYPES as readonly string[]).includes(type)) {
      throw new FixtureInputError(`unknown webhook type "${type}" (expected one of ${PENDO_WEBHOOK_TYPES.join(", ")})`);
    }
    const visitor =
      (typeof override?.visitorId === "string" ? store.visitors.get(override.visitorId) : undefined) ??
      store.visitors.values().find((v) => v.metadata.auto?.accountid);
    const visitorId = (override?.visitorId as string | undefined) ?? visitor?.visitorId ?? "Webhook Visitor";
    const accountId = (override?.accountId as string | undefined) ?? visitor?.metadata.auto?.accountid ?? "Webhook Account";
    const appDef = store.fixture.apps?.[0];
    const now = clock.now();
    const guide = npsGuide();
    const properties: Record<string, unknown> = { language: "en-US" };
    if (/^(guide|poll|nps)/.test(type) && guide) {
      const step = guide.steps?.[0];
      properties.guideId = guide.id;
      properties.guideProperties = {
        id: guide.id,
        name: guide.name,
        createdAt: guide.createdAt ?? 0,
        lastUpdatedAt: guide.lastUpdatedAt ?? 0,
        createdByUser: { username: guide.createdByUser?.username ?? "pendo-user@example.com" },
        lastUpdatedByUser: { username: guide.lastUpdatedByUser?.username ?? "pendo-user@example.com" },
        steps: (guide.steps ?? []).map((s) => ({ id: s.id, type: "building-block", lastUpdatedAt: guide.lastUpdatedAt ?? 0, resetAt: 0 })),
      };
      if (step) properties.guideStepId = step.id;
      if (type.startsWith("poll") || type.startsWith("nps")) {
        const poll = guide.polls?.find((p) => p.attributes?.type === "NPSRating") ?? guide.polls?.[0];
        if (poll) {
          properties.pollId = poll.id;
          properties.pollType = poll.attributes?.type ?? "NPSRating";
        }
        if (type.endsWith("Submitted")) properties.pollResponse = 9;
      }
    }
    const seq = ++webhookSeq;
    const body: Record<string, unknown> = {
      app: { id: appDef?.id ?? store.defaultAppId, name: appDef?.name ?? "Clearinghouse Demo App", platform: appDef?.platform ?? "web" },
      accountId,
      subscription: { id: store.fixture.subscription?.id ?? 4802463602049999, name: store.fixture.subscription?.name ?? "Clearinghouse Demo" },
      userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
      event: type,
      properties,
      timestamp: Math.floor(now / 1000),
      visitorId,
      uniqueId: createHash("sha1").update(`${type}:${visitorId}:${now}:${seq}`).digest("hex"),
    };
    if (override) {
      for (const [k, v] of Object.entries(override)) {
        if (k === "properties" && v && typeof v === "object") body.properties = { ...properties, ...(v as Record<string, unknown>) };
        else body[k] = v;
      }
    }
    return body;
  }

  // ------------------------------------------------------------ admin
  registerAdminRoutes(kit, {
    reset() {
      store = new PendoStore(initial);
    },
    loadFixture(body) {
      initial = validatePendoSection(body);
      store = new PendoStore(initial);
    },
    exportFixture: () => store.export(),
    buildWebhook,
    webhookTypes: PENDO_WEBHOOK_TYPES,
    changed,
  });

  app.post("/__emulator/schema", async (req, reply) => {
    const b = schemaFieldBody.safeParse(req.body);
    if (!b.success) return wire.sendError(reply, 400, `${b.error.issues[0]?.path.join(".")}: ${b.error.issues[0]?.message}`);
    const { kind, group, field, type, displayName } = b.data;
    if (group === "auto") return wire.sendError(reply, 400, "the auto group is maintained by Pendo");
    const g = (store.metadataSchema[kind][group] ??= {});
    g[field] = {
      Type: type,
      DisplayName: displayName ?? field,
      ElementType: "",
      ElementFormat: "",
      Dirty: true,
      isHidden: false,
      isDeleted: false,
      isCalculated: false,
      isPerApp: false,
      neverIndex: false,
    };
    changed();
    return store.metadataSchema[kind];
  });

  app.post("/__emulator/nps", async (req, reply) => {
    const b = npsBody.safeParse(req.body);
    if (!b.success) return wire.sendError(reply, 400, `${b.error.issues[0]?.path.join(".")}: ${b.error.issues[0]?.message}`);
    const v = store.visitors.get(b.data.visitorId);
    if (!v) return wire.sendError(reply, 404, `visitor "${b.data.visitorId}" not found`);
    const guide = b.data.guideId ? store.guides.find((g) => g.id === b.data.guideId) : npsGuide();
    if (!guide) return wire.sendError(reply, 404, "no NPS guide in the fixture");
    const rating = guide.polls?.find((p) => p.attributes?.type === "NPSRating") ?? guide.polls?.[0];
    const reason = guide.polls?.find((p) => p.attributes?.type === "NPSReason");
    if (!rating) return wire.sendError(reply, 400, `guide "${guide.id}" has no polls`);
    const now = clock.now();
    const accountId = v.metadata.auto?.accountid ?? "";
    const base = { visitorId: v.visitorId, accountId, appId: guide.appId, guideId: guide.id, browserTime: now };
    const rows: PendoPollEvent[] = [{ type: "pollResponse", ...base, pollId: rating.id, pollType: "NPSRating", pollResponse: b.data.score }];
    if (reason && b.data.reason !== undefined) rows.push({ type: "pollResponse", ...base, pollId: reason.id, pollType: "NPSReason", pollResponse: b.data.reason });
    for (const r of rows) store.pollEvents.append(r);
    changed();
    let webhook: unknown = undefined;
    if (kit.webhooks.wants("npsSubmitted")) {
      webhook = await kit.webhooks.send(
        "npsSubmitted",
        buildWebhook("npsSubmitted", { visitorId: v.visitorId, accountId, properties: { pollId: rating.id, pollType: "NPSRating", pollResponse: b.data.score, ...(b.data.reason ? { reason: b.data.reason } : {}) } }),
      );
    }
    return { rows, webhook };
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

export { pendoId };
