import { readFileSync } from "node:fs";
import { Queue, Worker } from "bullmq";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { closeRedis, createProducerConnection, createWorkerConnection, describeRedis } from "@/lib/queue/connection";
import { DEFAULT_JOB_OPTIONS, QUEUES, type QueueName } from "@/lib/queue/jobs";
import { processJob } from "@/workers/processors/registry";
import { recordHeartbeat, workerIdentity } from "@/workers/processors/heartbeat";
import { onRedisReconnect, registerSchedules } from "@/workers/schedules";
import { applySchedulers } from "@/lib/sync/schedules/apply-schedulers";

export interface WorkerRuntime {
  close(): Promise<void>;
}

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

export async function startWorkers(opts: { concurrency?: number } = {}): Promise<WorkerRuntime> {
  const identity = workerIdentity([...QUEUES], VERSION);
  const producer = createWorkerConnection("worker-scheduler");
  const queues = new Map<QueueName, Queue>();
  const getQueue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: producer, prefix: env.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      q.on("error", (e) => logger.debug({ err: e.message }, "queue error"));
      queues.set(name, q);
    }
    return q;
  };

  const connections = QUEUES.map((name) => createWorkerConnection(`worker-${name}`));
  const workers = QUEUES.map(
    (name, i) =>
      new Worker(name, (job) => processJob(job, identity), {
        connection: connections[i]!,
        prefix: env.QUEUE_PREFIX,
        concurrency: opts.concurrency ?? env.WORKER_CONCURRENCY,
      }),
  );
  for (const w of workers) {
    w.on("error", (e) => logger.debug({ err: e.message, queue: w.name }, "worker error"));
    w.on("failed", (job, e) => logger.warn({ job: job?.name, id: job?.id, err: e.message }, "job failed"));
  }

  await Promise.all(workers.map((w) => w.waitUntilReady()));
  await registerSchedules(getQueue);
  await registerIntegrationSchedules(getQueue);
  logger.info({ worker: identity.workerId, queues: QUEUES }, "worker ready");

  // A Redis restarted without persistence forgets the schedulers while the worker reconnects and
  // carries on: without this, no heartbeat or scheduled pull ran again until the worker restarted,
  // and the status page called a live worker down. Upsert them again and beat at once.
  const stopWatching = onRedisReconnect(
    producer,
    async () => {
      await registerSchedules(getQueue);
      await registerIntegrationSchedules(getQueue);
      await recordHeartbeat(identity).catch((error: unknown) => {
        // PostgreSQL is down too: the schedules are back, so the scheduled heartbeat will beat.
        logger.warn({ err: error instanceof Error ? error.message : error }, "could not record a heartbeat after Redis came back");
      });
      logger.info({ worker: identity.workerId }, `Redis at ${describeRedis()} is back: schedules registered again`);
    },
    { onError: (error) => logger.warn({ err: error instanceof Error ? error.message : error }, "could not register the schedules again after Redis came back") },
  );

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        stopWatching();
        await Promise.allSettled(workers.map((w) => w.close()));
        await Promise.allSettled([...queues.values()].map((q) => q.close()));
        await Promise.allSettled([producer, ...connections].map(closeRedis));
        await db.$disconnect().catch(() => undefined);
      })();
      return closing;
    },
  };
}

/**
 * Every integration's pull and Synchronize schedulers, upserted. PostgreSQL being down must not
 * keep the worker from starting: the periodic "schedules-apply" job registers them once it is back.
 */
async function registerIntegrationSchedules(getQueue: (name: QueueName) => Queue): Promise<void> {
  try {
    const { upserted, removed } = await applySchedulers(getQueue, { force: true });
    logger.info({ upserted: upserted.length, removed: removed.length }, "integration schedules registered");
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : error }, "could not register the integrations' schedules; the periodic check will");
  }
}

export { createProducerConnection };
