import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDemoData } from "@/emulators/generator/generate";
import { PENDO_DEMO_READONLY_KEY, startPendoEmulator } from "@/emulators/pendo/server";
import { PendoConnector } from "@/lib/connectors/pendo/client";
import { writeAccountMetadata, writeVisitorMetadata } from "@/lib/connectors/pendo/writes";
import { DEMO_KEYS } from "@/lib/integrations/connect-demo";

// The write-back against the real Pendo emulator over HTTP (127.0.0.1:3171), read back through
// the aggregation API the way the pull reads it.

const PORT = 3171;
const BASE = `http://127.0.0.1:${PORT}`;
const fixture = generateDemoData({ seed: 17, accounts: 12 });
const accountIds = fixture.pendo.accounts.map((a) => a.accountId);
const visitorIds = fixture.pendo.visitors.map((v) => v.visitorId).filter((id) => !id.startsWith("_PENDO_T_"));
let emulator: { close(): Promise<void> };

// Short backoff so retried faults do not slow the suite; the retry count stays the default.
const fastRetry = { baseMs: 5, maxDelayMs: 50, onRetry: () => {} };
const connector = (key = DEMO_KEYS.pendo) => new PendoConnector({ baseUrl: BASE, integrationKey: key, retry: fastRetry });

async function admin(path: string, body: unknown) {
  const res = await fetch(`${BASE}/__emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
}

/** Custom metadata by id, read through the vendor API. */
async function customMetadata(kind: "accounts" | "visitors", fields: string[]): Promise<Map<string, Record<string, unknown>>> {
  const idField = kind === "accounts" ? "accountId" : "visitorId";
  const select = Object.fromEntries([[idField, idField], ...fields.map((f) => [f, `metadata.custom.${f}`])]);
  const rows = await connector().aggregate([{ source: { [kind]: null } }, { select }]);
  return new Map(rows.map((r) => [String(r[idField]), r]));
}

beforeAll(async () => {
  emulator = await startPendoEmulator({ host: "127.0.0.1", port: PORT, fixture: fixture.pendo, now: fixture.now });
});
beforeEach(async () => {
  await admin("reset", {});
});
afterAll(async () => {
  await emulator.close();
});

describe("Pendo metadata write-back", () => {
  it("writes account fields and reads them back; an unknown id and an undefined field fail alone, in Pendo's words", async () => {
    const [a, b, c] = accountIds;
    const pendo = connector();
    const before = await customMetadata("accounts", ["sfdc_arr"]);
    const out = await writeAccountMetadata(pendo, [
      { accountId: a!, values: { sfdc_arr: 120000, sfdc_tier: "Enterprise", sfdc_renewal_date: "2026-01-01T00:00:00.000Z", sfdc_csm: "Dana Scully", sfdc_public_sector: true, healthscore: 71.5, nps_90d: 40 } },
      { accountId: "no-such-account", values: { sfdc_arr: 1 } },
      { accountId: b!, values: { sfdc_arr: 5, bogus_field: "x" } },
      { accountId: c!, values: { "custom.sfdc_tier": "SMB", sfdc_public_sector: "false", healthscore: null } },
    ]);

    expect(out[0]).toEqual({ ok: true });
    expect(out[1]).toMatchObject({ ok: false, code: "404", vendorMessage: 'account "no-such-account" is missing' });
    expect(out[2]).toMatchObject({ ok: false, code: "400", kind: "admin" });
    expect(out[2]!.ok === false && out[2]!.vendorMessage).toMatch(/field "bogus_field" is not defined in group "custom"/);
    expect(out[2]!.ok === false && out[2]!.sentence).toMatch(/Pendo has no such custom field .*Data Mappings/);
    expect(out[3]).toEqual({ ok: true });
    // One request for the four rows.
    expect(pendo.apiCalls()).toEqual({ "POST /metadata/account/custom/value": 1 });

    const after = await customMetadata("accounts", ["sfdc_arr", "sfdc_tier", "sfdc_renewal_date", "sfdc_csm", "sfdc_public_sector", "healthscore", "nps_90d"]);
    expect(after.get(a!)).toMatchObject({
      sfdc_arr: 120000,
      sfdc_tier: "Enterprise",
      sfdc_renewal_date: Date.parse("2026-01-01T00:00:00.000Z"),
      sfdc_csm: "Dana Scully",
      sfdc_public_sector: true,
      healthscore: 71.5,
      nps_90d: 40,
    });
    // A row with any bad value is not applied at all.
    expect(after.get(b!)!.sfdc_arr).toEqual(before.get(b!)!.sfdc_arr);
    expect(after.get(c!)).toMatchObject({ sfdc_tier: "SMB", sfdc_public_sector: false });
    expect(after.get(c!)!.healthscore ?? null).toBeNull();
  });

  it("writes visitor fields and reads them back", async () => {
    const [v1, v2] = visitorIds;
    const out = await writeVisitorMetadata(connector(), [
      { visitorId: v1!, values: { sfdc_contact_id: "003000000000001AAA", sfdc_is_primary: true } },
      { visitorId: v2!, values: { sfdc_is_primary: "not a boolean" } },
    ]);
    expect(out[0]).toEqual({ ok: true });
    expect(out[1]).toMatchObject({ ok: false, code: "400", kind: "bug" });
    expect(out[1]!.ok === false && out[1]!.vendorMessage).toMatch(/^sfdc_is_primary: /);
    const after = await customMetadata("visitors", ["sfdc_contact_id", "sfdc_is_primary"]);
    expect(after.get(v1!)).toMatchObject({ sfdc_contact_id: "003000000000001AAA", sfdc_is_primary: true });
  });

  it("splits into bounded batches and maps each answer back to its rows", async () => {
    const pendo = connector();
    const rows = accountIds.map((accountId, i) => ({ accountId, values: { nps_90d: i } }));
    const out = await writeAccountMetadata(pendo, [...rows, { accountId: "ghost", values: { nps_90d: 1 } }], { batchSize: 5 });
    expect(pendo.apiCalls()["POST /metadata/account/custom/value"]).toBe(Math.ceil((rows.length + 1) / 5));
    expect(out.slice(0, -1).every((o) => o.ok)).toBe(true);
    expect(out.at(-1)).toMatchObject({ ok: false, code: "404" });
    const after = await customMetadata("accounts", ["nps_90d"]);
    accountIds.forEach((id, i) => expect(after.get(id)!.nps_90d).toBe(i));
  });

  it("a read-only key gets the admin sentence, writes nothing and stops after the first refusal", async () => {
    const pendo = connector(PENDO_DEMO_READONLY_KEY);
    const before = await customMetadata("accounts", ["sfdc_csm"]);
    const out = await writeAccountMetadata(
      pendo,
      accountIds.slice(0, 3).map((accountId) => ({ accountId, values: { sfdc_csm: "Fox Mulder" } })),
      { batchSize: 1 },
    );
    expect(pendo.apiCalls()).toEqual({ "POST /metadata/account/custom/value": 1 });
    for (const o of out) {
      expect(o).toMatchObject({ ok: false, code: "READ_ONLY_KEY", kind: "admin", vendorMessage: "integration key does not have write access" });
      expect(o.ok === false && o.sentence).toMatch(/^The Pendo integration key is read-only: /);
    }
    expect(await customMetadata("accounts", ["sfdc_csm"])).toEqual(before);
  });

  it("the connector retries a 409 lock and a 503 and the write lands once", async () => {
    await admin("faults", { spec: "lock:nth=1,path=/metadata/account;unavailable:nth=2,path=/metadata/account" });
    const pendo = connector();
    const out = await writeAccountMetadata(pendo, [{ accountId: accountIds[0]!, values: { sfdc_tier: "Retried" } }]);
    expect(out).toEqual([{ ok: true }]);
    expect(pendo.apiCalls()).toEqual({ "POST /metadata/account/custom/value": 3 });
    expect((await customMetadata("accounts", ["sfdc_tier"])).get(accountIds[0]!)!.sfdc_tier).toBe("Retried");
  });
});
