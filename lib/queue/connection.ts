import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// BullMQ asks for different policies per side: producers (the web process, the CLI) fail fast so a
// request never hangs on a dead Redis; workers wait for Redis indefinitely.
const shared: RedisOptions = { connectTimeout: 3000, lazyConnect: false };

function describeRedis(): string {
  const url = new URL(env.REDIS_URL);
  return `${url.hostname}:${url.port || 6379}`;
}

/**
 * The one sentence operators see while Redis is down (command line, status page, worker log): it
 * names the configured address, so a Redis on another port or host is not sent to 6379.
 */
export function redisDownSentence(next = "start it (or correct REDIS_URL), then try again"): string {
  return `Redis at ${describeRedis()} is not answering: ${next}.`;
}

export function createProducerConnection(name: string): Redis {
  const redis = new Redis(env.REDIS_URL, {
    ...shared,
    connectionName: `clearinghouse:${name}`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 500, 5000),
  });
  redis.on("error", (error) => logger.debug({ err: error.message }, "redis producer connection error"));
  return redis;
}

// Shared by every worker connection of the process: one outage is one warning and one "back"
// line, not one per connection (a worker holds four) and not one per retry.
let outageWarnedAt = 0;

export function createWorkerConnection(name: string): Redis {
  const redis = new Redis(env.REDIS_URL, {
    ...shared,
    connectionName: `clearinghouse:${name}`,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 1000, 10_000),
  });
  redis.on("error", (error) => {
    if (Date.now() - outageWarnedAt > 30_000) {
      outageWarnedAt = Date.now();
      logger.warn({ err: error.message }, redisDownSentence("retrying until it does (start it, or correct REDIS_URL)"));
    }
  });
  redis.on("ready", () => {
    if (outageWarnedAt) logger.info(`Redis at ${describeRedis()} is back`);
    outageWarnedAt = 0;
  });
  return redis;
}

/** Producers refuse commands until connected (no offline queue), so a health check waits for "ready" first. */
export async function pingRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status !== "ready") {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off("ready", onReady);
        reject(new Error(`Redis not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once("ready", onReady);
    });
  }
  await redis.ping();
}

export async function closeRedis(redis: Redis): Promise<void> {
  try {
    if (redis.status === "ready") await redis.quit();
    else redis.disconnect();
  } catch {
    redis.disconnect();
  }
}

export { describeRedis };
