import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { evaluateIntegration } from "@/lib/alerts/evaluate";
import { queueDeliveries } from "@/lib/alerts/queue-deliveries";

/** A delivery not tried this long after its notification lost its enqueue (Redis was down). */
const STALE_PENDING_MS = 2 * 60_000;

/**
 * The recurring check (alerts.evaluate): the rules on every integration's state, then deliveries
 * left pending. One integration's failure does not stop the others.
 */
export async function evaluateAllAlerts(now = new Date()): Promise<{ integrations: number; notifications: number; requeued: number }> {
  const integrations = await db.integration.findMany({ select: { id: true } });
  let notifications = 0;
  for (const { id } of integrations) {
    try {
      notifications += (await evaluateIntegration(id)).length;
    } catch (error) {
      logger.warn({ integration: id, err: error instanceof Error ? error.message : String(error) }, "alert rules could not be judged");
    }
  }
  const pending = await db.alertNotification.findMany({
    where: { deliveryAttempts: 0, createdAt: { lt: new Date(now.getTime() - STALE_PENDING_MS) }, OR: [{ webhook: "PENDING" }, { email: "PENDING" }] },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const requeued = await queueDeliveries(
    pending.map((p) => p.id),
    { webhook: true, email: true },
  );
  return { integrations: integrations.length, notifications, requeued };
}
