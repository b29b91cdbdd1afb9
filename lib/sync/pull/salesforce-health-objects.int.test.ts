import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Salesforce users, cases and opportunities pulled through the same machinery as accounts and
// contacts, against in-process emulators over HTTP on ports of their own (3281-3283).
vi.hoisted(() => {
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3281");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3282");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3283/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import type { ChildProcess } from "node:child_process";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { getRunDetail } from "@/lib/sync/history/run-detail";
import { objectLabel } from "@/lib/sync/history/format";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";
import { runPull } from "@/lib/sync/pull/run-pull";
import { connectedHub } from "@/lib/testing/connected-hub";
import { sfRest, until } from "@/lib/testing/emulator-calls";
import { startWorker, stopWorker } from "@/lib/testing/worker-process";

const fixture = generateDemoData({ seed: 23, accounts: 120 });
let teardown: () => Promise<void> = async () => undefined;
const salesforce = () => db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } });

type Fx = Record<string, unknown> & { Id: string; IsDeleted?: boolean };
const objects = fixture.salesforce.objects as unknown as Record<"User" | "Case" | "Opportunity" | "Account" | "Contact", Fx[]>;
const live = (name: keyof typeof objects) => objects[name].filter((r) => !r.IsDeleted);

async function sfAdmin(path: string, body: unknown) {
  const res = await fetch(`${env.SALESFORCE_EMULATOR_URL}/__emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
}

async function setPullSettings(settings: Record<string, unknown>) {
  await db.integration.update({ where: { id: (await salesforce()).id }, data: { pullSettings: settings as Record<string, number> } });
}

/** What the hub holds of the three objects, without when it was pulled. */
async function hubState() {
  const [users, cases, opportunities] = await Promise.all([
    db.sfUser.findMany({ omit: { pulledAt: true }, orderBy: { id: "asc" } }),
    db.sfCase.findMany({ omit: { pulledAt: true }, orderBy: { id: "asc" } }),
    db.sfOpportunity.findMany({ omit: { pulledAt: true }, orderBy: { id: "asc" } }),
  ]);
  return { users, cases, opportunities };
}

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3281);
  // Small pages, so every object takes several.
  await setPullSettings({ pageSize: 40 });
});

afterAll(() => teardown());

describe("Salesforce users, cases and opportunities", () => {
  it("the first pull reads every user, case and opportunity of the org, page by page, beside the account fields health reads", async () => {
    const sf = await salesforce();
    const summary = await runPull(sf.id, { trigger: "test" });
    expect(summary.status, summary.error).toBe("SUCCEEDED");
    expect(summary.stats.users!.created).toBe(live("User").length);
    expect(summary.stats.cases!.created).toBe(live("Case").length);
    expect(summary.stats.opportunities!.created).toBe(live("Opportunity").length);
    expect(await db.sfUser.count()).toBe(live("User").length);
    expect(await db.sfCase.count()).toBe(live("Case").length);
    expect(await db.sfOpportunity.count()).toBe(live("Opportunity").length);
    // One count and one query per page for each object: ceil(n/40) pages, one more (empty) when n divides evenly.
    const queries = [live("Account"), live("Contact"), live("User"), live("Case"), live("Opportunity")].reduce((n, records) => n + 1 + Math.floor(records.length / 40) + 1, 0);
    expect(summary.apiCalls["GET /query"]).toBe(queries);
    expect(summary.apiCalls["GET /queryAll"]).toBe(4);
    for (const object of ["User", "Case", "Opportunity"]) expect(await db.pullCursor.count({ where: { integrationId: sf.id, objectName: object } })).toBe(1);

    // Field by field against the fixture: an inactive user, a closed and an open case, a won and a lost renewal.
    const user = live("User").find((u) => u.IsActive === false)!;
    expect(await db.sfUser.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: user.Id } } })).toMatchObject({
      name: user.Name,
      email: user.Email,
      isActive: false,
      systemModstamp: new Date(String(user.SystemModstamp)),
    });
    for (const c of [live("Case").find((x) => x.IsClosed === true)!, live("Case").find((x) => x.IsClosed === false)!]) {
      expect(await db.sfCase.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: c.Id } } })).toEqual({
        integrationId: sf.id,
        id: c.Id,
        accountId: c.AccountId,
        status: c.Status,
        isClosed: c.IsClosed,
        createdDate: new Date(String(c.CreatedDate)),
        closedDate: c.ClosedDate ? new Date(String(c.ClosedDate)) : null,
        systemModstamp: new Date(String(c.SystemModstamp)),
        deletedAt: null,
        pulledAt: expect.any(Date),
      });
    }
    const renewals = live("Opportunity").filter((o) => o.Type === "Renewal");
    for (const o of [renewals.find((x) => x.IsWon === true)!, renewals.find((x) => x.IsClosed === true && x.IsWon === false)!]) {
      expect(await db.sfOpportunity.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: o.Id } } })).toEqual({
        integrationId: sf.id,
        id: o.Id,
        accountId: o.AccountId,
        type: "Renewal",
        stageName: o.StageName,
        isClosed: true,
        isWon: o.IsWon,
        closeDate: new Date(`${String(o.CloseDate)}T00:00:00Z`),
        amount: o.Amount,
        systemModstamp: new Date(String(o.SystemModstamp)),
        deletedAt: null,
        pulledAt: expect.any(Date),
      });
    }

    // The account fields health and the backtest read land in SfAccount.fields.
    const churned = live("Account").find((a) => a.Churn_Date__c)!;
    const account = await db.sfAccount.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: churned.Id } } });
    for (const field of ["Churn_Date__c", "Renewal_Date__c", "ARR__c", "ARR_Tier__c", "CSM__c", "Public_Sector__c", "Customer_Status__c"]) {
      expect((account.fields as Record<string, unknown>)[field], field).toEqual(churned[field]);
    }

    // The run page names each object.
    const run = (await getRunDetail(summary.runId))!;
    const pull = run.steps.find((s) => s.name === "pull")!;
    expect(pull.counts.kind === "pull" && Object.keys(pull.counts.objects).map(objectLabel)).toEqual(["Accounts", "Contacts", "Users", "Cases", "Opportunities"]);
  });

  it("an incremental pull after a case's status changed updates that case alone, and does not re-match", async () => {
    const sf = await salesforce();
    const before = await db.sfCase.findMany({ orderBy: { id: "asc" } });
    const open = before.find((c) => !c.isClosed)!;
    await sfRest("PATCH", `/sobjects/Case/${open.id}`, { Status: "Closed" });

    const summary = await runPull(sf.id, { trigger: "test" });
    expect(summary.mode).toBe("incremental");
    expect(summary.stats.cases).toMatchObject({ created: 0, updated: 1, deleted: 0 });
    for (const key of ["accounts", "contacts", "users", "opportunities"]) expect(summary.stats[key], key).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    const after = await db.sfCase.findMany({ orderBy: { id: "asc" } });
    const changed = after.find((c) => c.id === open.id)!;
    expect(changed).toMatchObject({ status: "Closed", isClosed: true, closedDate: expect.any(Date) });
    expect(changed.pulledAt.getTime()).toBeGreaterThan(open.pulledAt.getTime());
    // Every other row as it was, down to when it was pulled.
    expect(after.filter((c) => c.id !== open.id)).toEqual(before.filter((c) => c.id !== open.id));
    // A case is not something matching reads: the match steps were skipped.
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: summary.runId }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(run.steps.filter((s) => s.name === "match").map((s) => s.status)).toEqual(["SKIPPED", "SKIPPED"]);
  });

  it("a deleted opportunity is kept, with the time it was deleted", async () => {
    const sf = await salesforce();
    const held = await db.sfOpportunity.count();
    const gone = (await db.sfOpportunity.findFirstOrThrow({ where: { type: "Renewal", isWon: false, isClosed: true } })).id;
    await sfRest("DELETE", `/sobjects/Opportunity/${gone}`);

    const summary = await runPull(sf.id, { trigger: "test" });
    expect(summary.stats.opportunities).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    expect(await db.sfOpportunity.count()).toBe(held);
    const row = await db.sfOpportunity.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: gone } } });
    expect(row.deletedAt).toEqual(expect.any(Date));
    expect(await db.sfOpportunity.count({ where: { deletedAt: { not: null } } })).toBe(1);

    // Read again by the next pull's look-back, it stays deleted and is not counted twice.
    const again = await runPull(sf.id, { trigger: "test" });
    expect(again.stats.opportunities).toMatchObject({ updated: 0, deleted: 0 });
    expect((await db.sfOpportunity.findUniqueOrThrow({ where: { integrationId_id: { integrationId: sf.id, id: gone } } })).deletedAt).toEqual(row.deletedAt);
  });

  it("above the threshold the three objects are read through Bulk API 2.0 queries, to the same hub state", async () => {
    const sf = await salesforce();
    const before = await hubState();
    await db.pullCursor.deleteMany({ where: { integrationId: sf.id, objectName: { in: ["User", "Case", "Opportunity"] } } });
    await setPullSettings({ pageSize: 40, bulkThreshold: 100 });
    try {
      const summary = await runPull(sf.id, { trigger: "test" });
      // Cases and opportunities are over 100; the six users still come in REST pages.
      expect(summary.apiCalls["Bulk 2.0 query job"]).toBe(2);
      expect(summary.stats.cases).toMatchObject({ read: before.cases.filter((c) => !c.deletedAt).length, created: 0, updated: 0 });
      expect(summary.stats.opportunities).toMatchObject({ read: before.opportunities.filter((c) => !c.deletedAt).length, created: 0, updated: 0 });
      expect(summary.stats.users).toMatchObject({ created: 0, updated: 0 });
      expect(await hubState()).toEqual(before);
    } finally {
      await setPullSettings({ pageSize: 40 });
    }
  });

  it("a pull killed while reading cases is resumed by the next one, ending in the same hub state with nothing counted twice", async () => {
    const sf = await salesforce();
    const reference = await hubState();
    // Start these three over from an empty hub, with every query slowed down.
    await db.sfUser.deleteMany();
    await db.sfCase.deleteMany();
    await db.sfOpportunity.deleteMany();
    await db.pullCursor.deleteMany({ where: { integrationId: sf.id, objectName: { in: ["User", "Case", "Opportunity", "Case#deleted", "Opportunity#deleted"] } } });
    await setPullSettings({ pageSize: 20 });
    await sfAdmin("faults", { spec: "slow:ms=300,path=/query" });

    let worker: ChildProcess | undefined;
    try {
      worker = startWorker();
      await enqueuePull(sf.id, "manual");
      const step = await until(async () => {
        const s = await db.syncStep.findFirst({ where: { integrationId: sf.id, name: "pull", status: "RUNNING", checkpoint: { path: ["cases", "done"], equals: false } } });
        return s && (await db.sfCase.count()) > 0 ? s : null;
      }, 60_000);
      await stopWorker(worker, "SIGKILL");
      const partial = await db.sfCase.count();
      expect(partial).toBeLessThan(reference.cases.length);
      expect(await db.sfOpportunity.count()).toBe(0);

      await sfAdmin("faults", { spec: "" });
      const resumed = await runPull(sf.id, { trigger: "test" });
      expect(resumed.runId).toBe(step.runId);
      expect(resumed.resumed).toBe(true);
      expect(resumed.stats.users!.read).toBe(reference.users.length);
      expect(resumed.stats.cases!.read).toBe(reference.cases.length);
      expect(resumed.stats.cases!.created).toBe(reference.cases.length);
      expect(resumed.stats.opportunities!.created).toBe(reference.opportunities.filter((o) => !o.deletedAt).length);
      const after = await hubState();
      expect(after.users).toEqual(reference.users);
      expect(after.cases).toEqual(reference.cases);
      // The deleted opportunity is gone from Salesforce's live records, so an empty hub never learns of it again.
      expect(after.opportunities).toEqual(reference.opportunities.filter((o) => !o.deletedAt));
    } finally {
      await stopWorker(worker, "SIGKILL");
      await sfAdmin("faults", { spec: "" });
    }
  });
});
