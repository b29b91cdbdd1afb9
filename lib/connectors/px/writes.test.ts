import { describe, expect, it } from "vitest";
import { VendorError } from "@/lib/connectors/errors";
import { FailedCallLog } from "@/lib/connectors/failed-calls";
import { PX_WRITE_CONCURRENCY_DEFAULT, recordOutcome, updateAccounts, updateUsers } from "@/lib/connectors/px/writes";

type Call = { path: string; method?: string; body: Record<string, unknown> };

/** A connector whose `request` answers from `answer` (after a tick) and tracks requests in flight. */
function fakePx(answer: (call: Call) => Error | undefined) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    calls,
    maxInFlight: () => maxInFlight,
    request: async (path: string, init: { method?: string; body?: unknown } = {}) => {
      const call = { path, method: init.method, body: init.body as Record<string, unknown> };
      calls.push(call);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      const error = answer(call);
      if (error) throw error;
      return new Response(null, { status: 204 });
    },
  };
}

const pxError = (status: number, message: string) => new VendorError({ system: "px", code: String(status), status, vendorMessage: message });

describe("PX refusals → per-row outcomes", () => {
  it("404: the record is gone", () => {
    const out = recordOutcome("account", "ecorp", pxError(404, "Account was not found for parameters {id=ecorp}"));
    expect(out).toMatchObject({ ok: false, code: "404", kind: "bug", vendorMessage: "Account was not found for parameters {id=ecorp}" });
    expect(out.ok === false && out.sentence).toMatch(/Gainsight PX has no account "ecorp"/);
  });

  it("400 unknown attribute: an admin creates it; wrong type: change the mapping", () => {
    const unknown = recordOutcome("account", "a", pxError(400, "Validation failed (customAttributes.bogus Attribute 'bogus' is not defined for account)"));
    expect(unknown).toMatchObject({ ok: false, code: "400", kind: "admin" });
    expect(unknown.ok === false && unknown.sentence).toMatch(/no such custom attribute .*Attribute 'bogus' is not defined.*Administration › Attributes/);
    const wrongType = recordOutcome("user", "u", pxError(400, "Validation failed (customAttributes.lastNpsScore must be a number)"));
    expect(wrongType).toMatchObject({ ok: false, code: "400", kind: "bug" });
    expect(wrongType.ok === false && wrongType.sentence).toMatch(/refused the value .*must be a number.*Change the field mapping/);
  });

  it("403: the read-only sentence", () => {
    const out = recordOutcome("user", "u", pxError(403, "Access is denied: the API key does not have Write permission"));
    expect(out).toMatchObject({ ok: false, code: "READ_ONLY_KEY", kind: "admin", retryable: false });
    expect(out.ok === false && out.sentence).toMatch(/^The Gainsight PX API key is read-only: /);
  });
});

describe("PX updates", () => {
  it("PUTs one record per request, a bounded number at a time, outcomes in input order", async () => {
    const px = fakePx((call) => (call.path === "/accounts/gone" ? pxError(404, "Account was not found for parameters {id=gone}") : undefined));
    const ids = Array.from({ length: 20 }, (_, i) => (i === 7 ? "gone" : `acct ${i}`));
    const out = await updateAccounts(
      px,
      ids.map((id) => ({ id, fields: { sfdcId: `001${id}` }, customAttributes: { arr: 1000 } })),
    );
    expect(px.calls).toHaveLength(20);
    expect(px.maxInFlight()).toBe(PX_WRITE_CONCURRENCY_DEFAULT);
    expect(px.calls[0]).toEqual({ path: "/accounts/acct%200", method: "PUT", body: { sfdcId: "001acct 0", customAttributes: { arr: 1000 } } });
    expect(out.map((o) => o.ok)).toEqual(ids.map((id) => id !== "gone"));
  });

  it("honours a smaller concurrency and skips empty updates without a call", async () => {
    const px = fakePx(() => undefined);
    const out = await updateUsers(
      px,
      [
        { identifyId: "u1", customAttributes: {} },
        { identifyId: "u2", customAttributes: { isPrimaryContact: true } },
        { identifyId: "u3", fields: { title: "CTO" } },
      ],
      { concurrency: 1 },
    );
    expect(px.maxInFlight()).toBe(1);
    expect(px.calls.map((c) => [c.path, c.body])).toEqual([
      ["/users/u2", { customAttributes: { isPrimaryContact: true } }],
      ["/users/u3", { title: "CTO" }],
    ]);
    expect(out).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
  });

  it("treats a nonsense concurrency as the default, never as zero lanes", async () => {
    const px = fakePx(() => undefined);
    const out = await updateAccounts(px, Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, customAttributes: { arr: i } })), { concurrency: Number.NaN });
    expect(px.calls).toHaveLength(30);
    expect(px.maxInFlight()).toBe(PX_WRITE_CONCURRENCY_DEFAULT);
    expect(out.every((o) => o.ok)).toBe(true);
  });

  it("skips everything without a call when the integration cannot write", async () => {
    const px = fakePx(() => undefined);
    const out = await updateAccounts(px, [{ id: "a", customAttributes: { arr: 1 } }], { canWrite: false });
    expect(px.calls).toHaveLength(0);
    expect(out[0]).toMatchObject({ ok: false, code: "READ_ONLY_KEY", kind: "admin" });
  });

  it("stops at a 403: no new requests after it, unsent rows get the read-only sentence", async () => {
    const px = fakePx(() => pxError(403, "Access is denied: the API key does not have Write permission"));
    const out = await updateAccounts(
      px,
      Array.from({ length: 50 }, (_, i) => ({ id: `a${i}`, customAttributes: { arr: i } })),
    );
    // The first wave was already in flight; nothing was started after the refusal.
    expect(px.calls.length).toBeLessThanOrEqual(PX_WRITE_CONCURRENCY_DEFAULT);
    expect(out).toHaveLength(50);
    for (const o of out) expect(o.ok === false && o.sentence).toMatch(/^The Gainsight PX API key is read-only: /);
  });

  it("stops when PX is still unavailable after the connector's retries, but not for a 400 or 404", async () => {
    const px = fakePx((call) =>
      call.path === "/accounts/a1" ? pxError(400, "Validation failed (customAttributes.arr must be a number)") : call.path === "/accounts/a3" ? pxError(503, "Service unavailable") : undefined,
    );
    const out = await updateAccounts(px, Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, customAttributes: { arr: i } })), { concurrency: 1 });
    expect(px.calls).toHaveLength(4);
    expect(out[0]).toEqual({ ok: true });
    expect(out[1]).toMatchObject({ ok: false, code: "400" });
    expect(out[2]).toEqual({ ok: true });
    expect(out[3]).toMatchObject({ ok: false, code: "503", kind: "transient", retryable: true });
    expect(out[29]).toMatchObject({ ok: false, code: "503", kind: "transient" });
  });
});

describe("PX failed calls, as sent", () => {
  it("keeps each refused PUT with its body and PX's answer, and nothing for the ones that succeeded", async () => {
    const failedCalls = new FailedCallLog("px", () => ["px-secret-api-key"]);
    const answer = '{"externalapierror":{"message":"Validation failed","subErrors":[{"field":"customAttributes.arr","message":"must be a number"}]}}';
    const px = { ...fakePx((call) => (call.path === "/accounts/a1" ? new VendorError({ system: "px", code: "400", status: 400, vendorMessage: "must be a number", responseBody: answer }) : undefined)), failedCalls };
    await updateAccounts(px, [{ id: "a0", customAttributes: { arr: 1 } }, { id: "a1", customAttributes: { arr: "lots" } }], { concurrency: 1 });
    expect(failedCalls.drain()).toEqual([
      { system: "px", label: "PUT /accounts/{id}", method: "PUT", path: "/accounts/a1", status: 400, request: '{"customAttributes":{"arr":"lots"}}', response: answer, records: 1, refused: 1, omitted: 0 },
    ]);
  });
});
