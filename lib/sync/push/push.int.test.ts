import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Synchronize against in-process emulators over HTTP (ports 3181-3183): the default mappings push
// PX ids and last-seen dates into Salesforce's PX_ fields, only what changed, never over a typed value.
vi.hoisted(() => {
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3181");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3182");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3183/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { connectedHub } from "@/lib/testing/connected-hub";
import { sfRest } from "@/lib/testing/emulator-calls";
import { runSync } from "@/lib/sync/push/run-sync";
import { saveMappings } from "@/lib/field-mappings/save-mappings";
import { defaultMappings } from "@/lib/sync/push/mappings";

const fixture = generateDemoData({ seed: 31, accounts: 60 });
let teardown: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3181);
});

afterAll(() => teardown());

const writeCalls = (calls: Record<string, number>) => Object.entries(calls).filter(([k]) => k.startsWith("PATCH") || k.startsWith("Bulk 2.0 ingest")).reduce((n, [, v]) => n + v, 0);

describe("Synchronize pushes PX numbers into Salesforce", () => {
  it("writes the mapped PX_ fields of linked records, never over a typed value, and a second sync writes nothing", async () => {
    const px = await db.integration.findFirstOrThrow({ where: { system: "PX" } });
    // A first sync pulls and links; pick a linked account and type a value in its PX_Account_Id__c.
    const first = await runSync(px.id, { trigger: "test" });
    expect(first.status, first.error).toBe("SUCCEEDED");
    const links = await db.matchLink.findMany({ where: { integrationId: px.id, entity: "ACCOUNT" }, take: 3, orderBy: { salesforceId: "asc" } });
    expect(links.length).toBe(3);
    const written = await sfRest("GET", `/sobjects/Account/${links[1]!.salesforceId}?fields=PX_Account_Id__c,PX_Last_Seen__c`);
    expect(written.PX_Account_Id__c).toBe(links[1]!.analyticsId);
    expect(first.push!.accounts.written).toBeGreaterThan(0);
    const results = await db.syncRecordResult.findMany({ where: { runId: first.runId, outcome: "succeeded", system: "salesforce" } });
    expect(results.length).toBe(first.push!.accounts.written + first.push!.contacts.written);

    // KPIs are pushed too: each linked account gets its own snapshot's active users and NPS.
    const snapshot = await db.kpiSnapshot.findFirstOrThrow({ where: { integrationId: px.id, scope: "salesforce", accountId: links[0]!.salesforceId }, orderBy: { day: "desc" } });
    const kpis = snapshot.values as Record<string, number | null>;
    const withKpis = await sfRest("GET", `/sobjects/Account/${links[0]!.salesforceId}?fields=PX_Active_Users_7d__c,PX_Active_Users_30d__c,PX_NPS_Responses_90d__c`);
    expect(typeof kpis.activeUsers30d).toBe("number");
    expect(withKpis.PX_Active_Users_30d__c).toBe(kpis.activeUsers30d);
    expect(withKpis.PX_Active_Users_7d__c).toBe(kpis.activeUsers7d);
    expect(withKpis.PX_NPS_Responses_90d__c).toBe(kpis.npsResponses90d);

    // Nothing changed since: the very next sync makes no write call at all.
    const again = await runSync(px.id, { trigger: "test" });
    expect(again.status, again.error).toBe("SUCCEEDED");
    expect(again.push!.accounts.written + again.push!.contacts.written).toBe(0);
    expect(writeCalls(again.apiCalls)).toBe(0);

    // A person types an id on another linked account; "only when empty" must keep it.
    await sfRest("PATCH", `/sobjects/Account/${links[2]!.salesforceId}`, { PX_Account_Id__c: "typed-by-a-person" });
    await db.pushState.deleteMany({ where: { recordId: links[2]!.salesforceId } });
    const second = await runSync(px.id, { trigger: "test" });
    expect(second.status, second.error).toBe("SUCCEEDED");
    const kept = await sfRest("GET", `/sobjects/Account/${links[2]!.salesforceId}?fields=PX_Account_Id__c`);
    expect(kept.PX_Account_Id__c).toBe("typed-by-a-person");

    // Nothing changed since: no write calls at all.
    const third = await runSync(px.id, { trigger: "test" });
    expect(third.status, third.error).toBe("SUCCEEDED");
    expect(third.push!.accounts.written + third.push!.contacts.written).toBe(0);
    expect(writeCalls(third.apiCalls)).toBe(0);
    const step = await db.syncStep.findFirstOrThrow({ where: { runId: third.runId, name: "push.salesforce" } });
    expect(step.name).toBe("push.salesforce");
  });

  it("pushes Pendo ids and last visits, converting Pendo's epoch milliseconds to Salesforce dates", async () => {
    const pendo = await db.integration.findFirstOrThrow({ where: { system: "PENDO" } });
    const sync = await runSync(pendo.id, { trigger: "test" });
    expect(sync.status, sync.error).toBe("SUCCEEDED");
    expect(sync.push!.accounts.invalid + sync.push!.contacts.invalid).toBe(0);
    const link = await db.matchLink.findFirstOrThrow({ where: { integrationId: pendo.id, entity: "CONTACT" } });
    const visitor = await db.analyticsUser.findUniqueOrThrow({ where: { integrationId_externalId: { integrationId: pendo.id, externalId: link.analyticsId } } });
    const contact = await sfRest("GET", `/sobjects/Contact/${link.salesforceId}?fields=Pendo_Visitor_Id__c,Pendo_Last_Visit__c`);
    expect(contact.Pendo_Visitor_Id__c).toBe(link.analyticsId);
    if (visitor.lastSeenAt) expect(new Date(contact.Pendo_Last_Visit__c).getTime()).toBe(visitor.lastSeenAt.getTime());
  });

  it("pushes a per-feature KPI and a percent KPI as the catalogue holds them (percent points, not rescaled)", async () => {
    const px = await db.integration.findFirstOrThrow({ where: { system: "PX" } });
    const first = await runSync(px.id, { trigger: "test" });
    expect(first.status, first.error).toBe("SUCCEEDED");
    // A linked account whose snapshot has some feature in use and a feature breadth above 0.
    const snapshots = await db.kpiSnapshot.findMany({ where: { integrationId: px.id, scope: "salesforce" }, orderBy: [{ day: "desc" }, { accountId: "asc" }] });
    const latestDay = snapshots[0]!.day.getTime();
    const chosen = snapshots
      .filter((s) => s.day.getTime() === latestDay)
      .map((s) => ({ accountId: s.accountId, values: s.values as Record<string, number | null> }))
      .find((s) => (s.values.featureBreadth30d ?? 0) > 0 && Object.entries(s.values).some(([k, v]) => k.endsWith(".clicks30d") && (v ?? 0) > 0));
    expect(chosen).toBeDefined();
    const featureKey = Object.entries(chosen!.values).find(([k, v]) => k.endsWith(".clicks30d") && (v ?? 0) > 0)![0];
    // PX feature ids are UUIDs: the key carries dashes.
    expect(featureKey).toMatch(/^feature\.[0-9a-f-]+\.clicks30d$/);

    const rows = [
      ...defaultMappings(px.id, "px").filter((m) => m.targetField !== "PX_Feature_Adoption__c" && m.targetField !== "PX_Health_Score__c"),
      { integrationId: px.id, entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: "featureBreadth30d" }, targetField: "PX_Feature_Adoption__c", writeMode: "always", owner: null },
      { integrationId: px.id, entity: "account", direction: "push-to-salesforce", source: { kind: "calculated", key: featureKey }, targetField: "PX_Health_Score__c", writeMode: "always", owner: null },
    ];
    const admin = await db.user.upsert({ where: { email: "admin@push.test" }, create: { email: "admin@push.test", role: "ADMIN", passwordHash: null }, update: {} });
    await saveMappings(px.id, rows, { actor: admin });
    try {
      const sync = await runSync(px.id, { trigger: "test" });
      expect(sync.status, sync.error).toBe("SUCCEEDED");
      const account = await sfRest("GET", `/sobjects/Account/${chosen!.accountId}?fields=PX_Feature_Adoption__c,PX_Health_Score__c`);
      const latest = await db.kpiSnapshot.findFirstOrThrow({ where: { integrationId: px.id, scope: "salesforce", accountId: chosen!.accountId }, orderBy: { day: "desc" } });
      const values = latest.values as Record<string, number | null>;
      // Percent field, scale 2: the KPI's points as they are (42.5 → 42.5%), never ×100.
      expect(account.PX_Feature_Adoption__c).toBe(Math.round(values.featureBreadth30d! * 100) / 100);
      expect(account.PX_Feature_Adoption__c).toBeLessThanOrEqual(100);
      expect(account.PX_Health_Score__c).toBe(values[featureKey]);
    } finally {
      await db.fieldMappingSet.deleteMany({ where: { integrationId: px.id } });
    }
  });
});
