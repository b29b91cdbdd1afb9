import { logger } from "@/lib/logger";
import { deliverNotification } from "@/lib/alerts/deliver";
import { evaluateAllAlerts } from "@/lib/alerts/evaluate-all";
import type { JobPayload } from "@/lib/queue/jobs";

export async function evaluateAlerts() {
  const result = await evaluateAllAlerts();
  if (result.notifications > 0 || result.requeued > 0) logger.info(result, "alert rules judged");
  return result;
}

/** Throws DeliveryFailed while a channel fails, so BullMQ's attempts and backoff try again. */
export async function deliverAlert({ notificationId }: JobPayload<"alertDelivery">) {
  return deliverNotification(notificationId);
}
