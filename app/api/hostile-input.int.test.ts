import path from "node:path";
import NextAuth from "next-auth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import type { CurrentUser } from "@/lib/auth/session";
import type { GuardedHandler } from "@/lib/http/route";
import { guardSignInEndpoint, MAX_BODY_BYTES } from "@/lib/http/input-guards";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { truncateAll } from "@/lib/testing/database";
import { loadRouteHandlers } from "@/lib/testing/route-handlers";
import { PENDO_DEMO_KEY, startPendoEmulator } from "@/emulators/pendo/server";
import { PX_DEMO_KEY, startPxEmulator } from "@/emulators/px/server";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { DEFAULT_ALERT_RULES } from "@/lib/alerts/settings-schema";

// Hardening, "Hostile input: always a clear 4xx, never a 5xx". Walks every route handler in
// app/api as an admin with malformed JSON, wrong types, NUL and escape characters, very long
// strings, prototype names and out-of-range numbers and dates, in bodies, query strings and path
// params. Every answer must be below 500; every 4xx must carry a JSON `error.message`; a 2xx body
// must read to its end (the CSV export used to cut its stream after a 200). Input no database can
// store (NUL, a lone surrogate), malformed JSON and oversize bodies must be refused outright.
// A prototype name or a long string may be valid input for some field (a search for
// "constructor"), so for those the walk asserts only "no 5xx, and a sentence with any 4xx".

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

/** The walk's bound: it stops generating requests here (today's catalogue sends about 6,200). */
const MAX_REQUESTS = 9_000;


// ------------------------------------------------------------------ the catalogue

const LONG = "x".repeat(100_000);
/** Strings for any text field, query value or path segment. `refuse`: no field may accept it. */
const HOSTILE_STRINGS: { label: string; value: string; refuse?: boolean; viaUrlBecomesText?: boolean }[] = [
  { label: "NUL inside", value: "a\u0000b", refuse: true },
  { label: "NUL alone", value: "\u0000", refuse: true },
  // In a URL these arrive as U+FFFD (URLSearchParams encodes them so): only a JSON body can carry one.
  { label: "lone high surrogate", value: "a\ud800b", refuse: true, viaUrlBecomesText: true },
  { label: "lone low surrogate", value: "\udc00", refuse: true, viaUrlBecomesText: true },
  { label: "escaped NUL as text", value: "%00" },
  { label: "broken percent-escape", value: "%ZZ%E0%A4%A" },
  { label: "backslash-u text", value: "\\u0000\\x00" },
  { label: "terminal escape", value: "\u001b[31mred\u001b[0m" },
  { label: "CR LF header injection", value: "a\r\nSet-Cookie: x=y" },
  { label: "SQL quote", value: "' OR 1=1; --" },
  { label: "LIKE wildcards", value: "%_\\%" },
  { label: "path traversal", value: "../../../etc/passwd" },
  { label: "HTML", value: "<script>alert(1)</script>" },
  { label: "emoji and RTL", value: "\u{1F4A9}\u202Eevil" },
  { label: "10k characters", value: LONG.slice(0, 10_000) },
  { label: "100k characters", value: LONG },
  { label: "__proto__", value: "__proto__" },
  { label: "constructor", value: "constructor" },
  { label: "toString", value: "toString" },
  { label: "hasOwnProperty", value: "hasOwnProperty" },
  { label: "prototype", value: "prototype" },
  { label: "empty", value: "" },
  { label: "spaces", value: "   " },
];
/** Numbers and dates as text (query values are text), for numeric and date fields. */
const HOSTILE_NUMBERS_AND_DATES: string[] = [
  "-1",
  "0",
  "-0",
  "1.5",
  "2147483648",
  "9007199254740993",
  "1e308",
  "1e400",
  "-1e400",
  "NaN",
  "Infinity",
  "0x10",
  "0000-01-01",
  "-000001-01-01",
  "+275760-09-13",
  "275760-09-13T00:00:00.000Z",
  "9999-99-99",
  "2026-02-30",
  "1969-12-31T23:59:60Z",
  "8640000000000000",
  "999999999999999_abc",
];
/** JSON values of the wrong type, for any body field. */
const WRONG_TYPES: { label: string; value: unknown }[] = [
  { label: "null", value: null },
  { label: "true", value: true },
  { label: "number", value: 42 },
  { label: "huge number", value: 1e308 },
  { label: "negative", value: -1 },
  { label: "fraction", value: 0.5 },
  { label: "array", value: ["a"] },
  { label: "nested arrays", value: [[[[[]]]]] },
  { label: "object", value: { a: 1 } },
  { label: "__proto__ object", value: JSON.parse('{"__proto__":{"polluted":true}}') as unknown },
];
/** Raw bodies no JSON parser or schema accepts. */
const MALFORMED_BODIES: { label: string; text: string; contentType?: string }[] = [
  { label: "truncated object", text: '{"a":' },
  { label: "truncated array", text: "[1,2" },
  { label: "bare word", text: "nul" },
  { label: "single quotes", text: "{'a':1}" },
  { label: "trailing comma", text: '{"a":1,}' },
  { label: "raw NUL", text: '{"a":"\u0000"}' },
  { label: "escaped NUL", text: '{"a":"\\u0000"}' },
  { label: "escaped lone surrogate", text: '{"a":"\\ud800"}' },
  { label: "NUL in a key", text: '{"a\\u0000":1}' },
  { label: "top-level array", text: "[]" },
  { label: "top-level string", text: '"text"' },
  { label: "top-level number", text: "1e999" },
  { label: "top-level null", text: "null" },
  { label: "deep nesting", text: `${"[".repeat(5_000)}${"]".repeat(5_000)}` },
  { label: "form-encoded", text: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
  { label: "text/plain JSON", text: '{"a":1}', contentType: "text/plain" },
];

// ------------------------------------------------------------------ the walk's state

const apiDir = path.resolve(import.meta.dirname);
const routes: { key: string; method: string; path: string; handler: GuardedHandler }[] = [];
const tally = { sent: 0, byStatus: new Map<number, number>(), problems: [] as string[] };
let admin: CurrentUser;
const emulators: { close(): Promise<void> }[] = [];
const ids = { user: "", pendo: "", salesforce: "", run: "", account: "001000000000009WLK" };

type FieldPath = (string | number)[];
interface ValidBody {
  /** A fresh valid body per request (POST /api/users needs a new email each time, or it answers 409). */
  base: () => Record<string, unknown>;
  /** Paths to put one hostile value at; `wrap` builds the value around it (a whole criterion). */
  fields: { path: FieldPath; wrap?: (v: unknown) => unknown }[];
  /** Undo what a valid request changed, so the next one reaches as deep. */
  reset?: () => Promise<unknown>;
}

const ADMIN_PASSWORD = "the-admin-password-for-the-walk";
let adminPasswordHash = "";
let serial = 0;

/** A valid body per route, so one hostile field at a time gets past the others into lib/ and the database. */
function validBodies(): Record<string, ValidBody> {
  const at = (...paths: FieldPath[]) => paths.map((path) => ({ path }));
  const customField = (v: unknown) => ({ kind: "customField", analyticsField: v, salesforceField: "Name" });
  return {
    "PUT /api/account/password": {
      base: () => ({ currentPassword: ADMIN_PASSWORD, newPassword: "a-long-enough-new-password" }),
      fields: at(["currentPassword"], ["newPassword"]),
      reset: () => db.user.update({ where: { id: admin.id }, data: { passwordHash: adminPasswordHash } }),
    },
    "POST /api/users": { base: () => ({ email: `walk${++serial}@hostile.test`, name: "Walk", role: "CSM" }), fields: at(["email"], ["name"], ["role"]) },
    "PATCH /api/users/[id]": { base: () => ({ name: "Target", role: "CSM", active: true }), fields: at(["name"], ["role"], ["active"]) },
    // A valid group is created (and removed again before the next request); the [id] routes meet no such group (404) after the schema.
    "POST /api/sharing-groups": {
      base: () => ({ name: `Walk ${++serial}`, description: "walk", fieldName: "Public_Sector__c", fieldValue: "true" }),
      fields: at(["name"], ["description"], ["fieldName"], ["fieldValue"]),
      reset: () => db.sharingGroup.deleteMany({}),
    },
    "PUT /api/sharing-groups/[id]": { base: () => ({ name: "Walk", fieldName: "Public_Sector__c", fieldValue: "true" }), fields: at(["name"], ["description"], ["fieldName"], ["fieldValue"]) },
    "POST /api/sharing-groups/[id]/members": { base: () => ({ userId: ids.user }), fields: at(["userId"]) },
    "DELETE /api/sharing-groups/[id]/members": { base: () => ({ userId: ids.user }), fields: at(["userId"]) },
    "POST /api/integrations/salesforce/connect": {
      base: () => ({ environment: "custom", customDomain: "https://acme.my.salesforce.com" }),
      fields: at(["environment"], ["customDomain"]),
    },
    // The local emulators, never a vendor's region: the key is checked with a real call.
    "POST /api/integrations/pendo": { base: () => ({ region: "emulator", key: PENDO_DEMO_KEY }), fields: at(["region"], ["key"]) },
    "POST /api/integrations/px": { base: () => ({ region: "emulator", key: PX_DEMO_KEY }), fields: at(["region"], ["key"]) },
    "PUT /api/integrations/[id]/pull-settings": { base: () => ({ firstPullMonths: 12 }), fields: at(["firstPullMonths"]) },
    "PUT /api/integrations/[id]/api-budget": { base: () => ({ runPercent: 10, dailyPercent: 40 }), fields: at(["runPercent"], ["dailyPercent"]) },
    // No Salesforce user is in the hub here, so only "no CSM" is valid (its push waits for a worker this test does not run).
    "PUT /api/accounts/[id]/csm": { base: () => ({ sfUserId: null }), fields: at(["sfUserId"]) },
    "PUT /api/csm/settings/[integrationId]": { base: () => ({ fieldName: "CSM__c" }), fields: at(["fieldName"]) },
    // Nothing is connected (no secrets), so a file with no section is the one that applies cleanly.
    "POST /api/config/import": {
      base: () => ({ config: { format: "clearinghouse-config", version: 1, exportedAt: "2026-01-31T12:00:00.000Z", tools: {} }, apply: false }),
      fields: at(["config"], ["config", "version"], ["config", "exportedAt"], ["config", "tools"], ["apply"]),
    },
    "PUT /api/matching/[integrationId]/rules": {
      base: () => ({ rules: { accounts: [{ kind: "salesforceId" }, { kind: "name", exact: false }], contacts: [{ kind: "email" }] } }),
      fields: [...at(["rules"], ["rules", "accounts"], ["rules", "accounts", 1, "exact"], ["rules", "contacts", 0, "kind"]), { path: ["rules", "accounts", 0], wrap: customField }],
    },
    // Always with a custom-field pair no describe offers: a preview that passed would wait a minute
    // for a worker this test does not run.
    "POST /api/matching/[integrationId]/preview": {
      base: () => ({ rules: { accounts: [customField("sfid")], contacts: [] } }),
      fields: at(["rules", "accounts", 0, "analyticsField"], ["rules", "accounts", 0, "salesforceField"], ["rules", "accounts", 0, "kind"]),
    },
    "POST /api/matching/overrides": {
      base: () => ({ integrationId: ids.pendo, action: "PIN", entity: "ACCOUNT", analyticsId: "acme", salesforceId: "001000000000001AAA", note: "walk" }),
      fields: at(["integrationId"], ["action"], ["entity"], ["analyticsId"], ["salesforceId"], ["note"]),
    },
    "DELETE /api/matching/overrides": { base: () => ({ integrationId: ids.pendo, entity: "ACCOUNT", analyticsId: "acme" }), fields: at(["integrationId"], ["entity"], ["analyticsId"]) },
    // No describe is cached here, so even this row is refused (422) after the walk's value reached the checks.
    "PUT /api/mappings/[integrationId]": {
      base: () => ({ mappings: [{ entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "auto.id" }, targetField: "Pendo_Account_Id__c", writeMode: "whenEmpty" }] }),
      fields: at(["mappings"], ["mappings", 0], ["mappings", 0, "source", "field"], ["mappings", 0, "targetField"], ["mappings", 0, "writeMode"], ["mappings", 0, "owner"], ["restoreDefaults"]),
    },
    // The hub has no Salesforce with credentials here: a valid field name is refused after the schema (422).
    // A valid save is written, then removed again, so no request after it sends to a channel.
    "PUT /api/alerts/settings": {
      base: () => ({ rules: structuredClone(DEFAULT_ALERT_RULES), webhook: null, email: null }),
      fields: [
        ...at(["rules"], ["rules", "runFailed", "warning"], ["rules", "reconnectNeeded", "level"], ["webhook"]),
        { path: ["webhook"], wrap: (v) => ({ url: v }) },
        { path: ["email"], wrap: (v) => ({ host: v, port: 587, security: "starttls", user: null, from: "a@example.test", to: ["b@example.test"] }) },
        { path: ["email"], wrap: (v) => ({ host: "smtp.example.test", port: 587, security: "starttls", user: "u", password: v, from: "a@example.test", to: [v] }) },
      ],
      reset: () => db.alertSettings.deleteMany({}),
    },
    "POST /api/alerts/read": { base: () => ({ ids: ["no-such-notification"] }), fields: at(["ids"], ["ids", 0]) },
    "PUT /api/kpi-settings/[integrationId]": {
      base: () => ({ coreFeatureIds: [], contractedFeaturesField: null, licensedSeatsField: null }),
      fields: at(["coreFeatureIds"], ["coreFeatureIds", 0], ["contractedFeaturesField"], ["licensedSeatsField"]),
    },
    // A valid model saves a new version (not active); the walk's values reach the model's checks.
    "POST /api/health/models": {
      base: () => ({ model: structuredClone(DEFAULT_HEALTH_MODEL), note: "walk" }),
      fields: at(["model"], ["model", "name"], ["model", "measures"], ["model", "measures", 0, "weight"], ["model", "bands", "red"], ["note"]),
    },
    // A scored account, so a valid override is written (and removed again before the next request).
    "POST /api/accounts/[id]/health-override": {
      base: () => ({ score: 30, reason: "walk", expiresAt: new Date(Date.now() + 86_400_000).toISOString() }),
      fields: at(["score"], ["colour"], ["reason"], ["expiresAt"]),
      reset: () => db.healthOverride.deleteMany({}),
    },
    // The Pendo row has no credentials here: a valid schedule is refused (409: not connected) after the schema.
    "PUT /api/schedules/[integrationId]/[action]": { base: () => ({ cron: "0 3 * * *", timezone: "Europe/Paris", paused: false }), fields: at(["cron"], ["timezone"], ["paused"]) },
    // No refused write exists here: valid requests are refused (404 no such result, 409 nothing to retry) after the schema.
    "POST /api/dismissals": { base: () => ({ resultId: "1", reason: "walk" }), fields: at(["resultId"], ["reason"]) },
    "DELETE /api/dismissals": { base: () => ({ resultId: "1" }), fields: at(["resultId"]) },
    "POST /api/runs/[id]/retry": { base: () => ({ records: [{ system: "salesforce", object: "account", recordId: "001000000000001AAA" }] }), fields: at(["records"], ["records", 0, "system"], ["records", 0, "recordId"], ["all"]) },
    "POST /api/runs/retry-failed": { base: () => ({ since: "2020-01-01" }), fields: at(["since"], ["integrationId"]) },
    // No Salesforce with credentials here: a valid request is refused (404 while no such version exists, 409 after: no Salesforce to replay) before anything is queued.
    "POST /api/health/backtest": { base: () => ({ version: 1, compare: 2 }), fields: at(["version"], ["compare"]) },
  };
}

/** The query keys each route reads; numeric and date keys also get HOSTILE_NUMBERS_AND_DATES. */
const QUERY_KEYS: Record<string, string[]> = {
  "GET /api/audit": ["action", "actor", "targetType", "from", "to", "cursor", "limit"],
  "GET /api/exceptions": ["integrationId", "entity", "kind", "q", "page", "pageSize"],
  "GET /api/exceptions/export": ["integrationId", "entity", "kind", "q"],
  "GET /api/accounts/export": ["q", "colour", "segment", "csm", "renewingIn", "sort", "dir"],
  "GET /api/runs": ["integration", "status", "kind", "trigger", "from", "to", "rejected", "sort", "dir", "before", "after", "limit"],
  "GET /api/alerts": ["before", "unread", "limit"],
  "GET /api/runs/[id]": ["outcome", "operation", "errorCode", "q", "page", "pageSize"],
  "GET /api/runs/[id]/records.csv": ["outcome", "operation", "errorCode", "q"],
  "GET /api/integrations/salesforce/callback": ["state", "code", "error", "error_description"],
  "GET /api/health/backtest": ["jobId"],
  "GET /api/csm/users": ["q", "limit"],
};

function paramValues(): { label: string; value?: string; refuse?: boolean }[] {
  return [
    { label: "real id" },
    { label: "no such id", value: "no-such-id" },
    ...HOSTILE_STRINGS,
    { label: "5k characters", value: LONG.slice(0, 5_000) },
  ];
}

function withField(base: Record<string, unknown>, fieldPath: FieldPath, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let at: Record<string | number, unknown> = copy;
  for (const step of fieldPath.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  at[fieldPath.at(-1)!] = value;
  return copy;
}

function realParams(routePath: string, override?: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (routePath.includes("[id]")) {
    const real = routePath.startsWith("/api/users") ? ids.user : routePath.startsWith("/api/runs") ? ids.run : routePath.startsWith("/api/accounts/") ? ids.account : ids.salesforce;
    params.id = override ?? real;
  }
  if (routePath.includes("[integrationId]")) params.integrationId = override ?? ids.pendo;
  if (routePath.includes("[action]")) params.action = override ?? "pull";
  // Version 1 is the default model every installation starts with.
  if (routePath.includes("[version]")) params.version = override ?? "1";
  return params;
}

interface Probe {
  route: (typeof routes)[number];
  label: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: string | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** This input must be refused with a 4xx (no field may accept it). */
  refuse?: boolean;
  /** The exact status owed, when there is one (413 for an oversize body). */
  status?: number;
  reset?: () => Promise<unknown>;
}

async function send(probe: Probe): Promise<{ status: number; text: string } | null> {
  if (tally.sent >= MAX_REQUESTS) return null;
  tally.sent++;
  const { route: r } = probe;
  const url = new URL(`http://localhost${r.path}`);
  for (const [k, v] of Object.entries(probe.query ?? {})) url.searchParams.set(k, v);
  const init: RequestInit & { duplex?: "half" } = {
    method: r.method,
    headers: { "content-type": "application/json", host: "localhost", ...probe.headers },
  };
  if (probe.body !== undefined && r.method !== "GET") {
    init.body = probe.body;
    if (probe.body instanceof ReadableStream) init.duplex = "half";
  }
  const where = `${r.key} [${probe.label}]`;
  let res: Response;
  try {
    res = await r.handler(new Request(url, init), { params: Promise.resolve(probe.params ?? realParams(r.path)) });
  } catch (err) {
    tally.problems.push(`${where} threw ${String(err)}`);
    return null;
  }
  await probe.reset?.();
  tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
  let text = "";
  try {
    text = await res.text(); // a stream that fails after its headers fails here
  } catch (err) {
    tally.problems.push(`${where} → ${res.status}, then the body failed: ${String(err)}`);
    return { status: res.status, text };
  }
  if (res.status >= 500) tally.problems.push(`${where} → ${res.status} ${text.slice(0, 200)}`);
  else if (probe.status !== undefined && res.status !== probe.status) tally.problems.push(`${where} → ${res.status}, expected ${probe.status} ${text.slice(0, 200)}`);
  else if (probe.refuse && res.status < 400) tally.problems.push(`${where} → ${res.status}, expected a refusal (4xx)`);
  if (res.status >= 400 && res.status < 500) {
    let message: unknown;
    try {
      message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    } catch {
      message = undefined;
    }
    if (typeof message !== "string" || message.length === 0) tally.problems.push(`${where} → ${res.status} without a JSON error.message: ${text.slice(0, 200)}`);
  }
  return { status: res.status, text };
}

beforeAll(async () => {
  await truncateAll(db);
  routes.push(...(await loadRouteHandlers(apiDir)));
  // Connecting Pendo or PX checks the key against the vendor: here, the local emulators.
  const pendo = await startPendoEmulator({ port: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const px = await startPxEmulator({ port: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } });
  emulators.push(pendo, px);
  env.PENDO_EMULATOR_URL = pendo.url;
  env.PX_EMULATOR_URL = px.url;
  adminPasswordHash = await hashPassword(ADMIN_PASSWORD);
  const a = await db.user.create({ data: { email: "admin@hostile.test", role: "ADMIN", passwordHash: adminPasswordHash } });
  admin = { id: a.id, email: a.email, name: null, role: "ADMIN", mustChangePassword: false };
  ids.user = (await db.user.create({ data: { email: "target@hostile.test", role: "CSM", passwordHash: null } })).id;
  // Connected rows so the [id] routes reach past "no such integration"; the base URLs lead nowhere
  // (port 9, discard), so a connection test fails fast instead of calling a vendor.
  ids.pendo = (await db.integration.create({ data: { system: "PENDO", status: "CONNECTED", environment: "us", baseUrl: "http://127.0.0.1:9" } })).id;
  ids.salesforce = (await db.integration.create({ data: { system: "SALESFORCE", status: "CONNECTED", environment: "production", baseUrl: "http://127.0.0.1:9" } })).id;
  // A pulled account and a Salesforce account, so a pin reaches the override tables.
  await db.analyticsAccount.create({ data: { integrationId: ids.pendo, externalId: "acme", name: "Acme", custom: {}, contentHash: "h", pulledAt: new Date() } });
  await db.sfAccount.create({ data: { integrationId: ids.salesforce, id: ids.account, objectName: "Account", name: "Walk", fields: {}, systemModstamp: new Date(), contentHash: "h", pulledAt: new Date() } });
  await db.healthScore.create({ data: { accountId: ids.account, day: new Date("2026-01-30T00:00:00Z"), modelVersion: 1, score: 50, colour: "yellow", measures: { bands: { red: 40, green: 70 } }, missing: [], computedAt: new Date() } });
  ids.run = (await db.syncRun.create({ data: { integrationId: ids.pendo, system: "PENDO", kind: "PULL", trigger: "test", status: "SUCCEEDED" } })).id;
  await db.auditLog.create({ data: { actorEmail: admin.email, action: "walk.start", targetType: "Test", targetId: null, ip: null } });
  session.user = admin;
});

afterAll(async () => {
  for (const e of emulators) await e.close();
  await db.$disconnect();
});

function route(key: string) {
  const r = routes.find((x) => x.key === key);
  if (!r) throw new Error(`no route ${key}`);
  return r;
}

async function status(key: string, probe: Omit<Probe, "route" | "label">) {
  const before = tally.problems.length;
  const res = await send({ route: route(key), label: "focused", ...probe });
  let message: string | undefined;
  try {
    message = res ? (JSON.parse(res.text) as { error?: { message?: string } }).error?.message : undefined;
  } catch {
    message = undefined;
  }
  return { status: res?.status, message, problems: tally.problems.slice(before) };
}

// Each of these failed before its fix (a 5xx, a 200 with a broken stream, or a body read in full).
describe("hostile input: the defects the fuzzing run found", () => {
  it("refuses a NUL in a query filter, a path id and a name (was 503, PostgreSQL 22021)", async () => {
    expect(await status("GET /api/exceptions", { query: { q: "a\u0000b" } })).toMatchObject({ status: 422, problems: [] });
    expect(await status("GET /api/audit", { query: { actor: "\u0000" } })).toMatchObject({ status: 422, problems: [] });
    expect(await status("PATCH /api/users/[id]", { params: { id: "a\u0000b" }, body: JSON.stringify({ name: "x" }) })).toMatchObject({ status: 404, problems: [] });
    expect(await status("POST /api/users", { body: JSON.stringify({ email: "nul@hostile.test", role: "CSM", name: "a\u0000b" }) })).toMatchObject({ status: 422, problems: [] });
    expect(await db.user.count({ where: { email: "nul@hostile.test" } })).toBe(0);
  });

  it("refuses a NUL in the CSV export's filter before the download starts (was a 200 cut mid-stream)", async () => {
    const r = await status("GET /api/exceptions/export", { query: { q: "acme\u0000" } });
    expect(r).toMatchObject({ status: 422, problems: [] });
    expect(r.message).toMatch(/NUL/);
  });

  it("refuses audit dates PostgreSQL has no timestamp for (was 503)", async () => {
    for (const from of ["0000-01-01", "-000001-01-01", "+275760-09-13"]) {
      const r = await status("GET /api/audit", { query: { from } });
      expect(r, from).toMatchObject({ status: 422, problems: [] });
      expect(r.message).toMatch(/from/);
    }
    expect(await status("GET /api/audit", { query: { to: "275760-09-13T00:00:00.000Z" } })).toMatchObject({ status: 422, problems: [] });
    expect(await status("GET /api/audit", { query: { from: "2020-01-01", to: "9999-12-31" } })).toMatchObject({ status: 200 });
  });

  it('refuses "constructor" and "__proto__" as a Pendo region or PX data centre (was 503)', async () => {
    for (const key of ["POST /api/integrations/pendo", "POST /api/integrations/px"]) {
      for (const region of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
        const r = await status(key, { body: JSON.stringify({ region, key: "0123456789abcdef" }) });
        expect(r, `${key} ${region}`).toMatchObject({ status: 422, problems: [] });
        expect(r.message).toMatch(/Pick one of the listed/);
      }
    }
  });

  it("refuses prototype-named API keys: the emulators answer 401 like the vendors (they used to accept them)", async () => {
    for (const [key, region] of [
      ["POST /api/integrations/pendo", "emulator"],
      ["POST /api/integrations/px", "emulator"],
    ] as const) {
      for (const apiKey of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
        const r = await status(key, { body: JSON.stringify({ region, key: apiKey }) });
        expect(r, `${key} ${apiKey}`).toMatchObject({ status: 422, problems: [] });
      }
    }
  });

  it("refuses an API key with a line break or a non-ASCII character (was 503: the header could not be sent)", async () => {
    for (const apiKey of ["demo-pendo-key\r\nX-Injected: 1", "demo-pendo-kéy", "demo pendo key"]) {
      const r = await status("POST /api/integrations/pendo", { body: JSON.stringify({ region: "emulator", key: apiKey }) });
      expect(r, apiKey).toMatchObject({ status: 422, problems: [] });
      expect(r.message).toMatch(/key/);
    }
    expect(await status("POST /api/integrations/pendo", { body: JSON.stringify({ region: "emulator", key: PENDO_DEMO_KEY }) })).toMatchObject({ status: 200 });
  });

  it(`answers 413 to a body over ${MAX_BODY_BYTES / 1_000_000} MB, declared or not, without reading it all`, async () => {
    const big = JSON.stringify({ email: "big@hostile.test", role: "CSM", name: "x".repeat(2 * MAX_BODY_BYTES) });
    const declared = await status("POST /api/users", { body: big, headers: { "content-length": String(big.length) } });
    expect(declared).toMatchObject({ status: 413, problems: [] });
    expect(declared.message).toMatch(/1 MB/);
    // Chunked, no Content-Length: counted while reading and cut off at the limit.
    let pulled = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 10 * 16) controller.close(); // 10 MB in all
        else controller.enqueue(chunk);
      },
    });
    expect(await status("POST /api/users", { body: stream })).toMatchObject({ status: 413, problems: [] });
    expect(pulled).toBeLessThan(20); // ~1 MB read, not 10
    // Routes without a body schema refuse an oversize declared body too.
    expect(await status("POST /api/integrations/[id]/test", { headers: { "content-length": String(10 * MAX_BODY_BYTES) } })).toMatchObject({ status: 413 });
  });
});

describe("hostile input: every route, every method", () => {
  it("discovers the routes the permission matrix knows", () => {
    expect(routes.length).toBeGreaterThanOrEqual(26);
    const bodies = validBodies();
    for (const key of Object.keys(bodies)) expect(routes.some((r) => r.key === key), key).toBe(true);
    // A new route that parses a body or a query needs a line above, so the walk reaches its fields.
    for (const r of routes) {
      if (r.handler.accepts.body) expect(bodies[r.key], `${r.key} needs a valid body in validBodies()`).toBeDefined();
      if (r.handler.accepts.query) expect(QUERY_KEYS[r.key], `${r.key} needs its keys in QUERY_KEYS`).toBeDefined();
    }
  });

  it("never answers 5xx, and every 4xx says what to do", { timeout: 600_000 }, async () => {
    const bodies = validBodies();
    // Disconnecting (DELETE) goes last, so the other [id] routes meet a connected integration.
    const ordered = [...routes].sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));
    for (const r of ordered) {
      const valid = bodies[r.key];
      const reset = valid?.reset;
      // Path params: the real id, no such id, and every hostile string in its place.
      if (r.path.includes("[")) {
        for (const p of paramValues()) {
          await send({ route: r, label: `param ${p.label}`, params: realParams(r.path, p.value), refuse: p.refuse, body: valid ? JSON.stringify(valid.base()) : undefined, reset });
        }
      }
      // Query strings: each key the route reads, with each hostile string, number and date.
      for (const key of QUERY_KEYS[r.key] ?? []) {
        for (const s of HOSTILE_STRINGS) await send({ route: r, label: `query ${key}=${s.label}`, query: { [key]: s.value }, refuse: s.refuse && !s.viaUrlBecomesText && r.handler.accepts.query });
        for (const v of HOSTILE_NUMBERS_AND_DATES) await send({ route: r, label: `query ${key}=${v}`, query: { [key]: v } });
      }
      if (r.method === "GET") continue;
      // Bodies: malformed JSON, wrong top-level shapes, then one hostile field at a time.
      for (const m of MALFORMED_BODIES) {
        await send({ route: r, label: `body ${m.label}`, body: m.text, headers: m.contentType ? { "content-type": m.contentType } : {}, refuse: r.handler.accepts.body, reset });
      }
      await send({ route: r, label: "body over the limit", body: "x", headers: { "content-length": String(MAX_BODY_BYTES + 1) }, status: 413, reset });
      if (!valid) continue;
      await send({
        route: r,
        label: "body with __proto__ and constructor keys",
        body: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(valid.base()).slice(1)}`,
        reset,
      });
      for (const { path: field, wrap = (v: unknown) => v } of valid.fields) {
        const name = field.join(".");
        const put = (v: unknown) => JSON.stringify(withField(valid.base(), field, wrap(v)));
        for (const s of HOSTILE_STRINGS) await send({ route: r, label: `body ${name}=${s.label}`, body: put(s.value), refuse: s.refuse, reset });
        for (const t of WRONG_TYPES) await send({ route: r, label: `body ${name}=${t.label}`, body: put(t.value), reset });
        for (const v of HOSTILE_NUMBERS_AND_DATES.slice(0, 12)) await send({ route: r, label: `body ${name}=${v}`, body: put(Number(v)), reset });
      }
    }
    console.log(
      JSON.stringify({
        hostileWalk: { routes: routes.length, sent: tally.sent, bound: MAX_REQUESTS, byStatus: Object.fromEntries([...tally.byStatus].sort((x, y) => x[0] - y[0])), problems: tally.problems.length },
      }),
    );
    expect(tally.sent).toBeLessThan(MAX_REQUESTS); // the catalogue fits the bound: nothing was skipped
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(tally.problems).toEqual([]);
  });
});

// ------------------------------------------------------------------ next-auth's endpoints

const signInOptions = {
  credentialsProviderIds: ["credentials"],
  callbackUrlCookies: ["next-auth.callback-url", "__Secure-next-auth.callback-url"],
};

/**
 * next-auth's real core with our authOptions, reached through its Node API entry point: the App
 * Router entry reads next/headers, which needs a Next request scope a test does not have. It
 * reads the request the way the App Router entry does (next-auth/next/utils.js getBody).
 */
async function nextAuthCore(request: Request, context: { params: Promise<{ nextauth?: string[] }> }): Promise<Response> {
  const url = new URL(request.url);
  const contentType = request.headers.get("content-type") ?? "";
  let body: unknown;
  if (request.method === "POST" && request.body) {
    if (contentType.includes("application/json")) body = await request.json();
    else if (contentType.includes("application/x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(await request.text()));
  }
  const cookies = Object.fromEntries(
    (request.headers.get("cookie") ?? "")
      .split(";")
      .filter((c) => c.includes("="))
      .map((c) => [c.slice(0, c.indexOf("=")).trim(), decodeURIComponent(c.slice(c.indexOf("=") + 1).trim())]),
  );
  const out = { status: 200, headers: new Headers(), body: "" };
  const res = {
    status(code: number) {
      out.status = code;
      return res;
    },
    getHeader: (name: string) => out.headers.get(name) ?? undefined,
    setHeader(name: string, value: string | string[]) {
      for (const v of Array.isArray(value) ? value : [value]) out.headers.append(name, v);
      return res;
    },
    send(payload: unknown) {
      out.body = typeof payload === "string" ? payload : JSON.stringify(payload);
      return res;
    },
    json(payload: unknown) {
      out.body = JSON.stringify(payload);
      return res;
    },
    end() {
      return res;
    },
  };
  const req = {
    method: request.method,
    query: { ...Object.fromEntries(url.searchParams), nextauth: (await context.params).nextauth },
    body,
    cookies,
    headers: Object.fromEntries(request.headers),
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: typeof authOptions) => Promise<void>)(req, res, authOptions);
  return new Response(out.body || null, { status: out.status, headers: out.headers });
}

/** `alone`: what next-auth answers without the guard (null: it copes, through lib/auth/options.ts's redirect callback). */
const SIGN_IN_CASES: {
  label: string;
  method: "GET" | "POST";
  path: string[];
  query?: string;
  body?: string;
  contentType?: string;
  cookie?: string;
  alone: 500 | "throws" | null;
}[] = [
  { label: "GET on the credentials callback", method: "GET", path: ["callback", "credentials"], alone: 500 },
  { label: "callbackUrl that is not a URL (query, POST)", method: "POST", path: ["signin", "credentials"], query: "callbackUrl=%3A%3A%3A", alone: 500 },
  { label: "callbackUrl with a NUL (query, GET session)", method: "GET", path: ["session"], query: "callbackUrl=%00", alone: 500 },
  { label: "javascript: callbackUrl (query)", method: "GET", path: ["callback", "credentials"], query: "callbackUrl=javascript:alert(1)", alone: 500 },
  {
    label: "callbackUrl that is not a URL (form body)",
    method: "POST",
    path: ["callback", "credentials"],
    body: "callbackUrl=%3A%3A%3A&csrfToken=x&email=a%40b.c&password=p",
    contentType: "application/x-www-form-urlencoded",
    alone: null,
  },
  { label: "callbackUrl that is not a URL (cookie)", method: "POST", path: ["signout"], cookie: "next-auth.callback-url=%3A%3A%3A", alone: 500 },
  { label: "malformed JSON body", method: "POST", path: ["signin", "credentials"], body: '{"callbackUrl":', contentType: "application/json", alone: "throws" },
];

function signInRequest(c: Omit<(typeof SIGN_IN_CASES)[number], "alone">): [Request, { params: Promise<{ nextauth: string[] }> }] {
  const headers: Record<string, string> = { host: "localhost:3000" };
  if (c.contentType) headers["content-type"] = c.contentType;
  if (c.cookie) headers.cookie = c.cookie;
  const url = `http://localhost:3000/api/auth/${c.path.join("/")}${c.query ? `?${c.query}` : ""}`;
  return [new Request(url, { method: c.method, headers, body: c.method === "POST" ? (c.body ?? "") : undefined }), { params: Promise.resolve({ nextauth: c.path }) }];
}

describe("hostile input: next-auth's endpoints", () => {
  it("next-auth alone answers these with a 500 or a throw (why the route is wrapped)", async () => {
    for (const c of SIGN_IN_CASES.filter((x) => x.alone !== null)) {
      const [request, context] = signInRequest(c);
      const outcome = await nextAuthCore(request, context).then(
        (res) => res.status,
        () => "throws",
      );
      expect(outcome, c.label).toBe(c.alone);
    }
  });

  it("the guarded endpoint answers each with a 4xx and a sentence", async () => {
    const guarded = guardSignInEndpoint(nextAuthCore, signInOptions);
    for (const c of SIGN_IN_CASES) {
      const res = await guarded(...signInRequest(c));
      expect(res.status, c.label).toBe(400);
      const body = (await res.json()) as { error?: { message?: string } };
      expect(body.error?.message, c.label).toMatch(/sign-in|callbackUrl|sign in/i);
    }
  });

  it("the route file is wired to the guard (credentials provider and callback cookie names)", async () => {
    const mod = (await import("./auth/[...nextauth]/route")) as Record<"GET" | "POST", (r: Request, c: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>>;
    for (const c of SIGN_IN_CASES) {
      const res = await mod[c.method](...signInRequest(c));
      expect(res.status, c.label).toBe(400);
    }
    const big = signInRequest({ label: "big", method: "POST", path: ["signin", "credentials"], body: "a=1", contentType: "application/x-www-form-urlencoded" });
    big[0].headers.set("content-length", String(MAX_BODY_BYTES + 1));
    expect((await mod.POST(...big)).status).toBe(413);
  });

  it("still signs in: the guard lets a real form post through to next-auth", async () => {
    const guarded = guardSignInEndpoint(nextAuthCore, signInOptions);
    const csrf = await guarded(...signInRequest({ label: "csrf", method: "GET", path: ["csrf"] }));
    expect(csrf.status).toBe(200);
    const res = await guarded(
      ...signInRequest({
        label: "wrong password",
        method: "POST",
        path: ["callback", "credentials"],
        body: "email=nobody%40hostile.test&password=wrong&callbackUrl=%2Faccounts&json=true",
        contentType: "application/x-www-form-urlencoded",
      }),
    );
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(400);
  });
});
