import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// An org whose Account lacks some of the fields account health reads still pulls: the pull asks
// only for fields the cached describe lists. Emulators on ports 3281-3283 (shared, one file at a time,
// with salesforce-health-objects.int.test.ts).
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3281");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3282");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3283/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import { VendorError } from "@/lib/connectors/errors";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { db } from "@/lib/db";
import { healthSource } from "@/lib/sync/pull/health-source";
import { runPull } from "@/lib/sync/pull/run-pull";
import { connectedHub } from "@/lib/testing/connected-hub";

// The demo org without Churn_Date__c: neither the field nor any value of it.
const fixture = generateDemoData({ seed: 5, accounts: 40 });
const sfFixture = fixture.salesforce as unknown as { customFields: Record<string, { name: string }[]>; objects: { Account: Record<string, unknown>[] } };
sfFixture.customFields.Account = sfFixture.customFields.Account!.filter((f) => f.name !== "Churn_Date__c");
for (const account of sfFixture.objects.Account) delete account.Churn_Date__c;

let teardown: () => Promise<void> = async () => undefined;
const salesforce = () => db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } });

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3281);
});

afterAll(() => teardown());

describe("account fields for health", () => {
  it("an org whose Account has no Churn_Date__c pulls, with the health fields it does have", async () => {
    const sf = await salesforce();
    const summary = await runPull(sf.id, { trigger: "test" });
    expect(summary.status, summary.error).toBe("SUCCEEDED");
    const accounts = sfFixture.objects.Account.filter((a) => !a.IsDeleted);
    expect(summary.stats.accounts!.created).toBe(accounts.length);
    const held = await db.sfAccount.findMany({ select: { id: true, fields: true } });
    for (const row of held) {
      const fields = row.fields as Record<string, unknown>;
      expect(fields).not.toHaveProperty("Churn_Date__c");
      const source = accounts.find((a) => a.Id === row.id)!;
      for (const f of ["Renewal_Date__c", "ARR__c", "ARR_Tier__c", "CSM__c", "Public_Sector__c", "Customer_Status__c"]) expect(fields[f], f).toEqual(source[f]);
    }
    // The other objects are pulled as usual.
    expect(summary.stats.opportunities!.created).toBeGreaterThan(0);
  });

  it("an object the integration user may not read is left out of the pull rather than failing it", async () => {
    const sf = await salesforce();
    await db.salesforceDescribe.deleteMany({ where: { integrationId: sf.id, objectName: "Case" } });
    const refusing = {
      describeObject: async (name: string) => {
        throw new VendorError({ system: "salesforce", code: "NOT_FOUND", vendorMessage: `The requested resource does not exist (${name})`, status: 404 });
      },
    } as unknown as SalesforceConnector;
    expect(await healthSource(refusing, sf.id, "Case")).toBeNull();
    // Anything else (the org down, a refused session) still fails the pull.
    const down = { describeObject: async () => Promise.reject(new VendorError({ system: "salesforce", code: "SERVER_UNAVAILABLE", vendorMessage: "down", status: 503 })) } as unknown as SalesforceConnector;
    await expect(healthSource(down, sf.id, "Case")).rejects.toThrow(/SERVER_UNAVAILABLE/);
    // A describe cached within the day is used as it is.
    expect((await healthSource(refusing, sf.id, "Opportunity"))?.fields).toEqual(["Id", "AccountId", "Type", "StageName", "IsClosed", "IsWon", "CloseDate", "Amount", "SystemModstamp"]);
  });
});
