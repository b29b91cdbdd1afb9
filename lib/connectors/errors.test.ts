import { describe, expect, it } from "vitest";
import { describeVendorError, messageFromBody, networkError, VendorError, type VendorSystem } from "@/lib/connectors/errors";
import { parseRetryAfter } from "@/lib/connectors/http";
import { toVendorError } from "@/lib/connectors/salesforce/connection";

const sfError = (errorCode: string, message: string) => Object.assign(new Error(message), { name: errorCode, errorCode });
const http = (system: VendorSystem, status: number, vendorMessage: string, retryAfterMs?: number) =>
  new VendorError({ system, code: String(status), status, vendorMessage, retryAfterMs });

describe("Salesforce classification (jsforce errors plus the answer captured in the call)", () => {
  it("ConcurrentPerOrgLongTxn is transient with the Retry-After; TotalRequests is the daily quota", () => {
    const concurrent = toVendorError(sfError("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded."), "x", {
      url: "http://sf/services/data/v62.0/query",
      status: 403,
      retryAfter: "3",
    });
    expect(concurrent).toMatchObject({ kind: "transient", retryable: true, retryAfterMs: 3000, status: 403 });
    expect(describeVendorError(concurrent)).toMatch(/retries automatically/);

    const total = toVendorError(sfError("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), "x", { url: "http://sf/x", status: 403 });
    expect(total).toMatchObject({ kind: "quota", retryable: false });
    expect(describeVendorError(total)).toMatch(/rolling 24 hours/);
    // Without the headers (no capture), the message alone still decides.
    expect(toVendorError(sfError("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded."), "x").kind).toBe("transient");
  });

  it("locks, unavailability, 5xx bodies and network failures are transient", () => {
    expect(toVendorError(sfError("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access"), "x").kind).toBe("transient");
    expect(toVendorError(sfError("SERVER_UNAVAILABLE", "Server temporarily unavailable."), "x").kind).toBe("transient");
    const html = toVendorError(sfError("ERROR_HTTP_502", "<html><body>Bad gateway</body></html>"), "x");
    expect(html).toMatchObject({ kind: "transient", status: 502, vendorMessage: "HTTP 502" });
    const reset = Object.assign(new Error("request to http://sf failed, reason: socket hang up"), { name: "FetchError", code: "ECONNRESET" });
    expect(toVendorError(reset, "http://sf")).toMatchObject({ kind: "transient", code: "ECONNRESET" });
  });

  it("a refused refresh needs an admin, a refresh that hit a 503 or the network does not", () => {
    const refused = toVendorError(new Error("Unable to refresh session due to: expired access/refresh token"), "x", {
      url: "http://sf/services/oauth2/token",
      status: 400,
      body: '{"error":"invalid_grant","error_description":"expired access/refresh token"}',
    });
    expect(refused).toMatchObject({ kind: "admin", code: "invalid_grant" });
    expect(describeVendorError(refused)).toMatch(/Reconnect Salesforce on the Integrations page/);

    const busy = toVendorError(new Error("Unable to refresh session due to: retry your request"), "x", {
      url: "http://sf/services/oauth2/token",
      status: 503,
      body: '{"error":"unknown_error","error_description":"retry your request"}',
    });
    expect(busy).toMatchObject({ kind: "transient", code: "unknown_error" });

    const offline = toVendorError(new Error("Unable to refresh session due to: request to http://sf/services/oauth2/token failed, reason: connect ECONNREFUSED"), "x");
    expect(offline.kind).toBe("transient");
  });

  it("session, permission and setup refusals need an admin; a wrong query is a bug", () => {
    const session = toVendorError(sfError("INVALID_SESSION_ID", "Session expired or invalid"), "x");
    expect(session).toMatchObject({ kind: "admin", status: 401 });
    expect(describeVendorError(session)).toMatch(/reconnect Salesforce/);
    expect(toVendorError(sfError("INSUFFICIENT_ACCESS", "no"), "x").kind).toBe("admin");
    expect(toVendorError(sfError("API_DISABLED_FOR_ORG", "API is not enabled"), "x").kind).toBe("admin");
    const malformed = toVendorError(sfError("MALFORMED_QUERY", "unexpected token: FORM"), "x", { url: "http://sf/q", status: 400 });
    expect(malformed).toMatchObject({ kind: "bug", retryable: false });
    expect(describeVendorError(malformed)).toMatch(/retrying will not help/);
  });

  it("Bulk jobs: a failed job is transient, a poll timeout is left to the job's retry", () => {
    expect(toVendorError(new Error("Query job failed to complete"), "x").kind).toBe("transient");
    const timeout = toVendorError(Object.assign(new Error("Polling timed out after 1800000ms. Job Id = 750x"), { name: "JobPollingTimeout" }), "x");
    expect(timeout.kind).toBe("transient");
    expect(timeout.retryAfterMs).toBeGreaterThan(30_000);
    expect(toVendorError(new Error("Cannot read properties of undefined"), "x").kind).toBe("bug");
  });
});

describe("Pendo and PX classification by status", () => {
  it.each([
    ["pendo", 409, "Resource is locked by another request, retry later (injected fault)", "transient"],
    ["px", 409, "Resource is locked by another request, retry later (injected fault)", "transient"],
    ["px", 409, "Account already exists for parameters {id=a}", "bug"],
    ["px", 429, "Too Many Requests", "transient"],
    ["pendo", 503, "Service Unavailable", "transient"],
    ["px", 500, "internal error", "transient"],
    ["pendo", 401, "invalid integration key", "admin"],
    ["px", 403, "Access is denied: the API key does not have Write permission", "admin"],
    ["pendo", 400, 'field "healthscore" is not defined in group "custom"', "admin"],
    ["px", 400, "Validation failed (customAttributes.x Attribute 'x' is not defined for account (create it under Administration → Attributes))", "admin"],
    ["px", 400, "Invalid scrollId", "bug"],
    ["pendo", 413, "too many rows in one request (max 10000)", "bug"],
  ] as const)("%s %i %s → %s", (system, status, message, kind) => {
    expect(http(system, status, message).kind).toBe(kind);
  });

  it("keeps Retry-After and says what to do per kind", () => {
    const throttled = http("px", 429, "Too Many Requests", 2000);
    expect(throttled.retryAfterMs).toBe(2000);
    expect(describeVendorError(throttled)).toMatch(/rate-limiting.*retries automatically/);
    expect(describeVendorError(http("pendo", 409, "Resource is locked, retry later"))).toMatch(/retries automatically/);
    expect(describeVendorError(http("pendo", 403, "integration key does not have write access"))).toMatch(/Pendo › Settings › Integrations/);
    expect(describeVendorError(http("px", 400, "Attribute 'x' is not defined"))).toMatch(/Administration › Attributes/);
    expect(describeVendorError(networkError("pendo", Object.assign(new Error("fetch failed"), { cause: { code: "UND_ERR_SOCKET" } }), "http://p"))).toMatch(
      /could not be reached \(UND_ERR_SOCKET\).*retries automatically/,
    );
    expect(networkError("px", Object.assign(new Error("timed out"), { name: "TimeoutError" }), "http://p").code).toBe("TIMEOUT");
  });
});

describe("vendor message text", () => {
  it("extracts the words from every body shape the emulators send, never raw JSON", () => {
    expect(messageFromBody('{"externalapierror":{"status":"SERVICE_UNAVAILABLE","message":"Service Unavailable (injected fault)","debugMessage":null,"subErrors":null}}', "x")).toBe(
      "Service Unavailable (injected fault)",
    );
    expect(
      messageFromBody('{"externalapierror":{"status":"BAD_REQUEST","message":"Validation failed","subErrors":[{"object":"user","field":"propertyKeys","rejectedValue":[],"message":"must not be empty"}]}}', "x"),
    ).toBe("Validation failed (propertyKeys must not be empty)");
    expect(messageFromBody('{"errorMessage":"legacy words"}', "x")).toBe("legacy words");
    expect(messageFromBody('{"message":"result too large","requestId":"r1"}', "x")).toBe("result too large");
    expect(messageFromBody('[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]', "x")).toBe("TotalRequests Limit exceeded.");
    expect(messageFromBody('{"error":"invalid_grant","error_description":"expired access/refresh token"}', "x")).toBe("expired access/refresh token");
    expect(messageFromBody('{"error":{"message":"nested"}}', "x")).toBe("nested");
    expect(messageFromBody('{"unexpected":{"shape":1}}', "Service Unavailable")).toBe("Service Unavailable");
    expect(messageFromBody("<html>gateway</html>", "Bad Gateway")).toBe("Bad Gateway");
    expect(messageFromBody("", "Bad Gateway")).toBe("Bad Gateway");
    expect(messageFromBody("Too Many Requests", "x")).toBe("Too Many Requests");
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
