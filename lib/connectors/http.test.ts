import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VendorError } from "@/lib/connectors/errors";
import { PendoConnector } from "@/lib/connectors/pendo/client";
import { PxConnector } from "@/lib/connectors/px/client";

// A stand-in vendor on 127.0.0.1 that answers a script of faults (bodies shaped as the Pendo and PX
// emulators send them) and then succeeds, so the connectors' retries run against real HTTP.

type Answer = { status: number; body: unknown; headers?: Record<string, string> } | "drop";
let script: Answer[] = [];
let success: unknown = {};
let requests = 0;
let server: Server;
let url = "";

const pendoError = (status: number, message: string, headers?: Record<string, string>): Answer => ({ status, body: { message }, headers });
const pxError = (status: number, name: string, message: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { externalapierror: { status: name, message, debugMessage: null, subErrors: null } },
  headers,
});
const LOCKED = "Resource is locked by another request, retry later (injected fault)";
const retry = { baseMs: 1, maxDelayMs: 5_000, sleep: () => Promise.resolve(), onRetry: () => undefined };

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    const answer = script.shift() ?? { status: 200, body: success };
    if (answer === "drop") return void req.socket.destroy();
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  script = [];
  success = {};
  requests = 0;
});

const pendo = () => new PendoConnector({ baseUrl: url, integrationKey: "k", retry });
const px = () => new PxConnector({ baseUrl: `${url}/v1`, apiKey: "k", retry });

describe("PendoConnector retries", () => {
  it.each([
    ["409 lock", pendoError(409, LOCKED)],
    ["503", pendoError(503, "Service Unavailable (injected fault)")],
    ["429", pendoError(429, "Too Many Requests (injected fault)", { "retry-after": "1" })],
    ["dropped socket", "drop" as const],
  ])("survives two %s answers, counting every attempt", async (_name, fault) => {
    script = [fault, fault];
    success = { results: [{ accountId: "a" }] };
    const connector = pendo();
    await expect(connector.aggregate([])).resolves.toEqual([{ accountId: "a" }]);
    expect(requests).toBe(3);
    expect(connector.apiCalls()).toEqual({ "POST /aggregation": 3 });
  });

  it("gives up after `attempts` with the vendor's words", async () => {
    script = Array.from({ length: 10 }, () => pendoError(503, "Service Unavailable (injected fault)"));
    const connector = new PendoConnector({ baseUrl: url, integrationKey: "k", retry: { ...retry, attempts: 3 } });
    await expect(connector.metadataFields("account")).rejects.toThrow("Pendo 503: Service Unavailable (injected fault)");
    expect(requests).toBe(3);
  });

  it("never retries an admin or bug error", async () => {
    script = [pendoError(401, "invalid integration key")];
    await expect(pendo().metadataFields("account")).rejects.toMatchObject({ kind: "admin", status: 401 });
    expect(requests).toBe(1);
    script = [pendoError(400, "invalid aggregation request: bad body")];
    await expect(pendo().aggregate([])).rejects.toMatchObject({ kind: "bug", vendorMessage: "invalid aggregation request: bad body" });
    expect(requests).toBe(2);
  });

  it("validate() still reads a read-only key from the first 403", async () => {
    script = [{ status: 200, body: {} }, pendoError(403, "integration key does not have write access")];
    await expect(pendo().validate()).resolves.toEqual({ canWrite: false });
    expect(requests).toBe(2);
  });
});

describe("PxConnector retries", () => {
  it.each([
    ["409 lock", pxError(409, "CONFLICT", LOCKED)],
    ["503", pxError(503, "SERVICE_UNAVAILABLE", "Service Unavailable (injected fault)")],
    ["429", pxError(429, "TOO_MANY_REQUESTS", "Rate limit exceeded: too many requests", { "retry-after": "1" })],
  ])("survives two %s answers", async (_name, fault) => {
    script = [fault, fault];
    success = [{ apiName: "arr", name: "ARR", type: "NUMBER" }];
    const connector = px();
    await expect(connector.attributes("account")).resolves.toEqual([{ name: "arr", label: "ARR", type: "NUMBER" }]);
    expect(connector.apiCalls()).toEqual({ "GET /admin/model/account/attributes": 3 });
  });

  it("shows the envelope's message, not its JSON", async () => {
    script = Array.from({ length: 5 }, () => pxError(503, "SERVICE_UNAVAILABLE", "Service Unavailable (injected fault)"));
    const error = await px().attributes("user").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).message).toBe("Gainsight PX 503: Service Unavailable (injected fault)");
    expect(requests).toBe(5);
  });

  it("does not retry a duplicate-create 409 or a refused key", async () => {
    script = [pxError(409, "CONFLICT", "Account already exists for parameters {id=a}")];
    await expect(px().request("/accounts", { method: "POST", body: {} })).rejects.toMatchObject({ kind: "bug" });
    script = [pxError(401, "UNAUTHORIZED", "Authentication failed in loginAwareAuthentication")];
    await expect(px().scrollPage("accounts", null)).rejects.toMatchObject({ kind: "admin" });
    expect(requests).toBe(2);
  });

  it("repeats a scroll continuation only when PX refused it, since serving a page moves the cursor", async () => {
    success = { accounts: [{ id: "a" }], scrollId: "s2", totalHits: 2 };
    script = [pxError(429, "TOO_MANY_REQUESTS", "Rate limit exceeded", { "retry-after": "1" })];
    await expect(px().scrollPage("accounts", "s1")).resolves.toMatchObject({ scrollId: "s2" });
    expect(requests).toBe(2);

    requests = 0;
    script = ["drop"];
    await expect(px().scrollPage("accounts", "s1")).rejects.toMatchObject({ kind: "transient" });
    expect(requests).toBe(1);

    // The first page opens a new scroll, so losing its answer costs nothing: it is retried.
    requests = 0;
    script = ["drop"];
    await expect(px().scrollPage("accounts", null)).resolves.toMatchObject({ records: [{ id: "a" }] });
    expect(requests).toBe(2);
  });
});
