import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Queue } from "bullmq";
import { env } from "@/lib/env";
import { JOBS, type QueueName } from "@/lib/queue/jobs";
import { onRedisReconnect, registerSchedules, RECURRING_JOBS } from "@/workers/schedules";

/** Stands in for the worker's scheduler connection: ioredis emits "close" on a loss, "ready" when back. */
class FakeConnection extends EventEmitter {
  status = "ready";
  drop() {
    this.status = "reconnecting";
    this.emit("close");
  }
  back() {
    this.status = "ready";
    this.emit("ready");
  }
}

describe("onRedisReconnect", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("restores once Redis has been back for the settle time, not on the first connect", async () => {
    const redis = new FakeConnection();
    const restore = vi.fn(async () => {});
    const stop = onRedisReconnect(redis, restore, { settleMs: 2000 });
    redis.back(); // a "ready" with no loss before it (e.g. the first connect)
    await vi.advanceTimersByTimeAsync(5000);
    expect(restore).not.toHaveBeenCalled();

    redis.drop();
    redis.back();
    await vi.advanceTimersByTimeAsync(1999);
    expect(restore).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(restore).toHaveBeenCalledTimes(1);
    stop();
  });

  it("a flapping Redis costs one restore when it settles", async () => {
    const redis = new FakeConnection();
    const restore = vi.fn(async () => {});
    const stop = onRedisReconnect(redis, restore, { settleMs: 2000 });
    for (let i = 0; i < 10; i++) {
      redis.drop();
      await vi.advanceTimersByTimeAsync(300);
      redis.back();
      await vi.advanceTimersByTimeAsync(1500);
    }
    expect(restore).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(restore).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(restore).toHaveBeenCalledTimes(1);
    stop();
  });

  it("restores again when Redis is lost while restoring, and retries a failure while it stays up", async () => {
    const redis = new FakeConnection();
    let release: () => void = () => {};
    const restore = vi
      .fn<() => Promise<void>>()
      .mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)))
      .mockRejectedValueOnce(new Error("NOSCRIPT"))
      .mockResolvedValue(undefined);
    const onError = vi.fn();
    const stop = onRedisReconnect(redis, restore, { settleMs: 1000, retryMs: 30_000, onError });
    redis.drop();
    redis.back();
    await vi.advanceTimersByTimeAsync(1000);
    expect(restore).toHaveBeenCalledTimes(1);

    // Lost and back while the first restore is under way: what it wrote may be gone as well.
    redis.drop();
    redis.back();
    await vi.advanceTimersByTimeAsync(5000);
    expect(restore).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(restore).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(29_999);
    expect(restore).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(restore).toHaveBeenCalledTimes(3);
    stop();
  });

  it("does nothing once stopped (worker shutting down)", async () => {
    const redis = new FakeConnection();
    const restore = vi.fn(async () => {});
    const stop = onRedisReconnect(redis, restore, { settleMs: 1000 });
    redis.drop();
    redis.back();
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(restore).not.toHaveBeenCalled();
    expect(redis.listenerCount("ready") + redis.listenerCount("close")).toBe(0);
  });
});

describe("registerSchedules", () => {
  /** Records what each queue was asked to upsert and remove, as a BullMQ Queue would receive it. */
  async function registered() {
    const calls: { queue: QueueName; id: string; every: number | undefined; name: string }[] = [];
    const removed: { queue: QueueName; id: string }[] = [];
    const getQueue = (queue: QueueName) =>
      ({
        upsertJobScheduler: async (id: string, repeat: { every?: number }, template: { name: string }) => {
          calls.push({ queue, id, every: repeat.every, name: template.name });
        },
        removeJobScheduler: async (id: string) => {
          removed.push({ queue, id });
          return true;
        },
      }) as unknown as Queue;
    await registerSchedules(getQueue);
    return Object.assign(calls, { removed });
  }

  it("upserts every recurring job once, on its job's own queue, under a scheduler id of its own", async () => {
    const calls = await registered();
    expect(calls.length).toBe(RECURRING_JOBS.length);
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
    for (const c of calls) expect(Object.values(JOBS).find((j) => j.name === c.name)?.queue).toBe(c.queue);
  });

  it("refreshes usage and KPIs every USAGE_INTERVAL_MINUTES, and checks the integrations' own schedules every 5 minutes", async () => {
    const calls = await registered();
    expect(calls).toContainEqual({ queue: "sync", id: "sync-usage-refresh-all", every: env.USAGE_INTERVAL_MINUTES * 60_000, name: JOBS.usageRefreshAll.name });
    expect(calls).toContainEqual({ queue: "integrations", id: "schedules-apply", every: 5 * 60_000, name: JOBS.applySchedules.name });
  });

  it("no longer pulls everything hourly, and removes that scheduler from an upgraded install", async () => {
    const calls = await registered();
    expect(calls.map((c) => c.id)).not.toContain("sync-pull-all");
    expect(calls.removed).toEqual([{ queue: "sync", id: "sync-pull-all" }]);
  });
});
