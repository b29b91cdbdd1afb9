import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The real pulls against in-process emulators over HTTP, on ports of their own (3131-3133).
vi.hoisted(() => {
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3131");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3132");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3133/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { childProcessEnv } from "@/lib/testing/child-env";
import { spawn, type ChildProcess } from "node:child_process";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { pxRest, sfRest, until } from "@/lib/testing/emulator-calls";
import { runPull } from "@/lib/sync/pull/run-pull";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";
import { listRetiredAccounts } from "@/lib/matching/list-matches";
import { OPERATOR } from "@/lib/auth/data-scope";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";

const fixture = generateDemoData({ seed: 11, accounts: 150 });
let teardown: () => Promise<void> = async () => undefined;
const integration = (system: IntegrationSystem) => db.integration.findFirstOrThrow({ where: { system } });

async function admin(base: string, path: string, body: unknown) {
  const res = await fetch(`${base}/__emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
  return res.json();
}
const sfAdmin = (path: string, body: unknown) => admin(env.SALESFORCE_EMULATOR_URL!, path, body);
const pxAdmin = (path: string, body: unknown) => admin(env.PX_EMULATOR_URL!.replace(/\/v1$/, ""), path, body);



async function setPullSettings(system: IntegrationSystem, settings: Record<string, unknown>) {
  await db.integration.update({ where: { id: (await integration(system)).id }, data: { pullSettings: settings as Record<string, number> } });
}


/** The live records the hub holds for one analytics integration, without run bookkeeping. */
async function analyticsState(integrationId: string) {
  const where = { integrationId, removedAt: null };
  const [accounts, users] = await Promise.all([
    db.analyticsAccount.findMany({ where, select: { externalId: true, contentHash: true, removedAt: true }, orderBy: { externalId: "asc" } }),
    db.analyticsUser.findMany({ where, select: { externalId: true, contentHash: true, removedAt: true }, orderBy: { externalId: "asc" } }),
  ]);
  return { accounts, users };
}

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3131);
  // Small pages so page boundaries fall inside runs of equal timestamps.
  await setPullSettings("SALESFORCE", { pageSize: 25 });
});

afterAll(() => teardown());

type SfRecord = { Id: string; SystemModstamp: string; IsDeleted?: boolean; Website?: string | null };
const fixtureAccounts = (fixture.salesforce.objects as unknown as { Account: SfRecord[] }).Account;
const fixtureContacts = (fixture.salesforce.objects as unknown as { Contact: SfRecord[] }).Contact;

describe("pulls against the emulators", () => {
  it("the first Salesforce pull reads every account and contact, page by page", async () => {
    const expected = fixtureAccounts.filter((a) => !a.IsDeleted).length;
    const contacts = fixtureContacts.filter((c) => !c.IsDeleted).length;

    const summary = await runPull((await integration("SALESFORCE")).id, { trigger: "test" });
    expect(summary.mode).toBe("first");
    expect(summary.stats.accounts!.created).toBe(expected);
    expect(await db.sfAccount.count()).toBe(expected);
    // Every contact, not only recently modified ones: a partial first pull leaves users unmatched.
    expect(await db.sfContact.count()).toBe(contacts);
    expect(summary.stats.contacts!.read).toBe(contacts);
    // 25 per page: one count query plus at least ceil(n/25) pages for accounts alone.
    expect(summary.apiCalls["GET /query"]).toBeGreaterThanOrEqual(Math.ceil(expected / 25) + 2);
    // Deletions of accounts, contacts, cases and opportunities (users are never deleted, only deactivated).
    expect(summary.apiCalls["GET /queryAll"]).toBe(4);
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: summary.runId }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.kind).toBe("PULL");
    // A Salesforce pull re-matches every analytics tool, each a step of its own.
    expect(run.steps.map((s) => s.name)).toEqual(["pull", "match", "match"]);
    expect(run.steps[0]!.mode).toBe("first");
    expect(await db.pullCursor.count({ where: { objectName: "Account" } })).toBe(1);
  });

  it("an incremental pull reads only what changed, even when many records share one timestamp", async () => {
    const held = await db.sfAccount.findMany({ take: 30, orderBy: { id: "asc" }, select: { id: true } });
    await sfAdmin("clock", { frozen: true });
    for (const [i, a] of held.entries()) await sfRest("PATCH", `/sobjects/Account/${a.id}`, { Website: `https://same-stamp-${i}.example.com` });
    await sfAdmin("clock", { frozen: false });

    const summary = await runPull((await integration("SALESFORCE")).id, { trigger: "test" });
    expect(summary.mode).toBe("incremental");
    expect(summary.stats.accounts!.updated).toBe(30);
    expect(summary.stats.accounts!.created).toBe(0);
    const websites = await db.sfAccount.findMany({ where: { id: { in: held.map((a) => a.id) } }, select: { website: true } });
    expect(websites.every((w) => /same-stamp-\d+\.example\.com/.test(w.website ?? ""))).toBe(true);

    // Nothing changed since: the look-back re-reads a few, all unchanged.
    const again = await runPull((await integration("SALESFORCE")).id, { trigger: "test" });
    expect(again.stats.accounts!.updated).toBe(0);
    expect(again.stats.accounts!.created).toBe(0);
  });

  it("a record modified while a pull runs is read by that pull", async () => {
    const sf = await integration("SALESFORCE");
    const held = await db.sfAccount.findMany({ take: 80, orderBy: { id: "desc" }, select: { id: true } });
    for (const a of held) await sfRest("PATCH", `/sobjects/Account/${a.id}`, { Description: `touched ${a.id}` });
    const before = await db.pullCursor.findUniqueOrThrow({ where: { integrationId_objectName: { integrationId: sf.id, objectName: "Account" } } });

    await sfAdmin("faults", { spec: "slow:ms=400,path=/query" });
    const pull = runPull(sf.id, { trigger: "test" });
    // Once the first page is committed, change a record that page already read.
    await until(async () => {
      const c = await db.pullCursor.findUnique({ where: { integrationId_objectName: { integrationId: sf.id, objectName: "Account" } } });
      return c && c.updatedAt > before.updatedAt;
    }, 20_000);
    const early = held[held.length - 1]!.id;
    await sfRest("PATCH", `/sobjects/Account/${early}`, { Website: "https://changed-mid-pull.example.com" });
    await pull;
    await sfAdmin("faults", { spec: "" });
    expect((await db.sfAccount.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: early } } })).website).toBe("https://changed-mid-pull.example.com");
  });

  it("PX and Pendo full pulls diff locally: removed records are marked, not deleted", async () => {
    const px = await integration("PX");
    const first = await runPull(px.id, { trigger: "test" });
    expect(first.mode).toBe("full");
    expect(first.stats.accounts!.created).toBe(fixture.px.accounts.length);
    expect(first.stats.users!.created).toBe(fixture.px.users.length);
    expect(first.apiCalls["GET /accounts"]).toBeGreaterThanOrEqual(1);

    // Removing a user also changes its account's user count, so rename that same account.
    const gone = fixture.px.users[0] as { identifyId: string; accountId: string };
    const renamed = { id: gone.accountId };
    await pxRest("DELETE", "/users/delete", { identifyId: gone.identifyId });
    await pxRest("PUT", `/accounts/${renamed.id}`, { name: "Renamed In PX" });
    const second = await runPull(px.id, { trigger: "test" });
    expect(second.stats.users!.removed).toBe(1);
    expect(second.stats.users!.created).toBe(0);
    expect(second.stats.accounts!.updated).toBe(1);
    expect(second.stats.accounts!.unchanged).toBe(fixture.px.accounts.length - 1);
    const user = await db.analyticsUser.findUniqueOrThrow({ where: { integrationId_externalId: { integrationId: px.id, externalId: gone.identifyId } } });
    expect(user.removedAt).not.toBeNull();

    const pendo = await runPull((await integration("PENDO")).id, { trigger: "test" });
    expect(pendo.stats.accounts!.created).toBe(fixture.pendo.accounts.length);
    expect(pendo.apiCalls["POST /aggregation"]).toBeGreaterThanOrEqual(2);
    expect(await db.matchLink.count({ where: { integrationId: (await integration("PENDO")).id } })).toBeGreaterThan(0);
  });

  it("deleted and merged Salesforce accounts are kept, marked to delete or to merge, and no longer linked", async () => {
    const sf = await integration("SALESFORCE");
    const linked = await db.matchLink.findFirstOrThrow({ where: { entity: "ACCOUNT", criterion: "Salesforce account ID" } });
    const linkedIds = new Set((await db.matchLink.findMany({ where: { entity: "ACCOUNT" }, select: { salesforceId: true } })).map((l) => l.salesforceId));
    const pinned = new Set((await db.matchOverride.findMany({ select: { salesforceId: true } })).map((o) => o.salesforceId));
    const [lonely, master] = (await db.sfAccount.findMany({ where: { state: "ACTIVE" }, select: { id: true } })).filter((a) => !linkedIds.has(a.id) && !pinned.has(a.id));
    await sfRest("DELETE", `/sobjects/Account/${lonely!.id}`);
    // Renamed just before the merge: the rename is never pulled as a live change.
    await sfRest("PATCH", `/sobjects/Account/${linked.salesforceId}`, { Name: "Renamed Before Merge" });
    await sfAdmin("merge", { masterId: master!.id, mergedId: linked.salesforceId });

    const summary = await runPull(sf.id, { trigger: "test" });
    expect(summary.stats.accounts!.deleted).toBe(1);
    expect(summary.stats.accounts!.merged).toBe(1);
    const deleted = await db.sfAccount.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: lonely!.id } } });
    expect(deleted.state).toBe("TO_DELETE");
    const merged = await db.sfAccount.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: linked.salesforceId } } });
    expect(merged.state).toBe("TO_MERGE");
    expect(merged.masterRecordId).toBe(master!.id);
    expect(merged.retiredReason).toMatch(new RegExp(`merged into ${master!.id}; linked from`));
    expect(merged.name).toBe("Renamed Before Merge");
    const results = await db.syncRecordResult.findMany({ where: { runId: summary.runId, system: "salesforce" }, select: { recordId: true, operation: true } });
    expect(results).toEqual(expect.arrayContaining([{ recordId: lonely!.id, operation: "deleted" }, { recordId: linked.salesforceId, operation: "merged" }]));
    expect((await listRetiredAccounts(OPERATOR)).map((r) => [r.id, r.state])).toEqual(
      expect.arrayContaining([
        [lonely!.id, "TO_DELETE"],
        [linked.salesforceId, "TO_MERGE"],
      ]),
    );
    // Matching ran after the pull: nothing links to a retired account any more.
    expect(await db.matchLink.count({ where: { salesforceId: { in: [lonely!.id, linked.salesforceId] } } })).toBe(0);
  });

  it("a pull whose worker is killed mid-way is resumed by the next one, ending in the same hub state", async () => {
    const px = await integration("PX");
    await runPull(px.id, { trigger: "test" });
    const reference = await analyticsState(px.id);

    // Start over from an empty hub for PX, in small pages, with every users page slowed down.
    await db.analyticsUser.deleteMany({ where: { integrationId: px.id } });
    await db.analyticsAccount.deleteMany({ where: { integrationId: px.id } });
    await setPullSettings("PX", { pageSize: 20 });
    await pxAdmin("faults", { spec: "slow:ms=300,path=/users" });

    let worker: ChildProcess | undefined;
    try {
      worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: childProcessEnv({ LOG_LEVEL: "warn" }), stdio: "ignore" });
      await enqueuePull(px.id, "manual");
      // Killed once some users pages are committed (the users object is under way, not done).
      const step = await until(async () => {
        const s = await db.syncStep.findFirst({ where: { integrationId: px.id, name: "pull", status: "RUNNING", checkpoint: { path: ["users", "done"], equals: false } } });
        return s && (await db.analyticsUser.count({ where: { integrationId: px.id } })) > 0 ? s : null;
      }, 60_000);
      worker.kill("SIGKILL");
      await new Promise((r) => worker!.once("exit", r));
      const partial = await db.analyticsUser.count({ where: { integrationId: px.id } });
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(reference.users.length);

      await pxAdmin("faults", { spec: "" });
      const resumed = await runPull(px.id, { trigger: "test" });
      expect(resumed.runId).toBe(step.runId);
      expect(resumed.resumed).toBe(true);
      expect((await db.syncRun.findUniqueOrThrow({ where: { id: step.runId } })).attempts).toBe(2);
      // Nothing counted twice: the finished accounts keep their counts, the users are counted once.
      expect(resumed.stats.accounts!.read).toBe(fixture.px.accounts.length);
      expect(resumed.stats.users!.read).toBe(reference.users.length);
      expect(await analyticsState(px.id)).toEqual(reference);
      expect(await db.analyticsUser.count({ where: { integrationId: px.id, removedAt: { not: null } } })).toBe(0);
    } finally {
      if (worker && worker.exitCode === null) worker.kill("SIGKILL");
      await pxAdmin("faults", { spec: "" });
    }
  });

  it("above the threshold a pull reads through a Bulk API 2.0 query, to the same hub state", async () => {
    const sf = await integration("SALESFORCE");
    // The worker of the test before pulled Salesforce on its schedule and was killed mid-way: finish
    // that run first, or the pull below would resume it (its accounts already read) instead of starting.
    await runPull(sf.id, { trigger: "test" });
    const before = await db.sfAccount.findMany({ where: { state: "ACTIVE" }, select: { id: true, contentHash: true }, orderBy: { id: "asc" } });
    // Forget the cursor: the next pull is a first pull again, of more records than the threshold.
    await db.pullCursor.deleteMany({ where: { integrationId: sf.id, objectName: "Account" } });
    await setPullSettings("SALESFORCE", { bulkThreshold: 100 });
    const summary = await runPull(sf.id, { trigger: "test" });
    expect(summary.apiCalls["Bulk 2.0 query job"]).toBeGreaterThanOrEqual(1);
    // Every live account is read again (deleted ones are not returned by a plain query).
    expect(summary.stats.accounts!.read).toBeGreaterThanOrEqual(before.length);
    expect(summary.stats.accounts!.created + summary.stats.accounts!.updated).toBe(0);
    expect(await db.sfAccount.findMany({ where: { state: "ACTIVE" }, select: { id: true, contentHash: true }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.pullCursor.count({ where: { integrationId: sf.id, objectName: "Account" } })).toBe(1);
  });
});
