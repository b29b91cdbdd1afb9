import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { AppError } from "@/lib/errors";
import { createProducerConnection, pingRedis, redisDownSentence } from "@/lib/queue/connection";
import { DEFAULT_JOB_OPTIONS, JOBS, QUEUES, type JobKey, type JobPayload, type QueueName } from "@/lib/queue/jobs";

// Producer queues are cached on globalThis so Next's dev reloads do not leak Redis connections.
const globalForQueues = globalThis as unknown as {
  queues?: Map<QueueName, Queue>;
  producerRedis?: Redis;
};

/** The web process's one Redis connection for producing jobs and health checks. */
export function producerRedis(): Redis {
  return (globalForQueues.producerRedis ??= createProducerConnection("producer"));
}

export function getQueue(name: QueueName): Queue {
  const queues = (globalForQueues.queues ??= new Map());
  let queue = queues.get(name);
  if (!queue) {
    const connection = producerRedis();
    queue = new Queue(name, { connection, prefix: env.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    queue.on("error", (error: Error) => logger.debug({ err: error.message, queue: name }, "queue error"));
    queues.set(name, queue);
  }
  return queue;
}

/** How long an enqueue waits for a Redis that is (re)connecting before it says Redis is down. */
const REDIS_READY_WAIT_MS = 3000;

/**
 * BullMQ waits for a connection's first "ready" however long it takes, so with Redis down an add
 * never returned (a web request or `cli pull` hung). Wait a moment, then say which Redis is down.
 */
export async function whenRedisAnswers(): Promise<void> {
  const redis = producerRedis();
  if (redis.status === "ready") return;
  try {
    await pingRedis(redis, REDIS_READY_WAIT_MS);
  } catch {
    throw new AppError("UNAVAILABLE", redisDownSentence());
  }
}

export async function enqueue<K extends JobKey>(key: K, payload: JobPayload<K>, opts?: JobsOptions) {
  const def = JOBS[key];
  const data = def.schema.parse(payload);
  await whenRedisAnswers();
  return getQueue(def.queue).add(def.name, data, opts);
}

export interface QueueDepth {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export async function queueDepths(): Promise<QueueDepth[]> {
  return Promise.all(
    QUEUES.map(async (queue) => {
      const c = await getQueue(queue).getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
      return {
        queue,
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      };
    }),
  );
}

export async function closeProducers(): Promise<void> {
  const queues = globalForQueues.queues;
  if (queues) await Promise.allSettled([...queues.values()].map((q) => q.close()));
  globalForQueues.queues = undefined;
  if (globalForQueues.producerRedis) {
    globalForQueues.producerRedis.disconnect();
    globalForQueues.producerRedis = undefined;
  }
}
