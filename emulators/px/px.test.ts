import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../fixture/test-support";
import { generateDemoData } from "../generator/generate";
import type { Fixture } from "../fixture/schema";
import type { PxFixture } from "./fixture";
import { startPxEmulator, type RunningEmulator } from "./server";

const KEY = "demo-px-key";
const RO_KEY = "demo-px-readonly-key";
const NOW = "2026-11-20T00:00:00Z";
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const PK = "AP-TEST00000001-2";

function smallPxFixture(): PxFixture {
  const base = { propertyKeys: [PK] };
  const session = (i: number, identifyId: string, accountId: string, daysAgo: number) => ({
    eventId: `s-${i}`,
    identifyId,
    propertyKey: PK,
    date: NOW_MS - daysAgo * DAY - 3_600_000,
    eventType: "SESSION_INITIALIZED",
    sessionId: `${PK}-${i}`,
    userType: "USER",
    accountId,
    globalContext: {},
    remoteHost: "203.0.113.9",
  });
  const attr = (name: string, apiName: string, type: "STRING" | "NUMBER" | "BOOLEAN" | "DATE_TIME", origin = "CUSTOM") => ({ id: apiName, name, apiName, type, origin, state: "ACTIVE" });
  return {
    products: [{ propertyKey: PK, name: "Test" }],
    accounts: [
      { ...base, id: "a1", name: "Acme", sfdcId: "001Gn000000AbCdEAZ", numberOfUsers: 3, customAttributes: null, website: "acme.com" },
      { ...base, id: "a2", name: "Globex", sfdcId: "", numberOfUsers: 1, customAttributes: { healthScore: 40 }, website: "" },
    ],
    users: [
      { ...base, identifyId: "u1", email: "u1@acme.com", accountId: "a1", firstName: "Ann" },
      { ...base, identifyId: "u2", email: "u2@acme.com", accountId: "a1", firstName: "Bob" },
      { ...base, identifyId: "u3", email: "u3@acme.com", accountId: "a1", firstName: "Cid" },
      { ...base, identifyId: "u4", email: "u4@globex.com", accountId: "a2", firstName: "Dee" },
    ],
    attributes: {
      account: [attr("Name", "name", "STRING", "DEFAULT"), attr("Health Score", "healthScore", "NUMBER"), attr("Renewal Date", "renewalDate", "DATE_TIME"), attr("Strategic", "isStrategic", "BOOLEAN"), attr("CSM", "csmName", "STRING")],
      user: [attr("Email", "email", "STRING", "DEFAULT"), attr("Last NPS", "lastNpsScore", "NUMBER")],
    },
    features: Array.from({ length: 5 }, (_, i) => ({ id: `feat-${i}`, name: `Feature ${i}`, type: "FEATURE", propertyKey: PK, status: "ACTIVATED" })),
    segments: [{ id: "seg-1", name: "Admins" }],
    engagements: [{ id: "eng-nps", name: "NPS", type: "SURVEY", state: "RUNNING", envs: ["PRODUCTION"], propertyKeys: [PK] }],
    events: {
      session: [session(1, "u1", "a1", 1), session(2, "u1", "a1", 3), session(3, "u2", "a1", 20), session(4, "u3", "a1", 40), session(5, "u4", "a2", 2)],
      feature_match: [
        { eventId: "f-1", identifyId: "u1", propertyKey: PK, date: NOW_MS - DAY, eventType: "FEATURE_MATCH", accountId: "a1", featureId: "feat-0" },
        { eventId: "f-2", identifyId: "u2", propertyKey: PK, date: NOW_MS - 2 * DAY, eventType: "FEATURE_MATCH", accountId: "a1", featureId: "feat-0" },
        { eventId: "f-3", identifyId: "u4", propertyKey: PK, date: NOW_MS - 3 * DAY, eventType: "FEATURE_MATCH", accountId: "a2", featureId: "feat-1" },
      ],
      custom: [],
      survey_response: [
        { eventId: "r-1", identifyId: "u1", propertyKey: PK, date: NOW_MS - 5 * DAY, eventType: "SURVEY_RESPONSE", accountId: "a1", engagementId: "eng-nps", contentType: "IN_APP_NPS", score: 10 },
        { eventId: "r-2", identifyId: "u2", propertyKey: PK, date: NOW_MS - 6 * DAY, eventType: "SURVEY_RESPONSE", accountId: "a1", engagementId: "eng-nps", contentType: "IN_APP_NPS", score: 4 },
        { eventId: "r-3", identifyId: "u4", propertyKey: PK, date: NOW_MS - 7 * DAY, eventType: "SURVEY_RESPONSE", accountId: "a2", engagementId: "eng-nps", contentType: "IN_APP_NPS", score: 9 },
      ],
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are arbitrary vendor JSON
type Json = any;

let em: RunningEmulator;

async function call(path: string, init: { method?: string; body?: unknown; key?: string | null; url?: string } = {}) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.key !== null) headers["x-aptrinsic-api-key"] = init.key ?? KEY;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch((init.url ?? em.url) + path, { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
const admin = (path: string, body?: unknown) => call(`/__emulator/${path}`, { body, key: null });

/** Follows scrollId to the end; returns every record and the number of requests made. */
async function scrollAll(path: string, recordsKey: string, url?: string): Promise<{ records: Json[]; requests: number; totalHits: number }> {
  const records: Json[] = [];
  let res = await call(path, { url });
  let requests = 1;
  const totalHits = res.json.totalHits as number;
  for (let guard = 0; guard < 10_000; guard++) {
    expect(res.status).toBe(200);
    const page = res.json[recordsKey] as unknown[];
    if (page.length === 0) {
      expect(res.json.scrollId).toBeNull();
      break;
    }
    records.push(...page);
    res = await call(`${path.split("?")[0]}?scrollId=${encodeURIComponent(res.json.scrollId as string)}`, { url });
    requests++;
  }
  return { records, requests, totalHits };
}

beforeAll(async () => {
  em = await startPxEmulator({ port: 0, now: NOW, freezeClock: true, fixture: smallPxFixture(), rateLimit: { perSecond: 2000, burst: 2000 } });
});
afterAll(async () => {
  await em.close();
});
beforeEach(async () => {
  await admin("reset", {});
});

describe("authentication", () => {
  it("accepts the key, refuses a missing or wrong key with the vendor envelope", async () => {
    expect((await call("/v1/accounts/a1")).status).toBe(200);
    // clients configured with the bare host (no /v1) work too
    expect((await call("/accounts/a1")).json.name).toBe("Acme");
    for (const key of [null, "wrong"]) {
      const res = await call("/v1/accounts/a1", { key });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ externalapierror: { status: "UNAUTHORIZED", message: "Authentication failed in loginAwareAuthentication", debugMessage: null, subErrors: null } });
    }
  });

  it("lets a read-only key read but not write (403 FORBIDDEN)", async () => {
    expect((await call("/v1/users/u1", { key: RO_KEY })).status).toBe(200);
    const put = await call("/v1/accounts/a1", { key: RO_KEY, method: "PUT", body: { name: "X" } });
    expect(put.status).toBe(403);
    expect(put.json.externalapierror.status).toBe("FORBIDDEN");
    expect((await call("/v1/events/custom", { key: RO_KEY, body: { identifyId: "u1", eventName: "x", propertyKey: PK } })).status).toBe(403);
    expect((await call("/v1/accounts/a1")).json.name).toBe("Acme");
  });
});

describe("accounts and users", () => {
  it("returns 404 with the externalapierror envelope for unknown ids", async () => {
    const res = await call("/v1/users/absent-id");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ externalapierror: { status: "NOT_FOUND", message: "User was not found for parameters {id=absent-id}", debugMessage: null, subErrors: null } });
    expect((await call("/v1/accounts/absent-id")).json.externalapierror.message).toBe("Account was not found for parameters {id=absent-id}");
    expect((await call("/v1/accounts/absent-id", { method: "PUT", body: { name: "x" } })).status).toBe(404);
  });

  it("creates (201), updates (204, merge), deletes (200) and refuses duplicates (409)", async () => {
    const created = await call("/v1/accounts", { body: { id: "a9", name: "Initech", propertyKeys: [PK], customAttributes: { healthScore: "77" } } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: "a9", name: "Initech", sfdcId: "", website: "", numberOfUsers: 0, createDate: NOW_MS, customAttributes: { healthScore: 77 } });
    expect((await call("/v1/accounts", { body: { id: "a9", name: "Dup", propertyKeys: [PK] } })).status).toBe(409);
    const noKeys = await call("/v1/accounts", { body: { id: "a10", name: "No keys", propertyKeys: [] } });
    expect(noKeys.status).toBe(400);
    expect(noKeys.json.externalapierror.subErrors[0]).toMatchObject({ field: "propertyKeys", message: "must not be empty" });
    const upd = await call("/v1/accounts/a2", { method: "PUT", body: { plan: "enterprise", customAttributes: { renewalDate: "2027-03-01T00:00:00Z", isStrategic: "true" } } });
    expect(upd.status).toBe(204);
    expect(upd.text).toBe("");
    const a2 = (await call("/v1/accounts/a2")).json;
    expect(a2).toMatchObject({ name: "Globex", plan: "enterprise", customAttributes: { healthScore: 40, renewalDate: Date.parse("2027-03-01T00:00:00Z"), isStrategic: true }, lastModifiedDate: NOW_MS });
    const user = await call("/v1/users", { body: { identifyId: "u9", propertyKeys: [PK], accountId: "a9", email: "u9@initech.com" } });
    expect(user.status).toBe(201);
    expect(user.json).toMatchObject({ identifyId: "u9", id: "u9", type: "USER", accountId: "a9", globalUnsubscribe: false });
    expect((await call("/v1/accounts/a9")).json.numberOfUsers).toBe(1);
    expect((await call("/v1/users/u9", { method: "PUT", body: { title: "CTO" } })).status).toBe(204);
    expect((await call("/v1/users/u9")).json.title).toBe("CTO");
    expect((await call("/v1/users/delete", { method: "DELETE", body: { identifyId: "u9" } })).status).toBe(200);
    expect((await call("/v1/users/u9")).status).toBe(404);
    expect((await call("/v1/accounts/a9", { method: "DELETE" })).status).toBe(200);
    expect((await call("/v1/accounts/a9")).status).toBe(404);
  });

  it("validates custom attributes against the attribute definitions", async () => {
    const attrs = await call("/v1/admin/model/account/attributes");
    expect(Array.isArray(attrs.json)).toBe(true);
    expect(attrs.json.map((a: { apiName: string; type: string }) => `${a.apiName}:${a.type}`)).toContain("healthScore:NUMBER");
    const unknown = await call("/v1/accounts/a1", { method: "PUT", body: { customAttributes: { notThere: 1 } } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.externalapierror).toMatchObject({ status: "BAD_REQUEST", subErrors: [{ object: "account", field: "customAttributes.notThere", rejectedValue: 1 }] });
    const wrongType = await call("/v1/accounts/a1", { method: "PUT", body: { customAttributes: { healthScore: "high" } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.externalapierror.subErrors[0].message).toBe("must be a number");
    expect((await call("/v1/accounts/a1")).json.customAttributes).toBeNull();
    expect((await call("/v1/users/u1", { method: "PUT", body: { customAttributes: { lastNpsScore: 9 } } })).status).toBe(204);
  });

  it("pages users with scrollId to the end (pageSize default 25, filter, sort)", async () => {
    const all = await scrollAll("/v1/users?pageSize=3", "users");
    expect(all.records.map((u) => u.identifyId)).toEqual(["u1", "u2", "u3", "u4"]);
    expect(all.totalHits).toBe(4);
    expect(all.requests).toBe(3);
    const filtered = await call(`/v1/users?filter=${encodeURIComponent("accountId==a1;firstName==B*")}&sort=-identifyId`);
    expect(filtered.json.users.map((u: { identifyId: string }) => u.identifyId)).toEqual(["u2"]);
    const sorted = await call(`/v1/users?filter=${encodeURIComponent("accountId=in=(a1,a2)")}&sort=firstName:desc`);
    expect(sorted.json.users.map((u: { firstName: string }) => u.firstName)).toEqual(["Dee", "Cid", "Bob", "Ann"]);
    const accounts = await call(`/v1/accounts?filter=${encodeURIComponent(`sfdcId!=""`)}`);
    expect(accounts.json).toMatchObject({ accounts: [{ id: "a1" }], totalHits: 1 });
    const bad = await call(`/v1/users?filter=${encodeURIComponent("accountId~~a1")}`);
    expect(bad.status).toBe(400);
    expect(bad.json.externalapierror.status).toBe("BAD_REQUEST");
    const invalid = await call("/v1/users?scrollId=bm9wZQ==");
    expect(invalid.status).toBe(400);
    expect(invalid.json.externalapierror.message).toBe("Invalid scrollId");
  });

  it("lists features, segments and engagements with pageNumber/isLastPage", async () => {
    const p0 = await call("/v1/feature?pageSize=2&pageNumber=0");
    expect(p0.json.features.map((f: { id: string }) => f.id)).toEqual(["feat-0", "feat-1"]);
    expect(p0.json.isLastPage).toBe(false);
    const p2 = await call("/v1/feature?pageSize=2&pageNumber=2");
    expect(p2.json).toMatchObject({ features: [{ id: "feat-4" }], isLastPage: true });
    expect((await call("/v1/segment")).json).toEqual({ segments: [{ id: "seg-1", name: "Admins" }], isLastPage: true });
    expect((await call("/v1/engagement")).json.engagements[0].id).toBe("eng-nps");
  });
});

describe("events", () => {
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000", "");
  const activeUsers = async (days: number, url?: string) => {
    const filter = `date>=${iso(NOW_MS - days * DAY)};date<${iso(NOW_MS)}`;
    const { records } = await scrollAll(`/v1/events/session?pageSize=2&sort=date&filter=${encodeURIComponent(filter)}`, "sessionInitializedEvents", url);
    const per = new Map<string, Set<string>>();
    for (const e of records) per.set(e.accountId, (per.get(e.accountId) ?? new Set()).add(e.identifyId));
    return Object.fromEntries([...per].map(([k, v]) => [k, v.size]));
  };

  it("computes active users per account over 7 and 30 days from session events", async () => {
    expect(await activeUsers(7)).toEqual({ a1: 1, a2: 1 });
    expect(await activeUsers(30)).toEqual({ a1: 2, a2: 1 });
    const desc = await call(`/v1/events/session?sort=-date&pageSize=2`);
    expect(desc.json.sessionInitializedEvents.map((e: { eventId: string }) => e.eventId)).toEqual(["s-1", "s-5"]);
    expect(desc.json.totalHits).toBe(5);
  });

  it("counts feature matches per feature and reads survey responses for NPS", async () => {
    const fm = await call(`/v1/events/feature_match?filter=${encodeURIComponent("featureId==feat-0")}`);
    expect(fm.json.featureMatchEvents.map((e: { identifyId: string }) => e.identifyId).sort()).toEqual(["u1", "u2"]);
    const survey = await call(`/v1/survey/responses?filter=${encodeURIComponent(`date>=${iso(NOW_MS - 90 * DAY)}`)}`);
    const rows = survey.json.results as Array<{ accountId: string; score: number }>;
    const nps = (acct: string) => {
      const s = rows.filter((r) => r.accountId === acct).map((r) => r.score);
      return (100 * (s.filter((x) => x >= 9).length - s.filter((x) => x <= 6).length)) / s.length;
    };
    expect(rows).toHaveLength(3);
    expect(nps("a1")).toBe(0);
    expect(nps("a2")).toBe(100);
    const segment = await call("/v1/events/segment_match");
    expect(segment.json).toMatchObject({ segmentMatchEvents: [], featureMatchEvents: [], totalHits: 0 });
  });

  it("ingests custom events (201) and serves them back with dateRange filters", async () => {
    const res = await call("/v1/events/custom", { body: { identifyId: "u1", eventName: "Report Exported", propertyKey: PK, attributes: { format: "pdf" } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ eventType: "CUSTOM", accountId: "a1", date: NOW_MS, eventName: "Report Exported" });
    const back = await call(`/v1/events/custom?dateRangeStart=${NOW_MS - 1000}&dateRangeEnd=${NOW_MS + 1000}`);
    expect(back.json.customEvents).toHaveLength(1);
    expect(back.json.customEvents[0]).toMatchObject({ eventId: res.json.eventId, attributes: { format: "pdf" } });
    const missing = await call("/v1/events/custom", { body: { identifyId: "u1", propertyKey: PK } });
    expect(missing.status).toBe(400);
    expect(missing.json.externalapierror.subErrors).toEqual([expect.objectContaining({ field: "eventName", message: "must not be null" })]);
    const badKey = await call("/v1/events/custom", { body: { identifyId: "u1", eventName: "x", propertyKey: "AP-NOPE" } });
    expect(badKey.status).toBe(400);
  });

  it("scrolls generated data to the end, clamps pageSize to 500, and matches a direct count", async () => {
    const fixture: Fixture = generateDemoData({ seed: 11, accounts: 40 });
    const other = await startPxEmulator({ port: 0, now: fixture.now, freezeClock: true, fixture: fixture.px, rateLimit: { perSecond: 5000, burst: 5000 } });
    try {
      const sessions = fixture.px.events.session;
      expect(sessions.length).toBeGreaterThan(500);
      const first = await call("/v1/events/session?pageSize=5000", { url: other.url });
      expect(first.json.sessionInitializedEvents).toHaveLength(500);
      expect(first.json.totalHits).toBe(sessions.length);
      const now = Date.parse(fixture.now!);
      const from = now - 30 * DAY;
      const { records, requests } = await scrollAll(`/v1/events/session?pageSize=250&filter=${encodeURIComponent(`date>=${iso(from)}`)}`, "sessionInitializedEvents", other.url);
      const expected = sessions.filter((s) => s.date >= from);
      expect(records.length).toBe(expected.length);
      expect(new Set(records.map((r) => r.eventId)).size).toBe(expected.length);
      expect(requests).toBe(Math.ceil(expected.length / 250) + 1);
      for (let i = 1; i < records.length; i++) expect(records[i].date).toBeGreaterThanOrEqual(records[i - 1].date);
      const users = await scrollAll("/v1/users?pageSize=1000", "users", other.url);
      expect(users.records.length).toBe(fixture.px.users.length);
    } finally {
      await other.close();
    }
  });
});

describe("throttling", () => {
  it("answers a burst with 429 and Retry-After", async () => {
    await admin("rate-limit", { perSecond: 5, burst: 5 });
    try {
      const results = await Promise.all(Array.from({ length: 30 }, () => call("/v1/accounts/a1")));
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(10);
      expect(results.some((r) => r.status === 200)).toBe(true);
      for (const r of limited) {
        expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(r.json.externalapierror.status).toBe("TOO_MANY_REQUESTS");
      }
    } finally {
      await admin("rate-limit", { perSecond: 2000, burst: 2000 });
    }
  });
});

describe("webhooks", () => {
  let hook: WebhookReceiver;
  beforeAll(async () => {
    hook = await startWebhookReceiver();
  });
  afterAll(async () => {
    await hook.close();
  });

  it("signs deliveries; a new user fires SIGN_UP; NPS responses fire NPS", async () => {
    hook.received.length = 0;
    await admin("webhook", { url: hook.url, secret: "px-secret", headers: { authorization: "Basic dGVzdDp0ZXN0" } });
    const sent = await admin("webhook/send", { type: "NPS", payload: { identifyId: "u2" } });
    expect(sent.json).toMatchObject({ delivered: true, status: 200 });
    await hook.waitFor(1);
    const d = hook.received[0]!;
    const sig = "sha256=" + createHmac("sha256", "px-secret").update(`${d.headers["x-px-timestamp"] as string}.${d.body}`).digest("hex");
    expect(d.headers["x-px-signature"]).toBe(sig);
    expect(d.headers.authorization).toBe("Basic dGVzdDp0ZXN0");
    const body = JSON.parse(d.body);
    expect(body).toMatchObject({ user: { identifyId: "u2" }, account: { id: "a1" }, event: { eventType: "SURVEY", surveyType: "NPS" } });
    expect(typeof body.configId).toBe("string");

    await call("/v1/users", { body: { identifyId: "u10", propertyKeys: [PK], accountId: "a2" } });
    await hook.waitFor(2);
    expect(JSON.parse(hook.received[1]!.body)).toMatchObject({ user: { identifyId: "u10" }, account: { id: "a2" }, event: { eventType: "SIGN_UP" } });

    const nps = await admin("nps", { identifyId: "u4", score: 2, comment: "slow" });
    expect(nps.status).toBe(200);
    await hook.waitFor(3);
    expect(JSON.parse(hook.received[2]!.body)).toMatchObject({ event: { eventType: "SURVEY", score: 2, userInput: "slow" } });
    const survey = await call(`/v1/survey/responses?filter=${encodeURIComponent("score<=6")}`);
    expect(survey.json.results.map((r: { identifyId: string }) => r.identifyId).sort()).toEqual(["u2", "u4"]);
    await call("/__emulator/webhook", { method: "DELETE", key: null });
  });

  it("retries a failing receiver in the background and reports the first failure", async () => {
    const failing = await startWebhookReceiver(500);
    try {
      await admin("webhook", { url: failing.url });
      const sent = await admin("webhook/send", { type: "CUSTOM" });
      expect(sent.json).toMatchObject({ delivered: false, status: 500, attempts: 1, willRetry: true });
      expect((await admin("webhook/send", { type: "NOPE" })).status).toBe(400);
    } finally {
      await call("/__emulator/webhook", { method: "DELETE", key: null });
      await failing.close();
    }
  });
});

describe("admin API", () => {
  it("injects faults via the admin API and maps them to PX responses", async () => {
    await admin("faults", { spec: "unavailable:nth=1;lock:nth=2" });
    const a = await call("/v1/accounts/a1");
    expect(a.status).toBe(503);
    expect(a.json.externalapierror.status).toBe("SERVICE_UNAVAILABLE");
    expect((await call("/v1/accounts/a1")).status).toBe(409);
    expect((await call("/v1/accounts/a1")).status).toBe(200);
    await admin("faults", { spec: "slow:ms=150,nth=1" });
    const t0 = Date.now();
    expect((await call("/v1/accounts/a1")).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await admin("faults", { spec: "timeout:ms=100,nth=1" });
    await expect(fetch(`${em.url}/v1/accounts/a1`, { headers: { "x-aptrinsic-api-key": KEY } })).rejects.toThrow();
    expect((await admin("faults", { spec: "nope" })).status).toBe(400);
    await admin("faults", { spec: "" });
  });

  it("exports the fixture, reloads it, resets, counts requests and validates input", async () => {
    await call("/v1/accounts/a1", { method: "PUT", body: { name: "Acme 2" } });
    const exported = await call("/__emulator/fixture", { key: null });
    expect(exported.json.accounts[0].name).toBe("Acme 2");
    await admin("reset", {});
    expect((await call("/v1/accounts/a1")).json.name).toBe("Acme");
    await call("/v1/users/u1");
    await call("/v1/users/u2");
    const counters = await call("/__emulator/counters", { key: null });
    expect(counters.json.routes["GET /v1/users/:id"]).toBe(2);
    const bad = await admin("fixture", { accounts: [{ id: "x" }], users: [], events: {} });
    expect(bad.status).toBe(400);
    expect(bad.json.externalapierror.message).toMatch(/^px\.accounts\[0\]\.name: /);
    expect((await admin("clock", { now: "not a date" })).status).toBe(400);
    expect((await admin("clock", {})).status).toBe(400);
  });
});
