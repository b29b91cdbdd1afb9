import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendAlertEmail } from "@/lib/alerts/send-email";
import { sendWebhook } from "@/lib/alerts/send-webhook";
import { alertChannels } from "@/lib/alerts/settings";

export interface ChannelTest {
  ok: boolean;
  message: string;
}

/** Sends a test message to each saved channel; nothing is stored. */
export async function sendTestNotification(): Promise<{ webhook: ChannelTest | null; email: ChannelTest | null }> {
  const channels = await alertChannels();
  if (channels.unreadable) throw new AppError("CONFLICT", channels.unreadable);
  if (!channels.webhookUrl && !channels.email) throw new AppError("CONFLICT", "Save a webhook or an email channel first, then send a test.");
  const text = `Test · Clearinghouse alerts reach this channel. Alerts are listed at ${env.NEXTAUTH_URL.replace(/\/+$/, "")}/alerts`;
  const [webhook, email] = await Promise.all([
    channels.webhookUrl ? sendWebhook(channels.webhookUrl, text) : null,
    channels.email ? sendAlertEmail(channels.email, "[Clearinghouse] Test alert", text) : null,
  ]);
  const result = (configured: boolean, problem: string | null): ChannelTest | null => (configured ? (problem ? { ok: false, message: problem } : { ok: true, message: "Sent." }) : null);
  return { webhook: result(Boolean(channels.webhookUrl), webhook), email: result(Boolean(channels.email), email) };
}
