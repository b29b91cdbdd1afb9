import { describe, expect, it, vi } from "vitest";
import { VendorError } from "@/lib/connectors/errors";
import { retryDelay, vendorDidNotProcess, withVendorRetry } from "@/lib/connectors/retry";

const fast = { sleep: () => Promise.resolve(), onRetry: () => undefined };
const unavailable = () => new VendorError({ system: "px", code: "503", status: 503, vendorMessage: "Service Unavailable" });
const forbidden = () => new VendorError({ system: "px", code: "403", status: 403, vendorMessage: "no Write permission" });

/** Fails with the given errors in turn, then answers "ok". */
function script(...errors: Error[]) {
  return vi.fn(async () => {
    const next = errors.shift();
    if (next) throw next;
    return "ok";
  });
}

describe("withVendorRetry", () => {
  it("retries transient errors until one succeeds", async () => {
    const work = script(unavailable(), unavailable());
    const onRetry = vi.fn();
    await expect(withVendorRetry(work, { ...fast, onRetry })).resolves.toBe("ok");
    expect(work).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls.map((c) => c[1])).toEqual([1, 2]);
  });

  it("gives up after `attempts` and throws the last error", async () => {
    const work = script(unavailable(), unavailable(), unavailable(), unavailable());
    await expect(withVendorRetry(work, { ...fast, attempts: 3 })).rejects.toMatchObject({ status: 503 });
    expect(work).toHaveBeenCalledTimes(3);
  });

  it("never retries admin, quota, bug or foreign errors", async () => {
    for (const error of [
      forbidden(),
      new VendorError({ system: "salesforce", code: "REQUEST_LIMIT_EXCEEDED", status: 403, vendorMessage: "TotalRequests Limit exceeded." }),
      new VendorError({ system: "pendo", code: "400", status: 400, vendorMessage: "bad pipeline" }),
      new TypeError("not a vendor error"),
    ]) {
      const work = script(error);
      await expect(withVendorRetry(work, fast)).rejects.toBe(error);
      expect(work).toHaveBeenCalledTimes(1);
    }
  });

  it("waits at least the vendor's Retry-After, and stops when it exceeds maxDelayMs", async () => {
    const throttled = (ms: number) => new VendorError({ system: "pendo", code: "429", status: 429, vendorMessage: "Too Many Requests", retryAfterMs: ms });
    const onRetry = vi.fn();
    await withVendorRetry(script(throttled(1000)), { ...fast, onRetry, random: () => 0 });
    expect(onRetry.mock.calls[0]?.[2]).toBe(1000);

    const long = throttled(120_000);
    const work = script(long);
    await expect(withVendorRetry(work, { ...fast, maxDelayMs: 30_000 })).rejects.toBe(long);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it("backs off exponentially with full jitter, capped", () => {
    const o = { random: () => 0.999999, baseMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(unavailable(), attempt, { ...o, attempts: 10 }))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelay(unavailable(), 1, { ...o, random: () => 0 })).toBe(0);
  });

  it("retryIf narrows retries to refusals the vendor did not act on", async () => {
    const reset = new VendorError({ system: "px", code: "ECONNRESET", vendorMessage: "could not reach http://px" });
    const work = script(reset);
    await expect(withVendorRetry(work, { ...fast, retryIf: vendorDidNotProcess })).rejects.toBe(reset);
    expect(work).toHaveBeenCalledTimes(1);
    expect(vendorDidNotProcess(unavailable())).toBe(true);
  });
});
