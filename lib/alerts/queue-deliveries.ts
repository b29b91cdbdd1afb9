import { logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/producer";

/** Tries per notification before its channels stay FAILED: about 7 minutes of backoff in all. */
export const DELIVERY_ATTEMPTS = 4;
const DELIVERY_BACKOFF_MS = 30_000;

/**
 * Queues one delivery job per notification, deduplicated by id (the recurring check may queue a
 * pending one again). With no channel set up there is nothing to send and nothing is queued. A
 * Redis that does not answer leaves them pending: the recurring check queues them again.
 */
export async function queueDeliveries(notificationIds: readonly string[], channels: { webhook: boolean; email: boolean }): Promise<number> {
  if (notificationIds.length === 0 || (!channels.webhook && !channels.email)) return 0;
  let queued = 0;
  for (const notificationId of notificationIds) {
    try {
      await enqueue(
        "alertDelivery",
        { notificationId },
        { jobId: `alert-delivery-${notificationId}`, attempts: DELIVERY_ATTEMPTS, backoff: { type: "exponential", delay: DELIVERY_BACKOFF_MS } },
      );
      queued++;
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error), left: notificationIds.length - queued }, "alert deliveries left pending");
      break;
    }
  }
  return queued;
}
