import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../fixture/test-support";
import { generateDemoData } from "../generator/generate";
import { addPeriods, startOfPeriod } from "../fixture/runtime/tz";
import { isIdentified } from "./aggregation";
import { startPendoEmulator, type RunningEmulator } from "./server";
import { dayAgo, NOW, smallPendoFixture } from "./test-fixture";

const KEY = "demo-pendo-key";
const RO_KEY = "demo-pendo-readonly-key";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are arbitrary vendor JSON
type Json = any;

let em: RunningEmulator;

async function call(path: string, init: { method?: string; body?: unknown; key?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.key !== null) headers["x-pendo-integration-key"] = init.key ?? KEY;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(em.url + path, { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as Json };
}

const agg = (pipeline: unknown[], extra: Record<string, unknown> = {}) => call("/api/v1/aggregation", { body: { response: { mimeType: "application/json" }, request: { requestId: "t", pipeline }, ...extra } });
const admin = (path: string, body?: unknown) => call(`/__emulator/${path}`, { body, key: null });

const activity = (days: number) => [
  { source: { events: { appId: 'expandAppIds("*")' }, timeSeries: { period: "dayRange", first: `now() - ${days} * 24 * 60 * 60 * 1000`, count: days } } },
  { identified: "visitorId" },
  { group: { group: ["accountId"], fields: { activeVisitors: { count: "visitorId" }, numMinutes: { sum: "numMinutes" }, numEvents: { sum: "numEvents" }, lastActiveDay: { max: "day" } } } },
  { sort: ["-activeVisitors", "accountId"] },
];

beforeAll(async () => {
  em = await startPendoEmulator({ port: 0, now: NOW, freezeClock: true, fixture: smallPendoFixture(), rateLimit: { perSecond: 1000, burst: 1000 } });
});
afterAll(async () => {
  await em.close();
});
beforeEach(async () => {
  await admin("reset", {});
  await admin("clock", { now: NOW, frozen: true });
});

describe("authentication", () => {
  it("accepts the read-write and read-only keys for reads", async () => {
    expect((await call("/api/v1/account/acme")).status).toBe(200);
    expect((await call("/api/v1/account/acme", { key: RO_KEY })).status).toBe(200);
    expect((await agg(activity(7))).status).toBe(200);
  });

  it("refuses a missing or wrong key with 401", async () => {
    const missing = await call("/api/v1/account/acme", { key: null });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ message: "invalid integration key" });
    expect((await call("/api/v1/aggregation", { key: "nope", body: { request: { pipeline: [] } } })).status).toBe(401);
  });

  it("refuses metadata writes with a read-only key (403) and changes nothing", async () => {
    const res = await call("/api/v1/metadata/account/custom/value", { key: RO_KEY, body: [{ accountId: "acme", values: { healthscore: 1 } }] });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/write/);
    const put = await call("/api/v1/metadata/account/custom/healthscore/value/acme", { key: RO_KEY, method: "PUT", body: 2 });
    expect(put.status).toBe(403);
    expect((await call("/api/v1/account/acme")).json.metadata.custom.healthscore).toBe(50);
  });
});

describe("aggregation pipelines for account KPIs", () => {
  it("counts active visitors per account over 7 and 30 days (timeSeries + identified + group)", async () => {
    const d7 = await agg(activity(7));
    expect(d7.status).toBe(200);
    expect(d7.json.startTime).toBe(dayAgo(7));
    expect(d7.json.results).toEqual([
      { accountId: "acme", activeVisitors: 1, numMinutes: 6, numEvents: 20, lastActiveDay: dayAgo(1) },
      { accountId: "globex", activeVisitors: 1, numMinutes: 5, numEvents: 7, lastActiveDay: dayAgo(2) },
    ]);
    const d30 = await agg(activity(30));
    expect(d30.json.results).toEqual([
      { accountId: "acme", activeVisitors: 2, numMinutes: 11, numEvents: 34, lastActiveDay: dayAgo(1) },
      { accountId: "globex", activeVisitors: 1, numMinutes: 5, numEvents: 7, lastActiveDay: dayAgo(2) },
    ]);
  });

  it("aligns days to the subscription time zone and treats count -1 as yesterday", async () => {
    expect(dayAgo(1)).toBe(Date.parse("2026-11-18T05:00:00Z"));
    const res = await agg([
      { source: { events: null, timeSeries: { period: "dayRange", first: "now()", count: -1 } } },
      { select: { visitorId: "visitorId", day: "day" } },
      { sort: ["visitorId"] },
    ]);
    expect(res.json.results).toEqual([
      { visitorId: "_PENDO_T_abc", day: dayAgo(1) },
      { visitorId: "v1", day: dayAgo(1) },
    ]);
  });

  it("sums feature clicks per account and feature and merges feature names", async () => {
    const res = await agg([
      { source: { featureEvents: null, timeSeries: { period: "dayRange", first: 'dateAdd(startOfPeriod("daily", now()), -30, "days")', count: 30 } } },
      { identified: "visitorId" },
      { group: { group: ["accountId", "featureId"], fields: { clicks: { sum: "numEvents" }, visitors: { count: "visitorId" } } } },
      { merge: { fields: ["featureId"], mappings: { featureName: "name" }, pipeline: [{ source: { features: null } }, { select: { featureId: "id", name: "name" } }] } },
      { sort: ["accountId", "-clicks"] },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.results).toEqual([
      { accountId: "acme", featureId: "f1", clicks: 9, visitors: 2, featureName: "Dashboards" },
      { accountId: "acme", featureId: "f2", clicks: 2, visitors: 1, featureName: "Reports" },
      { accountId: "globex", featureId: "f1", clicks: 1, visitors: 1, featureName: "Dashboards" },
    ]);
  });

  it("reads NPS responses from pollEvents and scores promoters and detractors with eval", async () => {
    const guides = await agg([{ source: { guides: null } }, { filter: "id==`guide-nps`" }, { select: { pollId1: "polls[0].id", pollId2: "polls[1].id" } }]);
    expect(guides.json.results).toEqual([{ pollId1: "poll-rating", pollId2: "poll-reason" }]);
    const res = await agg([
      { source: { pollEvents: { guideId: "guide-nps", pollId: "poll-rating" }, timeSeries: { period: "dayRange", first: "now() - 90*24*60*60*1000", count: 90 } } },
      { identified: "visitorId" },
      { select: { visitorId: "visitorId", accountId: "accountId", score: "pollResponse" } },
      { eval: { promoter: "score >= 9 ? 1 : 0", detractor: "score <= 6 ? 1 : 0" } },
      { group: { group: ["accountId"], fields: [{ responses: { count: "visitorId" } }, { p: { sum: "promoter" } }, { d: { sum: "detractor" } }] } },
      { eval: { nps: "responses > 0 ? 100 * (p - d) / responses : null" } },
      { sort: ["accountId"] },
    ]);
    expect(res.json.results).toEqual([
      { accountId: "acme", responses: 2, p: 1, d: 1, nps: 0 },
      { accountId: "globex", responses: 1, p: 0, d: 0, nps: 0 },
    ]);
  });

  it("joins the latest rating and reason per visitor from pollsSeenEver", async () => {
    const res = await agg([
      {
        spawn: [
          [{ source: { pollsSeenEver: { guideId: "guide-nps", pollId: "poll-rating" } } }, { identified: "visitorId" }, { select: { visitorId: "visitorId", quantitativeResponse: "response", time: "time" } }],
          [{ source: { pollsSeenEver: { guideId: "guide-nps", pollId: "poll-reason" } } }, { identified: "visitorId" }, { select: { visitorId: "visitorId", qualitativeResponse: "response" } }],
        ],
      },
      { join: { fields: ["visitorId"], width: 2 } },
    ]);
    expect(res.json.results).toEqual([{ visitorId: "v1", quantitativeResponse: 10, time: dayAgo(5) + 15 * 3_600_000, qualitativeResponse: "Love it" }]);
  });

  it("supports reduce, count, limit, unwind, switch, bulkExpand, fork and the legacy bare-array request", async () => {
    const reduce = await agg([
      { source: { events: null, timeSeries: { period: "dayRange", first: "now()", count: -30 } } },
      { identified: "visitorId" },
      { reduce: { uniqueVisitors: { count: "visitorId" }, uniqueAccounts: { count: "accountId" }, rows: { count: null } } },
    ]);
    expect(reduce.json.results).toEqual([{ uniqueVisitors: 3, uniqueAccounts: 2, rows: 5 }]);
    const legacy = await call("/api/v1/aggregation", { body: { response: {}, request: [{ source: { accounts: null } }, { count: null }] } });
    expect(legacy.json.results).toEqual([{ count: 3 }]);
    const misc = await agg([
      { source: { visitors: null } },
      { unwind: { field: "metadata.auto.accountids" } },
      { bulkExpand: { account: { account: "metadata.auto.accountid" } } },
      { select: { visitorId: "visitorId", accountName: "account.metadata.agent.name" } },
      { switch: { kind: { visitorId: [{ value: "first", "==": "v1" }, { value: "other", "!=": "v1" }] } } },
      { limit: 2 },
    ]);
    expect(misc.json.results).toEqual([
      { visitorId: "v1", accountName: "Acme", kind: "first" },
      { visitorId: "v2", accountName: "Acme", kind: "other" },
    ]);
    const fork = await agg([{ source: { accounts: null } }, { fork: [[{ filter: 'accountId == "acme"' }], [{ filter: 'accountId == "globex"' }]] }, { select: { id: "accountId" } }]);
    expect(fork.json.results).toEqual([{ id: "acme" }, { id: "globex" }]);
  });

  it("pages through visitors with sort + filter + limit (keyset) to the end", async () => {
    const seen: string[] = [];
    let last = "";
    for (let i = 0; i < 10; i++) {
      const res = await agg([{ source: { visitors: { identified: true } } }, { sort: ["visitorId"] }, { filter: `visitorId > "${last}"` }, { limit: 3 }, { select: { visitorId: "visitorId" } }]);
      const rows = res.json.results as Array<{ visitorId: string }>;
      seen.push(...rows.map((r) => r.visitorId));
      if (rows.length < 3) break;
      last = rows[rows.length - 1]!.visitorId;
    }
    expect(seen).toEqual(["v1", "v2", "v3", "v4"]);
  });

  it("returns text/csv with dotted columns when asked", async () => {
    const res = await call("/api/v1/aggregation", { body: { response: { mimeType: "text/csv" }, request: { pipeline: [{ source: { accounts: null } }, { select: { accountId: "accountId", name: "metadata.agent.name" } }, { limit: 2 }] } } });
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.text.trim().split("\n")).toEqual(["accountId,name", "acme,Acme", "globex,Globex"]);
  });

  it("reports bad pipelines with 400 and the vendor's message", async () => {
    const noTs = await agg([{ source: { events: null } }]);
    expect(noTs.status).toBe(400);
    expect(noTs.json).toEqual({ message: "no period specified for time series source", requestId: "t" });
    const unknown = await agg([{ source: { foo: null } }]);
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toBe('unknown row source "foo"');
    expect((await agg([{ source: { accounts: null } }, { filter: "accountId ==" }])).status).toBe(400);
    expect((await agg([{ source: { accounts: null } }, { explode: 1 }])).status).toBe(400);
    expect((await call("/api/v1/aggregation", { body: { request: "nope" } })).status).toBe(400);
  });

  it("agrees with a direct computation on generated demo data", async () => {
    const fixture = generateDemoData({ seed: 3, accounts: 60 });
    const other = await startPendoEmulator({ port: 0, now: fixture.now, freezeClock: true, fixture: fixture.pendo });
    try {
      const res = await fetch(`${other.url}/api/v1/aggregation`, {
        method: "POST",
        headers: { "x-pendo-integration-key": KEY, "content-type": "application/json" },
        body: JSON.stringify({ request: { pipeline: activity(30) } }),
      });
      const body = (await res.json()) as { results: Array<{ accountId: string; activeVisitors: number; numEvents: number }> };
      const today = startOfPeriod("daily", Date.parse(fixture.now!), "America/New_York");
      const from = addPeriods("daily", today, -30, "America/New_York");
      const expected = new Map<string, { v: Set<string>; n: number }>();
      for (const e of fixture.pendo.events) {
        if (e.day < from || e.day >= today || !isIdentified(e.visitorId)) continue;
        const x = expected.get(e.accountId) ?? { v: new Set(), n: 0 };
        x.v.add(e.visitorId);
        x.n += e.numEvents;
        expected.set(e.accountId, x);
      }
      expect(body.results.length).toBe(expected.size);
      expect(body.results.length).toBeGreaterThan(10);
      for (const r of body.results) {
        expect(r.activeVisitors).toBe(expected.get(r.accountId)!.v.size);
        expect(r.numEvents).toBe(expected.get(r.accountId)!.n);
      }
    } finally {
      await other.close();
    }
  });
});

describe("entities, reports and metadata", () => {
  it("gets accounts and visitors, and 404s unknown ids", async () => {
    const acme = await call("/api/v1/account/acme");
    expect(acme.json).toMatchObject({ id: "acme", accountId: "acme", metadata: { agent: { name: "Acme" } } });
    const v = await call("/api/v1/visitor/v1");
    expect(v.json).toMatchObject({ id: "v1", visitorId: "v1", metadata: { agent: { email: "v1@acme.com" } } });
    const missing = await call("/api/v1/account/nope");
    expect(missing.status).toBe(404);
    expect(missing.json.message).toMatch(/not found/);
    expect((await call("/api/v1/visitor/nope")).status).toBe(404);
    expect((await call("/api/v1/feature")).json).toHaveLength(2);
    expect((await call("/api/v1/guide/guide-nps")).json.polls).toHaveLength(2);
    expect((await call("/api/v1/feature/zzz")).status).toBe(404);
  });

  it("serves report results as JSON and CSV", async () => {
    expect((await call("/api/v1/report")).json.map((r: { id: string }) => r.id)).toEqual(["rep-1", "rep-static"]);
    expect((await call("/api/v1/report/rep-1/results.json")).json).toEqual([
      { accountId: "acme", name: "Acme" },
      { accountId: "globex", name: "Globex" },
      { accountId: "initech", name: "Initech" },
    ]);
    expect((await call("/api/v1/report/rep-static/results.csv")).text.trim()).toBe("a,b\n1,x");
    expect((await call("/api/v1/report/nope/results.json")).status).toBe(404);
  });

  it("exposes the metadata schema by group", async () => {
    const s = await call("/api/v1/metadata/schema/account");
    expect(Object.keys(s.json.custom)).toEqual(["healthscore", "renewaldate", "isstrategic", "seats", "csm"]);
    expect(s.json.custom.healthscore.Type).toBe("float");
    expect((await call("/api/v1/metadata/schema/nope")).status).toBe(404);
  });

  it("bulk-writes custom values with {total, updated, failed, missing} and bumps lastupdated", async () => {
    const res = await call("/api/v1/metadata/account/custom/value", {
      body: [
        { accountId: "acme", values: { healthscore: "82.5", renewaldate: "2027-01-31T00:00:00Z", isstrategic: "true", seats: 40 } },
        { accountId: "globex", values: { healthscore: "abc" } },
        { accountId: "initech", values: { notdefined: 1 } },
        { accountId: "nope", values: { healthscore: 1 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ total: 4, updated: 1, failed: 3, missing: ["nope"], kind: "account" });
    expect(res.json.errors).toEqual([
      { id: "globex", field: "healthscore", message: 'value "abc" cannot be converted to float' },
      expect.objectContaining({ id: "initech", field: "notdefined" }),
    ]);
    const acme = await call("/api/v1/account/acme");
    expect(acme.json.metadata.custom).toEqual({ healthscore: 82.5, renewaldate: Date.parse("2027-01-31T00:00:00Z"), isstrategic: true, seats: 40 });
    expect(acme.json.metadata.auto.lastupdated).toBe(Date.parse(NOW));
    const cursor = await agg([{ source: { accounts: null } }, { filter: `metadata.auto.lastupdated >= ${Date.parse(NOW)}` }, { select: { accountId: "accountId" } }]);
    expect(cursor.json.results).toEqual([{ accountId: "acme" }]);
    expect((await call("/api/v1/account/globex")).json.metadata.custom).toEqual({});
  });

  it("sets a single value with PUT and validates it", async () => {
    expect((await call("/api/v1/metadata/account/custom/csm/value/globex", { method: "PUT", body: "Dana" })).status).toBe(200);
    expect((await call("/api/v1/account/globex")).json.metadata.custom.csm).toBe("Dana");
    expect((await call("/api/v1/metadata/account/custom/seats/value/globex", { method: "PUT", body: "lots" })).status).toBe(400);
    expect((await call("/api/v1/metadata/account/custom/nofield/value/globex", { method: "PUT", body: 1 })).status).toBe(400);
    expect((await call("/api/v1/metadata/account/custom/csm/value/nope", { method: "PUT", body: "x" })).status).toBe(404);
  });

  it("rejects malformed metadata requests as a whole", async () => {
    expect((await call("/api/v1/metadata/account/custom/value", { body: { accountId: "acme" } })).status).toBe(400);
    expect((await call("/api/v1/metadata/account/custom/value", { body: [{ values: {} }] })).status).toBe(400);
    expect((await call("/api/v1/metadata/account/auto/value", { body: [] })).status).toBe(400);
    expect((await call("/api/v1/metadata/account/nogroup/value", { body: [] })).status).toBe(400);
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ accountId: `a${i}`, values: {} }));
    expect((await call("/api/v1/metadata/account/custom/value", { body: tooMany })).status).toBe(413);
  });

  it("requires custom fields to exist first; the admin API can add one", async () => {
    const before = await call("/api/v1/metadata/visitor/custom/value", { body: [{ visitorId: "v1", values: { nps: 9 } }] });
    expect(before.json).toMatchObject({ total: 1, updated: 0, failed: 1 });
    expect((await admin("schema", { kind: "visitor", group: "custom", field: "nps", type: "integer" })).status).toBe(200);
    const after = await call("/api/v1/metadata/visitor/custom/value", { body: [{ visitorId: "v1", values: { nps: 9 } }] });
    expect(after.json).toMatchObject({ total: 1, updated: 1, failed: 0, missing: [] });
  });
});

describe("track events", () => {
  it("accepts events with the shared secret and shows them in trackEvents", async () => {
    const ts = Date.parse(NOW) - 2 * 3_600_000;
    const bad = await call("/data/track", { key: "demo-pendo-key", body: { type: "track", event: "Exported", visitorId: "v1", accountId: "acme", timestamp: ts, context: {} } });
    expect(bad.status).toBe(401);
    const ok = await call("/data/track", { key: "test-track-secret", body: { type: "track", event: "Exported", visitorId: "v1", accountId: "acme", timestamp: ts, properties: { format: "pdf" }, context: { ip: "1.2.3.4" } } });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("OK");
    expect((await call("/data/track", { key: "test-track-secret", body: { type: "track", visitorId: "v1" } })).status).toBe(400);
    const rows = await agg([{ source: { trackEvents: null, timeSeries: { period: "dayRange", first: "now()", count: 1 } } }, { select: { visitorId: "visitorId", numEvents: "numEvents", props: "properties" } }]);
    expect(rows.json.results).toEqual([{ visitorId: "v1", numEvents: 1, props: { format: "pdf" } }]);
  });
});

describe("throttling", () => {
  it("answers a burst with 429 and Retry-After, then recovers", async () => {
    await admin("rate-limit", { perSecond: 5, burst: 5 });
    try {
      const results = await Promise.all(Array.from({ length: 30 }, () => call("/api/v1/account/acme")));
      const limited = results.filter((r) => r.status === 429);
      expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(5);
      expect(limited.length).toBeGreaterThan(10);
      for (const r of limited) {
        expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(r.json).toEqual({ message: "Too Many Requests" });
      }
    } finally {
      await admin("rate-limit", { perSecond: 1000, burst: 1000 });
    }
    expect((await call("/api/v1/account/acme")).status).toBe(200);
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

  it("sends a signed NPS webhook that verifies with the shared secret", async () => {
    hook.received.length = 0;
    expect((await admin("webhook", { url: hook.url, secret: "s3cret" })).status).toBe(200);
    const sent = await admin("webhook/send", { type: "npsSubmitted", payload: { visitorId: "v2", properties: { pollResponse: 2 } } });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ delivered: true, status: 200, attempts: 1 });
    await hook.waitFor(1);
    const got = hook.received[0]!;
    const ts = got.headers["x-pendo-timestamp"] as string;
    const expected = "sha256=" + createHmac("sha256", "s3cret").update(`${ts}.${got.body}`).digest("hex");
    expect(got.headers["x-pendo-signature"]).toBe(expected);
    expect(got.headers["x-pendo-webhook-secret"]).toBe("s3cret");
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ event: "npsSubmitted", visitorId: "v2", accountId: "acme", properties: { guideId: "guide-nps", pollId: "poll-rating", pollType: "NPSRating", pollResponse: 2 } });
    expect(body.timestamp).toBe(Math.floor(Date.parse(NOW) / 1000));
    // a tampered body does not verify
    expect("sha256=" + createHmac("sha256", "s3cret").update(`${ts}.${got.body} `).digest("hex")).not.toBe(got.headers["x-pendo-signature"]);
  });

  it("fires npsSubmitted when an NPS response is recorded, and rejects unknown types", async () => {
    hook.received.length = 0;
    await admin("webhook", { url: hook.url, secret: "k", events: ["npsSubmitted"] });
    const res = await admin("nps", { visitorId: "v4", score: 3, reason: "slow" });
    expect(res.status).toBe(200);
    await hook.waitFor(1);
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ event: "npsSubmitted", visitorId: "v4", accountId: "globex", properties: { pollResponse: 3 } });
    const polls = await agg([{ source: { pollEvents: null, timeSeries: { period: "dayRange", first: "now()", count: 1 } } }, { select: { v: "visitorId", r: "pollResponse" } }]);
    expect(polls.json.results).toEqual([
      { v: "v4", r: 3 },
      { v: "v4", r: "slow" },
    ]);
    expect((await admin("webhook/send", { type: "nope" })).status).toBe(400);
    expect((await admin("webhook", { url: "not a url" })).status).toBe(400);
  });
});

describe("admin API", () => {
  it("injects faults: 503, 429, dropped connections; rejects bad specs", async () => {
    expect((await admin("faults", { spec: "unavailable:nth=1" })).status).toBe(200);
    const first = await call("/api/v1/account/acme");
    expect(first.status).toBe(503);
    expect(first.json.message).toMatch(/Unavailable/);
    expect((await call("/api/v1/account/acme")).status).toBe(200);
    await admin("faults", { spec: "rate:nth=1,ms=3000" });
    const limited = await call("/api/v1/account/acme");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    await admin("faults", { spec: "drop:path=/api/v1/visitor" });
    await expect(fetch(`${em.url}/api/v1/visitor/v1`, { headers: { "x-pendo-integration-key": KEY } })).rejects.toThrow();
    expect((await call("/api/v1/account/acme")).status).toBe(200);
    await admin("faults", { spec: "expired-token:nth=1" });
    expect((await call("/api/v1/account/acme")).status).toBe(401);
    const bad = await admin("faults", { spec: "explode" });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/unknown fault kind/);
    await admin("faults", { spec: "" });
  });

  it("moves the clock, counts requests per route, exports and reloads the fixture", async () => {
    await admin("clock", { advanceSeconds: 86_400 });
    const d7 = await agg(activity(7));
    expect(d7.json.startTime).toBe(dayAgo(6));
    await admin("reset", {});
    await call("/api/v1/account/acme");
    await call("/api/v1/account/globex");
    const counters = await call("/__emulator/counters", { key: null });
    expect(counters.json.routes["GET /api/v1/account/:id"]).toBe(2);
    const exported = await call("/__emulator/fixture", { key: null });
    expect(exported.json.accounts).toHaveLength(3);
    const modified = { ...exported.json, accounts: exported.json.accounts.slice(0, 1) };
    expect((await admin("fixture", modified)).status).toBe(200);
    expect((await call("/api/v1/account/globex")).status).toBe(404);
    const bad = await admin("fixture", { ...modified, events: [{ visitorId: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/^pendo\.events\[0\]\.visitorId: /);
    await admin("fixture", smallPendoFixture());
  });
});
