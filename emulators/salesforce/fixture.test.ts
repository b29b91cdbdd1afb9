// Fixture load/export: export → load → export is identical, invalid fixtures are rejected
// with messages that name the problem, and persisted state survives a restart.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EmulatorClock } from "./clock";
import { exportSalesforceState, FixtureError, loadSalesforceFixture, salesforceFixtureSchema, type SalesforceFixture } from "./fixture";
import { OrgData } from "./org";
import { admin, connect, startTestEmulator } from "./test-helpers";

const USER = "005000000000001AAA";
const ACCOUNT = "001000000000001AAA";

const fixture: SalesforceFixture = {
  org: { id: "00D000000000001EAA", name: "Fixture Org", isSandbox: true, instanceName: "CS42", dailyApiRequests: 25_000 },
  customObjects: [{ name: "Subscription__c", label: "Subscription", keyPrefix: "a0X" }],
  customFields: {
    Account: [
      { name: "PX_Account_Id__c", type: "string", label: "PX Account Id", length: 80, externalId: true, unique: true },
      { name: "PX_Active_Users_30d__c", type: "double", label: "PX Active Users 30d", length: 0, precision: 18, scale: 0, externalId: false, unique: false, updateable: true, createable: true },
      { name: "Tier__c", type: "picklist", label: "Tier", picklistValues: ["Gold", "Silver"], restrictedPicklist: true },
      { name: "Renewal__c", type: "date", label: "Renewal" },
      { name: "Last_Seen__c", type: "datetime", label: "Last Seen" },
      { name: "Public__c", type: "boolean", label: "Public" },
    ],
    Subscription__c: [
      { name: "Account__c", type: "reference", label: "Account", referenceTo: ["Account"], relationshipName: "Account__r", childRelationshipName: "Subscriptions__r" },
      { name: "Seats__c", type: "int", label: "Seats" },
    ],
  },
  objects: {
    User: [
      {
        attributes: { type: "User", url: `/services/data/v62.0/sobjects/User/${USER}` },
        Id: USER,
        Username: "csm@acme.test",
        LastName: "Success",
        FirstName: "Cass",
        Email: "csm@acme.test",
        Alias: "cass",
        IsActive: true,
        CreatedDate: "2026-01-01T00:00:00.000+0000",
        LastModifiedDate: "2026-01-01T00:00:00.000+0000",
        SystemModstamp: "2026-01-01T00:00:00.000+0000",
      },
    ],
    Account: [
      {
        Id: ACCOUNT,
        Name: "Acme",
        Website: "https://acme.test",
        BillingCity: "Lyon",
        OwnerId: USER,
        PX_Account_Id__c: "px-1",
        PX_Active_Users_30d__c: 12,
        Tier__c: "Gold",
        Renewal__c: "2026-12-31",
        Last_Seen__c: "2026-02-01T10:00:00Z",
        Public__c: true,
        CreatedDate: "2026-01-02T00:00:00.000+0000",
        LastModifiedDate: "2026-01-02T00:00:00.000+0000",
        SystemModstamp: "2026-01-02T00:00:00.000+0000",
      },
      { Id: "001000000000002AAA", Name: "Gone", IsDeleted: true, MasterRecordId: ACCOUNT, SystemModstamp: "2026-01-03T00:00:00.000+0000" },
    ],
    Contact: [{ Id: "003000000000001AAA", FirstName: "Ada", LastName: "Lovelace", Email: "ada@acme.test", AccountId: ACCOUNT }],
    Opportunity: [{ Name: "Renewal", StageName: "Closed Won", CloseDate: "2026-02-15", AccountId: ACCOUNT, Amount: 1200.5 }],
    Case: [{ Subject: "Help", Status: "Closed", AccountId: ACCOUNT }],
    Task: [{ Subject: "Call", WhatId: ACCOUNT, Status: "Completed" }],
    Subscription__c: [{ Name: "Sub 1", Account__c: ACCOUNT, Seats__c: 25 }],
  },
};

function freshOrg(): OrgData {
  return new OrgData(new EmulatorClock("2026-03-01T00:00:00Z"), 5);
}

describe("export → load → export", () => {
  it("is identical, and canonical (all fields, derived values, attributes)", () => {
    const org = freshOrg();
    loadSalesforceFixture(org, salesforceFixtureSchema.parse(fixture));
    const first = exportSalesforceState(org);
    const org2 = freshOrg();
    loadSalesforceFixture(org2, salesforceFixtureSchema.parse(JSON.parse(JSON.stringify(first))));
    const second = exportSalesforceState(org2);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));

    const account = first.objects!.Account![0]!;
    expect(Object.keys(account)[0]).toBe("attributes");
    expect(account).toMatchObject({
      attributes: { type: "Account", url: `/services/data/v62.0/sobjects/Account/${ACCOUNT}` },
      Last_Seen__c: "2026-02-01T10:00:00.000+0000",
      BillingAddress: expect.objectContaining({ city: "Lyon" }),
      Industry: null,
    });
    expect(first.objects!.Contact![0]).toMatchObject({ Name: "Ada Lovelace", OwnerId: org.defaultUserId });
    expect(first.objects!.Opportunity![0]).toMatchObject({ IsWon: true, IsClosed: true, FiscalYear: 2026, FiscalQuarter: 1 });
    expect(first.objects!.Case![0]).toMatchObject({ IsClosed: true, CaseNumber: "00001001" });
    expect(first.objects!.Subscription__c![0]!.Id).toMatch(/^a0X/);
    expect(first.org).toEqual(fixture.org);
    expect(org.defaultUserId).toBe(USER);
  });

  it("round-trips through the admin API after writes", async () => {
    const emu = await startTestEmulator({ fixture });
    try {
      const conn = await connect(emu);
      await conn.sobject("Account").create({ Name: "Written", Tier__c: "Silver" });
      await conn.sobject("Contact").destroy("003000000000001AAA");
      const exported = (await admin<SalesforceFixture>(emu, "fixture")).body;
      expect(exported.objects!.Account!.map((a) => a.Name)).toContain("Written");
      const load = await admin<{ ok: boolean }>(emu, "fixture", exported);
      expect(load.status).toBe(200);
      const again = (await admin<SalesforceFixture>(emu, "fixture")).body;
      expect(JSON.stringify(again)).toBe(JSON.stringify(exported));

      const subs = await conn.query<{ Name: string; Account__r: { Name: string } }>("SELECT Name, Account__r.Name FROM Subscription__c");
      expect(subs.records[0]).toMatchObject({ Name: "Sub 1", Account__r: { Name: "Acme" } });
      const withChildren = await conn.query<{ Subscriptions__r: { totalSize: number } | null }>(
        `SELECT Id, (SELECT Id FROM Subscriptions__r) FROM Account WHERE Id = '${ACCOUNT}'`,
      );
      expect(withChildren.records[0]!.Subscriptions__r?.totalSize).toBe(1);
      await expect(conn.sobject("Account").create({ Name: "Bad tier", Tier__c: "Bronze" })).rejects.toMatchObject({
        errorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
      });

      await admin(emu, "reset", {});
      const reset = (await admin<SalesforceFixture>(emu, "fixture")).body;
      expect(reset.objects!.Account!.map((a) => a.Name)).not.toContain("Written");
    } finally {
      await emu.close();
    }
  });
});

describe("invalid fixtures", () => {
  it.each([
    [{ objects: { Account: [{ Name: "x", Colour__c: "red" }] } }, /no such field 'Colour__c' on Account \(declare it in customFields.Account\)/],
    [{ objects: { Widget__c: [{ Name: "x" }] } }, /objects.Widget__c: unknown object/],
    [{ objects: { Account: [{ Id: "003000000000001AAA", Name: "x" }] } }, /is not a Account ID/],
    [{ objects: { Account: [{ Name: "x", NumberOfEmployees: "lots" }] } }, /NumberOfEmployees: Employees: value not of required type: lots/],
    [{ customFields: { Account: [{ name: "NoSuffix", type: "string", label: "x" }] } }, /must end in __c/],
    [{ customObjects: [{ name: "Thing__c", label: "Thing", keyPrefix: "001" }] }, /already used by Account/],
    [
      { customFields: { Account: [{ name: "K__c", type: "string", label: "K", unique: true }] }, objects: { Account: [{ Name: "a", K__c: "1" }, { Name: "b", K__c: "1" }] } },
      /K__c value "1" is on both/,
    ],
  ])("rejects %j", (bad, message) => {
    const org = freshOrg();
    expect(() => loadSalesforceFixture(org, salesforceFixtureSchema.parse(bad))).toThrow(FixtureError);
    expect(() => loadSalesforceFixture(org, salesforceFixtureSchema.parse(bad))).toThrow(message);
  });

  it("rejects unknown top-level keys and bad IDs in the schema", () => {
    expect(salesforceFixtureSchema.safeParse({ objectz: {} }).success).toBe(false);
    expect(salesforceFixtureSchema.safeParse({ org: { id: "00D000000000001AAB" } }).success).toBe(false);
  });

  it("answers the admin API with the vendor error shape", async () => {
    const emu = await startTestEmulator();
    try {
      const res = await admin<Array<{ errorCode: string; message: string }>>(emu, "fixture", { objects: { Account: [{ Nope: 1 }] } });
      expect(res.status).toBe(400);
      expect(res.body[0]).toMatchObject({ errorCode: "INVALID_INPUT", message: expect.stringContaining("no such field 'Nope'") });
      const notJson = await fetch(`${emu.url}/__emulator/clock`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as Array<{ errorCode: string }>)[0]!.errorCode).toBe("JSON_PARSER_ERROR");
    } finally {
      await emu.close();
    }
  });
});

describe("persistFile", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sf-emulator-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps records and refresh tokens across restarts", async () => {
    const file = path.join(dir, "state.json");
    const first = await startTestEmulator({ persistFile: file });
    const conn = await connect(first);
    const created = (await conn.sobject("Account").create({ Name: "Persisted" })) as { id: string };
    const refreshToken = conn.refreshToken!;
    await first.close();

    const second = await startTestEmulator({ persistFile: file });
    try {
      const oauth2 = conn.oauth2;
      const fresh = await fetch(`${second.url}/services/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: oauth2.clientId!, client_secret: oauth2.clientSecret! }).toString(),
      });
      expect(fresh.status).toBe(200);
      const token = ((await fresh.json()) as { access_token: string }).access_token;
      const res = await fetch(`${second.url}/services/data/v62.0/sobjects/Account/${created.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await res.json()) as { Name: string }).Name).toBe("Persisted");
    } finally {
      await second.close();
    }
  });
});
