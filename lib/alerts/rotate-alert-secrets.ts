import { db } from "@/lib/db";
import { isSealedUnderOldKey } from "@/lib/integrations/credentials";
import { alertChannels, sealEmailPassword, sealWebhookUrl, SETTINGS_ID } from "@/lib/alerts/settings";

/**
 * The alert settings' part of `cli rotate-secrets`: the webhook URL and SMTP password sealed under
 * an old key are sealed again under the current one, compare-and-set against a concurrent save.
 */
export async function rotateAlertSecrets(): Promise<{ reencrypted: number; remaining: number }> {
  const row = await db.alertSettings.findUnique({ where: { id: SETTINGS_ID }, select: { webhookUrl: true, emailPassword: true } });
  const old = (sealed: string | null | undefined) => Boolean(sealed && isSealedUnderOldKey(sealed));
  if (!row || (!old(row.webhookUrl) && !old(row.emailPassword))) return { reencrypted: 0, remaining: 0 };
  const channels = await alertChannels();
  if (channels.unreadable) return { reencrypted: 0, remaining: Number(old(row.webhookUrl)) + Number(old(row.emailPassword)) };
  const data = {
    ...(old(row.webhookUrl) && channels.webhookUrl ? { webhookUrl: sealWebhookUrl(channels.webhookUrl) } : {}),
    ...(old(row.emailPassword) && channels.email?.password ? { emailPassword: sealEmailPassword(channels.email.password) } : {}),
  };
  const { count } = await db.alertSettings.updateMany({ where: { id: SETTINGS_ID, webhookUrl: row.webhookUrl, emailPassword: row.emailPassword }, data });
  const reencrypted = count === 1 ? Object.keys(data).length : 0;
  return { reencrypted, remaining: Number(old(row.webhookUrl)) + Number(old(row.emailPassword)) - reencrypted };
}
