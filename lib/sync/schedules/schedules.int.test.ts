import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { childProcessEnv } from "@/lib/testing/child-env";
import { db } from "@/lib/db";
import { closeProducers, getQueue, producerRedis } from "@/lib/queue/producer";
import { truncateAll } from "@/lib/testing/database";
import { applySchedulers, schedulerId, SCHEDULE_QUEUE } from "@/lib/sync/schedules/apply-schedulers";
import { DEFAULT_SCHEDULES, type ScheduleAction } from "@/lib/sync/schedules/defaults";
import { listSchedules } from "@/lib/sync/schedules/list-schedules";
import { nextRunTimes } from "@/lib/sync/schedules/next-run-times";
import { saveSchedule } from "@/lib/sync/schedules/save-schedule";
import { setSchedulePaused } from "@/lib/sync/schedules/set-schedule-paused";
import { startScheduledRun } from "@/lib/sync/schedules/start-scheduled-run";
import { closeSyncPool } from "@/lib/sync/sql";
import { startWorkers } from "@/workers/runtime";

// Each integration's schedulers in the real Redis (this run's queue prefix): registered once,
// upserted again by a worker restart (also with a changed cron) without losing or doubling a
// pending job, removed on pause and on disconnect, restored on resume; and a due run queues the
// real pull or Synchronize, deduplicated as a click is.

const admin = { id: "", email: "admin@schedules.test" };
const ctx = { actor: admin, ip: "127.0.0.1" };
let ids: { salesforce: string; pendo: string; px: string };

afterAll(async () => {
  await closeProducers();
  await closeSyncPool();
  await db.$disconnect();
});

beforeEach(async () => {
  await truncateAll(db);
  await Promise.all(["system", "integrations", "sync"].map((q) => getQueue(q as never).obliterate({ force: true })));
  admin.id = (await db.user.create({ data: { email: admin.email, role: "ADMIN", passwordHash: null } })).id;
  // "sealed" stands for credentials: nothing here calls a vendor, only the queue and the database.
  const connected = { status: "CONNECTED" as const, secrets: "sealed", connectedAt: new Date(), baseUrl: "http://127.0.0.1:9" };
  ids = {
    salesforce: (await db.integration.create({ data: { system: "SALESFORCE", environment: "production", ...connected } })).id,
    pendo: (await db.integration.create({ data: { system: "PENDO", environment: "us", ...connected } })).id,
    // Disconnected: it has no schedule to run.
    px: (await db.integration.create({ data: { system: "PX", environment: "us", status: "DISABLED", baseUrl: "http://127.0.0.1:9" } })).id,
  };
});

const expectedIds = () => [schedulerId(ids.salesforce, "pull"), schedulerId(ids.pendo, "pull"), schedulerId(ids.pendo, "synchronize")].sort();

/** Every integration scheduler in Redis, with its pattern and zone. */
async function schedulers() {
  const all = await getQueue(SCHEDULE_QUEUE).getJobSchedulers(0, -1);
  return all.filter((s) => s.key.startsWith("schedule:")).sort((a, b) => a.key.localeCompare(b.key));
}

/** The jobs waiting to run for each scheduler, by scheduler id: the fire times they are due at. */
async function pending(): Promise<Map<string, number[]>> {
  const jobs = await getQueue(SCHEDULE_QUEUE).getJobs(["delayed", "waiting", "prioritized"]);
  const byScheduler = new Map<string, number[]>();
  for (const job of jobs) {
    if (!job.repeatJobKey?.startsWith("schedule:")) continue;
    byScheduler.set(job.repeatJobKey, [...(byScheduler.get(job.repeatJobKey) ?? []), job.timestamp + job.delay]);
  }
  return byScheduler;
}

/** Exactly one pending job per expected scheduler, due at the schedule's next fire time. */
async function expectOnePendingEach(timing: Partial<Record<string, { cron: string; timezone: string }>> = {}) {
  expect((await schedulers()).map((s) => s.key)).toEqual(expectedIds());
  const jobs = await pending();
  expect([...jobs.keys()].sort()).toEqual(expectedIds());
  for (const id of expectedIds()) {
    const action = id.split(":").at(-1) as ScheduleAction;
    const { cron, timezone } = timing[id] ?? DEFAULT_SCHEDULES[action];
    expect(jobs.get(id), id).toEqual([nextRunTimes(cron, timezone, 1)[0]!.getTime()]);
  }
}

describe("integration schedulers", () => {
  it("are registered once each, and survive worker restarts (one with a changed cron) with exactly one pending job each", async () => {
    // An install upgraded from the fixed hourly pull of everything.
    await getQueue("sync").upsertJobScheduler("sync-pull-all", { every: 3600_000 }, { name: "sync.pull-all", data: {} });

    let worker = await startWorkers({ concurrency: 1 });
    try {
      await expectOnePendingEach();
      expect((await getQueue("sync").getJobSchedulers()).map((s) => s.key)).not.toContain("sync-pull-all");
      const first = await schedulers();
      expect(first.find((s) => s.key === schedulerId(ids.pendo, "synchronize"))).toMatchObject({ pattern: "0 3,11,19 * * *", tz: "UTC", name: "integrations.scheduled-run" });
    } finally {
      await worker.close();
    }

    // Restarted, and two workers starting together: still one scheduler and one pending job each.
    const [a, b] = await Promise.all([startWorkers({ concurrency: 1 }), startWorkers({ concurrency: 1 })]);
    try {
      await expectOnePendingEach();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }

    // The cron changes while no worker runs: the change is applied at once, and the restart keeps it.
    const paris = { cron: "30 6 * * 1-5", timezone: "Europe/Paris" };
    const saved = await saveSchedule(ids.pendo, "pull", { ...paris, paused: false }, ctx);
    expect(saved.message).toBe('Saved. Pendo pull runs on "30 6 * * 1-5" (Europe/Paris).');
    const changed = { [schedulerId(ids.pendo, "pull")]: paris };
    await expectOnePendingEach(changed);
    worker = await startWorkers({ concurrency: 1 });
    try {
      await expectOnePendingEach(changed);
      expect((await schedulers()).find((s) => s.key === schedulerId(ids.pendo, "pull"))).toMatchObject({ pattern: "30 6 * * 1-5", tz: "Europe/Paris" });
    } finally {
      await worker.close();
    }

    // A cron changed behind the worker's back (a row written while Redis was away): the next start applies it.
    await db.syncSchedule.update({ where: { integrationId_action: { integrationId: ids.pendo, action: "pull" } }, data: { cron: "0 22 * * *" } });
    await applySchedulers(getQueue);
    await expectOnePendingEach({ [schedulerId(ids.pendo, "pull")]: { cron: "0 22 * * *", timezone: "Europe/Paris" } });
  });

  it("pause removes the scheduler and its pending job; resume restores them; both are audited", async () => {
    await applySchedulers(getQueue);
    const sync = schedulerId(ids.pendo, "synchronize");

    const paused = await setSchedulePaused(ids.pendo, "synchronize", true, ctx);
    expect(paused.message).toBe("Saved. Pendo synchronize paused: it does not run until you resume it.");
    expect(paused.schedule).toMatchObject({ paused: true, nextRuns: [], cron: DEFAULT_SCHEDULES.synchronize.cron });
    expect((await schedulers()).map((s) => s.key)).not.toContain(sync);
    expect((await pending()).has(sync)).toBe(false);
    // A restart does not bring a paused schedule back.
    await applySchedulers(getQueue);
    expect((await schedulers()).map((s) => s.key)).not.toContain(sync);

    const resumed = await setSchedulePaused(ids.pendo, "synchronize", false, ctx);
    expect(resumed.schedule.nextRuns).toHaveLength(5);
    await expectOnePendingEach();

    const audit = await db.auditLog.findMany({ where: { targetType: "SyncSchedule" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([
      ["schedule.pause", admin.email],
      ["schedule.resume", admin.email],
    ]);
    expect(audit[0]!.after).toMatchObject({ integration: "PENDO", action: "synchronize", paused: true });

    // Saving what is already saved writes nothing new.
    await setSchedulePaused(ids.pendo, "synchronize", false, ctx);
    expect(await db.auditLog.count({ where: { targetType: "SyncSchedule" } })).toBe(2);
  });

  it("a disconnected integration loses its schedulers; the others keep their pending job untouched", async () => {
    await applySchedulers(getQueue);
    const before = await pending();
    await db.integration.update({ where: { id: ids.pendo }, data: { status: "DISABLED", secrets: null } });

    const applied = await applySchedulers(getQueue, { force: false });
    expect(applied.removed.sort()).toEqual([schedulerId(ids.pendo, "pull"), schedulerId(ids.pendo, "synchronize")].sort());
    expect(applied.unchanged).toEqual([schedulerId(ids.salesforce, "pull")]);
    expect((await schedulers()).map((s) => s.key)).toEqual([schedulerId(ids.salesforce, "pull")]);
    const after = await pending();
    expect([...after.keys()]).toEqual([schedulerId(ids.salesforce, "pull")]);
    expect(after.get(schedulerId(ids.salesforce, "pull"))).toEqual(before.get(schedulerId(ids.salesforce, "pull")));

    // The periodic check puts back a pending job lost from Redis (BullMQ refuses to remove one, so it goes by hand).
    const queue = getQueue(SCHEDULE_QUEUE);
    const lost = (await queue.getJobs(["delayed"])).find((j) => j.repeatJobKey === schedulerId(ids.salesforce, "pull"))!;
    const redis = producerRedis();
    await redis.zrem(queue.toKey("delayed"), lost.id!);
    await redis.del(queue.toKey(lost.id!));
    expect((await pending()).has(schedulerId(ids.salesforce, "pull"))).toBe(false);
    expect((await applySchedulers(getQueue, { force: false })).upserted).toEqual([schedulerId(ids.salesforce, "pull")]);
    expect((await pending()).get(schedulerId(ids.salesforce, "pull"))).toHaveLength(1);
  });

  it("lists each connected integration's schedules with their defaults and next five runs, and refuses what has no schedule", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const page = await listSchedules(now);
    expect(page.schedules.map((s) => [s.integration, s.action, s.cron, s.timezone, s.isDefault])).toEqual([
      ["Salesforce", "pull", "0 0 * * *", "UTC", true],
      ["Pendo", "pull", "0 0 * * *", "UTC", true],
      ["Pendo", "synchronize", "0 3,11,19 * * *", "UTC", true],
    ]);
    expect(page.schedules[2]!.nextRuns).toEqual([
      "2026-06-01T19:00:00.000Z",
      "2026-06-02T03:00:00.000Z",
      "2026-06-02T11:00:00.000Z",
      "2026-06-02T19:00:00.000Z",
      "2026-06-03T03:00:00.000Z",
    ]);
    expect(page.schedules[2]!.description).toBe("Every day at 03:00, 11:00 and 19:00");

    await expect(saveSchedule(ids.salesforce, "synchronize", { cron: "0 1 * * *", timezone: "UTC", paused: false }, ctx)).rejects.toThrow(
      /^Salesforce has no "synchronize" schedule, only Pull\. Each Pendo or PX Synchronize pulls from Salesforce/,
    );
    await expect(saveSchedule(ids.px, "pull", { cron: "0 1 * * *", timezone: "UTC", paused: false }, ctx)).rejects.toThrow(/^Gainsight PX is not connected/);
    expect(await db.syncSchedule.count()).toBe(0);
  });
});

describe("a schedule falling due", () => {
  it("queues the integration's pull with trigger schedule, joined rather than doubled", async () => {
    expect(await startScheduledRun({ integrationId: ids.salesforce, action: "pull" })).toEqual({ action: "pull", queued: true });
    await startScheduledRun({ integrationId: ids.salesforce, action: "pull" });
    const pulls = (await getQueue("sync").getJobs(["waiting", "delayed", "prioritized"])).filter((j) => j.name === "sync.pull");
    expect(pulls.map((j) => j.data)).toEqual([{ integrationId: ids.salesforce, trigger: "schedule", triggeredBy: null }]);
  });

  it("queues a Synchronize as a QUEUED run the card follows, once while it is live", async () => {
    const first = await startScheduledRun({ integrationId: ids.pendo, action: "synchronize" });
    const second = await startScheduledRun({ integrationId: ids.pendo, action: "synchronize" });
    expect(first).toMatchObject({ action: "synchronize", queued: true });
    expect(second).toMatchObject({ action: "synchronize", queued: false, runId: (first as { runId: string }).runId });
    const runs = await db.syncRun.findMany({ where: { integrationId: ids.pendo } });
    expect(runs.map((r) => [r.kind, r.trigger, r.status])).toEqual([["SYNC", "schedule", "QUEUED"]]);
    const jobs = (await getQueue("sync").getJobs(["waiting", "delayed", "prioritized"])).filter((j) => j.name === "sync.synchronize");
    expect(jobs.map((j) => j.data)).toEqual([{ integrationId: ids.pendo, trigger: "schedule", triggeredBy: null, runId: runs[0]!.id }]);
  });

  it("starts nothing for a disconnected integration, and says why instead of retrying", async () => {
    const result = await startScheduledRun({ integrationId: ids.px, action: "pull" });
    expect(result).toEqual({ action: "pull", skipped: "Gainsight PX is not connected. Connect it first." });
    expect(await getQueue("sync").count()).toBe(0);
  });
});

describe("the command line", () => {
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: childProcessEnv({ LOG_LEVEL: "warn", TZ: "Asia/Tokyo" }) });

  // Each command starts a process that compiles the CLI: slow on a busy machine, so a longer bound.
  it("lists the schedules with their next runs in the machine's zone, changes, pauses and refuses with a sentence", { timeout: 180_000 }, async () => {
    const listed = JSON.parse((await cli("schedules", "--json")).stdout) as { integration: string; action: string; nextRuns: string[] }[];
    expect(listed.map((s) => `${s.integration} ${s.action} ${s.nextRuns.length}`)).toEqual(["Salesforce pull 5", "Pendo pull 5", "Pendo synchronize 5"]);

    const set = await cli("schedules", "set", "pendo", "pull", "--cron", "0 5 * * 1-5", "--tz", "Europe/Paris");
    expect(set.stdout).toMatch(/^Saved\. Pendo pull runs on "0 5 \* \* 1-5" \(Europe\/Paris\)\.\nPendo +pull +0 5 \* \* 1-5 +Europe\/Paris +next \d{4}-\d\d-\d\d (12|13):00, /);
    expect((await schedulers()).find((x) => x.key === schedulerId(ids.pendo, "pull"))).toMatchObject({ pattern: "0 5 * * 1-5", tz: "Europe/Paris" });
    await cli("schedules", "set", "pendo", "synchronize", "--pause");
    expect((await schedulers()).map((x) => x.key)).not.toContain(schedulerId(ids.pendo, "synchronize"));

    const text = (await cli("schedules")).stdout;
    expect(text.split("\n")[0]).toBe("Next runs in Asia/Tokyo (this machine's time zone).");
    expect(text).toMatch(/Pendo +synchronize +0 3,11,19 \* \* \* +UTC +paused/);

    const refused = (await cli("schedules", "set", "pendo", "pull", "--cron", "61 * * * *").catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: cron: "61 \* \* \* \*" is not a valid cron expression/);
    expect(await db.auditLog.count({ where: { targetType: "SyncSchedule" } })).toBe(2);
  });
});
