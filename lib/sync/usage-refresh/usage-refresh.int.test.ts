import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The scheduled usage refresh against the emulators over HTTP (ports 3264-3266): a run of its own
// (kind USAGE, trigger schedule) with the tool's usage and KPI steps; skipped while a run of the
// tool holds its lock; a killed refresh is resumed by the next refresh and never by a Synchronize;
// the schedule queues one deduplicated refresh per connected tool.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3264");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3265");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3266/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { JOBS } from "@/lib/queue/jobs";
import { getQueue } from "@/lib/queue/producer";
import { listRuns, runFilterSchema } from "@/lib/sync/history/list-runs";
import { withIntegrationLock } from "@/lib/sync/locks";
import { runSync } from "@/lib/sync/push/run-sync";
import { connectedHub } from "@/lib/testing/connected-hub";
import { readUsageCoverage } from "@/lib/usage/cursor";
import { usageRefresh, usageRefreshAll } from "@/workers/processors/sync";

const fixture = generateDemoData({ seed: 43, accounts: 30 });
let teardown: () => Promise<void> = async () => undefined;
const integration = (system: IntegrationSystem) => db.integration.findFirstOrThrow({ where: { system } });

async function runWithSteps(runId: string) {
  return db.syncRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
}

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3264);
});

afterAll(() => teardown());

describe("usage refresh", () => {
  it("is a run of its own with the tool's usage and KPI steps, and leaves a KPI snapshot as of the last ingested day", async () => {
    const pendo = await integration("PENDO");
    const result = await usageRefresh({ integrationId: pendo.id });
    expect(result).toMatchObject({ status: "SUCCEEDED", resumed: false });
    const run = await runWithSteps((result as { runId: string }).runId);
    expect(run).toMatchObject({ integrationId: pendo.id, kind: "USAGE", trigger: "schedule", triggeredBy: null, status: "SUCCEEDED", error: null });
    const sf = await integration("SALESFORCE");
    expect(run.steps.map((s) => `${s.name}:${s.integrationId}:${s.status}`)).toEqual([`usage:${pendo.id}:SUCCEEDED`, `kpis:${pendo.id}:SUCCEEDED`, `health:${sf.id}:SUCCEEDED`]);
    // Account health is scored again from the new KPIs (every Salesforce account the hub holds).
    const sfAccounts = await db.sfAccount.count({ where: { integrationId: sf.id, state: "ACTIVE" } });
    const health = (run.steps[2]!.stats as Record<string, Record<string, number>>).health!;
    expect(health.scored! + health.unscored!).toBe(sfAccounts);
    expect((run.steps[0]!.stats as Record<string, Record<string, number>>).userDays!.rows).toBeGreaterThan(0);

    const coverage = (await readUsageCoverage(pendo.id))!;
    const snapshots = await db.kpiSnapshot.findMany({ where: { integrationId: pendo.id, scope: "analytics" }, select: { day: true } });
    expect(snapshots.length).toBeGreaterThan(0);
    expect(new Set(snapshots.map((s) => s.day.toISOString().slice(0, 10)))).toEqual(new Set([coverage.lastDay]));

    // History lists it under its own kind, and a Synchronize is not counted as one.
    const usageRuns = await listRuns(runFilterSchema.parse({ kind: "usage" }));
    expect(usageRuns.runs.map((r) => [r.id, r.kind, r.integration])).toEqual([[run.id, "USAGE", "Pendo"]]);
  });

  it("is skipped, saying why, while a pull or Synchronize of the tool holds its lock", async () => {
    const px = await integration("PX");
    const before = await db.syncRun.count({ where: { integrationId: px.id } });
    const result = await withIntegrationLock(px.id, "Gainsight PX", () => usageRefresh({ integrationId: px.id }));
    expect(result).toEqual({ skipped: expect.stringMatching(/^Gainsight PX is already being pulled, matched or synchronized\./) });
    expect(await db.syncRun.count({ where: { integrationId: px.id } })).toBe(before);
  });

  it("a refresh killed midway is resumed by the next refresh, never by a Synchronize of the tool", async () => {
    const px = await integration("PX");
    const done = await usageRefresh({ integrationId: px.id });
    const runId = (done as { runId: string }).runId;
    // As a worker killed after the usage step and before the KPI step leaves it.
    await db.syncStep.updateMany({ where: { runId, name: "kpis" }, data: { status: "PENDING", finishedAt: null, stats: {} } });
    await db.syncRun.update({ where: { id: runId }, data: { status: "RUNNING", finishedAt: null } });
    await db.kpiSnapshot.deleteMany({ where: { integrationId: px.id } });

    const sync = await runSync(px.id, { trigger: "test" });
    expect(sync.status, sync.error).toBe("SUCCEEDED");
    expect(sync.runId).not.toBe(runId);
    expect((await runWithSteps(sync.runId)).steps.map((s) => s.name)).toContain("pull");
    expect(await runWithSteps(runId)).toMatchObject({ status: "RUNNING", attempts: 1 });

    const resumed = await usageRefresh({ integrationId: px.id });
    expect(resumed).toMatchObject({ runId, status: "SUCCEEDED", resumed: true });
    const run = await runWithSteps(runId);
    expect(run.attempts).toBe(2);
    expect(run.steps.map((s) => `${s.name}:${s.status}`)).toEqual(["usage:SUCCEEDED", "kpis:SUCCEEDED", "health:SUCCEEDED"]);
    expect(await db.kpiSnapshot.count({ where: { integrationId: px.id } })).toBeGreaterThan(0);
  }, 120_000);

  it("the schedule queues one refresh per connected tool, and none for a tool whose refresh is still queued", async () => {
    const [pendo, px] = [await integration("PENDO"), await integration("PX")];
    // A worker an earlier test file started registers the schedule, which may have queued refreshes
    // for that file's tools on this run's queue prefix: start from a queue without them.
    const refreshes = () => getQueue("sync").getJobs(["waiting", "prioritized", "delayed", "active"]).then((all) => all.filter((j) => j.name === JOBS.usageRefresh.name));
    await Promise.all((await refreshes()).map((j) => j.remove()));
    expect(await usageRefreshAll()).toEqual({ queued: 2 });
    expect(await usageRefreshAll()).toEqual({ queued: 2 });
    const jobs = await refreshes();
    try {
      expect(jobs.map((j) => j.data.integrationId).sort()).toEqual([pendo.id, px.id].sort());
    } finally {
      // Not left for a worker a later test file starts on this run's queue prefix.
      await Promise.all(jobs.map((j) => j.remove()));
    }
  });
});
