import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Salesforce fields written back to Pendo and PX against in-process emulators over HTTP (ports
// 3191-3193): values land in the tools, a second run writes nothing, a value the tool already holds
// survives "only when empty", a field mapped both ways never bounces, refusals are stored per
// record with the vendor's code, and a read-only key skips the step with its reason.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3191");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3192");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3193/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 11).toString("base64"));
});

import type { Integration } from "@/lib/generated/prisma/client";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { DEMO_KEYS } from "@/lib/integrations/connect-demo";
import { sealCredentials } from "@/lib/integrations/credentials";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import type { FieldMappingInput } from "@/lib/mapping/mapping-schema";
import { connectedHub } from "@/lib/testing/connected-hub";
import { pxRest, sfRest } from "@/lib/testing/emulator-calls";
import { runPull } from "@/lib/sync/pull/run-pull";
import { closeRun, openRun, openStep } from "@/lib/sync/runs";
import { savedOrDefaultMappings, writeBackPlan } from "@/lib/sync/push/mappings";
import { pushToAnalytics, type WriteBackSummary } from "@/lib/sync/push/push-analytics";
import { PushStopped, pushToSalesforce } from "@/lib/sync/push/push-salesforce";

const fixture = generateDemoData({ seed: 47, accounts: 40 });
let teardown: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3191);
});

afterAll(() => teardown());

type Tool = "PENDO" | "PX";
const tool = (system: Tool) => db.integration.findFirstOrThrow({ where: { system } });

async function pull(system: Tool | "SALESFORCE") {
  const summary = await runPull((await db.integration.findFirstOrThrow({ where: { system } })).id, { trigger: "test" });
  expect(summary.status, summary.error).toBe("SUCCEEDED");
}

/** Pulls Salesforce then the tool, as a sync does before it pushes. `reread` drops the Salesforce cursors first: a full pull, so newly mapped fields are read on every record. */
async function pullBoth(system: Tool, reread = false) {
  if (reread) await db.pullCursor.deleteMany({ where: { integrationId: (await salesforceIntegration())!.id } });
  await pull("SALESFORCE");
  await pull(system);
}

/** One write-back step in its own run, as the sync runs it. */
async function writeBack(integration: Integration): Promise<{ summary: WriteBackSummary; apiCalls: Record<string, number>; runId: string }> {
  const salesforce = (await salesforceIntegration())!;
  const { run } = await openRun({ integrationId: integration.id, system: integration.system, kind: "SYNC", trigger: "test" });
  const step = await openStep(run.id, 0, `push.${integration.system.toLowerCase()}`, integration.id);
  const ctx = { runId: run.id, stepId: step.id, stats: {}, checkpoint: {}, apiCalls: {} as Record<string, number> };
  try {
    return { summary: await pushToAnalytics(integration, salesforce.id, ctx), apiCalls: ctx.apiCalls, runId: run.id };
  } finally {
    await closeRun(run.id, "SUCCEEDED");
  }
}

/** The push into Salesforce of the same tool, for the ownership test; returns Salesforce's write calls. */
async function pushIntoSalesforce(integration: Integration): Promise<number> {
  const salesforce = (await salesforceIntegration())!;
  const { run } = await openRun({ integrationId: integration.id, system: integration.system, kind: "SYNC", trigger: "test" });
  const step = await openStep(run.id, 0, "push.salesforce", integration.id);
  try {
    return await withSalesforce(salesforce, async (sf) => {
      await pushToSalesforce(sf, { id: integration.id, system: integration.system as Tool }, salesforce.id, { runId: run.id, stepId: step.id, stats: {}, checkpoint: {} });
      return Object.entries(sf.apiCalls()).filter(([k]) => k.startsWith("PATCH") || k.startsWith("POST") || k.startsWith("Bulk 2.0 ingest")).reduce((n, [, v]) => n + v, 0);
    });
  } finally {
    await closeRun(run.id, "SUCCEEDED");
  }
}

/** Write calls to Pendo (bulk metadata) or PX (record PUTs). */
const writeCalls = (calls: Record<string, number>) => Object.entries(calls).filter(([k]) => k.startsWith("POST /metadata") || k.startsWith("PUT ")).reduce((n, [, v]) => n + v, 0);
const written = (s: WriteBackSummary) => s.accounts.written + s.contacts.written;

async function pendoGet(path: string) {
  const res = await fetch(`${env.PENDO_EMULATOR_URL}/api/v1${path}`, { headers: { "x-pendo-integration-key": DEMO_KEYS.pendo } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { metadata: Record<string, Record<string, unknown>> };
}

/** Sets one Pendo custom value the way a person would in Pendo. */
async function pendoSet(kind: "account" | "visitor", id: string, field: string, value: unknown) {
  const res = await fetch(`${env.PENDO_EMULATOR_URL}/api/v1/metadata/${kind}/custom/${field}/value/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: { "x-pendo-integration-key": DEMO_KEYS.pendo, "content-type": "application/json" },
    body: JSON.stringify(value),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function pxAccount(id: string) {
  const res = await fetch(`${env.PX_EMULATOR_URL}/accounts/${encodeURIComponent(id)}`, { headers: { "x-aptrinsic-api-key": DEMO_KEYS.px } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { customAttributes: Record<string, unknown> | null };
}

/** Linked accounts of a tool with their Salesforce fields as last pulled, those with ARR and a renewal date first. */
async function linkedAccounts(integrationId: string) {
  const links = await db.matchLink.findMany({ where: { integrationId, entity: "ACCOUNT" }, orderBy: { analyticsId: "asc" } });
  const rows = await db.sfAccount.findMany({ where: { id: { in: links.map((l) => l.salesforceId) } } });
  const fields = new Map(rows.map((r) => [r.id, r.fields as Record<string, unknown>]));
  const all = links.map((l) => ({ analyticsId: l.analyticsId, salesforceId: l.salesforceId, sf: fields.get(l.salesforceId) ?? {} }));
  return all.filter((a) => a.sf.ARR__c != null && a.sf.Renewal_Date__c != null).concat(all.filter((a) => a.sf.ARR__c == null || a.sf.Renewal_Date__c == null));
}

async function saveMappings(integrationId: string, mappings: FieldMappingInput[]) {
  const set = mappings.map((m) => ({ owner: null, ...m, integrationId }));
  await db.fieldMappingSet.upsert({ where: { integrationId }, create: { integrationId, mappings: set }, update: { mappings: set } });
}

const renewalMs = (date: unknown) => Date.parse(`${String(date)}T00:00:00.000Z`);

describe("Write-back of Salesforce fields to Pendo and PX", () => {
  it("Pendo: the default mappings write ARR, tier and renewal date to linked accounts and the contact id to linked visitors; a second run writes nothing", async () => {
    const pendo = await tool("PENDO");
    await pullBoth("PENDO");
    const first = await writeBack(pendo);
    expect(first.summary.skipped).toBeNull();
    expect(first.summary.accounts.invalid + first.summary.accounts.rejected + first.summary.contacts.invalid + first.summary.contacts.rejected).toBe(0);
    expect(first.summary.accounts.written).toBeGreaterThan(0);
    expect(first.summary.contacts.written).toBeGreaterThan(0);
    // One bulk call per kind: accounts, visitors.
    expect(first.apiCalls).toEqual({ "POST /metadata/account/custom/value": 1, "POST /metadata/visitor/custom/value": 1 });

    const [account] = await linkedAccounts(pendo.id);
    const sf = await sfRest("GET", `/sobjects/Account/${account!.salesforceId}?fields=ARR__c,ARR_Tier__c,Renewal_Date__c`);
    const inPendo = (await pendoGet(`/account/${encodeURIComponent(account!.analyticsId)}`)).metadata.custom!;
    expect(inPendo.sfdc_arr).toBe(sf.ARR__c);
    expect(inPendo.sfdc_tier).toBe(sf.ARR_Tier__c);
    expect(inPendo.sfdc_renewal_date).toBe(renewalMs(sf.Renewal_Date__c));

    const visitorLink = await db.matchLink.findFirstOrThrow({ where: { integrationId: pendo.id, entity: "CONTACT" } });
    expect((await pendoGet(`/visitor/${encodeURIComponent(visitorLink.analyticsId)}`)).metadata.custom!.sfdc_contact_id).toBe(visitorLink.salesforceId);

    const results = await db.syncRecordResult.findMany({ where: { runId: first.runId } });
    expect(results.filter((r) => r.outcome === "succeeded").length).toBe(written(first.summary));
    const result = results.find((r) => r.recordId === account!.analyticsId && r.object === "account")!;
    expect(result).toMatchObject({ system: "pendo", operation: "update", outcome: "succeeded" });
    expect(result.fields).toMatchObject({ "custom.sfdc_arr": { before: null, after: sf.ARR__c } });
    const state = await db.pushState.findUniqueOrThrow({ where: { integrationId_targetSystem_object_recordId: { integrationId: pendo.id, targetSystem: "pendo", object: "account", recordId: account!.analyticsId } } });
    expect(state.values).toMatchObject({ "custom.sfdc_arr": sf.ARR__c, "custom.sfdc_tier": sf.ARR_Tier__c });

    // Nothing changed in Salesforce: pulling both again (Pendo now holds the values) writes nothing.
    await pullBoth("PENDO");
    const again = await writeBack(pendo);
    expect(again.summary.skipped).toBeNull();
    expect(written(again.summary)).toBe(0);
    expect(writeCalls(again.apiCalls)).toBe(0);
    expect(again.summary.accounts.unchanged).toBe(first.summary.accounts.written);

    // A changed ARR in Salesforce is written to that one account, and only that field.
    await sfRest("PATCH", `/sobjects/Account/${account!.salesforceId}`, { ARR__c: 123456.5 });
    await pullBoth("PENDO");
    const third = await writeBack(pendo);
    expect(third.summary.accounts.written).toBe(1);
    expect(third.summary.contacts.written).toBe(0);
    expect(writeCalls(third.apiCalls)).toBe(1);
    const changed = await db.syncRecordResult.findFirstOrThrow({ where: { runId: third.runId, outcome: "succeeded" } });
    expect(changed.fields).toEqual({ "custom.sfdc_arr": { before: sf.ARR__c, after: 123456.5 } });
    expect((await pendoGet(`/account/${encodeURIComponent(account!.analyticsId)}`)).metadata.custom!.sfdc_arr).toBe(123456.5);
  });

  it("PX: the default mappings write arr, arrTier and renewalDate as custom attributes; a second run makes no PUT", async () => {
    const px = await tool("PX");
    await pullBoth("PX");
    const first = await writeBack(px);
    expect(first.summary.skipped).toBeNull();
    expect(first.summary.accounts.rejected + first.summary.accounts.invalid).toBe(0);
    expect(first.summary.accounts.written).toBeGreaterThan(0);
    // No default maps Salesforce contacts to PX users.
    expect(first.summary.contacts).toMatchObject({ linked: 0, written: 0 });
    expect(writeCalls(first.apiCalls)).toBe(first.summary.accounts.written);

    const [account] = await linkedAccounts(px.id);
    const sf = await sfRest("GET", `/sobjects/Account/${account!.salesforceId}?fields=ARR__c,ARR_Tier__c,Renewal_Date__c`);
    expect((await pxAccount(account!.analyticsId)).customAttributes).toMatchObject({ arr: sf.ARR__c, arrTier: sf.ARR_Tier__c, renewalDate: renewalMs(sf.Renewal_Date__c) });

    await pullBoth("PX");
    const again = await writeBack(px);
    expect(written(again.summary)).toBe(0);
    expect(writeCalls(again.apiCalls)).toBe(0);
  });

  it("only when empty: a value the tool already holds is kept, an empty one is filled", async () => {
    const px = await tool("PX");
    // These replace the defaults that push Clearinghouse's own health score into the same fields.
    const without = (field: string) => (m: { targetField: string }) => m.targetField !== field;
    await saveMappings(px.id, [
      ...(await savedOrDefaultMappings(px.id, "px")).filter(without("PX_Health_Score__c")),
      { integrationId: px.id, entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "Public_Sector__c" }, targetField: "isPublicSector", writeMode: "whenEmpty" },
    ]);
    const [kept, filled] = await linkedAccounts(px.id);
    const sfKept = await sfRest("GET", `/sobjects/Account/${kept!.salesforceId}?fields=Public_Sector__c`);
    const sfFilled = await sfRest("GET", `/sobjects/Account/${filled!.salesforceId}?fields=Public_Sector__c`);
    // Someone set the attribute in PX, to the opposite of Salesforce's value.
    await pxRest("PUT", `/accounts/${encodeURIComponent(kept!.analyticsId)}`, { customAttributes: { isPublicSector: !sfKept.Public_Sector__c } });

    await pullBoth("PX", true);
    const run = await writeBack(px);
    expect(run.summary.skipped).toBeNull();
    expect((await pxAccount(kept!.analyticsId)).customAttributes!.isPublicSector).toBe(!sfKept.Public_Sector__c);
    expect((await pxAccount(filled!.analyticsId)).customAttributes!.isPublicSector).toBe(sfFilled.Public_Sector__c);
    expect(await db.syncRecordResult.count({ where: { runId: run.runId, recordId: kept!.analyticsId } })).toBe(0);
  });

  it("a field mapped both ways is written only by its owner: two syncs in a row, and the second writes nothing either way", async () => {
    const [px, pendo] = [await tool("PX"), await tool("PENDO")];
    // PX owns its health score: pushed into Salesforce, never written back.
    // These replace the defaults that push Clearinghouse's own health score into the same fields.
    const without = (field: string) => (m: { targetField: string }) => m.targetField !== field;
    await saveMappings(px.id, [
      ...(await savedOrDefaultMappings(px.id, "px")).filter(without("PX_Health_Score__c")),
      { integrationId: px.id, entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "healthScore" }, targetField: "PX_Health_Score__c", writeMode: "always", owner: "analytics" },
      { integrationId: px.id, entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "PX_Health_Score__c" }, targetField: "healthScore", writeMode: "always", owner: "analytics" },
    ]);
    // Salesforce owns Pendo's health score: written back to Pendo, never pushed into Salesforce.
    await saveMappings(pendo.id, [
      ...(await savedOrDefaultMappings(pendo.id, "pendo")).filter(without("Pendo_Health_Score__c")),
      { integrationId: pendo.id, entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "custom.healthscore" }, targetField: "Pendo_Health_Score__c", writeMode: "always", owner: "salesforce" },
      { integrationId: pendo.id, entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "Pendo_Health_Score__c" }, targetField: "custom.healthscore", writeMode: "neverNull", owner: "salesforce" },
    ]);
    const [pxAcc] = await linkedAccounts(px.id);
    const [pendoAcc] = await linkedAccounts(pendo.id);
    await pxRest("PUT", `/accounts/${encodeURIComponent(pxAcc!.analyticsId)}`, { customAttributes: { healthScore: 72.5 } });
    await sfRest("PATCH", `/sobjects/Account/${pxAcc!.salesforceId}`, { PX_Health_Score__c: 10 });
    await pendoSet("account", pendoAcc!.analyticsId, "healthscore", 12);
    await sfRest("PATCH", `/sobjects/Account/${pendoAcc!.salesforceId}`, { Pendo_Health_Score__c: 64 });

    const sync = async (integration: Integration, reread = false) => {
      await pullBoth(integration.system as Tool, reread);
      const intoSalesforce = await pushIntoSalesforce(integration);
      const back = await writeBack(integration);
      return { intoSalesforce, back: writeCalls(back.apiCalls), summary: back.summary };
    };
    const firstPx = await sync(px, true);
    const firstPendo = await sync(pendo);
    expect(firstPx.intoSalesforce).toBeGreaterThan(0);
    expect(firstPendo.back).toBeGreaterThan(0);
    // Each owner's value won on the other side, and stayed on its own.
    expect((await sfRest("GET", `/sobjects/Account/${pxAcc!.salesforceId}?fields=PX_Health_Score__c`)).PX_Health_Score__c).toBe(72.5);
    expect((await pxAccount(pxAcc!.analyticsId)).customAttributes!.healthScore).toBe(72.5);
    expect((await pendoGet(`/account/${encodeURIComponent(pendoAcc!.analyticsId)}`)).metadata.custom!.healthscore).toBe(64);
    expect((await sfRest("GET", `/sobjects/Account/${pendoAcc!.salesforceId}?fields=Pendo_Health_Score__c`)).Pendo_Health_Score__c).toBe(64);

    for (const integration of [px, pendo]) {
      const second = await sync(integration);
      expect(second, integration.system).toMatchObject({ intoSalesforce: 0, back: 0 });
      expect(written(second.summary)).toBe(0);
    }

    // The same pair without an owner is left out both ways, with the rule's sentence.
    await saveMappings(px.id, [
      { integrationId: px.id, entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "healthScore" }, targetField: "PX_Health_Score__c", writeMode: "always" },
      { integrationId: px.id, entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "PX_Health_Score__c" }, targetField: "healthScore", writeMode: "always" },
    ]);
    const plan = await writeBackPlan(px.id, "px", "account");
    expect(plan.mappings).toEqual([]);
    expect(plan.leftOut[0]!.reason).toMatch(/mapped both ways.*Choose which side owns them/);
    await db.fieldMappingSet.deleteMany({ where: { integrationId: { in: [px.id, pendo.id] } } });
  });

  it("stores a per-record refusal with the vendor's code: a PX account gone since the pull, a Pendo field deleted since its schema was cached", async () => {
    const px = await tool("PX");
    await pullBoth("PX");
    const [gone, kept] = await linkedAccounts(px.id);
    const deleted = await fetch(`${env.PX_EMULATOR_URL}/accounts/${encodeURIComponent(gone!.analyticsId)}`, { method: "DELETE", headers: { "x-aptrinsic-api-key": DEMO_KEYS.px } });
    expect(deleted.status).toBe(200);
    await sfRest("PATCH", `/sobjects/Account/${gone!.salesforceId}`, { ARR__c: 4242 });
    await sfRest("PATCH", `/sobjects/Account/${kept!.salesforceId}`, { ARR__c: 4343 });
    await pull("SALESFORCE");
    const pxRun = await writeBack(px);
    expect(pxRun.summary.accounts).toMatchObject({ written: 1, rejected: 1 });
    const refused = await db.syncRecordResult.findFirstOrThrow({ where: { runId: pxRun.runId, outcome: "rejected" } });
    expect(refused).toMatchObject({ system: "px", object: "account", recordId: gone!.analyticsId, errorCode: "404" });
    expect(refused.message).toMatch(/Gainsight PX has no account .* The next pull updates the match/);
    const state = await db.pushState.findUniqueOrThrow({ where: { integrationId_targetSystem_object_recordId: { integrationId: px.id, targetSystem: "px", object: "account", recordId: gone!.analyticsId } } });
    expect((state.values as Record<string, unknown>).arr).not.toBe(4242);
    // The refused PUT as sent, with PX's own answer; the API key is never in it.
    const pxCalls = await db.syncFailedCall.findMany({ where: { runId: pxRun.runId } });
    expect(pxCalls).toEqual([expect.objectContaining({ system: "px", label: "PUT /accounts/{id}", method: "PUT", path: `/accounts/${encodeURIComponent(gone!.analyticsId)}`, status: 404, records: 1, refused: 1 })]);
    expect(JSON.parse(pxCalls[0]!.request)).toEqual({ customAttributes: expect.objectContaining({ arr: 4242 }) });
    expect(pxCalls[0]!.response).toMatch(/not found/i);
    expect(pxCalls[0]!.request + pxCalls[0]!.response).not.toContain(DEMO_KEYS.px);

    // Pendo: the cached schema still lists a custom field an admin has since deleted in Pendo.
    const pendo = await tool("PENDO");
    await pullBoth("PENDO");
    const cache = await db.salesforceDescribe.findUniqueOrThrow({ where: { integrationId_objectName: { integrationId: pendo.id, objectName: "account" } } });
    const fields = [...(cache.fields as object[]), { name: "custom.sfdc_region", label: "Region (Salesforce)", type: "string" }];
    await db.salesforceDescribe.update({ where: { integrationId_objectName: { integrationId: pendo.id, objectName: "account" } }, data: { fields } });
    await saveMappings(pendo.id, [{ integrationId: pendo.id, entity: "account", direction: "pull-from-salesforce", source: { kind: "field", field: "Name" }, targetField: "custom.sfdc_region", writeMode: "always" }]);
    const pendoRun = await writeBack(pendo);
    expect(pendoRun.summary.accounts.written).toBe(0);
    expect(pendoRun.summary.accounts.rejected).toBe(pendoRun.summary.accounts.total);
    const rejections = await db.syncRecordResult.findMany({ where: { runId: pendoRun.runId } });
    expect(rejections.length).toBe(pendoRun.summary.accounts.total);
    for (const r of rejections) {
      expect(r).toMatchObject({ system: "pendo", outcome: "rejected", errorCode: "400" });
      expect(r.message).toMatch(/Pendo has no such custom field .*sfdc_region.*Data Mappings/);
    }
    expect(await db.pushState.count({ where: { integrationId: pendo.id, runId: pendoRun.runId } })).toBe(0);
    const pendoCalls = await db.syncFailedCall.findMany({ where: { runId: pendoRun.runId } });
    expect(pendoCalls.length).toBeGreaterThan(0);
    expect(pendoCalls.reduce((n, c) => n + c.refused, 0)).toBe(pendoRun.summary.accounts.total);
    for (const c of pendoCalls) {
      expect(c).toMatchObject({ system: "pendo", method: "POST", path: "/api/v1/metadata/account/custom/value", status: 200 });
      expect(c.request).toContain('"sfdc_region"');
      expect(c.response).toContain("sfdc_region");
      expect(c.request + c.response).not.toContain(DEMO_KEYS.pendo);
    }
    await db.fieldMappingSet.deleteMany({ where: { integrationId: pendo.id } });
  });

  it("a run stopped part-way keeps what it wrote: the next run writes only the rest, nothing twice", async () => {
    const px = await tool("PX");
    await pullBoth("PX");
    // As if never written back: every linked account has its values to write again.
    await db.pushState.deleteMany({ where: { integrationId: px.id, targetSystem: "px" } });
    const [down] = await linkedAccounts(px.id);
    const faults = (spec: string) => fetch(`${env.PX_EMULATOR_URL!.replace(/\/v1$/, "")}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec }) });
    // PX keeps failing for one account, past the connector's retries: the write stops there.
    expect((await faults(`unavailable:path=/accounts/${down!.analyticsId}`)).ok).toBe(true);
    const stopped = await writeBack(px).then(
      () => null,
      (error: unknown) => error,
    );
    expect((await faults("")).ok).toBe(true);
    expect(stopped).toBeInstanceOf(PushStopped);
    expect((stopped as PushStopped).reason).toMatch(/Gainsight PX .* still to be written back; the next run writes them\./);
    const firstRun = await db.syncRun.findFirstOrThrow({ where: { integrationId: px.id, kind: "SYNC" }, orderBy: { startedAt: "desc" } });
    const firstWritten = await db.syncRecordResult.findMany({ where: { runId: firstRun.id, outcome: "succeeded" } });
    const failed = await db.syncRecordResult.findMany({ where: { runId: firstRun.id, outcome: "failed" } });
    expect(failed.map((r) => r.recordId)).toContain(down!.analyticsId);
    expect(failed[0]!.errorCode).toBe("503");
    // What was written is committed as it was written.
    expect(await db.pushState.count({ where: { integrationId: px.id, targetSystem: "px" } })).toBe(firstWritten.length);

    const rest = await writeBack(px);
    expect(rest.summary.accounts.written).toBe(failed.length);
    expect(writeCalls(rest.apiCalls)).toBe(failed.length);
    const again = await db.syncRecordResult.findMany({ where: { runId: rest.runId, outcome: "succeeded" } });
    expect(again.map((r) => r.recordId).sort()).toEqual(failed.map((r) => r.recordId).sort());
    expect(again.filter((r) => firstWritten.some((w) => w.recordId === r.recordId))).toEqual([]);
  });

  it("a read-only key skips the write-back with the reason and writes nothing", async () => {
    const pendo = await tool("PENDO");
    const [account] = await linkedAccounts(pendo.id);
    await sfRest("PATCH", `/sobjects/Account/${account!.salesforceId}`, { ARR__c: 777 });
    await pullBoth("PENDO");
    const statesBefore = await db.pushState.findMany({ where: { integrationId: pendo.id }, orderBy: { recordId: "asc" } });

    // Connected with a read-only key: nothing is sent at all.
    await db.integration.update({ where: { id: pendo.id }, data: { canWrite: false } });
    const known = await writeBack(await tool("PENDO"));
    expect(known.summary.skipped).toMatch(/^The Pendo integration key is read-only: .*Allow Write Access.*reconnect Pendo/);
    expect(known.apiCalls).toEqual({});

    // The key lost its write access since it was connected: Pendo refuses the first call, and the step stops there.
    await db.integration.update({ where: { id: pendo.id }, data: { canWrite: true, secrets: sealCredentials(pendo.id, { key: "demo-pendo-readonly-key" }) } });
    const refused = await writeBack(await tool("PENDO"));
    expect(refused.summary.skipped).toMatch(/^The Pendo integration key is read-only: Pendo refused .*Allow Write Access/);
    expect(writeCalls(refused.apiCalls)).toBe(1);
    expect(await db.syncRecordResult.count({ where: { runId: { in: [known.runId, refused.runId] } } })).toBe(0);
    expect(await db.pushState.findMany({ where: { integrationId: pendo.id }, orderBy: { recordId: "asc" } })).toEqual(statesBefore);
    expect((await pendoGet(`/account/${encodeURIComponent(account!.analyticsId)}`)).metadata.custom!.sfdc_arr).not.toBe(777);

    // With write access again, the change goes out.
    await db.integration.update({ where: { id: pendo.id }, data: { secrets: sealCredentials(pendo.id, { key: DEMO_KEYS.pendo }) } });
    const restored = await writeBack(await tool("PENDO"));
    expect(restored.summary.accounts.written).toBe(1);
    expect((await pendoGet(`/account/${encodeURIComponent(account!.analyticsId)}`)).metadata.custom!.sfdc_arr).toBe(777);
  });
});
