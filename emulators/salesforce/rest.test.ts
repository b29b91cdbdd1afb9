// REST conformance with unmodified jsforce: query/queryMore, describe, CRUD, upsert,
// sObject Collections (200-record limit, allOrNone), replication helpers and error shapes.

import jsforce, { type Connection } from "jsforce";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SalesforceFixture } from "./fixture";
import type { RunningEmulator } from "./server";
import { admin, connect, createAccounts, startTestEmulator } from "./test-helpers";

const fixture: SalesforceFixture = {
  customFields: {
    Account: [
      { name: "Ext_Id__c", type: "string", label: "Ext Id", length: 64, externalId: true, unique: true },
      { name: "Segment__c", type: "string", label: "Segment", length: 40, externalId: true },
      { name: "PX_Active_Users_30d__c", type: "double", label: "PX Active Users 30d", length: 0, precision: 18, scale: 0, externalId: false, unique: false, updateable: true, createable: true },
      { name: "Legacy_Score__c", type: "double", label: "Legacy Score", precision: 5, scale: 1, updateable: false, createable: false },
    ],
  },
};

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startTestEmulator({ fixture, now: "2026-03-01T12:00:00.000Z" });
  conn = await connect(emu);
});

afterAll(async () => {
  await emu.close();
});

interface SaveResult {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
  created?: boolean;
}

describe("query and queryMore", () => {
  beforeAll(async () => {
    await createAccounts(conn, 5200, (i) => ({ Name: `Bulkco ${String(i).padStart(5, "0")}`, NumberOfEmployees: i }));
  });

  it("pages over 5,000 records with autoFetch", async () => {
    const result = await conn
      .query<{ Id: string; Name: string }>("SELECT Id, Name FROM Account WHERE Name LIKE 'bulkco%' ORDER BY Name")
      .run({ autoFetch: true, maxFetch: 10000 });
    expect(result.totalSize).toBe(5200);
    expect(result.records).toHaveLength(5200);
    expect(new Set(result.records.map((r) => r.Id)).size).toBe(5200);
    expect(result.records[0]!.Name).toBe("Bulkco 00000");
    expect(result.records[5199]!.Name).toBe("Bulkco 05199");
  });

  it("follows nextRecordsUrl locators with conn.queryMore and honours batchSize", async () => {
    const first = await conn.request<{ totalSize: number; done: boolean; nextRecordsUrl?: string; records: unknown[] }>({
      method: "GET",
      url: `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id FROM Account WHERE Name LIKE 'Bulkco%'")}`,
      headers: { "Sforce-Query-Options": "batchSize=500" },
    });
    expect(first).toMatchObject({ totalSize: 5200, done: false });
    expect(first.records).toHaveLength(500);
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[a-zA-Z0-9]{15}-500$/);
    let seen = first.records.length;
    let next = first.nextRecordsUrl;
    let pages = 1;
    while (next && pages < 50) {
      const page = await conn.queryMore(next);
      seen += page.records.length;
      next = page.nextRecordsUrl;
      pages++;
      if (page.done) expect(page.nextRecordsUrl).toBeUndefined();
    }
    expect(seen).toBe(5200);
    expect(pages).toBe(11);
    await expect(conn.queryMore("01gNOTACURSOR00000-100")).rejects.toMatchObject({ errorCode: "INVALID_QUERY_LOCATOR" });
  });

  it("counts with COUNT() and limits with LIMIT/OFFSET", async () => {
    const count = await conn.query("SELECT COUNT() FROM Account WHERE NumberOfEmployees >= 5000 AND Name LIKE 'Bulkco%'");
    expect(count.totalSize).toBe(200);
    expect(count.records).toEqual([]);
    const page = await conn.query<{ NumberOfEmployees: number }>(
      "SELECT NumberOfEmployees FROM Account WHERE Name LIKE 'Bulkco%' ORDER BY NumberOfEmployees DESC LIMIT 3 OFFSET 2",
    );
    expect(page.records.map((r) => r.NumberOfEmployees)).toEqual([5197, 5196, 5195]);
    expect(page.totalSize).toBe(3);
  });

  it("runs the SystemModstamp watermark cursor query", async () => {
    const all = await conn
      .query<{ Id: string; SystemModstamp: string }>("SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp, Id")
      .run({ autoFetch: true, maxFetch: 20000 });
    const pivot = all.records[2500]!;
    const soql =
      `SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > ${pivot.SystemModstamp} ` +
      `OR (SystemModstamp = ${pivot.SystemModstamp} AND Id > '${pivot.Id}') ORDER BY SystemModstamp, Id LIMIT 1000`;
    const next = await conn.query<{ Id: string }>(soql);
    expect(next.records.map((r) => r.Id)).toEqual(all.records.slice(2501, 3501).map((r) => r.Id));
  });

  it("returns parent relationships as nested objects with attributes", async () => {
    const res = await conn.query<{ Name: string; Owner: { attributes: { type: string }; Email: string; Name: string } }>(
      "select name, owner.email, Owner.Name from account where name = 'BULKCO 00001'",
    );
    expect(res.records).toHaveLength(1);
    const rec = res.records[0]!;
    expect(Object.keys(rec)).toEqual(["attributes", "Name", "Owner"]);
    expect(rec.Owner.attributes.type).toBe("User");
    expect(rec.Owner.Email).toContain("@");
    expect(Object.keys(rec.Owner)).toEqual(["attributes", "Email", "Name"]);
  });

  it("reports INVALID_FIELD, INVALID_TYPE and MALFORMED_QUERY like Salesforce", async () => {
    await expect(conn.query("SELECT Id, Nope__c FROM Account")).rejects.toMatchObject({
      name: "INVALID_FIELD",
      errorCode: "INVALID_FIELD",
      message: expect.stringContaining("No such column 'Nope__c' on entity 'Account'"),
    });
    await expect(conn.query("SELECT Id FROM Nothing__c")).rejects.toMatchObject({
      errorCode: "INVALID_TYPE",
      message: expect.stringContaining("sObject type 'Nothing__c' is not supported"),
    });
    await expect(conn.query("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'")).rejects.toMatchObject({
      name: "MALFORMED_QUERY",
      message: expect.stringContaining("unexpected token: OR"),
    });
    await expect(conn.query("SELECT Id FRM Account")).rejects.toMatchObject({ errorCode: "MALFORMED_QUERY" });
    await expect(conn.query("SELECT Id FROM Account WHERE CreatedDate > 2024-01-01")).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
      message: expect.stringContaining("must be of type dateTime"),
    });
    await expect(conn.query("SELECT Id FROM Account WHERE Owner.Nope = 'x'")).rejects.toMatchObject({ errorCode: "INVALID_FIELD" });
  });
});

describe("describe", () => {
  it("describeGlobal lists standard and custom objects", async () => {
    const global = await conn.describeGlobal();
    const names = global.sobjects.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["Account", "Contact", "User", "Opportunity", "Task", "Case", "Organization"]));
    expect(global.sobjects.find((s) => s.name === "Contact")?.keyPrefix).toBe("003");
  });

  it("describes fields with the attributes a sync reads", async () => {
    const d = await conn.sobject("Account").describe();
    expect(d.name).toBe("Account");
    expect(d.keyPrefix).toBe("001");
    const byName = new Map(d.fields.map((f) => [f.name, f]));
    expect(byName.get("Name")).toMatchObject({ type: "string", length: 255, nillable: false, createable: true, nameField: true });
    expect(byName.get("OwnerId")).toMatchObject({ type: "reference", referenceTo: ["User"], relationshipName: "Owner" });
    expect(byName.get("SystemModstamp")).toMatchObject({ type: "datetime", createable: false, updateable: false });
    expect(byName.get("Ext_Id__c")).toMatchObject({ custom: true, externalId: true, unique: true, idLookup: true });
    expect(byName.get("PX_Active_Users_30d__c")).toMatchObject({ type: "double", precision: 18, scale: 0, soapType: "xsd:double" });
    expect(byName.get("Industry")?.picklistValues?.length).toBeGreaterThan(10);
    expect(d.childRelationships.map((r) => r.relationshipName)).toEqual(expect.arrayContaining(["Contacts", "Opportunities"]));
    await expect(conn.sobject("Nope__c").describe()).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
  });
});

describe("records", () => {
  it("creates, retrieves, updates and deletes with audit fields maintained", async () => {
    const created = (await conn.sobject("Account").create({ Name: "Crud Co", Website: "https://crud.example" })) as SaveResult;
    expect(created.success).toBe(true);
    const id = created.id!;
    const rec = await conn.sobject("Account").retrieve(id);
    expect(rec).toMatchObject({ Id: id, Name: "Crud Co", IsDeleted: false });
    expect(rec.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    await admin(emu, "clock", { advanceSeconds: 10 });
    await conn.sobject("Account").update({ Id: id, Name: "Crud Co 2" });
    const after = await conn.sobject("Account").retrieve(id);
    expect(after.Name).toBe("Crud Co 2");
    expect(after.SystemModstamp > rec.SystemModstamp).toBe(true);
    expect(after.LastModifiedDate > rec.LastModifiedDate).toBe(true);
    expect(after.CreatedDate).toBe(rec.CreatedDate);
    await conn.sobject("Account").destroy(id);
    await expect(conn.sobject("Account").retrieve(id)).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
    const bin = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`).scanAll(true);
    expect(bin.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
    const live = await conn.query(`SELECT Id FROM Account WHERE Id = '${id}'`);
    expect(live.totalSize).toBe(0);
  });

  it("validates types, required fields, read-only fields and unique values", async () => {
    await expect(conn.sobject("Account").create({ Website: "x" })).rejects.toMatchObject({
      errorCode: "REQUIRED_FIELD_MISSING",
      data: expect.objectContaining({ fields: ["Name"] }),
    });
    await expect(conn.sobject("Account").create({ Name: "T", NumberOfEmployees: "many" })).rejects.toMatchObject({
      errorCode: "INVALID_TYPE_ON_FIELD_IN_RECORD",
    });
    await expect(conn.sobject("Account").create({ Name: "T", Legacy_Score__c: 3 })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE",
    });
    await expect(conn.sobject("Account").create({ Name: "T", CreatedDate: "2020-01-01T00:00:00Z" })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE",
    });
    await expect(conn.sobject("Account").create({ Name: "T", Bogus: 1 })).rejects.toMatchObject({ errorCode: "INVALID_FIELD" });
    await expect(conn.sobject("Contact").create({ LastName: "X", Email: "not-an-email" })).rejects.toMatchObject({
      errorCode: "INVALID_EMAIL_ADDRESS",
    });
    await conn.sobject("Account").create({ Name: "Unique 1", Ext_Id__c: "U-1" });
    await expect(conn.sobject("Account").create({ Name: "Unique 2", Ext_Id__c: "u-1" })).rejects.toMatchObject({
      errorCode: "DUPLICATE_VALUE",
    });
    await expect(conn.sobject("Contact").create({ LastName: "X", AccountId: "001000000000000AAA" })).rejects.toMatchObject({
      errorCode: "INVALID_CROSS_REFERENCE_KEY",
    });
  });

  it("upserts by external ID: 201 created, then 200 updated, 300 for several matches", async () => {
    const first = (await conn.sobject("Account").upsert({ Name: "Upsert Co", Ext_Id__c: "UP-1" }, "Ext_Id__c")) as SaveResult;
    expect(first).toMatchObject({ success: true, created: true });
    const second = (await conn.sobject("Account").upsert({ Name: "Upsert Co 2", Ext_Id__c: "UP-1" }, "Ext_Id__c")) as SaveResult;
    expect(second).toMatchObject({ success: true, created: false, id: first.id });
    expect((await conn.sobject("Account").retrieve(first.id!)).Name).toBe("Upsert Co 2");

    const raw = await fetch(`${emu.url}/services/data/v62.0/sobjects/Account/Ext_Id__c/UP-2`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${conn.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ Name: "Raw" }),
    });
    expect(raw.status).toBe(201);
    expect(await raw.json()).toMatchObject({ success: true, created: true });

    await conn.sobject("Account").create([{ Name: "Seg A", Segment__c: "gold" }, { Name: "Seg B", Segment__c: "GOLD" }]);
    await expect(conn.sobject("Account").upsert({ Name: "Seg C", Segment__c: "gold" }, "Segment__c")).rejects.toMatchObject({
      errorCode: "MULTIPLE_CHOICES",
      data: [expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Account\/001/), expect.any(String)],
    });
    await expect(conn.sobject("Account").upsert({ Name: "X", Name2: 1 }, "Name")).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
  });
});

describe("external IDs in reads and relationships", () => {
  it("gets a record by external ID and sets a parent by its external ID", async () => {
    const parent = (await conn.sobject("Account").create({ Name: "Parent by ext", Ext_Id__c: "PAR-1" })) as SaveResult;
    const byExt = await conn.request<{ Id: string; Name: string }>("/services/data/v62.0/sobjects/Account/Ext_Id__c/par-1");
    expect(byExt).toMatchObject({ Id: parent.id, Name: "Parent by ext" });
    const child = (await conn.sobject("Contact").create({ LastName: "Child", Account: { Ext_Id__c: "PAR-1" } })) as SaveResult;
    expect((await conn.sobject("Contact").retrieve(child.id!)).AccountId).toBe(parent.id);
    await expect(conn.sobject("Contact").create({ LastName: "Orphan", Account: { Ext_Id__c: "NOPE" } })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
      message: expect.stringContaining("Foreign key external ID: NOPE not found"),
    });
    const task = (await conn.sobject("Task").create({ Subject: "Follow up", WhatId: parent.id, WhoId: child.id })) as SaveResult;
    const [row] = (await conn.query<{ AccountId: string; What: { Type: string } }>(`SELECT AccountId, What.Type FROM Task WHERE Id = '${task.id}'`)).records;
    expect(row).toMatchObject({ AccountId: parent.id, What: { Type: "Account" } });
    await expect(conn.sobject("Task").create({ Subject: "Bad", WhatId: child.id })).rejects.toMatchObject({ errorCode: "MALFORMED_ID" });
  });
});

describe("sObject Collections", () => {
  it("rejects 201 records with EXCEEDED_ID_LIMIT", async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ Name: `Too many ${i}` }));
    await expect(conn.sobject("Account").create(records)).rejects.toMatchObject({ errorCode: "EXCEEDED_ID_LIMIT" });
    const count = await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'Too many%'");
    expect(count.totalSize).toBe(0);
  });

  it("reports per-record errors without allOrNone", async () => {
    const results = (await conn.sobject("Account").create([{ Name: "Partial 1" }, { Website: "no name" }, { Name: "Partial 3" }])) as SaveResult[];
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1]!.errors[0]).toMatchObject({ statusCode: "REQUIRED_FIELD_MISSING", fields: ["Name"] });
    expect(results[1]!.id).toBeUndefined();
  });

  it("rolls everything back with allOrNone", async () => {
    const results = (await conn
      .sobject("Account")
      .create([{ Name: "AON 1" }, { Name: "AON 2", NumberOfEmployees: "x" }, { Name: "AON 3" }], { allOrNone: true })) as SaveResult[];
    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results[0]!.errors[0]!.statusCode).toBe("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    expect(results[1]!.errors[0]!.statusCode).toBe("INVALID_TYPE_ON_FIELD_IN_RECORD");
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'AON%'")).totalSize).toBe(0);

    const [a, b] = (await conn.sobject("Account").create([{ Name: "AON upd A" }, { Name: "AON upd B" }])) as SaveResult[];
    const upd = (await conn
      .sobject("Account")
      .update([{ Id: a!.id!, Name: "changed" }, { Id: b!.id!, Name: "" }], { allOrNone: true })) as SaveResult[];
    expect(upd).toMatchObject([
      { id: a!.id, success: false, errors: [{ statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK" }] },
      { id: b!.id, success: false, errors: [{ statusCode: "REQUIRED_FIELD_MISSING" }] },
    ]);
    expect((await conn.sobject("Account").retrieve(a!.id!)).Name).toBe("AON upd A");
  });

  it("upserts a collection by external ID with created flags and duplicate detection", async () => {
    const results = (await conn.sobject("Account").upsert(
      [
        { Name: "Col 1", Ext_Id__c: "COL-1" },
        { Name: "Col 2", Ext_Id__c: "COL-2" },
      ],
      "Ext_Id__c",
    )) as SaveResult[];
    expect(results.map((r) => r.created)).toEqual([true, true]);
    const again = (await conn.sobject("Account").upsert(
      [
        { Name: "Col 1b", Ext_Id__c: "COL-1" },
        { Name: "Col 3", Ext_Id__c: "COL-3" },
        { Name: "Dup a", Ext_Id__c: "COL-9" },
        { Name: "Dup b", Ext_Id__c: "col-9" },
      ],
      "Ext_Id__c",
    )) as SaveResult[];
    expect(again.map((r) => [r.success, r.created])).toEqual([
      [true, false],
      [true, true],
      [false, false],
      [false, false],
    ]);
    expect(again[2]!.errors[0]!.statusCode).toBe("DUPLICATE_EXTERNAL_ID");
    expect(again[0]!.id).toBe(results[0]!.id);
  });

  it("retrieves and deletes many, with null for unknown ids", async () => {
    const ids = (await conn.sobject("Account").create([{ Name: "Many 1" }, { Name: "Many 2" }]) as SaveResult[]).map((r) => r.id!);
    const got = (await conn.sobject("Account").retrieve([ids[0]!, "001000000000000AAA", ids[1]!], { fields: ["Id", "Name"] })) as Array<Record<string, unknown> | null>;
    expect(got.map((r) => r?.Name ?? null)).toEqual(["Many 1", null, "Many 2"]);
    const del = (await conn.sobject("Account").destroy([ids[0]!, ids[1]!, "bogus"])) as SaveResult[];
    expect(del.map((r) => r.success)).toEqual([true, true, false]);
    expect(del[2]!.errors[0]!.statusCode).toBe("MALFORMED_ID");
  });
});

describe("replication helpers and merge", () => {
  beforeEach(async () => {
    await admin(emu, "clock", { advanceSeconds: 120 });
  });

  it("lists updated and deleted ids in a window", async () => {
    const start = new Date(Date.parse((await admin<{ now: string }>(emu, "clock")).body.now.replace("+0000", "Z")) - 1000);
    const [keep, drop] = (await conn.sobject("Account").create([{ Name: "Rep keep" }, { Name: "Rep drop" }])) as SaveResult[];
    await conn.sobject("Account").destroy(drop!.id!);
    await admin(emu, "clock", { advanceSeconds: 120 });
    const end = new Date(Date.parse((await admin<{ now: string }>(emu, "clock")).body.now.replace("+0000", "Z")));
    const updated = await conn.sobject("Account").updated(start.toISOString(), end.toISOString());
    expect(updated.ids).toContain(keep!.id);
    expect(updated.ids).not.toContain(drop!.id);
    const deleted = await conn.sobject("Account").deleted(start.toISOString(), end.toISOString());
    expect(deleted.deletedRecords.map((d) => d.id)).toEqual([drop!.id]);
    expect(deleted.deletedRecords[0]!.deletedDate).toMatch(/\+0000$/);
  });

  it("merges accounts: the loser is deleted with MasterRecordId and its contacts move", async () => {
    const [master, loser] = (await conn.sobject("Account").create([{ Name: "Merge master" }, { Name: "Merge loser" }])) as SaveResult[];
    const contact = (await conn.sobject("Contact").create({ LastName: "Moved", AccountId: loser!.id })) as SaveResult;
    const res = await admin(emu, "merge", { masterId: master!.id, mergedId: loser!.id });
    expect(res.status).toBe(200);
    const merged = await conn
      .query<{ Id: string; IsDeleted: boolean; MasterRecordId: string }>(`SELECT Id, IsDeleted, MasterRecordId FROM Account WHERE Id = '${loser!.id}'`)
      .scanAll(true);
    expect(merged.records[0]).toMatchObject({ IsDeleted: true, MasterRecordId: master!.id });
    expect((await conn.sobject("Contact").retrieve(contact.id!)).AccountId).toBe(master!.id);
    expect((await admin(emu, "merge", { masterId: master!.id, mergedId: "nope" })).status).toBe(400);
  });
});

describe("faults", () => {
  it("fails one record of a collection with UNABLE_TO_LOCK_ROW", async () => {
    await admin(emu, "faults", { spec: "lock:path=/composite/sobjects,nth=1" });
    try {
      const results = (await conn.sobject("Account").create([{ Name: "Lock 1" }, { Name: "Lock 2" }])) as SaveResult[];
      expect(results.map((r) => r.success)).toEqual([false, true]);
      expect(results[0]!.errors[0]!.statusCode).toBe("UNABLE_TO_LOCK_ROW");
    } finally {
      await admin(emu, "faults", { spec: "" });
    }
  });

  it("answers 503 SERVER_UNAVAILABLE and 401 for injected faults, then recovers", async () => {
    await admin(emu, "faults", { spec: "unavailable:path=/sobjects/Account,nth=1;expired-token:path=/limits,nth=1" });
    try {
      await expect(conn.sobject("Account").create({ Name: "Flaky" })).rejects.toMatchObject({ errorCode: "SERVER_UNAVAILABLE" });
      let refreshed = 0;
      conn.on("refresh", () => refreshed++);
      const limits = await conn.limits();
      expect(limits.DailyApiRequests?.Max).toBeGreaterThan(0);
      expect(refreshed).toBe(1);
      const counters = await admin<{ faults: Record<string, number> }>(emu, "counters");
      expect(counters.body.faults).toMatchObject({ unavailable: 1, "expired-token": 1 });
    } finally {
      await admin(emu, "faults", { spec: "" });
    }
  });

  it("rejects an invalid spec through the admin API with the vendor error shape", async () => {
    const res = await admin<Array<{ errorCode: string; message: string }>>(emu, "faults", { spec: "boom:rate=1" });
    expect(res.status).toBe(400);
    expect(res.body[0]!.message).toContain('unknown fault kind "boom"');
  });
});

describe("routing details", () => {
  it("lists versions, accepts v50.0..v64.0 and rejects others", async () => {
    const versions = (await (await fetch(`${emu.url}/services/data/`)).json()) as Array<{ version: string }>;
    expect(versions[0]!.version).toBe("50.0");
    expect(versions.at(-1)!.version).toBe("64.0");
    const old = new jsforce.Connection({ instanceUrl: emu.url, accessToken: conn.accessToken!, version: "50.0" });
    expect((await old.query("SELECT Id FROM User")).totalSize).toBeGreaterThan(0);
    const tooNew = await fetch(`${emu.url}/services/data/v65.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(tooNew.status).toBe(404);
    expect(tooNew.headers.get("content-type")).toBe("application/json;charset=UTF-8");
  });

  it("answers bad JSON and unknown routes with Salesforce error arrays", async () => {
    const bad = await fetch(`${emu.url}/services/data/v62.0/sobjects/Account`, {
      method: "POST",
      headers: { authorization: `Bearer ${conn.accessToken}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Array<{ errorCode: string }>)[0]!.errorCode).toBe("JSON_PARSER_ERROR");
    const put = await fetch(`${emu.url}/services/data/v62.0/sobjects/Account`, {
      method: "PUT",
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect(put.status).toBe(405);
    const missing = await fetch(`${emu.url}/services/data/v62.0/nothing/here`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(missing.status).toBe(404);
  });
});
