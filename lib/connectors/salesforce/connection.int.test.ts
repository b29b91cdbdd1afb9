import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { VendorError } from "@/lib/connectors/errors";
import { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import type { RunningEmulator } from "@/emulators/salesforce/server";
import { admin, connect, startTestEmulator } from "@/emulators/salesforce/test-helpers";

// SalesforceConnector against the real Salesforce emulator with injected faults: what jsforce
// surfaces for each fault, how it is classified, and that only transient ones are retried.

let emu: RunningEmulator;
let tokens: { accessToken: string; refreshToken: string };
let retried: VendorError[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  const conn = await connect(emu);
  tokens = { accessToken: conn.accessToken!, refreshToken: conn.refreshToken! };
});

afterAll(async () => {
  await emu.close();
});

beforeEach(async () => {
  retried = [];
  await admin(emu, "faults", { spec: "" });
  await admin(emu, "counters/reset", {});
});

function connector(): SalesforceConnector {
  return new SalesforceConnector({
    loginUrl: emu.url,
    instanceUrl: emu.url,
    clientId: "clearinghouse-demo",
    clientSecret: "clearinghouse-demo-secret",
    ...tokens,
    retry: { sleep: () => Promise.resolve(), onRetry: (error) => void retried.push(error) },
  });
}

async function faults(spec: string): Promise<void> {
  expect((await admin(emu, "faults", { spec })).status).toBe(200);
}

describe("SalesforceConnector retries", () => {
  it("survives ConcurrentPerOrgLongTxn (with its Retry-After) and SERVER_UNAVAILABLE, counting every attempt", async () => {
    await faults("rate:path=/query,nth=1,ms=2000;unavailable:path=/query,nth=2");
    const sf = connector();
    await expect(sf.count("SELECT COUNT() FROM Account")).resolves.toBeTypeOf("number");
    expect(retried.map((e) => [e.code, e.kind, e.retryAfterMs])).toEqual([
      ["REQUEST_LIMIT_EXCEEDED", "transient", 2000],
      ["SERVER_UNAVAILABLE", "transient", undefined],
    ]);
    // jsforce's own 5xx retries are off inside the connector: three attempts, three requests.
    expect(sf.apiCalls()).toEqual({ "GET /query": 3 });
    expect((await admin<{ requests: Record<string, number> }>(emu, "counters")).body.requests["GET /query"]).toBe(3);
  });

  it("stops at once on the daily allowance (TotalRequests)", async () => {
    await faults("limit:path=/query,nth=1");
    const sf = connector();
    await expect(sf.count("SELECT COUNT() FROM Account")).rejects.toMatchObject({ code: "REQUEST_LIMIT_EXCEEDED", kind: "quota", status: 403 });
    expect(sf.apiCalls()).toEqual({ "GET /query": 1 });
  });

  it("a refused refresh is an admin error; a refresh that met a 503 is retried", async () => {
    await faults("expired-token:path=/query,nth=1;expired-token:path=/oauth2/token,nth=1");
    await expect(connector().count("SELECT COUNT() FROM Account")).rejects.toMatchObject({ code: "invalid_grant", kind: "admin" });
    expect(retried).toEqual([]);

    await faults("expired-token:path=/query,nth=1;unavailable:path=/oauth2/token,nth=1");
    const sf = connector();
    await expect(sf.count("SELECT COUNT() FROM Account")).resolves.toBeTypeOf("number");
    expect(retried.map((e) => [e.code, e.kind])).toEqual([["unknown_error", "transient"]]);
    expect(sf.apiCalls()).toEqual({ "GET /query": 2 });
  });

  it("a malformed query is not retried", async () => {
    const sf = connector();
    await expect(sf.count("SELECT COUNT() FORM Account")).rejects.toMatchObject({ kind: "bug", status: 400 });
    expect(sf.apiCalls()).toEqual({ "GET /query": 1 });
  });
});
