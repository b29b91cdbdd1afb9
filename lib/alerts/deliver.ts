import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { AlertDelivery } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { notificationText } from "@/lib/alerts/notification-text";
import { sendAlertEmail } from "@/lib/alerts/send-email";
import { sendWebhook } from "@/lib/alerts/send-webhook";
import { alertChannels } from "@/lib/alerts/settings";

/** Thrown when a channel failed, so the job's attempts try again; the sentences are already stored. */
export class DeliveryFailed extends Error {}

const owed = (status: AlertDelivery) => status === "PENDING" || status === "FAILED";

export interface DeliveryOutcome {
  webhook: AlertDelivery;
  email: AlertDelivery;
}

/**
 * Sends one notification on each channel still owed it (pending, or failed on an earlier try): a
 * channel that went through is never sent twice. Each try's outcome and sentence are stored on
 * the notification; a failed channel throws DeliveryFailed afterwards, for the job to retry.
 */
export async function deliverNotification(notificationId: string): Promise<DeliveryOutcome | null> {
  const n = await db.alertNotification.findUnique({ where: { id: notificationId } });
  if (!n) return null;
  if (!owed(n.webhook) && !owed(n.email)) return { webhook: n.webhook, email: n.email };

  const integration = n.integrationId ? await db.integration.findUnique({ where: { id: n.integrationId }, select: { system: true } }) : null;
  const { subject, text } = notificationText(n, integration ? SYSTEM_LABEL[integration.system] : "Clearinghouse", env.NEXTAUTH_URL);
  const channels = await alertChannels();

  const outcome: DeliveryOutcome = { webhook: n.webhook, email: n.email };
  const errors: { webhookError?: string | null; emailError?: string | null } = {};
  // A channel turned off since is not owed any more: OFF, with the reason, and no retry.
  const send = async (configured: boolean, off: string, attempt: () => Promise<string | null>): Promise<[AlertDelivery, string | null]> => {
    if (channels.unreadable) return ["FAILED", channels.unreadable];
    if (!configured) return ["OFF", off];
    const problem = await attempt();
    return problem ? ["FAILED", problem] : ["SENT", null];
  };
  if (owed(n.webhook)) {
    const url = channels.webhookUrl;
    [outcome.webhook, errors.webhookError] = await send(Boolean(url), "The webhook was removed from the alert settings before this was sent.", () => sendWebhook(url!, text));
  }
  if (owed(n.email)) {
    const email = channels.email;
    [outcome.email, errors.emailError] = await send(Boolean(email), "Email was turned off in the alert settings before this was sent.", () => sendAlertEmail(email!, subject, text));
  }
  await db.alertNotification.update({ where: { id: n.id }, data: { ...outcome, ...errors, deliveryAttempts: { increment: 1 } } });
  const failed = [outcome.webhook === "FAILED" ? errors.webhookError : null, outcome.email === "FAILED" ? errors.emailError : null].filter(Boolean);
  if (failed.length > 0) throw new DeliveryFailed(failed.join(" "));
  return outcome;
}
