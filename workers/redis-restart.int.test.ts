import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A Redis without persistence restarting under a live worker: the pull in flight finishes, the
// schedulers and the heartbeat come back without restarting the worker, and nothing is lost.
// The test runs its own redis-server on a spare port (killed and started again on that port), the
// worker as a child process, and the three emulators in this process, all on 127.0.0.1.
const ports = await vi.hoisted(async () => {
  const { createServer } = await import("node:net");
  const spare = () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
  const [redis, dead, salesforce, pendo, px] = [await spare(), await spare(), await spare(), await spare(), await spare()];
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("REDIS_URL", `redis://127.0.0.1:${redis}`);
  vi.stubEnv("SALESFORCE_EMULATOR_URL", `http://127.0.0.1:${salesforce}`);
  vi.stubEnv("PENDO_EMULATOR_URL", `http://127.0.0.1:${pendo}`);
  vi.stubEnv("PX_EMULATOR_URL", `http://127.0.0.1:${px}/v1`);
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 7).toString("base64"));
  vi.stubEnv("HEARTBEAT_INTERVAL_SECONDS", "1");
  return { redis, dead, salesforce, pendo, px };
});

import { childProcessEnv } from "@/lib/testing/child-env";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { generateDemoData } from "@/emulators/generator/generate";
import { startSalesforceEmulator } from "@/emulators/salesforce/server";
import { startPendoEmulator } from "@/emulators/pendo/server";
import { startPxEmulator } from "@/emulators/px/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { connectDemo } from "@/lib/integrations/connect-demo";
import { closeRedis, createProducerConnection } from "@/lib/queue/connection";
import { closeProducers } from "@/lib/queue/producer";
import { QUEUES } from "@/lib/queue/jobs";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";
import { closeSyncPool } from "@/lib/sync/sql";
import { getSystemStatus } from "@/lib/system/status";
import { truncateAll } from "@/lib/testing/database";
import { RECURRING_JOBS } from "@/workers/schedules";
import { connectedSchedules } from "@/lib/sync/schedules/connected-schedules";
import { schedulerId } from "@/lib/sync/schedules/apply-schedulers";

const fixture = generateDemoData({ seed: 31, accounts: 80 });
const running: { close(): Promise<void> }[] = [];
const redisDir = mkdtempSync(path.join(tmpdir(), "clearinghouse-redis-"));
let redisServer: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let workerOutput = "";

const integration = (system: IntegrationSystem) => db.integration.findFirstOrThrow({ where: { system } });

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}\nworker output:\n${workerOutput.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A throwaway Redis: no RDB, no AOF, so a restart loses everything, as an unpersisted Redis does. */
async function startRedis(): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(ports.redis), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", redisDir],
    { stdio: "ignore" },
  );
  const probe = createProducerConnection("test-probe");
  try {
    await until("redis-server to answer", async () => (await probe.ping()) === "PONG", 10_000);
  } finally {
    await closeRedis(probe);
  }
  return child;
}

async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

function startWorker(): ChildProcess {
  workerOutput = "";
  // The child gets this run's database, queue prefix, Redis, emulators and 1 s heartbeat; not
  // NODE_ENV=test, which would silence the log a failure message quotes.
  const childEnv = childProcessEnv({ NODE_ENV: "development", LOG_LEVEL: "info" });
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => {
    workerOutput = (workerOutput + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return child;
}

async function emulatorAdmin(base: string, route: string, body: unknown) {
  const res = await fetch(`${base}/__emulator/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
}
const pxFaults = (spec: string) => emulatorAdmin(env.PX_EMULATOR_URL!.replace(/\/v1$/, ""), "faults", { spec });

/** Every scheduler key, queue by queue, as Redis holds them now. */
async function schedulerKeys(): Promise<string[]> {
  const connection = createProducerConnection("test-schedulers");
  const queues = QUEUES.map((name) => new Queue(name, { connection, prefix: env.QUEUE_PREFIX }));
  try {
    const lists = await Promise.all(queues.map((q) => q.getJobSchedulers()));
    return lists.flatMap((list) => list.map((s) => s.key)).sort();
  } finally {
    await Promise.allSettled(queues.map((q) => q.close()));
    await closeRedis(connection);
  }
}

/** Pull jobs still to run (scheduler-produced pull-all jobs wait in "delayed" for ever; they do not count). */
async function pendingPulls(): Promise<number> {
  const connection = createProducerConnection("test-pending");
  const queue = new Queue("sync", { connection, prefix: env.QUEUE_PREFIX });
  try {
    const jobs = await queue.getJobs(["waiting", "active", "delayed", "prioritized"]);
    return jobs.filter((j) => j.name === "sync.pull").length;
  } finally {
    await queue.close();
    await closeRedis(connection);
  }
}

/** Runs the command line as an operator would; a run that hangs is killed after 60 s (the bug it would show). */
function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: childProcessEnv({ LOG_LEVEL: "silent", ...extraEnv }) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

async function withRedis<T>(work: (redis: ReturnType<typeof createProducerConnection>) => Promise<T>): Promise<T> {
  const redis = createProducerConnection("test-direct");
  try {
    await until("Redis", async () => (await redis.ping()) === "PONG", 10_000);
    return await work(redis);
  } finally {
    await closeRedis(redis);
  }
}

const allSettled = async () =>
  (await db.syncRun.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })) === 0 && (await pendingPulls()) === 0;

beforeAll(async () => {
  redisServer = await startRedis();
  running.push(
    await startSalesforceEmulator({ port: ports.salesforce, fixture: fixture.salesforce, now: fixture.now }),
    await startPendoEmulator({ port: ports.pendo, fixture: fixture.pendo, now: fixture.now }),
    await startPxEmulator({ port: ports.px, fixture: fixture.px, now: fixture.now }),
  );
  await truncateAll(db);
  const results = await connectDemo({ actor: null, ip: "test" });
  expect(results.filter((r) => !r.ok)).toEqual([]);
});

afterAll(async () => {
  await stop(worker, "SIGKILL");
  await closeProducers();
  await Promise.all(running.map((r) => r.close()));
  await stop(redisServer, "SIGKILL");
  await closeSyncPool();
  await db.$disconnect();
  rmSync(redisDir, { recursive: true, force: true });
});

describe("a Redis restart during a pull", () => {
  it("the pull completes, the schedulers and the heartbeat come back within a minute, and nothing is lost", { timeout: 180_000 }, async () => {
    // The recurring jobs, and each connected integration's own pull and Synchronize.
    const own = (await connectedSchedules()).map((s) => schedulerId(s.integrationId, s.action));
    expect(own).toHaveLength(5);
    const expectedSchedulers = [...RECURRING_JOBS.map((r) => r.schedulerId), ...own].sort();
    worker = startWorker();
    await until("the worker's schedulers", async () => (await schedulerKeys()).join() === expectedSchedulers.join(), 30_000);
    await until("a first heartbeat", () => db.workerHeartbeat.findFirst(), 30_000);

    // The first pulls of all three (a scheduled one falling due now would join them or follow).
    const [sf, pendo, px] = [await integration("SALESFORCE"), await integration("PENDO"), await integration("PX")];
    for (const i of [sf, pendo, px]) await enqueuePull(i.id, "manual");
    await until("the first pulls", async () => {
      const done = await db.syncRun.findMany({ where: { kind: "PULL", status: "SUCCEEDED" }, distinct: ["integrationId"], select: { integrationId: true } });
      return done.length === 3 && (await allSettled());
    }, 60_000);

    // PX again from an empty hub, in small slow pages, so the pull spans the restart.
    await db.analyticsUser.deleteMany({ where: { integrationId: px.id } });
    await db.analyticsAccount.deleteMany({ where: { integrationId: px.id } });
    await db.integration.update({ where: { id: px.id }, data: { pullSettings: { pageSize: 10 } } });
    await pxFaults("slow:ms=800,path=/users");
    try {
      await enqueuePull(px.id, "manual");
      const step = await until("the PX pull to commit some users", async () => {
        const s = await db.syncStep.findFirst({ where: { integrationId: px.id, name: "pull", status: "RUNNING", checkpoint: { path: ["users", "done"], equals: false } } });
        return s && (await db.analyticsUser.count({ where: { integrationId: px.id } })) > 0 ? s : null;
      }, 30_000);

      // `cli pull --wait` joins that pull (deduplicated) and must not wait for a job Redis forgot.
      const waiting = cli(["pull", "--integration", "px", "--wait", "--timeout", "2"]);
      await until("the CLI to listen for the job's end", () => withRedis(async (r) => String(await r.call("CLIENT", "LIST")).includes("name=clearinghouse:cli-pull-events")), 20_000);
      expect((await db.syncRun.findUniqueOrThrow({ where: { id: step.runId } })).status).toBe("RUNNING");

      // Redis dies and comes back empty on the same port while the worker is mid-pull.
      const beforeRestart = await db.workerHeartbeat.findFirstOrThrow({ orderBy: { beatAt: "desc" } });
      await withRedis((r) => r.set(`${env.QUEUE_PREFIX}:restart-marker`, "1"));
      await stop(redisServer, "SIGKILL");
      await new Promise((r) => setTimeout(r, 1_500));
      redisServer = await startRedis();
      const restartedAt = new Date();
      expect(await withRedis((r) => r.exists(`${env.QUEUE_PREFIX}:restart-marker`))).toBe(0);

      await until("the schedulers to be registered again", async () => (await schedulerKeys()).join() === expectedSchedulers.join(), 60_000);
      const beat = await until(
        "the heartbeat to move",
        async () => {
          const b = await db.workerHeartbeat.findUnique({ where: { workerId: beforeRestart.workerId } });
          return b && b.beatAt > restartedAt ? b : null;
        },
        60_000,
      );
      expect(beat.workerId).toBe(beforeRestart.workerId);
      // The same worker process, not a restarted one: the status page and `cli status` say up.
      expect(worker.exitCode).toBeNull();
      await until("the status to say workers up", async () => (await getSystemStatus()).workers.status === "up", 10_000);

      await pxFaults("");
      const run = await until(
        "the PX run to finish",
        async () => {
          const r = await db.syncRun.findUniqueOrThrow({ where: { id: step.runId } });
          return ["SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED"].includes(r.status) ? r : null;
        },
        90_000,
      );
      expect(run.status).toBe("SUCCEEDED");
      await until("every pull to settle", allSettled, 90_000);

      const cliResult = await waiting;
      expect(cliResult.code, cliResult.stderr).toBe(1);
      expect(cliResult.stdout.trim()).toBe(
        `PX pull lost track: its job vanished from Redis at 127.0.0.1:${ports.redis} (restarted without its data?); the worker may still finish it: see npm run -s cli -- runs`,
      );
    } finally {
      await pxFaults("").catch(() => undefined);
    }

    // Nothing lost: the hub holds exactly the emulators' records.
    type SfRecord = { IsDeleted?: boolean };
    const objects = fixture.salesforce.objects as unknown as { Account: SfRecord[]; Contact: SfRecord[] };
    expect(await db.sfAccount.count({ where: { integrationId: sf.id, state: "ACTIVE" } })).toBe(objects.Account.filter((a) => !a.IsDeleted).length);
    expect(await db.sfContact.count({ where: { integrationId: sf.id } })).toBe(objects.Contact.filter((c) => !c.IsDeleted).length);
    const live = (integrationId: string) => ({ integrationId, removedAt: null });
    expect(await db.analyticsAccount.count({ where: live(px.id) })).toBe(fixture.px.accounts.length);
    expect(await db.analyticsUser.count({ where: live(px.id) })).toBe(fixture.px.users.length);
    expect(await db.analyticsAccount.count({ where: live(pendo.id) })).toBe(fixture.pendo.accounts.length);
    expect(await db.analyticsUser.count({ where: live(pendo.id) })).toBe(fixture.pendo.visitors.length);
  });
});

describe("the command line while Redis is down", () => {
  const deadRedis = () => `redis://127.0.0.1:${ports.dead}`;
  const oneSentenceNamingRedis = (text: string) => {
    const lines = text.trim().split("\n");
    expect(lines, text).toHaveLength(1);
    expect(lines[0]).toContain(`Redis at 127.0.0.1:${ports.dead}`);
    expect(text).not.toMatch(/ECONNREFUSED|\n\s+at |npm run worker|6379/);
  };

  it("`pull` says in one sentence which Redis is not answering, instead of hanging", { timeout: 60_000 }, async () => {
    await stop(worker, "SIGTERM");
    const r = await cli(["pull", "--integration", "px"], { REDIS_URL: deadRedis() });
    expect(r.code, r.stderr).toBe(1);
    oneSentenceNamingRedis(r.stderr);
  });

  it("`pull --wait` blames Redis, not the worker", { timeout: 60_000 }, async () => {
    const r = await cli(["pull", "--integration", "px", "--wait"], { REDIS_URL: deadRedis() });
    expect(r.code, r.stderr).toBe(1);
    oneSentenceNamingRedis(r.stderr);
  });

  it("`status` names the Redis address and does not send the operator to start a worker", { timeout: 60_000 }, async () => {
    const r = await cli(["status"], { REDIS_URL: deadRedis() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`redis +down +Redis at 127\\.0\\.0\\.1:${ports.dead} `));
    expect(r.stdout).not.toMatch(/npm run worker|ECONNREFUSED/);
    expect(r.stderr).toBe("");
  });

  it("`pull --wait --timeout` gives up after the time it states, with what to do next", { timeout: 60_000 }, async () => {
    // A live heartbeat but no worker: the job is queued and never taken.
    const now = new Date();
    await db.workerHeartbeat.deleteMany();
    await db.workerHeartbeat.create({ data: { workerId: "test:1", host: "test", pid: 1, version: "x", queues: ["sync"], startedAt: now, beatAt: now } });
    const help = await cli(["pull", "--help"]);
    expect(help.stdout).toMatch(/--timeout <minutes>.*\(default: 30\)/s);

    // Counted alive for a minute (the CLI takes a few seconds to start).
    const r = await cli(["pull", "--integration", "px", "--wait", "--timeout", "0.05"], { HEARTBEAT_INTERVAL_SECONDS: "60" });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.trim()).toMatch(/^PX pull not finished after 3 seconds; stopped waiting\. The worker carries on: follow it with npm run -s cli -- runs$/);
    expect(r.ms).toBeLessThan(25_000);
  });
});
