import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createProducerConnection } from "@/lib/queue/connection";
import { enqueue, closeProducers } from "@/lib/queue/producer";
import { getSystemStatus } from "@/lib/system/status";
import { truncateAll } from "@/lib/testing/database";
import { startWorkers } from "@/workers/runtime";

afterAll(async () => {
  await closeProducers();
  await db.$disconnect();
});

async function until<T>(probe: () => Promise<T | null | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("worker runtime", () => {
  it("registers the heartbeat schedule once, records beats, and shuts down cleanly", async () => {
    await truncateAll(db);
    const runtime = await startWorkers({ concurrency: 1 });
    const second = await startWorkers({ concurrency: 1 });
    try {
      await until(() => db.workerHeartbeat.findFirst(), 15_000);
      const status = await getSystemStatus();
      expect(status.database.status).toBe("up");
      expect(status.redis.status).toBe("up");
      expect(status.workers.status).toBe("up");
      expect(status.queues.map((q) => q.queue)).toEqual(["system", "integrations", "sync"]);

      // Two workers starting together still leave exactly one scheduler.
      const redis = createProducerConnection("test");
      const queue = new Queue("system", { connection: redis, prefix: env.QUEUE_PREFIX });
      expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(["system-heartbeat", "system-prune-history"]);
      const integrations = new Queue("integrations", { connection: redis, prefix: env.QUEUE_PREFIX });
      expect((await integrations.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
        "alerts-evaluate",
        "integrations-check-connections",
        "integrations-refresh-describes",
        "schedules-apply",
      ]);
      const sync = new Queue("sync", { connection: redis, prefix: env.QUEUE_PREFIX });
      // Pulls run on each integration's own schedule (none here: nothing is connected).
      expect((await sync.getJobSchedulers()).map((s) => s.key).sort()).toEqual(["sync-usage-refresh-all"]);
      await sync.close();
      await integrations.close();
      await queue.close();
      redis.disconnect();

      // A manual enqueue goes through the same typed definition.
      const job = await enqueue("heartbeat", {});
      expect(job.name).toBe("system.heartbeat");
    } finally {
      await Promise.all([runtime.close(), second.close()]);
    }
  });

  it("reports a silent worker as down with what to do", async () => {
    await truncateAll(db);
    const old = new Date(Date.now() - 10 * 60_000);
    await db.workerHeartbeat.create({
      data: { workerId: "old:1", host: "old", pid: 1, version: "x", queues: ["system"], startedAt: old, beatAt: old },
    });
    const status = await getSystemStatus();
    expect(status.workers.status).toBe("down");
    expect(status.workers.message).toMatch(/npm run worker/);
    expect(status.workers.beats[0]?.alive).toBe(false);
  });

  it("rejects a malformed payload before it reaches Redis", async () => {
    await expect(enqueue("heartbeat", { unexpected: true } as never)).rejects.toThrow();
  });
});
