import { describe, expect, it } from "vitest";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { loginHostFor } from "@/lib/connectors/salesforce/oauth";
import { toVendorError } from "@/lib/connectors/salesforce/connection";

describe("Salesforce login hosts", () => {
  it("maps environments to Salesforce's hosts", () => {
    expect(loginHostFor("production")).toBe("https://login.salesforce.com");
    expect(loginHostFor("sandbox")).toBe("https://test.salesforce.com");
    expect(loginHostFor("custom", " https://acme.my.salesforce.com/ ")).toBe("https://acme.my.salesforce.com");
  });
  it("refuses unsafe or odd My Domain URLs with a sentence", () => {
    expect(() => loginHostFor("custom", "http://acme.my.salesforce.com")).toThrow(/https/);
    expect(() => loginHostFor("custom", "https://user:pw@acme.my.salesforce.com")).toThrow(/user name/);
    expect(() => loginHostFor("custom", "https://acme.my.salesforce.com/login")).toThrow(/without a path/);
    expect(() => loginHostFor("custom", "https://acme.my.salesforce.com:8443")).toThrow(/port/);
    expect(() => loginHostFor("custom", "acme")).toThrow(/full URL/);
    expect(loginHostFor("custom", "http://127.0.0.1:3101")).toBe("http://127.0.0.1:3101");
  });
});

describe("vendor errors", () => {
  it("classifies jsforce errors and says what to do", () => {
    const refresh = toVendorError(new Error("Unable to refresh session due to: expired access/refresh token"), "x");
    expect(refresh.code).toBe("invalid_grant");
    expect(refresh.retryable).toBe(false);
    expect(describeVendorError(refresh)).toMatch(/Reconnect Salesforce/);

    const locked = toVendorError(Object.assign(new Error("locked"), { errorCode: "UNABLE_TO_LOCK_ROW" }), "x");
    expect(locked.retryable).toBe(true);

    const api = toVendorError(Object.assign(new Error("API is not enabled"), { errorCode: "API_DISABLED_FOR_ORG" }), "x");
    expect(describeVendorError(api)).toMatch(/API Enabled permission/);

    const refused = toVendorError(Object.assign(new Error("connect ECONNREFUSED"), { cause: { code: "ECONNREFUSED" } }), "https://x");
    expect(refused.retryable).toBe(true);
    expect(describeVendorError(refused)).toMatch(/could not be reached/);
  });
  it("words key refusals per vendor", () => {
    expect(describeVendorError(new VendorError({ system: "pendo", code: "401", status: 401, vendorMessage: "invalid integration key" }))).toMatch(
      /Pendo rejected the integration key/,
    );
    expect(describeVendorError(new VendorError({ system: "px", code: "401", status: 401, vendorMessage: "auth" }))).toMatch(/Gainsight PX rejected/);
    expect(new VendorError({ system: "px", code: "429", status: 429, vendorMessage: "slow down" }).retryable).toBe(true);
  });
});
