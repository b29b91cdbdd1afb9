import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDemoData } from "@/emulators/generator/generate";
import { PX_DEMO_READONLY_KEY, startPxEmulator } from "@/emulators/px/server";
import { PxConnector } from "@/lib/connectors/px/client";
import { PX_WRITE_CONCURRENCY_DEFAULT, updateAccounts, updateUsers } from "@/lib/connectors/px/writes";
import { DEMO_KEYS } from "@/lib/integrations/connect-demo";

// The write-back against the real Gainsight PX emulator over HTTP (127.0.0.1:3172), read back
// with GET /accounts/{id} and GET /users/{id}.

const PORT = 3172;
const BASE = `http://127.0.0.1:${PORT}`;
const fixture = generateDemoData({ seed: 23, accounts: 12 });
const accountIds = fixture.px.accounts.map((a) => a.id);
const userIds = fixture.px.users.map((u) => u.identifyId);
let emulator: { close(): Promise<void> };

// Short backoff so retried faults do not slow the suite; the retry count stays the default.
const fastRetry = { baseMs: 5, maxDelayMs: 50, onRetry: () => {} };
const connector = (key = DEMO_KEYS.px) => new PxConnector({ baseUrl: `${BASE}/v1`, apiKey: key, retry: fastRetry });

async function admin(path: string, body: unknown) {
  const res = await fetch(`${BASE}/__emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
}

async function read(kind: "accounts" | "users", id: string): Promise<Record<string, unknown> & { customAttributes: Record<string, unknown> | null }> {
  return (await connector().request(`/${kind}/${encodeURIComponent(id)}`)).json();
}

beforeAll(async () => {
  emulator = await startPxEmulator({ host: "127.0.0.1", port: PORT, fixture: fixture.px, now: fixture.now });
});
beforeEach(async () => {
  await admin("reset", {});
});
afterAll(async () => {
  await emulator.close();
});

describe("Gainsight PX write-back", () => {
  it("updates accounts and reads them back; unknown id, unknown attribute and wrong type fail alone, in PX's words", async () => {
    const [a, b, c, d] = accountIds;
    const px = connector();
    const beforeB = await read("accounts", b!);
    const out = await updateAccounts(px, [
      {
        id: a!,
        fields: { plan: "enterprise" },
        customAttributes: { arr: 120000, arrTier: "Enterprise", renewalDate: "2026-01-01T00:00:00.000Z", csmName: "Dana Scully", isPublicSector: true, healthScore: 82 },
      },
      { id: "no-such-account", customAttributes: { arr: 1 } },
      { id: b!, customAttributes: { arr: 5, bogusAttribute: "x" } },
      { id: c!, customAttributes: { arr: "lots" } },
      { id: d!, customAttributes: { isPublicSector: "false", healthScore: "64" } },
    ]);

    expect(out[0]).toEqual({ ok: true });
    expect(out[1]).toMatchObject({ ok: false, code: "404", kind: "bug", vendorMessage: "Account was not found for parameters {id=no-such-account}" });
    expect(out[2]).toMatchObject({ ok: false, code: "400", kind: "admin" });
    expect(out[2]!.ok === false && out[2]!.vendorMessage).toMatch(/Attribute 'bogusAttribute' is not defined for account/);
    expect(out[2]!.ok === false && out[2]!.sentence).toMatch(/Gainsight PX has no such custom attribute .*Administration › Attributes/);
    expect(out[3]).toMatchObject({ ok: false, code: "400", kind: "bug" });
    expect(out[3]!.ok === false && out[3]!.vendorMessage).toMatch(/customAttributes\.arr must be a number/);
    expect(out[4]).toEqual({ ok: true });
    expect(px.apiCalls()).toEqual({ "PUT /accounts/{id}": 5 });

    const afterA = await read("accounts", a!);
    expect(afterA.plan).toBe("enterprise");
    expect(afterA.customAttributes).toMatchObject({
      arr: 120000,
      arrTier: "Enterprise",
      renewalDate: Date.parse("2026-01-01T00:00:00.000Z"),
      csmName: "Dana Scully",
      isPublicSector: true,
      healthScore: 82,
    });
    // A refused PUT changes nothing on that record.
    expect((await read("accounts", b!)).customAttributes).toEqual(beforeB.customAttributes);
    expect((await read("accounts", d!)).customAttributes).toMatchObject({ isPublicSector: false, healthScore: 64 });
  });

  it("updates users and reads them back", async () => {
    const [u1, u2] = userIds;
    const out = await updateUsers(connector(), [
      { identifyId: u1!, customAttributes: { lastNpsScore: 9, sfdcContactOwner: "Walter Skinner", isPrimaryContact: true } },
      { identifyId: u2!, fields: { title: "VP Customer Success" }, customAttributes: { isPrimaryContact: false } },
      { identifyId: "absent-id", customAttributes: { lastNpsScore: 1 } },
    ]);
    expect(out.slice(0, 2)).toEqual([{ ok: true }, { ok: true }]);
    expect(out[2]).toMatchObject({ ok: false, code: "404", vendorMessage: "User was not found for parameters {id=absent-id}" });
    expect((await read("users", u1!)).customAttributes).toMatchObject({ lastNpsScore: 9, sfdcContactOwner: "Walter Skinner", isPrimaryContact: true });
    const second = await read("users", u2!);
    expect(second.title).toBe("VP Customer Success");
    expect(second.customAttributes).toMatchObject({ isPrimaryContact: false });
  });

  it("runs every record with at most 4 requests in flight and keeps input order", async () => {
    const px = connector();
    const out = await updateAccounts(px, accountIds.map((id, i) => ({ id, customAttributes: { healthScore: i } })));
    expect(out.every((o) => o.ok)).toBe(true);
    expect(px.apiCalls()).toEqual({ "PUT /accounts/{id}": accountIds.length });
    for (const [i, id] of accountIds.entries()) expect((await read("accounts", id)).customAttributes?.healthScore).toBe(i);
  });

  it("a read-only key gets the admin sentence, writes nothing and stops after the first wave", async () => {
    const px = connector(PX_DEMO_READONLY_KEY);
    const before = await read("accounts", accountIds[0]!);
    const out = await updateAccounts(px, accountIds.map((id) => ({ id, customAttributes: { csmName: "Fox Mulder" } })));
    // Only the requests already in flight when the first 403 came back (at most the 4 lanes).
    expect(px.apiCalls()["PUT /accounts/{id}"]).toBeLessThanOrEqual(PX_WRITE_CONCURRENCY_DEFAULT);
    expect(out).toHaveLength(accountIds.length);
    for (const o of out) {
      expect(o).toMatchObject({ ok: false, code: "READ_ONLY_KEY", kind: "admin", vendorMessage: "Access is denied: the API key does not have Write permission" });
      expect(o.ok === false && o.sentence).toMatch(/^The Gainsight PX API key is read-only: /);
    }
    expect((await read("accounts", accountIds[0]!)).customAttributes).toEqual(before.customAttributes);
  });

  it("the connector retries a 409 lock and a 503 and the update lands", async () => {
    await admin("faults", { spec: "lock:nth=1,path=/accounts/;unavailable:nth=2,path=/accounts/" });
    const px = connector();
    const out = await updateAccounts(px, [{ id: accountIds[0]!, customAttributes: { arrTier: "Retried" } }]);
    expect(out).toEqual([{ ok: true }]);
    expect(px.apiCalls()).toEqual({ "PUT /accounts/{id}": 3 });
    expect((await read("accounts", accountIds[0]!)).customAttributes?.arrTier).toBe("Retried");
  });
});
