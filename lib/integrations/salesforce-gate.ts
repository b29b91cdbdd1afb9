import { Semaphore } from "redis-semaphore";
import { env } from "@/lib/env";
import { VendorError } from "@/lib/connectors/errors";
import { logger } from "@/lib/logger";
import { pingRedis } from "@/lib/queue/connection";
import { producerRedis } from "@/lib/queue/producer";

// Salesforce allows 25 long-running requests per org at once (ConcurrentPerOrgLongTxn); past that,
// every integration of the org gets refused. Every request Clearinghouse sends to one org, from any
// worker, job or page, first takes a slot of one Redis semaphore per org, well under that limit.

/** A holder that dies keeps its slot at most this long; a live one refreshes it. */
const SLOT_LEASE_MS = 60_000;
/** A request that waits this long for a slot gives up (a transient error: the step retries). */
const SLOT_WAIT_MS = 5 * 60_000;

/** How long a process goes without the limit after Redis did not answer, before asking again. */
const REDIS_RETRY_MS = 30_000;
let redisDownUntil = 0;

/** Redis is ready, or answers within a second (a worker's first request comes before its connection is up). */
async function redisAnswers(redis: ReturnType<typeof producerRedis>): Promise<boolean> {
  if (redis.status === "ready") return true;
  if (Date.now() < redisDownUntil) return false;
  try {
    await pingRedis(redis, 1000);
    return true;
  } catch {
    redisDownUntil = Date.now() + REDIS_RETRY_MS;
    logger.warn("Redis is not answering: Salesforce requests go without the per-org concurrency limit for the next 30 seconds");
    return false;
  }
}

export function salesforceOrgGate(orgKey: string): <T>(work: () => Promise<T>) => Promise<T> {
  return async (work) => {
    const redis = producerRedis();
    // Without Redis there is no one to share the limit with: a page's connection test must still work.
    if (!(await redisAnswers(redis))) return work();
    const slot = new Semaphore(redis, `${env.QUEUE_PREFIX}:salesforce-org:${orgKey}`, env.SALESFORCE_ORG_CONCURRENCY, {
      lockTimeout: SLOT_LEASE_MS,
      refreshInterval: SLOT_LEASE_MS / 3,
      acquireTimeout: SLOT_WAIT_MS,
      retryInterval: 50,
    });
    try {
      await slot.acquire();
    } catch (error) {
      throw new VendorError({ system: "salesforce", code: "ORG_CONCURRENCY_WAIT", vendorMessage: `waited ${SLOT_WAIT_MS / 60_000} minutes for one of ${env.SALESFORCE_ORG_CONCURRENCY} request slots to this org (${error instanceof Error ? error.message : String(error)})`, kind: "transient" });
    }
    try {
      return await work();
    } finally {
      await slot.release().catch(() => undefined);
    }
  };
}
