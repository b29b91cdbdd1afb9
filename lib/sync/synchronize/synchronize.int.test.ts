import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Synchronize as one run against in-process emulators over HTTP (ports 3221-3223): planned steps in
// seed 002's order, one sync per integration at a time, locked rows retried within the run, a spent
// allowance ending the run partly done and the next one resuming, a token refreshed mid-run, a
// worker killed mid-push, and two workers on one Redis: no field of any record is written twice.
vi.hoisted(() => {
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3221");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3222");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3223/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import type { ChildProcess } from "node:child_process";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { openCredentials, salesforceCredentialsSchema } from "@/lib/integrations/credentials";
import { connectedHub } from "@/lib/testing/connected-hub";
import { until } from "@/lib/testing/emulator-calls";
import { startWorker, stopWorker } from "@/lib/testing/worker-process";
import { enqueueSync } from "@/lib/sync/push/enqueue-sync";
import { listIntegrationCards } from "@/lib/integrations/list-integrations";
import { runSync } from "@/lib/sync/push/run-sync";

const fixture = generateDemoData({ seed: 37, accounts: 60 });
let teardown: () => Promise<void> = async () => undefined;
const integration = (system: IntegrationSystem) => db.integration.findFirstOrThrow({ where: { system } });

async function sfAdmin<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.SALESFORCE_EMULATOR_URL}/__emulator/${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  return (await res.json()) as T;
}

const setFaults = (spec: string) => sfAdmin("POST", "faults", { spec });
const fieldWrites = async () => (await sfAdmin<{ writes: Record<string, number> }>("GET", "field-writes")).writes;
const writtenTwice = (writes: Record<string, number>) => Object.entries(writes).filter(([, n]) => n > 1);

/** Forgets what was pushed for these tools, so the next sync writes every mapped field again. */
async function forgetPushes(...integrationIds: string[]) {
  await db.pushState.deleteMany({ where: { integrationId: { in: integrationIds } } });
}

async function steps(runId: string) {
  return db.syncStep.findMany({ where: { runId }, orderBy: { position: "asc" }, select: { name: true, integrationId: true, status: true, stats: true, error: true } });
}

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3221);
});

afterAll(async () => {
  await setFaults("").catch(() => undefined);
  await teardown();
});

describe("Synchronize", () => {
  it("is one run whose steps are planned in seed 002's order, and a second request joins the queued one", async () => {
    const [sf, pendo, px] = [await integration("SALESFORCE"), await integration("PENDO"), await integration("PX")];
    const first = await enqueueSync(px.id, "manual", "admin@example.com");
    const second = await enqueueSync(px.id, "manual", "admin@example.com");
    expect(second).toEqual({ runId: first.runId, started: false });
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: first.runId } })).status).toBe("QUEUED");

    const summary = await runSync(px.id, { trigger: "manual", triggeredBy: "admin@example.com", runId: first.runId });
    expect(summary.runId).toBe(first.runId);
    expect(summary.status, summary.error).toBe("SUCCEEDED");
    const done = await steps(first.runId);
    expect(done.map((s) => `${s.name}:${s.integrationId}`)).toEqual([
      `pull:${sf.id}`,
      `pull:${px.id}`,
      `match:${pendo.id}`,
      `match:${px.id}`,
      `usage:${px.id}`,
      `kpis:${px.id}`,
      `health:${sf.id}`,
      `push.salesforce:${px.id}`,
      `push.px:${px.id}`,
    ]);
    expect(done.filter((s) => s.status === "PENDING" || s.status === "RUNNING")).toEqual([]);
    expect(summary.push!.accounts.written).toBeGreaterThan(0);
    expect(await db.syncRun.count({ where: { kind: "PULL" } })).toBe(0);

    // The Salesforce card's "Synchronize all": one run on Salesforce covering both tools.
    const all = await runSync(sf.id, { trigger: "manual" });
    expect(all.status, all.error).toBe("SUCCEEDED");
    expect(all.integrationId).toBe(sf.id);
    expect((await steps(all.runId)).map((s) => s.name)).toEqual(["pull", "pull", "pull", "match", "match", "usage", "kpis", "usage", "kpis", "health", "push.salesforce", "push.pendo", "push.salesforce", "push.px"]);
    // Every card tells the truth about it: Pendo was pulled and synchronized by this run.
    const cards = await listIntegrationCards();
    const pendoCard = cards.find((c) => c.system === "PENDO")!;
    expect(pendoCard.lastPull).toMatchObject({ runId: all.runId, status: "SUCCEEDED" });
    expect(pendoCard.lastSync).toMatchObject({ runId: all.runId, status: "SUCCEEDED" });
    expect(cards.find((c) => c.system === "SALESFORCE")!.lastSync).toMatchObject({ runId: all.runId });
  });

  it("retries a locked row within the run, and a token that expires mid-run is refreshed once", async () => {
    const [sf, px] = [await integration("SALESFORCE"), await integration("PX")];
    await forgetPushes(px.id);
    const tokenBefore = openCredentials(sf, salesforceCredentialsSchema).accessToken;
    // The first push call is refused for an expired session; the next one locks its first row.
    await setFaults("expired-token:path=/composite/sobjects,nth=1;lock:path=/composite/sobjects,nth=2");
    try {
      const sync = await runSync(px.id, { trigger: "test" });
      expect(sync.status, sync.error).toBe("SUCCEEDED");
      expect(sync.push!.accounts.rejected + sync.push!.contacts.rejected).toBe(0);
      expect(sync.push!.accounts.written).toBeGreaterThan(0);
      const counters = await sfAdmin<{ faults: Record<string, number> }>("GET", "counters");
      expect(counters.faults).toMatchObject({ "expired-token": 1, lock: 1 });
    } finally {
      await setFaults("");
    }
    const tokenAfter = openCredentials(await integration("SALESFORCE"), salesforceCredentialsSchema).accessToken;
    expect(tokenAfter).not.toBe(tokenBefore);
  });

  it("ends partly done with a sentence when the allowance runs out, and the next run writes only the rest", async () => {
    const pendo = await integration("PENDO");
    await forgetPushes(pendo.id);
    await sfAdmin("DELETE", "field-writes");
    // Accounts go through; the first contacts call finds the daily allowance spent.
    await setFaults("limit:path=/composite/sobjects,nth=2");
    let stopped;
    try {
      stopped = await runSync(pendo.id, { trigger: "test" });
    } finally {
      await setFaults("");
    }
    expect(stopped.status).toBe("PARTIAL");
    const push = (await steps(stopped.runId)).find((s) => s.name === "push.salesforce")!;
    expect(push.status).toBe("FAILED");
    expect(push.error).toMatch(/allowance ran out .* still to write\. The next run resumes from here\./);
    const accountsWritten = (push.stats as Record<string, Record<string, number>>).accounts!.written!;
    expect(accountsWritten).toBeGreaterThan(0);

    const resumed = await runSync(pendo.id, { trigger: "test" });
    expect(resumed.status, resumed.error).toBe("SUCCEEDED");
    expect(resumed.push!.accounts.written).toBe(0);
    expect(resumed.push!.contacts.written).toBeGreaterThan(0);
    expect(writtenTwice(await fieldWrites())).toEqual([]);
  });

  it("stops cleanly at the run's API budget and says so; with a larger budget the next run writes only the rest", async () => {
    const [sf, px] = [await integration("SALESFORCE"), await integration("PX")];
    const salesforceCalls = async (runId: string) => {
      const rows = await db.syncStep.findMany({ where: { runId, OR: [{ integrationId: sf.id }, { name: "push.salesforce" }] }, select: { apiCalls: true } });
      return rows.flatMap((r) => Object.values(r.apiCalls as Record<string, number>)).reduce((a, b) => a + b, 0);
    };
    // A sync with nothing to write shows how many requests the pulls need; allow one more.
    const quiet = await runSync(px.id, { trigger: "test" });
    expect(quiet.push!.accounts.written + quiet.push!.contacts.written).toBe(0);
    const allowed = (await salesforceCalls(quiet.runId)) + 1;
    await sfAdmin("POST", "limits", { max: allowed * 100, remaining: allowed * 100 });
    const settings = (sf.pullSettings ?? {}) as Record<string, unknown>;
    await db.integration.update({ where: { id: sf.id }, data: { pullSettings: { ...settings, apiBudget: { runPercent: 1, dailyPercent: 100 } } } });
    await forgetPushes(px.id);
    await sfAdmin("DELETE", "field-writes");
    try {
      const capped = await runSync(px.id, { trigger: "test" });
      expect(capped.status).toBe("PARTIAL");
      expect(await salesforceCalls(capped.runId)).toBe(allowed);
      const push = (await steps(capped.runId)).find((s) => s.name === "push.salesforce")!;
      expect(push.status).toBe("FAILED");
      expect(push.error).toMatch(/^Stopped at the API budget: one run may use 1% of the org's [\d,]+ daily requests \(\d+\)\. Raise the shares under API budget on the Salesforce card/);
      expect((push.stats as Record<string, Record<string, number>>).accounts!.written).toBeGreaterThan(0);

      await db.integration.update({ where: { id: sf.id }, data: { pullSettings: { ...settings, apiBudget: { runPercent: 100, dailyPercent: 100 } } } });
      const resumed = await runSync(px.id, { trigger: "test" });
      expect(resumed.status, resumed.error).toBe("SUCCEEDED");
      expect(resumed.push!.accounts.written).toBe(0);
      expect(resumed.push!.contacts.written).toBeGreaterThan(0);
      expect(writtenTwice(await fieldWrites())).toEqual([]);
    } finally {
      await db.integration.update({ where: { id: sf.id }, data: { pullSettings: settings as object } });
      await sfAdmin("POST", "limits", { max: 100_000, remaining: 100_000 });
    }
  });

  it("a read-only key skips the write-back, and the run and the card say why", async () => {
    const pendo = await integration("PENDO");
    await db.integration.update({ where: { id: pendo.id }, data: { canWrite: false } });
    try {
      const sync = await runSync(pendo.id, { trigger: "test" });
      expect(sync.status, sync.error).toBe("SUCCEEDED");
      const writeBack = (await steps(sync.runId)).find((s) => s.name === "push.pendo")!;
      expect(writeBack.status).toBe("SKIPPED");
      expect(writeBack.error).toMatch(/^The Pendo integration key is read-only: /);
      const card = (await listIntegrationCards()).find((c) => c.system === "PENDO")!;
      expect(card.lastSync).toMatchObject({ runId: sync.runId, writeBackSkipped: writeBack.error });
    } finally {
      await db.integration.update({ where: { id: pendo.id }, data: { canWrite: true } });
    }
  });

  it("a worker killed while a push call is in flight is resumed without writing any record twice", async () => {
    const px = await integration("PX");
    await forgetPushes(px.id);
    await sfAdmin("DELETE", "field-writes");
    // Each push call is held for 3 s, so the worker can be killed while one is in flight.
    await setFaults("slow:path=/composite/sobjects,ms=3000");
    let worker: ChildProcess | undefined;
    try {
      worker = startWorker();
      const { runId } = await enqueueSync(px.id, "manual", null);
      await until(async () => {
        const step = await db.syncStep.findFirst({ where: { runId, name: "push.salesforce" }, select: { checkpoint: true } });
        return (step?.checkpoint as { inFlight?: unknown } | null)?.inFlight !== undefined;
      }, 90_000);
      await new Promise((r) => setTimeout(r, 500));
      await stopWorker(worker, "SIGKILL");
      // The held call still lands in Salesforce after the worker is gone.
      await new Promise((r) => setTimeout(r, 3500));
      await setFaults("");
      expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("RUNNING");

      const resumed = await runSync(px.id, { trigger: "test" });
      expect(resumed.runId).toBe(runId);
      expect(resumed.status, resumed.error).toBe("SUCCEEDED");
      expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).attempts).toBe(2);
      expect(writtenTwice(await fieldWrites())).toEqual([]);
      const links = await db.matchLink.count({ where: { integrationId: px.id, entity: "ACCOUNT" } });
      expect(await db.pushState.count({ where: { integrationId: px.id, targetSystem: "salesforce", object: "account" } })).toBe(links);
    } finally {
      await setFaults("");
      await stopWorker(worker, "SIGKILL");
    }
  }, 120_000);

  it("a chunk left in flight that Salesforce already applied is read back and confirmed, not written again", async () => {
    const px = await integration("PX");
    const sync = await runSync(px.id, { trigger: "test" });
    expect(sync.status, sync.error).toBe("SUCCEEDED");
    // As if a worker was killed after Salesforce applied a chunk but before its push state committed.
    const states = await db.pushState.findMany({ where: { integrationId: px.id, targetSystem: "salesforce", object: "account" }, take: 5, orderBy: { recordId: "asc" } });
    expect(states.length).toBe(5);
    const ids = states.map((s) => s.recordId);
    await db.pushState.deleteMany({ where: { integrationId: px.id, recordId: { in: ids } } });
    const push = await db.syncStep.findFirstOrThrow({ where: { runId: sync.runId, name: "push.salesforce" } });
    await db.syncStep.update({ where: { id: push.id }, data: { status: "RUNNING", checkpoint: { inFlight: { entity: "account", ids } } } });
    await db.syncStep.updateMany({ where: { runId: sync.runId, position: { gt: push.position } }, data: { status: "PENDING" } });
    await db.syncRun.update({ where: { id: sync.runId }, data: { status: "RUNNING", finishedAt: null } });
    await sfAdmin("DELETE", "field-writes");

    const resumed = await runSync(px.id, { trigger: "test" });
    expect(resumed.runId).toBe(sync.runId);
    expect(resumed.status, resumed.error).toBe("SUCCEEDED");
    expect(Object.keys(await fieldWrites())).toEqual([]);
    const confirmed = await db.syncRecordResult.findMany({ where: { runId: sync.runId, message: { contains: "confirmed by reading it back" } }, select: { recordId: true } });
    expect(confirmed.map((r) => r.recordId).sort()).toEqual(ids);
    expect(await db.pushState.count({ where: { integrationId: px.id, recordId: { in: ids } } })).toBe(5);
  });

  it("two workers on one Redis, asked for every kind of sync at once, write no field twice", async () => {
    const [sf, pendo, px] = [await integration("SALESFORCE"), await integration("PENDO"), await integration("PX")];
    await forgetPushes(pendo.id, px.id);
    await sfAdmin("DELETE", "field-writes");
    const workers = [startWorker(), startWorker()];
    try {
      const queued = await Promise.all([enqueueSync(px.id, "manual", null), enqueueSync(pendo.id, "manual", null), enqueueSync(sf.id, "manual", null), enqueueSync(px.id, "manual", null)]);
      const runIds = [...new Set(queued.map((q) => q.runId))];
      expect(runIds.length).toBe(3);
      const finished = await until(async () => {
        const runs = await db.syncRun.findMany({ where: { id: { in: runIds } }, select: { status: true, error: true } });
        return runs.every((r) => r.status !== "QUEUED" && r.status !== "RUNNING") ? runs : null;
      }, 120_000);
      expect(finished.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
      const writes = await fieldWrites();
      expect(Object.keys(writes).length).toBeGreaterThan(0);
      expect(writtenTwice(writes)).toEqual([]);
    } finally {
      await Promise.all(workers.map((w) => stopWorker(w, "SIGTERM")));
    }
  }, 180_000);
});
