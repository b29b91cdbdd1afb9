// Bulk API 2.0 conformance with unmodified jsforce: ingest with per-row failures, job states,
// and query results paged with Sforce-Locator.

import { parse } from "csv-parse/sync";
import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./server";
import { admin, connect, startTestEmulator } from "./test-helpers";

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startTestEmulator({
    fixture: {
      customFields: { Account: [{ name: "Ext_Id__c", type: "string", label: "Ext Id", length: 64, externalId: true, unique: true }] },
    },
  });
  conn = await connect(emu);
});

afterAll(async () => {
  await emu.close();
});

const poll = { pollInterval: 25, pollTimeout: 30_000 };

async function readAll(stream: NodeJS.EventEmitter): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on("record", (r: Record<string, string>) => rows.push(r));
    stream.on("end", () => resolve());
    stream.on("error", reject);
  });
  return rows;
}

async function raw(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emu.url}/services/data/v62.0${path}`, {
    ...init,
    headers: { authorization: `Bearer ${conn.accessToken}`, ...(init.headers ?? {}) },
  });
}

describe("ingest", () => {
  it("loads 10,000 rows and reports the one failed row with sf__Error", async () => {
    const input = Array.from({ length: 10_000 }, (_, i) => ({
      Name: i === 4321 ? null : `Bulk ${i}`,
      Ext_Id__c: `B-${i}`,
      NumberOfEmployees: i,
    }));
    const res = await conn.bulk2.loadAndWaitForResults({ object: "Account", operation: "insert", input, ...poll });
    expect(res.successfulResults).toHaveLength(9_999);
    expect(res.failedResults).toHaveLength(1);
    expect(res.unprocessedRecords).toHaveLength(0);
    const failed = res.failedResults[0] as unknown as Record<string, string>;
    expect(failed.sf__Error).toBe("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --");
    expect(failed.Ext_Id__c).toBe("B-4321");
    const ok = res.successfulResults[0] as unknown as Record<string, string>;
    expect(ok.sf__Id).toMatch(/^001[a-zA-Z0-9]{15}$/);
    expect(ok.sf__Created).toBe("true");
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Ext_Id__c LIKE 'B-%'")).totalSize).toBe(9_999);
  });

  it("upserts on an external ID and updates by Id", async () => {
    const res = await conn.bulk2.loadAndWaitForResults({
      object: "Account",
      operation: "upsert",
      externalIdFieldName: "Ext_Id__c",
      input: [
        { Ext_Id__c: "B-1", Name: "Bulk one renamed" },
        { Ext_Id__c: "B-NEW", Name: "Bulk new" },
      ],
      ...poll,
    });
    expect((res.successfulResults as unknown as Array<Record<string, string>>).map((r) => r.sf__Created)).toEqual(["false", "true"]);
    const renamed = await conn.query<{ Id: string; Name: string }>("SELECT Id, Name FROM Account WHERE Ext_Id__c = 'B-1'");
    expect(renamed.records[0]!.Name).toBe("Bulk one renamed");

    const upd = await conn.bulk2.loadAndWaitForResults({
      object: "Account",
      operation: "update",
      input: [{ Id: renamed.records[0]!.Id, Website: "https://one.example" }, { Id: "001000000000000AAA", Website: "x" }],
      ...poll,
    });
    expect(upd.successfulResults).toHaveLength(1);
    expect((upd.failedResults[0] as unknown as Record<string, string>).sf__Error).toMatch(/^INVALID_CROSS_REFERENCE_KEY:/);
  });

  it("resolves parent columns such as Account.Ext_Id__c", async () => {
    const res = await conn.bulk2.loadAndWaitForResults({
      object: "Contact",
      operation: "insert",
      input: "LastName,Account.Ext_Id__c\nKid one,B-10\nKid two,B-MISSING\n",
      ...poll,
    });
    expect(res.successfulResults).toHaveLength(1);
    expect((res.failedResults[0] as unknown as Record<string, string>).sf__Error).toContain("Foreign key external ID: B-MISSING not found");
    const kid = await conn.query<{ Account: { Ext_Id__c: string } }>("SELECT Account.Ext_Id__c FROM Contact WHERE LastName = 'Kid one'");
    expect(kid.records[0]!.Account.Ext_Id__c).toBe("B-10");
  });

  it("fails the whole job for an unknown column", async () => {
    await expect(
      conn.bulk2.loadAndWaitForResults({ object: "Account", operation: "insert", input: [{ Name: "x", Nope__c: "y" }], ...poll }),
    ).rejects.toThrow("Ingest job failed to complete due to: InvalidBatch : Field name not found : Nope__c");
  });

  it("goes through Open → UploadComplete → JobComplete and keeps rows of an aborted job unprocessed", async () => {
    await admin(emu, "settings", { bulkProcessingDelayMs: 60_000 });
    try {
      const created = (await (await raw("/jobs/ingest", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ object: "Account", operation: "insert", lineEnding: "LF" }),
      })).json()) as { id: string; state: string };
      expect(created.state).toBe("Open");
      const put = await raw(`/jobs/ingest/${created.id}/batches`, { method: "PUT", headers: { "content-type": "text/csv" }, body: "Name\nAborted 1\nAborted 2\n" });
      expect(put.status).toBe(201);
      const closed = (await (await raw(`/jobs/ingest/${created.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ state: "UploadComplete" }),
      })).json()) as { state: string };
      expect(closed.state).toBe("UploadComplete");
      const tooEarly = await raw(`/jobs/ingest/${created.id}/successfulResults/`);
      expect(tooEarly.status).toBe(400);
      const aborted = (await (await raw(`/jobs/ingest/${created.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ state: "Aborted" }),
      })).json()) as { state: string };
      expect(aborted.state).toBe("Aborted");
      const unprocessed = await raw(`/jobs/ingest/${created.id}/unprocessedrecords/`);
      expect(unprocessed.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(await unprocessed.text()).toContain("Aborted 2");
      const bad = await raw(`/jobs/ingest/${created.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ state: "Sideways" }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Array<{ errorCode: string }>)[0]!.errorCode).toBeTruthy();
    } finally {
      await admin(emu, "settings", { bulkProcessingDelayMs: 0 });
    }
  });
});

describe("query", () => {
  it("reads a bulk query to the end with jsforce", async () => {
    const stream = await conn.bulk2.query("SELECT Id, Name, Ext_Id__c, Owner.Email FROM Account WHERE Ext_Id__c LIKE 'B-%'", poll);
    const rows = await readAll(stream);
    expect(rows).toHaveLength(10_000);
    expect(rows[0]).toEqual({ Id: expect.stringMatching(/^001/), Name: expect.any(String), Ext_Id__c: expect.any(String), "Owner.Email": expect.stringContaining("@") });
    expect(new Set(rows.map((r) => r.Id)).size).toBe(10_000);
  });

  it("pages results with maxRecords and Sforce-Locator, ending with the literal null", async () => {
    const job = (await (await raw("/jobs/query", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operation: "query", query: "SELECT Id, Name, CreatedDate FROM Account WHERE Ext_Id__c LIKE 'B-%'" }),
    })).json()) as { id: string; state: string; jobType: string };
    expect(job).toMatchObject({ state: "UploadComplete", jobType: "V2Query" });
    let state = job.state;
    for (let i = 0; i < 200 && state !== "JobComplete"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      state = ((await (await raw(`/jobs/query/${job.id}`)).json()) as { state: string }).state;
    }
    expect(state).toBe("JobComplete");
    let locator: string | null = "";
    let total = 0;
    let pages = 0;
    while (locator !== "null" && pages < 20) {
      const res = await raw(`/jobs/query/${job.id}/results?maxRecords=3000${locator ? `&locator=${locator}` : ""}`, {
        headers: { accept: "text/csv" },
      });
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      locator = res.headers.get("sforce-locator");
      const text = await res.text();
      expect(text.startsWith('"Id","Name","CreatedDate"\n')).toBe(true);
      const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
      expect(Number(res.headers.get("sforce-numberofrecords"))).toBe(rows.length);
      if (pages === 0) expect(rows[0]!.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      total += rows.length;
      pages++;
    }
    expect(locator).toBe("null");
    expect(pages).toBe(4);
    expect(total).toBe(10_000);
    const otherVersion = await fetch(`${emu.url}/services/data/v61.0/jobs/query/${job.id}/results`, {
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect(otherVersion.status).toBe(409);
  });

  it("rejects aggregate and malformed bulk queries", async () => {
    await expect(conn.bulk2.query("SELECT COUNT() FROM Account", poll)).rejects.toMatchObject({ errorCode: "INVALIDJOB" });
    await expect(conn.bulk2.query("SELECT Nope FROM Account", poll)).rejects.toMatchObject({ errorCode: "INVALID_FIELD" });
  });
});
