import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "jsforce";
import { generateDemoData } from "@/emulators/generator/generate";
import { startSalesforceEmulator, type RunningEmulator } from "@/emulators/salesforce/server";
import { admin, connect, createAccounts } from "@/emulators/salesforce/test-helpers";
import { bulkIngest } from "@/lib/connectors/salesforce/bulk-ingest";
import { updateRecords, upsertRecords } from "@/lib/connectors/salesforce/collections";
import { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { SalesforceWriteInterrupted, type SalesforceFields, type WriteFailure, type WriteResult } from "@/lib/connectors/salesforce/write-results";

// The push's Salesforce writes against the real Salesforce emulator over HTTP, on a port of its
// own (3164): sObject Collections updates and upserts, Bulk API 2.0 ingest, per-record errors,
// injected faults, and every value checked by reading the records back through the REST API.

const PORT = 3164;
const fixture = generateDemoData({ seed: 5, accounts: 40, days: 7 });
// A restricted picklist: the emulator has no validation rules, so this is the validation a
// record fails on (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST) while the others go through.
fixture.salesforce.customFields!.Account!.push({
  name: "PX_Health_Band__c",
  type: "picklist",
  label: "PX Health Band",
  picklistValues: ["Healthy", "Neutral", "At Risk"],
  restrictedPicklist: true,
});

let emu: RunningEmulator;
let conn: Connection;
let ids: string[];
let tokens: { accessToken: string; refreshToken: string };
const noSleep = () => Promise.resolve();

beforeAll(async () => {
  emu = await startSalesforceEmulator({ host: "127.0.0.1", port: PORT, fixture: fixture.salesforce, now: fixture.now, seed: 42 });
  conn = await connect(emu);
  tokens = { accessToken: conn.accessToken!, refreshToken: conn.refreshToken! };
  ids = await createAccounts(conn, 3600, (i) => ({ Name: `Write test ${i}` }));
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(async () => {
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
    retry: { sleep: noSleep },
  });
}

async function faults(spec: string): Promise<void> {
  expect((await admin(emu, "faults", { spec })).status).toBe(200);
}

/** Reads Accounts back through the REST API (POST /composite/sobjects/Account), 2000 IDs a call. */
async function readBack(recordIds: string[], fields: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < recordIds.length; i += 2000) {
    const res = await fetch(`${emu.url}/services/data/v62.0/composite/sobjects/Account`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ ids: recordIds.slice(i, i + 2000), fields: ["Id", ...fields] }),
    });
    expect(res.status).toBe(200);
    for (const rec of (await res.json()) as (Record<string, unknown> | null)[]) if (rec) out.set(rec.Id as string, rec);
  }
  return out;
}

async function emulatorRequests(): Promise<Record<string, number>> {
  return (await admin<{ requests: Record<string, number> }>(emu, "counters")).body.requests;
}

function failures(results: WriteResult[]): [number, WriteFailure][] {
  return results.flatMap((r, i) => (r.ok ? [] : [[i, r] as [number, WriteFailure]]));
}

describe("updateRecords (sObject Collections)", () => {
  it("sends 450 updates as 3 calls of at most 200 and returns one result per record, in order", async () => {
    const sf = connector();
    const batch = ids.slice(0, 450);
    const seen = (i: number) => new Date(Date.UTC(2026, 1, 1) + i * 60_000);
    const results = await updateRecords(
      sf,
      "Account",
      batch.map((Id, i) => ({ Id, PX_Health_Score__c: (i % 1000) / 10, PX_Active_Users_30d__c: i, PX_Last_Seen__c: seen(i), Pendo_At_Risk_Flag__c: i % 2 === 0 })),
    );
    expect(results).toHaveLength(450);
    expect(results.every((r, i) => r.ok && r.id === batch[i] && r.created === undefined)).toBe(true);
    expect(sf.apiCalls()).toEqual({ "PATCH /composite/sobjects": 3 });
    expect(Object.entries(await emulatorRequests()).filter(([route]) => /composite\/sobjects/.test(route))).toEqual([["PATCH /composite/sobjects", 3]]);

    const back = await readBack(batch, ["PX_Health_Score__c", "PX_Active_Users_30d__c", "PX_Last_Seen__c", "Pendo_At_Risk_Flag__c"]);
    batch.forEach((id, i) => {
      expect(back.get(id)).toMatchObject({
        PX_Health_Score__c: (i % 1000) / 10,
        PX_Active_Users_30d__c: i,
        PX_Last_Seen__c: seen(i).toISOString().replace("Z", "+0000"),
        Pendo_At_Risk_Flag__c: i % 2 === 0,
      });
    });

    // null clears a field; a field left out stays as it was.
    const [cleared] = await updateRecords(sf, "Account", [{ Id: batch[3]!, PX_Health_Score__c: null }]);
    expect(cleared).toEqual({ ok: true, id: batch[3] });
    expect((await readBack([batch[3]!], ["PX_Health_Score__c", "PX_Active_Users_30d__c"])).get(batch[3]!)).toMatchObject({
      PX_Health_Score__c: null,
      PX_Active_Users_30d__c: 3,
    });
  });

  it("a record refused by validation gets its code and sentence while the others are written", async () => {
    const sf = connector();
    const [a, b, c, d, e, f, g, h] = ids.slice(460, 468) as [string, string, string, string, string, string, string, string];
    await conn.sobject("Account").destroy(g);
    const results = await updateRecords(sf, "Account", [
      { Id: a, PX_Health_Band__c: "Healthy", PX_NPS_90d__c: 40 },
      { Id: b, PX_Health_Band__c: "Great", PX_NPS_90d__c: 41 },
      { Id: c, PX_Health_Band__c: "Neutral", PX_NPS_90d__c: 42 },
      { Id: d, PX_Health_Score__c: 123456 },
      { Id: e, CreatedDate: "2020-01-01T00:00:00Z" },
      { Id: f, PX_Does_Not_Exist__c: 1 },
      { Id: g, PX_NPS_90d__c: 43 },
      { Id: h, PX_NPS_90d__c: Number.NaN },
    ]);
    expect(results[0]).toEqual({ ok: true, id: a });
    expect(results[2]).toEqual({ ok: true, id: c });
    expect(results[1]).toMatchObject({
      ok: false,
      id: b,
      code: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
      fields: ["PX_Health_Band__c"],
      retryable: false,
      vendorMessage: expect.stringContaining("Great"),
      sentence: expect.stringMatching(/allowed picklist values of PX_Health_Band__c/),
    });
    expect(failures(results).map(([i, r]) => [i, r.code, r.fields, r.retryable])).toEqual([
      [1, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", ["PX_Health_Band__c"], false],
      [3, "NUMBER_OUTSIDE_VALID_RANGE", ["PX_Health_Score__c"], false],
      [4, "INVALID_FIELD_FOR_INSERT_UPDATE", ["CreatedDate"], false],
      [5, "INVALID_FIELD", ["PX_Does_Not_Exist__c"], false],
      [6, "ENTITY_IS_DELETED", undefined, false],
      // Refused before sending: JSON would have made NaN a null and cleared the field.
      [7, "INVALID_TYPE_ON_FIELD_IN_RECORD", ["PX_NPS_90d__c"], false],
    ]);
    for (const [, r] of failures(results)) expect(r.sentence).toMatch(/\.$/);
    expect(sf.apiCalls()).toEqual({ "PATCH /composite/sobjects": 1 });

    const back = await readBack([a, b, c, h], ["PX_Health_Band__c", "PX_NPS_90d__c"]);
    expect(back.get(a)).toMatchObject({ PX_Health_Band__c: "Healthy", PX_NPS_90d__c: 40 });
    expect(back.get(b)).toMatchObject({ PX_Health_Band__c: null, PX_NPS_90d__c: null });
    expect(back.get(c)).toMatchObject({ PX_Health_Band__c: "Neutral", PX_NPS_90d__c: 42 });
    expect(back.get(h)).toMatchObject({ PX_NPS_90d__c: null });
  });

  it("a string longer than the field gets STRING_TOO_LONG", async () => {
    const [id] = ids.slice(470, 471) as [string];
    const [result] = await updateRecords(connector(), "Account", [{ Id: id, PX_Account_Id__c: "x".repeat(300) }]);
    expect(result).toMatchObject({ ok: false, id, code: "STRING_TOO_LONG", fields: ["PX_Account_Id__c"], retryable: false });
    expect((result as WriteFailure).sentence).toContain("longer than PX_Account_Id__c allows");
  });

  it("marks UNABLE_TO_LOCK_ROW retryable, and sending that record again succeeds", async () => {
    const sf = connector();
    const batch = ids.slice(480, 485);
    await faults("lock:path=/composite/sobjects,nth=1");
    const results = await updateRecords(sf, "Account", batch.map((Id, i) => ({ Id, PX_Active_Users_7d__c: 100 + i })));
    expect(failures(results).map(([i, r]) => [i, r.code, r.retryable])).toEqual([[0, "UNABLE_TO_LOCK_ROW", true]]);
    expect((results[0] as WriteFailure).sentence).toContain("Clearinghouse sends the record again");

    const again = await updateRecords(sf, "Account", [{ Id: batch[0]!, PX_Active_Users_7d__c: 100 }]);
    expect(again).toEqual([{ ok: true, id: batch[0] }]);
    const back = await readBack(batch, ["PX_Active_Users_7d__c"]);
    expect(batch.map((id) => back.get(id)?.PX_Active_Users_7d__c)).toEqual([100, 101, 102, 103, 104]);
  });

  it("retries a whole call that failed transiently, and stops with what was written when the allowance runs out", async () => {
    const sf = connector();
    await faults("unavailable:path=/composite/sobjects,nth=1");
    const ok = await updateRecords(sf, "Account", ids.slice(490, 495).map((Id) => ({ Id, PX_Active_Users_90d__c: 9 })));
    expect(ok.every((r) => r.ok)).toBe(true);
    expect(sf.apiCalls()).toEqual({ "PATCH /composite/sobjects": 2 });

    await faults("limit:path=/composite/sobjects,nth=2");
    const batch = ids.slice(500, 950);
    const limited = connector();
    const error = await updateRecords(limited, "Account", batch.map((Id) => ({ Id, PX_Active_Users_90d__c: 10 }))).catch((e: unknown) => e);
    // The refused call as sent: its 200 records, and Salesforce's own answer body.
    const [refusedCall] = limited.failedCalls.drain();
    expect(refusedCall).toMatchObject({ label: "PATCH /composite/sobjects", status: 403, records: 200, refused: 200 });
    expect(refusedCall!.request).toContain(`"Id":"${batch[200]}"`);
    expect(refusedCall!.response).toContain("REQUEST_LIMIT_EXCEEDED");
    expect(error).toBeInstanceOf(SalesforceWriteInterrupted);
    const interrupted = error as SalesforceWriteInterrupted;
    expect(interrupted).toMatchObject({ code: "REQUEST_LIMIT_EXCEEDED", kind: "quota" });
    expect(interrupted.completed).toHaveLength(200);
    expect(interrupted.completed.every((r, i) => r.ok && r.id === batch[i])).toBe(true);
    const back = await readBack([batch[199]!, batch[200]!], ["PX_Active_Users_90d__c"]);
    expect(back.get(batch[199]!)?.PX_Active_Users_90d__c).toBe(10);
    expect(back.get(batch[200]!)?.PX_Active_Users_90d__c).toBeNull();
  });
});

describe("upsertRecords (sObject Collections by external ID)", () => {
  it("updates the record holding the PX_Account_Id__c value and creates one for a new value", async () => {
    const sf = connector();
    const existing = ids[960]!;
    expect(await updateRecords(sf, "Account", [{ Id: existing, PX_Account_Id__c: "px-acc-existing" }])).toEqual([{ ok: true, id: existing }]);

    const records: SalesforceFields[] = [
      { PX_Account_Id__c: "px-acc-existing", PX_Health_Score__c: 88.5 },
      { PX_Account_Id__c: "px-acc-new", Name: "Created by upsert", PX_Health_Score__c: 12 },
      { PX_Account_Id__c: "px-acc-nameless", PX_Health_Score__c: 1 },
    ];
    const results = await upsertRecords(sf, "Account", "PX_Account_Id__c", records);
    expect(results[0]).toEqual({ ok: true, id: existing, created: false });
    expect(results[1]).toMatchObject({ ok: true, created: true, id: expect.stringMatching(/^001\w{15}$/) });
    expect(results[2]).toMatchObject({ ok: false, code: "REQUIRED_FIELD_MISSING", fields: ["Name"], retryable: false });
    expect(sf.apiCalls()).toEqual({ "PATCH /composite/sobjects": 1, "PATCH /composite/sobjects (upsert)": 1 });

    const createdId = (results[1] as { id: string }).id;
    const back = await readBack([existing, createdId], ["Name", "PX_Account_Id__c", "PX_Health_Score__c"]);
    expect(back.get(existing)).toMatchObject({ Name: "Write test 960", PX_Account_Id__c: "px-acc-existing", PX_Health_Score__c: 88.5 });
    expect(back.get(createdId)).toMatchObject({ Name: "Created by upsert", PX_Account_Id__c: "px-acc-new", PX_Health_Score__c: 12 });

    // Idempotent: the same upsert again creates nothing.
    const again = await upsertRecords(sf, "Account", "PX_Account_Id__c", records.slice(0, 2));
    expect(again).toEqual([
      { ok: true, id: existing, created: false },
      { ok: true, id: createdId, created: false },
    ]);
  });
});

describe("bulkIngest (Bulk API 2.0)", () => {
  const fast = { pollIntervalMs: 20, maxPollIntervalMs: 100, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

  it("updates 2,500 records in one job and maps each result, failures included, back to its input", async () => {
    const sf = connector();
    const batch = ids.slice(1000, 3500);
    expect(batch).toHaveLength(2500);
    // Values the CSV must carry intact, and a field to clear (#N/A) next to one to leave alone ("").
    await updateRecords(sf, "Account", [
      { Id: batch[5]!, PX_NPS_90d__c: 50 },
      { Id: batch[6]!, PX_NPS_90d__c: 42 },
    ]);
    await conn.sobject("Account").destroy(batch[2400]!);
    const seen = (i: number) => new Date(Date.UTC(2026, 2, 1) + i * 1000);
    const tricky = (i: number) => `Acme, "Quoted" ${i}\nsecond line ë😀 `;
    const records: SalesforceFields[] = batch.map((Id, i) => ({
      Id,
      PX_Health_Score__c: (i % 1000) / 10,
      PX_Last_Seen__c: seen(i),
      Pendo_At_Risk_Flag__c: i % 3 === 0,
      Pendo_Account_Id__c: tricky(i),
    }));
    records[5]!.PX_NPS_90d__c = null;
    records[17]!.PX_Health_Band__c = "Great";
    records[1234]!.PX_Account_Id__c = "y".repeat(300);
    records[99]!.PX_Feature_Adoption__c = 1e-7;

    const results = await bulkIngest(sf, "Account", "update", records, undefined, fast);
    expect(results).toHaveLength(2500);
    expect(failures(results).map(([i, r]) => [i, r.id, r.code, r.fields, r.retryable])).toEqual([
      [17, batch[17], "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", ["PX_Health_Band__c"], false],
      [1234, batch[1234], "STRING_TOO_LONG", ["PX_Account_Id__c"], false],
      [2400, batch[2400], "ENTITY_IS_DELETED", undefined, false],
    ]);
    for (const [, r] of failures(results)) expect(r.sentence.length).toBeGreaterThan(20);
    results.forEach((r, i) => {
      if (r.ok) expect(r.id).toBe(batch[i]);
    });
    const calls = sf.apiCalls();
    expect(calls).toMatchObject({
      "Bulk 2.0 ingest job": 1,
      "Bulk 2.0 ingest upload": 1,
      "Bulk 2.0 ingest close": 1,
      // successfulResults and failedResults; every row was processed, so no unprocessedrecords.
      "Bulk 2.0 ingest results": 2,
    });
    expect(calls["Bulk 2.0 ingest poll"]).toBeGreaterThanOrEqual(1);
    // The job as sent and its failed results, for the run's failed calls: one entry, trimmed.
    const [failedCall, ...more] = sf.failedCalls.drain();
    expect(more).toEqual([]);
    expect(failedCall).toMatchObject({ label: "Bulk 2.0 ingest results", method: "GET", status: 200, records: 2500, refused: 3 });
    expect(failedCall!.path).toMatch(/^\/jobs\/ingest\/[^/]+\/failedResults$/);
    expect(failedCall!.request).toMatch(/^POST \/jobs\/ingest\n\{"object":"Account","operation":"update"/);
    expect(failedCall!.request).toContain("[trimmed: ");
    expect(failedCall!.response).toContain("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
    expect(failedCall!.response).toContain("ENTITY_IS_DELETED");

    const back = await readBack(batch, ["PX_Health_Score__c", "PX_Last_Seen__c", "Pendo_At_Risk_Flag__c", "Pendo_Account_Id__c", "PX_NPS_90d__c", "PX_Feature_Adoption__c", "PX_Health_Band__c"]);
    expect(back.size).toBe(2499); // the deleted one is not returned
    batch.forEach((id, i) => {
      if (i === 17 || i === 1234 || i === 2400) return;
      expect(back.get(id)).toMatchObject({
        PX_Health_Score__c: (i % 1000) / 10,
        PX_Last_Seen__c: seen(i).toISOString().replace("Z", "+0000"),
        Pendo_At_Risk_Flag__c: i % 3 === 0,
        Pendo_Account_Id__c: tricky(i),
      });
    });
    expect(back.get(batch[5]!)?.PX_NPS_90d__c).toBeNull();
    expect(back.get(batch[6]!)?.PX_NPS_90d__c).toBe(42);
    expect(back.get(batch[99]!)?.PX_Feature_Adoption__c).toBe(0);
    expect(back.get(batch[17]!)).toMatchObject({ PX_Health_Band__c: null, Pendo_Account_Id__c: null });
  });

  it("upserts by external ID, creating and updating, and marks a locked row retryable", async () => {
    const sf = connector();
    const existing = ids[3500]!;
    await updateRecords(sf, "Account", [{ Id: existing, PX_Account_Id__c: "px-bulk-existing" }]);
    // The 2nd call under /jobs/ingest/ is the close: its lock fault fails the job's first row.
    await faults("lock:path=/jobs/ingest/,nth=2");
    const records: SalesforceFields[] = [
      { PX_Account_Id__c: "px-bulk-new-0", Name: "Bulk new 0", PX_Health_Score__c: 1 },
      { PX_Account_Id__c: "px-bulk-existing", PX_Health_Score__c: 77 },
      { PX_Account_Id__c: "px-bulk-new-1", Name: "Bulk new 1", PX_Health_Score__c: null },
    ];
    const results = await bulkIngest(sf, "Account", "upsert", records, "PX_Account_Id__c", fast);
    expect(results[0]).toMatchObject({ ok: false, code: "UNABLE_TO_LOCK_ROW", retryable: true });
    expect(results[1]).toEqual({ ok: true, id: existing, created: false });
    expect(results[2]).toMatchObject({ ok: true, created: true, id: expect.stringMatching(/^001/) });

    const retried = await bulkIngest(sf, "Account", "upsert", [records[0]!], "PX_Account_Id__c", fast);
    expect(retried).toEqual([{ ok: true, created: true, id: expect.stringMatching(/^001/) }]);
    const newId = (retried[0] as { id: string }).id;
    const back = await readBack([existing, newId], ["Name", "PX_Account_Id__c", "PX_Health_Score__c"]);
    expect(back.get(existing)).toMatchObject({ PX_Account_Id__c: "px-bulk-existing", PX_Health_Score__c: 77 });
    expect(back.get(newId)).toMatchObject({ Name: "Bulk new 0", PX_Account_Id__c: "px-bulk-new-0", PX_Health_Score__c: 1 });
  });

  it("splits a large input into several jobs and keeps the input order", async () => {
    const sf = connector();
    const batch = ids.slice(3510, 3590);
    const results = await bulkIngest(sf, "Account", "update", batch.map((Id, i) => ({ Id, PX_Active_Users_7d__c: i })), undefined, { ...fast, maxBytesPerJob: 1000 });
    expect(sf.apiCalls()["Bulk 2.0 ingest job"]).toBeGreaterThan(1);
    expect(results.map((r) => r.ok && r.id)).toEqual(batch);
    const back = await readBack(batch, ["PX_Active_Users_7d__c"]);
    expect(batch.map((id) => back.get(id)?.PX_Active_Users_7d__c)).toEqual(batch.map((_, i) => i));
  });

  it("aborts a job that outlives the poll timeout and fails transiently, having written nothing", async () => {
    const sf = connector();
    await admin(emu, "settings", { bulkProcessingDelayMs: 5000 });
    try {
      const id = ids[3596]!;
      const error = await bulkIngest(sf, "Account", "update", [{ Id: id, PX_Active_Users_7d__c: 5 }], undefined, { ...fast, pollTimeoutMs: 100 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SalesforceWriteInterrupted);
      expect(error).toMatchObject({ code: "BULK_POLL_TIMEOUT", kind: "transient", completed: [] });
      expect(sf.apiCalls()["Bulk 2.0 ingest abort"]).toBe(1);
      const jobs = (await conn.request<{ records: { state: string }[] }>("/services/data/v62.0/jobs/ingest")).records;
      expect(jobs.at(-1)?.state).toBe("Aborted");
      expect((await readBack([id], ["PX_Active_Users_7d__c"])).get(id)?.PX_Active_Users_7d__c).toBeNull();
    } finally {
      await admin(emu, "settings", { bulkProcessingDelayMs: 0 });
    }
  });

  it("keeps Salesforce's error code on CSV endpoints, whose answers are read as text", async () => {
    const sf = connector();
    await expect(sf.requestCsv("GET", "/jobs/ingest/750000000000001AAA/successfulResults", undefined, "Bulk 2.0 ingest results")).rejects.toMatchObject({
      code: "NOT_FOUND",
      status: 404,
      kind: "bug",
    });
    await expect(sf.requestJson("GET", "https://elsewhere.example/x", undefined, "x")).rejects.toThrow(/relative to the API version root/);
  });

  it("a job Salesforce fails outright (unknown column) throws, not retryable", async () => {
    const sf = connector();
    const error = await bulkIngest(sf, "Account", "update", [{ Id: ids[3595]!, PX_Does_Not_Exist__c: 1 }], undefined, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesforceWriteInterrupted);
    expect(error).toMatchObject({ code: "BULK_JOB_FAILED", kind: "bug", vendorMessage: expect.stringContaining("PX_Does_Not_Exist__c"), completed: [] });
    expect(sf.failedCalls.drain()).toEqual([expect.objectContaining({ label: "Bulk 2.0 ingest job", method: "GET", records: 1, refused: 1, response: expect.stringContaining("PX_Does_Not_Exist__c") })]);
  });
});
