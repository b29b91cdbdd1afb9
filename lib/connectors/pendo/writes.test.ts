import { describe, expect, it } from "vitest";
import { VendorError } from "@/lib/connectors/errors";
import { FailedCallLog } from "@/lib/connectors/failed-calls";
import { metadataOutcomes, planMetadataBatches, writeAccountMetadata, writeVisitorMetadata } from "@/lib/connectors/pendo/writes";

type Call = { path: string; method?: string; body: Array<Record<string, unknown>> };

/** A connector whose `request` answers from `answer` and records what was sent. */
function fakePendo(answer: (call: Call) => unknown) {
  const calls: Call[] = [];
  return {
    calls,
    request: async (path: string, init: { method?: string; body?: unknown } = {}) => {
      const call = { path, method: init.method, body: init.body as Call["body"] };
      calls.push(call);
      const result = answer(call);
      if (result instanceof Error) throw result;
      return new Response(JSON.stringify(result), { status: 200, headers: { "content-type": "application/json" } });
    },
  };
}

const allUpdated = (call: Call) => ({ total: call.body.length, updated: call.body.length, failed: 0, missing: [], kind: "account" });
const pendoError = (status: number, message: string) => new VendorError({ system: "pendo", code: String(status), status, vendorMessage: message });

describe("Pendo bulk metadata answers → per-row outcomes", () => {
  it("marks missing ids and named field errors, keeps the rest ok, in request order", () => {
    const out = metadataOutcomes("account", ["acme", "globex", "nope", "initech"], {
      total: 4,
      updated: 2,
      failed: 2,
      missing: ["nope"],
      kind: "account",
      errors: [{ id: "globex", field: "healthscore", message: 'value "abc" cannot be converted to float' }],
    });
    expect(out[0]).toEqual({ ok: true });
    expect(out[1]).toMatchObject({ ok: false, code: "400", kind: "bug", vendorMessage: 'healthscore: value "abc" cannot be converted to float' });
    expect(out[1]!.ok === false && out[1]!.sentence).toMatch(/Pendo refused the value .*Change the field mapping/);
    expect(out[2]).toMatchObject({ ok: false, code: "404", kind: "bug" });
    expect(out[2]!.ok === false && out[2]!.sentence).toMatch(/Pendo has no account "nope"/);
    expect(out[3]).toEqual({ ok: true });
  });

  it("words an undefined field as an admin task, in the vendor's words", () => {
    const message = 'field "bogus" is not defined in group "custom" (create it in Settings → Data Mappings first)';
    const [out] = metadataOutcomes("visitor", ["v1"], { total: 1, updated: 0, failed: 1, missing: [], errors: [{ id: "v1", field: "bogus", message }] });
    expect(out).toMatchObject({ ok: false, kind: "admin", vendorMessage: message });
    expect(out!.ok === false && out!.sentence).toMatch(/Pendo has no such custom field .*bogus.*Data Mappings/);
  });

  it("joins several errors on one row", () => {
    const [out] = metadataOutcomes("account", ["a"], {
      failed: 1,
      errors: [
        { id: "a", field: "x", message: "bad x" },
        { id: "a", field: "y", message: "bad y" },
      ],
    });
    expect(out).toMatchObject({ ok: false, vendorMessage: "x: bad x; y: bad y" });
  });

  it("attributes string errors by the id they mention (longest id wins)", () => {
    const out = metadataOutcomes("account", ["acme", "acme-2", "b"], { total: 3, updated: 2, failed: 1, errors: ['account "acme-2": value cannot be converted'] });
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
  });

  it("reports rows it cannot confirm when Pendo counts failures it does not name", () => {
    const out = metadataOutcomes("account", ["a", "b", "c"], { total: 3, updated: 1, failed: 2, missing: ["a"], errors: ["something went wrong"] });
    expect(out[0]).toMatchObject({ ok: false, code: "404" });
    // One unnamed failure among b and c: neither can be called written.
    expect(out[1]).toMatchObject({ ok: false, vendorMessage: "something went wrong" });
    expect(out[2]!.ok === false && out[2]!.sentence).toMatch(/without saying which .*writes them again on the next push/);
  });

  it("reads a failure count from `updated` alone", () => {
    const out = metadataOutcomes("account", ["a", "b"], { total: 2, updated: 1 });
    expect(out.every((o) => !o.ok)).toBe(true);
  });

  it("does not trust an unreadable answer", () => {
    const out = metadataOutcomes("account", ["a"], "OK");
    expect(out[0]).toMatchObject({ ok: false, code: "UNREADABLE_RESPONSE", kind: "transient", retryable: true });
  });
});

describe("Pendo batches", () => {
  it("cuts at the size and before a repeated id", () => {
    expect(planMetadataBatches(["a", "b", "c", "d", "e"], 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(planMetadataBatches(["a", "b", "a", "c"], 10)).toEqual([[0, 1], [2, 3]]);
    expect(planMetadataBatches([], 10)).toEqual([]);
  });

  it("keeps batches bounded whatever batchSize says", async () => {
    const pendo = fakePendo(allUpdated);
    const rows = Array.from({ length: 2500 }, (_, i) => ({ accountId: `a${i}`, values: { sfdc_arr: i } }));
    await writeAccountMetadata(pendo, rows, { batchSize: Number.NaN });
    expect(pendo.calls.map((c) => c.body.length)).toEqual([1000, 1000, 500]);
    pendo.calls.length = 0;
    await writeAccountMetadata(pendo, rows, { batchSize: 0 });
    expect(pendo.calls).toHaveLength(2500);
  });

  it("sends bounded batches to the custom group and returns outcomes in input order", async () => {
    const pendo = fakePendo((call) =>
      call.body.some((r) => r.accountId === "gone")
        ? { total: call.body.length, updated: call.body.length - 1, failed: 1, missing: ["gone"], kind: "account" }
        : allUpdated(call),
    );
    const rows = ["a", "b", "gone", "c", "d"].map((accountId, i) => ({ accountId, values: { "custom.sfdc_arr": i * 1000, sfdc_tier: "Gold" } }));
    const out = await writeAccountMetadata(pendo, rows, { batchSize: 2 });
    expect(pendo.calls.map((c) => c.body.length)).toEqual([2, 2, 1]);
    expect(pendo.calls[0]).toMatchObject({ path: "/api/v1/metadata/account/custom/value", method: "POST" });
    expect(pendo.calls[0]!.body[1]).toEqual({ accountId: "b", values: { sfdc_arr: 1000, sfdc_tier: "Gold" } });
    expect(out.map((o) => o.ok)).toEqual([true, true, false, true, true]);
  });

  it("writes visitors with visitorId and skips empty rows without a call", async () => {
    const pendo = fakePendo(allUpdated);
    const out = await writeVisitorMetadata(pendo, [
      { visitorId: "v1", values: {} },
      { visitorId: "v2", values: { sfdc_is_primary: true } },
      { visitorId: "", values: { sfdc_is_primary: true } },
    ]);
    expect(pendo.calls).toHaveLength(1);
    expect(pendo.calls[0]!.path).toBe("/api/v1/metadata/visitor/custom/value");
    expect(pendo.calls[0]!.body).toEqual([{ visitorId: "v2", values: { sfdc_is_primary: true } }]);
    expect(out[0]).toEqual({ ok: true });
    expect(out[1]).toEqual({ ok: true });
    expect(out[2]).toMatchObject({ ok: false, code: "400" });
  });

  it("skips everything without a call when the integration cannot write", async () => {
    const pendo = fakePendo(allUpdated);
    const out = await writeAccountMetadata(pendo, [{ accountId: "a", values: { sfdc_arr: 1 } }], { canWrite: false });
    expect(pendo.calls).toHaveLength(0);
    expect(out[0]).toMatchObject({ ok: false, code: "READ_ONLY_KEY", kind: "admin" });
    expect(out[0]!.ok === false && out[0]!.sentence).toMatch(/^The Pendo integration key is read-only: /);
  });

  it("stops at a 403 and gives every unsent row the read-only sentence", async () => {
    const pendo = fakePendo(() => pendoError(403, "integration key does not have write access"));
    const rows = ["a", "b", "c"].map((accountId) => ({ accountId, values: { sfdc_arr: 1 } }));
    const out = await writeAccountMetadata(pendo, rows, { batchSize: 1 });
    expect(pendo.calls).toHaveLength(1);
    for (const o of out) {
      expect(o).toMatchObject({ ok: false, code: "READ_ONLY_KEY", kind: "admin", retryable: false, vendorMessage: "integration key does not have write access" });
      expect(o.ok === false && o.sentence).toMatch(/^The Pendo integration key is read-only: .*Allow Write Access/);
    }
  });

  it("fails only its batch when Pendo finds the request itself malformed, then goes on", async () => {
    let n = 0;
    const pendo = fakePendo((call) => (++n === 1 ? pendoError(413, "too many rows in one request (max 10000)") : allUpdated(call)));
    const out = await writeAccountMetadata(pendo, ["a", "b"].map((accountId) => ({ accountId, values: { sfdc_arr: 1 } })), { batchSize: 1 });
    expect(pendo.calls).toHaveLength(2);
    expect(out[0]).toMatchObject({ ok: false, code: "413", kind: "bug" });
    expect(out[1]).toEqual({ ok: true });
  });
});

describe("Pendo failed calls, as sent", () => {
  it("keeps a bulk request Pendo refused rows of, with its answer; a request that all succeeded is not kept", async () => {
    const failedCalls = new FailedCallLog("pendo", () => ["pendo-integration-key-123"]);
    const pendo = { ...fakePendo((call) => (call.body.length === 2 ? { total: 2, updated: 1, failed: 1, missing: ["nope"] } : allUpdated(call))), failedCalls };
    await writeAccountMetadata(pendo, [{ accountId: "ok-only", values: { arr: 1 } }], { batchSize: 1 });
    expect(failedCalls.drain()).toEqual([]);
    await writeAccountMetadata(pendo, [{ accountId: "acme", values: { arr: 1 } }, { accountId: "nope", values: { arr: 2 } }]);
    const [call, ...rest] = failedCalls.drain();
    expect(rest).toEqual([]);
    expect(call).toMatchObject({ system: "pendo", label: "POST /metadata/account/custom/value", method: "POST", path: "/api/v1/metadata/account/custom/value", status: 200, records: 2, refused: 1 });
    expect(JSON.parse(call!.request)).toEqual([{ accountId: "acme", values: { arr: 1 } }, { accountId: "nope", values: { arr: 2 } }]);
    expect(JSON.parse(call!.response)).toEqual({ total: 2, updated: 1, failed: 1, missing: ["nope"] });
  });
});
