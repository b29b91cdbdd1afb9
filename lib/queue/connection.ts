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

export function createWorkerConnection(name: string): Redis {
  let warned = 0;
  const redis = new Redis(env.REDIS_URL, {
    ...shared,
    connectionName: `clearinghouse:${name}`,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 1000, 10_000),
  });
  redis.on("error", (error) => {
    // One line per outage step, not per retry: the log says what is wrong and that we keep trying.
    if (Date.now() - warned > 30_000) {
      warned = Date.now();
      logger.warn(
        { err: error.message },
        `Redis is not answering at ${describeRedis()}; retrying. Start it with: redis-server --daemonize yes --port 6379`,
      );
    }
  });
  redis.on("ready", () => {
    if (warned) logger.info(`Redis at ${describeRedis()} is back`);
    warned = 0;
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
